"""Settings come from the environment; production refuses to start half-configured.

Each case starts a real ``manage.py`` process, because settings are read once at start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k" * 20 + "-Zq8!vR2#pL5@xW9$mN3%tY7^bH4&jC6*uE1"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "BIAOZHUN_ENV",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
        }
    }
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    result = run_manage("check", BIAOZHUN_ENV="production", ALLOWED_HOSTS="bz.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = run_manage("check", BIAOZHUN_ENV="production", SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_debug() -> None:
    result = run_manage(
        "check", BIAOZHUN_ENV="production", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="bz.example.cn", DEBUG="1"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_passes_every_deployment_check(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        BIAOZHUN_ENV="production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="bz.example.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("BIAOZHUN_REGION_CODE", "4420", "six-digit"),
        ("BIAOZHUN_LOGIN_FAILURE_LIMIT", "many", "whole number"),
        ("DEBUG", "perhaps", "true or false"),
        ("DATABASE_URL", "mysql://u@h/db", "SQLite or PostgreSQL"),
        ("BIAOZHUN_ENV", "staging", "must be one of"),
    ],
)
def test_a_mistyped_variable_stops_start_up_with_its_name(variable: str, value: str, message: str) -> None:
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr or message in result.stderr
    assert message in result.stderr


def test_production_turns_on_secure_cookies_and_hsts() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    result = run_manage(
        "shell", "-c", code, BIAOZHUN_ENV="production", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="bz.example.cn"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True"]
