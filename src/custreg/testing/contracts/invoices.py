"""Contracts of the invoices capability, and of the bulk data-entry methods (projects and
invoices)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import partial

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.values import Money
from custreg.ports.invoices import InvoiceRepository
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _add_each
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _check_update
from custreg.testing.contracts._support import _ids
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _one_project
from custreg.testing.contracts._support import _two_customers_and_project
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import offered_only
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


def _invoices(uow: UnitOfWork) -> InvoiceRepository:
    return uow.invoices


@offered_only(lambda uow: uow.invoices)
class InvoiceRepositoryContract:
    """InvoiceRepository: invoices and credit notes stored exactly, listed per customer/project."""

    @each_example(data=st.data())
    def test_invoices_per_customer_and_project(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        customer, other, first = _two_customers_and_project(registry)
        project_ids = [first.id, _one_project(registry, customer).id]
        mine = data.draw(_unique(s.invoices(customer.id, SETTINGS, project_ids), 4))
        theirs = data.draw(_unique(s.invoices(other.id, SETTINGS), 2))
        _add_each(registry, _invoices, [*mine, *theirs])
        with registry.uow() as uow:
            assert _by_id(uow.invoices.for_customer(customer.id)) == _by_id(mine)
            for project_id in project_ids:
                expected = [i for i in mine if project_id in i.project_ids]
                assert _by_id(uow.invoices.for_project(project_id)) == _by_id(expected)
        if mine:
            changed = attrs.evolve(mine[0], number=None if mine[0].number else 77)
            _check_update(registry, _invoices, changed)
        _check_not_found(registry, lambda uow: uow.invoices.get(InvoiceId(uuid.uuid4())))

    @each_example(drawn=s.invoices(settings=SETTINGS))
    def test_invoice_taken_id_raises_integrity(self, registry: Registry, drawn: Invoice) -> None:
        customer = _one_customer(registry)
        invoice = attrs.evolve(drawn, customer_id=customer.id)
        stored(registry, lambda uow: uow.invoices.add(invoice))
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.invoices.add(invoice))
        assert read(registry, lambda uow: uow.invoices.get(invoice.id)) == invoice


def _update_projects(projects: Sequence[Project], uow: UnitOfWork) -> None:
    uow.projects.update_many(projects)


def _add_invoices(invoices: Sequence[Invoice], uow: UnitOfWork) -> None:
    uow.invoices.add_many(invoices)


@offered_only(lambda uow: (uow.projects, uow.invoices))
class DataEntryRepositoryContract:
    """The bulk and removal methods host-side data entry writes through: ``add_many`` and
    ``remove`` of invoices, ``add_costs``/``add_proposals`` (all or none), get/update/remove of a
    cost entry or proposal, and ``customers_of``."""

    @each_example(data=st.data())
    def test_invoice_add_many_stores_exactly_and_remove_takes_links(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        customer = _one_customer(registry)
        projects = [_one_project(registry, customer), _one_project(registry, customer)]
        project_ids = [p.id for p in projects]
        invoices = data.draw(_unique(s.invoices(customer.id, SETTINGS, project_ids), 6))
        stored(registry, lambda uow: uow.invoices.add_many(invoices))
        listed = read(registry, lambda uow: uow.invoices.for_customer(customer.id))
        assert _by_id(listed) == _by_id(invoices)
        if invoices:
            doomed = invoices[0]
            stored(registry, lambda uow: uow.invoices.remove(doomed.id))
            with registry.uow() as uow:
                assert _by_id(uow.invoices.for_customer(customer.id)) == _by_id(invoices[1:])
                for project_id in project_ids:
                    assert doomed.id not in _ids(uow.invoices.for_project(project_id))
                with pytest.raises(NotFoundError):
                    uow.invoices.get(doomed.id)
                with pytest.raises(NotFoundError):
                    uow.invoices.remove(doomed.id)

    @each_example(
        drawn=st.lists(
            s.invoices(settings=SETTINGS), min_size=1, max_size=4, unique_by=lambda i: i.id
        )
    )
    def test_invoice_add_many_is_all_or_nothing(
        self, registry: Registry, drawn: list[Invoice]
    ) -> None:
        customer = _one_customer(registry)
        invoices = [attrs.evolve(i, customer_id=customer.id) for i in drawn]
        stored(registry, lambda uow: uow.invoices.add_many(invoices[:1]))
        unknown_customer = attrs.evolve(drawn[0], id=InvoiceId(uuid.uuid4()))
        for batch in (invoices, [*invoices[1:], unknown_customer]):
            with pytest.raises(IntegrityError):
                stored(registry, partial(_add_invoices, batch))
            listed = read(registry, lambda uow: uow.invoices.for_customer(customer.id))
            assert listed == invoices[:1]

    @each_example(data=st.data())
    def test_costs_and_proposals_bulk_crud(self, registry: Registry, data: st.DataObject) -> None:
        customer = _one_customer(registry)
        project = _one_project(registry, customer)
        costs = data.draw(_unique(s.cost_entries(project.id, "EUR"), 5))
        proposals = data.draw(_unique(s.proposals(project.id), 3))

        def add(uow: UnitOfWork) -> None:
            uow.projects.add_costs(costs)
            uow.projects.add_proposals(proposals)

        stored(registry, add)
        with registry.uow() as uow:
            assert _by_id(uow.projects.costs_for(project.id)) == _by_id(costs)
            assert _by_id(uow.projects.proposals_for(project.id)) == _by_id(proposals)
            for cost in costs:
                assert uow.projects.get_cost(cost.id) == cost
            for proposal in proposals:
                assert uow.projects.get_proposal(proposal.id) == proposal
        if costs and proposals:
            cost = attrs.evolve(costs[0], amount=Money(Decimal("12.34"), "EUR"))
            proposal = attrs.evolve(proposals[0], name="Renamed offer")

            def change(uow: UnitOfWork) -> None:
                uow.projects.update_cost(cost)
                uow.projects.update_proposal(proposal)

            stored(registry, change)
            assert read(registry, lambda uow: uow.projects.get_cost(cost.id)) == cost
            got = read(registry, lambda uow: uow.projects.get_proposal(proposal.id))
            assert got == proposal

            def remove(uow: UnitOfWork) -> None:
                uow.projects.remove_cost(cost.id)
                uow.projects.remove_proposal(proposal.id)

            stored(registry, remove)
            with registry.uow() as uow:
                assert _by_id(uow.projects.costs_for(project.id)) == _by_id(costs[1:])
                assert _by_id(uow.projects.proposals_for(project.id)) == _by_id(proposals[1:])
                with pytest.raises(NotFoundError):
                    uow.projects.get_cost(cost.id)
                with pytest.raises(NotFoundError):
                    uow.projects.remove_proposal(proposal.id)

    def test_costs_and_proposals_add_is_all_or_nothing(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        project = _one_project(registry, _one_customer(registry))
        good = CostEntry(
            CostEntryId(uuid.uuid4()),
            project.id,
            CostKind.TRAVEL,
            date(2026, 1, 1),
            Money(Decimal(5), "EUR"),
        )
        orphan = attrs.evolve(
            good, id=CostEntryId(uuid.uuid4()), project_id=ProjectId(uuid.uuid4())
        )
        offer = Proposal(ProposalId(uuid.uuid4()), project.id, "Offer", date(2026, 1, 1))
        lost = attrs.evolve(offer, id=ProposalId(uuid.uuid4()), project_id=orphan.project_id)
        actions: list[Callable[[UnitOfWork], None]] = [
            lambda uow: uow.projects.add_costs([good, orphan]),
            lambda uow: uow.projects.add_costs([good, good]),
            lambda uow: uow.projects.add_proposals([offer, lost]),
            lambda uow: uow.projects.add_proposals([offer, offer]),
        ]
        for action in actions:
            with pytest.raises(IntegrityError):
                stored(registry, action)
        with registry.uow() as uow:
            assert uow.projects.costs_for(project.id) == []
            assert uow.projects.proposals_for(project.id) == []

    def test_project_get_many_and_update_many_all_or_none(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        customer = _one_customer(registry)
        projects = [_one_project(registry, customer) for _ in range(3)]
        unknown = ProjectId(uuid.uuid4())
        ids = [p.id for p in projects]
        found = read(registry, lambda uow: uow.projects.get_many([*ids, unknown]))
        assert found == {p.id: p for p in projects}
        renamed = [
            attrs.evolve(p, name=f"Renamed {p.number}", version=p.version + 1) for p in projects
        ]
        stale = [*renamed[:2], attrs.evolve(renamed[2], version=projects[2].version + 5)]
        for batch in (stale, [renamed[0], renamed[0]]):
            with pytest.raises(ConflictError):
                stored(registry, partial(_update_projects, batch))
            kept = read(registry, lambda uow: uow.projects.get_many(ids))
            assert kept == {p.id: p for p in projects}
        stored(registry, partial(_update_projects, renamed))
        after = read(registry, lambda uow: uow.projects.get_many(ids))
        assert after == {p.id: p for p in renamed}

    def test_customers_of_gives_the_customer_of_each_stored_project(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        first, second = _one_customer(registry), _one_customer(registry)
        projects = [_one_project(registry, first), _one_project(registry, second)]
        unknown = ProjectId(uuid.uuid4())
        wanted = [p.id for p in projects] + [unknown]
        found = read(registry, lambda uow: uow.projects.customers_of(wanted))
        assert found == {projects[0].id: first.id, projects[1].id: second.id}
        assert read(registry, lambda uow: uow.projects.customers_of([])) == {}


__all__ = [
    "DataEntryRepositoryContract",
    "InvoiceRepositoryContract",
]
