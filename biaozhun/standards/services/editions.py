"""Upserting editions in batches: merge what a source says with what is known, write only what changed.

Values a source leaves empty never blank what another source filled in: sources are partial (hbba
has no English titles, openstd no replacements), so a record only adds to what is known. Unchanged
editions are counted, not rewritten (only their ``last_seen_at`` moves).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from biaozhun.core.audit import to_jsonable
from biaozhun.standards import numbers
from biaozhun.standards.models import Edition, EditionChange, ImportRun, Status, Work
from biaozhun.standards.services import bulk

# The columns an import compares and writes (the tracked fields and the code-list links).
FIELDS: tuple[str, ...] = (*Edition.TRACKED_FIELDS, "ccs_id", "ics_id")
_NEW_EDITION = ("number", "work_id", "created_at", "updated_at", "last_seen_at", *FIELDS)
_CHANGE = ("edition_id", "run_id", "changed_at", "kind", "changes")
_DEFAULTS: dict[str, Any] = {
    "status": Status.UNKNOWN,
    "nature": "unknown",
    "is_inferred": False,
    "ccs_id": None,
    "ics_id": None,
    "year": None,
    "issued_on": None,
    "implemented_on": None,
    "withdrawn_on": None,
}


@dataclass
class Row:
    """A record whose number and status were understood, ready to be written."""

    line: int
    number: numbers.StandardNumber
    values: dict[str, Any]
    replaces: list[tuple[str, bool]] = field(default_factory=list)
    replaced_by: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    touched: set[int] = field(default_factory=set)
    new_ids: set[int] = field(default_factory=set)


NEW_EDITION = _NEW_EDITION


def new_edition_row(
    canonical: str, work_id: int, now: dt.datetime, values: dict[str, Any]
) -> tuple[Any, ...]:
    """A whole row for ``NEW_EDITION`` columns: what ``values`` gives, the model's defaults for the rest.

    Written with plain SQL, so every NOT NULL column needs its value here (the defaults of
    CharFields are "", which the database does not know).
    """
    return (
        canonical,
        work_id,
        now,
        now,
        now,
        *(_DEFAULTS.get(f, "") if (v := values.get(f)) is None or v == "" else v for f in FIELDS),
    )


def merge(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """``existing`` completed and corrected by ``incoming``: empty incoming values change nothing."""
    merged = dict(existing)
    for key, value in incoming.items():
        if value in ("", None):
            continue
        merged[key] = value
    return merged


def settled_status(known: str, incoming: str, implemented_on: dt.date | None, today: dt.date) -> str:
    """The status to store when a source repeats what the status rules have already refined.

    openstd calls a replaced edition 废止 and a list may still say 即将实施 after the date: taking
    those words as they are would undo ``editions_apply_dates`` on every import, and count as a change.
    """
    if known == Status.REPLACED and incoming in (Status.WITHDRAWN, Status.CURRENT, Status.UNKNOWN):
        return known
    if known == Status.CURRENT and incoming == Status.UPCOMING and implemented_on and implemented_on <= today:
        return known
    return incoming


def ids_for(canonicals: Iterable[str]) -> dict[str, int]:
    """Edition ids by canonical number, for those that exist."""
    return dict(bulk.select_in(Edition, "number", canonicals, ("id",)))


def works_for(parsed: Iterable[numbers.StandardNumber]) -> dict[str, int]:
    """Work ids by work key, creating the works that do not exist yet."""
    wanted: dict[str, numbers.StandardNumber] = {}
    for number in parsed:
        wanted.setdefault(number.work_key, number)
    ids: dict[str, int] = dict(bulk.select_in(Work, "key", wanted, ("id",)))
    missing = [key for key in wanted if key not in ids]
    if missing:
        bulk.insert(
            Work,
            ("key", "level", "code"),
            ((key, str(wanted[key].level), wanted[key].code) for key in missing),
            ignore_conflicts=True,
        )
        ids.update(bulk.select_in(Work, "key", missing, ("id",)))
    return ids


def change_rows(changes: Iterable[tuple[int, ImportRun | None, dt.datetime, str, dict[str, Any]]]) -> None:
    """Write ``EditionChange`` rows: (edition id, run, time, kind, {field: [before, after]})."""
    bulk.insert(
        EditionChange,
        _CHANGE,
        (
            (edition_id, run.pk if run else None, at, kind, diff)
            for edition_id, run, at, kind, diff in changes
        ),
    )


def write_batch(rows: list[Row], *, run: ImportRun | None, now: dt.datetime, today: dt.date) -> BatchResult:
    """Upsert one batch of understood rows; several rows for one number are merged in file order."""
    result = BatchResult()
    by_number: dict[str, dict[str, Any]] = {}
    first: dict[str, numbers.StandardNumber] = {}
    duplicates: dict[str, int] = defaultdict(int)
    for row in rows:
        canonical = row.number.canonical
        if canonical in by_number:
            duplicates[canonical] += 1
            by_number[canonical] = merge(by_number[canonical], row.values)
        else:
            by_number[canonical] = row.values
            first[canonical] = row.number
    known: dict[str, tuple[Any, ...]] = {}
    # Which numbers exist is asked in plain SQL (most rows of a first import are new); the values
    # of those that do go through the ORM, which turns the stored dates back into dates.
    existing = ids_for(by_number)
    for chunk in bulk.chunks(list(existing.values())):
        for values in Edition.objects.filter(pk__in=chunk).values_list("number", "pk", *FIELDS):
            known[values[0]] = values[1:]
    work_ids = works_for(first[n] for n in by_number if n not in known)

    created: list[tuple[Any, ...]] = []
    updated: list[tuple[Any, ...]] = []
    changes: list[tuple[int, ImportRun | None, dt.datetime, str, dict[str, Any]]] = []
    seen: list[int] = []
    for canonical, values in by_number.items():
        result.unchanged += duplicates[canonical]
        current = known.get(canonical)
        if current is None:
            created.append(new_edition_row(canonical, work_ids[first[canonical].work_key], now, values))
            result.created += 1
            continue
        pk = current[0]
        before = dict(zip(FIELDS, current[1:], strict=True))
        after = merge(before, values)
        after["status"] = settled_status(before["status"], after["status"], after["implemented_on"], today)
        diff = {
            name: [to_jsonable(before[name]), to_jsonable(after[name])]
            for name in FIELDS
            if before[name] != after[name]
        }
        if diff:
            updated.append((*(after[f] for f in FIELDS), now, now, pk))
            changes.append((pk, run, now, "updated", diff))
            result.updated += 1
            result.touched.add(pk)
        else:
            result.unchanged += 1
            seen.append(pk)
    if created:
        bulk.insert(Edition, _NEW_EDITION, created)
        result.new_ids = set(ids_for(row[0] for row in created).values())
        result.touched |= result.new_ids
    if updated:
        bulk.update(Edition, (*FIELDS, "updated_at", "last_seen_at"), updated)
    if seen:
        bulk.update(Edition, ("last_seen_at",), ((now, pk) for pk in seen))
    if changes:
        change_rows(changes)
    return result
