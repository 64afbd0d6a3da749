"""Reads of the checking app: the catalogue facts a validity check needs, in a few set-based queries.

One query per number is what makes a naive check slow (10,000 numbers: 70 ms of queries on SQLite,
over a second on PostgreSQL, bench/validity_check.py): here the editions of all the numbers, of
their works and of their successors are read in ``IN`` batches, and the replacement chains are
followed one level at a time for the whole list at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Max

from biaozhun.checking.verdicts import EditionFact, Facts, Successor
from biaozhun.standards.models import Edition, ImportRun, ImportState, Replacement

IN_BATCH = 900  # stay under SQLite's limit on query parameters
_FIELDS = (
    "id",
    "number",
    "status",
    "title_zh",
    "title_en",
    "work__key",
    "year",
    "implemented_on",
    "withdrawn_on",
)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), IN_BATCH):
        yield items[start : start + IN_BATCH]


def _fact(row: tuple[Any, ...]) -> EditionFact:
    pk, number, status, title_zh, title_en, work_key, year, implemented_on, withdrawn_on = row
    return EditionFact(
        id=pk,
        number=number,
        status=status,
        title=title_zh or title_en,
        work_key=work_key,
        year=year,
        implemented_on=implemented_on,
        withdrawn_on=withdrawn_on,
    )


def _add(facts: Facts, rows: Iterable[tuple[Any, ...]]) -> list[EditionFact]:
    added = []
    for row in rows:
        if row[0] in facts.by_id:
            continue
        fact = _fact(row)
        facts.by_id[fact.id] = fact
        facts.by_number[fact.number] = fact
        facts.by_work.setdefault(fact.work_key, []).append(fact)
        added.append(fact)
    return added


def catalogue_facts(*, numbers: Iterable[str], works: Iterable[str]) -> Facts:
    """The editions named by ``numbers`` (canonical, dated), every edition of ``works`` (work keys:
    undated references, and the works of the numbers found), and every edition their replacement
    chains lead to, with the links between them."""
    facts = Facts()
    wanted_numbers = sorted(set(numbers))
    for chunk in _chunks(wanted_numbers):
        _add(facts, Edition.objects.filter(number__in=chunk).values_list(*_FIELDS))
    # The other editions of a work matter for an undated reference, and for an edition that is no
    # longer in force (its newest sibling may be what replaces it): not for one that is current.
    ended = {f.work_key for f in facts.by_id.values() if f.status in ("replaced", "withdrawn")}
    wanted_works = sorted(set(works) | ended)
    for chunk in _chunks(wanted_works):
        _add(facts, Edition.objects.filter(work__key__in=chunk).values_list(*_FIELDS))
    frontier = sorted(facts.by_id)
    asked: set[int] = set()
    while frontier:
        asked.update(frontier)
        new_ids: set[int] = set()
        for chunk in _chunks(frontier):
            links = Replacement.objects.filter(predecessor_id__in=chunk).values_list(
                "predecessor_id", "successor_id", "partial"
            )
            for predecessor, successor, partial in links:
                facts.successors.setdefault(predecessor, []).append(Successor(successor, partial))
                if successor not in facts.by_id:
                    new_ids.add(successor)
        missing = sorted(new_ids)
        for chunk in _chunks(missing):
            _add(facts, Edition.objects.filter(pk__in=chunk).values_list(*_FIELDS))
        frontier = sorted(i for i in facts.by_id if i not in asked)
    return facts


def catalogue_as_of() -> Any:
    """When the catalogue was last brought up to date: the end of the latest finished import,
    or ``None`` when nothing was ever imported."""
    return ImportRun.objects.filter(state=ImportState.DONE).aggregate(at=Max("finished_at"))["at"]
