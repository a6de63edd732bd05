"""Opening a database from the command line without ever creating or changing one by mistake.

A read command refuses a SQLite file that does not exist or is not a custreg database, checks the
schema without migrating it, and refuses an organisation that is not in the database, listing the
ones that are.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from typing import NamedTuple
from uuid import UUID

from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.domain.ids import OrganisationId

if TYPE_CHECKING:  # the SQL adapter (custreg[sql]) is imported when a command runs
    from custreg import Registry
    from custreg.adapters.sql import SqlDatabase

#: What ``--db`` defaults to: the file ``custreg demo`` writes.
DEFAULT_DB = "custreg-demo.db"


class Organisation(NamedTuple):
    """An organisation stored in a database: its id and its name."""

    id: OrganisationId
    name: str


def database_url(db: str) -> str:
    """The SQLAlchemy URL of ``--db`` (a URL, or a SQLite file name that must exist)."""
    if "://" in db:
        if db.startswith("sqlite:///"):
            path = db.removeprefix("sqlite:///").split("?")[0]
            if path not in ("", ":memory:") and not os.path.isfile(path):
                raise _missing(path)
        return db
    if not os.path.isfile(db):
        raise _missing(db)
    return f"sqlite:///{db}"


def _missing(path: str) -> CliError:
    hint = " (run `custreg demo` to make one)" if os.path.basename(path) == DEFAULT_DB else ""
    return CliError(ExitCode.NOT_FOUND, f"no database file {path!r}{hint}")


def _probe_url(url: str) -> str:
    """The URL for looking into a database. A SQLite file is opened in read-write mode but only
    read: a read-only connection to a WAL database would leave its -wal and -shm files behind,
    while a normal one removes them when it closes. A missing file is refused before this."""
    return url


def stored_organisations(url: str, schema: str | None = None) -> list[Organisation] | None:
    """The organisations of a custreg database, or None when ``url`` holds no custreg database.
    Only reads: creates, migrates and registers nothing."""
    from sqlalchemy import create_engine
    from sqlalchemy import inspect
    from sqlalchemy import select

    from custreg.adapters.sql import tables as t
    from custreg.adapters.sql.errors import translated

    options = {"options": f"-c search_path={schema}"} if schema else {}
    with translated():
        engine = create_engine(_probe_url(url), connect_args=options)
        try:
            with engine.connect() as connection:
                names = set(inspect(connection).get_table_names(schema=schema))
                if not {"alembic_version", "organisations", "organisation_settings"} <= names:
                    return None
                s = t.organisation_settings
                rows = connection.execute(
                    select(t.organisations.c.id, s.c.name)
                    .select_from(
                        t.organisations.outerjoin(s, s.c.organisation_id == t.organisations.c.id)
                    )
                    .order_by(s.c.name, t.organisations.c.id)
                ).all()
        finally:
            engine.dispose()
    return [Organisation(OrganisationId(row[0]), row[1] or "") for row in rows]


def _listing(found: list[Organisation]) -> str:
    shown = ", ".join(f"{o.name or '(no name)'} ({o.id})" for o in found[:10])
    more = f" and {len(found) - 10:,} more" if len(found) > 10 else ""
    return shown + more


def choose_organisation(found: list[Organisation], given: str | None) -> Organisation:
    """The organisation named by ``--organisation`` (an id or a name, any case), or the only one
    stored; anything else is an error that lists the stored organisations."""
    if given is None:
        if len(found) == 1:
            return found[0]
        if not found:
            raise CliError(ExitCode.NOT_FOUND, "the database holds no organisation")
        raise CliError(
            ExitCode.USAGE,
            f"the database holds {len(found):,} organisations, pick one with --organisation: "
            + _listing(found),
        )
    wanted = given.strip()
    try:
        as_id: UUID | None = UUID(wanted)
    except ValueError:
        as_id = None
    matches = [o for o in found if o.id == as_id or o.name.casefold() == wanted.casefold()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CliError(
            ExitCode.USAGE,
            f"several organisations are named {given!r}, pick one by id: " + _listing(matches),
        )
    known = _listing(found) if found else "none"
    raise CliError(
        ExitCode.NOT_FOUND, f"no organisation {given!r} in the database; it holds: {known}"
    )


class Opened(NamedTuple):
    """An opened database and the registry of the chosen organisation."""

    database: SqlDatabase
    registry: Registry
    organisation: Organisation


def open_existing(
    db: str, organisation: str | None, schema: str | None = None, *, read_only: bool = False
) -> Opened:
    """Open an existing custreg database for a command, never creating, migrating or registering
    anything (``read_only``: the database refuses every write); the caller disposes
    ``database``."""
    from custreg.adapters.sql import SqlDatabase
    from custreg.bootstrap import registry_of

    url = database_url(db)
    found = stored_organisations(url, schema)
    if found is None:
        raise CliError(ExitCode.NOT_FOUND, f"{db!r} is not a custreg database")
    chosen = choose_organisation(found, organisation)
    database = SqlDatabase(url, schema=schema, migrate=False, read_only=read_only)
    try:
        registry = registry_of(database, chosen.id, owned=True)
    except BaseException:
        database.dispose()
        raise
    return Opened(database, registry, chosen)
