"""The duplicate checks (C4) search the VAT number and business id indexes even in a new SQLite
database, which has no statistics (SQLite never analyses by itself): with ``ORDER BY number`` the
planner preferred to walk the organisation's customers in number order, one full scan per
created customer and per imported batch. SQLite only: PostgreSQL plans by its statistics, which
the adapter keeps current while tables grow (see ``GrowthTracker``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer

USER = UserId(uuid.UUID(int=1))
ADMIN = Principal(USER, CustomerPermission.ALL)
NOW = datetime(2026, 11, 25, tzinfo=UTC)


@contextmanager
def _customer_selects(database: SqlDatabase) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT on ``customers`` sent while the block runs, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().startswith("SELECT") and "FROM customers" in statement:
            seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def _plans(database: SqlDatabase, selects: list[tuple[str, Any]]) -> list[str]:
    raw = database.engine.raw_connection()
    try:
        return [
            " / ".join(row[3] for row in raw.cursor().execute(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in selects
        ]
    finally:
        raw.close()


def test_c4_duplicate_checks_search_the_tax_id_indexes_without_statistics(
    fresh_database: Any,
) -> None:
    database: SqlDatabase = fresh_database()
    if database.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans by statistics the adapter keeps current")
    organisation = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(organisation, "Plans Oy", users=(User(USER, "Ann"),))
    registry = registry_of(database, organisation, settings=settings)
    with registry.uow() as uow:
        uow.customers.add_many(
            [
                Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"Stored {n}", NOW)
                for n in range(1, 301)
            ]
        )
        uow.customers.next_numbers(300)
        uow.commit()
    with _customer_selects(database) as selects:
        create_customer(registry, ADMIN, CreateCustomer("Nokia Oyj", vat_number="FI01120389"))
        report = import_customers(
            registry, ADMIN, [{"name": "Equinor ASA", "vat_number": "NO923609016MVA"}]
        )
    assert report.ok
    checks = [
        p
        for (sql, _), p in zip(selects, _plans(database, selects), strict=True)
        if "_compact" in sql
    ]
    assert len(checks) == 3  # create: VAT number, business id; import: both in one statement
    for plan in checks:
        assert "SCAN customers" not in plan, plan
        assert "(organisation_id=?)" not in plan, plan  # not a walk over the whole organisation
