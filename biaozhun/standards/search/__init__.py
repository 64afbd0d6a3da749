"""Full-text search over the catalogue, behind one small interface whatever the engine.

Views, the API and the benchmarks use only what is defined here: ``search(SearchQuery)`` returns
edition ids with scores, the total and the facet counts; ``index_editions`` / ``rebuild`` keep the
index in step with the database, which stays the source of truth; ``highlight`` and ``tokens`` are
backend-independent. The engine is chosen by ``settings.SEARCH_BACKEND``: ``tantivy`` (an
embedded index directory, the default beside SQLite) or ``postgres`` (a ``tsvector`` table with a
GIN index, the default on PostgreSQL). Both receive the same plan of terms, number keys and filters
(``plan.py``), so they find the same editions; see docs/adr/0007-search-engine.md.

Importing this package is cheap and touches no model or engine: ``standards.models`` imports the
PostgreSQL model from here, and the engines load on first use.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from biaozhun.standards.search.highlight import highlight
from biaozhun.standards.search.plan import FACETS, MAX_PER_PAGE, SORTS, clean_filters
from biaozhun.standards.search.tokenize import tokens

__all__ = [
    "FACETS",
    "SORTS",
    "FacetValue",
    "Hit",
    "SearchQuery",
    "SearchResult",
    "backend_name",
    "document_count",
    "highlight",
    "index_editions",
    "rebuild",
    "reset",
    "search",
    "tokens",
]


@dataclass(frozen=True)
class SearchQuery:
    """One search: words or a number, filters, order and page.

    ``filters`` keys are ``level``, ``status``, ``nature``, ``ccs_class``, ``ics_field`` and ``year``;
    values are OR-ed within a key and keys AND-ed. ``sort`` is ``relevance`` (number matches first,
    then text relevance, then the newer year), ``-date`` (newest issued first), ``date`` or
    ``number``; editions without an issue date come last in both date orders. An unknown sort or
    filter key, or a page out of range, raises ``ValueError``: callers clean user input first
    (``selectors.build_query``), so such a value is a programming error.
    """

    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown search sort {self.sort!r}; expected one of {', '.join(SORTS)}")
        if self.page < 1:
            raise ValueError(f"search page must be 1 or more; got {self.page}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"search per_page must be between 1 and {MAX_PER_PAGE}; got {self.per_page}")
        object.__setattr__(self, "filters", clean_filters(self.filters))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Hit:
    """One matching edition. ``score`` orders a relevance search (higher first) and is comparable
    only within one result; it is 0 for the other sorts."""

    edition_id: int
    score: float


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, how many editions match in all, and the facet counts over all of them.

    ``facets`` has a list for each of ``FACETS`` (most frequent first, blank values left out), or is
    empty when the query asked for none. ``took_ms`` is the time the search took (planning and
    the engine), not counting loading the editions, which the caller does (``selectors``).
    """

    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    backend: str
    took_ms: float


def search(query: SearchQuery) -> SearchResult:
    """The page of ``query`` on the configured engine: edition ids in order, the total and the facets.

    Only ids come back, so the caller loads the rows it shows in one query and the index never has
    to hold more than it searches by; an id whose edition has just been deleted may appear until the
    next ``index_editions`` and is for the caller to skip.
    """
    from biaozhun.standards.search import backends
    from biaozhun.standards.search.plan import plan

    backend = backends.current()
    started = time.perf_counter()
    total, hits, facets = backend.search(query, plan(query))
    took_ms = (time.perf_counter() - started) * 1000
    if query.facets:
        facets = {name: facets.get(name, []) for name in FACETS}
    return SearchResult(total=total, hits=hits, facets=facets, backend=backend.name, took_ms=took_ms)


def index_editions(ids: Iterable[int]) -> None:
    """(Re)index these editions; ids that no longer exist are removed from the index.

    Call it after the transaction that changed them has committed (``transaction.on_commit``), so
    the index never holds a change the database rolled back.
    """
    from biaozhun.standards.search import backends

    wanted = list(ids)
    if wanted:
        backends.current().index(wanted)


def rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the database and return how many editions it holds.

    ``progress(done, total)`` is called after every batch. Searches keep being answered from the
    old index while the new one is built.
    """
    from biaozhun.standards.search import backends

    return backends.current().rebuild(progress=progress)


def document_count() -> int:
    """How many editions the index holds (compare with ``Edition.objects.count()``)."""
    from biaozhun.standards.search import backends

    return backends.current().document_count()


def backend_name() -> str:
    """``tantivy`` or ``postgres``: the engine ``SEARCH_BACKEND`` selects for the default database."""
    from biaozhun.standards.search import backends

    return backends.resolve_name()


def reset() -> None:
    """Forget cached engines and readers (tests, after changing settings, after a fork)."""
    from biaozhun.standards.search import backends

    backends.reset()
