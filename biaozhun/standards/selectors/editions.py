"""One edition: lookup by any spelling, its timeline, replacement chain, status banner and history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.core.access import get_visible_or_404
from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards import numbers
from biaozhun.standards.models import (
    Adoption,
    Edition,
    EditionChange,
    ImportFormat,
    Replacement,
    Status,
    Work,
)
from biaozhun.standards.selectors.searching import CHOICES, CONTROL_CHARACTERS, MAX_NUMBER_LENGTH

MAX_CHAIN_DEPTH = 50
MAX_HISTORY = 200

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
    number = CONTROL_CHARACTERS.sub("", number or "").strip()
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
_VALUE_CHOICES: dict[str, Mapping[str, Any]] = {**CHOICES, "adoption": dict(Adoption.choices)}


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
