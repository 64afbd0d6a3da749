"""Public JSON API of the standards catalogue, mounted at /api/standards/.

A search endpoint (the same query, filters, sorts and facets as the search page) and a detail
endpoint by standard number. Every input is bounded in the schema (lengths, patterns, enums, page
numbers) so that odd input gets a 422 and an unknown number a JSON 404, never a server error.
Numbers contain slashes and spaces (``GB/T 12771-2019``), hence the path converter borrowed from
the reference API: the number is the rest of the path.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.urls import register_converter
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import StringConstraints

from biaozhun.reference.api import AnyCodeConverter
from biaozhun.standards import selectors
from biaozhun.standards.models import Edition, Level, Nature, Status

router = Router()

register_converter(AnyCodeConverter, "anynumber")

CCSClass = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]$")]
ICSField = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
Year = Annotated[int, Field(ge=1900, le=2100)]
_MAX = selectors.MAX_FILTER_VALUES


class Message(Schema):
    detail: str


class ValidationErrorOut(Schema):
    """ninja's answer to a query parameter out of bounds (status 422)."""

    detail: list[dict[str, Any]]


class SearchParams(Schema):
    q: str = Field(
        "",
        max_length=selectors.MAX_QUERY_LENGTH,
        description="A standard number (any common spelling, with or without its year) or words of the title.",
    )
    status: list[Status] = Field([], max_length=_MAX, description="Repeatable; values are OR-ed.")
    level: list[Level] = Field([], max_length=_MAX, description="Repeatable; values are OR-ed.")
    nature: list[Nature] = Field([], max_length=_MAX, description="Repeatable; values are OR-ed.")
    ccs_class: list[CCSClass] = Field(
        [], max_length=_MAX, description="CCS class letter, e.g. K. Repeatable."
    )
    ics_field: list[ICSField] = Field(
        [], max_length=_MAX, description="Two-digit ICS field, e.g. 29. Repeatable."
    )
    year: list[Year] = Field([], max_length=_MAX, description="Year of the edition. Repeatable.")
    sort: str = Field(
        selectors.DEFAULT_SORT,
        pattern=r"^(relevance|-date|date|number)$",
        description="relevance, -date (newest first), date (oldest first) or number.",
    )
    page: int = Field(1, ge=1, le=selectors.MAX_PAGE)
    per_page: int = Field(selectors.PER_PAGE, ge=1, le=selectors.MAX_PER_PAGE)


class EditionOut(Schema):
    number: str
    title_zh: str
    title_en: str
    status: str = Field(description="current, upcoming, withdrawn, replaced or unknown.")
    level: str
    nature: str
    year: int | None
    issued_on: dt.date | None
    implemented_on: dt.date | None
    withdrawn_on: dt.date | None
    url: str = Field(description="The edition's public page.")

    @staticmethod
    def resolve_url(obj: Edition | dict[str, Any]) -> str:
        # Search items are editions; the detail endpoint answers a dict that already holds the url.
        return obj["url"] if isinstance(obj, dict) else obj.get_absolute_url()


class FacetCountOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int
    page: int
    per_page: int
    items: list[EditionOut]
    facets: dict[str, list[FacetCountOut]] = Field(description="Counts per facet value for the whole result.")


class EditionRefOut(Schema):
    number: str
    title_zh: str
    status: str
    year: int | None
    url: str
    partial: bool = Field(False, description="A partial replacement (部分代替).")


class FieldChangeOut(Schema):
    field: str
    before: Any = Field(description="The value as stored before the change (dates as ISO text).")
    after: Any


class HistoryOut(Schema):
    changed_at: dt.datetime
    kind: str
    file_name: str
    changes: list[FieldChangeOut]


