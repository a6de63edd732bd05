"""Contracts of the read-model pushdowns: a host's KPI queries and card queries give exactly what
the core's defaults (``custreg.usecases.read_models``) compute from its repositories, on
generated customers, projects, cost entries and invoices.

Both need the projects and invoices capabilities to have data to compare, and a pushdown to
compare (``Registry.kpis``, ``Registry.cards``); without them the tests are skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.card import Figure
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import Period
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _numbered
from custreg.testing.contracts._support import _unique_customers
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import require_offered
from custreg.testing.contracts._support import skipped_unless
from custreg.testing.contracts._support import stored
from custreg.usecases.read_models.cards import RepositoryCardQueries
from custreg.usecases.read_models.kpis import repository_kpis


@attrs.frozen
class World:
    """Generated data of one organisation: customers with projects, costs and invoices."""

    customers: list[Customer]
    projects: list[Project]
    costs: list[CostEntry]
    invoices: list[Invoice]
    #: The day the figures are asked about; invoices and costs are dated around it.
    day: date


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """Up to four customers, each with up to two projects (with cost entries) and invoices that
    may link to its projects."""
    day = draw(s.dates())
    near = st.integers(-400, 400).map(lambda offset: day + timedelta(days=offset))
    customers = draw(_unique_customers(1, 4))
    projects: list[Project] = []
    costs: list[CostEntry] = []
    invoices: list[Invoice] = []
    for customer in customers:
        own = draw(
            st.lists(s.projects(customer.id, SETTINGS), max_size=2, unique_by=lambda p: p.id)
        )
        projects.extend(attrs.evolve(p, version=1) for p in own)
        for project in own:
            entries = draw(st.lists(s.cost_entries(project.id, SETTINGS.currency), max_size=2))
            costs.extend(attrs.evolve(e, on=draw(near)) for e in entries)
        links = [p.id for p in own]
        drawn = draw(st.lists(s.invoices(customer.id, SETTINGS, links), max_size=3))
        invoices.extend(attrs.evolve(i, on=draw(near)) for i in drawn)
    return World(customers, projects, costs, _unique(invoices), day)


def _unique(invoices: list[Invoice]) -> list[Invoice]:
    """Invoices with distinct ids and numbers (a number is unique in a registry)."""
    ids: set[object] = set()
    numbers: set[object] = set()
    kept = []
    for invoice in invoices:
        if invoice.id in ids or (invoice.number is not None and invoice.number in numbers):
            continue
        ids.add(invoice.id)
        numbers.add(invoice.number)
        kept.append(invoice)
    return kept


def store(registry: Registry, world: World) -> World:
    """Store ``world`` (customers and projects under numbers the registry hands out)."""

    def add(uow: UnitOfWork) -> World:
        customers = _numbered(uow, world.customers)
        projects = []
        for project in world.projects:
            numbered = attrs.evolve(project, number=uow.projects.next_number())
            uow.projects.add(numbered)
            projects.append(numbered)
        for entry in world.costs:
            uow.projects.add_cost(entry)
        for invoice in world.invoices:
            uow.invoices.add(invoice)
        return World(customers, projects, world.costs, world.invoices, world.day)

    return stored(registry, add)


def _offers_projects_and_invoices(uow: UnitOfWork) -> None:
    for capability in ("projects", "invoices"):
        getattr(uow, capability)


def _pushdown_offered(pushdown: str, label: str) -> Callable[[RegistryFactory], None]:
    """Skip without the registry's ``pushdown`` (``kpis`` or ``cards``), or without the projects
    and invoices it reads."""

    def offered(registry_factory: RegistryFactory) -> None:
        if getattr(fresh(registry_factory), pushdown) is None:
            pytest.skip(f"the adapter has no {label} pushdown: the core default is used")
        require_offered(registry_factory, _offers_projects_and_invoices)

    return offered


def _principals(world: World) -> list[Principal]:
    """Everyone sees all; one sees only their own invoices; one sees no money at all."""
    owners = [i.owner_id for i in world.invoices if i.owner_id is not None]
    own = owners[0] if owners else UserId(uuid.uuid4())
    return [
        Principal(UserId(uuid.uuid4()), CustomerPermission.ALL),
        Principal(own, CustomerPermission.READ_ONLY, invoices=InvoiceAccess.OWN),
        Principal(UserId(uuid.uuid4()), CustomerPermission.READ_ONLY),
    ]


@skipped_unless(_pushdown_offered("kpis", "KPI"))
class KpiQueriesContract:
    """``Registry.kpis``: each of the four KPI questions equals the core default (K1-K8)."""

    @each_example(
        world=worlds(), before=st.integers(-400, 0), days=st.integers(1, 800), data=st.data()
    )
    def test_k7_kpi_pushdown_equals_the_core_default(
        self, registry: Registry, world: World, before: int, days: int, data: st.DataObject
    ) -> None:
        world = store(registry, world)
        start = world.day + timedelta(days=before)
        period = Period(start, start + timedelta(days=days))
        month = Period(world.day.replace(day=1), world.day + timedelta(days=1))
        some = data.draw(st.sets(st.sampled_from([c.id for c in world.customers])))
        queries = [
            CustomerQuery(),
            CustomerQuery(status=CustomerStatus.ACTIVE),
            CustomerQuery(ids=frozenset(some)),
        ]
        visibilities = [InvoiceVisibility.of(p) for p in _principals(world)]
        assert registry.kpis is not None
        with registry.kpis() as pushdown, repository_kpis(registry.read)() as default:
            assert pushdown.settings() == default.settings()
            for query in queries:
                assert pushdown.active_customers(query) == default.active_customers(query)
                assert pushdown.total_cost(period, query) == default.total_cost(period, query)
                for visibility in visibilities:
                    assert pushdown.prospects(query, visibility) == default.prospects(
                        query, visibility
                    )
                    if visibility is not None:
                        both = (period, month)  # overlapping or apart, in one call
                        assert pushdown.billing(both, query, visibility) == default.billing(
                            both, query, visibility
                        )


@skipped_unless(_pushdown_offered("cards", "card"))
class CardQueriesContract:
    """``Registry.cards``: every tab and drill-down equals the core default."""

    @each_example(world=worlds())
    def test_card_pushdown_equals_the_core_default(self, registry: Registry, world: World) -> None:
        world = store(registry, world)
        now = datetime.combine(world.day, time(12), tzinfo=UTC)
        pushdown = registry.cards
        assert pushdown is not None
        default = RepositoryCardQueries(registry.read)
        for customer in world.customers:
            cid = customer.id
            assert pushdown.contacts_tab(cid) == default.contacts_tab(cid)
            assert pushdown.collaboration_tab(cid) == default.collaboration_tab(cid)
            assert pushdown.settings_tab(cid) == default.settings_tab(cid)
            for who in _principals(world):
                assert pushdown.sales_tab(cid, who) == default.sales_tab(cid, who)
                if not who.sees_money:
                    continue
                assert pushdown.financials_tab(cid, now, who) == default.financials_tab(
                    cid, now, who
                )
                for figure in Figure:
                    month = now.date().replace(day=1)
                    assert pushdown.financials_drilldown(
                        cid, month, figure, who
                    ) == default.financials_drilldown(cid, month, figure, who)


class ReadModelContract(KpiQueriesContract, CardQueriesContract):
    """Both read-model pushdowns against the core defaults."""


__all__ = [
    "CardQueriesContract",
    "KpiQueriesContract",
    "ReadModelContract",
    "World",
    "store",
    "worlds",
]
