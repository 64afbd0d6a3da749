"""Appending columns to one sheet of an ``.xlsx`` file by editing its XML, leaving the rest as it was.

An ``.xlsx`` file is a zip of XML parts. To give an enterprise its own workbook back with results
beside each row, only two parts change: the checked sheet (new cells at the end of its rows, a
wider dimension, widths for the new columns) and the styles (a bold header, a date format). Every
other part (other sheets, images, charts, comments, defined names) is copied byte for byte.

``Unsupported`` is raised for a file this module does not edit with confidence (cells or rows
without references, no styles part); the caller then falls back to openpyxl.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{MAIN}}}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATE_FORMAT_ID = 14  # the built-in short date format
RESULT_COLUMN_WIDTH = 18


class Unsupported(Exception):
    """The workbook is not laid out as this module expects."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def column_index(letters: str) -> int:
    """``A`` → 1, ``AB`` → 28."""
    n = 0
    for char in letters:
        n = n * 26 + ord(char) - 64
    return n


def column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_part(archive: zipfile.ZipFile, sheet: str | None) -> tuple[str, bool]:
    """The zip path of the sheet named ``sheet`` (or the first), and whether dates count from 1904."""
    workbook = etree.fromstring(archive.read("xl/workbook.xml"), _parser())
    pr = workbook.find(f"{_M}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    sheets = workbook.findall(f"{_M}sheets/{_M}sheet")
    chosen = (
        next((s for s in sheets if s.get("name") == sheet), None)
        if sheet
        else (sheets[0] if sheets else None)
    )
    if chosen is None:
        raise Unsupported(f"no sheet {sheet!r}")
    rid = chosen.get(f"{{{REL}}}id")
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _parser())
    target = next(
        (r.get("Target") for r in rels.findall(f"{{{PKG_REL}}}Relationship") if r.get("Id") == rid), None
    )
    if not target:
        raise Unsupported("sheet without a relationship")
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return path, date1904


def _add_styles(styles_xml: bytes) -> tuple[bytes, int, int]:
    """The styles part with a bold-header style and a date style added, and their indexes."""
    root = etree.fromstring(styles_xml, _parser())
    fonts = root.find(f"{_M}fonts")
    xfs = root.find(f"{_M}cellXfs")
    if fonts is None or xfs is None or not len(fonts):
        raise Unsupported("styles without fonts or cell formats")
    bold = copy.deepcopy(fonts[0])
    if bold.find(f"{_M}b") is None:
        bold.insert(0, etree.Element(f"{_M}b"))
    fonts.append(bold)
    fonts.set("count", str(len(fonts)))
    header_xf = etree.SubElement(xfs, f"{_M}xf")
    header_xf.attrib.update(
        {
            "numFmtId": "0",
            "fontId": str(len(fonts) - 1),
            "fillId": "0",
            "borderId": "0",
            "xfId": "0",
            "applyFont": "1",
        }
    )
    date_xf = etree.SubElement(xfs, f"{_M}xf")
    date_xf.attrib.update(
        {
            "numFmtId": str(DATE_FORMAT_ID),
            "fontId": "0",
            "fillId": "0",
            "borderId": "0",
            "xfId": "0",
            "applyNumberFormat": "1",
        }
    )
    xfs.set("count", str(len(xfs)))
    return (
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        len(xfs) - 2,
        len(xfs) - 1,
    )


def _cell(
    ref: str, value: Any, *, date_style: int, text_style: int | None, epoch: dt.date
) -> etree._Element | None:
    if value is None or value == "":
        return None
    cell = etree.Element(f"{_M}c", r=ref)
    if isinstance(value, dt.date):
        days = (value - epoch).days if not isinstance(value, dt.datetime) else (value.date() - epoch).days
        cell.set("s", str(date_style))
        etree.SubElement(cell, f"{_M}v").text = str(days)
        return cell
    if isinstance(value, bool):
        cell.set("t", "b")
        etree.SubElement(cell, f"{_M}v").text = "1" if value else "0"
        return cell
    if isinstance(value, int | float):
        etree.SubElement(cell, f"{_M}v").text = repr(value)
        return cell
    cell.set("t", "inlineStr")
    if text_style is not None:
        cell.set("s", str(text_style))
    inline = etree.SubElement(cell, f"{_M}is")
    text = etree.SubElement(inline, f"{_M}t")
    text.text = _ILLEGAL.sub("", str(value))
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return cell


