"""Schema and migrations: a fresh database is created at head, an older one is upgraded (or
refused when told not to), a newer one is refused, and head is exactly ``tables.metadata``."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import text

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.schema import current_revision
from custreg.adapters.sql.schema import head_revision
from custreg.adapters.sql.schema import upgrade
from custreg.bootstrap import registry_of
from custreg.domain.errors import SchemaVersionError
from custreg.domain.errors import StorageError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId

FIRST_REVISION = "0001"


def _bare_engine(url: str, schema: str | None) -> Engine:
    """An engine that does not migrate anything by itself (to build old schemas)."""
    if schema is None:
        return create_engine(url)
    engine = create_engine(url, connect_args={"options": f"-c search_path={schema}"})
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def test_a_fresh_database_is_created_at_head(fresh_database: Any) -> None:
    database = fresh_database()
    with database.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        tables = set(inspect(connection).get_table_names())
    assert set(t.metadata.tables) <= tables


def test_head_builds_exactly_the_tables_of_the_adapter(fresh_database: Any) -> None:
    """The migrations and the ``tables`` package describe the same schema (columns, types, keys,
    indexes): nothing for autogenerate to add or drop."""
    database = fresh_database()
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, t.metadata)
    assert differences == []


def test_every_table_carries_the_organisation_key_first_in_its_indexes() -> None:
    """Isolation by construction: every table has organisation_id, and every index and key
    leads with it, so every port query is an indexed range."""
    for table in t.metadata.tables.values():
        if table.name == "organisations":
            continue
        assert "organisation_id" in table.c, table.name
        for index in table.indexes:
            assert next(iter(index.columns)).name == "organisation_id", index.name
        assert next(iter(table.primary_key.columns)).name == "organisation_id", table.name


def _database_at_first_revision(fresh_database: Any) -> tuple[str, str | None, Any]:
    url, schema = fresh_database.url_and_schema()
    engine = _bare_engine(url, schema)
    organisation_id, customer_id = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        upgrade(connection, FIRST_REVISION)
        connection.execute(insert(t.organisations).values(id=organisation_id))
        connection.execute(
            insert(t.customers).values(
                organisation_id=organisation_id,
                id=customer_id,
                number=1,
                name="Old Oy",
                name_search="old oy",
                created_at=datetime(2020, 1, 1, tzinfo=UTC),
                status="active",
                custom_fields="{}",
                is_internal=False,
                version=1,
            )
        )
    with engine.connect() as connection:
        assert current_revision(connection) == FIRST_REVISION
    engine.dispose()
    return url, schema, (organisation_id, customer_id)


def _open(url: str, schema: str | None, **options: Any) -> SqlDatabase:
    return SqlDatabase(url, schema=schema, **options) if schema else SqlDatabase(url, **options)


def test_an_older_schema_is_refused_when_migration_is_not_allowed(fresh_database: Any) -> None:
    url, schema, _ = _database_at_first_revision(fresh_database)
    with pytest.raises(SchemaVersionError) as refused:
        _open(url, schema, migrate=False)
    assert FIRST_REVISION in str(refused.value) and head_revision() in str(refused.value)
    assert "migrate=True" in str(refused.value)
    engine = _bare_engine(url, schema)
    with engine.connect() as connection:  # and it was left untouched
        assert current_revision(connection) == FIRST_REVISION
    engine.dispose()
    _drop(url, schema)


def test_an_older_schema_is_migrated_and_keeps_its_data(fresh_database: Any) -> None:
    url, schema, (organisation_id, customer_id) = _database_at_first_revision(fresh_database)
    database = _open(url, schema)
    try:
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        registry = registry_of(database, OrganisationId(organisation_id))
        with registry.uow() as uow:
            customer = uow.customers.get(CustomerId(customer_id))
            assert customer.name == "Old Oy"
            assert uow.contacts.for_customer(customer.id) == []  # a table of a later revision
    finally:
        database.dispose(drop_schema=True)


def test_a_schema_newer_than_this_custreg_is_refused(fresh_database: Any) -> None:
    database = fresh_database()
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    url = database.engine.url.render_as_string(hide_password=False)
    with pytest.raises(SchemaVersionError) as refused:
        _open(url, database.schema)
    assert "newer" in str(refused.value)


def test_an_unreachable_server_is_a_storage_error() -> None:
    with pytest.raises(StorageError) as failed:
        SqlDatabase("postgresql+psycopg://postgres@127.0.0.1:9/test")
    assert "database error" in str(failed.value)


def test_schema_names_are_checked_and_only_for_postgresql(tmp_path: Any) -> None:
    with pytest.raises(StorageError):
        SqlDatabase(f"sqlite:///{tmp_path}/x.db", schema="public")
    with pytest.raises(StorageError):
        SqlDatabase("postgresql+psycopg://postgres@127.0.0.1:9/test", schema='x"; drop')
    with pytest.raises(StorageError):
        SqlDatabase("mysql://nobody@localhost/x")


def _drop(url: str, schema: str | None) -> None:
    if schema is not None:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
