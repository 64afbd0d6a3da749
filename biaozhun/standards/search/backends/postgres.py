"""The PostgreSQL engine: ``tsvector`` documents with a GIN index, queried with ``@@`` and ``ts_rank``.

Nothing to run beside the database, and the index is as transactional as the data. The tsvector
and tsquery values are built here from ``search.tokenize`` output and cast from their literal form
(``'电器':3A``), not produced by ``to_tsvector`` / ``to_tsquery``: PostgreSQL's parser would split
number keys such as ``gbt1.1-2020`` at its own idea of word boundaries, so the two backends would
no longer match the same terms. Keys are told apart from words by a first character no word can
have: ``=`` exact number key, ``^`` prefix number key, ``#`` classification code, ``~`` a word of
the number (matched only by queries that are not a number themselves).

One statement fetches the page (ranked: number tier, then ts_rank, then the newer year) and one
counts the total and every facet at once with ``GROUPING SETS`` over the same matched set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from biaozhun.core.memory import without_gc
from biaozhun.standards.search import documents
from biaozhun.standards.search.plan import EXACT_SCORE, FACETS, PREFIX_SCORE

if TYPE_CHECKING:
    from biaozhun.standards.search import FacetValue, Hit, SearchQuery
    from biaozhun.standards.search.documents import IndexDocument
    from biaozhun.standards.search.plan import Plan

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_POSITIONS_PER_LEXEME = 256  # and the most positions it keeps for one lexeme
MAX_LEXEME_CHARS = 500  # well below the 2 KB lexeme limit, in any script
WRITE_BATCH = 1000
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A
_IS_WORD = str.isascii  # words (not CJK) may also be a word of the number


# Pages of results. Only table, column and tsquery-placeholder text is put in with format(); every
# value (the tsqueries, filter values, limits) is a query parameter.
RANKED_PAGE = """
    SELECT edition_id, tier, rank FROM (
        SELECT d.edition_id, d.year, {tier} AS tier, {rank} AS rank FROM {source}
    ) ranked
    ORDER BY tier DESC, CASE WHEN tier = 0 THEN rank ELSE 0 END DESC, year DESC NULLS LAST, edition_id DESC
    LIMIT %s OFFSET %s
"""
SORTED_PAGE = "SELECT d.edition_id, 0, 0 FROM {source} ORDER BY {order} LIMIT %s OFFSET %s"


# Writing documents: one multi-row upsert per batch; {values} is that many ROW placeholders.
ROW = "(%s, %s::tsvector, %s, %s, %s, %s, %s, %s, %s, %s)"
UPSERT = """
    INSERT INTO {table}
        (edition_id, document, number_sort, level, status, nature, ccs_class, ics_field, year, issued_on)
    VALUES {values}
    ON CONFLICT (edition_id) DO UPDATE SET
        document = EXCLUDED.document, number_sort = EXCLUDED.number_sort, level = EXCLUDED.level,
        status = EXCLUDED.status, nature = EXCLUDED.nature, ccs_class = EXCLUDED.ccs_class,
        ics_field = EXCLUDED.ics_field, year = EXCLUDED.year, issued_on = EXCLUDED.issued_on
