"""custreg's tables in a database the host attached to its SQLite connections (``schema=`` on
SQLite, docs/hosting-sql.md): an older schema filled with data is migrated there (batch
rebuilds, Alembic's ALTER statements and the migrations' own SQL all name the attached
database), while the host's main database, which has tables of custreg's names, is left exactly
as it was."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy import column
from sqlalchemy import insert
from sqlalchemy import table
from tests.sql.hostkit import sqlite_host_engine
from tests.sql.test_sql_einvoice_migration import OLD_CUSTOMERS

import custreg as cr
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.schema import current_revision
from custreg.adapters.sql.schema import head_revision
from custreg.adapters.sql.schema import upgrade

ME = cr.Principal(cr.UserId(uuid.UUID(int=1)), cr.CustomerPermission.ALL)
#: A lightweight ``table()`` does not follow ``schema_translate_map``: named outright.
OLD_IN_CRM = table("customers", *(column(c.name, c.type) for c in OLD_CUSTOMERS.c), schema="crm")
HOST_TABLES = (
    "CREATE TABLE customers (name TEXT NOT NULL, einvoice_address TEXT)",
    "CREATE TABLE counters (organisation_id TEXT, name TEXT, value INTEGER)",
    "CREATE TABLE audit_entries (seq INTEGER PRIMARY KEY, what TEXT)",
)


def _main(connection: Connection) -> list[tuple[str, str]]:
    """The host's main database: every object's definition and every row of its tables."""
    found = connection.exec_driver_sql("SELECT name, sql FROM main.sqlite_master ORDER BY name")
    objects = [(row.name, row.sql or "") for row in found]
    for name in ("customers", "counters", "audit_entries"):
        rows = connection.exec_driver_sql(f"SELECT * FROM main.{name} ORDER BY 1").fetchall()
        objects.append((name, repr(rows)))
    return objects


def test_an_older_schema_in_the_attached_database_is_migrated_there_only(
    tmp_path: Path,
) -> None:
    engine = sqlite_host_engine(tmp_path / "host.db", ("crm",))
    organisation = uuid.uuid4()
    customer = uuid.uuid4()
    try:
        with engine.begin() as connection:
            for statement in HOST_TABLES:
                connection.exec_driver_sql(statement)
            connection.exec_driver_sql("INSERT INTO customers VALUES ('Host Oy', 'host-1')")
            connection.exec_driver_sql("INSERT INTO counters VALUES ('h', 'audit_seq', 7)")
            connection.exec_driver_sql("INSERT INTO audit_entries VALUES (1, 'host')")
            before = _main(connection)
            connection.execution_options(schema_translate_map={None: "crm"})
            upgrade(connection, "0006")
            connection.execute(insert(t.organisations).values(id=organisation))
            connection.execute(
                insert(OLD_IN_CRM).values(
                    organisation_id=organisation,
                    id=customer,
                    number=1000,  # the counter, not filled here, starts at 1
                    name="Old Oy",
                    name_search="old oy",
                    created_at=datetime(2020, 1, 1, tzinfo=UTC),
                    status="active",
                    custom_fields="{}",
                    is_internal=False,
                    version=1,
                    einvoice_address="003701120389",
                    einvoice_operator="003721291126",
                )
            )
        org = cr.OrganisationId(organisation)
        settings = cr.OrganisationSettings(org, "Old Oy's host")
        opened = cr.open(engine=engine, organisation_id=org, schema="crm", settings=settings)
        with opened as registry:
            found = cr.get_customer(registry, ME, cr.CustomerId(customer))
            assert found.name == "Old Oy"
            assert [a.address for a in found.einvoice_addresses.added] == ["003701120389"]
            cr.create_customer(registry, ME, cr.CreateCustomer("New Oy"))
        with engine.connect() as connection:
            assert _main(connection) == before
            connection.execution_options(schema_translate_map={None: "crm"})
            assert current_revision(connection) == head_revision()
            names = connection.exec_driver_sql("SELECT name FROM crm.customers ORDER BY name")
            assert [row.name for row in names] == ["New Oy", "Old Oy"]
    finally:
        engine.dispose()
