"""How long `load_reference_data` takes: a first load into an empty database, then a no-change run.

Command: .venv/bin/python bench/reference_load.py   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
"""

from __future__ import annotations

import time
from pathlib import Path

from _setup import ROOT, django_with_fresh_database, machine


def main() -> None:
    django_with_fresh_database("reference")
    from django.db import connection

    from biaozhun.reference.services import reference_load

    path = Path(ROOT) / "fixtures" / "reference"
    print(f"bench/reference_load.py on {connection.vendor}; {machine()}")
    for label in ("first load (empty database)", "second load (nothing changes)"):
        start = time.perf_counter()
        report = reference_load(path=path, only=None)
        elapsed = time.perf_counter() - start
        rows = sum(r.created + r.updated + r.unchanged for r in report.lists)
        created = sum(r.created for r in report.lists)
        print(f"  {label:32s} {elapsed:6.2f} s  ({rows} rows, {created} created)")
    print("command: .venv/bin/python bench/reference_load.py")


if __name__ == "__main__":
    main()
