"""The SQL unit of work: one database transaction over one organisation's rows.

- The transaction begins with the first statement (SQLite: ``BEGIN IMMEDIATE``, so writers queue
  instead of failing on a stale snapshot) and ends with ``commit()``; leaving the ``with`` block
  without committing, or with an exception, rolls everything back.
- After any failed statement the transaction may be unusable (PostgreSQL aborts it), so on every
  engine ``commit()`` then refuses with StorageError and rolls back: a failure anywhere means
  nothing is stored. Writes whose failure the ports promise as a typed error the caller may
  handle (``add`` of a taken id, ``update_many`` conflicts) run in a savepoint, so only they are
  undone and the unit of work goes on, as with the in-memory adapter.
- Counters (customer and project numbers) are drawn inside the transaction; if it rolls back, the
  drawn values are written back afterwards so a number handed out is not handed out again (C3).
- On a host's connection (``SqlDatabase(connection=...)``) it joins the host's open transaction
  in a SAVEPOINT and never commits it (``custreg.adapters.sql.hosted.HostTransaction``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from uuid import UUID

from sqlalchemy import (
    ARRAY,
    Connection,
    CursorResult,
    Executable,
    String,
    Table,
    Uuid,
    any_,
    bindparam,
    case,
    func,
    literal_column,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from custreg.adapters.sql import repositories as repos
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.errors import translate, translated
from custreg.adapters.sql.hosted import HostTransaction
from custreg.adapters.sql.rows import dumps
from custreg.domain.errors import StorageError
from custreg.domain.ids import OrganisationId

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None


def _once_per_value(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` remembering its results, so each distinct value is converted once."""
    done: dict[Any, Any] = {None: None}

    def converted(value: Any) -> Any:
        try:
            return done[value]
        except KeyError:
            result = done[value] = convert(value)
            return result

    return converted


