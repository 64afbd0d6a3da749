"""Importing a file into the catalogue, from the first row to the search index.

An import reads a file with ``standards.sources`` and upserts its records by canonical number in
batches, each batch in its own transaction, so the good rows are kept whatever happens to a later
one, and every bad row is stored as an ``ImportRejection`` with its line and reason. Unchanged rows
are counted, not rewritten. Replacements are linked after every row is in (a file may name an
edition before the row that describes it), refusing any link that would close a cycle; then the
status rules run (``editions_apply_dates``) and the search index is brought up to date.

Writing goes through ``editions.write_batch`` (merge, never blank), ``replacements.replacements_link``
and ``dates.editions_apply_dates``; this module reads, batches, counts and reports.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from biaozhun.core.memory import without_gc
from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards import numbers
from biaozhun.standards.models import (
    ImportRejection,
    ImportRun,
    ImportState,
    Nature,
    Status,
)
from biaozhun.standards.services import bulk
from biaozhun.standards.services.dates import editions_apply_dates
from biaozhun.standards.services.editions import Row, write_batch
from biaozhun.standards.services.replacements import Link, links_from, replacements_link
from biaozhun.standards.signals import send_catalogue_changed
from biaozhun.standards.sources import iter_records
from biaozhun.standards.sources.records import RowProblem, Share, SourceFormatError, SourceRecord
from biaozhun.standards.sources.statuses import normalise_status

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000


@dataclass
class ImportReport:
    """What an import did; also kept on its ``ImportRun``."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    touched: set[int] = field(default_factory=set)
    new_ids: set[int] = field(default_factory=set)  # editions this import created

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


# --- reading records -------------------------------------------------------------------------------


def _codes_index() -> tuple[dict[str, int], dict[str, int]]:
    ccs = dict(CCSCode.objects.values_list("code", "pk"))
    ics = dict(ICSCode.objects.values_list("code", "pk"))
    return ccs, ics


def _row_from_record(
    record: SourceRecord,
    *,
    read: Callable[[str], numbers.StandardNumber | numbers.InvalidNumber],
    ccs_ids: dict[str, int],
    ics_ids: dict[str, int],
) -> Row | RowProblem:
    """Understand one record: its number, status and dates; anything wrong makes it a rejected row."""
    parsed = read(record.number)
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
    return Row(
        line=record.line,
        number=parsed,
        values=values,
        replaces=[(n, partial) for n in record.replaces if n.strip()],
        replaced_by=[(n, partial) for n in record.replaced_by if n.strip()],
    )


# --- the import as a whole -------------------------------------------------------------------------


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
    bulk.insert(
        ImportRejection,
        ("run_id", "line", "number", "reason"),
        [(run.pk, p.line, p.number[:200], p.reason[:500]) for p in problems],
    )


def _is_flat_csv(path: Path, format: str) -> bool:
    return format == "flat" and path.suffix.lower() == ".csv"


def _count_rows(path: Path, format: str) -> int:
    if _is_flat_csv(path, format):
        with path.open("rb") as handle:
            return max(0, sum(1 for _ in handle) - 1)
    return 0


@dataclass
class _Batch:
    """What reading one slice of the file gave: rows to write, links to store, problems to report."""

    rows: list[Row] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _read_batches(
    path: Path,
    fmt: str,
    *,
    today: dt.date,
    ccs_ids: dict[str, int],
    ics_ids: dict[str, int],
    batch_size: int,
    share: Share | None = None,
) -> Iterator[_Batch]:
    """Read and understand the file, a batch at a time. Pure (no database), so it can run in
    separate processes while this one writes (``_in_parallel``).

    With ``share``, a batch is one of the share's blocks of lines, and every block of the share is
    yielded, empty or not, up to the last one holding a row: the writer counts on it to put the
    blocks of several readers back in order.
    """
    batch = _Batch()
    block = share.index if share is not None else 0
    read = numbers.reader(today=today)
    for item in iter_records(path, fmt, share=share):
        if share is not None:
            while share.block_of(item.line) > block:
                yield batch
                batch = _Batch()
                block += share.of
        if isinstance(item, RowProblem):
            batch.problems.append(item)
        else:
            row = _row_from_record(item, read=read, ccs_ids=ccs_ids, ics_ids=ics_ids)
            if isinstance(row, RowProblem):
                batch.problems.append(row)
            else:
                batch.rows.append(row)
                new_links, link_problems = links_from(row, read=read)
                batch.links.extend(new_links)
                batch.problems.extend(link_problems)
        if share is None and len(batch.rows) + len(batch.problems) >= batch_size:
            yield batch
            batch = _Batch()
    yield batch


_DONE = "done"


