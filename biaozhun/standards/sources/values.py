"""Cell-level helpers every source parser shares: trimming, highlight tags, lists and dates.

The sources print the same things in different ways: std.samr wraps search hits in
``<sacinfo>…</sacinfo>`` highlight tags, spreadsheets hold dates as text, as date cells or as
Excel serial numbers, the JSON APIs send dates as text or as millisecond epochs. Reading them in
one place keeps every parser's answer the same for the same value, and keeps the flat CSV parser
fast: patterns are compiled once and parsed dates are cached, because a catalogue of a million
rows repeats the same few thousand dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from django.utils.translation import gettext

from .records import ParseResult, RowProblem, SourceFormatError, SourceRecord

_TAG = re.compile(r"</?sacinfo\s*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Multiple values in one cell: ASCII or full-width semicolons. Standard numbers contain spaces, so
# whitespace never separates values.
_LIST_SEPARATORS = re.compile(r"[;；]")
# Lists written in running text (drafting units, replaced standards): also commas and the
# enumeration comma.
_PROSE_SEPARATORS = re.compile(r"[;；,，、]")
_ICS_CODE = re.compile(r"(?<![\d.])\d{2}(?:\.\d{3}(?:\.\d{2})?)?(?![\d.])")
_CCS_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{2}(?!\d)")
_CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")

CHINA_TZ = timezone(timedelta(hours=8))
# Excel's day 0 is 1899-12-30 for every serial after its fictitious 1900-02-29. Serials below
# 10000 (before 1927-05-18) are refused: in a catalogue they are a year or a typo, not a date.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MIN_SERIAL = 10_000
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
# Text → date, shared by every parser: a catalogue repeats a few thousand dates a million times.
DATE_CACHE: dict[str, date] = {}
DATE_CACHE_LIMIT = 200_000


def clean(value: object) -> str:
    """The value as text, trimmed and without ``<sacinfo>`` highlight tags; inner spacing is kept.

    ``None`` is empty; numbers print without a trailing ``.0``.
    """
    if type(value) is str:
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if "<" in text:
        text = _TAG.sub("", text)
    return text.strip()


def collapse(text: str) -> str:
    """Runs of whitespace made one space, as a browser shows HTML text (``导则  第1部分`` → ``导则 第1部分``)."""
    return _SPACES.sub(" ", text).strip()


def split_list(text: str) -> tuple[str, ...]:
    """A cell holding several values separated by ``;`` (or ``；``), each trimmed, empties dropped."""
    if not text:
        return ()
    if ";" not in text and "；" not in text:
        text = text.strip()
        return (text,) if text else ()
    return tuple(part for part in (p.strip() for p in _LIST_SEPARATORS.split(text)) if part)


def split_prose_list(text: str) -> tuple[str, ...]:
    """A list written in running text: separated by semicolons, commas or the enumeration comma 、."""
    if not text:
        return ()
    return tuple(part for part in (p.strip() for p in _PROSE_SEPARATORS.split(text)) if part)


def ics_codes(text: str) -> tuple[str, ...]:
    """The ICS codes (``01``, ``01.120``, ``59.060.10``) found in a cell that may also hold names."""
    return tuple(_ICS_CODE.findall(text)) if text else ()


def ccs_codes(text: str) -> tuple[str, ...]:
    """The CCS codes (a capital letter and two digits, ``A00``) found in a cell that may hold names."""
    return tuple(_CCS_CODE.findall(text)) if text else ()


def date_from_excel_serial(serial: float) -> date:
    """The date an Excel serial number stands for (1900 date system); ``ValueError`` if implausible."""
    if not _EXCEL_MIN_SERIAL <= serial <= _EXCEL_MAX_SERIAL:
        raise ValueError(f"Excel serial {serial} out of range")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def date_from_epoch_ms(ms: float) -> date:
    """The calendar date in China of a millisecond epoch, as the official APIs send dates.

    The sites store midnight Beijing time: 2019-10-18 00:00 +08:00 is 2019-10-17 16:00 UTC, so the
    date must be taken in UTC+8, not UTC.
    """
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(CHINA_TZ).date()
    except (OverflowError, OSError) as error:
        raise ValueError(f"epoch {ms} out of range") from error


def parse_date_text(text: str) -> date | None:
    """A date written as text; ``None`` for an empty cell, ``ValueError`` for anything else unreadable.

    Accepts ``2019-10-18``, ``2019/10/18``, ``2019.10.18``, ``20191018``, ``2019年10月18日``, any of
    those followed by a time (``2019-10-18 00:00:00``), and an Excel serial number (``43756``).
    The cell is trimmed and its highlight tags removed by the caller.
    An impossible day (``2020-02-30``) is a ``ValueError``.
    """
    cached = DATE_CACHE.get(text)
    if cached is not None:
        return cached
    stripped = text.strip()
    if not stripped:
        return None
    parsed = _parse_date_uncached(stripped)
    if len(DATE_CACHE) >= DATE_CACHE_LIMIT:
        DATE_CACHE.clear()
    DATE_CACHE[text] = parsed
    return parsed


def _parse_date_uncached(text: str) -> date:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return date.fromisoformat(text)
    head = text
    for time_separator in (" ", "T"):
        if time_separator in head:
            candidate, _, rest = head.partition(time_separator)
            if ":" in rest or rest.isdigit() or not rest.strip():
                head = candidate
                break
    for separator in ("-", "/", "."):
        parts = head.split(separator)
        if len(parts) == 3 and all(part.isdigit() for part in parts) and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    if head.isdigit():
        if len(head) == 8:
            return date(int(head[:4]), int(head[4:6]), int(head[6:]))
        if 5 <= len(head) <= 7:
            return date_from_excel_serial(int(head))
        raise ValueError(f"not a date: {text!r}")
    match = _CHINESE_DATE.match(head)
    if match:
        return date(int(match[1]), int(match[2]), int(match[3]))
    try:
        serial = float(head)
    except ValueError:
        pass
    else:
        return date_from_excel_serial(serial)
    raise ValueError(f"not a date: {text!r}")


def parse_date_value(value: object) -> date | None:
    """A date cell of any kind: a date, a spreadsheet datetime, an Excel serial number or text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("a boolean is not a date")
    if isinstance(value, int | float):
        return date_from_excel_serial(value)
    return parse_date_text(clean(value))


