"""Reading the catalogue: search results, an edition's page, replacement chains and browsing counts.

Shared by the pages and the API, so both answer the same question the same way. The search itself
is the ``standards.search`` package (a swappable backend that returns edition ids and facet counts);
this module turns its hits back into rows, in one query, and labels its facets for people. Every
function accepts any user input: bad filter values are dropped, not raised, because a visitor who
edits a URL should get a page, never a server error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.core.access import get_visible_or_404
from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards import numbers, search
from biaozhun.standards.models import (
    Adoption,
    Edition,
    EditionChange,
    ImportFormat,
    Level,
    Nature,
    Replacement,
    Status,
    Work,
)
from biaozhun.standards.search import FacetValue, SearchQuery, SearchResult

MAX_QUERY_LENGTH = 100
MAX_NUMBER_LENGTH = 120  # Edition.number's own limit: anything longer cannot be a known number
PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500  # 10,000 results deep at 20 a page: nobody reads further, and deep offsets are slow
EXPORT_CAP = 5000
EXPORT_BATCH = 500
MAX_CHAIN_DEPTH = 50
MAX_HISTORY = 200
MAX_FILTER_VALUES = 30  # per facet: more than every class or field there is
FACET_SHOWN = 8  # values of a facet shown before "more"

SORTS: dict[str, Promise] = {
    "relevance": _("Relevance"),
    "-date": _("Newest first"),
    "date": _("Oldest first"),
    "number": _("Number"),
}
DEFAULT_SORT = "relevance"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
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
_CHOICES: dict[str, Mapping[str, Any]] = {
    "level": dict(Level.choices),
    "status": dict(Status.choices),
    "nature": dict(Nature.choices),
}


def _well_formed(facet: str, value: str) -> bool:
    if facet in _CHOICES:
        return value in _CHOICES[facet]
    if facet == "ccs_class":
        return bool(_CCS_CLASS.match(value))
    if facet == "ics_field":
        return bool(_ICS_FIELD.match(value))
    if facet == "year":
        return bool(_YEAR.match(value))
    return False


def _normal_value(facet: str, value: str) -> str:
    value = _CONTROL.sub("", str(value)).strip()
    return value.upper() if facet == "ccs_class" else value


def clean_query_text(text: str | None) -> str:
    """``text`` without control characters (PostgreSQL refuses NUL) or surrounding space, capped in length."""
    if not text:
        return ""
    return _CONTROL.sub("", text).strip()[:MAX_QUERY_LENGTH]


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
        if facet in _CHOICES:
            labels[facet] = {v: str(_CHOICES[facet].get(v, v)) for v in items}
        elif facet == "ccs_class":
            names = dict(CCSCode.objects.filter(level=1, code__in=items).values_list("code", "name_zh"))
            labels[facet] = {v: f"{v} {names[v]}" if v in names else v for v in items}
        elif facet == "ics_field":
            rows = ICSCode.objects.filter(level=1, code__in=items)
            names = {row.code: row.label for row in rows}
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


# --- one edition -----------------------------------------------------------------------------------


def _parse(text: str) -> numbers.StandardNumber | None:
    try:
        parsed = numbers.try_parse(text)
    except Exception:  # the grammar refusing odd input must not become a server error
        return None
    if parsed is None or isinstance(parsed, numbers.InvalidNumber):
        return None
    return parsed


def edition_detail(number: str, *, user: Any = None) -> Edition:
    """The edition a visitor means by ``number``, or 404.

    The number as stored is tried first; otherwise it is normalised by the number grammar, so that
    ``gbt 12771-2019`` finds ``GB/T 12771-2019`` (the view then redirects to the canonical address).
    A number without a year (``GB/T 12771``) means the work: its edition in force, else its latest.
    """
    number = _CONTROL.sub("", number or "").strip()
    if not number or len(number) > MAX_NUMBER_LENGTH * 2:
        raise Http404
    editions = Edition.objects.select_related("work", "ccs", "ics")
    if len(number) <= MAX_NUMBER_LENGTH and editions.filter(number=number).exists():
        return get_visible_or_404(editions, user, number=number)
    parsed = _parse(number)
    if parsed is None:
        raise Http404
    if parsed.year is not None:
        return get_visible_or_404(editions, user, number=parsed.canonical)
    work = get_visible_or_404(Work, user, key=parsed.work_key)
    latest = work_editions(work).order_by(
        "-status_rank", F("year").desc(nulls_last=True), F("implemented_on").desc(nulls_last=True)
    )
    edition = latest.first()
    if edition is None:
        raise Http404
    return edition


def work_editions(work: Work) -> QuerySet[Edition]:
    """The editions of ``work``, annotated with ``status_rank`` (1 for the one in force) for ordering."""
    return (
        Edition.objects.filter(work=work)
        .select_related("work", "ccs", "ics")
        .annotate(
            status_rank=Case(
                When(status=Status.CURRENT, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
    )


def edition_timeline(edition: Edition) -> list[Edition]:
    """Every edition of the same work, oldest first (undated ones last), with their status."""
    return list(
        Edition.objects.filter(work_id=edition.work_id)
        .only("pk", "number", "year", "status", "title_zh", "title_en", "implemented_on", "work_id")
        .order_by(F("year").asc(nulls_last=True), "number")
    )


@dataclass(frozen=True)
class ChainLink:
    """One edition in a replacement chain, seen from the edition whose page it is.

    ``depth`` is 1 for an edition that directly replaces (or is replaced by) it, 2 for the next and
    so on; ``via`` is the nearer edition this one is linked to, and ``partial`` says that link is a
    partial replacement (部分代替).
    """

    edition: Edition
    depth: int
    partial: bool
    via: Edition


@dataclass(frozen=True)
class ReplacementChain:
    """Where an edition stands among those it replaced and those that replaced it.

    ``predecessors`` run from the oldest back to the nearest; ``successors`` from the nearest on to
    the newest. ``cycle`` says a link led back to an edition already in the chain (imports refuse
    such links, but the rows can be edited by hand); ``truncated`` that the depth bound was reached.
    """

    edition: Edition
    predecessors: list[ChainLink] = field(default_factory=list)
    successors: list[ChainLink] = field(default_factory=list)
    cycle: bool = False
    truncated: bool = False

    @property
    def replaces(self) -> list[ChainLink]:
        return [link for link in self.predecessors if link.depth == 1]

    @property
    def replaced_by(self) -> list[ChainLink]:
        return [link for link in self.successors if link.depth == 1]

    @property
    def is_empty(self) -> bool:
        return not self.predecessors and not self.successors


@dataclass
class _Walk:
    """One direction of a chain walk: the links found so far and the editions to continue from."""

    towards: str  # "predecessor" or "successor": the side of a Replacement row being collected
    frontier: dict[int, Edition]
    links: list[ChainLink] = field(default_factory=list)
    found: set[int] = field(default_factory=set)

    @property
    def here(self) -> str:
        return "successor" if self.towards == "predecessor" else "predecessor"

    def continues(self) -> bool:
        """Do links go on beyond where the walk stopped (it hit the depth bound)?"""
        return (
            bool(self.frontier)
            and Replacement.objects.filter(**{f"{self.here}_id__in": list(self.frontier)}).exists()
        )


def _step(walk: _Walk, other_side: _Walk, *, depth: int, start: int) -> bool:
    """Advance ``walk`` one level (one query); True when a link led back into the chain (a cycle).

    An edition reached again on the same side is a diamond (split then merged), not a cycle; one
    that is the start edition or already on the other side can only be reached through a cycle.
    """
    rows = (
        Replacement.objects.filter(**{f"{walk.here}_id__in": list(walk.frontier)})
        .select_related(walk.towards)
        .order_by(F(f"{walk.towards}__year").asc(nulls_last=True), f"{walk.towards}__number")
    )
    cycle = False
    frontier: dict[int, Edition] = {}
    for row in rows:
        other: Edition = getattr(row, walk.towards)
        if other.pk == start or other.pk in other_side.found:
            cycle = True
            continue
        if other.pk in walk.found:
            continue
        walk.found.add(other.pk)
        frontier[other.pk] = other
        via = walk.frontier[getattr(row, f"{walk.here}_id")]
        walk.links.append(ChainLink(edition=other, depth=depth, partial=row.partial, via=via))
    walk.frontier = frontier
    return cycle


def replacement_chain(edition: Edition, *, max_depth: int = MAX_CHAIN_DEPTH) -> ReplacementChain:
    """The editions ``edition`` replaced, back to the first, and those that replaced it, on to the last.

    Both directions advance together, one level (one query) at a time, so in a bad set of rows the
    nearer relation wins; a link back into the chain (a cycle) is reported and not followed, and
    neither direction goes beyond ``max_depth`` steps, so no set of rows can hang a page.
    """
    back = _Walk(towards="predecessor", frontier={edition.pk: edition})
    forward = _Walk(towards="successor", frontier={edition.pk: edition})
    cycle = False
    for depth in range(1, max_depth + 1):
        if not back.frontier and not forward.frontier:
            break
        for walk, other_side in ((back, forward), (forward, back)):
            if walk.frontier:
                cycle = _step(walk, other_side, depth=depth, start=edition.pk) or cycle
    back.links.sort(key=lambda link: -link.depth)  # oldest first, stable within a level
    return ReplacementChain(
        edition=edition,
        predecessors=back.links,
        successors=forward.links,
        cycle=cycle,
        truncated=any(walk.continues() for walk in (back, forward)),
    )


@dataclass(frozen=True)
class StatusBanner:
    """What the top of an edition's page says about its status; the template words it.

    ``kind`` is one of replaced, withdrawn, upcoming, current, to_be_replaced, partly_replaced,
    to_be_partly_replaced and unknown; ``tone`` picks the colour (ok, warn, danger, muted).
    """

    kind: str
    tone: str
    date: dt.date | None = None
    links: list[ChainLink] = field(default_factory=list)


def _not_yet_in_force(edition: Edition, today: dt.date) -> bool:
    return edition.status == Status.UPCOMING or (
        edition.implemented_on is not None and edition.implemented_on > today
    )


def status_banner(edition: Edition, chain: ReplacementChain, *, today: dt.date | None = None) -> StatusBanner:
    """The one sentence a visitor needs first: may this edition be used, and if not, which one instead."""
    today = today or timezone.localdate()
    whole = [link for link in chain.replaced_by if not link.partial]
    partial = [link for link in chain.replaced_by if link.partial]
    if edition.status == Status.REPLACED or (edition.status == Status.WITHDRAWN and whole):
        return StatusBanner(kind="replaced", tone="danger", date=edition.withdrawn_on, links=whole or partial)
    if edition.status == Status.WITHDRAWN:
        return StatusBanner(kind="withdrawn", tone="danger", date=edition.withdrawn_on)
    if edition.status == Status.UPCOMING:
        return StatusBanner(kind="upcoming", tone="warn", date=edition.implemented_on)
    if edition.status == Status.CURRENT:
        coming = [link for link in whole if _not_yet_in_force(link.edition, today)]
        if coming:
            return StatusBanner(
                kind="to_be_replaced", tone="warn", date=coming[0].edition.implemented_on, links=coming
            )
        if partial:
            coming = [link for link in partial if _not_yet_in_force(link.edition, today)]
            if len(coming) == len(partial):
                return StatusBanner(
                    kind="to_be_partly_replaced",
                    tone="ok",
                    date=coming[0].edition.implemented_on,
                    links=coming,
                )
            return StatusBanner(kind="partly_replaced", tone="ok", links=partial)
        return StatusBanner(kind="current", tone="ok", date=edition.implemented_on)
    return StatusBanner(kind="unknown", tone="muted")


@dataclass(frozen=True)
class CodeRef:
    """A classification code printed on an edition, with its name and page when the code list has it."""

    code: str
    label: str = ""
    url: str = ""


def edition_codes(edition: Edition) -> tuple[list[CodeRef], list[CodeRef]]:
    """The edition's CCS and ICS codes, each linked to its reference page when the list knows it."""
    ccs = [c for c in (part.strip() for part in edition.ccs_codes.split(";")) if c]
    ics = [c for c in (part.strip() for part in edition.ics_codes.split(";")) if c]
    ccs_rows = {row.code: row for row in CCSCode.objects.filter(code__in=ccs)} if ccs else {}
    ics_rows = {row.code: row for row in ICSCode.objects.filter(code__in=ics)} if ics else {}

    def ref(code: str, rows: Mapping[str, Any]) -> CodeRef:
        row = rows.get(code)
        return CodeRef(code=code, label=row.label, url=row.get_absolute_url()) if row else CodeRef(code=code)

    return [ref(c, ccs_rows) for c in ccs], [ref(c, ics_rows) for c in ics]


