"""custreg inside a host's database transaction: its schema, its connection, its Alembic.

A host hands custreg a SQLAlchemy ``Connection`` inside its own open transaction; custreg's
units of work and migrations then run in SAVEPOINTs of that transaction and never commit it.
custreg's tables may live in a schema of the host's choice, and for the duration of each unit of
work (and of the migrations) every statement goes there; the host's setting is restored
afterwards. On PostgreSQL the transaction-local ``search_path`` names the schema; on SQLite the
schema is a database the host attached (``ATTACH DATABASE 'file' AS name``) and the connection's
``schema_translate_map`` qualifies custreg's tables with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from typing import Any

from alembic import op as alembic_op
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy import func as sa_func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text

from custreg.adapters.sql.errors import translated
from custreg.adapters.sql.migrations.naming import mapped_schema
from custreg.adapters.sql.schema import script_directory
from custreg.adapters.sql.tables import metadata
from custreg.domain.errors import SchemaVersionError
from custreg.domain.errors import StorageError

#: The Alembic version table of custreg's migrations in a host's database: distinct from the
#: host's own ``alembic_version``, so both migration histories live side by side.
HOST_VERSION_TABLE = "custreg_alembic_version"


def _quoted(connection: Connection, schema: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(schema)


@contextmanager
def in_schema(connection: Connection, schema: str | None) -> Iterator[None]:
    """Within the block custreg's statements on ``connection`` go to ``schema``; afterwards the
    host's setting is back. PostgreSQL: the transaction-local ``search_path`` is ``schema``
    alone. SQLite: the connection's ``schema_translate_map`` maps custreg's tables to the
    attached database ``schema``. Nothing happens for ``schema=None``."""
    if schema is None:
        yield
        return
    if connection.dialect.name == "sqlite":
        previous_map = connection.get_execution_options().get("schema_translate_map")
        connection.execution_options(schema_translate_map={None: schema})
        try:
            yield
        finally:
            connection.execution_options(schema_translate_map=previous_map)
        return
    previous = connection.execute(select(sa_func.current_setting("search_path"))).scalar_one()
    connection.execute(select(sa_func.set_config("search_path", _quoted(connection, schema), True)))
    try:
        yield
    finally:
        connection.execute(select(sa_func.set_config("search_path", previous, True)))


#: A schema or version-table name custreg accepts from a host: a plain SQL identifier.
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def check_identifier(kind: str, name: str | None) -> None:
    """StorageError unless ``name`` (a schema or table name) is None or a plain identifier."""
    if name is not None and (not isinstance(name, str) or not IDENTIFIER.match(name)):
        raise StorageError(f"invalid {kind} name {name!r}: letters, digits and _ only")


def check_attached(connection: Connection, schema: str | None) -> None:
    """On SQLite: StorageError unless ``schema`` is None or a database attached to
    ``connection`` (not ``main`` nor ``temp``); on PostgreSQL nothing is checked."""
    if schema is None or connection.dialect.name != "sqlite":
        return
    attached = {row[1] for row in connection.exec_driver_sql("PRAGMA database_list")}
    if schema in {"main", "temp"} or schema not in attached:
        raise StorageError(
            f"on SQLite schema= names a database the host attached (ATTACH DATABASE 'file' AS "
            f"{schema}) on every connection; {schema!r} is not attached (docs/hosting-sql.md)"
        )


def check_sqlite_host(connection: Connection) -> None:
    """On a host's SQLite connection (inside a transaction): StorageError unless SQLAlchemy, not
    the driver, began the transaction (else SAVEPOINTs would commit on their own) and foreign
    keys are on (see docs/hosting-sql.md)."""
    if connection.dialect.name != "sqlite":
        return
    foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    driver: Any = connection.connection.driver_connection
    if not driver.in_transaction:
        raise StorageError(
            "the host's SQLite engine lets the driver begin transactions, which breaks "
            "savepoints: set isolation_level=None on connect and emit BEGIN on SQLAlchemy's "
            "begin event (docs/hosting-sql.md)"
        )
    if foreign_keys != 1:
        raise StorageError("the host's SQLite connections need PRAGMA foreign_keys=ON")


def _in_transaction(connection: Connection) -> None:
    if not connection.in_transaction():
        raise StorageError(
            "the host's connection must be inside an open transaction (connection.begin()); "
            "custreg joins it and never commits it"
        )


def _version_options(connection: Connection, version_table: str) -> dict[str, Any]:
    """Where the version table is: Alembic looks for it by reflection, which does not follow
    the connection's ``schema_translate_map``, so SQLite's attached schema is named."""
    return {"version_table": version_table, "version_table_schema": mapped_schema(connection)}


def _revisions(connection: Connection, version_table: str) -> tuple[str | None, MigrationContext]:
    context = MigrationContext.configure(
        connection, opts=_version_options(connection, version_table)
    )
    return context.get_current_revision(), context


def upgrade_hosted(
    connection: Connection,
    schema: str | None = None,
    migrate: bool = True,
    version_table: str = HOST_VERSION_TABLE,
) -> None:
    """Bring custreg's tables on the host's ``connection`` (in its open transaction, inside a
    savepoint, never committed) to the newest schema, recording the revision in
    ``version_table``. ``schema`` holds every custreg table and the version table: on
    PostgreSQL it is created if missing, on SQLite it is a database the host attached to
    ``connection`` (StorageError if not). ``migrate=False`` refuses an older schema
    (SchemaVersionError); a schema written by a newer custreg is always refused."""
    _in_transaction(connection)
    check_identifier("schema", schema)
    check_identifier("version table", version_table)
    check_sqlite_host(connection)
    check_attached(connection, schema)
    script = script_directory()
    head = script.get_current_head()
    with translated(), connection.begin_nested() as savepoint:
        if schema is not None and connection.dialect.name == "postgresql":
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {_quoted(connection, schema)}"))
        with in_schema(connection, schema):
            current, _ = _revisions(connection, version_table)
            if current == head:
                return
            if current is None and inspect(connection).has_table("customers", schema=schema):
                raise SchemaVersionError(
                    f"the database has custreg tables but no {version_table} table: they were "
                    "not created by custreg's migrations under this version table"
                )
            known = {s.revision for s in script.walk_revisions()}
            if current is not None and current not in known:
                raise SchemaVersionError(
                    f"the database schema is at revision {current}, which this custreg does "
                    f"not know (its newest is {head}): upgrade custreg"
                )
            if current is not None and not migrate:
                raise SchemaVersionError(
                    f"the database schema is at revision {current} but this custreg needs "
                    f"{head}; upgrade it (custreg.upgrade_sql) first"
                )
            _run_migrations(connection, version_table)
        savepoint.commit()


def _run_migrations(connection: Connection, version_table: str) -> None:
    """Run the shipped migrations to head on ``connection`` without Alembic's environment
    machinery, so a host's env.py that calls us keeps its own ``alembic.context`` and
    ``alembic.op`` (module proxies that Alembic does not nest)."""
    script = script_directory()

    def steps(heads: Any, _context: MigrationContext) -> Any:
        return script._upgrade_revs("head", heads)

    context = MigrationContext.configure(
        connection,
        opts={
            **_version_options(connection, version_table),
            "target_metadata": metadata,
            "render_as_batch": connection.dialect.name == "sqlite",
            "fn": steps,
        },
    )
    previous = getattr(alembic_op, "_proxy", None)
    try:
        with Operations.context(context):
            context.run_migrations()
    finally:
        if previous is not None:  # the host's env.py is running: give it its op back
            previous._install_proxy()


class HostTransaction:
    """A unit of work's part in the host's open transaction: a SAVEPOINT begun on first use
    (again after each commit or rollback), released by ``commit()``, rolled back to by
    ``rollback()``; the host's transaction itself is never committed nor rolled back here.
    While joined, custreg's statements go to its schema (see ``in_schema``)."""

    def __init__(self, host: Connection, schema: str | None) -> None:
        self.connection = host
        self._schema = schema
        self._savepoint: Any = None
        self._restore = ExitStack()

    def join(self) -> Connection:
        """Enter: check the host's transaction is open, switch to custreg's schema."""
        if not self.connection.in_transaction():
            raise StorageError(
                "the host's connection is not inside a transaction; custreg joins the host's "
                "transaction and never begins or commits one on it"
            )
        self._restore.enter_context(in_schema(self.connection, self._schema))
        return self.connection

    def active(self) -> Connection:
        """The connection, inside a savepoint of ours."""
        if self._savepoint is None or not self._savepoint.is_active:
            self._savepoint = self.connection.begin_nested()
        return self.connection

    def commit(self) -> None:
        """Release our savepoint: the host's commit keeps what it holds."""
        savepoint, self._savepoint = self._savepoint, None
        if savepoint is not None and savepoint.is_active:
            savepoint.commit()

    def rollback(self) -> None:
        """Roll back to our savepoint: only what this unit of work did is undone."""
        savepoint, self._savepoint = self._savepoint, None
        if savepoint is not None and savepoint.is_active:
            savepoint.rollback()

    def leave(self) -> None:
        """Exit: give the host its search_path or schema map back (after ``rollback()``)."""
        self._restore.close()
