"""Search and number-lookup latency on an imported catalogue, beside a plain tantivy reference.

The targets on the 2-core machine, for a million editions: a words search (top 20 with facet
counts) p95 ≤ 20 ms in the engine and ≤ 50 ms for the whole HTTP request; an exact-number lookup
p95 ≤ 2 ms. This script measures, on the database ``bench/catalogue_import.py --keep`` left:

(a) the engine, through the public API: ``search.search(SearchQuery(text=q, facets=True, per_page=20))``;
(b) the whole request ``GET /standards/?q=…`` through Django's test client, in process: URL
    routing, the form, the search, loading the page's editions, highlighting, facet groups, the
    template (no network, no browser);
(c) an exact number: ``Edition.objects.get(number=…)``, the same number through ``search()`` (and
    whether it comes first), and the edition's page;
(d) the reference: a tantivy index built here, from the same editions, with the same tokenisation
    (``search.tokenize``), asked the same queries for the top 20 and the same facets
    (``searcher.aggregate``); the ratio ours / reference says what our layer costs over the engine.

Every query is run once to warm up, then measured once per round (``--rounds``); times are
``time.perf_counter`` wall time, median / p95 / max over all samples.

Commands:
    .venv/bin/python bench/catalogue_search.py --csv var/bench/catalogue_1m.csv
    .venv/bin/python bench/catalogue_search.py --csv var/bench/catalogue_1m.csv \\
        --postgres postgres://postgres@127.0.0.1:5432/
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _reference_tantivy import ReferenceIndex, ReferenceRow
from _setup import ROOT, disk_size, django_with_database, import_now, machine, megabytes, p95, source_stamp
from catalogue_import import MODULES, load, postgres_url, postgres_workdir, sqlite_workdir

TARGET_ENGINE_P95_MS = 20.0
TARGET_HTTP_P95_MS = 50.0
TARGET_NUMBER_P95_MS = 2.0


@dataclass
class Figures:
    label: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return p95(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    def line(self, target: float | None = None) -> str:
        verdict = ""
        if target is not None:
            verdict = f"   target p95 ≤ {target:g} ms: {'met' if self.p95 <= target else 'NOT met'}"
        return (
            f"  {self.label:58s} median {self.median:7.2f}  p95 {self.p95:7.2f}  max {self.max:7.2f} ms"
            f"  (n={len(self.samples)}){verdict}"
        )


def measure(label: str, items: Sequence[Any], call: Callable[[Any], object], rounds: int) -> Figures:
    """Each item once to warm up, then ``rounds`` timed calls of each, round after round."""
    for item in items:
        call(item)
    samples: list[float] = []
    for _ in range(rounds):
        for item in items:
            start = time.perf_counter()
            call(item)
            samples.append((time.perf_counter() - start) * 1000)
    return Figures(label, samples)


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse_if_never_analysed() -> None:
    """Give the planner statistics when nothing has (a server with autovacuum off, like the test box).

    Without them PostgreSQL plans a lookup of one replacement as a parallel scan of the table; a
    production server's autovacuum analyses a bulk-loaded table within minutes.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname LIKE 'standards_%%' "
            "AND n_live_tup > 1000 AND last_analyze IS NULL AND last_autoanalyze IS NULL"
        )
        (never,) = cursor.fetchone()
        if never:
            cursor.execute("SHOW autovacuum")
            (autovacuum,) = cursor.fetchone()
            start = time.perf_counter()
            cursor.execute("ANALYZE")
            print(
                f"  {never} tables had never been analysed (autovacuum {autovacuum}): "
                f"ANALYZE took {time.perf_counter() - start:.1f} s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "var" / "bench" / "catalogue_20k.csv")
    parser.add_argument("--postgres", metavar="URL", help="the server catalogue_import.py --keep used")
    parser.add_argument("--queries", type=Path, default=ROOT / "var" / "bench" / "queries.txt")
    parser.add_argument(
        "--numbers", type=Path, help="default: numbers.txt (1m) or numbers_<n>.txt beside the csv"
    )
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over the query set")
    parser.add_argument("--http-rounds", type=int, default=1)
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="SECONDS",
        help="on a shared machine, wait up to this long for the 1-minute load to fall below 1.0",
    )
    args = parser.parse_args()
    csv_path: Path = args.csv.resolve()
    if args.postgres:
        workdir = postgres_workdir(csv_path)
        database_url = postgres_url(args.postgres)
    else:
        workdir = sqlite_workdir(csv_path)
        database_url = f"sqlite:///{workdir / 'catalogue.sqlite3'}"
        if not (workdir / "catalogue.sqlite3").is_file():
            sys.exit(f"no database in {workdir}: run bench/catalogue_import.py --csv {args.csv} --keep first")
    numbers_path = args.numbers
    if numbers_path is None:
        suffix = csv_path.stem.removeprefix("catalogue")
        numbers_path = csv_path.with_name("numbers.txt" if suffix == "_1m" else f"numbers{suffix}.txt")
    django_with_database(database_url, workdir)
    import_now(*MODULES, "biaozhun.standards.selectors", "biaozhun.standards.views.catalogue", "config.urls")

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from biaozhun.standards import numbers as grammar
    from biaozhun.standards import search
    from biaozhun.standards.models import Edition
    from biaozhun.standards.search import SearchQuery

    editions = Edition.objects.count()
    queries = read_lines(args.queries)
    wanted_numbers = [grammar.parse(n).canonical for n in read_lines(numbers_path)]
    present: set[str] = set()
    for offset in range(0, len(wanted_numbers), 900):
        chunk = wanted_numbers[offset : offset + 900]
        present.update(Edition.objects.filter(number__in=chunk).values_list("number", flat=True))
    lookup_numbers = [n for n in wanted_numbers if n in present]
    backend = search.backend_name()
    print(f"bench/catalogue_search.py on {connection.vendor}, search backend {backend}; {machine()}")
    print(f"  code: {source_stamp()}")
    print(
        f"  {editions:,} editions; {len(queries)} queries from {args.queries.name}; "
        f"{len(lookup_numbers)} of {len(wanted_numbers)} numbers of {numbers_path.name} present"
    )
    deadline = time.monotonic() + args.wait_idle
    while os.getloadavg()[0] >= 1.0 and time.monotonic() < deadline:
        time.sleep(10)
    print(f"  at start: {load()}")
    if editions == 0:
        sys.exit("the catalogue is empty")
    if connection.vendor == "postgresql":
        analyse_if_never_analysed()
    if search.document_count() != editions:
        # The index was built by another version of the code (its schema changed) or not at all.
        start = time.perf_counter()
        search.rebuild()
        print(
            f"  the search index did not hold every edition: rebuilt in {time.perf_counter() - start:.1f} s"
        )

    # (a) the engine through the public API --------------------------------------------------------
    totals: dict[str, int] = {}
    took: list[float] = []

    def ours(q: str) -> None:
        result = search.search(SearchQuery(text=q, facets=True, per_page=20))
        totals[q] = result.total
        took.append(result.took_ms)

    engine = measure("(a) search() words, top 20 + facets", queries, ours, args.rounds)
    engine_inner = Figures("    of which inside the backend (took_ms)", took[len(queries) :])
    hits = [totals[q] for q in queries]
    print(engine.line(TARGET_ENGINE_P95_MS))
    print(engine_inner.line())
    print(
        f"      matches per query: median {statistics.median(hits):,.0f}, max {max(hits):,}, "
        f"{sum(1 for h in hits if h == 0)} of {len(hits)} find nothing"
    )
    by_words: dict[int, list[float]] = {}
    for i, q in enumerate(queries * args.rounds):
        by_words.setdefault(1 if len(q) == 1 else len(q.split()) + 1, []).append(engine.samples[i])
    for key in sorted(by_words):
        label = "1 character" if key == 1 else f"{key - 1} word{'s' if key > 2 else ''}"
        print("  " + Figures(f"    {label}", by_words[key]).line().strip())

    # (b) the whole HTTP request -------------------------------------------------------------------
    client = Client(headers={"Accept-Language": "zh-hans"})

    def page(q: str) -> None:
        response = client.get("/standards/", {"q": q})
        if response.status_code != 200:
            raise SystemExit(f"/standards/?q={q} answered {response.status_code}")

    http = measure("(b) GET /standards/?q=… (whole request, facets)", queries, page, args.http_rounds)
    print(http.line(TARGET_HTTP_P95_MS))
    slowest = sorted(zip(http.samples, queries * args.http_rounds, strict=True), reverse=True)[:5]
    print("      slowest: " + ", ".join(f"{q} {ms:.0f} ms ({totals[q]:,} matches)" for ms, q in slowest))

    # (c) exact numbers ----------------------------------------------------------------------------
    orm = measure(
        "(c) Edition.objects.get(number=…)",
        lookup_numbers,
        lambda n: Edition.objects.get(number=n),
        args.rounds,
    )
    print(orm.line(TARGET_NUMBER_P95_MS))
    ids = dict(Edition.objects.filter(number__in=lookup_numbers).values_list("number", "pk"))
    first: dict[str, bool] = {}

    def number_search(n: str) -> None:
        result = search.search(SearchQuery(text=n, facets=True, per_page=20))
        first[n] = bool(result.hits) and result.hits[0].edition_id == ids[n]

    by_number = measure(
        "    search() for the number, top 20 + facets", lookup_numbers, number_search, args.rounds
    )
    print(by_number.line())
    print(f"      the edition comes first for {sum(first.values())} of {len(first)} numbers")
    urls = {n: reverse("standards:detail", kwargs={"number": n}) for n in lookup_numbers}

    def detail_page(n: str) -> None:
        response = client.get(urls[n])
        if response.status_code != 200:
            raise SystemExit(f"{urls[n]} answered {response.status_code}")

    detail = measure("    GET the edition's page", lookup_numbers, detail_page, args.http_rounds)
    print(detail.line())

    # (d) the reference engine ---------------------------------------------------------------------
    start = time.perf_counter()
    rows = [
        ReferenceRow(*values)
        for values in Edition.objects.order_by("pk")
        .values_list(
            "pk",
            "number",
            "title_zh",
            "title_en",
            "level",
            "status",
            "nature",
            "ccs_class",
            "ics_field",
            "year",
        )
        .iterator(chunk_size=5000)
    ]
    read_s = time.perf_counter() - start
    reference = ReferenceIndex(workdir / "reference-tantivy")
    documents, build_s = reference.build(rows)
    del rows
    print(
        f"  (d) reference tantivy index: {documents:,} editions read in {read_s:.1f} s, "
        f"built in {build_s:.1f} s, {megabytes(reference.size_bytes())}"
    )
    ref_totals: dict[str, int] = {}

    def plain(q: str) -> None:
        ref_totals[q] = reference.search(q, limit=20, facets=True)[0]

    ref = measure("    reference words, top 20 + facets", queries, plain, args.rounds)
    print(ref.line())
    differ = [q for q in queries if ref_totals[q] != totals[q]]
    print(
        f"      same match counts as ours for {len(queries) - len(differ)} of {len(queries)} queries"
        + (f" (differ: {', '.join(differ[:5])})" if differ else "")
    )
    ratio_median = engine.median / ref.median
    ratio_p95 = engine.p95 / ref.p95
    print(f"      ours / reference: median ×{ratio_median:.1f}, p95 ×{ratio_p95:.1f}")
    print(f"  at end: {load()}")

    # the rows for bench/RESULTS.md -----------------------------------------------------------------
    name = f"{connection.vendor} + {backend}"
    index_size = disk_size(workdir / "search") if backend == "tantivy" else 0
    print()
    print(f"| {editions:,} editions, {name} | median | p95 | max | target |")
    print("|---|---|---|---|---|")
    for figures, target in (
        (engine, TARGET_ENGINE_P95_MS),
        (http, TARGET_HTTP_P95_MS),
        (orm, TARGET_NUMBER_P95_MS),
        (by_number, None),
        (detail, None),
        (ref, None),
    ):
        label = figures.label.strip()
        target_text = f"p95 ≤ {target:g} ms" if target is not None else ""
        print(
            f"| {label} | {figures.median:.1f} ms | {figures.p95:.1f} ms | {figures.max:.1f} ms | {target_text} |"
        )
    print(f"| ours / reference (engine) | ×{ratio_median:.1f} | ×{ratio_p95:.1f} | | |")
    if index_size:
        print(f"\nsearch index {megabytes(index_size)}; reference index {megabytes(reference.size_bytes())}")
    print("\ncommand: " + " ".join(["python", "bench/catalogue_search.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