def source_label(edition: Edition) -> str:
    """The source an edition was last read from, named as the import page names it."""
    if edition.is_inferred and edition.source in ("", "inferred"):
        return gettext("Named by another edition")
    labels = dict(ImportFormat.choices)
    return str(labels.get(edition.source, edition.source))


def drafting_organisations(edition: Edition) -> list[str]:
    """The drafting organisations as a list (imports join them with "；")."""
    return [part.strip() for part in re.split(r"[；;\n]", edition.drafting_organisations) if part.strip()]


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its label and values as people read them, and the values as stored."""

    name: str
    label: str
    before: str
    after: str
    before_value: Any = None
    after_value: Any = None


@dataclass(frozen=True)
class HistoryEntry:
    """One ``EditionChange`` ready to show: when, what kind, from which import, and each field's values."""

    changed_at: dt.datetime
    kind: str
    kind_label: str
    file_name: str
    fields: list[FieldChange]


_KIND_LABELS: dict[str, Promise] = {
    "created": _("Added to the catalogue"),
    "updated": _("Updated by an import"),
    "dates": _("Status changed with the calendar"),
    "replacement": _("Replacement linked"),
}
_EXTRA_FIELD_LABELS: dict[str, Promise] = {
    "replaces": _("replaces"),
    "replaced_by": _("replaced by"),
    "ccs_id": _("CCS category"),
    "ics_id": _("ICS code"),
}
_VALUE_CHOICES: dict[str, Mapping[str, Any]] = {**_CHOICES, "adoption": dict(Adoption.choices)}


