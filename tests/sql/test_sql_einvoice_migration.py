"""Migration 0007 (C7): a database at revision 0006, filled, upgrades keeping every customer; each
single e-invoicing address becomes the default of a one-element list, a customer without one gets
the empty list. Downgrading keeps the default. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

from alembic import command
from sqlalchemy import Engine
from sqlalchemy import String
from sqlalchemy import column
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import table
from sqlalchemy import text

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.schema import alembic_config
from custreg.adapters.sql.schema import current_revision
from custreg.adapters.sql.schema import head_revision
from custreg.adapters.sql.schema import upgrade
from custreg.bootstrap import registry_of
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId

BEFORE = "0006"
#: The customers table as revision 0006 had it (the columns this test fills).
OLD_CUSTOMERS = table(
    "customers",
    *(
        column(name, t.customers.c[name].type)
        for name in (
            "organisation_id",
            "id",
            "number",
            "name",
            "name_search",
            "created_at",
            "status",
            "custom_fields",
            "is_internal",
            "version",
        )
    ),
    column("einvoice_address", String(100)),
    column("einvoice_operator", String(100)),
)
OLD = [  # (address, operator) of each customer at 0006
    ("003701120389", "003721291126"),
    (None, None),
    ("0192:923609016", "NDEAFIHH"),
    ("FI2112345600000785", "OKOYFIHH"),
]


def _engine(url: str, schema: str | None) -> Engine:
    if schema is None:
        return create_engine(url)
    engine = create_engine(url, connect_args={"options": f"-c search_path={schema}"})
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def _filled_at_0006(url: str, schema: str | None) -> tuple[uuid.UUID, list[uuid.UUID]]:
    engine = _engine(url, schema)
    organisation_id = uuid.uuid4()
    ids = [uuid.uuid4() for _ in OLD]
    with engine.begin() as connection:
        upgrade(connection, BEFORE)
        connection.execute(insert(t.organisations).values(id=organisation_id))
        connection.execute(
            insert(OLD_CUSTOMERS),
            [
                {
                    "organisation_id": organisation_id,
                    "id": customer_id,
                    "number": number,
                    "name": f"Old {number} Oy",
                    "name_search": f"old {number} oy",
                    "created_at": datetime(2020, 1, 1, tzinfo=UTC),
                    "status": "active",
                    "custom_fields": "{}",
                    "is_internal": False,
                    "version": 1,
                    "einvoice_address": address,
                    "einvoice_operator": operator,
                }
                for number, (customer_id, (address, operator)) in enumerate(
                    zip(ids, OLD, strict=True), start=1
                )
            ],
        )
    with engine.connect() as connection:
        assert current_revision(connection) == BEFORE
    engine.dispose()
    return organisation_id, ids


def test_c7_migration_0007_turns_each_single_address_into_a_one_element_list(
    fresh_database: Any,
) -> None:
    url, schema = fresh_database.url_and_schema()
    organisation_id, ids = _filled_at_0006(url, schema)
    database = SqlDatabase(url, schema=schema) if schema else SqlDatabase(url)
    try:
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            count = connection.execute(select(func.count()).select_from(table("customers")))
            assert count.scalar_one() == len(OLD)  # no row lost
        registry = registry_of(database, OrganisationId(organisation_id))
        with registry.read() as uow:
            for customer_id, (address, operator) in zip(ids, OLD, strict=True):
                customer = uow.customers.get(CustomerId(customer_id))
                found = customer.einvoice_addresses
                if address is None:
                    assert len(found) == 0 and found.default is None
                else:
                    assert list(found) == [EInvoiceAddress(address, operator)]
                    assert found.default == EInvoiceAddress(address, operator)
                assert customer.version == 1  # the migration is no change of the customer
    finally:
        database.dispose()
    engine = _engine(url, schema)
    try:
        with engine.begin() as connection:  # and back: the default survives a downgrade
            config = alembic_config(connection)
            command.downgrade(config, BEFORE)
            rows = connection.execute(
                select(
                    OLD_CUSTOMERS.c.id,
                    OLD_CUSTOMERS.c.einvoice_address,
                    OLD_CUSTOMERS.c.einvoice_operator,
                )
            ).all()
        assert {r[0]: (r[1], r[2]) for r in rows} == dict(zip(ids, OLD, strict=True))
    finally:
        if schema is not None:
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
