"""How long a flat catalogue takes to import, how big the database and the search index get.

The catalogue must take a million-edition flat CSV in at most 3 minutes on the 2-core machine.
This script imports a file made by ``bench/catalogue_generate.py`` into a fresh database through
the real service (``services.import_run_create`` + ``services.import_file``, what the upload page
and ``manage.py import_standards`` run), then rebuilds the search index from scratch
(``search.rebuild()``), and prints the times, the sizes and which step of the import took what.
The steps are timed by wrapping the service's own functions for the run (nothing else changes).
Reading the file runs in a second process beside the writes when the service chooses to, so it is
what is left when the timed steps are taken out of the total (the writer waiting for the reader);
``--parse-pass`` times the reading alone, before the import.

SQLite (the default) lives in ``var/bench/sqlite-<csv name>/`` with its tantivy index beside it;
``--postgres URL`` creates a scratch database ``biaozhun_bench`` on that server instead. Both are
removed at the end unless ``--keep``, which leaves them for ``bench/catalogue_search.py``.

Commands:
    .venv/bin/python bench/catalogue_import.py --csv var/bench/catalogue_1m.csv --keep
    .venv/bin/python bench/catalogue_import.py --csv var/bench/catalogue_1m.csv --keep \\
        --postgres postgres://postgres@127.0.0.1:5432/
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from _setup import ROOT, disk_size, django_with_database, import_now, machine, megabytes, source_stamp
from catalogue_generate import DEFAULT_TODAY

PG_DATABASE = "biaozhun_bench"
# What an import and a rebuild use, some of it imported lazily by the project: loaded at the start.
MODULES = (
    "biaozhun.standards.services",
    "biaozhun.standards.services.imports",
    "biaozhun.standards.services.editions",
    "biaozhun.standards.services.replacements",
    "biaozhun.standards.services.dates",
    "biaozhun.standards.services.bulk",
    "biaozhun.standards.sources",
    "biaozhun.standards.numbers",
    "biaozhun.standards.search",
    "biaozhun.standards.search.tokenize",
    "biaozhun.standards.search.documents",
    "biaozhun.standards.search.plan",
    "biaozhun.standards.search.backends",
    "biaozhun.standards.search.backends.tantivy",
    "biaozhun.standards.search.backends.postgres",
)


# --- where the database lives ------------------------------------------------------------------------


def sqlite_workdir(csv_path: Path) -> Path:
    return ROOT / "var" / "bench" / f"sqlite-{csv_path.stem}"


def postgres_workdir(csv_path: Path) -> Path:
    return ROOT / "var" / "bench" / f"postgres-{csv_path.stem}"


def postgres_url(server_url: str, database: str = PG_DATABASE) -> str:
    """The server's URL with its database replaced."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def _admin_connection(server_url: str) -> Any:
    import psycopg

    parts = urlsplit(server_url)
    admin_db = parts.path.lstrip("/") or "postgres"
    if admin_db == PG_DATABASE:
        admin_db = "postgres"
    return psycopg.connect(postgres_url(server_url, admin_db), autocommit=True)


