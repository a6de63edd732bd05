"""Values to and from the database driver without SQLAlchemy's per-row processing.

The bulk paths of the unit of work (``insert_rows``, ``update_versioned``, ``read_columns``,
``columns_by_key``) hand rows to the driver as plain tuples and read its rows back untyped:
SQLAlchemy's per-row parameter and result processing (a dict per row, every type processor looked
up per value) costs more than the database's own work. The conversions the column types define
still run, here, and only once per distinct value or object:

- ``bound``, ``driver_params``, ``driver_rows``: Python values as the driver takes them (UUIDs
  to text and instants to naive UTC text on SQLite; instants to UTC on PostgreSQL), a column at
  a time;
- ``converted_columns``, ``converted_rows``: driver values back to Python values (hex text to
  UUID, text to aware instant, 0/1 to bool on SQLite) column by column, each column mapped
  through a dict of its distinct values, so each distinct value is converted once.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import Dialect
from sqlalchemy import Table
from sqlalchemy import Uuid

from custreg.adapters.sql.trusted import new_id
from custreg.adapters.sql.trusted import new_ids

Converter = Callable[[Any], Any]


def once_per_object(convert: Converter) -> Converter:
    """``convert`` remembering its results by object identity: rows of one bulk write share the
    same objects (organisation id, author, instant), and ``id()`` hashes far faster than a UUID.
    Only for values all referenced by the caller until it is done, so no id is reused."""
    done: dict[int, Any] = {}

    def converted(value: Any) -> Any:
        key = id(value)
        try:
            return done[key]
        except KeyError:
            result = done[key] = convert(value)
            return result

    return converted


def converted_column(convert: Converter, values: Sequence[Any]) -> Sequence[Any]:
    """``convert`` applied to a column of bulk-write values, a column at a time: a column holding
    one object throughout (the organisation, author, instant, batch) is converted once, one of
    few distinct objects (industries, owners) each distinct object once."""
    distinct = len(set(map(id, values)))
    if distinct == 1:
        return (convert(values[0]),) * len(values)
    if distinct * 2 > len(values):  # mostly distinct (ids): remembering would cost more
        return list(map(convert, values))
    return list(map(once_per_object(convert), values))


def bind_converter(dialect: Dialect, column: Any) -> Converter | None:
    """The bind conversion of ``column``'s type on ``dialect``, or None if it has none."""
    processor: Converter | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor


def bound(dialect: Dialect, column: Any, value: Any) -> Any:
    """``value`` as the driver takes it for ``column`` (the type's bind conversion)."""
    processor = bind_converter(dialect, column)
    return value if processor is None or value is None else processor(value)


def uuid_text(value: Any) -> Any:
    """A UUID as its 32 hex digits (which PostgreSQL's ``uuid`` input reads); any other value as
    it is, for the driver to adapt or refuse as before."""
    return value.hex if isinstance(value, UUID) else value


def driver_params(
    dialect: Dialect,
    columns: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    uuids_as_text: bool = False,
) -> list[Sequence[Any]]:
    """The rows as the driver takes them: only the columns whose type converts on this
    dialect are converted, a column at a time (see ``converted_column``). ``uuids_as_text``
    (for PostgreSQL's COPY, whose text format is untyped): the UUID columns as ``uuid_text``,
    which psycopg writes in C, where it adapts a UUID object with a Python call per value."""
    processors = _processors(dialect, columns, uuids_as_text)
    if not processors:
        return [tuple(row) for row in rows]
    return _converted(processors, list(zip(*rows, strict=True)))


def driver_rows(
    dialect: Dialect,
    columns: Sequence[Any],
    values: Sequence[Sequence[Any]],
    *,
    uuids_as_text: bool = False,
) -> list[Sequence[Any]]:
    """``driver_params`` of rows given a column at a time (``values[i]``: the values of
    ``columns[i]``), converted as they are, a column at a time, then zipped into rows once."""
    return _converted(_processors(dialect, columns, uuids_as_text), list(values))


