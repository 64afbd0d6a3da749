"""Editions read from the database as search documents: the same terms and keys for every backend.

The database is the source of truth; an index is a copy that can always be rebuilt from here.
Rows are read in primary-key order in batches (keyset pagination, not OFFSET), so a rebuild of a
million rows holds one batch in memory and no long-running cursor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Required, TypedDict

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


# Marks before a key in a document's ``keys``; a prefix number key stands bare.
EXACT = "="  # an exact number key: gbt1.1-2020, gbt1.1, 1.1-2020, 1.1
CODE = "#"  # a classification code: #k61, #29.140.01
WORD = "~"  # a word of the number (~gb ~t ~1), matched only by queries that are not numbers


class IndexDocument(TypedDict, total=False):
    """One edition as the engines see it, in the field names of the tantivy index.

    The text fields hold their ``tokenize.tokens`` joined by single spaces (tokens never contain
    whitespace). ``keys`` holds every key of the edition, each once and marked by its first
    character (``EXACT``, ``CODE``, ``WORD``, or none for a prefix number key): keys are most of an
    index's unique terms, and unique terms most of its build time. Empty fields are left out: blank
    facet values so that they are not counted, and empty texts because each field given costs time
    to convert. ``issued`` is the issue date as ``date.toordinal()``.

    A dict rather than a class because a rebuild makes a million of them, and tantivy takes a dict.
    """

    id: Required[int]
    keys: Required[str]
    number_sort: Required[str]
    title_zh: str
    title_en: str
    keywords: str
    organisations: str
    level: str
    status: str
    nature: str
    ccs_class: str
    ics_field: str
    year: int
    issued: int


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
    keys = [EXACT + k for k in exact]
    keys += prefix
    keys += [WORD + w for w in tokenize.number_words(number)]
    if ccs_codes or ics_codes:
        keys += [CODE + c for c in tokenize.classification_keys(ccs_codes, ics_codes)]
    doc: IndexDocument = {"id": pk, "keys": " ".join(keys), "number_sort": tokenize.number_sort_key(number)}
    if title_zh:
        doc["title_zh"] = " ".join(tokenize.tokens(title_zh))
    if title_en:
        doc["title_en"] = " ".join(tokenize.tokens(title_en))
    if keywords:
        doc["keywords"] = " ".join(tokenize.tokens(keywords))
    if organisations:
        doc["organisations"] = " ".join(tokenize.tokens(organisations))
    if level:
        doc["level"] = level
    if status:
        doc["status"] = status
    if nature:
        doc["nature"] = nature
    if ccs_class:
        doc["ccs_class"] = ccs_class
    if ics_field:
        doc["ics_field"] = ics_field
    if year is not None:
        doc["year"] = year
    if issued_on is not None:
        doc["issued"] = issued_on.toordinal()
    return doc


def edition_count() -> int:
    from biaozhun.standards.models import Edition

    return Edition.objects.count()


def iter_rows(batch_size: int = BATCH_SIZE) -> Iterator[list[tuple[Any, ...]]]:
    """Every edition's ``COLUMNS``, in batches, in primary-key order."""
    from biaozhun.standards.models import Edition

    last = 0
    while True:
        rows = list(Edition.objects.filter(pk__gt=last).order_by("pk").values_list(*COLUMNS)[:batch_size])
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def iter_all(batch_size: int = BATCH_SIZE) -> Iterator[list[IndexDocument]]:
    """Every edition, in batches, in primary-key order."""
    for rows in iter_rows(batch_size):
        yield [document(row) for row in rows]


def iter_ids(ids: Iterable[int]) -> Iterator[tuple[list[int], list[IndexDocument]]]:
    """``(asked, found)`` batches for ``ids``: the ids asked about and the documents of those that exist."""
    from biaozhun.standards.models import Edition

    wanted = sorted({int(i) for i in ids})
    for start in range(0, len(wanted), _ID_BATCH):
        chunk = wanted[start : start + _ID_BATCH]
        rows = Edition.objects.filter(pk__in=chunk).order_by("pk").values_list(*COLUMNS)
        yield chunk, [document(row) for row in rows]
