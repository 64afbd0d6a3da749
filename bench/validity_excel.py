"""How long the Excel round trip of a validity check (查新) takes for a 10,000-row sheet.

An enterprise uploads its controlled-standards list (受控标准清单) as a workbook and downloads the
same workbook with the results appended. This times the three steps of that round trip against
the catalogue left by ``bench/catalogue_import.py --keep`` (SQLite in ``var/bench/sqlite-<csv
name>/``): reading the sheet (``inputs.read_xlsx``, which guesses the number column), checking
every entry (``validity_check``) and writing the results back into the user's workbook
(``outputs.workbook_with_results``). The sheet has four columns and 10,000 rows of numbers
written the way enterprises write them (``bench/validity_check.py``'s sample). Target: ≤ 10 s.

``--pdf`` also times the PDF report (``outputs.report_pdf``): of the first 300 distinct numbers (the
most a report is drawn for within a request, ``reports.INLINE_LIMIT``) and of all of them (drawn by
a background task). Nothing is written to the catalogue database.

Command:
    .venv/bin/python bench/validity_excel.py --csv var/bench/catalogue_1m.csv
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from pathlib import Path

from _setup import ROOT, django_with_database, machine, source_stamp
from validity_check import ENTRIES, sample

TARGET_SECONDS = 10.0


def users_workbook(entries: list[str]) -> bytes:
    """A controlled-standards list as enterprises keep it: a header, their own columns, a second sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受控标准清单"
    sheet.append(["序号", "产品或过程", "执行标准", "负责部门"])
    for i, number in enumerate(entries, start=1):
        sheet.append([i, f"产品{i % 97}", number, ("质量部", "技术部", "生产部")[i % 3]])
    book.create_sheet("说明")["A1"] = "本表每年复核一次"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "var/bench/catalogue_1m.csv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF report of the results")
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench" / f"sqlite-{args.csv.stem}"
    db_path = workdir / "catalogue.sqlite3"
    if not db_path.exists():
        sys.exit(f"{db_path}: run bench/catalogue_import.py --csv {args.csv} --keep first")
    django_with_database(f"sqlite:///{db_path}", workdir)

    from biaozhun.checking import inputs
    from biaozhun.checking.outputs import workbook_with_results
    from biaozhun.checking.services.validity import validity_check
    from biaozhun.standards import numbers
    from biaozhun.standards.models import Edition

    print(f"bench/validity_excel.py on sqlite; {machine()}")
    print(f"  code: {source_stamp('biaozhun/checking')}")
    print(f"  catalogue: {Edition.objects.count():,} editions")
    entries = sample(args.csv, random.Random(args.seed))  # noqa: S311 (a benchmark sample, not a secret)
    data = users_workbook(entries)
    print(f"  workbook: {ENTRIES:,} rows x 4 columns + a second sheet, {len(data) / 1024:,.0f} KiB")
    validity_check(entries[:100])  # warm the grammar's tables and the connection

    stages: dict[str, list[float]] = {"read": [], "check": [], "write": [], "total": []}
    listed = report = out = None
    for _ in range(args.repeat):
        numbers._read_cached.cache_clear()  # every run reads every number again
        start = time.perf_counter()
        listed = inputs.read_xlsx(data)
        read_done = time.perf_counter()
        report = validity_check([e.text for e in listed.entries])
        check_done = time.perf_counter()
        out = workbook_with_results(data, listed, report)
        end = time.perf_counter()
        stages["read"].append(read_done - start)
        stages["check"].append(check_done - read_done)
        stages["write"].append(end - check_done)
        stages["total"].append(end - start)
    assert listed is not None and report is not None and out is not None
    assert len(listed.entries) == ENTRIES and listed.column == 2, (len(listed.entries), listed.column)
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(report.counts.items()))
    print(
        f"  {len(listed.entries):,} entries (column {listed.column + 1} guessed), {len(report.distinct):,} distinct: {counts}"
    )
    for name, label in (
        ("read", "inputs.read_xlsx"),
        ("check", "validity_check"),
        ("write", "workbook_with_results"),
    ):
        print(
            f"    {label:<28} median {statistics.median(stages[name]):6.2f} s  max {max(stages[name]):6.2f} s"
        )
    total = statistics.median(stages["total"])
    print(
        f"  round trip                     median {total:6.2f} s  max {max(stages['total']):6.2f} s"
        f"  (n={args.repeat})  target ≤ {TARGET_SECONDS:.0f} s: {'met' if total <= TARGET_SECONDS else 'NOT met'}"
    )
    print(f"  workbook given back: {len(out) / 1024:,.0f} KiB")

    if args.pdf:
        from django.utils import timezone

        from biaozhun.accounts.models import User
        from biaozhun.checking.models import Check
        from biaozhun.checking.outputs import report_pdf

        results = [{**e.as_json(), "row": w.row} for e, w in zip(report.entries, listed.entries, strict=True)]
        check = Check(  # never saved: the catalogue database is only read
            owner=User(username="bench", full_name="基准测试"),
            file_name="受控标准清单.xlsx",
            as_of=report.as_of,
            checked_at=timezone.now(),
            entry_count=len(results),
            counts=dict(report.counts),
            results=results,
        )
        import pypdfium2

        from biaozhun.checking.reports import INLINE_LIMIT

        first = [r for r in results if not r["duplicate"]][:INLINE_LIMIT]
        short = Check(
            owner=check.owner,
            as_of=check.as_of,
            checked_at=check.checked_at,
            entry_count=len(first),
            counts={},
            results=first,
        )
        for label, one in (
            (f"{INLINE_LIMIT:,} (drawn in the request)", short),
            (f"{len(report.distinct):,} (background)", check),
        ):
            start = time.perf_counter()
            pdf = report_pdf(one)
            elapsed = time.perf_counter() - start
            pages = len(pypdfium2.PdfDocument(pdf))
            print(
                f"  report_pdf, {label} distinct numbers: {elapsed:6.2f} s, {pages:,} pages, "
                f"{len(pdf) / 1024 / 1024:,.1f} MiB"
            )
    print(f"command: python bench/validity_excel.py --csv {args.csv}{' --pdf' if args.pdf else ''}")


if __name__ == "__main__":
    main()
