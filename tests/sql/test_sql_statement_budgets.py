"""Statement budgets of the use cases that read or write many rows besides those of
``test_sql_statement_counts.py`` (customer flows), ``tests/card`` (card tabs) and
``test_sql_data_entry_statements.py`` (bulk data entry): the KPI strip, reports and the
mass update started from one, the duplicate finder, the bulk VAT check and bulk sales-status
changes. Each runs over a registry of SMALL and of LARGE customers (each with an address, two
contacts, a project and two invoices) and must send the same number of statements: no N+1
hides behind a loop over customers, contacts, projects or invoices."""

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
from stdnum.fi import alv

from custreg.adapters.exports import CollectingSink
from custreg.adapters.similarity import RapidfuzzSimilarity
from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.business_ids import VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import ReportLevel
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.domain.vat_check import VatCheckAnswer
from custreg.domain.vat_check import VatCheckStatus
from custreg.ports.registry import Registry
from custreg.usecases.duplicates import find_duplicates
from custreg.usecases.kpis import customer_kpis
from custreg.usecases.projects import SalesStatusChange
from custreg.usecases.projects import set_sales_statuses
from custreg.usecases.reports import mass_update_report
from custreg.usecases.reports import report_customer_ids
from custreg.usecases.reports import run_report
from custreg.usecases.vat_check import check_customers_vat

SMALL, LARGE = 3, 30
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USER = UserId(uuid.UUID(int=1))
SEGMENT = MarketSegmentId(uuid.UUID(int=100))
SENT = InvoiceStatusId(uuid.UUID(int=200))
OPEN = SalesStatusId(uuid.UUID(int=300))
WON = SalesStatusId(uuid.UUID(int=301))
ADMIN = Principal(USER, CustomerPermission.ALL)


def _vat(n: int) -> VatNumber:
    candidates = (f"{1000000 + 20 * n + k:07d}{d}" for k in range(20) for d in "0123456789")
    number = next(c for c in candidates if alv.is_valid(c))
    return VatNumber.parse("FI" + number)


def _registry(database: SqlDatabase, size: int) -> Registry:
    """An organisation of ``size`` customers, each with an address, two contacts (one with a
    keyword), a project in progress and two billed invoices of this year."""
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(
        organisation_id,
        "Budget Oy",
        users=(User(USER, "Ann"),),
        market_segments=(MarketSegment(SEGMENT, "Retail"),),
        invoice_statuses=(InvoiceStatus(SENT, "Sent", is_sent=True, has_number=True),),
        sales_statuses=(
            SalesStatus(OPEN, "Offer", SalesState.IN_PROGRESS, 40),
            SalesStatus(WON, "Won", SalesState.WON),
        ),
    )
    registry = registry_of(database, organisation_id, settings=settings)
    customers = [
        Customer(
            CustomerId(uuid.uuid4()),
            CustomerNumber(n),
            f"Budget Customer {n} Oy",
            NOW,
            vat_number=_vat(n),
            market_segment_ids=frozenset({SEGMENT}),
        )
        for n in range(1, size + 1)
    ]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.customers.next_numbers(size)
        uow.addresses.add_many(
            [
                Address(
                    AddressId(uuid.uuid4()),
                    c.id,
                    "FI",
                    (f"Street {c.number.value}",),
                    "00100",
                    "Helsinki",
                    frozenset({AddressKind.VISITING}),
                )
                for c in customers
            ]
        )
        for c in customers:
            for i in range(2):
                uow.contacts.add(
                    Contact(
                        ContactId(uuid.uuid4()),
                        c.id,
                        f"First{i}",
                        f"Last{c.number.value}",
                        keywords=frozenset({"newsletter"}) if i else frozenset(),
                    )
                )
            project = Project(
                ProjectId(uuid.uuid4()),
                c.id,
                uow.projects.next_number(),
                f"Project {c.number.value}",
            ).moved_to(settings.sales_statuses[0])
            uow.projects.add(project)
        invoices = [
            Invoice(
                InvoiceId(uuid.uuid4()),
                c.id,
                SENT,
                date(2026, 3 + i, 1),
                Money(Decimal("100.50"), "EUR"),
                Money(Decimal("125.62"), "EUR"),
                number=c.number.value * 10 + i,
            )
            for c in customers
            for i in range(2)
        ]
        uow.invoices.add_many(invoices)
        uow.commit()
    return registry


def _count(database: SqlDatabase, size: int, action: Callable[[Registry], Any]) -> int:
    registry = _registry(database, size)
    with registry.uow() as uow:  # warm the settings cache, as in a running application
        uow.settings.get()
    prepare = getattr(action, "prepare", None)
    prepared = prepare(registry) if prepare is not None else None
    with statements(database) as log:
        action(registry) if prepared is None else action(registry, prepared)
    return len([s for s in log.statements if not s.startswith("ANALYZE")])


