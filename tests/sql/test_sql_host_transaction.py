"""custreg inside the host's own transaction (custreg.open(connection=...)): every unit of work
joins the host's open transaction in a SAVEPOINT and never commits it. The host's rollback undoes
custreg's writes, its commit keeps them, a failing unit of work undoes only its own savepoint, and
custreg's tables live in the host's chosen schema (PostgreSQL: a schema, the host's search_path
left as it was; SQLite: an attached database, nothing of custreg's in the host's main one). Run
on SQLite (the pysqlite recipe of docs/hosting-sql.md), without and with an attached database for
custreg, and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import inspect
from sqlalchemy import text
from tests.sql.hostkit import host_engine

import custreg as cr
from custreg.adapters.sql.tables import metadata

ORG = cr.OrganisationId(uuid.UUID(int=0xC0FFEE))
OTHER = cr.UserId(uuid.UUID(int=2))
SETTINGS = cr.OrganisationSettings(ORG, "Host Oy", users=(cr.User(OTHER, "Otto Other"),))
ME = cr.Principal(cr.UserId(uuid.UUID(int=1)), cr.CustomerPermission.ALL)


@pytest.fixture(params=["sqlite", "sqlite-attached", "postgres"])
def host(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, str | None]]:
    """The host's engine and the schema it chose for custreg (PostgreSQL schema or attached
    SQLite database), custreg's tables created and committed by the host, and the host's own
    table ``host_orders_<schema>``. With an attached database the host's main database also
    has a ``customers`` table of its own, which custreg must never touch."""
    with host_engine(request.param, tmp_path) as (engine, schema):
        with engine.connect() as connection, connection.begin():
            if request.param == "sqlite-attached":
                connection.execute(text("CREATE TABLE customers (host_name TEXT NOT NULL)"))
                connection.execute(text("INSERT INTO customers VALUES ('the host''s own')"))
            cr.upgrade_sql(connection, schema=schema)
            connection.execute(text(f"CREATE TABLE {_orders(schema)} (note TEXT NOT NULL)"))
        yield engine, schema


def _open(connection: Connection, schema: str | None) -> cr.Registry:
    """custreg's registry over the host's connection, in the host's open transaction."""
    return cr.open(connection=connection, organisation_id=ORG, schema=schema, settings=SETTINGS)


def _orders(schema: str | None) -> str:
    return f"host_orders_{schema or 'sqlite'}"


def _names(engine: Engine, schema: str | None) -> list[str]:
    """The customers custreg sees from a fresh host transaction."""
    with engine.connect() as connection, connection.begin(), _open(connection, schema) as registry:
        page = cr.list_customers(registry, ME, cr.CustomerQuery())
        return sorted(c.name for c in page.items)


def _host_notes(connection: Connection, schema: str | None) -> list[str]:
    rows = connection.execute(text(f"SELECT note FROM {_orders(schema)} ORDER BY note"))
    return [row.note for row in rows]


def test_host_rollback_undoes_our_writes(host: tuple[Engine, str | None]) -> None:
    engine, schema = host
    with engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(text(f"INSERT INTO {_orders(schema)} VALUES ('order 1')"))
        with _open(connection, schema) as registry:
            cr.create_customer(registry, ME, cr.CreateCustomer("Rolled Back Oy"))
            assert [c.name for c in cr.list_customers(registry, ME, cr.CustomerQuery()).items] == [
                "Rolled Back Oy"
            ]
        assert transaction.is_active  # custreg neither committed nor ended it
        transaction.rollback()
        assert _host_notes(connection, schema) == []
        connection.rollback()
    assert _names(engine, schema) == []


def test_host_commit_keeps_our_writes(host: tuple[Engine, str | None]) -> None:
    engine, schema = host
    with engine.connect() as connection, connection.begin():
        connection.execute(text(f"INSERT INTO {_orders(schema)} VALUES ('order 1')"))
        with _open(connection, schema) as registry:
            cr.create_customer(registry, ME, cr.CreateCustomer("Kept Oy"))
    assert _names(engine, schema) == ["Kept Oy"]
    with engine.connect() as connection:
        assert _host_notes(connection, schema) == ["order 1"]


def test_a_failing_unit_of_work_rolls_back_only_its_savepoint(
    host: tuple[Engine, str | None],
) -> None:
    engine, schema = host
    with engine.connect() as connection, connection.begin():
        connection.execute(text(f"INSERT INTO {_orders(schema)} VALUES ('before')"))
        with _open(connection, schema) as registry:
            kept = cr.create_customer(registry, ME, cr.CreateCustomer("Kept Oy"))
            with pytest.raises(RuntimeError), registry.uow() as uow:
                renamed = attrs.evolve(kept, name="Renamed Oy", version=kept.version + 1)
                uow.customers.update(renamed)
                raise RuntimeError("the use case fails after writing")
            # a statement that fails in the database: on PostgreSQL it would abort the host's
            # whole transaction, were it not inside our savepoint
            with pytest.raises(cr.CustregError), registry.uow() as uow:
                uow.execute(text("SELECT no_such_column FROM customers"))  # type: ignore[attr-defined]
            cr.create_customer(registry, ME, cr.CreateCustomer("After Oy"))
        connection.execute(text(f"INSERT INTO {_orders(schema)} VALUES ('after')"))
    assert _names(engine, schema) == ["After Oy", "Kept Oy"]
    with engine.connect() as connection:
        assert _host_notes(connection, schema) == ["after", "before"]


