"""PostgreSQL row-level security by organisation: defence in depth under the queries' own filter.

Every query of a use case already names its organisation; with row-level security switched on
(``SqlDatabase(..., row_level_security=True)``, ``custreg.open(..., row_level_security=True)``)
PostgreSQL checks it too. Each table holding ``organisation_id`` gets the policy
``custreg_organisation``: a row is visible, and may be written, only when its ``organisation_id``
is the one the current transaction declared. Every unit of work declares its organisation first
(``set_config('custreg.organisation_id', ..., true)``, local to its transaction), so a statement
that forgot its filter sees, changes and inserts only the unit of work's own organisation's rows.

Outside a unit of work nothing is declared and the policy does not restrict: migrations,
registering an organisation and a host's own maintenance run as before. Superusers and roles
with ``BYPASSRLS`` are never restricted by PostgreSQL: the application must connect as an
ordinary role for the policies to apply (``FORCE`` makes them apply to the tables' owner too).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy import text

from custreg.adapters.sql import tables as t
from custreg.domain.errors import StorageError
from custreg.domain.ids import OrganisationId

#: The name of the policy on every table, and of the transaction setting it reads.
POLICY = "custreg_organisation"
SETTING = "custreg.organisation_id"

_DECLARED = f"NULLIF(current_setting('{SETTING}', true), '')"
_RULE = f"({_DECLARED} IS NULL OR organisation_id = {_DECLARED}::uuid)"


def guarded_tables() -> list[str]:
    """The tables the policy guards: every table with an ``organisation_id`` column."""
    return [table.name for table in t.metadata.sorted_tables if "organisation_id" in table.c]


def _qualified(name: str, schema: str | None) -> str:
    return f'"{schema}"."{name}"' if schema else f'"{name}"'


def switch_on(connection: Connection, schema: str | None = None) -> None:
    """Create the policy on every guarded table of ``schema`` (None: the search path's),
    replacing an older one, and enable and force row-level security there, in the connection's
    transaction. Idempotent. PostgreSQL only; the connection's role must own the tables."""
    if connection.dialect.name != "postgresql":
        raise StorageError("row-level security needs PostgreSQL")
    for table in (_qualified(name, schema) for name in guarded_tables()):
        connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {table}"))
        connection.execute(
            text(f"CREATE POLICY {POLICY} ON {table} USING {_RULE} WITH CHECK {_RULE}")
        )
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"))


def is_on(connection: Connection, schema: str | None = None) -> bool:
    """True if every guarded table of ``schema`` (None: the current schema) has the policy and
    enforced row-level security: then opening needs no DDL, so an application role that does
    not own the tables opens a database its owner switched on."""
    found = connection.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = :policy "
            "WHERE n.nspname = COALESCE(:schema, current_schema()) "
            "AND c.relrowsecurity AND c.relforcerowsecurity"
        ),
        {"policy": POLICY, "schema": schema},
    )
    return set(guarded_tables()) <= {row[0] for row in found}


def switch_off(connection: Connection, schema: str | None = None) -> None:
    """Drop the policy and disable row-level security on every guarded table. Idempotent."""
    if connection.dialect.name != "postgresql":
        raise StorageError("row-level security needs PostgreSQL")
    for table in (_qualified(name, schema) for name in guarded_tables()):
        connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {table}"))
        connection.execute(text(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"))


def declare(connection: Connection, organisation_id: OrganisationId) -> None:
    """Declare the transaction's organisation (until it ends) for the policies to check."""
    connection.execute(
        text("SELECT set_config(:name, :value, true)"),
        {"name": SETTING, "value": str(organisation_id)},
    )
