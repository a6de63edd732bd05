"""The composition root: the one place that wires adapters into a Registry, when called (never
at import).

``open(url)`` / ``open(engine=...)`` / ``open(connection=...)`` build a registry over SQL,
``open_memory()`` one over memory; ``registry_of(database, organisation_id)`` one more
organisation's registry over an opened ``SqlDatabase``. Each registry is a context manager:
leaving it (or ``close()``) disposes what was created for it and nothing it was given.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING
from uuid import UUID

from custreg.adapters.memory.card import MemoryCardQueries
from custreg.adapters.memory.kpi import MemoryKpiQueries
from custreg.adapters.memory.reports import MemoryReportQueries
from custreg.adapters.memory.store import MemoryStore
from custreg.adapters.memory.store import MemoryUnitOfWork
from custreg.adapters.system import RandomIds
from custreg.adapters.system import SystemClock
from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.lifetime import Lifetime
from custreg.ports.registry import Registry

if TYPE_CHECKING:  # the SQL adapter is optional (custreg[sql]): imported on use
    from sqlalchemy import Connection
    from sqlalchemy import Engine

    from custreg.adapters.sql.database import SqlDatabase

#: The organisation of a host that keeps one registry only and names none.
DEFAULT_ORGANISATION = OrganisationId(UUID("00000000-0000-4000-8000-000000000001"))


def open(
    url: str | None = None,
    organisation_id: OrganisationId | None = None,
    *,
    engine: Engine | None = None,
    connection: Connection | None = None,
    schema: str | None = None,
    settings: OrganisationSettings | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    migrate: bool = True,
    row_level_security: bool = False,
) -> Registry:
    """Open the SQL registry of ``organisation_id`` (``DEFAULT_ORGANISATION`` if None); use it
    in a ``with`` block, or ``close()`` it. Give exactly one of:

    - ``url``: ``sqlite:///path.db`` (embedded) or ``postgresql+psycopg://...``. custreg
      creates the engine and disposes it on close.
    - ``engine``: the host's SQLAlchemy Engine; each unit of work is a transaction of its own
      on a connection of the host's pool. Closing leaves the engine open.
    - ``connection``: the host's SQLAlchemy Connection inside an open transaction; every unit
      of work joins that transaction in a SAVEPOINT and never commits it (the host's rollback
      undoes custreg's writes, the host's commit keeps them). Closing leaves it open.

    ``schema`` holds every custreg table: on PostgreSQL (with ``url`` or ``connection``) a
    schema, created if missing; on SQLite (with ``engine`` or ``connection``) a database the
    host attached (``ATTACH DATABASE 'file' AS name``) on every connection. A fresh
    database is created at the newest schema, an older one migrated unless ``migrate=False``
    (then SchemaVersionError). ``row_level_security`` (PostgreSQL) adds the database's own
    per-organisation check under every query (see ``SqlDatabase``). ``settings`` are stored if
    the organisation has none. On a host's connection custreg's migration history is kept in
    ``custreg_alembic_version`` (see ``upgrade_sql``). Needs the ``custreg[sql]`` extra; an
    unreachable database raises StorageError.
    """
    from custreg.adapters.sql.database import SqlDatabase

    database = SqlDatabase(
        url,
        engine=engine,
        connection=connection,
        schema=schema,
        migrate=migrate,
        row_level_security=row_level_security,
    )
    try:
        return registry_of(
            database, organisation_id, settings=settings, clock=clock, ids=ids, owned=True
        )
    except BaseException:
        database.dispose()
        raise


def registry_of(
    database: SqlDatabase,
    organisation_id: OrganisationId | None = None,
    *,
    settings: OrganisationSettings | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    owned: bool = False,
) -> Registry:
    """The Registry of ``organisation_id`` over an opened ``SqlDatabase`` (a host serving
    several organisations opens the database once), registering the organisation if it is new
    and storing ``settings`` if it has none. Closing the registry closes the database only if
    ``owned``."""
    organisation = organisation_id if organisation_id is not None else DEFAULT_ORGANISATION
    database.register(organisation, settings)
    parts = database.parts(organisation)
    return Registry(
        organisation_id=organisation,
        uow=parts.uow,
        reads=parts.reads,
        clock=clock if clock is not None else SystemClock(),
        ids=ids if ids is not None else RandomIds(),
        kpis=parts.kpis,
        cards=parts.cards,
        reports=parts.reports,
        lifetime=Lifetime(database.dispose) if owned else Lifetime(),
    )


def open_memory(
    organisation_id: OrganisationId | None = None,
    settings: OrganisationSettings | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    store: MemoryStore | None = None,
) -> Registry:
    """A registry held in memory (a fresh store unless ``store`` is given), for embedded use,
    demos and tests; ``organisation_id`` defaults to ``DEFAULT_ORGANISATION``. Closing it
    releases nothing and makes every further use raise StorageError."""
    the_store = store if store is not None else MemoryStore()
    if settings is not None:
        the_store.settings = settings
    return Registry(
        organisation_id=organisation_id if organisation_id is not None else DEFAULT_ORGANISATION,
        uow=lambda: MemoryUnitOfWork(the_store),
        clock=clock if clock is not None else SystemClock(),
        ids=ids if ids is not None else RandomIds(),
        kpis=lambda: MemoryKpiQueries(the_store),
        reports=MemoryReportQueries(the_store),
        cards=MemoryCardQueries(the_store),
    )


def upgrade_sql(
    connection: Connection, schema: str | None = None, *, version_table: str | None = None
) -> None:
    """Run custreg's migrations on the host's ``connection``, inside its open transaction (in a
    SAVEPOINT; never committed: the host commits). The revision is recorded in custreg's own
    version table (``custreg_alembic_version`` unless ``version_table`` is given), so a host's
    Alembic ``env.py`` may call it right after its own migrations, on the same connection.
    ``schema`` holds custreg's tables and version table: on PostgreSQL created if missing, on
    SQLite a database the host attached to ``connection`` (StorageError if not). A schema
    written by a newer custreg raises SchemaVersionError."""
    from custreg.adapters.sql.hosted import HOST_VERSION_TABLE
    from custreg.adapters.sql.hosted import upgrade_hosted

    upgrade_hosted(
        connection, schema, True, HOST_VERSION_TABLE if version_table is None else version_table
    )


def open_registry(
    url: str,
    organisation_id: OrganisationId,
    *,
    settings: OrganisationSettings | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    migrate: bool = True,
) -> Registry:
    """Deprecated alias of ``custreg.open(url, organisation_id, ...)`` (DeprecationWarning);
    also exported as ``custreg.adapters.sql.sql_registry``."""
    warnings.warn(
        "open_registry() and sql_registry() are deprecated and will be removed in the next "
        "release; use custreg.open(url, organisation_id)",
        DeprecationWarning,
        stacklevel=2,
    )
    return open(url, organisation_id, settings=settings, clock=clock, ids=ids, migrate=migrate)


def memory_registry(
    organisation_id: OrganisationId,
    settings: OrganisationSettings | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    store: MemoryStore | None = None,
) -> Registry:
    """Deprecated alias of ``custreg.open_memory(...)`` (DeprecationWarning); also exported as
    ``custreg.adapters.memory.memory_registry``."""
    warnings.warn(
        "memory_registry() is deprecated and will be removed in the next release; use "
        "custreg.open_memory(organisation_id, settings)",
        DeprecationWarning,
        stacklevel=2,
    )
    return open_memory(organisation_id, settings, clock, ids, store)
