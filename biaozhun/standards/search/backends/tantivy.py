"""The embedded engine: a tantivy index in ``SEARCH_INDEX_DIR``, the default beside SQLite.

Layout of the directory::

    writer.lock      held (fcntl) by whichever process writes: one writer at a time, across processes
    CURRENT          {"generation": "gen-000007", "schema": 2}: the index searches read
    gen-000007/      the tantivy index itself

A rebuild writes a new generation beside the live one and switches ``CURRENT`` atomically when it
is complete, so searches are answered from the old index until then and a failed rebuild leaves
the old one untouched. It holds the writer lock throughout: an ``index_editions`` arriving during
a rebuild waits, then applies its change to the new generation, so nothing is lost in the switch.

Readers are cached per process. Before each search two ``stat`` calls (``CURRENT`` and the
generation's ``meta.json``, which tantivy replaces on every commit) tell whether another process
switched generations or committed; only then is the index reopened or reloaded.

Text fields hold the output of ``tokenize.tokens`` joined by spaces and split again by tantivy's
``whitespace`` tokenizer: measured faster to build than pre-tokenised strings (about 4 times, the
per-token Python objects being the cost), and the query side uses exact term queries. Number keys,
classification codes and the number's words share one ``keys`` field, marked by their first
character (``documents.EXACT`` …). Facets are raw-tokenised fast fields (terms aggregations count
them, term queries filter by them); ``issued``, ``number_sort`` and ``year`` are the sort keys.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import functools
import json
import logging
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tantivy
from django.conf import settings

from biaozhun.core.memory import without_gc
from biaozhun.standards.search import documents
from biaozhun.standards.search.plan import EXACT_SCORE, FACETS, PREFIX_SCORE, TEXT_FACETS

if TYPE_CHECKING:
    from biaozhun.standards.search import FacetValue, Hit, SearchQuery
    from biaozhun.standards.search.documents import IndexDocument
    from biaozhun.standards.search.plan import Plan

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # bump when the fields change: an older index is ignored until rebuilt
EXACT_MARK, CODE_MARK, WORD_MARK = documents.EXACT, documents.CODE, documents.WORD  # in "keys"
REBUILD_HEAP = 256_000_000  # split between the indexing threads; a 1M-edition build needs no more
REBUILD_THREADS = 1  # on 2 cores: one for Python making documents, one for tantivy (measured best)
UPDATE_HEAP = 32_000_000  # tantivy's floor is 15 MB a thread; incremental batches are small
LARGE_UPDATE = 10_000  # editions in one index_editions call from which the rebuild's heap is used
REBUILD_SHARE = 0.5  # ... and from which share of the catalogue a rebuild is done instead
LOCK_TIMEOUT = 600.0  # seconds an index_editions waits for a rebuild in another process
CODE_SCORE = 1.0

# Per-field boosts of text matches: the Chinese title matters most, drafting organisations least.
TEXT_FIELDS = (("title_zh", 3.0), ("title_en", 2.0), ("keywords", 2.0), ("organisations", 0.5))
NUMBER_WORD_BOOST = 1.0

DESC, ASC = tantivy.Order.Desc, tantivy.Order.Asc
SORT_FIELDS = {"-date": ("issued", DESC), "date": ("issued", ASC), "number": ("number_sort", ASC)}

_AGGREGATIONS: dict[str, Any] = {
    **{name: {"terms": {"field": name, "size": 1000}} for name in FACETS},
    "total": {"value_count": {"field": "id"}},
}


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name, _boost in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("keys", tokenizer_name="whitespace", index_option="basic")
    for name in TEXT_FACETS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("issued", fast=True)
    builder.add_text_field("number_sort", tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_float_field("recency", fast=True)
    return builder.build()


SCHEMA = build_schema()


@functools.cache
def recency(year: int | None) -> float:
    """The fast-field value that breaks ties by year: tantivy multiplies a score by log2(2 + value),
    so this value makes the factor 1 + (year - 1900) / 10^6: large enough to survive f32 rounding,
    and too small (at most 1.00013) to reorder scores more than a ten-thousandth apart."""
    if not year:
        return 0.0
    return float(2.0 ** (1.0 + (year - 1900) / 1_000_000) - 2.0)


def as_tantivy(doc: IndexDocument) -> dict[str, Any]:
    """The tantivy document of an edition: the search document with its tie-breaking weight."""
    fields: dict[str, Any] = dict(doc)
    fields["recency"] = recency(doc.get("year"))
    return fields


def any_term(field: str, values: Sequence[Any]) -> tantivy.Query:
    """Documents with any of ``values`` in ``field``, as a disjunction of term queries.

    Not ``term_set_query``: that one fills a bitset the size of the whole index for every search
    (measured 3 ms a query at a million editions, 10 ms with two filters), while term queries walk
    only their postings, skipping ahead when intersected with the text.
    """
    terms = [tantivy.Query.term_query(SCHEMA, field, value, index_option="basic") for value in values]
    if len(terms) == 1:
        return terms[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, term) for term in terms])


def json_documents(rows: list[tuple[Any, ...]]) -> list[str]:
    """The tantivy documents of ``documents.COLUMNS`` rows as JSON, which ``add_json`` reads in Rust:
    measured faster than building ``tantivy.Document`` objects in Python."""
    return [json.dumps(as_tantivy(documents.document(row)), ensure_ascii=False) for row in rows]


PARALLEL_REBUILD_FROM = 50_000  # editions from which a rebuild makes its documents in helper processes
DOCUMENT_MAKERS = 2  # helper processes; the rebuilding one reads rows and feeds tantivy meanwhile
_IN_FLIGHT = 2 * DOCUMENT_MAKERS  # batches handed out and not yet indexed: bounds the memory used

RowBatches = Iterator[list[tuple[Any, ...]]]


@contextlib.contextmanager
def _document_makers(total: int) -> Iterator[Callable[[RowBatches], Iterator[list[str]]]]:
    """A function from batches of rows to batches of JSON documents, in the same order.

    Making documents (tokenising titles, number keys) is most of a rebuild's Python time; on a
    large catalogue with more than one core it is done by forked helpers while this process reads
    the next rows from the database and tantivy indexes the previous ones. The helpers never touch
    the database (rows are sent to them), so this works inside a transaction and on any backend.
    """
    if total < PARALLEL_REBUILD_FROM or (os.cpu_count() or 1) < 2:
        yield lambda batches: map(json_documents, batches)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(DOCUMENT_MAKERS) as pool:

        def make(batches: RowBatches) -> Iterator[list[str]]:
            pending: collections.deque[Any] = collections.deque()
            for rows in batches:
                pending.append(pool.apply_async(json_documents, (rows,)))
                if len(pending) >= _IN_FLIGHT:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()

        yield make


class IndexBusyError(RuntimeError):
    """Another process has held the index writer longer than ``LOCK_TIMEOUT``."""


@contextlib.contextmanager
def writer_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the index's writer lock (one writing process at a time), waiting up to ``timeout`` seconds."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "writer.lock").open("a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexBusyError(f"search index {root} is being written by another process") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def read_current(root: Path) -> tuple[str, int] | None:
    """The live generation's directory name and schema version, or ``None`` when there is no index."""
    try:
        data = json.loads((root / "CURRENT").read_text())
        return str(data["generation"]), int(data["schema"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def _write_current(root: Path, generation: str) -> None:
    tmp = root / "CURRENT.tmp"
    with tmp.open("w") as handle:
        json.dump({"generation": generation, "schema": SCHEMA_VERSION}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / "CURRENT")


def _next_generation(root: Path) -> str:
    numbers = [int(p.name[4:]) for p in root.glob("gen-*") if p.name[4:].isdigit()]
    return f"gen-{max(numbers, default=0) + 1:06d}"


def _remove_generations(root: Path, *, keep: str) -> None:
    """Old generations go once nothing points at them; processes still reading one keep its open
    files (POSIX), and move to the new generation at their next search."""
    for path in root.glob("gen-*"):
        if path.name != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _open_writer(index: tantivy.Index, heap: int, threads: int) -> tantivy.IndexWriter:
    """A writer, retrying briefly when tantivy's own lock is still held by a writer of this process
    that is being dropped (the fcntl lock already orders writers between processes)."""
    for attempt in range(50):
        try:
            return index.writer(heap_size=heap, num_threads=threads)
        except ValueError as error:
            if "LockBusy" not in str(error) or attempt == 49:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


@dataclass
class _Live:
    """The index this process reads, and the stamps it was opened or last reloaded at."""

    root: Path
    generation: str
    index: tantivy.Index
    current_stamp: tuple[int, int, int] | None
    meta_stamp: tuple[int, int, int] | None


class TantivyBackend:
    """The tantivy engine; one object per process, safe to share between threads."""

    name = "tantivy"

    def __init__(self) -> None:
        self._live: _Live | None = None
        self._lock = threading.Lock()
        self._warned: set[tuple[Path, str]] = set()

    # --- reading ------------------------------------------------------------------------------------

    @staticmethod
    def root() -> Path:
        return Path(settings.SEARCH_INDEX_DIR)

    def reset(self) -> None:
        with self._lock:
            self._live = None

    def _open(self) -> tantivy.Index | None:
        """The live index, reopened when another generation went live and reloaded after a commit;
        ``None`` before the first rebuild (or ``index_editions``), or when the index on disk has an
        older schema, so that searching then finds nothing instead of failing or waiting for a writer."""
        root = self.root()
        with self._lock:
            live = self._live
            current_stamp = _stamp(root / "CURRENT")
            if live is not None and live.root == root and live.current_stamp == current_stamp:
                meta_stamp = _stamp(root / live.generation / "meta.json")
                if meta_stamp != live.meta_stamp:
                    live.index.reload()
                    live.meta_stamp = meta_stamp
                return live.index
            self._live = None
            for _attempt in range(3):  # a rebuild elsewhere may switch generations while we open one
                current = read_current(root)
                if current is None:
                    return None
                generation, schema = current
                if schema != SCHEMA_VERSION:
                    if (root, generation) not in self._warned:
                        self._warned.add((root, generation))
                        logger.warning(
                            "search index %s has an older schema: run `search_index rebuild`", root
                        )
                    return None
                path = root / generation
                try:
                    index = tantivy.Index.open(str(path))
                except ValueError:
                    current_stamp = _stamp(root / "CURRENT")
                    continue
                index.config_reader(reload_policy="manual")
                self._live = _Live(root, generation, index, current_stamp, _stamp(path / "meta.json"))
                return index
            return None

    def document_count(self) -> int:
        index = self._open()
        return int(index.searcher().num_docs) if index is not None else 0

    def _text_query(self, plan: Plan) -> tantivy.Query | None:
        if not plan.terms:
            return None
        Query, Should = tantivy.Query, tantivy.Occur.Should
        required = []
        for term in plan.terms:
            alternatives = [
                (Should, Query.boost_query(Query.term_query(SCHEMA, name, term, index_option="freq"), boost))
                for name, boost in TEXT_FIELDS
            ]
            if plan.words_in_numbers and term.isascii():
                word = Query.term_query(SCHEMA, "keys", WORD_MARK + term, index_option="basic")
                alternatives.append((Should, Query.boost_query(word, NUMBER_WORD_BOOST)))
            required.append((tantivy.Occur.Must, Query.boolean_query(alternatives)))
        return tantivy.Query.boolean_query(required)

    def _filters(self, plan: Plan) -> list[tantivy.Query]:
        filters = [any_term(name, list(values)) for name, values in plan.filters.items()]
        if plan.years is not None:
            filters.append(any_term("year", list(plan.years)))
        return filters

    def _query(self, plan: Plan) -> tantivy.Query:
        """The engine query: the best of the text, code and number-tier matches, within the filters.

        Filters score nothing (constant 0) so that they never change the order; with no text, every
        match scores 1 and the year decides.
        """
        Query, Must = tantivy.Query, tantivy.Occur.Must
        filters = self._filters(plan)
        if plan.match_all:
            if not filters:
                return Query.all_query()
            return Query.const_score_query(Query.boolean_query([(Must, f) for f in filters]), 1.0)
        ways = []
        text = self._text_query(plan)
        if text is not None:
            ways.append(text)
        if plan.exact_keys:
            exact = [EXACT_MARK + k for k in plan.exact_keys]
            ways.append(Query.const_score_query(any_term("keys", exact), EXACT_SCORE))
            codes = [CODE_MARK + k for k in plan.exact_keys]
            ways.append(Query.const_score_query(any_term("keys", codes), CODE_SCORE))
        if plan.prefix_keys:
            prefix = [*(EXACT_MARK + k for k in plan.prefix_keys), *plan.prefix_keys]
            ways.append(Query.const_score_query(any_term("keys", prefix), PREFIX_SCORE))
        main = ways[0] if len(ways) == 1 else Query.disjunction_max_query(ways)
        if not filters:
            return main
        return Query.boolean_query(
            [(Must, main), *((Must, Query.const_score_query(f, 0.0)) for f in filters)]
        )

    def search(self, query: SearchQuery, plan: Plan) -> tuple[int, list[Hit], dict[str, list[FacetValue]]]:
        from biaozhun.standards.search import FacetValue, Hit

        index = self._open()
        if plan.match_none or index is None:
            return 0, [], {}
        searcher = index.searcher()
        tq = self._query(plan)
        facets: dict[str, list[FacetValue]] = {}
        total = -1
        if query.facets:
            aggregations = searcher.aggregate(tq, _AGGREGATIONS)
            total = int(aggregations["total"]["value"])
            for name in FACETS:
                buckets = aggregations.get(name, {}).get("buckets", [])
                values = [FacetValue(value=str(b["key"]), count=int(b["doc_count"])) for b in buckets]
                facets[name] = sorted(values, key=lambda v: (-v.count, v.value))
            if total == 0:
                return 0, [], facets
        if query.sort == "relevance" and plan.match_all:
            # Every match scores the same: the newest year first is simply an order by year.
            result = searcher.search(
                tq, query.per_page, offset=query.offset, count=total < 0, order_by_field="year", order=DESC
            )
            hits = [(0.0, address) for _year, address in result.hits]
        elif query.sort == "relevance":
            # Scores weighted by year in the engine (see ``recency``). Breaking ties afterwards in
            # Python was tried: one- and two-term queries tie by the thousand (tantivy's field
            # norms are one byte), so the tied hits to fetch made it slower, not faster.
            result = searcher.search(
                tq, query.per_page, offset=query.offset, count=total < 0, weight_by_field="recency"
            )
            hits = result.hits
        else:
            field, order = SORT_FIELDS[query.sort]
            result = searcher.search(
                tq, query.per_page, offset=query.offset, count=total < 0, order_by_field=field, order=order
            )
            hits = [(0.0, address) for _value, address in result.hits]
        if total < 0:
            total = int(getattr(result, "count", 0) or 0)  # set when counting; missing from the stubs
        addresses = [address for _score, address in hits]
        ids = searcher.fast_field_values("id", addresses) if addresses else []
        return (
            total,
            [Hit(edition_id=int(i or 0), score=float(h[0])) for i, h in zip(ids, hits, strict=True)],
            facets,
        )

    # --- writing ------------------------------------------------------------------------------------

    def index(self, ids: Sequence[int]) -> None:
        """Delete and re-add these editions in one commit. When they are most of the catalogue (an
        import of a whole source file), a rebuild is done instead: same result, built faster."""
        root = self.root()
        wanted = set(ids)
        if len(wanted) >= LARGE_UPDATE and len(wanted) >= REBUILD_SHARE * documents.edition_count():
            self.rebuild()
            return
        with writer_lock(root), without_gc():
            current = read_current(root)
            if current is None or current[1] != SCHEMA_VERSION:
                # Nothing to update yet: start an empty index (a rebuild fills it with the rest).
                generation = _next_generation(root)
                (root / generation).mkdir()
                tantivy.Index(SCHEMA, path=str(root / generation))
                _write_current(root, generation)
                current = (generation, SCHEMA_VERSION)
            index = tantivy.Index.open(str(root / current[0]))
            writer = _open_writer(index, UPDATE_HEAP if len(wanted) < LARGE_UPDATE else REBUILD_HEAP, 1)
            try:
                for asked, found in documents.iter_ids(wanted):
                    for edition_id in asked:
                        writer.delete_documents_by_term("id", edition_id)
                    for doc in found:
                        writer.add_document(tantivy.Document.from_dict(as_tantivy(doc), SCHEMA))
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
        self._open()

    def rebuild(self, *, progress: Callable[[int, int], None] | None = None) -> int:
        root = self.root()
        done = 0
        with writer_lock(root), without_gc():
            total = documents.edition_count()
            generation = _next_generation(root)
            path = root / generation
            path.mkdir()
            try:
                # The helper processes are forked before tantivy starts its threads.
                with _document_makers(total) as make:
                    index = tantivy.Index(SCHEMA, path=str(path))
                    writer = _open_writer(index, REBUILD_HEAP, REBUILD_THREADS)
                    try:
                        for batch in make(documents.iter_rows()):
                            for doc in batch:
                                writer.add_json(doc)
                            done += len(batch)
                            if progress is not None:
                                progress(done, max(total, done))
                        writer.commit()
                    finally:
                        writer.wait_merging_threads()
                _write_current(root, generation)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            _remove_generations(root, keep=generation)
        self._open()
        return done
