"""openstd.samr.gov.cn pages: the detail page of one national standard and the search result list.

openstd (国家标准全文公开系统) is the official source for GB, GB/T and GB/Z editions, but it offers
no API: an operator saves the pages, or a sync job fetches them. Two layouts are read, both as
recorded in 2026 (see ``tests/data/openstd/``):

* the detail page ``/bzgk/std/newGbInfo?hcno=…``: a heading ``标准号：GB/T 1.1-2000``, table cells
  ``中文标准名称：…``, ``英文标准名称：…``, ``标准状态：…`` and a grid of ``title`` / ``content``
  cells for CCS, ICS, 发布日期, 实施日期, 主管部门, 归口部门, 发布单位 and 备注;
* the list page ``/bzgk/std/std_list``: a ``result_list`` table whose header names the columns
  (标准号, 标准名称, 状态, 发布日期, 实施日期 …) and whose rows link to details by hcno.

Labels are matched by their text, never by position, and a page with neither layout, or a detail
page missing one of the labels every edition has, raises ``SourceFormatError`` naming what was
missing, because a silently half-read page would import editions without a status or a date.
openstd has no replacement field (a replaced edition just shows 废止), but its 备注 often says
"代替GB/T 5606.1-1996": those numbers become ``replaces``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
from django.utils.translation import gettext

from .records import ParseResult, RowProblem, SourceFormatError, SourceRecord
from .values import (
    bad_date_reason,
    collapse,
    empty_number_reason,
    parse_date_text,
    split_prose_list,
    to_result,
)

FORMAT = "openstd"
DETAIL_URL = "https://openstd.samr.gov.cn/bzgk/std/newGbInfo?hcno={hcno}"

_LABEL_SEPARATORS = "：:"
_CODE_SEPARATORS = re.compile(r"[\s;；,，、]+")
_SHOW_INFO = re.compile(r"showInfo\(\s*['\"]([0-9A-Za-z]+)['\"]\s*\)")
_HCNO_IN_LINK = re.compile(r"hcno=([0-9A-Za-z]+)")
# 备注 often says what the edition replaces: "2005-03-01实施,代替GB/T 5606.1-1996" or
# "部分代替GB/T 1-1996、GB/T 2-1996". "被…代替" (replaced by) is a different relation and is skipped.
_REPLACES_IN_NOTE = re.compile(r"(?<!被)(部分)?代替\s*([^,，;；。()（）]+)")
_NOTE_LIST = re.compile(r"\s*(?:、|和|及)\s*")

NUMBER_LABEL = "标准号"
# Detail page: labels every edition's page carries; a page without one is not a layout we know.
DETAIL_REQUIRED = (NUMBER_LABEL, "中文标准名称", "标准状态", "发布日期")
_DETAIL_CELL_LABELS = ("中文标准名称", "英文标准名称", "标准状态")
# Grid labels → record field. CCS / ICS labels carry a parenthesised abbreviation, so they are
# matched by that abbreviation.
_GRID_FIELDS = {
    "发布日期": "issued_on",
    "实施日期": "implemented_on",
    "废止日期": "withdrawn_on",
    "主管部门": "responsible_body",
    "归口部门": "technical_committee",
    "归口单位": "technical_committee",
    "发布单位": "issuing_body",
    "备注": "notes",
    "代替标准": "replaces",
    "被代替标准": "replaced_by",
}
_DATE_FIELDS = frozenset({"issued_on", "implemented_on", "withdrawn_on"})
# List page: header text → key. 标准名称 on the list is the Chinese title.
LIST_REQUIRED = (NUMBER_LABEL, "标准名称", "状态")
_LIST_COLUMNS = {
    "标准号": "number",
    "标准名称": "title_zh",
    "中文标准名称": "title_zh",
    "状态": "status_word",
    "标准状态": "status_word",
    "发布日期": "issued_on",
    "实施日期": "implemented_on",
    "类别": "category",
    "是否采标": "adopted",
}


def detail_url(hcno: str) -> str:
    """Where an edition can be read on openstd."""
    return DETAIL_URL.format(hcno=hcno) if hcno else ""


def decode_html(content: bytes) -> str:
    """The page as text: UTF-8 (what openstd serves), else GB18030 (a page saved by an old browser)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gb18030", errors="replace")


def _text(element: Any) -> str:
    return collapse(element.text_content())


