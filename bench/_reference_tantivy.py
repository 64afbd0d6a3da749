"""The reference engine: the ``tantivy`` package used directly, with the project's own tokenisation.

Our search goes through a plan, number keys, several fields, the Django ORM and a backend
abstraction. To tell how much of its latency is the engine and how much is ours, the benchmark
runs the same queries over the same editions on the plainest tantivy index that gives the same
answers to a words query: one text field holding the terms of ``search.tokens`` (titles and
number words) pre-tokenised and split on spaces, every query term required (``query_terms``),
top 20 by bm25, and terms aggregations for the same facets. Nothing else: no number keys, no
sort tiers, no database. The ratio ours / reference is then the cost of our layer.

Used only by ``bench/catalogue_search.py``; kept apart so it can be read on its own.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

TEXT_FACETS = ("level", "status", "nature", "ccs_class", "ics_field")
FACETS = (*TEXT_FACETS, "year")
THREADS = 1  # as the project's rebuild: one core makes documents in Python, the other indexes
HEAP = 256_000_000


@dataclass(frozen=True)
class ReferenceRow:
    """What the reference index needs of one edition."""

    edition_id: int
    number: str
    title_zh: str
    title_en: str
    level: str
    status: str
    nature: str
    ccs_class: str
    ics_field: str
    year: int | None


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=False, indexed=False, fast=True)
    # tantivy's own whitespace tokenizer: the terms are already folded and cut by search.tokens.
    builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="freq")
    for name in TEXT_FACETS:
        builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", stored=False, indexed=False, fast=True)
    return builder.build()


class ReferenceIndex:
    """A throw-away tantivy index in ``path`` (emptied first)."""

    def __init__(self, path: Path) -> None:
        from biaozhun.standards.search import tokenize

        self._tokenize = tokenize
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        self.path = path
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(path))
        # The facet counts and the total in one aggregation, then the top hits without counting.
        self.aggregation: dict[str, Any] = {
            **{name: {"terms": {"field": name, "size": 1000}} for name in FACETS},
            "total": {"value_count": {"field": "id"}},
        }

    def build(
        self, rows: Iterable[ReferenceRow], *, threads: int = 1, heap_mb: int = 256
    ) -> tuple[int, float]:
        """Index every row; returns (documents, seconds). Tokenising is timed with the build."""
        tokens = self._tokenize.tokens
        number_words = self._tokenize.number_words
        started = time.perf_counter()
        writer = self.index.writer(HEAP, THREADS)
        count = 0
        for row in rows:
            terms = tokens(row.title_zh) + tokens(row.title_en) + number_words(row.number)
            doc = tantivy.Document(id=row.edition_id, text=" ".join(terms))
            for name in TEXT_FACETS:
                value = getattr(row, name)
                if value:
                    doc.add_text(name, value)
            if row.year is not None:
                doc.add_integer("year", row.year)
            writer.add_document(doc)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return count, time.perf_counter() - started

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def query(self, text: str) -> Any:
        terms = self._tokenize.query_terms(text)
        if not terms:
            return tantivy.Query.empty_query()
        parts = [tantivy.Query.term_query(self.schema, "text", term) for term in terms]
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts])

    def search(
        self, text: str, *, limit: int = 20, facets: bool = True
    ) -> tuple[int, list[int], dict[str, Any]]:
        """(total, top edition ids, facet buckets) for a words query."""
        query = self.query(text)
        buckets: dict[str, Any] = {}
        total = -1
        if facets:  # the facet counts and the total in one aggregation, as ours does
            answer = self.searcher.aggregate(query, self.aggregation)
            total = int(answer["total"]["value"])
            buckets = {name: [(b["key"], b["doc_count"]) for b in answer[name]["buckets"]] for name in FACETS}
        result = self.searcher.search(query, limit, count=total < 0)
        addresses = [address for _, address in result.hits]
        ids = [int(i) for i in self.searcher.fast_field_values("id", addresses)] if addresses else []  # type: ignore[arg-type]
        return (int(result.count or 0) if total < 0 else total), ids, buckets  # type: ignore[attr-defined]