def _processors(
    dialect: Dialect, columns: Sequence[Any], uuids_as_text: bool
) -> list[tuple[int, Converter]]:
    """(index, bind conversion) of each column whose type converts on ``dialect`` (UUID columns
    as ``uuid_text`` when ``uuids_as_text``)."""
    processors: list[tuple[int, Converter]] = []
    for index, column in enumerate(columns):
        processor = bind_converter(dialect, column)
        if processor is None and uuids_as_text and isinstance(column.type, Uuid):
            processor = uuid_text
        if processor is not None:
            processors.append((index, processor))
    return processors


def _converted(
    processors: list[tuple[int, Converter]], columns: list[Sequence[Any]]
) -> list[Sequence[Any]]:
    """The rows of ``columns`` (a list of columns, converted in place by ``processors``)."""
    for index, processor in processors:
        columns[index] = converted_column(processor, columns[index])
    return list(zip(*columns, strict=True))


@lru_cache(maxsize=256)
def column_decoders(
    dialect: Dialect, table: Table, columns: tuple[str, ...]
) -> tuple[tuple[int, Converter], ...]:
    """(index, conversion) of each of ``columns`` whose driver values need converting on
    ``dialect``: an id column's hex text is decoded by ``trusted.new_id`` (no ``UUID`` parsing;
    PostgreSQL's driver gives UUIDs and needs nothing), any other column by its type's result
    conversion. Looked up once per dialect, table and columns."""
    decoders: list[tuple[int, Converter]] = []
    for index, name in enumerate(columns):
        column_type = table.c[name].type
        processor = column_type.dialect_impl(dialect).result_processor(dialect, None)
        if processor is not None:
            decoders.append((index, new_id if isinstance(column_type, Uuid) else processor))
    return tuple(decoders)


def decoded_column(convert: Converter, values: Sequence[Any]) -> list[Any]:
    """``convert`` applied to a column of driver values once per distinct value (None stays
    None): the column is mapped through a dict of its distinct values, at C speed (a column of
    distinct values, such as ids, is converted value by value; one NULL throughout is kept)."""
    if len(values) == 1:  # one row (a single read)
        value = values[0]
        return [None if value is None else convert(value)]
    distinct = set(values)
    if len(distinct) == len(values) and None not in distinct:  # ids: a dict would not help
        return new_ids(values) if convert is new_id else list(map(convert, values))
    known = {value: convert(value) for value in distinct if value is not None}
    if not known:  # NULL throughout
        return list(values)
    known[None] = None
    return list(map(known.__getitem__, values))


def converted_columns(
    dialect: Dialect, table: Table, columns: Sequence[str], fetched: Sequence[Any]
) -> list[list[Any]]:
    """Driver rows of ``columns`` column by column (one list per column, in row order; any
    further column of the rows comes after them as the driver gives it), each of ``columns``
    decoded once per distinct value (``column_decoders``, ``decoded_column``): a page of
    customers shares its owners, instants and statuses, and reading untyped then decoding a
    column at a time costs a fraction of SQLAlchemy's per-row result processing."""
    if not fetched:
        return [[] for _ in columns]
    found = [list(column) for column in zip(*fetched, strict=True)]
    for index, convert in column_decoders(dialect, table, tuple(columns)):
        found[index] = decoded_column(convert, found[index])
    return found


def converted_row(
    dialect: Dialect, table: Table, columns: Sequence[str], row: Sequence[Any]
) -> list[Any]:
    """One driver row of ``columns`` (any further column after them as the driver gives it),
    each of ``columns`` decoded as ``converted_columns`` decodes it: a single read's row."""
    values = list(row)
    for index, convert in column_decoders(dialect, table, tuple(columns)):
        value = values[index]
        if value is not None:
            values[index] = convert(value)
    return values


def converted_rows(
    dialect: Dialect, table: Table, columns: Sequence[str], fetched: Sequence[Any]
) -> list[dict[str, Any]]:
    """Driver rows of ``columns`` as dicts, decoded as ``converted_columns`` does."""
    found = converted_columns(dialect, table, columns, fetched)
    return [dict(zip(columns, values, strict=True)) for values in zip(*found, strict=True)]