def _field_label(name: str) -> str:
    if name in _EXTRA_FIELD_LABELS:
        return str(_EXTRA_FIELD_LABELS[name])
    try:
        model_field = Edition._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(model_field, "verbose_name", name))


def _value_text(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    choices = _VALUE_CHOICES.get(name)
    if choices is not None and value in choices:
        return str(choices[value])
    return str(value)


def edition_history(edition: Edition, *, limit: int = MAX_HISTORY) -> list[HistoryEntry]:
    """What imports and the daily status task changed on ``edition``, newest first, with the import's file."""
    rows = EditionChange.objects.filter(edition=edition).select_related("run").order_by("-changed_at", "-id")
    entries = []
    for row in rows[:limit]:
        changes = row.changes if isinstance(row.changes, dict) else {}
        fields = []
        for name, pair in changes.items():
            before, after = (
                (pair[0], pair[1]) if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            )
            fields.append(
                FieldChange(
                    name=name,
                    label=_field_label(name),
                    before=_value_text(name, before),
                    after=_value_text(name, after),
                    before_value=before,
                    after_value=after,
                )
            )
        entries.append(
            HistoryEntry(
                changed_at=row.changed_at,
                kind=row.kind,
                kind_label=str(_KIND_LABELS.get(row.kind, row.kind)),
                file_name=row.run.file_name if row.run is not None else "",
                fields=fields,
            )
        )
    return entries


# --- browsing by classification --------------------------------------------------------------------


@dataclass(frozen=True)
class BrowseCategory:
    code: str
    label: str
    count: int
    reference_url: str
    search_url: str


@dataclass(frozen=True)
class BrowseClass:
    """A CCS class or ICS field with its editions, and its categories (CCS) or codes (ICS) with theirs.

    ``other`` counts the class's editions whose code is not in the loaded code list.
    """

    code: str
    label: str
    count: int
    search_url: str
    categories: list[BrowseCategory]

    @property
    def other(self) -> int:
        return max(0, self.count - sum(c.count for c in self.categories))


@dataclass(frozen=True)
class BrowseTree:
    classes: list[BrowseClass]
    unclassified: int
    total: int


def _search_url(**params: str) -> str:
    return f"{reverse('standards:search')}?{urlencode(params)}"


def ccs_tree_counts(*, only: str = "") -> BrowseTree:
    """Editions per CCS class (``Edition.ccs_class``) and per category (``Edition.ccs``), with names.

    Three grouped queries whatever the catalogue's size. ``only`` (a class letter) limits the
    classes listed; the total and unclassified count stay those of the whole catalogue.
    """
    only = only.strip().upper()[:1]
    per_class = dict(
        Edition.objects.exclude(ccs_class="").order_by().values_list("ccs_class").annotate(n=Count("pk"))
    )
    if only:
        per_class = {k: v for k, v in per_class.items() if k == only}
    names = dict(CCSCode.objects.filter(level=1, code__in=list(per_class)).values_list("code", "name_zh"))
    categories: dict[str, list[BrowseCategory]] = defaultdict(list)
    rows = (
        Edition.objects.filter(ccs__code__isnull=False)
        .order_by()
        .values_list("ccs__code", "ccs__name_zh", "ccs__sort_key")
        .annotate(n=Count("pk"))
        .order_by("ccs__sort_key")
    )
    if only:
        rows = rows.filter(ccs__code__startswith=only)
    for code, name, _sort, n in rows:
        categories[code[:1]].append(
            BrowseCategory(
                code=code,
                label=name,
                count=n,
                reference_url=reverse("reference:ccs_detail", kwargs={"code": code}),
                search_url=_search_url(ccs_class=code[:1], q=code),
            )
        )
    classes = [
        BrowseClass(
            code=code,
            label=names.get(code, ""),
            count=per_class[code],
            search_url=_search_url(ccs_class=code),
            categories=categories.get(code, []),
        )
        for code in sorted(per_class)
    ]
    return BrowseTree(
        classes=classes,
        unclassified=Edition.objects.filter(ccs_class="").count(),
        total=Edition.objects.count(),
    )


def ics_tree_counts(*, only: str = "") -> BrowseTree:
    """Editions per ICS field (``Edition.ics_field``) and per ICS code (``Edition.ics``), with titles."""
    only = only.strip()[:2]
    per_field = dict(
        Edition.objects.exclude(ics_field="").order_by().values_list("ics_field").annotate(n=Count("pk"))
    )
    if only:
        per_field = {k: v for k, v in per_field.items() if k == only}
    titles = {row.code: row.label for row in ICSCode.objects.filter(level=1, code__in=list(per_field))}
    codes: dict[str, list[BrowseCategory]] = defaultdict(list)
    rows = (
        Edition.objects.filter(ics__code__isnull=False)
        .order_by()
        .values_list("ics__code", "ics__title_zh", "ics__title_en", "ics__field_code")
        .annotate(n=Count("pk"))
        .order_by("ics__code")
    )
    if only:
        rows = rows.filter(ics__field_code=only)
    for code, title_zh, title_en, field_code, n in rows:
        codes[field_code].append(
            BrowseCategory(
                code=code,
                label=title_zh or title_en,
                count=n,
                reference_url=reverse("reference:ics_detail", kwargs={"code": code}),
                search_url=_search_url(ics_field=field_code, q=code),
            )
        )
    fields = [
        BrowseClass(
            code=code,
            label=titles.get(code, ""),
            count=per_field[code],
            search_url=_search_url(ics_field=code),
            categories=codes.get(code, []),
        )
        for code in sorted(per_field)
    ]
    return BrowseTree(
        classes=fields,
        unclassified=Edition.objects.filter(ics_field="").count(),
        total=Edition.objects.count(),
    )


def edition_count() -> int:
    """Editions in the catalogue: the figure the home page shows."""
    return Edition.objects.count()
