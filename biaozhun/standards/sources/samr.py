"""std.samr.gov.cn search answers: ``gb/search/gbQueryPage`` and ``gbAdvancedSearchPage`` JSON.

The national platform (全国标准信息公共服务平台) answers its searches with JSON rows named after its
database columns: ``C_STD_CODE``, ``C_C_NAME``, ``STATE``, ``ISSUE_DATE``, ``ACT_DATE``, and in
the advanced search also ``D_DATE`` (withdrawal), ``CCS``, ``ICS_NAME1_FULL``, ``CD_NAME``,
``TA_CODE``, ``DRAFT_UNIT``, ``REPLACE_STD`` / ``REPLACEED_STD`` (sic) and ``OPEN_HASH_CODE``
(the openstd hcno). The words of the query come back wrapped in ``<sacinfo>`` highlight tags,
inside numbers too (``<sacinfo>GB</sacinfo>/T 12771-2019``), so every value is stripped of them.

The answer's wrapper is not documented and has changed between versions, so the rows are looked
for under ``rows``, ``records``, ``data`` … (see ``values.find_rows``); a layout whose rows have no
``C_STD_CODE`` is refused with ``SourceFormatError`` rather than read as empty records. Dates come
as ``2019-10-18``, ``2019-10-18 00:00:00`` or millisecond epochs.
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
    split_prose_list,
    to_result,
)

FORMAT = "samr"
NUMBER_FIELD = "C_STD_CODE"
ROW_KEYS = ("rows", "records", "data", "list", "items", "result")
DETAIL_URL = "https://std.samr.gov.cn/gb/search/gbDetailed?id={id}"
_DATE_FIELDS = {"ISSUE_DATE": "issued_on", "ACT_DATE": "implemented_on", "D_DATE": "withdrawn_on"}
_ID_FIELDS = ("id", "ID", "PROJECT_ID", "PID")
_EXTRA_FIELDS = {
    "STD_NATURE": "nature",  # 强制性 / 推荐性 / 指导性
    "TA_CODE": "tc_code",
    "ORG_SCOPE": "org_scope",
    "OPEN_HASH_CODE": "hcno",
}


def _classification(row: Mapping[str, Any], keys: tuple[str, ...], *, ics: bool) -> tuple[str, ...]:
    """Codes from the first non-empty key; ``ICS_NAME1_FULL`` may hold names beside the codes."""
    for key in keys:
        text = clean(row.get(key))
        if text:
            return (ics_codes(text) if ics else ccs_codes(text)) or split_prose_list(text)
    return ()


def record_from_row(row: object, position: int) -> SourceRecord | RowProblem:
    """One std.samr row as a record (``line`` is its 1-based position in the answer)."""
    if not isinstance(row, Mapping):
        return RowProblem(line=position, reason=not_an_object_reason())
    number = clean(row.get(NUMBER_FIELD))
    if not number:
        return RowProblem(line=position, reason=empty_number_reason(NUMBER_FIELD))
    dates, reasons = json_dates(row, _DATE_FIELDS)
    if reasons:
        return RowProblem(line=position, reason=" ".join(reasons), number=number)
    source_id = next((clean(row.get(key)) for key in _ID_FIELDS if clean(row.get(key))), "")
    extra = {name: clean(row.get(key)) for key, name in _EXTRA_FIELDS.items() if clean(row.get(key))}
    return SourceRecord(
        line=position,
        number=number,
        title_zh=clean(row.get("C_C_NAME")),
        title_en=clean(row.get("C_E_NAME")),
        status_word=clean(row.get("STATE")),
        ccs=_classification(row, ("CCS", "CCS_CODE"), ics=False),
        ics=_classification(row, ("ICS", "ICS_CODE", "ICS_NAME1_FULL"), ics=True),
        replaces=split_prose_list(clean(row.get("REPLACE_STD"))),
        replaced_by=split_prose_list(clean(row.get("REPLACEED_STD")) or clean(row.get("REPLACED_STD"))),
        responsible_body=clean(row.get("CD_NAME")),
        technical_committee=clean(row.get("TA_NAME")) or clean(row.get("TA_CODE")),
        drafting_organisations=split_prose_list(clean(row.get("DRAFT_UNIT"))),
        source=FORMAT,
        source_id=source_id,
        source_url=DETAIL_URL.format(id=source_id) if source_id else "",
        extra=extra,
        issued_on=dates["issued_on"],
        implemented_on=dates["implemented_on"],
        withdrawn_on=dates["withdrawn_on"],
    )


def parse_samr_data(data: Any, *, where: str = "std.samr.gov.cn") -> ParseResult:
    """Read a decoded std.samr answer (the whole JSON object, or just its list of rows)."""
    rows = find_rows(data, keys=ROW_KEYS, required_field=NUMBER_FIELD, where=where)
    require_field(rows, NUMBER_FIELD, where=where)
    return to_result(FORMAT, (record_from_row(row, position) for position, row in enumerate(rows, start=1)))


def parse_samr(path: Path) -> ParseResult:
    """Read a saved std.samr JSON answer from a file."""
    path = Path(path)
    return parse_samr_data(read_json(path.read_bytes(), where=path.name), where=path.name)
