"""The SQL unit of work: one transaction over one organisation's rows, and its repositories.

``SqlUnitOfWork`` is a ``SqlTransaction`` (``custreg.adapters.sql.transaction``: begin, commit,
rollback, savepoints, failures, counters) giving the repositories their tables and the set-based
statements their bulk paths are built on:

- ``insert_rows``: rows as plain tuples in one driver-level executemany, or on PostgreSQL, from
  ``COPY_MIN_ROWS`` rows on, one ``COPY ... FROM STDIN``;
- ``read_columns`` (of an ``untyped`` select), ``columns_by_key``, ``fetch_rows``: reads of many
  rows, fetched untyped and converted once per distinct value
  (``custreg.adapters.sql.driver_values``);
- ``update_versioned``, ``delete_pairs``: one UPDATE / DELETE joined to a relation that carries
  every row as ONE parameter (``custreg.adapters.sql.set_sql``);
- ``lock_rows``: the multi-row writes' row locks, always in ascending id order, so concurrent
  writers of overlapping rows queue instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import TypeVar
from typing import overload
from uuid import UUID

from sqlalchemy import Dialect
from sqlalchemy import Engine
from sqlalchemy import Executable
from sqlalchemy import Select
from sqlalchemy import Table
from sqlalchemy import exc as sa_exc
from sqlalchemy import select as sa_select
from sqlalchemy import text
from sqlalchemy.sql.elements import ColumnElement

from custreg.adapters.sql import repositories as repos
from custreg.adapters.sql import set_sql
from custreg.adapters.sql.driver_events import at_driver
from custreg.adapters.sql.driver_events import before_driver
from custreg.adapters.sql.driver_events import listened
from custreg.adapters.sql.driver_values import bound
from custreg.adapters.sql.driver_values import column_decoders
from custreg.adapters.sql.driver_values import converted_columns
from custreg.adapters.sql.driver_values import converted_rows
from custreg.adapters.sql.driver_values import decoded_column
from custreg.adapters.sql.driver_values import driver_params
from custreg.adapters.sql.driver_values import driver_rows
from custreg.adapters.sql.errors import translate
from custreg.adapters.sql.rows import dumps
from custreg.adapters.sql.transaction import Params
from custreg.adapters.sql.transaction import SqlTransaction
from custreg.domain.ids import OrganisationId

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

__all__ = ["COPY_MIN_ROWS", "Params", "SqlUnitOfWork"]

#: From how many rows ``insert_rows`` loads with COPY on PostgreSQL (below, executemany's
#: pipeline costs about the same and the statement stays a plain INSERT).
COPY_MIN_ROWS = 100


_R = TypeVar("_R")


class _repository(Generic[_R]):
    """A repository of a unit of work, made on first use and kept on it: ``cached_property``
    without its lock (on Python 3.11 one lock per property, taken by every unit of work of
    every thread on first use; a unit of work is used by one thread)."""

    def __init__(self, make: Callable[[Any], _R]) -> None:
        self._make = make
        self._name = make.__name__
        self.__doc__ = make.__doc__

    @overload
    def __get__(self, uow: None, owner: type | None = None) -> _repository[_R]: ...

    @overload
    def __get__(self, uow: object, owner: type | None = None) -> _R: ...

    def __get__(self, uow: object, owner: type | None = None) -> _R | _repository[_R]:
        if uow is None:
            return self
        made = uow.__dict__[self._name] = self._make(uow)
        return made


class SqlUnitOfWork(SqlTransaction):
    """A transaction over a SqlDatabase, scoped to one organisation, with its repositories."""

    def __init__(
        self, database: SqlDatabase, organisation_id: OrganisationId, read_only: bool = False
    ) -> None:
        super().__init__(database, organisation_id, read_only)

    # -- repositories, each made on first use (a listing needs one of the eleven) ---------------
    @_repository
    def customers(self) -> repos.SqlCustomers:
        return repos.SqlCustomers(self)

    @_repository
    def addresses(self) -> repos.SqlAddresses:
        return repos.SqlAddresses(self)

    @_repository
    def contacts(self) -> repos.SqlContacts:
        return repos.SqlContacts(self)

    @_repository
    def projects(self) -> repos.SqlProjects:
        return repos.SqlProjects(self)

    @_repository
    def invoices(self) -> repos.SqlInvoices:
        return repos.SqlInvoices(self)

    @_repository
    def activities(self) -> repos.SqlActivities:
        return repos.SqlActivities(self)

    @_repository
    def notes(self) -> repos.SqlNotes:
        return repos.SqlNotes(self)

    @_repository
    def tasks(self) -> repos.SqlTasks:
        return repos.SqlTasks(self)

    @_repository
    def files(self) -> repos.SqlFiles:
        return repos.SqlFiles(self)

    @_repository
    def settings(self) -> repos.SqlSettings:
        return repos.SqlSettings(self)

    @_repository
    def audit(self) -> repos.SqlAudit:
        return repos.SqlAudit(self)

    # -- bulk writes ---------------------------------------------------------------------------
    def insert_rows(
        self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> int:
        """INSERT ``rows`` (plain tuples in ``columns`` order) as one driver-level executemany,
        or on PostgreSQL, from ``COPY_MIN_ROWS`` rows on, as one COPY (its bulk-load path)."""
        return self._insert(
            table,
            columns,
            len(rows),
            lambda typed, as_text: driver_params(
                self._sql_dialect, typed, rows, uuids_as_text=as_text
            ),
        )

    def insert_columns(
        self, table: Table, columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> int:
        """``insert_rows`` of rows given a column at a time (``values[i]``: the value of
        ``columns[i]`` in every row): a bulk write that has its values as columns converts and
        inserts them without building a row of Python values first."""
        count = len(values[0]) if values else 0
        return self._insert(
            table,
            columns,
            count,
            lambda typed, as_text: driver_rows(
                self._sql_dialect, typed, values, uuids_as_text=as_text
            ),
        )

    def _insert(
        self,
        table: Table,
        columns: Sequence[str],
        count: int,
        params: Callable[[Sequence[Any], bool], Sequence[Sequence[Any]]],
    ) -> int:
        """INSERT ``count`` rows of ``columns``, ``params(typed columns, uuids_as_text)`` giving
        them as the driver takes them (the bulk write paths' executemany or COPY: SQLAlchemy's
        per-row parameter processing, a dict per row and every type processor looked up per
        value, costs more than the database's own work; COPY takes UUIDs as text)."""
        if not count:
            return 0
        names = ", ".join(self._quoted(table, columns))
        target = f"{self._quoted_table(table)} ({names})"
        typed = [table.c[name] for name in columns]
        if self.dialect == "postgresql" and count >= COPY_MIN_ROWS:
            return self._copy(table, f"COPY {target} FROM STDIN", params(typed, True))
        mark = "%s" if self.dialect == "postgresql" else "?"
        sql = f"INSERT INTO {target} VALUES ({', '.join([mark] * len(columns))})"
        inserted: int = self._driver(table, sql, params(typed, False)).rowcount
        return inserted

    def _copy(self, table: Table, sql: str, params: Sequence[Sequence[Any]]) -> int:
        """``COPY ... FROM STDIN`` of the rows through psycopg (which adapts each value; UUIDs
        come as text, see ``driver_params``), in this transaction (begun first if it is not
        yet: the driver's own BEGIN would go unseen, and the commit store nothing). The
        statement goes through the engine's cursor events like any other, so logs, tracing and
        the statement-count tests see it."""
        connection = self._active()
        raw: Any = connection.connection.driver_connection
        try:
            if not connection.in_transaction():
                connection.begin()
            with (
                raw.cursor() as cursor,
                at_driver(connection, cursor, sql, params, True),
                cursor.copy(sql) as copy,
            ):
                write = copy.write_row
                for row in params:
                    write(row)
        except Exception as error:
            self._failed = True
            raise translate(self._wrapped(error, sql, None), table.name) from error
        return len(params)

    def schemas(self) -> tuple[tuple[Any, Any], ...] | None:
        """The connection's ``schema_translate_map`` (SQLite's attached database, a host's
        schema) as a hashable key, for statements compiled outside SQLAlchemy's execution."""
        source = self._connection or self.engine()  # a connection has its engine's options
        found = source.get_execution_options().get("schema_translate_map")
        return tuple(sorted(found.items(), key=repr)) if found else None

    def fetch_driver(self, sql: str, params: Any, alone: bool = False) -> list[Any]:
        """Every row of ``sql`` (a read compiled once, see ``custreg.adapters.sql.listing``),
        run at the driver in this transaction (begun first if it is not yet), as the driver
        gives them: no execution context, result metadata or row objects per read. The
        statement goes through the engine's cursor events like any other (tracing, the
        statement-count tests see it) and its log (``echo``); database errors are translated
        and fail the unit of work like any statement's.

        ``alone``: the caller needs this read consistent with nothing read before it, and a
        statement reads one snapshot by itself, so on SQLite, if no transaction is open yet, it
        runs in none (no BEGIN sent; a later statement begins the transaction). If it is a
        read-only unit of work's first statement and nothing listens to the engine's cursor
        events or log, it runs on a pooled driver connection of its own, given back at once
        (``_fetch_alone``). On PostgreSQL the driver begins the transaction with the statement
        anyway."""
        if alone and self._connection is None and self._entered and self.dialect == "sqlite":
            engine = self.engine()  # (a unit of work on a host's connection is connected)
            if not listened(engine):
                return self._fetch_alone(engine, sql, params)
        connection = self._active()
        try:
            if not connection.in_transaction() and not (alone and self.dialect == "sqlite"):
                connection.begin()
            cursor = connection.connection.cursor()
            try:
                event = before_driver(connection, cursor, sql, params, False)
                cursor.execute(sql, params)
                if event is not None:
                    connection.dispatch.after_cursor_execute(*event)
                return list(cursor.fetchall())
            finally:
                cursor.close()
        except Exception as error:
            self._failed = True
            raise translate(self._wrapped(error, sql, params)) from error

    def _fetch_alone(self, engine: Engine, sql: str, params: Any) -> list[Any]:
        """``fetch_driver`` of an ``alone`` read on a driver connection checked out of the
        engine's pool for it and given back at once (the pool resets it): no SQLAlchemy
        Connection made for one statement outside any transaction."""
        try:
            connection = engine.raw_connection()
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute(sql, params)
                    return list(cursor.fetchall())
                finally:
                    cursor.close()
            finally:
                connection.close()
        except Exception as error:
            self._failed = True
            raise translate(self._wrapped(error, sql, params)) from error

    def _wrapped(self, error: Exception, sql: str, params: Any) -> Exception:
        """A driver's error wrapped as SQLAlchemy wraps them (what ``translate`` reads)."""
        driver_error = self.database.engine.dialect.loaded_dbapi.Error
        if isinstance(error, driver_error):
            return sa_exc.DBAPIError.instance(sql, params, error, driver_error)
        return error

    def update_versioned(
        self,
        table: Table,
        column: str | None,
        fixed: Mapping[str, Any],
        ids: Sequence[UUID],
        versions: Sequence[int],
        values: Sequence[Any] | None,
    ) -> int:
        """One set-based UPDATE of this organisation's rows of ``table``: for each ``ids[i]``
        whose stored version is ``versions[i]``, set ``column`` (if any) to ``values[i]`` and the
        version to ``versions[i] + 1``; ``fixed`` columns get one value for all. The changes
        travel as ONE parameter joined as a relation (a JSON array on SQLite, one array per
        field on PostgreSQL), so the database does the per-row work, not Python. Returns the
        number of rows updated: fewer than ``ids`` means some id or version did not match."""
        if not ids:
            return 0
        if len(ids) > 1:  # one row alone cannot close a cycle of waits
            self.lock_rows(table, ids)
        names = list(fixed)
        version = self._quoted(table, ("version",))[0]
        organisation, key = self._quoted(table, ("organisation_id", "id"))
        assignments = [f"{name} = {self._mark}" for name in self._quoted(table, names)]
        assignments.append(f"{version} = x.v + 1")
        fields: list[set_sql.Field] = [
            ("k", table.c.id, ids),
            ("v", table.c.version, versions),
        ]
        if column is not None:
            assert values is not None, "a column to set needs its values"
            assignments.append(f"{self._quoted(table, (column,))[0]} = x.n")
            fields.append(("n", table.c[column], values))
        relation, relation_params = set_sql.relation(self._sql_dialect, fields)
        sql = (
            f"UPDATE {self._quoted_table(table)} SET {', '.join(assignments)} FROM {relation} "
            f"WHERE {organisation} = {self._mark} AND {key} = x.k AND {version} = x.v"
        )
        params = (
            *[bound(self._sql_dialect, table.c[name], value) for name, value in fixed.items()],
            *relation_params,
            bound(self._sql_dialect, table.c.organisation_id, self.organisation_id),
        )
        updated: int = self._driver(table, sql, params).rowcount
        return updated

    def lock_rows(self, table: Table, ids: Collection[UUID]) -> None:
        """Lock this organisation's rows of ``table`` with these ids in ascending id order
        (PostgreSQL ``SELECT ... ORDER BY id FOR UPDATE``), before a multi-row write: every
        multi-row write locks in the same global order, so two writers of overlapping rows
        queue instead of deadlocking. SQLite needs nothing: a writer holds the database's write
        lock from BEGIN IMMEDIATE."""
        if self.dialect != "postgresql" or not ids:
            return
        locked = self._locked.setdefault(table.name, set())
        wanted = set(ids) - locked
        if not wanted:  # already locked by this transaction (a read for writing, then the write)
            return
        statement = (
            sa_select(table.c.id)
            .where(table.c.organisation_id == self.organisation_id, self.ids_in(table.c.id, wanted))
            .order_by(table.c.id)
            .with_for_update()
        )
        self.execute(statement).all()
        locked.update(wanted)

    def delete_pairs(
        self, table: Table, columns: tuple[str, str], pairs: Sequence[tuple[Any, Any]]
    ) -> int:
        """DELETE this organisation's rows of ``table`` whose (``columns``) pair is one of
        ``pairs``: one statement, the pairs as one parameter (see ``update_versioned``)."""
        if not pairs:
            return 0
        first, second = columns
        relation, params = set_sql.relation(
            self._sql_dialect,
            [
                ("a", table.c[first], [p[0] for p in pairs]),
                ("b", table.c[second], [p[1] for p in pairs]),
            ],
        )
        organisation, a, b = self._quoted(table, ("organisation_id", first, second))
        sql = (
            f"DELETE FROM {self._quoted_table(table)} WHERE {organisation} = {self._mark} "
            f"AND ({a}, {b}) IN (SELECT x.a, x.b FROM {relation})"
        )
        organisation_id = bound(self._sql_dialect, table.c.organisation_id, self.organisation_id)
        deleted: int = self._driver(table, sql, (organisation_id, *params)).rowcount
        return deleted

    # -- bulk reads ----------------------------------------------------------------------------
    def fetch_rows(
        self, table: Table, where: Sequence[ColumnElement[bool]], order_by: ColumnElement[Any]
    ) -> list[dict[str, Any]]:
        """Every column of the rows of ``table`` matching ``where``, in ``order_by`` order, as
        dicts, with each column's result conversion run once per distinct value: the columns are
        selected untyped (no per-row processing by SQLAlchemy) and converted here."""
        names = tuple(column.name for column in table.c)
        statement = self.untyped(table, names).where(*where).order_by(order_by)
        return converted_rows(self._sql_dialect, table, names, self.execute(statement).all())

    def untyped(self, table: Table, columns: tuple[str, ...]) -> Select[Any]:
        """``SELECT columns FROM table``, the columns untyped (``set_sql.untyped``), for
        ``read_columns``."""
        return set_sql.untyped(self._sql_dialect, table, columns)

    def read_columns(
        self, statement: Executable, table: Table, columns: Sequence[str], params: Params = None
    ) -> list[list[Any]]:
        """The rows ``statement`` (a ``SELECT`` of ``columns`` of ``table``, untyped: see
        ``untyped``; computed columns may follow; ``params``: its bound parameters' values)
        selects, column by column, each of ``columns`` decoded once per distinct value
        (``driver_values.converted_columns``), any computed column after them as the driver
        gives it."""
        fetched = self.execute(statement, params).all()
        return converted_columns(self._sql_dialect, table, columns, fetched)

    def columns_by_key(
        self, table: Table, key: str, columns: Sequence[str], ids: Collection[UUID]
    ) -> list[list[Any]]:
        """The narrow read of a mass update, column by column: the ``key`` column, then each of
        ``columns``, of this organisation's rows of ``table`` whose ``key`` is in ``ids``
        (unordered; one statement). Keys are the very objects given in ``ids`` (no UUID parsed
        per row) and other values are converted once per distinct value, a column at a time."""
        given = list(ids)
        if self.dialect == "postgresql":
            fetched = self._fetch_of_ids(table, (key, *columns), given, key)
        else:
            hexes = [i.hex for i in given]
            fetched = self._fetch_of_ids(table, (key, *columns), given, key, hexes=hexes)
        if not fetched:
            return [[] for _ in range(len(columns) + 1)]
        found = [list(column) for column in zip(*fetched, strict=True)]
        if self.dialect != "postgresql":
            found[0] = list(map(dict(zip(hexes, given, strict=True)).__getitem__, found[0]))
        for index, convert in column_decoders(self._sql_dialect, table, (key, *columns)):
            if index:
                found[index] = decoded_column(convert, found[index])
        return found

    def _fetch_of_ids(
        self,
        table: Table,
        columns: Sequence[str],
        ids: Collection[UUID],
        key: str,
        order_by: str | None = None,
        hexes: Sequence[str] | None = None,
    ) -> list[Any]:
        """The raw driver rows of ``columns`` where ``key`` is in ``ids``: one statement with one
        parameter for the ids (an array on PostgreSQL, a JSON list on SQLite, of ``hexes`` if the
        caller has them already)."""
        quoted = self._quoted(table, columns)
        organisation, member = self._quoted(table, ("organisation_id", key))
        params: tuple[Any, ...]
        if self.dialect == "postgresql":
            members, mark = "= ANY(%s)", "%s"
            params = (self.organisation_id, list(ids))
        else:
            members, mark = "IN (SELECT value FROM json_each(?))", "?"
            listed = dumps(hexes if hexes is not None else [i.hex for i in ids])
            params = (self.organisation_id.hex, listed)
        sql = (
            f"SELECT {', '.join(quoted)} FROM {self._quoted_table(table)} "
            f"WHERE {organisation} = {mark} AND {member} {members}"
        )
        if order_by is not None:
            sql += f" ORDER BY {self._quoted(table, (order_by,))[0]}"
        found: list[Any] = self._driver(table, sql, params).fetchall()
        return found

    # -- sets as one parameter, raw SQL text -----------------------------------------------------
    def ids_in(self, column: ColumnElement[Any], ids: Collection[UUID]) -> ColumnElement[bool]:
        """``column IN ids`` with ONE bound parameter, whatever the number of ids (no 32k / 65k
        parameter limits, one cached statement): an array on PostgreSQL, a JSON list on SQLite."""
        return set_sql.ids_in(self._sql_dialect, column, ids)

    def texts_in(self, column: ColumnElement[Any], texts: Collection[str]) -> ColumnElement[bool]:
        """``column IN texts`` with one bound parameter (see ``ids_in``)."""
        return set_sql.texts_in(self._sql_dialect, column, texts)

    def inserted(self, table: Table, rows: int) -> None:
        """After a bulk insert: keep PostgreSQL's statistics of a fast-growing table current
        (see ``GrowthTracker``). Not done on SQLite, whose planner without statistics assumes
        indexes help; but it may then prefer an index that saves a sort to a selective one, so
        queries here keep ORDER BY off selective searches (see ``SqlCustomers._select``)."""
        if self.dialect == "postgresql" and self.database.growth.inserted(table.name, rows):
            self.execute(text(f"ANALYZE {table.name}"))

    @property
    def _sql_dialect(self) -> Dialect:
        return self.database.engine.dialect

    @property
    def _mark(self) -> str:
        return set_sql.mark(self._sql_dialect)

    def _quoted(self, table: Table, columns: Sequence[str]) -> list[str]:
        return set_sql.quoted(self._sql_dialect, table, columns)

    def _quoted_table(self, table: Table) -> str:
        return set_sql.quoted_table(self._sql_dialect, table, self.database.attached_schema)
