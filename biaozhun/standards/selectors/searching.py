"""Searching the catalogue: cleaning the query, hydrating hits in order, facets and the Excel export."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards import search
from biaozhun.standards.models import (
    Edition,
    Level,
    Nature,
    Replacement,
    Status,
)
from biaozhun.standards.search import FacetValue, SearchQuery, SearchResult

MAX_QUERY_LENGTH = 100
MAX_NUMBER_LENGTH = 120  # Edition.number's own limit: anything longer cannot be a known number
PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500  # 10,000 results deep at 20 a page: nobody reads further, and deep offsets are slow
EXPORT_CAP = 5000
EXPORT_BATCH = 500
MAX_FILTER_VALUES = 30  # per facet: more than every class or field there is
FACET_SHOWN = 8  # values of a facet shown before "more"

SORTS: dict[str, Promise] = {
    "relevance": _("Relevance"),
    "-date": _("Newest first"),
    "date": _("Oldest first"),
    "number": _("Number"),
}
DEFAULT_SORT = "relevance"

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_CCS_CLASS = re.compile(r"^[A-Z]$")
_ICS_FIELD = re.compile(r"^[0-9]{2}$")
_YEAR = re.compile(r"^(19|20)[0-9]{2}$")

# The facets a search can filter by, in the order pages show them, and what a value must look like.
FACETS: dict[str, Promise] = {
    "status": _("Status"),
    "level": _("Level"),
    "nature": _("Nature"),
    "ccs_class": _("CCS class"),
    "ics_field": _("ICS field"),
    "year": _("Year"),
}
CHOICES: dict[str, Mapping[str, Any]] = {
    "level": dict(Level.choices),
    "status": dict(Status.choices),
    "nature": dict(Nature.choices),
}


def _well_formed(facet: str, value: str) -> bool:
    if facet in CHOICES:
        return value in CHOICES[facet]
    if facet == "ccs_class":
        return bool(_CCS_CLASS.match(value))
    if facet == "ics_field":
        return bool(_ICS_FIELD.match(value))
    if facet == "year":
        return bool(_YEAR.match(value))
    return False


def _normal_value(facet: str, value: str) -> str:
    value = CONTROL_CHARACTERS.sub("", str(value)).strip()
    return value.upper() if facet == "ccs_class" else value


def clean_query_text(text: str | None) -> str:
    """``text`` without control characters (PostgreSQL refuses NUL) or surrounding space, capped in length."""
    if not text:
        return ""
    return CONTROL_CHARACTERS.sub("", text).strip()[:MAX_QUERY_LENGTH]


def clean_filters(raw: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """The well-formed values of each known facet, without duplicates; everything else is dropped.

    Values are OR-ed within a facet and facets AND-ed with each other by the search, so a value
    that could never match (``level=planet``) would only empty the results: it is left out instead.
    """
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values: list[str] = []
        for value in raw.get(facet, ()):
            value = _normal_value(facet, value)
            if _well_formed(facet, value) and value not in values:
                values.append(value)
        if values:
            filters[facet] = tuple(values[:MAX_FILTER_VALUES])
    return filters


def clean_sort(sort: str | None) -> str:
    return sort if sort in SORTS else DEFAULT_SORT


def build_query(
    *,
    text: str = "",
    filters: Mapping[str, Iterable[str]] | None = None,
    sort: str | None = None,
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
    facets: bool = True,
) -> SearchQuery:
    """A ``SearchQuery`` from raw input: text cleaned, filters checked, sort and page bounded."""
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        number = 1
    return SearchQuery(
        text=clean_query_text(text),
        filters=clean_filters(filters or {}),
        sort=clean_sort(sort),
        page=max(1, min(number, MAX_PAGE)),
        per_page=max(1, min(per_page, max(MAX_PER_PAGE, EXPORT_BATCH))),
        facets=facets,
    )


# --- search ----------------------------------------------------------------------------------------


class SearchPaginator(Paginator):
    """Numbers the pages of a search without holding its rows: the search backend does the paging.

    ``count`` is the search's total; the pages stop at ``MAX_PAGE`` however many results there are.
    """

    def __init__(self, total: int, per_page: int) -> None:
        super().__init__(range(total), per_page)
        self.total = total

    @property
    def count(self) -> int:
        return self.total

    @property
    def num_pages(self) -> int:
        return max(1, min(math.ceil(self.total / self.per_page), MAX_PAGE))


class SearchPage(Page):
    """One page of hydrated editions; its bounds come from the numbering, not from the rows it holds."""

    def start_index(self) -> int:
        if self.paginator.count == 0:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return min(self.number * self.paginator.per_page, self.paginator.count)


def editions_in_order(ids: Sequence[int], queryset: QuerySet[Edition] | None = None) -> list[Edition]:
    """The editions with ``ids``, in that order, in one query; ids no longer in the database are dropped.

    The index can lag the database by a moment (an edition merged away, a test database reset), so
    a hit without a row is skipped rather than shown as a broken link.
    """
    if not ids:
        return []
    qs = queryset if queryset is not None else Edition.objects.all()
    rows = {e.pk: e for e in qs.select_related("work", "ccs", "ics").filter(pk__in=list(ids))}
    return [rows[pk] for pk in ids if pk in rows]


def edition_search(*, query: SearchQuery) -> tuple[SearchPage, SearchResult]:
    """The requested page of a search as editions in hit order, and the search's result (total, facets).

    A page past the end (an old link, an edited URL) gives the last page rather than an empty one.
    """
    query = replace(query, page=max(1, min(query.page, MAX_PAGE)), per_page=max(1, query.per_page))
    result = search.search(query)
    last = max(1, min(math.ceil(result.total / query.per_page), MAX_PAGE))
    if result.total and query.page > last:
        query = replace(query, page=last)
        result = search.search(query)
    paginator = SearchPaginator(result.total, query.per_page)
    editions = editions_in_order([hit.edition_id for hit in result.hits])
    return SearchPage(editions, query.page, paginator), result


def edition_export(*, query: SearchQuery, limit: int = EXPORT_CAP) -> tuple[int, Iterator[Edition]]:
    """The search's total, and up to ``limit`` of its editions in its order, with their replacements.

    The search is asked batch by batch (without facets), so a 5,000-row export never holds more
    than one batch of rows, and each batch is one query plus four for the replacements. The first
    batch is fetched at once, which gives the total for the export's note and warning.
    """
    queryset = Edition.objects.prefetch_related(
        "successor_links__successor", "predecessor_links__predecessor"
    )
    first = search.search(replace(query, page=1, per_page=EXPORT_BATCH, facets=False))

    def rows() -> Iterator[Edition]:
        result, page, sent = first, 1, 0
        while result.hits and sent < limit:
            batch = editions_in_order([hit.edition_id for hit in result.hits], queryset)
            for edition in batch[: limit - sent]:
                sent += 1
                yield edition
            if page * EXPORT_BATCH >= min(result.total, limit):
                return
            page += 1
            result = search.search(replace(query, page=page, per_page=EXPORT_BATCH, facets=False))

    return first.total, rows()


def export_headers() -> list[str]:
    return [
        gettext("Standard number"),
        gettext("Chinese title"),
        gettext("English title"),
        gettext("Status"),
        gettext("Level"),
        gettext("Nature"),
        gettext("Issued on"),
        gettext("Implemented on"),
        gettext("Withdrawn on"),
        gettext("CCS"),
        gettext("ICS"),
        gettext("Replaced by"),
        gettext("Replaces"),
    ]


def export_row(edition: Edition) -> list[Any]:
    """One spreadsheet row; replacement links marked (partial) where they are."""

    def numbers_of(links: Iterable[Replacement], side: str) -> str:
        parts = []
        for link in links:
            other = getattr(link, side)
            parts.append(
                gettext("%(number)s (partial)") % {"number": other.number} if link.partial else other.number
            )
        return "；".join(sorted(parts))

    return [
        edition.number,
        edition.title_zh,
        edition.title_en,
        edition.get_status_display(),
        edition.get_level_display(),
        edition.get_nature_display(),
        edition.issued_on,
        edition.implemented_on,
        edition.withdrawn_on,
        edition.ccs_codes.replace(";", "；"),
        edition.ics_codes.replace(";", "；"),
        numbers_of(edition.successor_links.all(), "successor"),
        numbers_of(edition.predecessor_links.all(), "predecessor"),
    ]


# --- facets ----------------------------------------------------------------------------------------


_CLASS_NAMES_SECONDS = 300.0
_class_names_cache: dict[tuple[str, str | None], tuple[float, dict[str, str]]] = {}


def _class_names(facet: str) -> dict[str, str]:
    """Names of the top-level CCS classes or ICS fields in the active language, kept for a few minutes:
    every search page labels them, and the code lists change only when reference data is reloaded."""
    key = (facet, get_language())
    now = time.monotonic()
    cached = _class_names_cache.get(key)
    if cached is not None and now - cached[0] < _CLASS_NAMES_SECONDS:
        return cached[1]
    if facet == "ccs_class":
        names = dict(CCSCode.objects.filter(level=1).values_list("code", "name_zh"))
    else:
        names = {row.code: row.label for row in ICSCode.objects.filter(level=1)}
    _class_names_cache[key] = (now, names)
    return names


def forget_class_names() -> None:
    """Drop the cached class names (after reference data is reloaded, and between tests)."""
    _class_names_cache.clear()


def facet_labels(facets: Mapping[str, Iterable[FacetValue | str]]) -> dict[str, dict[str, str]]:
    """Display labels for facet values: choice labels, "K 电工" for CCS classes, "29 …" for ICS fields.

    Only the values present are looked up (one query per code list), so labels follow the loaded
    code lists; a class the list does not know is shown by its code alone.
    """
    values: dict[str, list[str]] = {
        facet: [v.value if isinstance(v, FacetValue) else str(v) for v in items]
        for facet, items in facets.items()
    }
    labels: dict[str, dict[str, str]] = {}
    for facet, items in values.items():
        if facet in CHOICES:
            labels[facet] = {v: str(CHOICES[facet].get(v, v)) for v in items}
        elif facet in ("ccs_class", "ics_field"):
            names = _class_names(facet)
            labels[facet] = {v: f"{v} {names[v]}" if v in names else v for v in items}
        else:
            labels[facet] = {v: v for v in items}
    return labels


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str


@dataclass(frozen=True)
class FacetGroup:
    """One facet as a page shows it: the first options, the rest behind "more"."""

    key: str
    title: str
    options: list[FacetOption]
    more: list[FacetOption]


def facet_groups(result: SearchResult, filters: Mapping[str, Sequence[str]]) -> list[FacetGroup]:
    """The facets of a search with labels, counts and the values the visitor ticked.

    A ticked value the search no longer counts (it matches nothing now) is still listed, with 0,
    so it can be unticked.
    """
    counted: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        items = list(result.facets.get(facet, []))
        present = {item.value for item in items}
        items.extend(FacetValue(value=v, count=0) for v in filters.get(facet, ()) if v not in present)
        if facet == "year":
            items.sort(key=lambda item: item.value, reverse=True)
        else:
            items.sort(key=lambda item: (-item.count, item.value))
        counted[facet] = items
    labels = facet_labels(counted)
    groups = []
    for facet, title in FACETS.items():
        selected = set(filters.get(facet, ()))
        options = [
            FacetOption(
                value=item.value,
                label=labels[facet].get(item.value, item.value),
                count=item.count,
                selected=item.value in selected,
                input_id=f"facet-{facet}-{item.value}",
            )
            for item in counted[facet]
        ]
        if not options:
            continue
        # Ticked values stay in sight even when they fall behind "more".
        shown = options[:FACET_SHOWN] + [o for o in options[FACET_SHOWN:] if o.selected]
        more = [o for o in options[FACET_SHOWN:] if not o.selected]
        groups.append(FacetGroup(key=facet, title=str(title), options=shown, more=more))
    return groups