class EditionDetailOut(EditionOut):
    source_status: str = Field(description="The status word of the source (现行, 废止, 有更新版 …).")
    ccs_codes: list[str]
    ics_codes: list[str]
    responsible_body: str
    technical_committee: str
    issuing_body: str
    drafting_organisations: list[str]
    adoption: str
    adopted_number: str
    keywords: str
    notes: str
    source: str
    source_url: str = Field(description="The official page of the edition, when the source gave one.")
    last_seen_at: dt.datetime | None
    is_inferred: bool = Field(
        description="Known only because another edition names it as replaced or replacing."
    )
    replaces: list[EditionRefOut] = Field(description="Editions this one replaces directly.")
    replaced_by: list[EditionRefOut] = Field(description="Editions that replace this one directly.")
    editions: list[EditionRefOut] = Field(description="Every edition of the same standard, oldest first.")
    history: list[HistoryOut] = Field(description="Changes recorded by imports, newest first.")


# The fields the detail answer copies from the edition as they are; the rest are built below.
_DETAIL_FIELDS = (
    *(name for name in EditionOut.model_fields if name != "url"),
    "source_status",
    "responsible_body",
    "technical_committee",
    "issuing_body",
    "adoption",
    "adopted_number",
    "keywords",
    "notes",
    "source",
    "source_url",
    "last_seen_at",
    "is_inferred",
)


def _ref(edition: Edition, *, partial: bool = False) -> dict[str, Any]:
    return {
        "number": edition.number,
        "title_zh": edition.title_zh,
        "status": edition.status,
        "year": edition.year,
        "url": edition.get_absolute_url(),
        "partial": partial,
    }


@router.get(
    "/search",
    response={200: SearchOut, 422: ValidationErrorOut},
    url_name="standards_search",
    summary="Search the standards catalogue",
    description="Full-text and number search with filters (repeat a parameter to OR its values), "
    "sorting, paging and facet counts, as on the search page.",
)
def standards_search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    query = selectors.build_query(
        text=params.q,
        filters={
            "status": [str(v.value) for v in params.status],
            "level": [str(v.value) for v in params.level],
            "nature": [str(v.value) for v in params.nature],
            "ccs_class": [v.upper() for v in params.ccs_class],
            "ics_field": list(params.ics_field),
            "year": [str(v) for v in params.year],
        },
        sort=params.sort,
        page=params.page,
        per_page=params.per_page,
    )
    page, result = selectors.edition_search(query=query)
    labels = selectors.facet_labels(result.facets)
    return {
        "total": result.total,
        "page": page.number,
        "per_page": query.per_page,
        "items": list(page),
        "facets": {
            facet: [
                {"value": v.value, "label": labels.get(facet, {}).get(v.value, v.value), "count": v.count}
                for v in values
            ]
            for facet, values in result.facets.items()
        },
    }


@router.get(
    "/editions/{anynumber:number}",
    response={200: EditionDetailOut, 404: Message},
    url_name="standards_edition_detail",
    summary="One edition with its replacements, its other editions and its history",
    description="The number may be spelt in any common way (gbt 12771-2019); the answer gives the "
    "canonical number. A number without a year gives the edition in force.",
)
def standards_edition_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    try:
        edition = selectors.edition_detail(number, user=getattr(request, "auth", None))
    except Http404 as exc:
        raise HttpError(404, "Unknown standard number.") from exc
    chain = selectors.replacement_chain(edition, max_depth=1)
    ccs, ics = selectors.edition_codes(edition)
    return {
        **{name: getattr(edition, name) for name in _DETAIL_FIELDS},
        "url": edition.get_absolute_url(),
        "ccs_codes": [ref.code for ref in ccs],
        "ics_codes": [ref.code for ref in ics],
        "drafting_organisations": selectors.drafting_organisations(edition),
        "replaces": [_ref(link.edition, partial=link.partial) for link in chain.replaces],
        "replaced_by": [_ref(link.edition, partial=link.partial) for link in chain.replaced_by],
        "editions": [_ref(other) for other in selectors.edition_timeline(edition)],
        "history": [
            {
                "changed_at": entry.changed_at,
                "kind": entry.kind,
                "file_name": entry.file_name,
                "changes": [
                    {"field": c.name, "before": c.before_value, "after": c.after_value} for c in entry.fields
                ],
            }
            for entry in selectors.edition_history(edition, limit=50)
        ],
    }
