"""How long a validity check (查新) of 10,000 messy numbers takes against a million-edition catalogue.

Reads the catalogue left by ``bench/catalogue_import.py --keep`` (SQLite in
``var/bench/sqlite-<csv name>/``), draws 10,000 entries from the same CSV the way enterprises
write them (lower case, full-width characters, dashes for hyphens, the slash left out, undated
references, a few numbers the catalogue does not hold and a few that are not numbers at all), and
times ``checking.services.validity.validity_check`` end to end: reading every number, the set-based
catalogue reads, following the replacement chains, judging. Beside it, the naive baseline the issue
asks for: one query per number (and one per replacement link followed).

Command:
    .venv/bin/python bench/validity_check.py --csv var/bench/catalogue_1m.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path

from _setup import ROOT, django_with_database, machine, source_stamp

ENTRIES = 10_000


def messy(number: str, rng: random.Random) -> str:
    """One way an enterprise might have typed ``number``."""
    kind = rng.random()
    if kind < 0.15:
        return number.lower()
    if kind < 0.25:
        return number.replace("-", "—")
    if kind < 0.35:
        return number.replace("/", "", 1)
    if kind < 0.45:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in number)  # full width
    if kind < 0.55:
        return f"《{number}》"
    if kind < 0.65 and "-" in number:
        return number.rsplit("-", 1)[0]  # undated
    return number


def sample(csv_path: Path, rng: random.Random) -> list[str]:
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        numbers = [row[0] for row in csv.reader(handle)][1:]
    chosen = [messy(n, rng) for n in rng.sample(numbers, ENTRIES)]
    for i in rng.sample(range(ENTRIES), ENTRIES // 20):
        chosen[i] = f"GB/T {rng.randint(90000, 99999)}-{rng.randint(2000, 2024)}"  # not in the catalogue
    for i in rng.sample(range(ENTRIES), ENTRIES // 50):
        chosen[i] = rng.choice(["见附件", "XX/T 1-2010", "GB/T", "DB99/T 1-2020", "2019"])  # not numbers
    return chosen


def naive(entries: list[str]) -> int:
    """One query per number, one per link: what the set-based reads replace."""
    from biaozhun.standards import numbers
    from biaozhun.standards.models import Edition, Replacement

    read = numbers.reader()
    found = 0
    for text in entries:
        parsed = read(text.strip())
        if not isinstance(parsed, numbers.StandardNumber):
            continue
        if parsed.year is None:
            edition = (
                Edition.objects.filter(work__key=parsed.work_key, status="current").order_by("-year").first()
            )
        else:
            edition = Edition.objects.filter(number=parsed.canonical).first()
        seen = set()
        while edition is not None and edition.pk not in seen:
            seen.add(edition.pk)
            found += 1
            link = Replacement.objects.filter(predecessor=edition).select_related("successor").first()
            edition = link.successor if link else None
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "var/bench/catalogue_1m.csv")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench" / f"sqlite-{args.csv.stem}"
    db_path = workdir / "catalogue.sqlite3"
    if not db_path.exists():
        sys.exit(f"{db_path}: run bench/catalogue_import.py --csv {args.csv} --keep first")
    django_with_database(f"sqlite:///{db_path}", workdir)

    from biaozhun.checking.services.validity import validity_check
    from biaozhun.standards import numbers
    from biaozhun.standards.models import Edition

    print(f"bench/validity_check.py on sqlite; {machine()}")
    print(f"  code: {source_stamp('biaozhun/checking')}")
    print(f"  catalogue: {Edition.objects.count():,} editions")
    entries = sample(args.csv, random.Random(args.seed))  # noqa: S311 (a benchmark sample, not a secret)
    validity_check(entries[:100])  # warm the grammar's tables and the connection

    def fresh() -> None:
        numbers._read_cached.cache_clear()  # every run reads every number again

    times = []
    report = None
    for _ in range(args.repeat):
        fresh()
        start = time.perf_counter()
        report = validity_check(entries)
        times.append(time.perf_counter() - start)
    assert report is not None
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(report.counts.items()))
    print(f"  {ENTRIES:,} entries, {len(report.distinct):,} distinct: {counts}")
    print(
        f"  validity_check (set-based)       median {statistics.median(times) * 1000:7.1f} ms"
        f"  max {max(times) * 1000:7.1f} ms  (n={args.repeat})  target ≤ 500 ms:"
        f" {'met' if statistics.median(times) <= 0.5 else 'NOT met'}"
    )
    fresh()
    start = time.perf_counter()
    numbers_only = [numbers.reader()(t.strip()) for t in entries]
    print(
        f"    of which reading the numbers          {(time.perf_counter() - start) * 1000:7.1f} ms ({len(numbers_only):,})"
    )
    fresh()
    start = time.perf_counter()
    naive(entries)
    print(f"  naive: one query per number/link         {(time.perf_counter() - start) * 1000:7.1f} ms")
    print(f"command: python bench/validity_check.py --csv {args.csv}")


if __name__ == "__main__":
    main()
