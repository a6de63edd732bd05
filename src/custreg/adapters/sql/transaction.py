"""The SQL transaction under a unit of work: its lifecycle, its failures, its counters.

- The transaction begins with the first statement (SQLite: ``BEGIN IMMEDIATE``, so writers queue
  instead of failing on a stale snapshot) and ends with ``commit()``; leaving the ``with`` block
  without committing, or with an exception, rolls everything back.
- After any failed statement the transaction may be unusable (PostgreSQL aborts it), so on every
  engine ``commit()`` then refuses with StorageError and rolls back: a failure anywhere means
  nothing is stored. Writes whose failure the ports promise as a typed error the caller may
  handle (``add`` of a taken id, ``update_many`` conflicts) run in a ``savepoint``, so only they
  are undone and the unit of work goes on, as with the in-memory adapter.
- A read-only unit of work takes its connection on its first statement, so a read that needs
  no transaction may run on a pooled driver connection of its own
  (``SqlUnitOfWork.fetch_driver``'s ``alone``).
- Counters (customer and project numbers) are drawn inside the transaction; if it rolls back, the
  drawn values are written back afterwards so a number handed out is not handed out again (C3).
- On a host's connection (``SqlDatabase(connection=...)``) it joins the host's open transaction
  in a SAVEPOINT and never commits it (``custreg.adapters.sql.hosted.HostTransaction``).
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from contextlib import suppress
from types import TracebackType
from typing import TYPE_CHECKING
from typing import Any
from typing import Self
from uuid import UUID

from sqlalchemy import Connection
from sqlalchemy import CursorResult
from sqlalchemy import Engine
from sqlalchemy import Executable
from sqlalchemy import Table
from sqlalchemy import case
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from custreg.adapters.sql import row_security
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.errors import translate
from custreg.adapters.sql.errors import translated
from custreg.adapters.sql.hosted import HostTransaction
from custreg.domain.errors import StorageError
from custreg.domain.ids import OrganisationId

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

#: Parameters of one statement: none, one row's, or many rows' (executemany).
Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None


class SqlTransaction:
    """One database transaction over a SqlDatabase, scoped to one organisation: entered with
    ``with``, ended by ``commit()`` or rolled back on leaving; every statement runs through
    ``execute`` (or ``_driver``), which translates database errors and marks the transaction
    failed."""

    def __init__(
        self, database: SqlDatabase, organisation_id: OrganisationId, read_only: bool = False
    ) -> None:
        self.database = database
        self.organisation_id = organisation_id
        self.read_only = read_only
        self.dialect = database.engine.dialect.name
        self._connection: Connection | None = None
        self._failed = False
        self._drawn: dict[str, int] = {}
        self._locked: dict[str, set[UUID]] = {}
        self._host: HostTransaction | None = None
        self._entered = False

    def __enter__(self) -> Self:
        if self._entered:
            raise StorageError("a unit of work cannot be entered twice")
        if self.database.closed:
            raise StorageError("the registry is closed")
        self._failed = False
        self._drawn = {}
        self._locked = {}
        self._entered = True
        if self.read_only and self.database.host_connection is None:
            return self  # connected on its first statement (``_active``)
        try:
            self._connect()
        except BaseException:
            self._entered = False
            raise
        return self

    def _connect(self) -> Connection:
        """The unit of work's connection: the host's, joined; else one of the engine's."""
        host = self.database.host_connection
        with translated():
            if host is not None:
                self._host = HostTransaction(host, self.database.schema)
                connection = self._host.join()
            else:
                connection = self.engine().connect()
                if self.read_only and self.dialect == "postgresql":
                    self._begin_read_only(connection)
            self._connection = connection
            if self.database.row_level_security:
                row_security.declare(connection, self.organisation_id)
        return connection

    def engine(self) -> Engine:
        """The engine this unit of work takes its connection from (``SqlDatabase.engine``, or
        ``reads_engine`` when it is read-only)."""
        return self.database.reads_engine if self.read_only else self.database.engine

    def _begin_read_only(self, connection: Connection) -> None:
        """A read-only transaction over one snapshot: on SQLite a deferred BEGIN (no write lock,
        so reports, KPIs and cards neither wait for writers nor hold them up; the engine's
        ``begin`` hook reads the option ``SqlDatabase.reads_engine`` gives every connection),
        on PostgreSQL ``BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY``, set here: the driver
        begins the transaction with both, no round trip of its own, and the pool resets them
        when the connection goes back. (A database opened ``read_only`` is read-only for the
        whole session already: the reset's explicit READ WRITE must not undo that there.)"""
        if self.database.read_only:
            connection.execution_options(isolation_level="REPEATABLE READ")
        else:
            connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._connection
        try:
            self.rollback()
        except StorageError:
            if exc is None:  # never hide the error that made us leave the block
                raise
        finally:
            self._connection = None
            self._entered = False
            if self._host is not None:
                host, self._host = self._host, None
                with translated():
                    host.leave()
            elif connection is not None:
                connection.close()

    def commit(self) -> None:
        if self._connection is None and self._entered and not self._failed:
            return  # a read-only unit of work that took no connection has nothing to commit
        connection = self._active()
        if self._failed:
            self.rollback()
            raise StorageError(
                "an earlier statement of this unit of work failed; nothing was committed"
            )
        try:
            (self._host or connection).commit()
        except Exception as error:
            with suppress(StorageError):  # best effort; the commit failure is what to report
                self._drawn_back_after_rollback(connection)
            raise translate(error) from error
        self._drawn = {}
        self._locked = {}

    def rollback(self) -> None:
        connection = self._connection
        if connection is None:  # nothing ran on a connection: nothing to undo
            self._failed = False
            self._locked = {}
            return
        with translated():
            (self._host or connection).rollback()
        self._failed = False
        self._locked = {}
        self._drawn_back_after_rollback(connection)

    def _drawn_back_after_rollback(self, connection: Connection) -> None:
        """C3: counters drawn by a rolled-back transaction move on anyway (never reused)."""
        drawn, self._drawn = self._drawn, {}
        if not drawn:
            return
        with translated():  # on a host's connection: into its transaction, kept or undone with it
            (self._host or connection).rollback()
            for name, value in drawn.items():
                connection.execute(self._counter_upsert(name, value, at_least=True))
            if self._host is None:
                connection.commit()

    def _active(self) -> Connection:
        connection = self._connection
        if connection is None:
            if not self._entered:
                raise StorageError("the unit of work is used outside its 'with' block")
            connection = self._connect()  # a read-only unit of work's first statement
        if self._host is not None:
            with translated():
                return self._host.active()
        return connection

    # -- statements ----------------------------------------------------------------------------
    def execute(self, statement: Executable, params: Params = None) -> CursorResult[Any]:
        """Run a statement in this transaction, translating database errors."""
        connection = self._active()
        try:
            return connection.execute(statement, params)
        except Exception as error:
            self._failed = True
            table = getattr(statement, "table", None)  # INSERT / UPDATE / DELETE name their table
            raise translate(error, getattr(table, "name", None)) from error

    def _driver(self, table: Table, sql: str, params: Any) -> Any:
        """Run raw SQL at the driver in this transaction (one row's parameters, or many rows'
        as executemany), translating database errors."""
        connection = self._active()
        try:
            return connection.exec_driver_sql(sql, params)
        except Exception as error:
            self._failed = True
            raise translate(error, table.name) from error

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction: an exception inside rolls back only what the block did."""
        connection = self._active()
        failed = self._failed
        with translated():
            nested = connection.begin_nested()
        try:
            yield
        except BaseException:
            with translated():
                nested.rollback()
            self._failed = failed
            raise
        with translated():
            nested.commit()

    # -- counters ------------------------------------------------------------------------------
    def draw(self, counter: str, count: int = 1) -> int:
        """Advance ``counter`` by ``count`` and return its new value (the last one drawn)."""
        value: int = self.execute(self._counter_upsert(counter, count)).scalar_one()
        self._drawn[counter] = value
        return value

    def reserve(self, counter: str, value: int) -> None:
        """Move ``counter`` to at least ``value`` (never back). Kept after a rollback, as drawn
        values are, so a number reserved once is never handed out."""
        reached: int = self.execute(self._counter_upsert(counter, value, True)).scalar_one()
        self._drawn[counter] = max(self._drawn.get(counter, 0), reached)

    def _counter_upsert(self, name: str, value: int, at_least: bool = False) -> Executable:
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = insert(t.counters).values(
            organisation_id=self.organisation_id, name=name, value=value
        )
        current = t.counters.c.value
        new_value = case((current < value, value), else_=current) if at_least else current + value
        return statement.on_conflict_do_update(
            index_elements=[t.counters.c.organisation_id, t.counters.c.name],
            set_={"value": new_value},
        ).returning(t.counters.c.value)