def postgres_create(server_url: str) -> str:
    """A new, empty ``biaozhun_bench`` (an old one is dropped): the database URL to use."""
    with _admin_connection(server_url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    return postgres_url(server_url)


def postgres_drop(server_url: str) -> None:
    from django.db import connections

    connections.close_all()
    with _admin_connection(server_url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def load() -> str:
    """The machine's load: on 2 shared cores, other work running beside the benchmark shows here."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f}"


# --- timing the service's steps ----------------------------------------------------------------------


@dataclass
class Steps:
    """Exclusive wall time of wrapped functions: a step called inside another counts only once."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    _stack: list[float] = field(default_factory=list)  # time spent in children of each open step

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append(0.0)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                children = self._stack.pop()
                self.seconds[label] = self.seconds.get(label, 0.0) + elapsed - children
                self.calls[label] = self.calls.get(label, 0) + 1
                if self._stack:
                    self._stack[-1] += elapsed

        setattr(owner, name, timed)


# (module, function, label): the steps of an import as the service is laid out. Reading and
# understanding the file may run in a second process (services.imports._in_parallel), where these
# wrappers cannot time it; what the writing process spends waiting for it is what remains.
STEPS = (
    ("biaozhun.standards.services.imports", "write_batch", "write batches (upsert editions and works)"),
    ("biaozhun.standards.services.imports", "_save_rejections", "store rejected rows"),
    ("biaozhun.standards.services.imports", "_set_progress", "progress updates"),
    ("biaozhun.standards.services.imports", "replacements_link", "link replacements (cycle check, history)"),
    (
        "biaozhun.standards.services.imports",
        "editions_apply_dates",
        "apply dates (statuses follow the calendar)",
    ),
    ("biaozhun.standards.search", "index_editions", "search index of the touched editions"),
)
REST = "read the file and wait for the reader (the rest)"


def instrument() -> tuple[Steps, list[str]]:
    """Wrap the service's steps; returns the timer and the steps that no longer exist (renamed)."""
    import importlib

    steps = Steps()
    missing = []
    for module_name, function, label in STEPS:
        module = importlib.import_module(module_name)
        if hasattr(module, function):
            steps.wrap(module, function, label)
        else:
            missing.append(f"{module_name}.{function}")
    return steps, missing


def parse_pass(csv_path: Path, today: dt.date) -> tuple[float, int]:
    """Read and understand the whole file in this process, writing nothing: (seconds, rows)."""
    from biaozhun.standards.services import imports

    ccs_ids, ics_ids = imports._codes_index()
    start = time.perf_counter()
    rows = 0
    for batch in imports._read_batches(
        csv_path, "flat", today=today, ccs_ids=ccs_ids, ics_ids=ics_ids, batch_size=imports.BATCH_SIZE
    ):
        rows += len(batch.rows) + len(batch.problems)
    return time.perf_counter() - start, rows


# --- sizes -------------------------------------------------------------------------------------------


def sqlite_sizes(db_path: Path) -> tuple[int, list[tuple[str, int]]]:
    """File size after a checkpoint, and the biggest tables and indexes (when SQLite has dbstat)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        objects: list[tuple[str, int]] = []
        try:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12")
            objects = [(str(n), int(s)) for n, s in cursor.fetchall()]
        except Exception:  # dbstat is a compile-time option
            objects = []
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0), objects


def postgres_sizes() -> tuple[int, list[tuple[str, int]]]:
    """The database's size, and table + index size (``pg_total_relation_size``) of the biggest tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC LIMIT 12"
        )
        objects = [(str(n), int(s)) for n, s in cursor.fetchall()]
    return total, objects


def search_index_size() -> tuple[str, int, list[tuple[str, int]]]:
    """(where, bytes, parts) of the search index of the current backend."""
    from django.conf import settings
    from django.db import connection

    from biaozhun.standards import search

    if search.backend_name() == "tantivy":
        root = Path(settings.SEARCH_INDEX_DIR)
        return str(root), disk_size(root), []
    from biaozhun.standards.search.pg_models import EditionSearchDocument

    table = EditionSearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size(%s::regclass), pg_relation_size(%s::regclass), "
            "pg_indexes_size(%s::regclass)",
            [table, table, table],
        )
        total, heap, indexes = cursor.fetchone()
    return f"table {table}", int(total), [("heap", int(heap)), ("indexes", int(indexes))]


