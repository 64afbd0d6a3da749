"""Excel exports: formulas cannot execute, times are local, the header is bold and frozen."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import BytesIO
from urllib.parse import quote

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from biaozhun.core.excel import XLSX_CONTENT_TYPE, build_workbook, safe_cell, xlsx_response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_formula_text_is_written_as_text() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell('=HYPERLINK("http://evil.example")') == '\'=HYPERLINK("http://evil.example")'
    assert safe_cell("+86 760 1234") == "'+86 760 1234"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"


@given(st.text())
def test_no_cell_text_ever_starts_like_a_formula(text: str) -> None:
    value = safe_cell(text)

    assert not str(value).startswith(FORMULA_STARTS)
    if not text.startswith(FORMULA_STARTS):
        assert value == text


def test_plain_values_pass_through_and_none_is_blank() -> None:
    assert safe_cell(None) == ""
    assert safe_cell(42) == 42
    assert safe_cell(1.5) == 1.5
    assert safe_cell(True) is True
    assert safe_cell(dt.date(2024, 5, 1)) == dt.date(2024, 5, 1)
    assert safe_cell("中山市") == "中山市"


def test_aware_times_become_naive_local_times() -> None:
    utc_noon = dt.datetime(2024, 5, 1, 4, 0, tzinfo=dt.UTC)

    with timezone.override(zoneinfo.ZoneInfo("Asia/Shanghai")):
        value = safe_cell(utc_noon)

    assert value == dt.datetime(2024, 5, 1, 12, 0)
    assert value.tzinfo is None


def test_the_workbook_has_a_bold_frozen_header_and_typed_dates() -> None:
    workbook = build_workbook(
        "一个很长的工作表名称" * 5,
        ["名称", "日期", "时间"],
        [["=cmd", dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4)]],
    )

    sheet = workbook.active
    assert len(sheet.title) <= 31
    assert [c.value for c in sheet[1]] == ["名称", "日期", "时间"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "'=cmd"
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].number_format == "yyyy-mm-dd hh:mm"


def test_the_response_is_an_attachment_with_a_chinese_file_name() -> None:
    response = xlsx_response("审计记录", "表", ["a"], [[1], [2]])

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert f"filename*=UTF-8''{quote('审计记录.xlsx')}" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert [row for row in sheet.iter_rows(values_only=True)] == [("a",), (1,), (2,)]
