"""ttbz.org.cn: the national platform of group standards (全国团体标准信息平台).

Group standards (团体标准, numbered ``T/<association> …``) are listed by
``/cms-proxy/ms/portal/standardInfo/getPortalStandardList``, whose JSON answer holds
``data.rows[]`` of ``standardUniqueId``, ``standardNo``, ``standardTitleCn``, ``standardTitleEn``,
``standardStatusName`` (现行 / 废止), ``publishDate``, ``implementDate``, ``abolishDate``,
``organName`` (the issuing association), ``icsl1Name`` and ``ccsl1Name`` (first-level
classification, which may be a name rather than a code).

The site prints numbers with an em dash (``T/CAS 123—2024``); they are kept as printed and
normalised later by ``standards.numbers``, so an operator can still search the site with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .records import ParseResult, RowProblem, SourceRecord
from .values import (
    ccs_codes,
    clean,
    empty_number_reason,
    find_rows,
    ics_codes,
    json_dates,
    not_an_object_reason,
    read_json,
    require_field,
    to_result,
)

FORMAT = "ttbz"
NUMBER_FIELD = "standardNo"
ROW_KEYS = ("rows", "records", "data", "list", "items", "result")
DETAIL_URL = "https://www.ttbz.org.cn/standardDetail/{id}.html"
_DATE_FIELDS = {"publishDate": "issued_on", "implementDate": "implemented_on", "abolishDate": "withdrawn_on"}


def record_from_row(row: object, position: int) -> SourceRecord | RowProblem:
    """One ttbz row as a record (``line`` is its 1-based position in the answer)."""
    if not isinstance(row, Mapping):
        return RowProblem(line=position, reason=not_an_object_reason())
    number = clean(row.get(NUMBER_FIELD))
    if not number:
        return RowProblem(line=position, reason=empty_number_reason(NUMBER_FIELD))
    dates, reasons = json_dates(row, _DATE_FIELDS)
    if reasons:
        return RowProblem(line=position, reason=" ".join(reasons), number=number)
    ics_name = clean(row.get("icsl1Name"))
    ccs_name = clean(row.get("ccsl1Name"))
    extra = {key: value for key, value in (("ics_name", ics_name), ("ccs_name", ccs_name)) if value}
    unique_id = clean(row.get("standardUniqueId"))
    return SourceRecord(
        line=position,
        number=number,
        title_zh=clean(row.get("standardTitleCn")),
        title_en=clean(row.get("standardTitleEn")),
        status_word=clean(row.get("standardStatusName")),
        ccs=ccs_codes(ccs_name),
        ics=ics_codes(ics_name),
        issued_on=dates["issued_on"],
        implemented_on=dates["implemented_on"],
        withdrawn_on=dates["withdrawn_on"],
        issuing_body=clean(row.get("organName")),
        source=FORMAT,
        source_id=unique_id,
        source_url=DETAIL_URL.format(id=unique_id) if unique_id else "",
        extra=extra,
    )


def parse_ttbz_data(data: Any, *, where: str = "ttbz.org.cn") -> ParseResult:
    """Read a decoded ``getPortalStandardList`` answer (the whole object, or its list of rows)."""
    rows = find_rows(data, keys=ROW_KEYS, required_field=NUMBER_FIELD, where=where)
    require_field(rows, NUMBER_FIELD, where=where)
    return to_result(FORMAT, (record_from_row(row, position) for position, row in enumerate(rows, start=1)))


def parse_ttbz(path: Path) -> ParseResult:
    """Read a saved ttbz JSON answer from a file."""
    path = Path(path)
    return parse_ttbz_data(read_json(path.read_bytes(), where=path.name), where=path.name)
