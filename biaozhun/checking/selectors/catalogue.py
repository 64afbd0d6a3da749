"""Reads of the checking app: the catalogue facts a validity check needs, in a few set-based queries.

One query per number is what makes a naive check slow (10,000 numbers: 70 ms of queries on SQLite,
over a second on PostgreSQL, bench/validity_check.py): here the editions of all the numbers, of
their works and of their successors are each read in one statement taking the whole list as one
parameter (``json_each`` on SQLite, ``= ANY`` on PostgreSQL), and the replacement chains are
followed one level at a time for the whole list at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Max

from biaozhun.checking.verdicts import EditionFact, Facts, Successor
from biaozhun.standards.models import Edition, ImportRun, ImportState, Replacement, Work

# Dates are read as text and parsed here: Django's SQLite converters would run every date of every
# row through its own, slower parser (a third of the fetch time).
_COLUMNS = (
    "e.id, e.number, e.status, e.title_zh, e.title_en, w.key, e.year,"
    " CAST(e.implemented_on AS TEXT), CAST(e.withdrawn_on AS TEXT)"
)


_from_text = dt.date.fromisoformat


def _fact(row: tuple[Any, ...]) -> EditionFact:
    pk, number, status, title_zh, title_en, work_key, year, implemented_on, withdrawn_on = row
    return EditionFact(
        pk,
        number,
        status,
        title_zh or title_en,
        work_key,
        year,
        _from_text(implemented_on) if implemented_on else None,
        _from_text(withdrawn_on) if withdrawn_on else None,
    )


def _in_list() -> str:
    """The SQL for "among the values of one list parameter": one statement however long the list,
    where ``IN (%s, %s, …)`` would need a batch per 900 values on SQLite."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)"
    return "IN (SELECT value FROM json_each(%s))"


def _list_parameter(values: Sequence[Any]) -> Any:
    return list(values) if connection.vendor == "postgresql" else json.dumps(list(values), ensure_ascii=False)


def _rows(where: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Editions (with their work key) whose column ``where`` is among ``values``.

    Plain SQL: at ten thousand numbers, building the ORM's ``IN`` queries and converting its rows
    cost more than the lookups themselves (bench/validity_check.py).
    """
    if not values:
        return []
    edition, work = Edition._meta.db_table, Work._meta.db_table
    sql = (
        f"SELECT {_COLUMNS} FROM {edition} e JOIN {work} w ON w.id = e.work_id "  # noqa: S608 (identifiers from _meta)
        f"WHERE {where} {_in_list()}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_list_parameter(values)])
        return cursor.fetchall()


def _links(predecessors: Sequence[int]) -> list[tuple[int, int, bool]]:
    table = Replacement._meta.db_table
    sql = f"SELECT predecessor_id, successor_id, partial FROM {table} WHERE predecessor_id {_in_list()}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [_list_parameter(predecessors)])
        return [(p, s, bool(partial)) for p, s, partial in cursor.fetchall()]


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
    """The editions named by ``numbers`` (canonical, dated), every edition of ``works`` (work keys
    of undated references), every edition their replacement chains lead to, with the links between
    them, and the other editions of the work of any of them that has ended without a named
    successor. One statement per step, whatever the list's length."""
    facts = Facts()
    named = _add(facts, _rows("e.number", sorted(set(numbers))))
    wanted_works = set(works)
    named += _add(facts, _rows("w.key", sorted(wanted_works)))
    frontier = sorted(facts.by_id)
    asked: set[int] = set()
    while frontier:
        asked.update(frontier)
        new_ids: set[int] = set()
        for predecessor, successor, partial in _links(frontier):
            facts.successors.setdefault(predecessor, []).append(Successor(successor, partial))
            if successor not in facts.by_id:
                new_ids.add(successor)
        _add(facts, _rows("e.id", sorted(new_ids)))
        frontier = sorted(i for i in facts.by_id if i not in asked)
    # An edition that ended with no successor named may be replaced by the newest edition of its
    # work in force (verdicts._newer_in_work): only for those are the work's other editions read.
    orphans = {
        f.work_key
        for f in named
        if f.status in ("replaced", "withdrawn")
        and f.id not in facts.successors
        and f.work_key not in wanted_works
    }
    _add(facts, _rows("w.key", sorted(orphans)))
    return facts


def catalogue_as_of() -> Any:
    """When the catalogue was last brought up to date: the end of the latest finished import,
    or ``None`` when nothing was ever imported."""
    return ImportRun.objects.filter(state=ImportState.DONE).aggregate(at=Max("finished_at"))["at"]