def parse_json_date(value: object) -> date | None:
    """A date from a JSON API: ``"2019-10-18"``, ``"2019-10-18 00:00:00"`` or a millisecond epoch.

    Numbers (and strings of 11 digits or more) are epochs in milliseconds, never Excel serials.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("a boolean is not a date")
    if isinstance(value, int | float):
        return date_from_epoch_ms(value)
    text = clean(value)
    if not text:
        return None
    if text.lstrip("-").isdigit() and len(text) >= 11:
        return date_from_epoch_ms(int(text))
    return parse_date_text(text)


def bad_date_reason(column: str, value: object) -> str:
    """The user-facing reason for a date cell that holds no possible date."""
    return gettext("Column “%(column)s”: “%(value)s” is not a valid date.") % {
        "column": column,
        "value": clean(value),
    }


def empty_number_reason(column: str) -> str:
    """The user-facing reason for a row whose standard-number cell is empty."""
    return gettext("Column “%(column)s” is empty: every row needs a standard number.") % {"column": column}


def find_rows(data: Any, *, keys: Iterable[str], required_field: str, where: str) -> list[Any]:
    """The list of records inside a JSON answer, wherever the site put it.

    The APIs wrap their rows differently (``{"rows": […]}``, ``{"records": […]}``,
    ``{"data": {"rows": […]}}``) and change the wrapper more often than the rows, so the first list
    found under one of ``keys`` (searched two levels deep) or the answer itself, if it is a list,
    is taken. Nothing found is a :class:`SourceFormatError` naming the record field expected.
    """
    if isinstance(data, list):
        return data
    wanted = tuple(keys)
    frontier: list[Any] = [data]
    for _depth in range(3):
        next_frontier: list[Any] = []
        for node in frontier:
            if not isinstance(node, Mapping):
                continue
            for key in wanted:
                if key in node:
                    found = node[key]
                    if isinstance(found, list):
                        return found
                    next_frontier.append(found)
            next_frontier.extend(v for k, v in node.items() if k not in wanted and isinstance(v, Mapping))
        frontier = next_frontier
    raise SourceFormatError(
        gettext("%(where)s: no list of records (with a “%(field)s” field) under any of: %(keys)s.")
        % {"where": where, "field": required_field, "keys": ", ".join(wanted)}
    )


def require_field(rows: list[Any], field_name: str, *, where: str) -> None:
    """Fail on a layout whose records lack ``field_name``, rather than importing empty records.

    One record having the key is enough: a site may leave it out of a record whose value is empty.
    An empty list is a valid answer (a search without hits).
    """
    if not rows:
        return
    if not any(isinstance(row, Mapping) and field_name in row for row in rows):
        raise SourceFormatError(
            gettext(
                "%(where)s: the records have no “%(field)s” field; the layout is not one this parser knows."
            )
            % {"where": where, "field": field_name}
        )


def read_json(content: bytes, *, where: str) -> Any:
    """A JSON answer saved to a file (UTF-8, with or without BOM, else GB18030)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("gb18030", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceFormatError(
            gettext("%(where)s is not JSON (line %(line)s, column %(col)s: %(error)s).")
            % {"where": where, "line": error.lineno, "col": error.colno, "error": error.msg}
        ) from error


def not_an_object_reason() -> str:
    """The user-facing reason for an entry of a JSON list that is not a record at all."""
    return gettext("The entry is not a record (a JSON object).")


def to_result(format: str, items: Iterable[SourceRecord | RowProblem]) -> ParseResult:
    """Records and problems, in order, gathered into a ``ParseResult``."""
    result = ParseResult(format=format)
    for item in items:
        if isinstance(item, SourceRecord):
            result.records.append(item)
        else:
            result.problems.append(item)
    return result


def json_dates(row: Mapping[str, Any], fields: Mapping[str, str]) -> tuple[dict[str, date | None], list[str]]:
    """Record field → date for each ``JSON key → record field`` pair, and the reasons for bad ones."""
    dates: dict[str, date | None] = {}
    reasons: list[str] = []
    for key, field_name in fields.items():
        value = row.get(key)
        try:
            dates[field_name] = parse_json_date(value)
        except ValueError:
            dates[field_name] = None
            reasons.append(bad_date_reason(key, value))
    return dates, reasons
