# Biaozhun — two commands set everything up: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo test test-postgres lint format messages fuzz-api bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install everything

demo: $(STAMP)  ## migrate, load reference and demo data, serve on 127.0.0.1:8000 with a worker
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data
	$(MANAGE) seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C stops the server and the worker)"
	@trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) worker --no-reload --interval 2 >var/worker.log 2>&1 & WORKER=$$!; \
	  $(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP)  ## the whole suite on SQLite (PostgreSQL-only tests skip with a reason)
	BIAOZHUN_ENV=test $(BIN)/pytest -n 2 --dist loadfile

test-postgres: $(STAMP)  ## the whole suite on PostgreSQL (DATABASE_URL or local server)
	BIAOZHUN_ENV=test DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/biaozhun} \
	  BIAOZHUN_REQUIRE_POSTGRES=1 $(BIN)/pytest -n 2 --dist loadfile

lint: $(STAMP)  ## ruff, format check, mypy, migrations check, translation catalogue check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	BIAOZHUN_ENV=test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python scripts/check_messages.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)  ## extract strings into the zh_Hans catalogue, compile it, list what is missing
	$(BIN)/python scripts/check_messages.py --compile

fuzz-api: $(STAMP)  ## schemathesis against a running server (start `make demo` first); TOKEN=bzk_… adds auth
	$(BIN)/schemathesis run http://$(HOST):$(PORT)/api/openapi.json --checks not_a_server_error \
	  --max-examples 100 --phases examples,coverage,fuzzing $(if $(TOKEN),--header "Authorization: Bearer $(TOKEN)")

bench: $(STAMP)
	@for b in bench/[!_]*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
