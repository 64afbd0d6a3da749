"""What a validity check (查新) says about one standard number, given what the catalogue knows.

Pure: no ORM and no I/O. ``selectors.catalogue_facts`` gathers the facts for a whole list in a few
set-based queries; this module decides, entry by entry, so the rules are table-tested on their own.

The rules, in the words an enterprise reads them:

- ``current``: the edition named is in force (or comes into force on its date and replaces
  nothing newer) and no newer edition is on its way.
- ``upcoming_replacement``: it is in force, but a newer edition has been issued and comes into
  force on a given date: use it from then.
- ``replaced``: a newer edition replaces it. The chain of replacements is followed to its end
  (GB/T 1.1-2000 → -2009 → -2020 gives -2020), and a partial replacement (部分代替) anywhere on the
  way is said.
- ``withdrawn``: withdrawn (废止) with nothing to use instead — or replaced by editions that were
  themselves withdrawn since.
- ``undated``: a reference without a year (GB/T 1.1) means its latest edition (GB/T 1.1 standard
  practice for undated normative references): it is resolved to the edition in force.
- ``not_found``: the catalogue does not hold the number (未收录). Never "withdrawn": the catalogue
  not knowing a standard says nothing about its status.
- ``invalid``: the text is not a standard number; the reason says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from django.utils.translation import gettext as _

from biaozhun.standards import numbers


class Verdict(StrEnum):
    CURRENT = "current"
    UPCOMING_REPLACEMENT = "upcoming_replacement"
    REPLACED = "replaced"
    WITHDRAWN = "withdrawn"
    UNDATED = "undated"
    NOT_FOUND = "not_found"
    INVALID = "invalid"


# Edition statuses of the catalogue (standards.models.Status), as plain strings: no ORM here.
CURRENT, UPCOMING, WITHDRAWN, REPLACED, UNKNOWN = "current", "upcoming", "withdrawn", "replaced", "unknown"
IN_FORCE = (CURRENT, UPCOMING, UNKNOWN)  # what an edition with no newer one can be used as


class EditionFact(NamedTuple):
    """What a check needs to know of one edition (a tuple: a check builds tens of thousands, and a
    frozen dataclass costs several times as much to make)."""

    id: int
    number: str
    status: str
    title: str
    work_key: str
    year: int | None
    implemented_on: dt.date | None = None
    withdrawn_on: dt.date | None = None


class Successor(NamedTuple):
    edition_id: int
    partial: bool


@dataclass
class Facts:
    """The part of the catalogue a check looks at: editions by number and by work, and the
    replacement links leaving each edition (predecessor id → successors)."""

    by_number: dict[str, EditionFact] = field(default_factory=dict)
    by_work: dict[str, list[EditionFact]] = field(default_factory=dict)
    by_id: dict[int, EditionFact] = field(default_factory=dict)
    successors: dict[int, list[Successor]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """The answer for one number. ``edition`` is the edition the input names (for an undated
    reference, the one it resolves to); ``replacement`` the edition to use instead, if any."""

    verdict: Verdict
    canonical: str | None
    edition: EditionFact | None = None
    replacement: EditionFact | None = None
    replacements: tuple[EditionFact, ...] = ()  # every end of a chain that splits
    partial: bool = False
    reason: str = ""

    @property
    def status(self) -> str | None:
        return self.edition.status if self.edition else None

    @property
    def title(self) -> str:
        return self.edition.title if self.edition else ""

    @property
    def effective_date(self) -> dt.date | None:
        """When the replacement comes (or came) into force."""
        return self.replacement.implemented_on if self.replacement else None


MAX_CHAIN = 50  # longer chains are data errors; cycles are refused at import, this guards anyway


def _newest(editions: list[EditionFact]) -> EditionFact:
    return max(editions, key=lambda e: (e.year or 0, e.number))


def chain_ends(start: EditionFact, facts: Facts) -> tuple[list[EditionFact], bool]:
    """The editions at the end of every replacement chain leaving ``start``, and whether any link
    on the way is partial. An end is an edition nothing replaces (yet)."""
    ends: dict[int, EditionFact] = {}
    partial = False
    frontier = [start.id]
    seen = {start.id}
    for _step in range(MAX_CHAIN):
        following: list[int] = []
        for edition_id in frontier:
            for link in facts.successors.get(edition_id, ()):
                partial = partial or link.partial
                if link.edition_id in seen or link.edition_id not in facts.by_id:
                    continue
                seen.add(link.edition_id)
                following.append(link.edition_id)
            if edition_id != start.id and not facts.successors.get(edition_id):
                ends[edition_id] = facts.by_id[edition_id]
        if not following:
            break
        frontier = following
    return sorted(ends.values(), key=lambda e: e.number), partial


def _upcoming_successor(edition: EditionFact, facts: Facts) -> EditionFact | None:
    upcoming = [
        facts.by_id[link.edition_id]
        for link in facts.successors.get(edition.id, ())
        if link.edition_id in facts.by_id and facts.by_id[link.edition_id].status == UPCOMING
    ]
    return _newest(upcoming) if upcoming else None


def _newer_in_work(edition: EditionFact, facts: Facts) -> EditionFact | None:
    """The newest edition of the same work in force, when it is newer than ``edition``: what a
    source calls replaced without saying by what is replaced by that."""
    newer = [
        e
        for e in facts.by_work.get(edition.work_key, ())
        if e.status in (CURRENT, UPCOMING) and (e.year or 0) > (edition.year or 0)
    ]
    return _newest(newer) if newer else None


def judge_edition(edition: EditionFact, facts: Facts) -> Finding:
    """The verdict on one dated edition of the catalogue."""
    if edition.status in (REPLACED, WITHDRAWN):
        ends, partial = chain_ends(edition, facts)
        usable = [e for e in ends if e.status in IN_FORCE]
        if not ends:
            fallback = _newer_in_work(edition, facts)
            if fallback is not None:
                return Finding(Verdict.REPLACED, edition.number, edition, fallback, (fallback,), partial)
            if edition.status == REPLACED:
                return Finding(
                    Verdict.REPLACED,
                    edition.number,
                    edition,
                    reason=_("The catalogue says it is replaced but does not name the replacing edition."),
                )
            return Finding(Verdict.WITHDRAWN, edition.number, edition)
        if not usable:
            return Finding(
                Verdict.WITHDRAWN,
                edition.number,
                edition,
                partial=partial,
                reason=_("It was replaced by %(numbers)s, since withdrawn in turn.")
                % {"numbers": "、".join(e.number for e in ends)},
            )
        return Finding(Verdict.REPLACED, edition.number, edition, usable[0], tuple(usable), partial)
    # In force, coming into force, or of unknown status: current, unless a newer edition is coming.
    upcoming = _upcoming_successor(edition, facts)
    if upcoming is not None:
        partial = any(
            link.partial for link in facts.successors.get(edition.id, ()) if link.edition_id == upcoming.id
        )
        return Finding(Verdict.UPCOMING_REPLACEMENT, edition.number, edition, upcoming, (upcoming,), partial)
    return Finding(Verdict.CURRENT, edition.number, edition)


def judge(parsed: numbers.StandardNumber | numbers.InvalidNumber, facts: Facts) -> Finding:
    """The verdict on one number as read by the number grammar."""
    if isinstance(parsed, numbers.InvalidNumber):
        return Finding(Verdict.INVALID, None, reason=parsed.message)
    if parsed.year is not None:
        edition = facts.by_number.get(parsed.canonical)
        if edition is None:
            return Finding(Verdict.NOT_FOUND, parsed.canonical)
        return judge_edition(edition, facts)
    editions = facts.by_work.get(parsed.work_key, [])
    if not editions:
        return Finding(Verdict.NOT_FOUND, parsed.canonical)
    in_force = [e for e in editions if e.status == CURRENT]
    if in_force:
        return Finding(Verdict.UNDATED, parsed.canonical, _newest(in_force))
    # No edition in force: what the newest edition's verdict is, the undated reference's is too.
    newest = judge_edition(_newest(editions), facts)
    return Finding(
        newest.verdict if newest.verdict != Verdict.CURRENT else Verdict.UNDATED,
        parsed.canonical,
        newest.edition,
        newest.replacement,
        newest.replacements,
        newest.partial,
        newest.reason,
    )
