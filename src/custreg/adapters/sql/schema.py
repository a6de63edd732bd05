"""Bringing a database to the schema this custreg needs, with the migrations shipped in the package.

A fresh database is created at head; an older one is upgraded when ``migrate`` is true and refused
with SchemaVersionError otherwise; a newer one (written by a newer custreg) is always refused.
"""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy import inspect

from custreg.adapters.sql.migrations.naming import mapped_schema
from custreg.domain.errors import SchemaVersionError

SCRIPT_LOCATION = "custreg.adapters.sql:migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config for the shipped migrations, running on ``connection``."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def script_directory() -> ScriptDirectory:
    """The shipped migrations (loaded once)."""
    return _script()


def head_revision() -> str:
    """The newest schema revision this custreg knows."""
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: no custreg schema yet)."""
    opts = {"version_table_schema": mapped_schema(connection)}
    return MigrationContext.configure(connection, opts=opts).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``connection`` (inside its transaction)."""
    command.upgrade(alembic_config(connection), revision)


def ensure_schema(connection: Connection, migrate: bool) -> None:
    """Create, check or upgrade the schema; see the module docstring."""
    current, head = current_revision(connection), head_revision()
    if current == head:
        return
    if current is None:
        if inspect(connection).has_table("customers", schema=mapped_schema(connection)):
            raise SchemaVersionError(
                "the database has custreg tables but no schema version (alembic_version); "
                "it was not created by custreg's migrations and cannot be used"
            )
        upgrade(connection)
        return
    known = {script.revision for script in _script().walk_revisions()}
    if current not in known:
        raise SchemaVersionError(
            f"the database schema is at revision {current}, which this custreg does not know "
            f"(its newest is {head}): it was written by a newer custreg; upgrade custreg"
        )
    if not migrate:
        raise SchemaVersionError(
            f"the database schema is at revision {current} but this custreg needs {head}; "
            "open it with migrate=True to upgrade it (back it up first)"
        )
    upgrade(connection)