def _own_text(element: Any) -> str:
    """The element's text without that of its children (the 标准号 heading holds a 采 badge)."""
    return collapse("".join(element.xpath("text()")))


def _after_label(text: str, label: str) -> str | None:
    """``"标准状态：现行"`` → ``"现行"`` for the label ``标准状态``; ``None`` if the text is not labelled so."""
    if not text.startswith(label):
        return None
    rest = text[len(label) :].lstrip()
    if rest and rest[0] in _LABEL_SEPARATORS:
        return rest[1:].strip()
    return None


def replaces_in_note(note: str) -> tuple[tuple[str, ...], bool]:
    """The numbers a 备注 says the edition replaces, and whether only in part (部分代替)."""
    numbers: list[str] = []
    partial = False
    for match in _REPLACES_IN_NOTE.finditer(note):
        partial = partial or bool(match[1])
        numbers += [part for part in _NOTE_LIST.split(match[2].strip()) if any(ch.isdigit() for ch in part)]
    return tuple(numbers), partial


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part for part in _CODE_SEPARATORS.split(text) if part) if text else ()


def _parse_date(label: str, value: str, reasons: list[str]) -> date | None:
    try:
        return parse_date_text(value) if value else None
    except ValueError:
        reasons.append(bad_date_reason(label, value))
        return None


def _detail_heading(doc: Any) -> Any | None:
    for heading in doc.iter("h1", "h2", "h3"):
        if NUMBER_LABEL in _own_text(heading):
            return heading
    return None


def _find_hcno(doc: Any) -> str:
    """The page's own hcno: on its buttons (``data-value``), else in a link to itself."""
    for value in doc.xpath("//button/@data-value"):
        if str(value).strip():
            return str(value).strip()
    for value in doc.xpath("//@href | //@onclick"):
        match = _HCNO_IN_LINK.search(str(value)) or _SHOW_INFO.search(str(value))
        if match:
            return match[1]
    return ""


def _parse_detail(doc: Any, heading: Any, *, where: str, hcno: str) -> SourceRecord | RowProblem:
    found: dict[str, str] = {}
    number = _after_label(_own_text(heading), NUMBER_LABEL)
    if number is not None:
        found[NUMBER_LABEL] = number
    for cell in doc.iter("td"):
        text = _text(cell)
        for label in _DETAIL_CELL_LABELS:
            if label not in found:
                value = _after_label(text, label)
                if value is not None:
                    found[label] = value
    grid: dict[str, str] = {}
    for title in doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"):
        label = _text(title)
        content = title.getnext()
        while content is not None and not isinstance(content.tag, str):  # comments between cells
            content = content.getnext()
        if content is None or "content" not in (content.get("class") or ""):
            continue
        grid.setdefault(label, _text(content))
    for label in grid:
        if label in _GRID_FIELDS:
            found.setdefault(label, grid[label])
    missing = [label for label in DETAIL_REQUIRED if label not in found]
    if missing:
        raise SourceFormatError(
            gettext(
                "%(where)s: an openstd detail page without the field(s) %(fields)s; the layout is unknown."
            )
            % {"where": where, "fields": ", ".join(f"“{label}”" for label in missing)}
        )
    number = found[NUMBER_LABEL]
    if not number:
        return RowProblem(line=1, reason=empty_number_reason(NUMBER_LABEL))
    ccs = next((value for label, value in grid.items() if "CCS" in label.upper()), "")
    ics = next((value for label, value in grid.items() if "ICS" in label.upper()), "")
    fields: dict[str, Any] = {}
    reasons: list[str] = []
    for label, field_name in _GRID_FIELDS.items():
        value = found.get(label, "")
        if field_name in _DATE_FIELDS:
            fields[field_name] = _parse_date(label, value, reasons)
        elif field_name in ("replaces", "replaced_by"):
            fields[field_name] = split_prose_list(value)
        elif value or field_name not in fields:
            fields[field_name] = value
    if reasons:
        return RowProblem(line=1, reason=" ".join(reasons), number=number)
    if not fields["replaces"] and fields["notes"]:
        fields["replaces"], fields["partial_replacement"] = replaces_in_note(fields["notes"])
    hcno = hcno or _find_hcno(doc)
    extra = {}
    badge = heading.xpath(".//span[contains(@class, 'label')]")
    if any(_text(span) == "采" or "国际标准" in (span.get("title") or "") for span in badge):
        extra["adopted_international"] = "true"  # the 采 badge: the edition adopts an international standard
    return SourceRecord(
        line=1,
        number=number,
        title_zh=found.get("中文标准名称", ""),
        title_en=found.get("英文标准名称", ""),
        status_word=found.get("标准状态", ""),
        ccs=_codes(ccs),
        ics=_codes(ics),
        source=FORMAT,
        source_id=hcno,
        source_url=detail_url(hcno),
        extra=extra,
        **fields,
    )