# --- main --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "var" / "bench" / "catalogue_20k.csv")
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL server to create biaozhun_bench on")
    parser.add_argument("--keep", action="store_true", help="leave the database for catalogue_search.py")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--no-rebuild", action="store_true", help="skip the full index rebuild")
    parser.add_argument(
        "--parse-pass",
        action="store_true",
        help="first read the whole file without writing, to time the reading apart (not part of the import)",
    )
    args = parser.parse_args()
    csv_path: Path = args.csv.resolve()
    if not csv_path.is_file():
        sys.exit(f"{csv_path}: no such file; make one with bench/catalogue_generate.py")

    if args.postgres:
        workdir = postgres_workdir(csv_path)
        database_url = postgres_create(args.postgres)
        db_path = None
    else:
        workdir = sqlite_workdir(csv_path)
        db_path = workdir / "catalogue.sqlite3"
        database_url = f"sqlite:///{db_path}"
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    django_with_database(database_url, workdir)
    import_now(*MODULES)

    from django.core.management import call_command
    from django.db import connection

    from biaozhun.core.audit import audit_context
    from biaozhun.standards import search, services
    from biaozhun.standards.models import Edition, EditionChange, ImportFormat, ImportState, Replacement

    rows_in_file = max(0, sum(1 for _ in csv_path.open("rb")) - 1)
    print(
        f"bench/catalogue_import.py on {connection.vendor}, search backend {search.backend_name()}; {machine()}"
    )
    print(f"  code: {source_stamp()}")
    print(f"  file {csv_path.relative_to(ROOT)}: {rows_in_file:,} rows, {megabytes(csv_path.stat().st_size)}")

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - start
    start = time.perf_counter()
    call_command("load_reference_data", verbosity=0)
    reference_s = time.perf_counter() - start
    print(f"  migrate {migrate_s:.1f} s, load_reference_data {reference_s:.1f} s; {load()}")

    if args.parse_pass:
        parse_s, parsed = parse_pass(csv_path, args.today)
        print(
            f"  reading and understanding alone (no writes): {parse_s:.1f} s, {parsed / parse_s:,.0f} rows/s"
        )
    steps, missing = instrument()
    if missing:
        print(f"  (not timed, no longer in the service: {', '.join(missing)})")
    last = [time.perf_counter()]
    started = time.perf_counter()

    def progress(run: Any) -> None:
        if time.perf_counter() - last[0] >= 15:
            last[0] = time.perf_counter()
            print(f"    … {run.processed:,} rows at {last[0] - started:.0f} s", file=sys.stderr, flush=True)

    with audit_context(actor=None):
        run = services.import_run_create(file_name=csv_path.name, format=ImportFormat.FLAT)
        report = services.import_file(run=run, path=csv_path, today=args.today, progress=progress)
    import_s = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if run.state != ImportState.DONE:
        sys.exit(f"import failed: {run.failure}")

    editions = Edition.objects.count()
    replacements = Replacement.objects.count()
    changes = EditionChange.objects.count()
    timed_total = sum(steps.seconds.values())
    print(
        f"  import: {import_s:.1f} s, {report.rows / import_s:,.0f} rows/s — {report.created:,} created, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, {report.rejected:,} rejected"
    )
    print(
        f"    in the database: {editions:,} editions, {replacements:,} replacements, "
        f"{changes:,} change-history rows; peak memory {peak_mib:,.0f} MiB"
    )
    print(f"    {REST:52s} {import_s - timed_total:7.1f} s")
    for label, seconds in sorted(steps.seconds.items(), key=lambda kv: -kv[1]):
        print(f"    {label:52s} {seconds:7.1f} s  ({steps.calls[label]:,} calls)")

    if db_path is not None:
        db_size, objects = sqlite_sizes(db_path)
    else:
        db_size, objects = postgres_sizes()
    print(f"  database size {megabytes(db_size)}")
    for name, size in objects:
        print(f"    {name:52s} {megabytes(size):>12s}")

    if db_path is None:
        where, index_size, parts = search_index_size()
        print(f"  search index after the import {megabytes(index_size)} ({where})")
    rebuild_s = None
    if not args.no_rebuild:
        start = time.perf_counter()
        indexed = search.rebuild()
        rebuild_s = time.perf_counter() - start
        print(
            f"  search.rebuild(): {indexed:,} editions in {rebuild_s:.1f} s ({indexed / rebuild_s:,.0f} /s)"
        )
    where, index_size, parts = search_index_size()
    print(f"  search index {megabytes(index_size)} ({where})")
    if db_path is None:
        print("    (after a rebuild PostgreSQL keeps the old rows as dead tuples until VACUUM: see above)")
    for name, size in parts:
        print(f"    {name:52s} {megabytes(size):>12s}")

    backend = f"{connection.vendor} + {search.backend_name()}"
    print(f"  at end: {load()}")
    print()
    print(
        "| backend | editions | import | rows/s | created / rejected | database | index rebuild | index size |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rebuild_text = f"{rebuild_s:.0f} s" if rebuild_s is not None else "—"
    print(
        f"| {backend} | {editions:,} | {import_s:.0f} s | {report.rows / import_s:,.0f} | "
        f"{report.created:,} / {report.rejected:,} | {megabytes(db_size)} | {rebuild_text} | "
        f"{megabytes(index_size)} |"
    )
    print()
    command = ["python", "bench/catalogue_import.py", *sys.argv[1:]]
    print("command: " + " ".join(command))
    if args.keep:
        search_args = f"--postgres {args.postgres}" if args.postgres else ""
        print(
            f"kept: {workdir.relative_to(ROOT)}" + (f" and database {PG_DATABASE}" if args.postgres else "")
        )
        print(f"next:    .venv/bin/python bench/catalogue_search.py --csv {args.csv} {search_args}".rstrip())
    else:
        if args.postgres:
            postgres_drop(args.postgres)
        else:
            connection.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
