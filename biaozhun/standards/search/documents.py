"""Editions read from the database as search documents: the same terms and keys for every backend.

The database is the source of truth; an index is a copy that can always be rebuilt from here.
Rows are read in primary-key order in batches (keyset pagination, not OFFSET), so a rebuild of a
million rows holds one batch in memory and no long-running cursor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from biaozhun.standards.search import tokenize

BATCH_SIZE = 5000
_ID_BATCH = 900  # below SQLite's 999 bound variables, for old builds

# The Edition columns a search document is made of, in the order ``document`` reads them.
COLUMNS = (
    "pk",
    "number",
    "code",
    "work__key",
    "year",
    "title_zh",
    "title_en",
    "keywords",
    "drafting_organisations",
    "ccs_codes",
    "ics_codes",
    "level",
    "status",
    "nature",
    "ccs_class",
    "ics_field",
    "issued_on",
)


@dataclass(slots=True)
class IndexDocument:
    """One edition as the engines see it.

    The text fields hold their ``tokenize.tokens`` joined by single spaces (tokens never contain
    whitespace), the form the tantivy backend indexes directly; ``number_words`` match only queries
    that are not a number themselves (``GB 4706 电器``); ``exact_keys`` / ``prefix_keys`` are the
    number keys of ``tokenize.number_keys`` (a prefix query matches both); ``codes`` the CCS/ICS classification keys. Blank facet
    values are left out of facet counts.
    """

    edition_id: int
    title_zh: str
    title_en: str
    keywords: str
    organisations: str
    number_words: str
    codes: list[str]
    exact_keys: list[str]
    prefix_keys: list[str]
    level: str
    status: str
    nature: str
    ccs_class: str
    ics_field: str
    year: int | None
    issued_on: dt.date | None
    number_sort: str

    def facet(self, name: str) -> str:
        value: Any = getattr(self, name)
        return "" if value is None else str(value)


def document(row: tuple[Any, ...]) -> IndexDocument:
    """The search document of one ``COLUMNS`` row."""
    (
        pk,
        number,
        code,
        work_key,
        year,
        title_zh,
        title_en,
        keywords,
        organisations,
        ccs_codes,
        ics_codes,
        level,
        status,
        nature,
        ccs_class,
        ics_field,
        issued_on,
    ) = row
    exact, prefix = tokenize.number_keys(number, code or "", work_key or "")
    return IndexDocument(
        edition_id=pk,
        title_zh=" ".join(tokenize.tokens(title_zh)) if title_zh else "",
        title_en=" ".join(tokenize.tokens(title_en)) if title_en else "",
        keywords=" ".join(tokenize.tokens(keywords)) if keywords else "",
        organisations=" ".join(tokenize.tokens(organisations)) if organisations else "",
        number_words=" ".join(tokenize.number_words(number)),
        codes=tokenize.classification_keys(ccs_codes, ics_codes) if ccs_codes or ics_codes else [],
        exact_keys=exact,
        prefix_keys=prefix,
        level=level or "",
        status=status or "",
        nature=nature or "",
        ccs_class=ccs_class or "",
        ics_field=ics_field or "",
        year=year,
        issued_on=issued_on,
        number_sort=tokenize.number_sort_key(number),
    )


def edition_count() -> int:
    from biaozhun.standards.models import Edition

    return Edition.objects.count()


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a rebuild makes millions of short-lived lists.

    None of them is part of a cycle (reference counting frees them), but their number keeps
    triggering full collections: pausing it was measured to save about a third of a rebuild.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def iter_all(batch_size: int = BATCH_SIZE) -> Iterator[list[IndexDocument]]:
    """Every edition, in batches, in primary-key order."""
    from biaozhun.standards.models import Edition

    last = 0
    while True:
        rows = list(Edition.objects.filter(pk__gt=last).order_by("pk").values_list(*COLUMNS)[:batch_size])
        if not rows:
            return
        last = rows[-1][0]
        yield [document(row) for row in rows]


def iter_ids(ids: Iterable[int]) -> Iterator[tuple[list[int], list[IndexDocument]]]:
    """``(asked, found)`` batches for ``ids``: the ids asked about and the documents of those that exist."""
    from biaozhun.standards.models import Edition

    wanted = sorted({int(i) for i in ids})
    for start in range(0, len(wanted), _ID_BATCH):
        chunk = wanted[start : start + _ID_BATCH]
        rows = Edition.objects.filter(pk__in=chunk).order_by("pk").values_list(*COLUMNS)
        yield chunk, [document(row) for row in rows]
