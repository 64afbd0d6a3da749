"""Replacement links between editions, as imports find them: read both ways, stored once, never a cycle.

Sources disagree on which way "被代替标准" points, so the import reads ``replaces`` and
``replaced_by`` from every record and turns both into predecessor → successor links. Links are
stored after every row of a file is in, since a file may name an edition before the row describing it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from biaozhun.standards import numbers
from biaozhun.standards.models import Edition, ImportRun, Replacement, Status
from biaozhun.standards.services import bulk
from biaozhun.standards.services.editions import (
    NEW_EDITION,
    Row,
    change_rows,
    ids_for,
    new_edition_row,
    works_for,
)
from biaozhun.standards.sources.records import RowProblem


class Link(NamedTuple):
    """One replacement a record states. A tuple, not a dataclass: an import of a million rows sends
    half a million of these from its reading processes, and tuples pickle several times faster."""

    line: int
    predecessor: str
    successor: str
    partial: bool


def links_from(
    row: Row, *, read: Callable[[str], numbers.StandardNumber | numbers.InvalidNumber]
) -> tuple[list[Link], list[RowProblem]]:
    """The links one record states, and a problem for each replacement number that cannot be read."""
    links: list[Link] = []
    problems: list[RowProblem] = []
    own = row.number.canonical
    for text, partial, own_is_successor in [
        *((t, p, True) for t, p in row.replaces),
        *((t, p, False) for t, p in row.replaced_by),
    ]:
        other = read(text)
        if isinstance(other, numbers.InvalidNumber) or other.year is None:
            reason = (
                other.message
                if isinstance(other, numbers.InvalidNumber)
                else gettext("the number has no year")
            )
            problems.append(
                RowProblem(
                    line=row.line,
                    number=own,
                    reason=gettext("Replacement “%(number)s” was not linked: %(reason)s")
                    % {"number": text, "reason": reason},
                )
            )
            continue
        if other.canonical == own:
            continue
        pred, succ = (other.canonical, own) if own_is_successor else (own, other.canonical)
        links.append(Link(line=row.line, predecessor=pred, successor=succ, partial=partial))
    return links, problems


def _reaches(graph: dict[int, set[int]], start: int, goal: int) -> bool:
    """Does following ``graph`` (predecessor → successors) from ``start`` arrive at ``goal``?"""
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _create_inferred(missing: list[str], *, today: dt.date, now: dt.datetime) -> None:
    parsed = [numbers.parse(n, today=today) for n in missing]
    work_ids = works_for(parsed)
    inferred = {"status": Status.UNKNOWN, "source": "inferred", "is_inferred": True}
    bulk.insert(
        Edition,
        NEW_EDITION,
        (
            new_edition_row(
                p.canonical,
                work_ids[p.work_key],
                now,
                {**inferred, "level": str(p.level), "nature": str(p.nature), "code": p.code, "year": p.year},
            )
            for p in parsed
        ),
        ignore_conflicts=True,
    )


@transaction.atomic
def replacements_link(
    *,
    links: list[Link],
    run: ImportRun | None,
    today: dt.date,
    new_ids: set[int] | frozenset[int] = frozenset(),
) -> tuple[set[int], list[RowProblem]]:
    """Store the replacement links an import found; refuse those that would close a cycle.

    Editions named only as replaced or replacing are created as ``is_inferred`` so the chain can be
    shown and followed; a later import that describes them fills them in. Returns the ids of the
    editions whose links changed, and a problem (with the line) for every refused link.
    ``new_ids`` are editions this import created: a link is part of what they are from the start,
    not a change to them, so it goes into the history of editions that existed before only.
    """
    now = timezone.now()
    problems: list[RowProblem] = []
    touched: set[int] = set()
    if not links:
        return touched, problems
    names = {n for link in links for n in (link.predecessor, link.successor)}
    ids = ids_for(names)
    missing = sorted(names - set(ids))
    if missing:
        _create_inferred(missing, today=today, now=now)
        ids.update(ids_for(missing))
        inferred = {ids[n] for n in missing if n in ids}
        touched |= inferred
        new_ids = frozenset(new_ids) | inferred
    graph: dict[int, set[int]] = defaultdict(set)
    for pred, succ in Replacement.objects.values_list("predecessor_id", "successor_id").iterator(
        chunk_size=5000
    ):
        graph[pred].add(succ)
    new: list[tuple[int, int, bool, str]] = []
    history = []
    for link in links:
        pred, succ = ids[link.predecessor], ids[link.successor]
        if succ in graph[pred]:
            continue
        if _reaches(graph, succ, pred):
            problems.append(
                RowProblem(
                    line=link.line,
                    number=link.successor,
                    reason=gettext(
                        "“%(successor)s” replacing “%(predecessor)s” would make a replacement cycle; "
                        "the link was not stored."
                    )
                    % {"successor": link.successor, "predecessor": link.predecessor},
                )
            )
            continue
        graph[pred].add(succ)
        new.append((pred, succ, link.partial, "import"))
        if pred not in new_ids:
            history.append((pred, run, now, "replacement", {"replaced_by": [None, link.successor]}))
        if succ not in new_ids:
            history.append((succ, run, now, "replacement", {"replaces": [None, link.predecessor]}))
        touched.update((pred, succ))
    bulk.insert(
        Replacement, ("predecessor_id", "successor_id", "partial", "source"), new, ignore_conflicts=True
    )
    change_rows(history)
    return touched, problems
