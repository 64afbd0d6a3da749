"""The platform's own exchange format: one edition per row, as CSV or as an Excel workbook.

Officials and other platforms send catalogues as spreadsheets, edited by hand and saved by
whatever program was at hand, so the reader is lenient where it can be and strict where it must:

* columns are found by name, never by position: case, spaces, underscores, full-width letters and
  a byte-order mark do not matter, and the Chinese headers of the official sites (标准号, 发布日期 …)
  are accepted beside ``std_code``, ``issue_date`` …; extra columns are ignored;
* CSV is UTF-8 with or without a byte-order mark, or GB18030 (what Chinese Excel writes) when the
  bytes are not UTF-8;
* dates may be text in the usual forms, Excel date cells or Excel serial numbers;
* a row that cannot be read (an impossible date, an empty number) becomes a ``RowProblem`` with its
  spreadsheet row number (the header is row 1) and the other rows are kept; a file without a
  standard-number column is refused outright with ``SourceFormatError``.

Catalogues reach a million rows, so CSV is streamed (:func:`iter_flat_csv`) through the ``csv``
module with every pattern compiled once and dates cached; nothing here holds the whole file.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from django.utils.translation import gettext

from .records import ParseResult, RowProblem, Share, SourceFormatError, SourceRecord
from .values import (
    DATE_CACHE,
    bad_date_reason,
    clean,
    empty_number_reason,
    parse_date_text,
    parse_date_value,
    split_list,
    to_result,
)

FORMAT = "flat"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_PROBE_CHUNK = 1 << 20

# Canonical column → the header names accepted for it (compared after _header_key).
COLUMNS: dict[str, tuple[str, ...]] = {
    "std_code": ("std_code", "标准号", "标准编号", "standard_number", "standard_no", "std_no"),
    "name_cn": ("name_cn", "中文标准名称", "标准名称", "中文名称", "title_zh", "title_cn"),
    "name_en": ("name_en", "英文标准名称", "英文名称", "title_en"),
    "status": ("status", "标准状态", "状态"),
    "ccs": ("ccs", "中国标准分类号", "中国标准分类号(ccs)", "ccs分类号"),
    "ics": ("ics", "国际标准分类号", "国际标准分类号(ics)", "ics分类号"),
    "issue_date": ("issue_date", "发布日期", "issued_on"),
    "act_date": ("act_date", "实施日期", "implemented_on", "implement_date"),
    "withdrawn_date": ("withdrawn_date", "废止日期", "withdrawn_on", "abolish_date"),
    "replaces": ("replaces", "代替标准", "代替"),
    "replaced_by": ("replaced_by", "被代替标准", "被代替"),
    "platform": ("platform", "来源平台"),
    "platform_id": ("platform_id", "平台编号"),
    "note": ("note", "notes", "备注"),
    "drafting_organisations": ("drafting_organisations", "drafting_organizations", "起草单位"),
    "keywords": ("keywords", "关键词"),
    "tc": ("tc", "归口单位", "归口部门", "technical_committee"),
    "charge_dept": ("charge_dept", "主管部门", "responsible_body"),
    "publisher": ("publisher", "发布单位", "issuing_body"),
    "adoption": ("adoption", "采标程度", "一致性程度"),
    "adopted_number": ("adopted_number", "采用国际标准", "采用国际标准号"),
}
NUMBER_COLUMN = "std_code"
_DATE_COLUMNS = ("issue_date", "act_date", "withdrawn_date")
_PARTIAL_WORDS = frozenset({"部分代替", "部分被代替"})

PathOrFile = str | os.PathLike[str] | IO[bytes] | IO[str]


def _header_key(cell: object) -> str:
    """A header as compared: NFKC (full-width → ASCII), no BOM, lower case, no spaces, ``_`` or ``-``."""
    text = unicodedata.normalize("NFKC", clean(cell)).replace("\ufeff", "").lower()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "_-")


_ALIAS_TO_COLUMN: dict[str, str] = {
    _header_key(alias): column for column, aliases in COLUMNS.items() for alias in aliases
}


def map_header(header: Sequence[object]) -> dict[str, int]:
    """Canonical column → its index in ``header``; the first of two matching headers wins.

    A bilingual header (``标准号 / Standard No.``) matches when either side does.
    """
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = clean(cell)
        candidates = [text, *text.split("/")] if "/" in text else [text]
        for candidate in candidates:
            column = _ALIAS_TO_COLUMN.get(_header_key(candidate))
            if column is not None:
                found.setdefault(column, index)
                break
    return found


def _records(
    rows: Iterable[Sequence[object]], *, where: str, share: Share | None = None
) -> Iterator[SourceRecord | RowProblem]:
    """Records and problems from spreadsheet rows, the first row being the header (row 1); with
    ``share``, only those of the rows that belong to it (the others are counted and skipped)."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise SourceFormatError(gettext("%(where)s is empty: there is no header row.") % {"where": where})
    columns = map_header(header)
    if NUMBER_COLUMN not in columns:
        raise SourceFormatError(
            gettext("%(where)s has no “%(column)s” column (the standard number; also accepted: %(aliases)s).")
            % {"where": where, "column": NUMBER_COLUMN, "aliases": ", ".join(COLUMNS[NUMBER_COLUMN][1:])}
        )
    width = max(len(header), max(columns.values()) + 1)
    names = [clean(cell) for cell in header]
    padded_width = width + 1

    def at(column: str) -> int:
        # Missing columns read a padding cell that is always empty.
        return columns.get(column, width)

    i_number, i_name_cn, i_name_en, i_status = at("std_code"), at("name_cn"), at("name_en"), at("status")
    i_ccs, i_ics, i_replaces, i_replaced_by = at("ccs"), at("ics"), at("replaces"), at("replaced_by")
    i_platform, i_platform_id, i_note = at("platform"), at("platform_id"), at("note")
    i_drafting, i_keywords, i_tc = at("drafting_organisations"), at("keywords"), at("tc")
    i_charge, i_publisher = at("charge_dept"), at("publisher")
    i_adoption, i_adopted = at("adoption"), at("adopted_number")
    dated = [
        (slot, columns[column], names[columns[column]] or column)
        for slot, column in enumerate(_DATE_COLUMNS)
        if column in columns
    ]
    number_name = names[columns[NUMBER_COLUMN]] or NUMBER_COLUMN

    empty_cells = [""] * padded_width
    date_cache_get = DATE_CACHE.get
    line = 1
    for raw in iterator:
        line += 1
        if share is not None and not share.keeps(line):
            continue
        # One pass trims every cell (and drops highlight tags, rare, hence the cheap "<" test);
        # this list comprehension is most of the per-row cost, so it stays inline. Cells beyond
        # the header are dropped so that the padding cell read for a missing column stays empty.
        cells = [
            c.strip() if type(c) is str and "<" not in c else clean(c)
            for c in (raw if len(raw) <= width else raw[:width])
        ]
        if len(cells) < padded_width:
            cells.extend(empty_cells[len(cells) :])
        number = cells[i_number]
        if not number:
            if any(cells):
                yield RowProblem(line=line, reason=empty_number_reason(number_name))
            continue  # a wholly blank row is not a problem: spreadsheets end with them
        dates: list[date | None] = [None, None, None]
        reasons: list[str] = []
        for slot, index, name in dated:
            value = raw[index] if index < len(raw) else None
            try:
                if type(value) is str:
                    text = cells[index]
                    if text:
                        dates[slot] = date_cache_get(text) or parse_date_text(text)
                else:
                    dates[slot] = parse_date_value(value)  # an Excel date cell or serial number
            except ValueError:
                reasons.append(bad_date_reason(name, value))
        if reasons:
            yield RowProblem(line=line, reason=" ".join(reasons), number=number)
            continue
        status_word = cells[i_status]
        platform = cells[i_platform]
        yield SourceRecord(
            line=line,
            number=number,
            title_zh=cells[i_name_cn],
            title_en=cells[i_name_en],
            status_word=status_word,
            ccs=split_list(cells[i_ccs]) if cells[i_ccs] else (),
            ics=split_list(cells[i_ics]) if cells[i_ics] else (),
            issued_on=dates[0],
            implemented_on=dates[1],
            withdrawn_on=dates[2],
            replaces=split_list(cells[i_replaces]) if cells[i_replaces] else (),
            replaced_by=split_list(cells[i_replaced_by]) if cells[i_replaced_by] else (),
            partial_replacement=status_word in _PARTIAL_WORDS,
            responsible_body=cells[i_charge],
            technical_committee=cells[i_tc],
            issuing_body=cells[i_publisher],
            drafting_organisations=split_list(cells[i_drafting]) if cells[i_drafting] else (),
            adoption=cells[i_adoption],
            adopted_number=cells[i_adopted],
            keywords=split_list(cells[i_keywords]) if cells[i_keywords] else (),
            notes=cells[i_note],
            source=FORMAT,
            source_id=cells[i_platform_id],
            extra={"platform": platform} if platform else {},
        )


