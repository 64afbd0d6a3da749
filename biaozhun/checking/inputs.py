"""Lists of standard numbers as users bring them: pasted text, ``.txt``, ``.csv``, ``.xlsx``, and
``.docx`` or ``.pdf`` lists.

A spreadsheet's number column is the one the user picks, or else the one this module guesses: a
header that names the standard number (标准号, 标准编号, 执行标准 …), or failing that the column
whose cells most often read as standard numbers. Blank lines and cells are left out; every entry
keeps where it came from (line, or sheet row), so results can be written back beside it.

A Word or PDF list is read as a document (``checking.documents``): every text that looks like a
standard number, in reading order, wherever it is (paragraphs, table cells, lines of a page); its
row is the paragraph (or line) of the document it is in, counting from the start. Numbers the
grammar rejects are kept, so the check says what is wrong with them, as for the other formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from biaozhun.checking import documents
from biaozhun.standards import numbers
from biaozhun.standards.sources.flat import csv_encoding

TEXT_SUFFIXES = (".txt",)
SHEET_SUFFIXES = (".csv", ".xlsx")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
SUFFIXES = TEXT_SUFFIXES + SHEET_SUFFIXES + DOCUMENT_SUFFIXES
HEADER_WORDS = (
    "标准号",
    "标准编号",
    "标准代号",
    "执行标准",
    "标准",
    "standard number",
    "standard no",
    "std_code",
)
GUESS_ROWS = 200  # cells looked at per column when no header names the numbers


class InputError(ValueError):
    """The file cannot be read as a list of numbers; the message says why, in the user's language."""


@dataclass(frozen=True)
class Entry:
    text: str
    row: int  # 1-based line of a text file, or row of a sheet


@dataclass(frozen=True)
class NumberList:
    entries: list[Entry]
    column: int | None = None  # 0-based column of a sheet
    header_row: int | None = None  # 1-based row of the header, if the sheet has one
    sheet: str | None = None


def from_text(text: str) -> NumberList:
    """One number per line (pasted text or a ``.txt`` file)."""
    lines = text.splitlines()
    return NumberList([Entry(line.strip(), i) for i, line in enumerate(lines, start=1) if line.strip()])


def _header_column(row: Sequence[object]) -> int | None:
    for index, cell in enumerate(row):
        text = str(cell or "").strip().lower()
        if text and any(word in text for word in HEADER_WORDS):
            return index
    return None


def _guess_column(rows: Sequence[Sequence[object]]) -> int | None:
    read = numbers.reader()
    scores: dict[int, int] = {}
    for row in rows[:GUESS_ROWS]:
        for index, cell in enumerate(row):
            text = str(cell or "").strip()
            if text and isinstance(read(text), numbers.StandardNumber):
                scores[index] = scores.get(index, 0) + 1
    if not scores:
        return None
    return max(scores, key=lambda i: (scores[i], -i))


def _cell(row: Sequence[object], column: int) -> str:
    cell = row[column] if column < len(row) else None
    return str(cell).strip() if cell is not None else ""


def _is_number(text: str) -> bool:
    return bool(text) and isinstance(numbers.try_parse(text), numbers.StandardNumber)


def from_rows(
    rows: Sequence[Sequence[object]], *, column: int | None = None, sheet: str | None = None
) -> NumberList:
    """The numbers of a sheet's rows: the chosen ``column`` (0-based) or the guessed one."""
    header_row = None
    if rows and (named := _header_column(rows[0])) is not None:
        header_row = 1
        if column is None:
            column = named
    if column is None:
        column = _guess_column(rows)
    if column is None:
        raise InputError(_("No column of this sheet holds standard numbers: choose the column."))
    if (
        header_row is None
        and len(rows) > 1
        and not _is_number(_cell(rows[0], column))
        and _is_number(_cell(rows[1], column))
    ):
        header_row = 1  # a header of other words (列1, a): the first row is not a number, the next is
    start = (header_row or 0) + 1
    entries = []
    for row_number, row in enumerate(rows[start - 1 :], start=start):
        if text := _cell(row, column):
            entries.append(Entry(text, row_number))
    return NumberList(entries, column=column, header_row=header_row, sheet=sheet)


def read_csv(data: bytes, *, column: int | None = None) -> NumberList:
    encoding = csv_encoding(io.BytesIO(data))
    rows = list(csv.reader(io.StringIO(data.decode(encoding))))
    return from_rows(rows, column=column)


def read_xlsx(data: bytes, *, column: int | None = None, sheet: str | None = None) -> NumberList:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(
            _("The file is not an Excel workbook (.xlsx): %(error)s") % {"error": error}
        ) from error
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(_("The workbook has no sheet named “%(sheet)s”.") % {"sheet": sheet})
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        return from_rows(rows, column=column, sheet=ws.title)
    finally:
        book.close()


def read_document(data: bytes, file_name: str) -> NumberList:
    """The numbers of a ``.docx`` or ``.pdf`` list, each with the paragraph (or line) it is in."""
    try:
        blocks = documents.extract_blocks(data, file_name)
    except documents.DocumentError as error:
        raise InputError(error.message) from error
    entries = [Entry(found.text, found.block + 1) for found in documents.candidates(blocks)]
    if not entries:
        raise InputError(_("No standard numbers were found in the document."))
    return NumberList(entries)


def read_file(path: Path, *, column: int | None = None, sheet: str | None = None) -> NumberList:
    """The numbers of a file, by its suffix."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in TEXT_SUFFIXES:
        return from_text(data.decode(csv_encoding(io.BytesIO(data))))
    if suffix == ".csv":
        return read_csv(data, column=column)
    if suffix == ".xlsx":
        return read_xlsx(data, column=column, sheet=sheet)
    if suffix in DOCUMENT_SUFFIXES:
        return read_document(data, path.name)
    raise InputError(
        _("Files of type %(suffix)s cannot be checked; use %(suffixes)s.")
        % {"suffix": suffix or "?", "suffixes": "、".join(SUFFIXES)}
    )
