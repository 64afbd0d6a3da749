"""Parsers of the official catalogue formats, behind one entry point: :func:`parse` / :func:`iter_records`.

An operator uploads whatever the source gave them (the platform's flat CSV/XLSX, a saved openstd
page, a std.samr, hbba/dbba or ttbz JSON answer) and should not have to say which it is, so
:func:`detect_format` tells from the file name and its first bytes, and :func:`parse` dispatches.
Every parser is pure (no database, no network) and returns the same ``SourceRecord`` /
``RowProblem`` values (see ``records``); the import service does the rest.

:func:`iter_records` streams a flat CSV or XLSX row by row, so a million-row catalogue is never
held in memory; the other formats are small answers of one page and are read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext

from . import flat, openstd, sacinfo, samr, ttbz
from .records import ParseResult, RowProblem, Share, SourceFormatError, SourceRecord

__all__ = [
    "FORMATS",
    "ParseResult",
    "RowProblem",
    "Share",
    "SourceFormatError",
    "SourceRecord",
    "detect_format",
    "iter_records",
    "parse",
]

FORMATS = ("flat", "openstd", "samr", "hbba", "dbba", "ttbz")
# How much of a file parse() reads to detect its format. openstd pages reach their 标准号 only after
# 14–36 KB of markup, but their first 4 KB already link to /bzgk/ (the site's path), which is
# enough; the parser then checks the layout properly.
HEAD_BYTES = 64 * 1024
_OPENSTD_SIGNS = (openstd.NUMBER_LABEL, "/bzgk/", "openstd.samr.gov.cn")

_FLAT_SUFFIXES = (".csv", *flat.XLSX_SUFFIXES)
_SACINFO_CODE = re.compile(r'"code"\s*:\s*"\s*([^"]*)"')
_JSON_SIGNS = (
    ("samr", ('"C_STD_CODE"',)),
    ("ttbz", ('"standardNo"', '"standardUniqueId"')),
    ("sacinfo", ('"chName"', '"recordNo"')),
)


def _decode_head(head: bytes) -> str:
    """The head as text; a multi-byte character cut at the end is dropped, GB18030 if not UTF-8."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4:  # only the cut tail is undecodable
                return head[: error.start].decode(encoding, errors="replace")
    return head.decode("utf-8", errors="replace")


def detect_format(filename: str, head: bytes) -> str:
    """The format of a file, from its name and its first bytes (4 KB is enough for the known formats).

    ``.csv`` / ``.xlsx`` → ``flat``; an HTML page mentioning 标准号 or openstd's ``/bzgk/`` path →
    ``openstd``; JSON by its
    keys: ``C_STD_CODE`` → ``samr``, ``standardNo`` → ``ttbz``, ``chName`` / ``recordNo`` →
    ``dbba`` when every number is ``DB…``, else ``hbba``. Anything else raises
    ``SourceFormatError``.
    """
    suffix = Path(filename).suffix.lower()
    if suffix in _FLAT_SUFFIXES or head.startswith(b"PK\x03\x04"):
        return "flat"
    text = _decode_head(head)
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if suffix in (".html", ".htm") or start == "<":
        if any(sign in text for sign in _OPENSTD_SIGNS):
            return "openstd"
        raise SourceFormatError(
            gettext("%(file)s is an HTML page, but not an openstd one: it never says “%(label)s”.")
            % {"file": filename, "label": openstd.NUMBER_LABEL}
        )
    if suffix == ".json" or start in ("{", "["):
        for name, signs in _JSON_SIGNS:
            if any(sign in text for sign in signs):
                if name != "sacinfo":
                    return name
                codes = _SACINFO_CODE.findall(text)
                return "dbba" if codes and all(code.upper().startswith("DB") for code in codes) else "hbba"
        raise SourceFormatError(
            gettext("%(file)s is JSON, but has none of the fields %(fields)s that tell its source.")
            % {"file": filename, "fields": ", ".join(sign for _, signs in _JSON_SIGNS for sign in signs)}
        )
    first_line = text.splitlines()[0] if text else ""
    if flat.NUMBER_COLUMN in flat.map_header(first_line.split(",")):
        return "flat"  # a CSV saved under another extension (.txt)
    raise SourceFormatError(
        gettext("The format of %(file)s cannot be told: expected one of %(formats)s.")
        % {"file": filename, "formats": ", ".join(FORMATS)}
    )


def _format_of(path: Path, format: str | None) -> str:
    if format is None:
        with path.open("rb") as handle:
            return detect_format(path.name, handle.read(HEAD_BYTES))
    if format not in FORMATS:
        raise SourceFormatError(
            gettext("Unknown format “%(format)s”: expected one of %(formats)s.")
            % {"format": format, "formats": ", ".join(FORMATS)}
        )
    return format


def parse(path: Path, *, format: str | None = None) -> ParseResult:
    """Read a whole file in the given format, or in the one :func:`detect_format` finds."""
    path = Path(path)
    chosen = _format_of(path, format)
    if chosen == "flat":
        return flat.parse_flat(path)
    if chosen == "openstd":
        return openstd.parse_openstd(path)
    if chosen == "samr":
        return samr.parse_samr(path)
    if chosen == "ttbz":
        return ttbz.parse_ttbz(path)
    return sacinfo.parse_sacinfo(path, source=chosen)


def iter_records(
    path: Path, format: str | None = None, *, share: Share | None = None
) -> Iterator[SourceRecord | RowProblem]:
    """Records and problems in file order; a flat CSV or XLSX is streamed, not loaded.

    For a flat file, a missing number column raises ``SourceFormatError`` when the first item is
    asked for; for the others, when this is called. ``share`` reads only one reader's blocks of a
    flat CSV (see ``Share``), for imports that read in several processes.
    """
    path = Path(path)
    chosen = _format_of(path, format)
    if chosen == "flat":
        return flat.iter_flat(path, share=share)
    if share is not None:
        raise ValueError(f"a {chosen} file cannot be read in shares")
    result = parse(path, format=chosen)
    items: list[SourceRecord | RowProblem] = [*result.records, *result.problems]
    items.sort(key=lambda item: item.line)
    return iter(items)
