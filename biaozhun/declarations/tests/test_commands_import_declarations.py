"""``manage.py import_declarations``: the report printed, dry run, idempotent re-run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from biaozhun.accounts.tests.factories import make_uscc
from biaozhun.declarations.models import Declaration

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "old.csv"
    path.write_text(
        "企业名称,统一社会信用代码,标准编号,标准名称,产品名称,公开日期\n"
        f"甲公司,{make_uscc(911)},GB/T 7000.1-2015,灯具,吸顶灯,2021-03-05\n"
        "乙公司,bad,GB/T 7000.1-2015,灯具,吸顶灯,2021-03-05\n",
        encoding="utf-8-sig",
    )
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_declarations", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_report_and_saves_nothing(tmp_path: Path) -> None:
    output = _run(str(_file(tmp_path)), "--dry-run")
    assert "line 3:" in output and "1 declarations published" in output
    assert not Declaration.objects.exists()


def test_importing_twice_creates_nothing_the_second_time(tmp_path: Path) -> None:
    path = _file(tmp_path)
    _run(str(path))
    assert "1 already imported" in _run(str(path))
    assert Declaration.objects.count() == 1


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError):
        _run(str(path))