def _result_table(doc: Any) -> tuple[Any, list[str]] | None:
    """The result table and its header texts: the ``result_list`` table, else any with 标准号 in its header."""
    tables = doc.xpath("//table[contains(concat(' ', normalize-space(@class), ' '), ' result_list ')]")
    tables += [table for table in doc.iter("table") if table not in tables]
    for table in tables:
        header_rows = table.xpath(".//tr[th]")
        headers = [_text(th) for th in header_rows[0].xpath("./th")] if header_rows else []
        if NUMBER_LABEL in headers:
            return table, headers
    return None


def _parse_list(table: Any, headers: list[str], *, where: str) -> list[SourceRecord | RowProblem]:
    missing = [label for label in LIST_REQUIRED if label not in headers]
    if missing:
        raise SourceFormatError(
            gettext(
                "%(where)s: an openstd result list without the column(s) %(fields)s; the layout is unknown."
            )
            % {"where": where, "fields": ", ".join(f"“{label}”" for label in missing)}
        )
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _LIST_COLUMNS.get(header)
        if key is not None:
            columns.setdefault(key, index)
    items: list[SourceRecord | RowProblem] = []
    position = 0
    for row in table.xpath(".//tr[td]"):
        cells = row.xpath("./td")
        position += 1
        values = [_text(cell) for cell in cells]
        values += [""] * (len(headers) - len(values))

        def get(key: str, values: list[str] = values) -> str:
            return values[columns[key]] if key in columns else ""

        number = get("number")
        if not number:
            items.append(RowProblem(line=position, reason=empty_number_reason(NUMBER_LABEL)))
            continue
        reasons: list[str] = []
        issued_on = _parse_date("发布日期", get("issued_on"), reasons)
        implemented_on = _parse_date("实施日期", get("implemented_on"), reasons)
        if reasons:
            items.append(RowProblem(line=position, reason=" ".join(reasons), number=number))
            continue
        hcno = ""
        for handler in row.xpath(".//@onclick | .//@href"):
            match = _SHOW_INFO.search(str(handler)) or _HCNO_IN_LINK.search(str(handler))
            if match:
                hcno = match[1]
                break
        extra = {}
        if get("category"):
            extra["category"] = get("category")  # 强标 / 推标 / 指导
        if get("adopted") == "采":
            extra["adopted_international"] = "true"
        items.append(
            SourceRecord(
                line=position,
                number=number,
                title_zh=get("title_zh"),
                status_word=get("status_word"),
                issued_on=issued_on,
                implemented_on=implemented_on,
                source=FORMAT,
                source_id=hcno,
                source_url=detail_url(hcno),
                extra=extra,
            )
        )
    return items


def parse_openstd_html(html: str | bytes, *, where: str = "openstd", hcno: str = "") -> ParseResult:
    """Read an openstd detail page (one record, line 1) or result list (one record per row).

    ``hcno`` is the page's key when the caller knows it (from the URL it fetched); otherwise it is
    read from the page. Raises ``SourceFormatError`` for any other page.
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        raise SourceFormatError(gettext("%(where)s is not an HTML page.") % {"where": where}) from error
    items: Iterable[SourceRecord | RowProblem]
    heading = _detail_heading(doc)
    if heading is not None:
        items = [_parse_detail(doc, heading, where=where, hcno=hcno)]
    else:
        found = _result_table(doc)
        if found is None:
            raise SourceFormatError(
                gettext(
                    "%(where)s is neither an openstd detail page (no “%(label)s：” heading) "
                    "nor a result list (no table with a “%(label)s” column)."
                )
                % {"where": where, "label": NUMBER_LABEL}
            )
        items = _parse_list(*found, where=where)
    return to_result(FORMAT, items)


def parse_openstd(path: Path, *, hcno: str = "") -> ParseResult:
    """Read a saved openstd page (detail or result list) from a file."""
    path = Path(path)
    return parse_openstd_html(path.read_bytes(), where=path.name, hcno=hcno)
