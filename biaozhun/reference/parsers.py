"""Reading the shipped code-list files into plain records, with no database access.

Every file is UTF-8 CSV (a byte-order mark is allowed) with a header row. Columns are found by
name, never by position, because the upstream files use bilingual headers ("代码 / Code") and may
reorder them; ``cat-level3.csv`` even names two columns "代码 / Code", so a column can ask for the
n-th match. A malformed row raises :class:`ReferenceDataError` naming the file and the line, before
anything is written.

Records are dicts of model field values plus ``parent`` (the parent's code, resolved to an id by the
loader). Lists come grouped by depth so that every parent is in an earlier group.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    CCSLevel,
    DivisionLevel,
    HSCode,
    HSLevel,
    HSSection,
    ICSCode,
    ICSLevel,
    IndustryStandardCode,
    ccs_sort_key,
)

Record = dict[str, Any]

CCS_DIR, ICS_DIR, HS_DIR, INDUSTRY_DIR, DIVISIONS_DIR = (
    "ccs",
    "ics",
    "hs2022",
    "industry_codes",
    "admin_divisions",
)


class ReferenceDataError(Exception):
    """A code-list file that cannot be loaded: missing, unreadable, a missing column or a bad row."""

    def __init__(self, message: str, *, file: Path, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = f"{file}, line {line}" if line is not None else str(file)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Column:
    """A column found by any of its names (case- and width-insensitive, either side of a "/").

    ``occurrence`` picks the n-th matching header when a file repeats a name; ``fallback`` is tried
    when no header matches.
    """

    key: str
    names: tuple[str, ...]
    occurrence: int = 0
    required: bool = True
    fallback: Column | None = None


def _header_names(cell: str) -> set[str]:
    text = unicodedata.normalize("NFKC", cell).replace("\ufeff", "").strip().lower()
    names = {text} | {part.strip() for part in text.split("/")}
    return {n for n in names if n}


def _find_column(headers: list[set[str]], column: Column) -> int | None:
    wanted = {n.lower() for n in column.names}
    matches = [i for i, names in enumerate(headers) if names & wanted]
    if len(matches) > column.occurrence:
        return matches[column.occurrence]
    if column.fallback is not None:
        return _find_column(headers, column.fallback)
    return None


def read_rows(path: Path, columns: list[Column]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, {column key: stripped text})`` for each non-blank data row of ``path``."""
    if not path.is_file():
        raise ReferenceDataError("file not found", file=path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise ReferenceDataError("the file is empty (no header row)", file=path, line=1)
            headers = [_header_names(cell) for cell in header]
            index: dict[str, int] = {}
            for column in columns:
                found = _find_column(headers, column)
                if found is None:
                    if column.required:
                        raise ReferenceDataError(
                            f"missing column {column.names[0]!r} (header is {', '.join(header)})",
                            file=path,
                            line=1,
                        )
                    continue
                index[column.key] = found
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise ReferenceDataError(
                        f"expected {len(header)} fields, found {len(cells)}", file=path, line=reader.line_num
                    )
                yield reader.line_num, {key: cells[i].strip() for key, i in index.items()}
        except csv.Error as exc:
            raise ReferenceDataError(f"not valid CSV: {exc}", file=path, line=reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise ReferenceDataError(
                f"not UTF-8 text: {exc.reason}", file=path, line=reader.line_num + 1
            ) from exc


class _Checker:
    """Row-level checks that raise with the file and line of the row being read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.line = 0
        self.seen: dict[str, int] = {}

    def rows(self, columns: list[Column]) -> Iterator[dict[str, str]]:
        """The file's data rows, keeping ``line`` in step so failures name the row being checked."""
        for line, row in read_rows(self.path, columns):
            self.line = line
            yield row

    def fail(self, message: str) -> ReferenceDataError:
        return ReferenceDataError(message, file=self.path, line=self.line)

    def require(self, row: dict[str, str], *keys: str) -> None:
        for key in keys:
            if not row.get(key):
                raise self.fail(f"the {key} is empty")

    def match(self, value: str, pattern: re.Pattern[str], what: str) -> str:
        if not pattern.fullmatch(value):
            raise self.fail(f"{what} {value!r} is not in the expected form")
        return value

    def integer(self, value: str, what: str, allowed: set[int]) -> int:
        try:
            number = int(value)
        except ValueError:
            raise self.fail(f"{what} {value!r} is not a number") from None
        if number not in allowed:
            raise self.fail(f"{what} {number} is not one of {sorted(allowed)}")
        return number

    def fits(self, record: Record, model: type[models.Model]) -> Record:
        """Refuse text PostgreSQL would reject mid-load: longer than its column, or containing NUL."""
        for name, value in record.items():
            if not isinstance(value, str):
                continue
            if "\x00" in value:
                raise self.fail(f"{name} contains a NUL character")
            try:
                max_length = getattr(model._meta.get_field(name), "max_length", None)
            except FieldDoesNotExist:
                continue
            if max_length and len(value) > max_length:
                raise self.fail(f"{name} is longer than {max_length} characters")
        return record

    def unique(self, code: str) -> None:
        if code in self.seen:
            raise self.fail(f"code {code!r} already appears on line {self.seen[code]}")
        self.seen[code] = self.line


@dataclass
class ParsedList:
    """One list read from disk: records grouped by depth, plus related rows (HS sections)."""

    levels: list[list[Record]]
    sections: list[Record] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        return [r for level in self.levels for r in level]


# --- CCS -------------------------------------------------------------------------------------------

_CODE = ("code", "代码")
_NAME = ("name", "名称")
_NOTES = ("notes", "备注", "注释", "note")
_CCS_CLASS = re.compile(r"[A-Z]")
_CCS_GROUP = re.compile(r"[A-Z]\d{2}/\d{2}")
_CCS_CATEGORY = re.compile(r"[A-Z]\d{2}")


def parse_ccs(directory: Path) -> ParsedList:
    """CCS classes, groups and categories from ``cat-level1.csv`` … ``cat-level3.csv``."""
    base = directory / CCS_DIR
    classes: list[Record] = []
    check = _Checker(base / "cat-level1.csv")
    for row in check.rows([Column("code", _CODE), Column("name", _NAME)]):
        check.require(row, "code", "name")
        code = check.match(row["code"], _CCS_CLASS, "class code")
        check.unique(code)
        classes.append(check.fits(_ccs_record(code, CCSLevel.CLASS, row["name"], "", None), CCSCode))
    class_codes = {r["code"] for r in classes}

    groups: list[Record] = []
    ranges: dict[str, tuple[str, int, int]] = {}
    check = _Checker(base / "cat-level2.csv")
    columns = [
        Column("code", _CODE),
        Column("name", _NAME),
        Column("parent", ("category", "类", "class", "parent")),
        Column("notes", _NOTES, required=False),
    ]
    for row in check.rows(columns):
        check.require(row, "code", "name", "parent")
        code = check.match(row["code"], _CCS_GROUP, "group code")
        check.unique(code)
        if row["parent"] not in class_codes or code[0] != row["parent"]:
            raise check.fail(f"group {code} names class {row['parent']!r}, which is not its class")
        start, end = int(code[1:3]), int(code[4:6])
        if start > end:
            raise check.fail(f"group {code} is an empty range")
        ranges[code] = (code[0], start, end)
        groups.append(
            check.fits(
                _ccs_record(code, CCSLevel.GROUP, row["name"], row.get("notes", ""), row["parent"]), CCSCode
            )
        )

    categories: list[Record] = []
    check = _Checker(base / "cat-level3.csv")
    columns = [
        Column("code", _CODE),
        Column("name", _NAME),
        # The upstream file calls the group column "代码 / Code" too: take the second such column.
        Column("parent", _CODE, occurrence=1, fallback=Column("parent", ("group", "组", "parent"))),
        Column("notes", _NOTES, required=False),
    ]
    for row in check.rows(columns):
        check.require(row, "code", "name", "parent")
        code = check.match(row["code"], _CCS_CATEGORY, "category code")
        check.unique(code)
        group = ranges.get(row["parent"])
        if group is None:
            raise check.fail(f"category {code} names group {row['parent']!r}, which is not in cat-level2.csv")
        letter, start, end = group
        if code[0] != letter or not start <= int(code[1:]) <= end:
            raise check.fail(f"category {code} lies outside its group {row['parent']}")
        categories.append(
            check.fits(
                _ccs_record(code, CCSLevel.CATEGORY, row["name"], row.get("notes", ""), row["parent"]),
                CCSCode,
            )
        )
    return ParsedList(levels=[classes, groups, categories])


def _ccs_record(code: str, level: int, name: str, notes: str, parent: str | None) -> Record:
    return {
        "code": code,
        "level": int(level),
        "name_zh": name,
        "notes": notes,
        "parent": parent,
        "sort_key": ccs_sort_key(code, level),
    }


# --- ICS -------------------------------------------------------------------------------------------

_ICS_CODE = re.compile(r"\d{2}(\.\d{3}(\.\d{2})?)?")


def parse_ics(directory: Path) -> ParsedList:
    """ICS fields, groups and sub-groups from ``ics_ed7.csv``.

    The Chinese title is read only when the file has such a column, so reloading the shipped English
    list never blanks Chinese titles filled in from another source.
    """
    check = _Checker(directory / ICS_DIR / "ics_ed7.csv")
    columns = [
        Column("code", ("code",)),
        Column("level", ("level",)),
        Column("title", ("description", "title", "description_en", "title_en")),
        Column("full_title", ("description_full", "full_title"), required=False),
        Column("title_zh", ("title_zh", "description_zh", "中文名称"), required=False),
        Column("notes", ("notes",), required=False),
    ]
    levels: dict[int, list[Record]] = {1: [], 2: [], 3: []}
    for row in check.rows(columns):
        check.require(row, "code", "level", "title")
        code = check.match(row["code"], _ICS_CODE, "ICS code")
        check.unique(code)
        level = check.integer(row["level"], "level", {1, 2, 3})
        if code.count(".") + 1 != level:
            raise check.fail(f"code {code} does not belong at level {level}")
        parent = code.rsplit(".", 1)[0] if level > ICSLevel.FIELD else None
        if parent is not None and parent not in check.seen:
            raise check.fail(f"code {code} comes before its parent {parent}, or the parent is missing")
        record: Record = {
            "code": code,
            "level": level,
            "field_code": code[:2],
            "title_en": row["title"],
            "full_title_en": row.get("full_title", ""),
            "notes": _ics_notes(check, row.get("notes", "")),
            "parent": parent,
        }
        if "title_zh" in row:
            record["title_zh"] = row["title_zh"] or None
        levels[level].append(check.fits(record, ICSCode))
    return ParsedList(levels=[levels[1], levels[2], levels[3]])


def _ics_notes(check: _Checker, raw: str) -> list[dict[str, str]]:
    if not raw:
        return []
    try:
        notes = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise check.fail(f"notes are not valid JSON: {exc.msg}") from exc
    if not isinstance(notes, list) or not all(isinstance(n, dict) for n in notes):
        raise check.fail("notes must be a JSON list of objects")
    if "\x00" in raw or "\\u0000" in raw:
        raise check.fail("notes contain a NUL character")
    return [{str(k): str(v) for k, v in n.items()} for n in notes]


# --- HS 2022 ---------------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_HS_CODE = re.compile(r"\d{2}|\d{4}|\d{6}|TOTAL")
_HS_ROOT = "TOTAL"
# Parents before children: the root, then chapters, headings, subheadings.
_HS_DEPTH = {HSLevel.TOTAL: 0, HSLevel.CHAPTER: 1, HSLevel.HEADING: 2, HSLevel.SUBHEADING: 3}


def _roman(numeral: str) -> int | None:
    if not numeral or any(ch not in _ROMAN for ch in numeral):
        return None
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


def parse_hs(directory: Path) -> ParsedList:
    """HS 2022 sections and codes from ``sections.csv`` and ``harmonized-system.csv``."""
    base = directory / HS_DIR
    sections: list[Record] = []
    check = _Checker(base / "sections.csv")
    for row in check.rows([Column("section", ("section",)), Column("name", ("name",))]):
        check.require(row, "section", "name")
        numeral = row["section"].upper()
        number = _roman(numeral)
        if number is None:
            raise check.fail(f"section {row['section']!r} is not a roman numeral")
        check.unique(numeral)
        sections.append(check.fits({"numeral": numeral, "number": number, "name_en": row["name"]}, HSSection))
    numerals = {s["numeral"] for s in sections}

    check = _Checker(base / "harmonized-system.csv")
    columns = [
        Column("section", ("section",)),
        Column("code", ("hscode", "code")),
        Column("description", ("description",)),
        Column("parent", ("parent",)),
        Column("level", ("level",)),
    ]
    rows: list[tuple[int, Record]] = []
    for row in check.rows(columns):
        check.require(row, "code", "description", "level")
        code = check.match(row["code"], _HS_CODE, "HS code")
        check.unique(code)
        level = check.integer(row["level"], "level", {int(v) for v in HSLevel.values})
        if (code == _HS_ROOT) != (level == HSLevel.TOTAL) or (code != _HS_ROOT and len(code) != level):
            raise check.fail(f"code {code} does not belong at level {level}")
        section = row["section"].upper()
        if code == _HS_ROOT or section == _HS_ROOT:
            section = ""  # the root, and chapter 99 ("not specified according to kind"), belong to no section
        elif section not in numerals:
            raise check.fail(f"section {row['section']!r} is not in sections.csv")
        parent = row["parent"] or None
        if code == _HS_ROOT or parent == code:
            parent = None
        record: Record = {
            "code": code,
            "description_en": row["description"],
            "level": level,
            "chapter": code[:2] if code.isdigit() else "",
            "parent": parent,
            "section": section or None,
        }
        rows.append((check.line, check.fits(record, HSCode)))
    levels_by_code = {r["code"]: r["level"] for _, r in rows}
    grouped: list[list[Record]] = [[] for _ in _HS_DEPTH]
    for check.line, record in rows:
        parent = record["parent"]
        if parent is not None:
            if parent not in levels_by_code:
                raise check.fail(f"parent {parent!r} of {record['code']} is not in the file")
            if _HS_DEPTH[HSLevel(levels_by_code[parent])] >= _HS_DEPTH[HSLevel(record["level"])]:
                raise check.fail(f"parent {parent} of {record['code']} is not at a higher level")
        grouped[_HS_DEPTH[HSLevel(record["level"])]].append(record)
    return ParsedList(levels=grouped, sections=sections)


# --- Industry-standard codes -----------------------------------------------------------------------

_INDUSTRY_CODE = re.compile(r"[A-Z]{1,3}[a-z]?")


def parse_industry_codes(directory: Path) -> ParsedList:
    """Industry-standard prefixes from ``industry_codes_merged.csv``.

    A row whose confidence starts with "verify" is flagged, so pages can say the code is unconfirmed.
    """
    check = _Checker(directory / INDUSTRY_DIR / "industry_codes_merged.csv")
    columns = [
        Column("code", ("code", "代号")),
        Column("name_zh", ("industry_zh", "name_zh")),
        Column("name_en", ("industry_en", "name_en"), required=False),
        Column("admin", ("admin_pre2018_zh", "admin_zh_(pre-2018)"), required=False),
        Column("source", ("source",), required=False),
        Column("confidence", ("confidence",), required=False),
    ]
    records: list[Record] = []
    for row in check.rows(columns):
        check.require(row, "code", "name_zh")
        code = check.match(row["code"], _INDUSTRY_CODE, "industry code")
        check.unique(code)
        confidence = row.get("confidence", "")
        record: Record = {
            "code": code,
            "name_zh": row["name_zh"],
            "name_en": row.get("name_en", ""),
            "administering_body_pre2018": row.get("admin", ""),
            "source": row.get("source", ""),
            "confidence": confidence,
            "needs_verification": confidence.lower().startswith("verify"),
        }
        records.append(check.fits(record, IndustryStandardCode))
    return ParsedList(levels=[records])


# --- GB/T 2260 divisions ---------------------------------------------------------------------------

_DIVISION_CODE = re.compile(r"\d{6}")
_LOCAL_PREFIX = re.compile(r"DB\d{2}(\d{2})?")


def parse_divisions(directory: Path) -> ParsedList:
    """Provinces and prefectures from ``gb2260_prov_pref_latest.csv``, with the derived local-standard
    prefixes of ``local_standard_codes_derived.csv``."""
    base = directory / DIVISIONS_DIR
    check = _Checker(base / "gb2260_prov_pref_latest.csv")
    columns = [
        Column("code", ("code", "代码")),
        Column("name", ("name_zh", "name", "名称")),
        Column("level", ("level",)),
    ]
    provinces: list[Record] = []
    prefectures: list[Record] = []
    for row in check.rows(columns):
        check.require(row, "code", "name", "level")
        code = check.match(row["code"], _DIVISION_CODE, "division code")
        check.unique(code)
        level = check.integer(row["level"], "level", {int(v) for v in DivisionLevel.values})
        if level == DivisionLevel.PROVINCE:
            if not code.endswith("0000"):
                raise check.fail(f"province code {code} must end in 0000")
            provinces.append(
                check.fits(
                    {"code": code, "name_zh": row["name"], "level": level, "parent": None},
                    AdministrativeDivision,
                )
            )
        else:
            parent = f"{code[:2]}0000"
            if parent not in check.seen or code.endswith("0000"):
                raise check.fail(f"prefecture {code} has no province {parent} above it in the file")
            prefectures.append(
                check.fits(
                    {"code": code, "name_zh": row["name"], "level": level, "parent": parent},
                    AdministrativeDivision,
                )
            )
    by_code = {r["code"]: r for r in provinces + prefectures}
    for record in by_code.values():
        record["local_standard_code"] = ""

    check = _Checker(base / "local_standard_codes_derived.csv")
    columns = [
        Column("code", ("admin_code", "code")),
        Column("prefix", ("local_std_code", "local_standard_code")),
    ]
    for row in check.rows(columns):
        check.require(row, "code", "prefix")
        check.unique(row["code"])
        division = by_code.get(row["code"])
        if division is None:
            raise check.fail(f"division {row['code']!r} is not in gb2260_prov_pref_latest.csv")
        prefix = check.match(row["prefix"], _LOCAL_PREFIX, "local-standard prefix")
        expected = "DB" + row["code"][: 2 if division["level"] == DivisionLevel.PROVINCE else 4]
        if prefix != expected:
            raise check.fail(f"prefix {prefix} does not match division {row['code']} (expected {expected})")
        division["local_standard_code"] = prefix
    return ParsedList(levels=[provinces, prefectures])
