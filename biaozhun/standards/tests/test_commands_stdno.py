"""``manage.py stdno``: the contract scripts rely on (JSON keys, one line per input, exit statuses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

REQUIRED_KEYS = {"input", "ok", "canonical", "level", "nature", "code", "number", "year", "error"}
ALL_KEYS = REQUIRED_KEYS | {"error_code", "part", "work_key", "adopted", "amendment", "warnings"}


def run(*args: str, stdin: str | None = None) -> list[str]:
    out = StringIO()
    options: dict[str, Any] = {"stdout": out}
    if stdin is not None:
        options["stdin"] = StringIO(stdin)
    call_command("stdno", *args, **options)
    return out.getvalue().splitlines()


def run_json(*args: str, stdin: str | None = None) -> list[dict[str, Any]]:
    return [json.loads(line) for line in run("--json", *args, stdin=stdin)]


def test_json_output_is_one_object_per_number_with_every_key() -> None:
    rows = run_json("GBT 12771—2019", "gb 2760-86", "GB/T 19001-2016 idt ISO 9001:2015")
    assert [row["canonical"] for row in rows] == [
        "GB/T 12771-2019",
        "GB 2760-1986",
        "GB/T 19001-2016/ISO 9001:2015",
    ]
    assert all(set(row) >= ALL_KEYS for row in rows)
    first = rows[0]
    assert first == {
        "input": "GBT 12771—2019",
        "ok": True,
        "canonical": "GB/T 12771-2019",
        "level": "national",
        "nature": "recommended",
        "code": "GB/T",
        "number": "12771",
        "part": None,
        "year": 2019,
        "work_key": "GB/T 12771",
        "adopted": None,
        "amendment": None,
        "warnings": [],
        "error": None,
        "error_code": None,
    }
    assert rows[1]["warnings"] and rows[2]["adopted"] == "ISO 9001:2015"


def test_an_invalid_number_is_reported_on_its_line_and_the_others_still_run() -> None:
    rows = run_json("XX/T 1234-2019", "GB/T 1.1-2020")
    invalid, valid = rows
    assert invalid["ok"] is False
    assert invalid["error_code"] == "unknown_industry_code"
    assert "XX" in invalid["error"]
    assert all(invalid[key] is None for key in ("canonical", "level", "nature", "code", "number", "year"))
    assert valid["ok"] is True and valid["canonical"] == "GB/T 1.1-2020"


def test_numbers_are_read_from_standard_input_one_per_line_skipping_blank_lines() -> None:
    rows = run_json(stdin="\ufeffGB 4706.1-2005\n\n   \nDB4420/T 23-2022\r\nT/CAS 290-2017")
    assert [row["input"] for row in rows] == ["GB 4706.1-2005", "DB4420/T 23-2022", "T/CAS 290-2017"]
    assert [row["level"] for row in rows] == ["national", "local", "group"]


def test_patched_sys_stdin_is_read_when_no_stream_is_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO("ISO 9001:2015\n"))
    assert run_json()[0]["canonical"] == "ISO 9001:2015"


def test_json_keeps_chinese_characters_as_they_are() -> None:
    (line,) = run("--json", "GB/T 1.1-2020 标准化")
    assert "标" in line and "\\u" not in line
    assert json.loads(line)["error_code"] == "illegal_character"


def test_readable_output_shows_canonical_form_level_and_nature_or_the_error() -> None:
    valid, invalid = run("gb/t 1.1—2020", "DB99/T 1-2020")
    assert valid.split("\t") == ["gb/t 1.1—2020", "GB/T 1.1-2020", "national", "recommended"]
    assert "DB99/T 1-2020" in invalid and "unknown_province" in invalid and "99" in invalid


def test_a_blank_argument_is_reported_as_empty_rather_than_skipped() -> None:
    (row,) = run_json("")
    assert row["error_code"] == "empty"


def test_without_any_input_the_command_fails_with_status_2() -> None:
    with pytest.raises(CommandError) as caught:
        run(stdin="\n  \n")
    assert caught.value.returncode == 2


def _manage(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BIAOZHUN_ENV": "test", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "stdno", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_from_the_shell_invalid_numbers_still_exit_0_and_no_input_exits_2() -> None:
    done = _manage("--json", stdin="GB 2760-86\nXX/T 1\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(row["ok"], row["canonical"]) for row in rows] == [(True, "GB 2760-1986"), (False, None)]
    empty = _manage("--json", stdin="")
    assert empty.returncode == 2
    assert empty.stdout == ""
    assert "No standard numbers" in empty.stderr
