"""The SQL composition root: one SqlDatabase per database (it owns the Engine and its pool), one
Registry per organisation in it."""

from __future__ import annotations

import threading
import warnings
import zlib
from collections import OrderedDict
from typing import TYPE_CHECKING
from typing import Any
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import URL
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from custreg.adapters.sql import row_security
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.card import SqlCardQueries
from custreg.adapters.sql.errors import logged
from custreg.adapters.sql.errors import translated
from custreg.adapters.sql.hosted import check_attached
from custreg.adapters.sql.hosted import check_identifier
from custreg.adapters.sql.hosted import check_sqlite_host
from custreg.adapters.sql.hosted import upgrade_hosted
from custreg.adapters.sql.kpi import SqlKpiQueries
from custreg.adapters.sql.reports import SqlReportQueries
from custreg.adapters.sql.schema import current_revision
from custreg.adapters.sql.schema import ensure_schema
from custreg.adapters.sql.schema import head_revision
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.errors import SchemaVersionError
from custreg.domain.errors import StorageError
from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.ports.card import CardQueries
from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.kpi import KpiQueriesFactory
from custreg.ports.reports import ReportQueries
from custreg.ports.unit_of_work import UnitOfWorkFactory

if TYPE_CHECKING:
    from custreg.ports.registry import Registry

#: How long (seconds) a statement waits for a lock held by another transaction before
#: StorageError, by default: SQLite's busy_timeout, PostgreSQL's lock_timeout.
LOCK_TIMEOUT = 10.0


