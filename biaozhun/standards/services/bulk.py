"""Bulk writes for the catalogue: plain ``executemany`` statements, built from the models' own metadata.

A million-row import spends most of its time in Django's per-value preparation when it goes through
``bulk_create`` / ``bulk_update`` (compiling ``CASE WHEN`` updates, calling every field's
``get_db_prep_save``) and in building model instances. The values written here are already plain
(strings, numbers, dates, booleans, JSON-able dicts), so they only need the backend's date and time
adaptation. Table and column names come from ``_meta``, so a renamed field cannot drift from this code.
The same SQL runs on SQLite and PostgreSQL (``ON CONFLICT DO NOTHING`` is understood by both).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models

IN_CLAUSE = 900  # stay under SQLite's limit on query parameters
_ROWS_PER_STATEMENT = 2000


def chunks(items: Sequence[Any], size: int = IN_CLAUSE) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_PLAIN = frozenset({str, int, bool, float, type(None)})


def db_value(value: Any, _times: dict[dt.datetime, Any] = {}) -> Any:  # noqa: B006 (a deliberate memo)
    """``value`` as the database driver takes it. Plain values pass straight through: this runs for
    every cell of a million-row import. The same few timestamps (one ``now`` per batch) recur, so
    their adaptation is remembered."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dt.datetime:
        if value not in _times:
            if len(_times) > 1000:
                _times.clear()
            _times[value] = connection.ops.adapt_datetimefield_value(value)
        return _times[value]
    if kind is dt.date:
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field) and field.column, f"{model.__name__}.{name} is not a column"
        columns.append(quote(field.column))
    return columns


def insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert ``rows`` (one value per name in ``fields``, in order) into ``model``'s table."""
    quote = connection.ops.quote_name
    # Only identifiers from _meta (quoted) are formatted in; every value is a parameter.
    table, columns, marks = (
        quote(model._meta.db_table),
        ", ".join(_columns(model, fields)),
        ", ".join(["%s"] * len(fields)),
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    _executemany(sql, rows)


def select_in(
    model: type[models.Model], key: str, keys: Iterable[Any], fields: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """``(key, *fields)`` of the rows whose ``key`` is among ``keys``, as the driver returns them.

    The lookups of an import (which numbers and works exist) are tens of thousands of ``IN``
    queries over a million rows; building each through the ORM cost more than running it.
    Values come back raw: use it for text and integer columns, not dates.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    selected = ", ".join(_columns(model, (key, *fields)))
    key_column = _columns(model, (key,))[0]
    wanted = list(dict.fromkeys(keys))
    with connection.cursor() as cursor:
        for chunk in chunks(wanted):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {selected} FROM {table} WHERE {key_column} IN ({marks})", chunk)  # noqa: S608
            yield from cursor.fetchall()


def update(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Update rows by primary key: each row holds the values of ``fields`` and then the key."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, fields))
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 (identifiers from _meta)
    _executemany(sql, rows)


def _executemany(sql: str, rows: Iterable[Sequence[Any]]) -> None:
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([db_value(v) for v in row])
            if len(batch) >= _ROWS_PER_STATEMENT:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