def _is_utf8(chunks: Iterable[bytes]) -> bool:
    """Whether a byte stream decodes as UTF-8 to the end (a sequence cut between chunks is fine)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while chunk := handle.read(_PROBE_CHUNK):
        yield chunk


def csv_encoding(handle: IO[bytes]) -> str:
    """``utf-8-sig`` (which also reads BOM-less UTF-8) or, when the bytes are not UTF-8, ``gb18030``.

    The whole stream is checked, because a file can be ASCII for a hundred thousand rows before
    its first Chinese title; decoding is far cheaper than parsing, so this costs little. The
    stream is left where it started.
    """
    start = handle.tell()
    try:
        return "utf-8-sig" if _is_utf8(_chunks(handle)) else "gb18030"
    finally:
        handle.seek(start)


def _where(path_or_file: object) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        return Path(path_or_file).name
    name = getattr(path_or_file, "name", None)
    return Path(name).name if isinstance(name, str) else gettext("The file")


def iter_flat_csv(
    path_or_file: PathOrFile, *, share: Share | None = None
) -> Iterator[SourceRecord | RowProblem]:
    """Stream a flat CSV catalogue: one ``SourceRecord`` or ``RowProblem`` per row, in file order.

    Accepts a path, a binary file (its encoding is detected, it is not closed; one that cannot
    seek is read into memory first) or a text file (read as it is). A missing standard-number
    column raises ``SourceFormatError`` when the first item is asked for, before any row is read.
    """
    where = _where(path_or_file)
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as binary:
            encoding = csv_encoding(binary)
        with open(path_or_file, encoding=encoding, newline="") as text:
            yield from _csv_records(text, where=where, share=share)
        return
    probe = path_or_file.read(0)
    if isinstance(probe, str):
        yield from _csv_records(path_or_file, where=where, share=share)  # type: ignore[arg-type]
        return
    binary_file: IO[bytes] = path_or_file  # type: ignore[assignment]
    if not binary_file.seekable():
        binary_file = io.BytesIO(binary_file.read())
    wrapper = io.TextIOWrapper(binary_file, encoding=csv_encoding(binary_file), newline="")
    try:
        yield from _csv_records(wrapper, where=where, share=share)
    finally:
        wrapper.detach()  # leave the caller's file open


def _csv_records(
    text: IO[str], *, where: str, share: Share | None = None
) -> Iterator[SourceRecord | RowProblem]:
    """Records from CSV text; a file the csv module cannot split (a runaway quote) is refused."""
    reader = csv.reader(text)
    try:
        yield from _records(reader, where=where, share=share)
    except (csv.Error, UnicodeDecodeError) as error:
        raise SourceFormatError(
            gettext("%(where)s cannot be read as CSV near line %(line)s: %(error)s.")
            % {"where": where, "line": reader.line_num, "error": error}
        ) from error


def iter_flat_xlsx(path_or_file: str | os.PathLike[str] | IO[bytes]) -> Iterator[SourceRecord | RowProblem]:
    """Stream the first sheet of a flat XLSX catalogue (openpyxl read-only: rows are not all loaded).

    A path is opened here, so that a workbook saved under another extension is still read
    (openpyxl refuses file names not ending in .xlsx).
    """
    where = _where(path_or_file)
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as handle:
            yield from _xlsx_records(handle, where=where)
    else:
        yield from _xlsx_records(path_or_file, where=where)


def _xlsx_records(handle: IO[bytes], *, where: str) -> Iterator[SourceRecord | RowProblem]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise SourceFormatError(
            gettext("%(where)s is not an Excel workbook (.xlsx) that can be read.") % {"where": where}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            # Workbooks written by other programs (WPS, exporters) often record a wrong used range,
            # which read-only mode would trust and cut the rows short.
            sheet.reset_dimensions()
        yield from _records(sheet.iter_rows(values_only=True), where=where)
    finally:
        workbook.close()


def is_xlsx(path: Path) -> bool:
    """Whether a file is a workbook: by its extension, or by the ZIP signature every .xlsx starts with."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return True
    with path.open("rb") as handle:
        return handle.read(4) == _ZIP_MAGIC


def iter_flat(path: Path, *, share: Share | None = None) -> Iterator[SourceRecord | RowProblem]:
    """Stream a flat catalogue, CSV or XLSX (``share``: CSV only)."""
    if is_xlsx(path):
        if share is not None:
            raise ValueError("a share of an XLSX file cannot be read on its own")
        return iter_flat_xlsx(path)
    return iter_flat_csv(path, share=share)


def parse_flat(path: Path) -> ParseResult:
    """Read a whole flat catalogue (CSV or XLSX) into a ``ParseResult``."""
    return to_result(FORMAT, iter_flat(Path(path)))
