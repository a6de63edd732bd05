"""Alembic environment: runs on the connection custreg passes in (inside its transaction)."""

from __future__ import annotations

from alembic import context

from custreg.adapters.sql.migrations.naming import mapped_schema
from custreg.adapters.sql.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table_schema=mapped_schema(connection),  # reflection ignores schema_translate_map
)
with context.begin_transaction():
    context.run_migrations()