class SettingsCache:
    """Loaded settings by their save token (a token is never reused, so entries never go stale)."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[UUID, OrganisationSettings] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: UUID) -> OrganisationSettings | None:
        with self._lock:
            return self._items.get(token)

    def put(self, token: UUID, settings: OrganisationSettings) -> None:
        with self._lock:
            self._items[token] = settings
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class GrowthTracker:
    """PostgreSQL plans lookups into a table it thinks is empty as sequential scans and caches
    those plans (foreign-key checks, prepared statements): the first bulk import into a fresh
    database then slows down quadratically. The adapter therefore ANALYZEs a table after bulk
    inserts each time it has (roughly) doubled since the last ANALYZE by this process: a
    handful of ANALYZEs however large the import, and none once the table is big."""

    def __init__(self, minimum: int = 500) -> None:
        self._minimum = minimum
        self._rows: dict[str, int] = {}
        self._since: dict[str, int] = {}
        self._lock = threading.Lock()

    def inserted(self, table: str, rows: int) -> bool:
        """Count ``rows`` inserted into ``table``; True when it is time to ANALYZE it."""
        with self._lock:
            since = self._since.get(table, 0) + rows
            known = self._rows.get(table, 0)
            if since < max(self._minimum, known):
                self._since[table] = since
                return False
            self._rows[table], self._since[table] = known + since, 0
            return True


def _url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StorageError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
        )
    return parsed


def _sqlite_engine(url: URL, echo: bool, lock_timeout: float, read_only: bool = False) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if in_memory:
        options["poolclass"] = StaticPool  # one shared connection, or each would see its own DB
    elif read_only:  # never creates the file; query_only (below) refuses every write
        url = url.set(database=f"file:{url.database}").update_query_dict(
            {"mode": "rw", "uri": "true"}
        )
    engine = create_engine(url, echo=echo, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (the documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        elif not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
            # 64 MiB of page cache (the default is 2 MiB): inserts into indexes keyed by random
            # UUIDs touch pages all over the file.
            cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE: take the write lock up front, so concurrent writers wait (busy_timeout)
        # instead of failing when their read snapshot turns out stale. A read-only unit of work
        # (KPIs, cards, reports) begins deferred: under WAL it reads its snapshot without the
        # write lock.
        reads = read_only or connection.get_execution_options().get("custreg_read_only", False)
        if reads:
            _deferred_begin(connection)
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _deferred_begin(connection: Any) -> None:
    """A read's deferred BEGIN on SQLite, sent at the driver: it takes no lock, so it neither
    waits nor fails on one, and SQLAlchemy's execution context for it cost as much as a small
    read's own Python. It goes through the engine's cursor events like any statement (tracing,
    the statement-count tests see it) and its log (``echo``); a driver error is wrapped as
    SQLAlchemy wraps them."""
    cursor = connection.connection.cursor()
    event = (connection, cursor, "BEGIN", (), None, False)
    logged(connection, "BEGIN", ())
    connection.dispatch.before_cursor_execute(*event)
    driver_error = connection.dialect.loaded_dbapi.Error
    try:
        cursor.execute("BEGIN")
    except driver_error as error:
        raise sa_exc.DBAPIError.instance("BEGIN", (), error, driver_error) from error
    finally:
        cursor.close()
    connection.dispatch.after_cursor_execute(*event)


def _postgres_engine(
    url: URL, schema: str | None, echo: bool, lock_timeout: float, read_only: bool = False
) -> Engine:
    options = f"-c lock_timeout={int(lock_timeout * 1000)}"
    if schema is not None:
        options += f" -c search_path={schema}"
    if read_only:  # every transaction of every connection is read-only
        options += " -c default_transaction_read_only=on"
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        connect_args={"options": options, "connect_timeout": 10},
    )


def _schema_exists(connection: Connection, schema: str) -> bool:
    """True if the PostgreSQL schema exists (an application role without the right to create
    schemas opens a schema its owner created)."""
    found = connection.execute(
        text("SELECT 1 FROM pg_namespace WHERE nspname = :schema"), {"schema": schema}
    )
    return found.first() is not None


class SqlDatabase:
    """A custreg database (SQLite file or PostgreSQL), migrated to the current schema on open.

    ``schema`` keeps every custreg table, including Alembic's version table, in that schema: on
    PostgreSQL (a URL or a connection) created if missing; on SQLite (an engine or a connection)
    a database the host attached on every connection, StorageError if it is not.
    ``migrate=False`` refuses an older schema with SchemaVersionError instead of upgrading it.
    ``lock_timeout`` (seconds) bounds how long a statement waits for another transaction's lock
    (then StorageError). An unreachable server raises StorageError.

    ``read_only=True`` opens an existing database for reading only: nothing is created, migrated
    or registered (a missing SQLite file, an older schema or an unknown organisation are
    errors), and the database itself refuses every write (SQLite ``query_only``, PostgreSQL
    read-only transactions), so a write is a StorageError. Meant for reports and listings.

    ``row_level_security=True`` (PostgreSQL only) adds PostgreSQL's own check under every
    query's organisation filter: a policy per table lets a unit of work see and write only its
    organisation's rows (``custreg.adapters.sql.row_security``; the application must connect as
    an ordinary role, since superusers bypass row-level security).
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        engine: Engine | None = None,
        connection: Connection | None = None,
        schema: str | None = None,
        migrate: bool = True,
        echo: bool = False,
        lock_timeout: float = LOCK_TIMEOUT,
        read_only: bool = False,
        row_level_security: bool = False,
    ) -> None:
        if sum(given is not None for given in (url, engine, connection)) != 1:
            raise StorageError("give exactly one of a URL, an engine or a connection")
        self._schema = schema
        self._read_only = read_only
        self._closed = False
        self._connection = connection
        self._owns_engine = url is not None
        check_identifier("schema", schema)
        if url is not None:
            with translated():
                parsed = _url(url)
            if parsed.get_backend_name() == "sqlite":
                if schema is not None:
                    raise StorageError(
                        "on SQLite schema= names a database the host attaches: pass engine= "
                        "(attaching it in the engine's connect event) or connection= "
                        "(docs/hosting-sql.md)"
                    )
                self._engine = _sqlite_engine(parsed, echo, lock_timeout, read_only)
            else:
                self._engine = _postgres_engine(parsed, schema, echo, lock_timeout, read_only)
        else:
            self._engine = engine if engine is not None else connection.engine  # type: ignore[union-attr]
            if self._engine.dialect.name not in {"sqlite", "postgresql"}:
                raise StorageError(
                    f"unsupported database {self._engine.dialect.name!r}: use sqlite or postgresql"
                )
            if schema is not None and connection is None and self.dialect != "sqlite":
                raise StorageError("schema= needs a URL or a connection, on PostgreSQL")
            if connection is None:
                with translated(), self._engine.connect() as probe, probe.begin():
                    check_sqlite_host(probe)
                    check_attached(probe, schema)
                if schema is not None:  # SQLite: custreg's tables in the attached database
                    self._engine = self._engine.execution_options(
                        schema_translate_map={None: schema}
                    )
        if row_level_security and self._engine.dialect.name != "postgresql":
            if self._owns_engine:
                self._engine.dispose()
            raise StorageError("row_level_security needs PostgreSQL")
        self._row_level_security = row_level_security
        self._reads_engine = (  # SQLite: the option set once, not per read-only unit of work
            self._engine.execution_options(custreg_read_only=True)
            if self._engine.dialect.name == "sqlite"
            else self._engine
        )
        self.settings_cache = SettingsCache()
        self.growth = GrowthTracker()
        try:
            self._prepare(migrate and not read_only)
        except BaseException:
            if self._owns_engine:
                self._engine.dispose()
            raise

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    @property
    def host_connection(self) -> Connection | None:
        """The host's connection every unit of work joins (with a savepoint), if one was given."""
        return self._connection

    @property
    def closed(self) -> bool:
        """True after ``dispose()``: units of work then refuse with StorageError."""
        return self._closed

    @property
    def read_only(self) -> bool:
        """True if opened with ``read_only=True``: every write is refused by the database."""
        return self._read_only

    def _prepare(self, migrate: bool) -> None:
        """Create the schema if needed and bring it to head, one opener at a time."""
        if self._connection is not None:
            if not self._read_only:
                upgrade_hosted(self._connection, self._schema, migrate)
                if self._row_level_security:
                    with translated():
                        if not row_security.is_on(self._connection, self._schema):
                            row_security.switch_on(self._connection, self._schema)
            return
        with translated(), self._engine.connect() as connection:
            if self._read_only:
                current, head = current_revision(connection), head_revision()
                if current != head:
                    raise SchemaVersionError(
                        f"the database schema is at revision {current or 'none'} and this "
                        f"custreg needs {head}; a read-only opening neither creates nor "
                        "upgrades it"
                    )
                return
            if self._engine.dialect.name == "postgresql":
                key = zlib.crc32(f"custreg:{self._schema or ''}".encode())
                connection.execute(select(func.pg_advisory_xact_lock(key)))
                if self._schema is not None and not _schema_exists(connection, self._schema):
                    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self._schema}"'))
            ensure_schema(connection, migrate)
            if self._row_level_security and not row_security.is_on(connection, self._schema):
                row_security.switch_on(connection, self._schema)
            connection.commit()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy Engine (for tools, benchmarks and aggregate queries of the adapter)."""
        return self._engine

    @property
    def reads_engine(self) -> Engine:
        """The engine read-only units of work connect through: on SQLite ``engine`` with the
        option its ``begin`` hook reads to begin deferred (no write lock), on PostgreSQL
        ``engine`` itself (the unit of work sets its snapshot's isolation)."""
        return self._reads_engine

    @property
    def schema(self) -> str | None:
        """The schema custreg's tables live in (None: the database's default)."""
        return self._schema

    @property
    def row_level_security(self) -> bool:
        """True if PostgreSQL's row-level security checks every unit of work's organisation."""
        return self._row_level_security

    @property
    def attached_schema(self) -> str | None:
        """On SQLite, the attached database holding custreg's tables, which raw SQL must name
        (SQLAlchemy statements name it through ``schema_translate_map``); else None."""
        return self._schema if self.dialect == "sqlite" else None

    def unit_of_work(self, organisation_id: OrganisationId) -> SqlUnitOfWork:
        """A new unit of work over ``organisation_id``'s rows (use it in a ``with`` block)."""
        return SqlUnitOfWork(self, organisation_id)

    def parts(self, organisation_id: OrganisationId) -> SqlParts:
        """The adapter's factories over ``organisation_id``'s rows, for the composition root
        (``custreg.bootstrap``) to wire into a Registry."""
        return SqlParts(
            uow=lambda: SqlUnitOfWork(self, organisation_id),
            reads=lambda: SqlUnitOfWork(self, organisation_id, read_only=True),
            kpis=lambda: SqlKpiQueries(self, organisation_id),
            cards=SqlCardQueries(self, organisation_id),
            reports=SqlReportQueries(self, organisation_id),
        )

    def register(
        self, organisation_id: OrganisationId, settings: OrganisationSettings | None = None
    ) -> None:
        """Register ``organisation_id`` if it is new and store ``settings`` if it has none yet
        (a read-only database registers nothing)."""
        if not self._read_only:
            self._register(organisation_id, settings)

    def registry(
        self,
        organisation_id: OrganisationId,
        *,
        settings: OrganisationSettings | None = None,
        clock: Clock | None = None,
        ids: IdGenerator | None = None,
    ) -> Registry:
        """Deprecated: use ``custreg.bootstrap.registry_of(database, organisation_id, ...)``.

        The Registry of ``organisation_id`` over this database (closing it leaves the database
        open), registering the organisation if it is new."""
        warnings.warn(
            "SqlDatabase.registry() is deprecated; use custreg.bootstrap.registry_of()",
            DeprecationWarning,
            stacklevel=2,
        )
        from custreg.bootstrap import registry_of  # the one documented exception: a forward

        return registry_of(self, organisation_id, settings=settings, clock=clock, ids=ids)

    def _register(
        self, organisation_id: OrganisationId, settings: OrganisationSettings | None
    ) -> None:
        insert = postgresql.insert if self._engine.dialect.name == "postgresql" else sqlite.insert
        with SqlUnitOfWork(self, organisation_id) as uow:
            uow.execute(insert(t.organisations).values(id=organisation_id).on_conflict_do_nothing())
            if settings is not None:
                s = t.organisation_settings
                has_settings = uow.execute(
                    select(s.c.organisation_id).where(s.c.organisation_id == organisation_id)
                ).first()
                if has_settings is None:
                    uow.settings.save(settings)
            uow.commit()

    def dispose(self, drop_schema: bool = False) -> None:
        """Close: units of work refuse from now on (StorageError). An engine this database
        created is disposed (every pooled connection closed); a given engine or connection is
        left as it is. ``drop_schema`` also drops the PostgreSQL schema with all its data, on
        an engine of its own only (for tests)."""
        self._closed = True
        if not self._owns_engine:
            return
        try:
            if drop_schema and self._schema is not None and self.dialect == "postgresql":
                with translated(), self._engine.connect() as connection:
                    connection.execute(text(f'DROP SCHEMA IF EXISTS "{self._schema}" CASCADE'))
                    connection.commit()
        finally:
            self._engine.dispose()


class SqlParts(NamedTuple):
    """What the SQL adapter offers the composition root for one organisation."""

    uow: UnitOfWorkFactory
    reads: UnitOfWorkFactory
    kpis: KpiQueriesFactory
    cards: CardQueries
    reports: ReportQueries