def _ids(registry: Registry) -> list[CustomerId]:
    with registry.read() as uow:
        return uow.customers.ids_matching(CustomerQuery())


class _Valid:
    """A VAT check that finds every number valid (the service's answer is not what is counted)."""

    def check(self, vat_number: VatNumber) -> VatCheckAnswer:
        return VatCheckAnswer(vat_number, VatCheckStatus.VALID, NOW)


_CUSTOMER_COLUMNS = [
    "customer.number",
    "customer.name",
    "customer.vat_number",
    "customer.market_segments",
    "customer.billing_total",
]
_CONTACT_COLUMNS = ["customer.number", "customer.name", "contact.keywords"]


def _kpis(registry: Registry) -> None:
    kpis = customer_kpis(registry, ADMIN, reference=date(2026, 11, 25))
    assert kpis.active_customers > 0


def _kpis_of_a_selection(registry: Registry) -> None:
    kpis = customer_kpis(
        registry, ADMIN, selection=CustomerQuery(text="budget"), reference=date(2026, 11, 25)
    )
    assert kpis.active_customers > 0


def _customer_report(registry: Registry) -> None:
    sink = CollectingSink()
    run_report(registry, ADMIN, ReportDefinition(ReportLevel.CUSTOMERS, _CUSTOMER_COLUMNS), sink)
    assert sink.rows


def _contact_report(registry: Registry) -> None:
    sink = CollectingSink()
    run_report(registry, ADMIN, ReportDefinition(ReportLevel.CONTACTS, _CONTACT_COLUMNS), sink)
    assert len(sink.rows) == 2 * len(_ids(registry))


def _report_customer_ids(registry: Registry) -> None:
    definition = ReportDefinition(
        ReportLevel.CONTACTS, _CONTACT_COLUMNS, ReportFilters(keyword="newsletter")
    )
    assert len(report_customer_ids(registry, ADMIN, definition)) == len(_ids(registry))


def _mass_update_from_report(registry: Registry) -> None:
    definition = ReportDefinition(ReportLevel.CUSTOMERS, _CUSTOMER_COLUMNS)
    result = mass_update_report(registry, ADMIN, ChangeStatus(CustomerStatus.INACTIVE), definition)
    assert result.selected == len(_ids(registry))


def _duplicates(registry: Registry) -> None:
    find_duplicates(registry, ADMIN, RapidfuzzSimilarity())


def _vat_checks(registry: Registry) -> None:
    ids = _ids(registry)
    assert len(check_customers_vat(registry, ADMIN, _Valid(), ids)) == len(ids)


def _projects(registry: Registry) -> list[ProjectId]:
    with registry.read() as uow:
        return [p.id for c in _ids(registry) for p in uow.projects.for_customer(c)]


def _sales_statuses(registry: Registry, projects: list[ProjectId]) -> None:
    changed = set_sales_statuses(registry, ADMIN, [SalesStatusChange(p, WON) for p in projects])
    assert len(changed) == len(projects) and all(p.probability == 100 for p in changed)


_sales_statuses.prepare = _projects  # type: ignore[attr-defined]


ACTIONS: dict[str, Callable[..., Any]] = {
    "customer_kpis": _kpis,
    "customer_kpis_of_a_selection": _kpis_of_a_selection,
    "run_report_customers": _customer_report,
    "run_report_contacts": _contact_report,
    "report_customer_ids": _report_customer_ids,
    "mass_update_report": _mass_update_from_report,
    "find_duplicates": _duplicates,
    "set_sales_statuses": _sales_statuses,
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_statements_of_many_row_use_cases_do_not_grow_with_the_data(
    database: SqlDatabase, name: str
) -> None:
    action = ACTIONS[name]
    small, large = _count(database, SMALL, action), _count(database, LARGE, action)
    assert small == large, f"{name}: {small} statements for {SMALL} customers, {large} for {LARGE}"


def test_a_mass_vat_check_costs_the_same_few_statements_per_customer(
    database: SqlDatabase,
) -> None:
    """The exception, by design: a mass VAT check asks a remote service once per customer
    (seconds each, rate-limited), so it reads each customer just before asking and records
    each answer as it arrives, in its own short transaction: a check of thousands that stops
    half-way keeps every answer it got, and no transaction waits on the network. Its cost per
    customer is a small constant, never more with more data."""
    small, large = _count(database, SMALL, _vat_checks), _count(database, LARGE, _vat_checks)
    per_customer, rest = divmod(large - small, LARGE - SMALL)
    assert rest == 0 and per_customer <= 12, (small, large)
