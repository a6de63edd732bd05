"""Sets of values as ONE bound parameter, and the raw SQL text that reads them.

A mass selection or mass update may name tens of thousands of rows; bound one parameter per value
it would hit the drivers' parameter limits (32k on SQLite, 65k on PostgreSQL) and compile a new
statement per size. Here a set always travels as one parameter, whatever its size:

- ``ids_in``, ``texts_in``: ``column IN (...)`` over an array on PostgreSQL, a JSON list on
  SQLite (read with ``json_each``);
- ``relation``: a FROM item ``x`` of several typed columns, joined by the set-based UPDATE and
  DELETE of the unit of work (``unnest`` of one array per column on PostgreSQL, one JSON array of
  rows on SQLite);
- ``mark``, ``quoted``, ``quoted_table``: the dialect's parameter mark and quoted names for the
  raw SQL those statements are written in;
- ``untyped``: ``SELECT`` of a table's columns as raw text, for reads decoded column by column
  (``driver_values.converted_columns``).
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import ARRAY
from sqlalchemy import Dialect
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Uuid
from sqlalchemy import any_
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import ColumnElement

from custreg.adapters.sql.driver_values import bind_converter
from custreg.adapters.sql.driver_values import converted_column
from custreg.adapters.sql.rows import dumps

#: One field of a ``relation``: its name in ``x``, the typed column its values are for, the values.
Field = tuple[str, Any, Sequence[Any]]


def ids_in(
    dialect: Dialect, column: ColumnElement[Any], ids: Collection[UUID]
) -> ColumnElement[bool]:
    """``column IN ids`` with ONE bound parameter, whatever the number of ids (no 32k / 65k
    parameter limits, one cached statement): an array on PostgreSQL, a JSON list on SQLite."""
    if dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Uuid)))
    return _in_json(column, [i.hex for i in ids])


def texts_in(
    dialect: Dialect, column: ColumnElement[Any], texts: Collection[str]
) -> ColumnElement[bool]:
    """``column IN texts`` with one bound parameter (see ``ids_in``)."""
    if dialect.name == "postgresql":
        return column == any_(bindparam(None, list(texts), type_=ARRAY(String)))
    return _in_json(column, list(texts))


def _in_json(column: ColumnElement[Any], values: list[str]) -> ColumnElement[bool]:
    listed = func.json_each(bindparam(None, dumps(values))).table_valued("value")
    return column.in_(sa_select(listed.c.value))


def relation(dialect: Dialect, fields: Sequence[Field]) -> tuple[str, tuple[Any, ...]]:
    """A FROM item ``x`` with one column per (name, typed column, values), and its parameters:
    the rows travel as one JSON array on SQLite (read with json_each) and as one array per column
    on PostgreSQL (read with unnest), whatever their number."""
    if dialect.name == "postgresql":
        casts = [f"%s::{column.type.compile(dialect=dialect)}[]" for _, column, _ in fields]
        names = ", ".join(name for name, _, _ in fields)
        params = tuple(list(values) for _, _, values in fields)
        return f"unnest({', '.join(casts)}) AS x({names})", params
    columns = []
    for _, column, values in fields:
        processor = bind_converter(dialect, column)
        columns.append(values if processor is None else converted_column(processor, values))
    extracts = ", ".join(
        f"json_extract(value, '$[{i}]') AS {name}" for i, (name, _, _) in enumerate(fields)
    )
    rows = dumps(list(zip(*columns, strict=True)))
    # LIMIT -1 (no limit) keeps SQLite from flattening the subquery into the join: it is
    # materialised and scanned once, each row finding its target through the primary key.
    # Flattened, the planner loops over the table and rescans the JSON per row (quadratic).
    return f"(SELECT {extracts} FROM json_each(?) LIMIT -1) AS x", (rows,)


def mark(dialect: Dialect) -> str:
    """The driver's positional parameter mark in raw SQL (``%s`` for psycopg, ``?`` for
    sqlite3)."""
    return "%s" if dialect.name == "postgresql" else "?"


def quoted(dialect: Dialect, table: Table, columns: Sequence[str]) -> list[str]:
    """The names of ``table``'s ``columns``, quoted for raw SQL where the dialect needs it."""
    preparer = dialect.identifier_preparer
    return [preparer.format_column(table.c[name]) for name in columns]


def quoted_table(dialect: Dialect, table: Table, attached_schema: str | None) -> str:
    """The table's name for raw SQL, qualified by SQLite's attached schema if any."""
    preparer = dialect.identifier_preparer
    name = preparer.format_table(table)
    return name if attached_schema is None else f"{preparer.quote_schema(attached_schema)}.{name}"


@lru_cache(maxsize=256)
def untyped(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> Select[Any]:
    """``SELECT columns FROM table`` with the columns as raw text: SQLAlchemy then does no
    per-row result processing, the caller decodes (``driver_values.converted_columns``). Built
    once per dialect, table and columns; statements are immutable (``.where`` makes a new
    one)."""
    names = quoted(dialect, table, columns)
    statement: Any = sa_select(*[literal_column(name) for name in names]).select_from(table)
    return statement  # type: ignore[no-any-return]