def append_columns(
    data: bytes,
    *,
    sheet: str | None,
    header_row: int | None,
    headers: Sequence[str],
    rows: Mapping[int, Sequence[Any]],
) -> bytes:
    """``data`` with ``headers`` (bold, on ``header_row``) and each ``rows[n]`` appended after the
    last used column of sheet ``sheet`` (the first when ``None``), on row ``n`` (1-based)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Unsupported(str(error)) from error
    with archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names or "xl/styles.xml" not in names:
            raise Unsupported("not a workbook laid out as Excel writes it")
        part, date1904 = _sheet_part(archive, sheet)
        if part not in names:
            raise Unsupported(f"missing part {part}")
        styles, header_style, date_style = _add_styles(archive.read("xl/styles.xml"))
        root = etree.fromstring(archive.read(part), _parser())
        sheet_data = root.find(f"{_M}sheetData")
        if sheet_data is None:
            raise Unsupported("sheet without data")

        by_number: dict[int, etree._Element] = {}
        last_column = 0
        for row in sheet_data.iterfind(f"{_M}row"):
            number = row.get("r")
            if number is None:
                raise Unsupported("a row without its number")
            by_number[int(number)] = row
            for cell in row.iterfind(f"{_M}c"):
                match = _CELL_REF.match(cell.get("r") or "")
                if match is None:
                    raise Unsupported("a cell without its reference")
                last_column = max(last_column, column_index(match.group(1)))
        first = last_column + 1
        epoch = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)

        def row_element(number: int) -> etree._Element:
            row = by_number.get(number)
            if row is None:
                row = etree.Element(f"{_M}row", r=str(number))
                later = [n for n in by_number if n > number]
                if later:
                    by_number[min(later)].addprevious(row)
                else:
                    sheet_data.append(row)
                by_number[number] = row
            row.attrib.pop("spans", None)  # a hint of the used columns, now wider
            return row

        lines: dict[int, Sequence[Any]] = dict(rows)
        if header_row:
            lines[header_row] = list(headers)
        last_row = 0
        for number in sorted(lines):
            styled = header_style if number == header_row else None
            row = row_element(number)
            for offset, value in enumerate(lines[number]):
                ref = f"{column_letters(first + offset)}{number}"
                cell = _cell(ref, value, date_style=date_style, text_style=styled, epoch=epoch)
                if cell is not None:
                    row.append(cell)
            last_row = max(last_row, number)

        dimension = root.find(f"{_M}dimension")
        if dimension is not None:
            start = (dimension.get("ref") or "A1").split(":")[0]
            end_row = max([last_row, *by_number]) if by_number else last_row
            dimension.set("ref", f"{start}:{column_letters(first + len(headers) - 1)}{max(end_row, 1)}")
        cols = root.find(f"{_M}cols")
        if cols is None:
            cols = etree.Element(f"{_M}cols")
            sheet_data.addprevious(cols)
        # Column ranges may not overlap: a sheet that sets widths past its last column keeps them.
        if all(int(c.get("max") or 0) < first for c in cols.iterfind(f"{_M}col")):
            col = etree.SubElement(cols, f"{_M}col")
            col.attrib.update(
                {
                    "min": str(first),
                    "max": str(first + len(headers) - 1),
                    "width": str(RESULT_COLUMN_WIDTH),
                    "customWidth": "1",
                }
            )
        sheet_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in archive.infolist():
                if info.filename == part:
                    target.writestr(info, sheet_xml, compress_type=zipfile.ZIP_DEFLATED)
                elif info.filename == "xl/styles.xml":
                    target.writestr(info, styles, compress_type=zipfile.ZIP_DEFLATED)
                else:
                    target.writestr(info, archive.read(info.filename))
    return out.getvalue()