def _reader_process(queue: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        with without_gc():
            for batch in _read_batches(*args, **kwargs):
                queue.put(batch)
    except Exception as exc:  # handed to the importing process, which reports it
        queue.put(exc)
    else:
        queue.put(_DONE)


READERS = 2  # reading processes beside the writing one (measured best on 2 cores; see bench/RESULTS.md)


def _in_parallel(*args: Any, batch_size: int, **kwargs: Any) -> Iterator[_Batch]:
    """``_read_batches`` run in forked processes, so reading and writing use every core.

    Reading (parsing numbers, building rows) costs more than writing, so one reader would keep the
    writer waiting: ``READERS`` processes each read every ``READERS``-th block of ``batch_size``
    lines, and the blocks are written in file order, taking block ``b`` from reader ``b %
    READERS`` (a later row for the same number must still win). The readers never touch the
    database; each puts its batches on a bounded queue.
    """
    context = multiprocessing.get_context("fork")
    readers = []
    for index in range(READERS):
        queue = context.Queue(maxsize=4)
        share = Share(index=index, of=READERS, block=batch_size)
        child = context.Process(
            target=_reader_process,
            args=(queue, args, {**kwargs, "batch_size": batch_size, "share": share}),
            daemon=True,
        )
        child.start()
        readers.append((queue, child))
    done = [False] * READERS
    try:
        block = 0
        while not all(done):
            owner = block % READERS
            block += 1
            if done[owner]:
                continue  # that reader has no rows after its last block
            item = readers[owner][0].get()
            if item == _DONE:
                done[owner] = True
                continue
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        for _queue, child in readers:
            child.join(timeout=5)
            if child.is_alive():
                child.terminate()


PARALLEL_FROM_ROWS = 20000  # below this, starting a process costs more than it saves
IMPORT_CACHE_KIB = 512 * 1024  # SQLite page cache lent to an import


def import_file(
    *,
    run: ImportRun,
    path: Path,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportRun], None] | None = None,
    parallel: bool | None = None,
) -> ImportReport:
    """Import one file into the catalogue, recording progress and the outcome on ``run``.

    Each batch is committed on its own; a file the parsers cannot read at all fails the run with
    the reason (nothing is written). Returns the report; ``run`` holds the same counts.
    ``parallel`` reads in a second process (default: for flat files of 20,000 rows or more on a
    machine with more than one core).
    """
    today = today or timezone.localdate()
    report = ImportReport()
    run.state = ImportState.RUNNING
    run.started_at = timezone.now()
    run.total = _count_rows(path, run.format)
    run.save()
    ccs_ids, ics_ids = _codes_index()
    if parallel is None:
        parallel = run.total >= PARALLEL_FROM_ROWS and (os.cpu_count() or 1) > 1
    parallel = parallel and _is_flat_csv(path, run.format)  # the only kind read in shares
    with _large_page_cache(), without_gc():
        return _import(
            run,
            path,
            report=report,
            today=today,
            batch_size=batch_size,
            progress=progress,
            parallel=parallel,
            ccs_ids=ccs_ids,
            ics_ids=ics_ids,
        )


@contextmanager
def _large_page_cache() -> Iterator[None]:
    """SQLite's default page cache (2 MB) makes inserts into the number index of a large catalogue
    wait on the disk; an import lends its connection a larger one and gives it back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _import(
    run: ImportRun,
    path: Path,
    *,
    report: ImportReport,
    today: dt.date,
    batch_size: int,
    progress: Callable[[ImportRun], None] | None,
    parallel: bool,
    ccs_ids: dict[str, int],
    ics_ids: dict[str, int],
) -> ImportReport:
    """The import proper: batches, then links, then the status rules, then the search index."""
    links: list[Link] = []
    processed = 0

    def flush(rows: list[Row], problems: list[RowProblem]) -> None:
        nonlocal processed
        with transaction.atomic():
            batch = write_batch(rows, run=run, now=timezone.now(), today=today)
            _save_rejections(run, problems)
        report.created += batch.created
        report.updated += batch.updated
        report.unchanged += batch.unchanged
        report.touched |= batch.touched
        report.new_ids |= batch.new_ids
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

    reader = _in_parallel if parallel else _read_batches
    try:
        for batch in reader(
            path, run.format, today=today, ccs_ids=ccs_ids, ics_ids=ics_ids, batch_size=batch_size
        ):
            flush(batch.rows, batch.problems)
            links.extend(batch.links)
        touched, cycle_problems = replacements_link(links=links, run=run, today=today, new_ids=report.new_ids)
        report.touched |= touched
        if cycle_problems:
            _save_rejections(run, cycle_problems)
            report.rejected += len(cycle_problems)
        report.touched |= editions_apply_dates(today=today, run=run, reindex=False, new_ids=report.new_ids)
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
    send_catalogue_changed(cause="import", run=run)
    return report
