"""What a ``SearchQuery`` asks for, worked out once and handed to whichever backend runs it.

Both backends receive the same ``Plan`` (terms, number keys, filters), so they match the same
editions by construction; only the engines' relevance scores differ. The ranking rule they both
implement: an exact number match first, then a number-prefix match, then text relevance, and
among equals the newer year first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from biaozhun.standards.search import tokenize

if TYPE_CHECKING:
    from biaozhun.standards.search import SearchQuery

TEXT_FACETS = ("level", "status", "nature", "ccs_class", "ics_field")
FACETS = (*TEXT_FACETS, "year")
SORTS = ("relevance", "-date", "date", "number")
MAX_PER_PAGE = 1000
MAX_PARSED_LENGTH = 120  # the grammar is not asked about sentences

# Scores of the number tiers. They sit far above any text score (bm25 of a 30-term query stays
# below 10^4), so a number match always ranks first; both backends report them the same way.
EXACT_SCORE = 2_000_000.0
PREFIX_SCORE = 1_000_000.0


@dataclass(frozen=True)
class Plan:
    """The terms, keys and filters of one search.

    ``terms``: every one must occur (in a title, keywords, drafting organisations or, for a query
    that is not itself a number, the number's words). ``exact_keys``: folded number keys looked up
    among the editions' exact number keys (and their classification codes). ``prefix_keys``, a
    superset, among their exact and prefix keys: the work of a dated number is a prefix key only,
    so that ``GB/T 1.1-2009`` finds that edition first and the other editions of GB/T 1.1 next.
    An empty query text matches everything; a text with nothing searchable in it (punctuation)
    matches nothing.
    """

    terms: tuple[str, ...] = ()
    exact_keys: tuple[str, ...] = ()
    prefix_keys: tuple[str, ...] = ()
    words_in_numbers: bool = True
    match_all: bool = False
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    years: tuple[int, ...] | None = None  # None: no year filter; (): a year filter nothing can match

    @property
    def match_none(self) -> bool:
        return (not self.match_all and not self.terms and not self.prefix_keys) or self.years == ()


def _parsed(text: str) -> tuple[list[str], list[str]]:
    """The keys of ``text`` read by the number grammar (``《GB/T 12771 2019》`` → ``gbt12771-2019``),
    as ``(exact, work)``; the work only for a dated number."""
    if len(text) > MAX_PARSED_LENGTH:
        return [], []
    from biaozhun.standards import numbers

    try:
        parsed = numbers.try_parse(text)
    except Exception:  # the grammar refusing odd input must never fail a search
        return [], []
    if isinstance(parsed, numbers.InvalidNumber):
        return [], []
    canonical, work = tokenize.number_key(parsed.canonical), tokenize.number_key(parsed.work_key)
    return [canonical], ([work] if work != canonical else [])


def number_keys_of_query(text: str) -> tuple[list[str], list[str]]:
    """``(exact, prefix)`` number keys a query text stands for: its folded self when it could be a
    number, and what the grammar reads in it; ``prefix`` includes ``exact``."""
    key = tokenize.number_key(text)
    exact = [key] if tokenize.is_number_like(key) else []
    parsed, work = _parsed(text)
    exact = [k for k in tokenize.unique(exact + parsed) if len(k) <= tokenize.MAX_NUMBER_KEY]
    prefix = [k for k in tokenize.unique(exact + work) if len(k) <= tokenize.MAX_NUMBER_KEY]
    return exact, prefix


def clean_filters(filters: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Filters without blank values and empty keys; an unknown key is a programming error."""
    out: dict[str, tuple[str, ...]] = {}
    for key, values in filters.items():
        if key not in FACETS:
            raise ValueError(f"unknown search filter {key!r}; expected one of {', '.join(FACETS)}")
        if isinstance(values, str):
            values = (values,)
        kept = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        if kept:
            out[key] = kept
    return out


def plan(query: SearchQuery) -> Plan:
    """The plan of ``query``; year filter values that are not years match nothing."""
    text = query.text.strip()
    filters = {k: tuple(v) for k, v in query.filters.items() if k != "year"}
    years: tuple[int, ...] | None = None
    if "year" in query.filters:
        years = tuple(int(v) for v in query.filters["year"] if v.isascii() and v.isdigit() and len(v) <= 4)
    if not text:
        return Plan(match_all=True, filters=filters, years=years)
    exact, prefix = number_keys_of_query(text)
    return Plan(
        terms=tuple(tokenize.query_terms(text)),
        exact_keys=tuple(exact),
        prefix_keys=tuple(prefix),
        words_in_numbers=not prefix,
        filters=filters,
        years=years,
    )
