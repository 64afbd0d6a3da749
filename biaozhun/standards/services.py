"""Writing the catalogue: imports, replacements and the status changes that follow the calendar.

An import reads a file with ``standards.sources`` and upserts its records by canonical number in
batches, each batch in its own transaction, so the good rows are kept whatever happens to a later
one, and every bad row is stored as an ``ImportRejection`` with its line and reason. Unchanged rows
are counted, not rewritten. Replacements are linked after every row is in (a file may name an
edition before the row that describes it), refusing any link that would close a cycle; then the
status rules run (``editions_apply_dates``) and the search index is brought up to date.

Values a source leaves empty never blank what another source filled in: sources are partial
(hbba has no English titles, openstd no replacements), so a record only adds to what is known.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from biaozhun.core.audit import to_jsonable
from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards import numbers
from biaozhun.standards.models import (
    Edition,
    EditionChange,
    ImportRejection,
    ImportRun,
    ImportState,
    Nature,
    Replacement,
    Status,
    Work,
)
from biaozhun.standards.sources import iter_records
from biaozhun.standards.sources.records import RowProblem, SourceFormatError, SourceRecord
from biaozhun.standards.sources.statuses import normalise_status

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
_IN_CLAUSE = 900  # stay under SQLite's limit on query parameters


@dataclass
class _Row:
    """A record whose number and status were understood, ready to be written."""

    line: int
    number: numbers.StandardNumber
    values: dict[str, Any]
    replaces: list[tuple[str, bool]]
    replaced_by: list[tuple[str, bool]]


@dataclass
class ImportReport:
    """What an import did; also kept on its ``ImportRun``."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    touched: set[int] = field(default_factory=set)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


# --- reading records -------------------------------------------------------------------------------


def _codes_index() -> tuple[dict[str, int], dict[str, int]]:
    ccs = dict(CCSCode.objects.values_list("code", "pk"))
    ics = dict(ICSCode.objects.values_list("code", "pk"))
    return ccs, ics


def _row_from_record(
    record: SourceRecord, *, today: dt.date, ccs_ids: dict[str, int], ics_ids: dict[str, int]
) -> _Row | RowProblem:
    """Understand one record: its number, status and dates; anything wrong makes it a rejected row."""
    parsed = numbers.try_parse(record.number, today=today)
    if isinstance(parsed, numbers.InvalidNumber):
        return RowProblem(line=record.line, number=record.number, reason=parsed.message)
    if parsed.year is None:
        return RowProblem(
            line=record.line,
            number=record.number,
            reason=gettext("A catalogue record must name its edition: the number has no year."),
        )
    status = normalise_status(record.status_word)
    if status is None:
        return RowProblem(
            line=record.line,
            number=record.number,
            reason=gettext("Unknown status word “%(word)s”.") % {"word": record.status_word},
        )
    if record.issued_on and record.implemented_on and record.implemented_on < record.issued_on:
        return RowProblem(
            line=record.line,
            number=record.number,
            reason=gettext("The implementation date %(implemented)s is before the issue date %(issued)s.")
            % {"implemented": record.implemented_on, "issued": record.issued_on},
        )
    if record.withdrawn_on and record.issued_on and record.withdrawn_on < record.issued_on:
        return RowProblem(
            line=record.line,
            number=record.number,
            reason=gettext("The withdrawal date %(withdrawn)s is before the issue date %(issued)s.")
            % {"withdrawn": record.withdrawn_on, "issued": record.issued_on},
        )
    ccs_codes = [c.strip().upper() for c in record.ccs if c.strip()]
    ics_codes = [c.strip() for c in record.ics if c.strip()]
    values: dict[str, Any] = {
        "level": str(parsed.level),
        "nature": str(parsed.nature) if parsed.nature else Nature.UNKNOWN,
        "code": parsed.code,
        "year": parsed.year,
        "title_zh": record.title_zh[:500],
        "title_en": record.title_en[:500],
        "status": str(status),
        "source_status": record.status_word[:40],
        "issued_on": record.issued_on,
        "implemented_on": record.implemented_on,
        "withdrawn_on": record.withdrawn_on,
        "ccs_codes": ";".join(ccs_codes)[:100],
        "ics_codes": ";".join(ics_codes)[:200],
        "ccs_class": ccs_codes[0][:1] if ccs_codes else "",
        "ics_field": ics_codes[0][:2] if ics_codes and ics_codes[0][:2].isdigit() else "",
        "responsible_body": record.responsible_body[:200],
        "technical_committee": record.technical_committee[:200],
        "issuing_body": record.issuing_body[:300],
        "drafting_organisations": "；".join(record.drafting_organisations),
        "adoption": record.adoption.upper()[:3]
        if record.adoption.upper()[:3] in ("IDT", "MOD", "NEQ")
        else "",
        "adopted_number": (record.adopted_number or (parsed.adopted or ""))[:120],
        "keywords": "；".join(record.keywords)[:500],
        "notes": record.notes,
        "source": record.source[:20],
        "source_id": record.source_id[:100],
        "source_url": record.source_url[:300],
        "is_inferred": False,
        "ccs_id": ccs_ids.get(ccs_codes[0]) if ccs_codes else None,
        "ics_id": ics_ids.get(ics_codes[0]) if ics_codes else None,
    }
    if status == Status.UNKNOWN and not record.status_word:
        values["status"] = ""  # the source says nothing: keep what is known
    partial = record.partial_replacement
    return _Row(
        line=record.line,
        number=parsed,
        values=values,
        replaces=[(n, partial) for n in record.replaces if n.strip()],
        replaced_by=[(n, partial) for n in record.replaced_by if n.strip()],
    )


