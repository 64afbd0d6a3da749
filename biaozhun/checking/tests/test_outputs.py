"""The user's workbook comes back whole, with the results appended."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from biaozhun.checking import inputs
from biaozhun.checking.outputs import workbook_with_results
from biaozhun.checking.services.validity import validity_check
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, import_csv

pytestmark = pytest.mark.django_db


def users_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "受控标准"
    sheet.append(["序号", "执行标准", "负责部门"])
    sheet.append([1, "GB/T 12771-2008", "质量部"])
    sheet.append([2, None, "空行"])
    sheet.append([3, "GB/T 1.1", "技术部"])
    other = book.create_sheet("说明")
    other["A1"] = "本表每年复核一次"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_workbook_keeps_its_sheets_columns_and_rows_and_gains_the_results():
    import_csv(STANDARDS_DATA / "observed_status_records.csv")
    data = users_workbook()
    listed = inputs.read_xlsx(data)
    report = validity_check([e.text for e in listed.entries], today=dt.date(2026, 12, 1))

    with translation.override("en"):
        book = load_workbook(io.BytesIO(workbook_with_results(data, listed, report)))

    assert book.sheetnames == ["受控标准", "说明"]
    assert book["说明"]["A1"].value == "本表每年复核一次"
    rows = [[c.value for c in row] for row in book["受控标准"].iter_rows()]
    assert [row[:3] for row in rows] == [
        ["序号", "执行标准", "负责部门"],
        [1, "GB/T 12771-2008", "质量部"],
        [2, None, "空行"],
        [3, "GB/T 1.1", "技术部"],
    ]
    assert rows[0][3:] == [
        "Checked number",
        "Verdict",
        "Status",
        "Title",
        "Use instead",
        "In force from",
        "Note",
    ]
    assert rows[1][3] == "GB/T 12771-2008"
    assert rows[1][7] == "GB/T 12771-2019"
    assert rows[1][8].date() == dt.date(2020, 9, 1)
    assert rows[2][3:] == [None] * 7  # the row without a number is left alone
    assert rows[3][4] == "Undated: current edition"
    assert rows[3][7] is None  # nothing to use instead
