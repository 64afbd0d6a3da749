"""``manage.py import_standards``: the command-line import prints its summary and every rejected row."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from biaozhun.standards.models import Edition, ImportRun, ImportState

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def test_importing_the_observed_records_prints_the_counts() -> None:
    out = StringIO()

    call_command("import_standards", str(DATA / "observed_status_records.csv"), stdout=out)

    assert "created" in out.getvalue()
    assert "0 rejected" in out.getvalue()
    assert Edition.objects.filter(number="GB/T 12771-2019").exists()
    assert ImportRun.objects.get().state == ImportState.DONE


def test_rejected_rows_are_printed_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("std_code,name_cn,status\nGB/T 1-2020,好,现行\nnot a number,坏,现行\n", encoding="utf-8")
    out = StringIO()

    call_command("import_standards", str(path), stdout=out)

    assert "line 3: not a number" in out.getvalue()
    assert "1 rejected" in out.getvalue()


def test_a_missing_file_is_an_error() -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_standards", "/nonexistent/file.csv")


def test_a_file_in_an_unknown_layout_is_an_error_naming_the_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")

    with pytest.raises(CommandError, match="std_code"):
        call_command("import_standards", str(path), "--format", "flat")
