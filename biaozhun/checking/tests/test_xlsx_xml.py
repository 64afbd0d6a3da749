"""Columns appended to a sheet's XML: the rest of the workbook is left byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from biaozhun.checking import xlsx_xml


def workbook(*, date1904: bool = False, widths_to: str | None = None) -> bytes:
    book = Workbook()
    if date1904:
        book.epoch = dt.datetime(1904, 1, 1)
    sheet = book.active
    assert sheet is not None
    sheet.title = "清单"
    sheet.append(["序号", "执行标准"])
    sheet.append([1, "GB/T 1.1"])
    sheet.append([2, None])
    sheet.append([3, "GB/T 2"])
    if widths_to:
        sheet.column_dimensions.group("A", widths_to, hidden=False)
    book.create_sheet("说明")["B2"] = "保留"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def append(data: bytes, **kwargs: object) -> bytes:
    options: dict[str, object] = {
        "sheet": "清单",
        "header_row": 1,
        "headers": ["结论", "日期"],
        "rows": {2: ["现行", dt.date(2020, 9, 1)], 4: ["被代替", None]},
    }
    options.update(kwargs)
    return xlsx_xml.append_columns(data, **options)  # type: ignore[arg-type]


def test_the_results_land_beside_their_rows_with_a_bold_header_and_a_real_date():
    book = load_workbook(io.BytesIO(append(workbook())))
    sheet = book["清单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["序号", "执行标准", "结论", "日期"]
    assert rows[1][:3] == [1, "GB/T 1.1", "现行"]
    assert rows[1][3] == dt.datetime(2020, 9, 1)
    assert rows[2] == [2, None, None, None]
    assert rows[3] == [3, "GB/T 2", "被代替", None]
    assert sheet["C1"].font.b
    assert book["说明"]["B2"].value == "保留"


def test_every_other_part_of_the_file_is_copied_unchanged():
    original = workbook()
    changed = append(original)
    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(changed))
    assert before.namelist() == after.namelist()
    edited = {"xl/worksheets/sheet1.xml", "xl/styles.xml"}
    for name in before.namelist():
        if name not in edited:
            assert before.read(name) == after.read(name), name


def test_a_workbook_counting_dates_from_1904_gets_the_same_date():
    book = load_workbook(io.BytesIO(append(workbook(date1904=True))))
    assert book["清单"]["D2"].value == dt.datetime(2020, 9, 1)


def test_widths_set_past_the_last_column_are_kept_without_overlap():
    book = load_workbook(io.BytesIO(append(workbook(widths_to="H"))))
    assert book["清单"]["C2"].value == "现行"


def test_a_row_the_sheet_does_not_have_is_added_in_order():
    data = append(workbook(), rows={6: ["现行", None], 2: ["现行", None]})
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(data))["清单"].iter_rows()]
    assert rows[5][2] == "现行"
    assert len(rows) == 6


def test_control_characters_are_dropped_rather_than_breaking_the_file():
    data = append(workbook(), rows={2: ["现\x01行", None]})
    assert load_workbook(io.BytesIO(data))["清单"]["C2"].value == "现行"


def test_a_file_that_is_not_a_workbook_is_unsupported():
    with pytest.raises(xlsx_xml.Unsupported):
        append(b"not a zip")


def test_an_unknown_sheet_is_unsupported():
    with pytest.raises(xlsx_xml.Unsupported):
        append(workbook(), sheet="没有")


def test_cells_without_references_are_unsupported():
    original = workbook()
    source = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b' r="A2"', b"")
            target.writestr(info, body)
    with pytest.raises(xlsx_xml.Unsupported):
        append(out.getvalue())


@pytest.mark.parametrize(("index", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")])
def test_column_letters_and_indexes_agree(index, letters):
    assert xlsx_xml.column_letters(index) == letters
    assert xlsx_xml.column_index(letters) == index


def test_a_workbook_the_xml_writer_cannot_edit_still_gets_its_results_through_openpyxl():
    from biaozhun.checking.outputs import workbook_with_stored_results

    original = workbook()
    source = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b' r="A2"', b"")
            target.writestr(info, body)
    result = {
        "row": 2,
        "canonical": "GB/T 1.1",
        "verdict": "undated",
        "status": "current",
        "replacements": [],
    }

    data = workbook_with_stored_results(out.getvalue(), sheet="清单", header_row=1, results=[result])

    sheet = load_workbook(io.BytesIO(data))["清单"]
    assert sheet["C2"].value == "GB/T 1.1"
