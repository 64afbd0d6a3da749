"""The search engines and how one is chosen: ``SEARCH_BACKEND`` = ``auto``, ``tantivy`` or ``postgres``.

``auto`` means ``postgres`` when the default database is PostgreSQL (nothing to run beside it, and
the index is transactional with the data) and ``tantivy`` otherwise (SQLite's own FTS5 was measured
about 25 times slower on a million titles, see docs/adr/0007-search-engine.md). One engine object
per name and process, created on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.db import connections

if TYPE_CHECKING:
    from biaozhun.standards.search import FacetValue, Hit, SearchQuery
    from biaozhun.standards.search.plan import Plan

NAMES = ("tantivy", "postgres")


class Backend(Protocol):
    """What an engine implements; ``search`` returns ``(total, hits, facets)`` for a planned query."""

    name: str

    def search(
        self, query: SearchQuery, plan: Plan
    ) -> tuple[int, list[Hit], dict[str, list[FacetValue]]]: ...

    def index(self, ids: Sequence[int]) -> None: ...

    def rebuild(self, *, progress: Callable[[int, int], None] | None = None) -> int: ...

    def document_count(self) -> int: ...

    def reset(self) -> None: ...


_instances: dict[str, Backend] = {}


def resolve_name() -> str:
    configured = getattr(settings, "SEARCH_BACKEND", "auto")
    if configured == "auto":
        return "postgres" if connections["default"].vendor == "postgresql" else "tantivy"
    if configured not in NAMES:
        raise ValueError(f"SEARCH_BACKEND must be auto, tantivy or postgres; got {configured!r}")
    return str(configured)


def get(name: str) -> Backend:
    """The engine called ``name``, created on first use."""
    if name not in _instances:
        if name == "tantivy":
            from biaozhun.standards.search.backends.tantivy import TantivyBackend

            _instances[name] = TantivyBackend()
        elif name == "postgres":
            from biaozhun.standards.search.backends.postgres import PostgresBackend

            _instances[name] = PostgresBackend()
        else:
            raise ValueError(f"unknown search backend {name!r}")
    return _instances[name]


def current() -> Backend:
    return get(resolve_name())


def reset() -> None:
    for backend in _instances.values():
        backend.reset()