def _merge(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """``existing`` completed and corrected by ``incoming``: empty incoming values change nothing."""
    merged = dict(existing)
    for key, value in incoming.items():
        if value in ("", None):
            continue
        merged[key] = value
    return merged


# --- writing batches -------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int = _IN_CLAUSE) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _works_for(rows: Iterable[_Row]) -> dict[str, int]:
    wanted: dict[str, _Row] = {}
    for row in rows:
        wanted.setdefault(row.number.work_key, row)
    ids: dict[str, int] = {}
    keys = list(wanted)
    for chunk in _chunks(keys):
        ids.update(Work.objects.filter(key__in=chunk).values_list("key", "pk"))
    missing = [
        Work(key=key, level=str(wanted[key].number.level), code=wanted[key].number.code)
        for key in keys
        if key not in ids
    ]
    if missing:
        Work.objects.bulk_create(missing, batch_size=1000, ignore_conflicts=True)
        for chunk in _chunks([w.key for w in missing]):
            ids.update(Work.objects.filter(key__in=chunk).values_list("key", "pk"))
    return ids


_FIELDS = (*Edition.TRACKED_FIELDS, "ccs_id", "ics_id")


def _settled_status(known: str, incoming: str, implemented_on: dt.date | None, today: dt.date) -> str:
    """The status to store when a source repeats what the status rules have already refined.

    openstd calls a replaced edition 废止 and a list may still say 即将实施 after the date: taking
    those words as they are would undo ``editions_apply_dates`` on every import, and count as a change.
    """
    if known == Status.REPLACED and incoming in (Status.WITHDRAWN, Status.CURRENT, Status.UNKNOWN):
        return known
    if known == Status.CURRENT and incoming == Status.UPCOMING and implemented_on and implemented_on <= today:
        return known
    return incoming


def _write_batch(
    rows: list[_Row], *, run: ImportRun | None, report: ImportReport, now: dt.datetime, today: dt.date
) -> None:
    """Upsert one batch of understood rows; several rows for one number are merged in file order."""
    by_number: dict[str, dict[str, Any]] = {}
    first_row: dict[str, _Row] = {}
    duplicates: dict[str, int] = defaultdict(int)
    for row in rows:
        canonical = row.number.canonical
        if canonical in by_number:
            duplicates[canonical] += 1
            by_number[canonical] = _merge(by_number[canonical], row.values)
        else:
            by_number[canonical] = row.values
            first_row[canonical] = row
    existing: dict[str, Edition] = {}
    for chunk in _chunks(list(by_number)):
        existing.update((e.number, e) for e in Edition.objects.filter(number__in=chunk))
    work_ids = _works_for(first_row.values())

    to_create: list[Edition] = []
    to_update: list[Edition] = []
    seen: list[int] = []  # unchanged editions: only their last-seen time is written
    changes: list[EditionChange] = []
    for canonical, values in by_number.items():
        edition = existing.get(canonical)
        if edition is None:
            fields = {k: v for k, v in values.items() if v is not None}
            if not fields.get("status"):
                fields["status"] = Status.UNKNOWN
            edition = Edition(
                number=canonical,
                work_id=work_ids[first_row[canonical].number.work_key],
                created_at=now,
                updated_at=now,
                last_seen_at=now,
                **fields,
            )
            to_create.append(edition)
            report.created += 1
            report.unchanged += duplicates[canonical]
            continue
        before = {name: getattr(edition, name) for name in _FIELDS}
        after = _merge(before, values)
        after["status"] = _settled_status(before["status"], after["status"], after["implemented_on"], today)
        diff = {
            name: [to_jsonable(before[name]), to_jsonable(after[name])]
            for name in _FIELDS
            if before[name] != after[name]
        }
        if diff:
            for name in diff:
                setattr(edition, name, after[name])
            edition.updated_at = now
            changes.append(
                EditionChange(edition=edition, run=run, changed_at=now, kind="updated", changes=diff)
            )
            edition.last_seen_at = now
            report.updated += 1
            report.touched.add(edition.pk)
            to_update.append(edition)
        else:
            report.unchanged += 1
            seen.append(edition.pk)
        report.unchanged += duplicates[canonical]
    if to_create:
        Edition.objects.bulk_create(to_create, batch_size=1000)
        if to_create[0].pk is None:  # backends that do not return ids from bulk inserts
            for chunk in _chunks([e.number for e in to_create]):
                ids = dict(Edition.objects.filter(number__in=chunk).values_list("number", "pk"))
                for edition in to_create:
                    if edition.number in ids:
                        edition.pk = ids[edition.number]
        report.touched.update(e.pk for e in to_create)
    if to_update:
        Edition.objects.bulk_update(to_update, [*_FIELDS, "updated_at", "last_seen_at"], batch_size=500)
    for chunk in _chunks(seen):
        Edition.objects.filter(pk__in=chunk).update(last_seen_at=now)
    if changes:
        EditionChange.objects.bulk_create(changes, batch_size=1000)


# --- replacements --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Link:
    line: int
    predecessor: str
    successor: str
    partial: bool


def _links_from(row: _Row, *, today: dt.date) -> tuple[list[_Link], list[RowProblem]]:
    links: list[_Link] = []
    problems: list[RowProblem] = []
    own = row.number.canonical
    for text, partial, own_is_successor in [
        *((t, p, True) for t, p in row.replaces),
        *((t, p, False) for t, p in row.replaced_by),
    ]:
        other = numbers.try_parse(text, today=today)
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
        links.append(_Link(line=row.line, predecessor=pred, successor=succ, partial=partial))
    return links, problems


def _inferred_edition(number: numbers.StandardNumber, work_id: int, now: dt.datetime) -> Edition:
    return Edition(
        number=number.canonical,
        work_id=work_id,
        level=str(number.level),
        nature=str(number.nature),
        code=number.code,
        year=number.year,
        status=Status.UNKNOWN,
        source="inferred",
        is_inferred=True,
        created_at=now,
        updated_at=now,
    )


def _ids_for(numbers_: Iterable[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(set(numbers_))):
        ids.update(Edition.objects.filter(number__in=chunk).values_list("number", "pk"))
    return ids


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


@transaction.atomic
def replacements_link(
    *, links: list[_Link], run: ImportRun | None, today: dt.date
) -> tuple[set[int], list[RowProblem]]:
    """Store the replacement links an import found; refuse those that would close a cycle.

    Editions named only as replaced or replacing are created as ``is_inferred`` so the chain can be
    shown and followed; a later import that describes them fills them in.
    """
    now = timezone.now()
    problems: list[RowProblem] = []
    touched: set[int] = set()
    if not links:
        return touched, problems
    names = {n for link in links for n in (link.predecessor, link.successor)}
    ids = _ids_for(names)
    missing = sorted(names - set(ids))
    if missing:
        parsed = {n: numbers.parse(n, today=today) for n in missing}
        work_ids = _works_for(
            _Row(line=0, number=p, values={}, replaces=[], replaced_by=[]) for p in parsed.values()
        )
        Edition.objects.bulk_create(
            [_inferred_edition(p, work_ids[p.work_key], now) for p in parsed.values()],
            batch_size=1000,
            ignore_conflicts=True,
        )
        ids.update(_ids_for(missing))
        touched.update(ids[n] for n in missing if n in ids)
    graph: dict[int, set[int]] = defaultdict(set)
    for pred, succ in Replacement.objects.values_list("predecessor_id", "successor_id").iterator(
        chunk_size=5000
    ):
        graph[pred].add(succ)
    new: list[Replacement] = []
    history: list[EditionChange] = []
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
        new.append(Replacement(predecessor_id=pred, successor_id=succ, partial=link.partial, source="import"))
        history.append(
            EditionChange(
                edition_id=pred,
                run=run,
                changed_at=now,
                kind="replacement",
                changes={"replaced_by": [None, link.successor]},
            )
        )
        history.append(
            EditionChange(
                edition_id=succ,
                run=run,
                changed_at=now,
                kind="replacement",
                changes={"replaces": [None, link.predecessor]},
            )
        )
        touched.update((pred, succ))
    Replacement.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    EditionChange.objects.bulk_create(history, batch_size=1000)
    return touched, problems


# --- status follows the calendar -------------------------------------------------------------------


@transaction.atomic
def editions_apply_dates(*, today: dt.date | None = None, run: ImportRun | None = None) -> set[int]:
    """Make statuses agree with the dates: the daily task and every import call this.

    An upcoming edition becomes current on its implementation date; an edition wholly replaced by
    one in force becomes replaced (withdrawn on the replacing edition's implementation date when no
    source gave a date) — including one a source lists as 废止, since openstd shows every replaced
    edition that way. A partial replacement leaves the older edition in force. Returns the ids changed.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    changed: dict[int, Edition] = {}
    history: list[EditionChange] = []
    due = Edition.objects.filter(status=Status.UPCOMING, implemented_on__lte=today).only(
        "pk", "status", "withdrawn_on"
    )
    for edition in due.iterator(chunk_size=2000):
        history.append(
            EditionChange(
                edition_id=edition.pk,
                run=run,
                changed_at=now,
                kind="dates",
                changes={"status": [Status.UPCOMING, Status.CURRENT]},
            )
        )
        edition.status = Status.CURRENT
        changed[edition.pk] = edition
    in_force = Q(successor__status__in=[Status.CURRENT, Status.REPLACED, Status.WITHDRAWN]) | Q(
        successor_id__in=list(changed)
    )
    links = (
        Replacement.objects.filter(partial=False)
        .exclude(predecessor__status=Status.REPLACED)
        .filter(in_force)
        .filter(Q(successor__implemented_on__lte=today) | Q(successor__implemented_on__isnull=True))
        .values_list(
            "predecessor_id", "predecessor__status", "predecessor__withdrawn_on", "successor__implemented_on"
        )
    )
    for pred_id, status, withdrawn_on, successor_implemented_on in links.iterator(chunk_size=2000):
        edition = changed.get(pred_id) or Edition(pk=pred_id, status=status, withdrawn_on=withdrawn_on)
        if edition.status == Status.REPLACED:
            continue
        diff: dict[str, list[Any]] = {"status": [edition.status, Status.REPLACED]}
        edition.status = Status.REPLACED
        if edition.withdrawn_on is None and successor_implemented_on is not None:
            diff["withdrawn_on"] = [None, to_jsonable(successor_implemented_on)]
            edition.withdrawn_on = successor_implemented_on
        history.append(EditionChange(edition_id=pred_id, run=run, changed_at=now, kind="dates", changes=diff))
        changed[pred_id] = edition
    for chunk in _chunks(list(changed.values()), 500):
        for edition in chunk:
            edition.updated_at = now
        Edition.objects.bulk_update(chunk, ["status", "withdrawn_on", "updated_at"])
    EditionChange.objects.bulk_create(history, batch_size=1000)
    if changed:
        _reindex_on_commit(set(changed))
    return set(changed)


# --- the import as a whole -------------------------------------------------------------------------


def _reindex_on_commit(ids: set[int]) -> None:
    from biaozhun.standards import search

    frozen = sorted(ids)
    transaction.on_commit(lambda: search.index_editions(frozen))


def import_run_create(*, file_name: str, format: str, by: Any = None, file: Any = None) -> ImportRun:
    """Record a new import (queued) before any row is read, so its page can show progress."""
    run = ImportRun(
        file_name=file_name[:255], format=format, started_by=by if by and by.is_authenticated else None
    )
    if file is not None:
        run.file.save(file_name, file, save=False)
    run.save()
    return run


def _set_progress(run: ImportRun, **fields: Any) -> None:
    # Progress is written with update(): it is not a change worth an audit event.
    ImportRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def _save_rejections(run: ImportRun, problems: list[RowProblem]) -> None:
    ImportRejection.objects.bulk_create(
        [
            ImportRejection(run=run, line=p.line, number=p.number[:200], reason=p.reason[:500])
            for p in problems
        ],
        batch_size=1000,
    )


def _count_rows(path: Path, format: str) -> int:
    if format == "flat" and path.suffix.lower() == ".csv":
        with path.open("rb") as handle:
            return max(0, sum(1 for _ in handle) - 1)
    return 0


def import_file(
    *,
    run: ImportRun,
    path: Path,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportReport:
    """Import one file into the catalogue, recording progress and the outcome on ``run``.

    Each batch is committed on its own; a file the parsers cannot read at all fails the run with
    the reason (nothing is written). Returns the report; ``run`` holds the same counts.
    """
    today = today or timezone.localdate()
    report = ImportReport()
    run.state = ImportState.RUNNING
    run.started_at = timezone.now()
    run.total = _count_rows(path, run.format)
    run.save()
    ccs_ids, ics_ids = _codes_index()
    links: list[_Link] = []
    processed = 0

    def flush(rows: list[_Row], problems: list[RowProblem]) -> None:
        nonlocal processed
        with transaction.atomic():
            _write_batch(rows, run=run, report=report, now=timezone.now(), today=today)
            _save_rejections(run, problems)
        report.rejected += len(problems)
        processed += len(rows) + len(problems)
        _set_progress(
            run,
            processed=processed,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=report.rejected,
        )
        if progress:
            progress(run)

    try:
        rows: list[_Row] = []
        problems: list[RowProblem] = []
        for item in iter_records(path, run.format):
            if isinstance(item, RowProblem):
                problems.append(item)
            else:
                row = _row_from_record(item, today=today, ccs_ids=ccs_ids, ics_ids=ics_ids)
                if isinstance(row, RowProblem):
                    problems.append(row)
                else:
                    rows.append(row)
                    new_links, link_problems = _links_from(row, today=today)
                    links.extend(new_links)
                    problems.extend(link_problems)
            if len(rows) + len(problems) >= batch_size:
                flush(rows, problems)
                rows, problems = [], []
        flush(rows, problems)
        touched, cycle_problems = replacements_link(links=links, run=run, today=today)
        report.touched |= touched
        if cycle_problems:
            _save_rejections(run, cycle_problems)
            report.rejected += len(cycle_problems)
        report.touched |= editions_apply_dates(today=today, run=run)
    except SourceFormatError as exc:
        run.state = ImportState.FAILED
        run.failure = str(exc)
        run.finished_at = timezone.now()
        run.save()
        return report
    except Exception as exc:
        logger.exception("catalogue import %s failed", run.public_id)
        run.state = ImportState.FAILED
        run.failure = gettext("The import stopped with an internal error: %(error)s") % {"error": exc}
        run.finished_at = timezone.now()
        run.save()
        raise
    run.state = ImportState.DONE
    run.finished_at = timezone.now()
    run.processed = processed
    run.total = max(run.total, processed)
    run.created, run.updated, run.unchanged, run.rejected = (
        report.created,
        report.updated,
        report.unchanged,
        report.rejected,
    )
    run.save()
    from biaozhun.standards import search

    search.index_editions(sorted(report.touched))
    return report
