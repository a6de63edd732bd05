"""Where a migration's tables are: the schema custreg's tables live in when the connection maps
them there with SQLAlchemy's ``schema_translate_map`` (an attached SQLite database), else None.

SQLAlchemy statements and DDL (``op.create_table``, ``op.create_index``, batch copies) follow the
map on their own; Alembic's ALTER statements and raw SQL do not, so a migration names the schema
for them: ``op.batch_alter_table(name, schema=schema())`` and ``qualified(name)`` in raw SQL.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection


def mapped_schema(connection: Connection) -> str | None:
    """The schema ``connection`` maps custreg's (schema-less) tables to, if any."""
    mapped: dict[str | None, str | None] = (
        connection.get_execution_options().get("schema_translate_map") or {}
    )
    return mapped.get(None)


def schema() -> str | None:
    """The schema the migration's connection maps custreg's tables to, if any."""
    return mapped_schema(op.get_bind())


def qualified(table: str) -> str:
    """``table``, quoted and qualified by ``schema()`` if any, for raw SQL in a migration."""
    preparer = op.get_bind().dialect.identifier_preparer
    name = preparer.quote(table)
    mapped = schema()
    return name if mapped is None else f"{preparer.quote_schema(mapped)}.{name}"
