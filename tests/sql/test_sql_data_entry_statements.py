"""The bulk data-entry forms are set-based: the statements ``record_invoices``,
``record_cost_entries``, ``record_proposals`` and ``set_sales_statuses`` send do not grow with
the number of rows (nor with the customers and projects they name), on SQLite and PostgreSQL
(whose bulk path turns to COPY from 100 rows on: still one statement)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlkit import statements

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.entry import NewCostEntry
from custreg.domain.entry import NewInvoice
from custreg.domain.entry import NewProposal
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.project import Project
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.costs import record_cost_entries
from custreg.usecases.invoices import record_invoices
from custreg.usecases.projects import SalesStatusChange
from custreg.usecases.projects import set_sales_statuses
from custreg.usecases.proposals import record_proposals

SMALL, LARGE = 3, 150
USER = UserId(uuid.UUID(int=1))
ADMIN = Principal(USER, CustomerPermission.ALL)
SENT, DRAFT = InvoiceStatusId(uuid.UUID(int=10)), InvoiceStatusId(uuid.UUID(int=11))
WON = SalesStatusId(uuid.UUID(int=12))
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 2)

Layout = list[tuple[CustomerId, ProjectId]]


def _registry(database: SqlDatabase, size: int) -> tuple[Registry, Layout]:
    """An organisation with ``size`` customers of one project each."""
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(
        organisation_id,
        "Counted Oy",
        users=(User(USER, "Ann"),),
        invoice_statuses=(InvoiceStatus(SENT, "Sent", is_sent=True), InvoiceStatus(DRAFT, "D")),
        sales_statuses=(SalesStatus(WON, "Won", SalesState.WON),),
    )
    registry = registry_of(database, organisation_id, settings=settings)
    customers = [
        Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"Customer {n}", NOW)
        for n in range(1, size + 1)
    ]
    projects = [Project(ProjectId(uuid.uuid4()), c.id, n, "P") for n, c in enumerate(customers)]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.customers.next_numbers(size)
        for project in projects:
            uow.projects.add(project)
        uow.commit()
    return registry, [(c.id, p.id) for c, p in zip(customers, projects, strict=True)]


def _invoices(registry: Registry, layout: Layout) -> None:
    rows = [
        NewInvoice(
            customer,
            SENT if n % 2 else DRAFT,
            DAY,
            Money(Decimal(n), "EUR"),
            Money(Decimal(n), "EUR"),
            number=n + 1,
            project_ids=(project,),
            owner_id=USER,
        )
        for n, (customer, project) in enumerate(layout)
    ]
    assert len(record_invoices(registry, ADMIN, rows)) == len(layout)


def _costs(registry: Registry, layout: Layout) -> None:
    rows = [NewCostEntry(p, "travel", DAY, Decimal(n)) for n, (_, p) in enumerate(layout)]
    assert len(record_cost_entries(registry, ADMIN, rows)) == len(layout)


def _proposals(registry: Registry, layout: Layout) -> None:
    rows = [NewProposal(p, f"Offer {n}") for n, (_, p) in enumerate(layout)]
    assert len(record_proposals(registry, ADMIN, rows)) == len(layout)


def _sales_statuses(registry: Registry, layout: Layout) -> None:
    changes = [SalesStatusChange(p, WON) for _, p in layout]
    assert len(set_sales_statuses(registry, ADMIN, changes)) == len(layout)


def _count(database: SqlDatabase, size: int, action: Callable[[Registry, Layout], Any]) -> int:
    registry, layout = _registry(database, size)
    with registry.uow() as uow:  # warm the settings cache, as in a running application
        uow.settings.get()
    with statements(database) as log:
        action(registry, layout)
    # ANALYZE after bulk inserts (PostgreSQL) runs only when a table has doubled (maintenance).
    return len([s for s in log.statements if not s.startswith("ANALYZE")])


@pytest.mark.parametrize(
    "action",
    [_invoices, _costs, _proposals, _sales_statuses],
    ids=["record_invoices", "record_cost_entries", "record_proposals", "set_sales_statuses"],
)
def test_bulk_entry_statements_do_not_grow_with_the_rows(
    database: SqlDatabase, action: Callable[[Registry, Layout], Any]
) -> None:
    small, large = _count(database, SMALL, action), _count(database, LARGE, action)
    assert small == large
    assert small <= 16  # each audit write draws its numbers from the organisation's counter
