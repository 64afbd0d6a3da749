"""``manage.py check_validity FILE --json``: the contract other checks rely on."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, import_csv

pytestmark = pytest.mark.django_db

KEYS = {"input", "canonical", "verdict", "status", "title", "replacement", "effective_date"}


@pytest.fixture(autouse=True)
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def run(*args: str) -> list[dict[str, object]]:
    out = StringIO()
    call_command("check_validity", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_text_file_gives_one_object_per_line_in_order(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        "GB/T 12771-2008\nGB/T 1.1-2009\n\nGB/T 1.1\nGB/T 99999-2020\nnot a number\n", encoding="utf-8"
    )

    rows = run(str(path), "--json")

    assert [r["input"] for r in rows] == [
        "GB/T 12771-2008",
        "GB/T 1.1-2009",
        "GB/T 1.1",
        "GB/T 99999-2020",
        "not a number",
    ]
    assert all(row.keys() >= KEYS for row in rows)
    assert [r["verdict"] for r in rows] == ["replaced", "replaced", "undated", "not_found", "invalid"]
    assert rows[0]["replacement"] == "GB/T 12771-2019" and rows[0]["effective_date"] == "2020-09-01"
    assert rows[1]["replacement"] == "GB/T 1.1-2020"
    assert rows[2]["canonical"] == "GB/T 1.1" and rows[2]["edition"] == "GB/T 1.1-2020"
    assert rows[3]["replacement"] is None and rows[3]["effective_date"] is None


def test_a_workbook_is_read_from_the_column_its_header_names(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "产品", "执行标准"])
    sheet.append([1, "不锈钢管", "GB/T 12771-2008"])
    sheet.append([2, "导则", "GB/T 1.1-2020"])
    path = tmp_path / "受控标准清单.xlsx"
    book.save(path)

    rows = run(str(path), "--json")

    assert [(r["input"], r["verdict"]) for r in rows] == [
        ("GB/T 12771-2008", "replaced"),
        ("GB/T 1.1-2020", "current"),
    ]


def test_a_column_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("a,b\nGB/T 1.1-2009,GB/T 12771-2019\n", encoding="utf-8")
    assert [r["input"] for r in run(str(path), "--json", "--column", "2")] == ["GB/T 12771-2019"]


def test_the_table_for_people_ends_with_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("GB/T 1.1-2009\nGB/T 1.1-2009\n", encoding="utf-8")
    out = StringIO()
    call_command("check_validity", str(path), stdout=out)
    assert "GB/T 1.1-2020" in out.getvalue()
    assert "2 entries, 1 distinct: replaced 1" in out.getvalue()


def test_a_file_of_another_type_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "list.exe"
    path.write_bytes(b"MZ")
    with pytest.raises(CommandError, match=r"\.exe"):
        call_command("check_validity", str(path), "--json")