"""


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: IndexDocument) -> str:
    """The ``tsvector`` input form of a document: weighted positions for words, bare keys."""
    positions: dict[str, list[str]] = {}
    position = 0
    keys = doc["keys"].split()
    for weight, terms in (
        ("A", doc.get("title_zh", "").split()),
        ("B", doc.get("title_en", "").split()),
        ("B", doc.get("keywords", "").split()),
        ("C", [k for k in keys if k[0] == documents.WORD]),
        ("D", doc.get("organisations", "").split()),
    ):
        for term in terms:
            position = min(position + 1, MAX_POSITION)
            if len(term) <= MAX_LEXEME_CHARS:
                slots = positions.setdefault(term, [])
                if len(slots) < MAX_POSITIONS_PER_LEXEME:
                    slots.append(f"{position}{weight}")
    parts = [f"{_quote(lexeme)}:{','.join(slots)}" for lexeme, slots in positions.items()]
    for key in keys:  # exact "=k" and code "#k" lexemes as they are; prefix keys as "^k"
        if key[0] in (documents.EXACT, documents.CODE):
            parts.append(_quote(key))
        elif key[0] != documents.WORD:
            parts.append(_quote("^" + key))
    return " ".join(parts)


def _any(lexemes: Sequence[str]) -> str:
    return " | ".join(_quote(x) for x in lexemes)


def tsqueries(plan: Plan) -> tuple[str | None, str | None, str | None]:
    """``(text, exact, prefix)`` tsquery literals; ``text`` is the text-relevance tier (every term,
    or a classification code), the others the number tiers. ``None`` where a tier cannot match."""
    text_parts = []
    if plan.terms:
        required = []
        for term in plan.terms:
            if plan.words_in_numbers and _IS_WORD(term):
                required.append(f"({_any([term, '~' + term])})")
            else:
                required.append(_quote(term))
        text_parts.append("(" + " & ".join(required) + ")")
    if plan.exact_keys:
        text_parts.append(_any(["#" + k for k in plan.exact_keys]))
    text = " | ".join(text_parts) or None
    exact = _any(["=" + k for k in plan.exact_keys]) if plan.exact_keys else None
    prefix = _any([m + k for k in plan.prefix_keys for m in "=^"]) if plan.prefix_keys else None
    return text, exact, prefix


def _tables() -> tuple[str, str]:
    from biaozhun.standards.models import Edition
    from biaozhun.standards.search.pg_models import EditionSearchDocument

    return EditionSearchDocument._meta.db_table, Edition._meta.db_table


class PostgresBackend:
    name = "postgres"

    def reset(self) -> None:
        """Nothing is cached in the process: the table is the index."""

    # --- reading ------------------------------------------------------------------------------------

    def document_count(self) -> int:
        docs, _editions = _tables()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {docs}")  # noqa: S608 - table name from the model
            return int(cursor.fetchone()[0])

    def _where(self, plan: Plan, match: str | None) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        if match is not None:
            conditions.append("d.document @@ %s::tsquery")
            params.append(match)
        for name, values in plan.filters.items():
            conditions.append(f"d.{name} = ANY(%s)")
            params.append(list(values))
        if plan.years is not None:
            conditions.append("d.year = ANY(%s)")
            params.append(list(plan.years))
        return (" AND ".join(conditions) or "TRUE"), params

    def search(self, query: SearchQuery, plan: Plan) -> tuple[int, list[Hit], dict[str, list[FacetValue]]]:
        from biaozhun.standards.search import FacetValue, Hit

        if plan.match_none:
            return 0, [], {}
        docs, _editions = _tables()
        text, exact, prefix = tsqueries(plan)
        match = None if plan.match_all else " | ".join(f"({q})" for q in (text, exact, prefix) if q)
        where, where_params = self._where(plan, match)
        source = f"{docs} d WHERE {where}"

        facets: dict[str, list[FacetValue]] = {}
        with connection.cursor() as cursor:
            if query.facets:
                columns = ", ".join(f"d.{name}" for name in FACETS)
                sets = ", ".join(f"(d.{name})" for name in FACETS)
                cursor.execute(
                    f"SELECT GROUPING({columns}), {columns}, COUNT(*) FROM {source} "  # noqa: S608
                    f"GROUP BY GROUPING SETS ({sets}, ())",
                    where_params,
                )
                total = 0
                counted: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
                everything = (1 << len(FACETS)) - 1
                for row in cursor.fetchall():
                    grouping, values, count = row[0], row[1:-1], int(row[-1])
                    if grouping == everything:
                        total = count
                        continue
                    for i, name in enumerate(FACETS):
                        grouped = not grouping & (1 << (len(FACETS) - 1 - i))  # GROUPING: 1 = not grouped
                        if grouped and values[i] not in (None, ""):
                            counted[name].append(FacetValue(value=str(values[i]), count=count))
                facets = {name: sorted(v, key=lambda f: (-f.count, f.value)) for name, v in counted.items()}
            else:
                cursor.execute(f"SELECT COUNT(*) FROM {source}", where_params)  # noqa: S608
                total = int(cursor.fetchone()[0])
            if total == 0:
                return 0, [], facets

            if query.sort == "relevance":
                tier_sql, tier_params = "0", []
                if exact and prefix:
                    tier_sql = (
                        "CASE WHEN d.document @@ %s::tsquery THEN 2 "
                        "WHEN d.document @@ %s::tsquery THEN 1 ELSE 0 END"
                    )
                    tier_params = [exact, prefix]
                elif prefix:
                    tier_sql, tier_params = "CASE WHEN d.document @@ %s::tsquery THEN 1 ELSE 0 END", [prefix]
                rank_sql, rank_params = "0", []
                if text:
                    rank_sql, rank_params = (
                        "ts_rank(%s::float4[], d.document, %s::tsquery)",
                        [RANK_WEIGHTS, text],
                    )
                sql = RANKED_PAGE.format(tier=tier_sql, rank=rank_sql, source=source)
                params = [*tier_params, *rank_params, *where_params, query.per_page, query.offset]
            else:
                order = {
                    "-date": "d.issued_on DESC NULLS LAST, d.edition_id DESC",
                    "date": "d.issued_on ASC NULLS LAST, d.edition_id ASC",
                    "number": 'd.number_sort COLLATE "C" ASC',
                }[query.sort]
                sql = SORTED_PAGE.format(source=source, order=order)
                params = [*where_params, query.per_page, query.offset]
            cursor.execute(sql, params)
            rows = cursor.fetchall()

        hits = []
        for edition_id, tier, rank in rows:
            score = EXACT_SCORE if tier == 2 else PREFIX_SCORE if tier == 1 else float(rank)
            hits.append(Hit(edition_id=int(edition_id), score=score if query.sort == "relevance" else 0.0))
        return total, hits, facets

    # --- writing ------------------------------------------------------------------------------------

    def _upsert(self, cursor: Any, docs: list[IndexDocument]) -> None:
        table, _editions = _tables()
        for start in range(0, len(docs), WRITE_BATCH):
            chunk = docs[start : start + WRITE_BATCH]
            values = ", ".join([ROW] * len(chunk))
            params: list[Any] = []
            for doc in chunk:
                issued = doc.get("issued")
                params.extend(
                    (
                        doc["id"],
                        tsvector_literal(doc),
                        doc["number_sort"],
                        doc.get("level", ""),
                        doc.get("status", ""),
                        doc.get("nature", ""),
                        doc.get("ccs_class", ""),
                        doc.get("ics_field", ""),
                        doc.get("year"),
                        dt.date.fromordinal(issued) if issued else None,
                    )
                )
            cursor.execute(UPSERT.format(table=table, values=values), params)

    def index(self, ids: Sequence[int]) -> None:
        table, _editions = _tables()
        for asked, found in documents.iter_ids(ids):
            gone = sorted(set(asked) - {doc["id"] for doc in found})
            with transaction.atomic(), connection.cursor() as cursor:
                if found:
                    self._upsert(cursor, found)
                if gone:
                    cursor.execute(f"DELETE FROM {table} WHERE edition_id = ANY(%s)", [gone])  # noqa: S608

    def rebuild(self, *, progress: Callable[[int, int], None] | None = None) -> int:
        """Every document rewritten batch by batch, each batch its own transaction, so searches go on
        meanwhile (no table lock); then the documents of editions that are gone are deleted."""
        table, editions = _tables()
        total = documents.edition_count()
        done = 0
        with without_gc():
            for batch in documents.iter_all():
                with transaction.atomic(), connection.cursor() as cursor:
                    self._upsert(cursor, batch)
                done += len(batch)
                if progress is not None:
                    progress(done, max(total, done))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} d WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {editions} e WHERE e.id = d.edition_id)"
            )
            # Fresh statistics, or the planner guesses how many documents a term matches and picks
            # a sequential scan for a one-edition number query (measured 450 ms instead of 15).
            cursor.execute(f"ANALYZE {table}")
        return done
