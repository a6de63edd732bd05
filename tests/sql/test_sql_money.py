"""K8 on every backend: money is stored exactly, whatever its size, sign or number of decimals
(SQLite's Numeric would round large values; the adapter stores integer units of 10^-4), and it
comes back as written (``1.50`` stays ``1.50``). Sums in SQL are exact integer sums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlalchemy import select

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.rows import money_amount
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.testing import strategies as s

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
LARGEST = Decimal("99999999999999.9999")


def _with_project(registry: Any) -> ProjectId:
    customer = Customer(
        id=CustomerId(registry.ids.new_id()),
        number=CustomerNumber(1),
        name="Big Money Oy",
        created_at=registry.clock.now(),
    )
    project = Project(ProjectId(registry.ids.new_id()), customer.id, 1, "Deal")
    with registry.uow() as uow:
        uow.customers.add(customer)
        uow.projects.add(project)
        uow.commit()
    return project.id


def _settings(organisation_id: Any) -> OrganisationSettings:
    return OrganisationSettings(organisation_id, "Money Org")


@fixture_ok
@given(amounts=st.lists(s.amounts(), min_size=1, max_size=6))
def test_k8_any_amount_round_trips_exactly_and_as_written(
    registry_factory: Any, amounts: list[Decimal]
) -> None:
    registry = registry_factory(settings=_settings)
    project_id = _with_project(registry)
    entries = [
        CostEntry(
            CostEntryId(registry.ids.new_id()),
            project_id,
            CostKind.PURCHASE,
            date(2026, 1, 1),
            Money(amount, "EUR"),
        )
        for amount in amounts
    ]
    with registry.uow() as uow:
        for entry in entries:
            uow.projects.add_cost(entry)
        uow.commit()
    with registry.uow() as uow:
        stored = {e.id: e.amount.amount for e in uow.projects.costs_for(project_id)}
    for entry in entries:
        assert stored[entry.id] == entry.amount.amount
        assert str(stored[entry.id]) == str(entry.amount.amount)  # the exponent is kept too


@pytest.mark.parametrize("amount", [LARGEST, -LARGEST, Decimal("0.0001"), Decimal("1E+2")])
def test_k8_the_largest_amounts_round_trip_exactly(registry_factory: Any, amount: Decimal) -> None:
    registry = registry_factory(settings=_settings)
    project_id = _with_project(registry)
    with registry.uow() as uow:
        project = uow.projects.get(project_id)
        uow.projects.update(
            Project(
                project.id,
                project.customer_id,
                1,
                "Deal",
                expected_value=Money(amount, "EUR"),
                version=2,
            )
        )
        uow.commit()
    with registry.uow() as uow:
        expected = uow.projects.get(project_id).expected_value
    assert expected is not None
    assert expected.amount == amount
    assert str(expected.amount) == str(amount)


@fixture_ok
@given(amounts=st.lists(s.amounts(min_value=0, max_value=10**11), min_size=1, max_size=40))
def test_k8_sql_sums_of_stored_amounts_are_exact(
    database: SqlDatabase, amounts: list[Decimal]
) -> None:
    """The figure a KPI query computes (SUM of units) equals the exact Decimal sum."""
    import uuid

    organisation_id = OrganisationId(uuid.uuid4())
    registry = registry_of(database, organisation_id, settings=_settings(organisation_id))
    project_id = _with_project(registry)
    with registry.uow() as uow:
        for amount in amounts:
            uow.projects.add_cost(
                CostEntry(
                    CostEntryId(uuid.uuid4()),
                    project_id,
                    CostKind.TRAVEL,
                    date(2026, 2, 1),
                    Money(amount, "EUR"),
                )
            )
        uow.commit()
    c = t.cost_entries.c
    with database.engine.connect() as connection:
        units = connection.execute(
            select(func.sum(c.amount_units)).where(c.organisation_id == organisation_id)
        ).scalar_one()
    assert money_amount(int(units)) == sum(amounts)


def test_k8_sqlite_numeric_would_not_have_been_exact(tmp_path: Any) -> None:
    """Why integer units: SQLite stores NUMERIC as a float beyond 15 digits."""
    import sqlite3

    connection = sqlite3.connect(tmp_path / "numeric.db")
    connection.execute("CREATE TABLE t (amount NUMERIC)")
    connection.execute("INSERT INTO t VALUES (?)", (str(LARGEST),))
    (stored,) = connection.execute("SELECT amount FROM t").fetchone()
    connection.close()
    assert Decimal(str(stored)) != LARGEST


@given(st.lists(s.invoices(), max_size=6), s.ids(OrganisationId))
def test_invoice_columns_are_the_invoice_rows_a_column_at_a_time(
    invoices: list[Any], organisation_id: OrganisationId
) -> None:
    # The bulk insert's columns hold exactly the values of the one-row form, in the same order.
    from custreg.adapters.sql.rows import INVOICE_COLUMNS
    from custreg.adapters.sql.rows import invoice_columns
    from custreg.adapters.sql.rows import invoice_values

    columns = invoice_columns(organisation_id, invoices)
    assert len(columns) == len(INVOICE_COLUMNS)
    rows = [invoice_values(organisation_id, invoice) for invoice in invoices]
    assert [list(row) for row in zip(*columns, strict=True)] == [list(row) for row in rows]
    assert all(len(column) == len(invoices) for column in columns)
    for row, values in zip(zip(*columns, strict=True), rows, strict=True):
        assert [type(v) for v in row] == [type(v) for v in values]


@given(st.lists(s.money(), max_size=8))
def test_money_columns_are_the_units_and_exponents_of_each_amount(amounts: list[Money]) -> None:
    from custreg.adapters.sql.rows.encoding import money_exponent
    from custreg.adapters.sql.rows.encoding import money_exponent_column
    from custreg.adapters.sql.rows.encoding import money_units
    from custreg.adapters.sql.rows.encoding import money_units_column

    assert money_units_column(amounts) == [money_units(m) for m in amounts]
    assert money_exponent_column(amounts) == [money_exponent(m) for m in amounts]