def test_numbers_drawn_in_a_rolled_back_savepoint_are_not_reused(
    host: tuple[Engine, str | None],
) -> None:
    """C3 inside the host's transaction: the drawn counter stays moved after our rollback, and
    the host's commit keeps it."""
    engine, schema = host
    with engine.connect() as connection, connection.begin(), _open(connection, schema) as registry:
        first = cr.create_customer(registry, ME, cr.CreateCustomer("First Oy"))
        with pytest.raises(RuntimeError), registry.uow() as uow:
            uow.draw("customer_number")  # type: ignore[attr-defined]
            raise RuntimeError("rolled back after drawing a number")
        second = cr.create_customer(registry, ME, cr.CreateCustomer("Second Oy"))
    assert _number(second) > _number(first) + 1


def _number(customer: cr.Customer) -> int:
    assert customer.number is not None
    return customer.number.value


def test_a_connection_outside_a_transaction_is_refused(host: tuple[Engine, str | None]) -> None:
    engine, schema = host
    with engine.connect() as connection, pytest.raises(cr.StorageError, match="transaction"):
        _open(connection, schema)


def test_our_tables_live_in_the_hosts_schema_and_its_search_path_is_kept(
    host: tuple[Engine, str | None],
) -> None:
    engine, schema = host
    if schema is None or engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL schemas; SQLite's attached ones are tested below")
    with engine.connect() as connection, connection.begin():
        before = connection.execute(text("SHOW search_path")).scalar_one()
        with _open(connection, schema) as registry:
            cr.create_customer(registry, ME, cr.CreateCustomer("Schema Oy"))
            assert connection.execute(text("SHOW search_path")).scalar_one() == before
        tables = inspect(connection)
        assert tables.has_table("customers", schema=schema)
        assert tables.has_table("custreg_alembic_version", schema=schema)
        assert not tables.has_table("customers", schema="public")
        count = connection.execute(text(f'SELECT count(*) FROM "{schema}".customers'))
        assert count.scalar_one() == 1


def _sqlite_master(connection: Connection, database: str) -> set[tuple[str, str]]:
    rows = connection.exec_driver_sql(f"SELECT type, name FROM {database}.sqlite_master")
    return {(row.type, row.name) for row in rows if not row.name.startswith("sqlite_")}


def test_our_tables_live_in_the_attached_sqlite_database_only(
    host: tuple[Engine, str | None],
) -> None:
    engine, schema = host
    if schema is None or engine.dialect.name != "sqlite":
        pytest.skip("SQLite with an attached database for custreg")
    with engine.connect() as connection, connection.begin():
        with _open(connection, schema) as registry:
            made = cr.create_customer(registry, ME, cr.CreateCustomer("Attached Oy"))
            moved = cr.mass_update(  # the bulk paths write raw SQL, qualified by hand
                registry, ME, cr.MassUpdate.of_ids(cr.ChangeOwner(OTHER), [made.id])
            )
            assert [o.customer_id for o in moved.outcomes] == [made.id]
            assert cr.get_customer(registry, ME, made.id).owner_id == OTHER
        assert connection.get_execution_options().get("schema_translate_map") is None
        main = _sqlite_master(connection, "main")
        ours = _sqlite_master(connection, schema)
        assert main == {("table", "customers"), ("table", _orders(schema))}
        assert {name for kind, name in ours if kind == "table"} == set(metadata.tables) | {
            "custreg_alembic_version"
        }
        assert {name for kind, name in ours if kind == "index"} >= {
            index.name for table in metadata.tables.values() for index in table.indexes
        }
        host_rows = connection.exec_driver_sql("SELECT host_name FROM main.customers")
        assert [row.host_name for row in host_rows] == ["the host's own"]
        names = connection.exec_driver_sql(f"SELECT name FROM {schema}.customers")
        assert [row.name for row in names] == ["Attached Oy"]


def test_an_sqlite_schema_that_is_not_attached_is_refused(
    host: tuple[Engine, str | None],
) -> None:
    engine, _ = host
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite")
    for name in ("not_attached", "main", "temp"):
        with engine.connect() as connection, connection.begin():
            before = _sqlite_master(connection, "main")
            with pytest.raises(cr.StorageError, match="attach"):
                _open(connection, name)
            with pytest.raises(cr.StorageError, match="attach"):
                cr.upgrade_sql(connection, schema=name)
            assert _sqlite_master(connection, "main") == before
