"""hbba.sacinfo.org.cn and dbba.sacinfo.org.cn: the filing lists of industry and local standards.

Industry standards (行业标准, hbba) and local standards (地方标准, dbba) are filed (备案) with SAC,
and both filing sites answer ``POST /stdQueryList`` with the same JSON: ``records[]`` of ``pk``
(a SHA-256 key), ``code``, ``chName``, ``status`` (现行 / 有更新版 / 废止), ``issueDate`` and
``actDate`` (millisecond epochs, midnight Beijing time), ``recordNo`` (the filing number),
``chargeDept`` and ``industry``. The two sites differ only in host, so one parser reads both; the
caller says which (the record's ``source`` and its detail URL depend on it), or the parser tells
from the numbers: local standards are numbered ``DB…``.

The list carries no replacement relation (only the detail page has 代替标准); 有更新版 says a newer
edition exists and is read as "replaced" by ``statuses.normalise_status``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from .records import ParseResult, RowProblem, SourceFormatError, SourceRecord
from .values import (
    clean,
    empty_number_reason,
    find_rows,
    json_dates,
    not_an_object_reason,
    parse_json_date,
    read_json,
    require_field,
    to_result,
)

SOURCES = ("hbba", "dbba")
NUMBER_FIELD = "code"
ROW_KEYS = ("records", "rows", "data", "list", "items", "result")
DETAIL_URL = "https://{source}.sacinfo.org.cn/stdDetail/{pk}"
_DATE_FIELDS = {"issueDate": "issued_on", "actDate": "implemented_on"}


def guess_source(number: str) -> str:
    """``dbba`` for a local standard (``DB44/T 1234-2020``), ``hbba`` for anything else."""
    return "dbba" if clean(number).upper().startswith("DB") else "hbba"


def _check_source(source: str | None) -> None:
    if source is not None and source not in SOURCES:
        raise SourceFormatError(
            gettext("Unknown filing site “%(source)s”: expected one of %(sources)s.")
            % {"source": source, "sources": ", ".join(SOURCES)}
        )


def record_from_row(row: object, position: int, *, source: str | None = None) -> SourceRecord | RowProblem:
    """One hbba/dbba record (``line`` is its 1-based position in the answer)."""
    if not isinstance(row, Mapping):
        return RowProblem(line=position, reason=not_an_object_reason())
    number = clean(row.get(NUMBER_FIELD))
    if not number:
        return RowProblem(line=position, reason=empty_number_reason(NUMBER_FIELD))
    dates, reasons = json_dates(row, _DATE_FIELDS)
    if reasons:
        return RowProblem(line=position, reason=" ".join(reasons), number=number)
    site = source or guess_source(number)
    pk = clean(row.get("pk"))
    extra = {
        name: clean(row.get(key))
        for key, name in (("recordNo", "record_no"), ("industry", "industry"))
        if clean(row.get(key))
    }
    with contextlib.suppress(ValueError):  # the filing date is informative: a bad one rejects nothing
        recorded_on = parse_json_date(row.get("recordDate"))
        if recorded_on is not None:
            extra["recorded_on"] = recorded_on.isoformat()
    return SourceRecord(
        line=position,
        number=number,
        title_zh=clean(row.get("chName")),
        status_word=clean(row.get("status")),
        issued_on=dates["issued_on"],
        implemented_on=dates["implemented_on"],
        responsible_body=clean(row.get("chargeDept")),
        source=site,
        source_id=pk,
        source_url=DETAIL_URL.format(source=site, pk=pk) if pk else "",
        extra=extra,
    )


def parse_sacinfo_data(data: Any, *, source: str | None = None, where: str = "sacinfo") -> ParseResult:
    """Read a decoded ``stdQueryList`` answer; ``source`` is ``"hbba"``, ``"dbba"`` or ``None`` to guess.

    When guessing, each record's site follows from its number, and the result's format is
    ``dbba`` only if every record is a local standard.
    """
    _check_source(source)
    rows = find_rows(data, keys=ROW_KEYS, required_field=NUMBER_FIELD, where=where)
    require_field(rows, NUMBER_FIELD, where=where)
    items = [record_from_row(row, position, source=source) for position, row in enumerate(rows, start=1)]
    if source is None:
        sites = {item.source for item in items if isinstance(item, SourceRecord)}
        source = "dbba" if sites == {"dbba"} else "hbba"
    return to_result(source, items)


def parse_sacinfo(path: Path, *, source: str | None = None) -> ParseResult:
    """Read a saved hbba/dbba ``stdQueryList`` answer from a file."""
    path = Path(path)
    return parse_sacinfo_data(read_json(path.read_bytes(), where=path.name), source=source, where=path.name)
