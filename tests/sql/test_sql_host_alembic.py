"""custreg's migrations inside a host's own Alembic environment (the recipe of
docs/hosting-sql.md): the host's env.py calls ``custreg.upgrade_sql(connection)`` on the very
connection its migrations run on, in the same transaction; custreg's revision goes to its own
version table (``custreg_alembic_version``), the host's to its own. Run on SQLite (custreg's
tables in the host's database or in a database it attached) and PostgreSQL (custreg's tables in
a schema of the host's choice)."""

from __future__ import annotations

import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy import inspect
from sqlalchemy import text
from tests.sql.hostkit import host_engine

import custreg as cr
from custreg.adapters.sql.schema import head_revision

ORG = cr.OrganisationId(uuid.UUID(int=0xA1E))
ME = cr.Principal(cr.UserId(uuid.UUID(int=1)), cr.CustomerPermission.ALL)

#: The host's env.py, as docs/hosting-sql.md gives it (plus the test's names).
ENV_PY = """
from alembic import context

import custreg

connection = context.config.attributes["connection"]
names = context.config.attributes["names"]
context.configure(connection=connection, version_table=names["version_table"])
with context.begin_transaction():
    # custreg's tables first (the host's may refer to them), in the same transaction
    if names["in_env"]:
        custreg.upgrade_sql(connection, schema=names["schema"])
    context.run_migrations()
"""

HOST_MIGRATION = """
from alembic import op
import sqlalchemy as sa

revision = "h001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not {in_env}:  # the other recipe: a host migration brings custreg up to date
        import custreg

        custreg.upgrade_sql(op.get_bind(), schema={schema!r})
    op.create_table(
        "{orders}",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("{orders}")
"""


@pytest.fixture(
    params=[
        ("sqlite", True),
        ("sqlite-attached", True),
        ("postgres", True),
        ("sqlite", False),
        ("sqlite-attached", False),
        ("postgres", False),
    ],
    ids=[
        "sqlite-env",
        "sqlite-attached-env",
        "postgres-env",
        "sqlite-migration",
        "sqlite-attached-migration",
        "postgres-migration",
    ],
)
def host(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, Config, dict]]:
    """The host's engine and its Alembic configuration (one migration of its own); custreg's
    migrations run from the host's env.py, or from within the host's migration."""
    kind, in_env = request.param
    with host_engine(kind, tmp_path) as (engine, schema):
        suffix = schema or "sqlite"
        names = {
            "schema": schema,
            "version_table": f"host_version_{suffix}",
            "orders": f"host_orders_{suffix}",
            "in_env": in_env,
        }
        folder = tmp_path / "host_migrations"
        (folder / "versions").mkdir(parents=True)
        (folder / "env.py").write_text(textwrap.dedent(ENV_PY))
        (folder / "versions" / "h001_orders.py").write_text(HOST_MIGRATION.format(**names))
        config = Config()
        config.set_main_option("script_location", str(folder))
        config.attributes["names"] = names
        try:
            yield engine, config, names
        finally:
            with engine.connect() as connection:
                connection.execute(text(f'DROP TABLE IF EXISTS "{names["version_table"]}"'))
                connection.execute(text(f'DROP TABLE IF EXISTS "{names["orders"]}"'))
                connection.commit()


def _upgrade(engine: Engine, config: Config) -> None:
    """The host runs ``alembic upgrade head`` on one connection, one transaction."""
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def test_hosts_alembic_runs_our_migrations_with_its_own(host: tuple[Engine, Config, dict]) -> None:
    engine, config, names = host
    _upgrade(engine, config)
    schema = names["schema"]
    with engine.connect() as connection:
        tables = inspect(connection)
        assert tables.has_table(names["orders"])  # the host's migration ran (after ours)
        assert tables.has_table("customers", schema=schema)
        if schema is not None and engine.dialect.name == "sqlite":  # nothing of ours in main
            main = connection.exec_driver_sql(
                "SELECT name FROM main.sqlite_master WHERE type = 'table'"
            )
            assert {row.name for row in main} == {names["orders"], names["version_table"]}
        versions = f'SELECT version_num FROM "{names["version_table"]}"'
        assert connection.execute(text(versions)).scalars().all() == ["h001"]
        table = f'"{schema}".custreg_alembic_version' if schema else "custreg_alembic_version"
        ours = connection.execute(text(f"SELECT version_num FROM {table}"))
        assert ours.scalars().all() == [head_revision()]
    # the registry opens on it without migrating anything
    with engine.connect() as connection, connection.begin():
        registry = cr.open(
            connection=connection,
            organisation_id=ORG,
            schema=schema,
            settings=cr.OrganisationSettings(ORG, "Host Oy"),
            migrate=False,
        )
        with registry:
            cr.create_customer(registry, ME, cr.CreateCustomer("Migrated Oy"))
    # a second upgrade is a no-op for both histories
    _upgrade(engine, config)
    with engine.connect() as connection:
        count = connection.execute(text(f"SELECT count(*) FROM {_customers(schema)}"))
        assert count.scalar_one() == 1


def test_upgrade_sql_rolls_back_with_the_hosts_transaction(
    host: tuple[Engine, Config, dict],
) -> None:
    engine, _config, names = host
    with engine.connect() as connection:
        with connection.begin() as transaction:
            cr.upgrade_sql(connection, schema=names["schema"])
            assert inspect(connection).has_table("customers", schema=names["schema"])
            transaction.rollback()
        assert not inspect(connection).has_table("customers", schema=names["schema"])


def test_upgrade_sql_needs_the_hosts_transaction(host: tuple[Engine, Config, dict]) -> None:
    engine, _config, names = host
    with engine.connect() as connection, pytest.raises(cr.StorageError, match="transaction"):
        cr.upgrade_sql(connection, schema=names["schema"])


def _customers(schema: str | None) -> str:
    return f'"{schema}".customers' if schema else "customers"