def _once_per_object(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
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


#: From how many rows ``insert_rows`` loads with COPY on PostgreSQL (below, executemany's
#: pipeline costs about the same and the statement stays a plain INSERT).
COPY_MIN_ROWS = 100


def _converted_column(convert: Callable[[Any], Any], values: Sequence[Any]) -> Sequence[Any]:
    """``convert`` applied to a column of bulk-write values, a column at a time: a column holding
    one object throughout (the organisation, author, instant, batch) is converted once, one of
    few distinct objects (industries, owners) each distinct object once."""
    distinct = len(set(map(id, values)))
    if distinct == 1:
        return (convert(values[0]),) * len(values)
    if distinct * 2 > len(values):  # mostly distinct (ids): remembering would cost more
        return list(map(convert, values))
    return list(map(_once_per_object(convert), values))


class SqlUnitOfWork:
    """A transaction over a SqlDatabase, scoped to one organisation."""

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
        self.customers = repos.SqlCustomers(self)
        self.addresses = repos.SqlAddresses(self)
        self.contacts = repos.SqlContacts(self)
        self.projects = repos.SqlProjects(self)
        self.invoices = repos.SqlInvoices(self)
        self.activities = repos.SqlActivities(self)
        self.notes = repos.SqlNotes(self)
        self.tasks = repos.SqlTasks(self)
        self.files = repos.SqlFiles(self)
        self.settings = repos.SqlSettings(self)
        self.audit = repos.SqlAudit(self)

    # -- transaction -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        if self._connection is not None:
            raise StorageError("a unit of work cannot be entered twice")
        if self.database.closed:
            raise StorageError("the registry is closed")
        host = self.database.host_connection
        with translated():
            if host is not None:
                self._host = HostTransaction(host, self.database.schema)
                self._connection = self._host.join()
            else:
                self._connection = self.database.engine.connect()
            if self.read_only and host is None:
                self._begin_read_only(self._connection)
        self._failed = False
        self._drawn = {}
        self._locked = {}
        return self

    def _begin_read_only(self, connection: Connection) -> None:
        """A read-only transaction over one snapshot: on SQLite a deferred BEGIN (no write lock,
        so reports, KPIs and cards neither wait for writers nor hold them up; see the engine's
        ``begin`` hook), on PostgreSQL REPEATABLE READ, READ ONLY (its first statement)."""
        connection.execution_options(custreg_read_only=True)
        if self.dialect == "postgresql":
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))

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
            if self._host is not None:
                host, self._host = self._host, None
                with translated():
                    host.leave()
            elif connection is not None:
                connection.close()

    def commit(self) -> None:
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
        if connection is None:
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
        if self._connection is None:
            raise StorageError("the unit of work is used outside its 'with' block")
        if self._host is not None:
            with translated():
                return self._host.active()
        return self._connection

    # -- access for repositories ---------------------------------------------------------------
    def execute(self, statement: Executable, params: Params = None) -> CursorResult[Any]:
        """Run a statement in this transaction, translating database errors."""
        connection = self._active()
        try:
            return connection.execute(statement, params)
        except Exception as error:
            self._failed = True
            table = getattr(statement, "table", None)  # INSERT / UPDATE / DELETE name their table
            raise translate(error, getattr(table, "name", None)) from error

    def insert_rows(
        self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> int:
        """INSERT ``rows`` (plain tuples in ``columns`` order) as one driver-level executemany,
        or on PostgreSQL, from ``COPY_MIN_ROWS`` rows on, as one COPY (its bulk-load path)."""
        names = ", ".join(self._quoted(table, columns))
        target = f"{self._quoted_table(table)} ({names})"
        if self.dialect == "postgresql" and len(rows) >= COPY_MIN_ROWS:
            return self._copy(table, f"COPY {target} FROM STDIN", columns, rows)
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {target} VALUES ({marks})"
        return self._executemany(table, sql, [table.c[name] for name in columns], rows)

    def _copy(
        self, table: Table, sql: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> int:
        """``COPY ... FROM STDIN`` of the rows through psycopg (which adapts each value), in this
        transaction. The statement goes through the engine's cursor events like any other, so
        logs, tracing and the statement-count tests see it."""
        connection = self._active()
        params = self._driver_params([table.c[name] for name in columns], rows)
        raw: Any = connection.connection.driver_connection
        driver_error = self.database.engine.dialect.loaded_dbapi.Error
        try:
            with raw.cursor() as cursor:
                event = (connection, cursor, sql, params, None, True)
                connection.dispatch.before_cursor_execute(*event)
                with cursor.copy(sql) as copy:
                    write = copy.write_row
                    for row in params:
                        write(row)
                connection.dispatch.after_cursor_execute(*event)
        except Exception as error:
            self._failed = True
            if isinstance(error, driver_error):  # wrapped as SQLAlchemy wraps driver errors
                error = sa_exc.DBAPIError.instance(sql, None, error, driver_error)
            raise translate(error, table.name) from error
        return len(params)

    def rows_of_ids(
        self, table: Table, columns: Sequence[str], ids: Collection[UUID], order_by: str
    ) -> list[dict[str, Any]]:
        """``columns`` of this organisation's rows of ``table`` whose ``id`` is in ``ids``, in
        ``order_by`` order: one statement, fetched at the driver. The column types' result
        conversions (text to UUID, text to aware instant, 0/1 to bool on SQLite) run once per
        distinct value, not once per value: a mass selection shares its owners, industries and
        timestamps, and SQLAlchemy's per-row result processing costs more than the query."""
        fetched = self._fetch_of_ids(table, columns, ids, "id", order_by)
        return self._converted_rows(table, columns, fetched)

    def fetch_rows(
        self, table: Table, where: Sequence[ColumnElement[bool]], order_by: ColumnElement[Any]
    ) -> list[dict[str, Any]]:
        """Every column of the rows of ``table`` matching ``where``, in ``order_by`` order, as
        dicts, with each column's result conversion run once per distinct value: the columns are
        selected untyped (no per-row processing by SQLAlchemy) and converted here."""
        names = [column.name for column in table.c]
        statement: Any = (
            sa_select(*[literal_column(self._quoted(table, (name,))[0]) for name in names])
            .select_from(table)
            .where(*where)
            .order_by(order_by)
        )
        return self._converted_rows(table, names, self.execute(statement).all())

    def _converted_rows(
        self, table: Table, columns: Sequence[str], fetched: Sequence[Any]
    ) -> list[dict[str, Any]]:
        """Driver rows of ``columns`` as dicts, each column's result conversion run once per
        distinct value."""
        converters = self._result_converters(table, columns)
        found = []
        for row in fetched:
            values = list(row)
            for index, convert in converters:
                values[index] = convert(values[index])
            found.append(dict(zip(columns, values, strict=True)))
        return found

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
        for index, convert in self._result_converters(table, (key, *columns)):
            if index:
                found[index] = list(map(convert, found[index]))
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

    def _result_converters(
        self, table: Table, columns: Sequence[str]
    ) -> list[tuple[int, Callable[[Any], Any]]]:
        """(index, conversion remembering its results) of each column whose type converts
        driver values on this dialect."""
        dialect = self.database.engine.dialect
        return [
            (index, _once_per_value(processor))
            for index, name in enumerate(columns)
            if (
                processor := table.c[name]
                .type.dialect_impl(dialect)
                .result_processor(dialect, None)
            )
            is not None
        ]

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
        fields: list[tuple[str, Any, Sequence[Any]]] = [
            ("k", table.c.id, ids),
            ("v", table.c.version, versions),
        ]
        if column is not None:
            assert values is not None, "a column to set needs its values"
            assignments.append(f"{self._quoted(table, (column,))[0]} = x.n")
            fields.append(("n", table.c[column], values))
        relation, relation_params = self._relation(fields)
        sql = (
            f"UPDATE {self._quoted_table(table)} SET {', '.join(assignments)} FROM {relation} "
            f"WHERE {organisation} = {self._mark} AND {key} = x.k AND {version} = x.v"
        )
        params = (
            *[self._bound(table.c[name], value) for name, value in fixed.items()],
            *relation_params,
            self._bound(table.c.organisation_id, self.organisation_id),
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
            .where(
                table.c.organisation_id == self.organisation_id, self.ids_in(table.c.id, wanted)
            )
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
        relation, params = self._relation(
            [
                ("a", table.c[first], [p[0] for p in pairs]),
                ("b", table.c[second], [p[1] for p in pairs]),
            ]
        )
        organisation, a, b = self._quoted(table, ("organisation_id", first, second))
        sql = (
            f"DELETE FROM {self._quoted_table(table)} WHERE {organisation} = {self._mark} "
            f"AND ({a}, {b}) IN (SELECT x.a, x.b FROM {relation})"
        )
        organisation_id = self._bound(table.c.organisation_id, self.organisation_id)
        deleted: int = self._driver(table, sql, (organisation_id, *params)).rowcount
        return deleted

    @property
    def _mark(self) -> str:
        return "%s" if self.dialect == "postgresql" else "?"

    def _bound(self, column: Any, value: Any) -> Any:
        """``value`` as the driver takes it for ``column`` (the type's bind conversion)."""
        dialect = self.database.engine.dialect
        processor = column.type.dialect_impl(dialect).bind_processor(dialect)
        return value if processor is None or value is None else processor(value)

    def _relation(
        self, fields: Sequence[tuple[str, Any, Sequence[Any]]]
    ) -> tuple[str, tuple[Any, ...]]:
        """A FROM item ``x`` with one column per (name, typed column, values): the rows travel
        as one JSON array on SQLite (read with json_each) and as one array per column on
        PostgreSQL (read with unnest), whatever their number."""
        dialect = self.database.engine.dialect
        if self.dialect == "postgresql":
            casts = [f"%s::{column.type.compile(dialect=dialect)}[]" for _, column, _ in fields]
            names = ", ".join(name for name, _, _ in fields)
            params = tuple(list(values) for _, _, values in fields)
            return f"unnest({', '.join(casts)}) AS x({names})", params
        columns = []
        for _, column, values in fields:
            processor = column.type.dialect_impl(dialect).bind_processor(dialect)
            columns.append(values if processor is None else _converted_column(processor, values))
        extracts = ", ".join(
            f"json_extract(value, '$[{i}]') AS {name}" for i, (name, _, _) in enumerate(fields)
        )
        rows = dumps(list(zip(*columns, strict=True)))
        # LIMIT -1 (no limit) keeps SQLite from flattening the subquery into the join: it is
        # materialised and scanned once, each row finding its target through the primary key.
        # Flattened, the planner loops over the table and rescans the JSON per row (quadratic).
        return f"(SELECT {extracts} FROM json_each(?) LIMIT -1) AS x", (rows,)

    def _driver(self, table: Table, sql: str, params: Any) -> Any:
        """Run raw SQL at the driver in this transaction, translating database errors."""
        connection = self._active()
        try:
            return connection.exec_driver_sql(sql, params)
        except Exception as error:
            self._failed = True
            raise translate(error, table.name) from error

    def _quoted(self, table: Table, columns: Sequence[str]) -> list[str]:
        preparer = self.database.engine.dialect.identifier_preparer
        return [preparer.format_column(table.c[name]) for name in columns]

    def _quoted_table(self, table: Table) -> str:
        """The table's name for raw SQL, qualified by SQLite's attached schema if any."""
        preparer = self.database.engine.dialect.identifier_preparer
        name = preparer.format_table(table)
        attached = self.database.attached_schema
        return name if attached is None else f"{preparer.quote_schema(attached)}.{name}"

    def _driver_params(
        self, columns: Sequence[Any], rows: Sequence[Sequence[Any]]
    ) -> list[Sequence[Any]]:
        """The rows as the driver takes them: only the columns whose type converts on this
        dialect are converted, a column at a time (see ``_converted_column``)."""
        dialect = self.database.engine.dialect
        processors = [
            (index, processor)
            for index, column in enumerate(columns)
            if (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        ]
        if not processors:
            return [tuple(row) for row in rows]
        converted: list[Sequence[Any]] = list(zip(*rows, strict=True))
        for index, processor in processors:
            converted[index] = _converted_column(processor, converted[index])
        return list(zip(*converted, strict=True))

    def _executemany(
        self, table: Table, sql: str, columns: Sequence[Any], rows: Sequence[Sequence[Any]]
    ) -> int:
        """The bulk write paths' executemany: SQLAlchemy's per-row parameter processing (a dict
        per row, every type processor looked up per value) costs more than the database's own
        work, so the rows go to the driver as tuples. Only the columns whose type converts on
        this dialect (UUIDs to text and instants to naive UTC text on SQLite; instants to UTC on
        PostgreSQL) are converted, each distinct value once (the rows of one bulk write share
        their organisation, author, instant and batch)."""
        if not rows:
            return 0
        connection = self._active()
        params = self._driver_params(columns, rows)
        if self.dialect == "postgresql":
            sql = sql.replace("?", "%s")
        try:
            result = connection.exec_driver_sql(sql, params)
        except Exception as error:
            self._failed = True
            raise translate(error, table.name) from error
        return result.rowcount

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

    def ids_in(self, column: ColumnElement[Any], ids: Collection[UUID]) -> ColumnElement[bool]:
        """``column IN ids`` with ONE bound parameter, whatever the number of ids (no 32k / 65k
        parameter limits, one cached statement): an array on PostgreSQL, a JSON list on SQLite."""
        if self.dialect == "postgresql":
            return column == any_(bindparam(None, list(ids), type_=ARRAY(Uuid)))
        return self._in_json(column, [i.hex for i in ids])

    def texts_in(self, column: ColumnElement[Any], texts: Collection[str]) -> ColumnElement[bool]:
        """``column IN texts`` with one bound parameter (see ``ids_in``)."""
        if self.dialect == "postgresql":
            return column == any_(bindparam(None, list(texts), type_=ARRAY(String)))
        return self._in_json(column, list(texts))

    @staticmethod
    def _in_json(column: ColumnElement[Any], values: list[str]) -> ColumnElement[bool]:
        listed = func.json_each(bindparam(None, dumps(values))).table_valued("value")
        return column.in_(sa_select(listed.c.value))

    def inserted(self, table: Table, rows: int) -> None:
        """After a bulk insert: keep PostgreSQL's statistics of a fast-growing table current
        (see ``GrowthTracker``). Not done on SQLite, whose planner without statistics assumes
        indexes help; but it may then prefer an index that saves a sort to a selective one, so
        queries here keep ORDER BY off selective searches (see ``SqlCustomers._select``)."""
        if self.dialect == "postgresql" and self.database.growth.inserted(table.name, rows):
            self.execute(text(f"ANALYZE {table.name}"))

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
