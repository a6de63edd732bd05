"""The contract of the projects capability: projects, proposals, cost entries, forecasts."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.activity import Task
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import TaskId
from custreg.domain.invoice import Invoice
from custreg.domain.project import Project
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _check_versioned_update
from custreg.testing.contracts._support import _each
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _one_project
from custreg.testing.contracts._support import _set_forecast
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import offered_only
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


@offered_only(lambda uow: uow.projects)
class ProjectRepositoryContract:
    """ProjectRepository: versioned updates, numbers, proposals and cost entries."""

    @each_example(drawn=s.projects(settings=SETTINGS), step=st.integers(-1, 2))
    def test_project_stored_exactly_and_versioned(
        self, registry: Registry, drawn: Project, step: int
    ) -> None:
        customer = _one_customer(registry)
        project = attrs.evolve(drawn, customer_id=customer.id)
        _check_not_found(registry, lambda uow: uow.projects.get(project.id))
        stored(registry, lambda uow: uow.projects.add(project))
        assert read(registry, lambda uow: uow.projects.get(project.id)) == project
        assert read(registry, lambda uow: uow.projects.for_customer(customer.id)) == [project]
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.projects.add(project))
        changed = attrs.evolve(
            project, name=f"{project.name} 2", version=max(1, project.version + step)
        )
        _check_versioned_update(registry, lambda uow: uow.projects, project, changed)

    @each_example(drawn=_unique(s.projects(settings=SETTINGS), 5))
    def test_projects_of_a_customer_by_number(
        self, registry: Registry, drawn: list[Project]
    ) -> None:
        customer, other = _one_customer(registry), _one_customer(registry)

        def add(uow: UnitOfWork) -> list[Project]:
            result = []
            for i, project in enumerate(drawn):
                owner = customer if i % 2 == 0 else other
                numbered = attrs.evolve(
                    project, customer_id=owner.id, number=uow.projects.next_number()
                )
                uow.projects.add(numbered)
                result.append(numbered)
            return result

        projects = stored(registry, add)
        mine = sorted((p for p in projects if p.customer_id == customer.id), key=lambda p: p.number)
        assert read(registry, lambda uow: uow.projects.for_customer(customer.id)) == mine

    def test_project_next_number_never_repeats(self, registry_factory: RegistryFactory) -> None:
        registry = fresh(registry_factory)
        seen = []
        for commit in (True, False, True):
            with registry.uow() as uow:
                seen += [uow.projects.next_number() for _ in range(3)]
                if commit:
                    uow.commit()
        assert len(set(seen)) == len(seen)

    @each_example(data=st.data())
    def test_proposals_and_costs_belong_to_their_project(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        customer = _one_customer(registry)
        first, second = _one_project(registry, customer), _one_project(registry, customer)
        proposals = data.draw(_unique(s.proposals(first.id), 3))
        costs = data.draw(_unique(s.cost_entries(first.id, "EUR"), 4))
        stored(registry, lambda uow: _each(uow.projects.add_proposal, proposals))
        stored(registry, lambda uow: _each(uow.projects.add_cost, costs))
        with registry.uow() as uow:
            assert _by_id(uow.projects.proposals_for(first.id)) == _by_id(proposals)
            assert _by_id(uow.projects.costs_for(first.id)) == _by_id(costs)
            assert uow.projects.proposals_for(second.id) == []
            assert uow.projects.costs_for(second.id) == []

    @each_example(proposal=s.proposals())
    def test_proposal_on_unknown_project_is_refused(
        self, registry: Registry, proposal: Any
    ) -> None:
        with pytest.raises((NotFoundError, IntegrityError)):
            stored(registry, lambda uow: uow.projects.add_proposal(proposal))
        assert read(registry, lambda uow: uow.projects.proposals_for(proposal.project_id)) == []

    @each_example(
        entries=st.lists(
            st.tuples(
                st.dates(date(2025, 1, 1), date(2027, 12, 31)),
                s.amounts(0, 10**6),
                s.amounts(0, 10**6),
            ),
            max_size=6,
        )
    )
    def test_forecast_set_replaces_and_lists_by_month(
        self, registry: Registry, entries: list[tuple[date, Decimal, Decimal]]
    ) -> None:
        project = _one_project(registry, _one_customer(registry))
        expected: dict[date, ProjectForecast] = {}
        for day, billing, costs in entries:
            forecast = ProjectForecast(project.id, day, Money(billing, "EUR"), Money(costs, "EUR"))
            stored(registry, partial(_set_forecast, forecast))
            expected[forecast.month] = forecast
        listed = read(registry, lambda uow: uow.projects.forecasts_for(project.id))
        assert listed == [expected[m] for m in sorted(expected)]

    def test_s4_uses_status_tells_whether_any_record_has_it(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        customer = _one_customer(registry)
        project = _one_project(registry, customer)
        sales = [st_.id for st_ in SETTINGS.sales_statuses]
        invoice_statuses = [st_.id for st_ in SETTINGS.invoice_statuses]
        task_statuses = [st_.id for st_ in SETTINGS.task_statuses]
        with registry.uow() as uow:
            assert not any(uow.projects.uses_sales_status(i) for i in sales)
            assert not any(uow.invoices.uses_status(i) for i in invoice_statuses)
            assert not any(uow.tasks.uses_status(i) for i in task_statuses)
        sales_case = attrs.evolve(project, sales_status_id=sales[0], version=project.version + 1)
        invoice = Invoice(
            InvoiceId(uuid.uuid4()),
            customer.id,
            invoice_statuses[1],
            date(2026, 1, 1),
            Money(Decimal(1), "EUR"),
            Money(Decimal(1), "EUR"),
        )
        task = Task(TaskId(uuid.uuid4()), project.id, "Dig", task_statuses[2])

        def use(uow: UnitOfWork) -> None:
            uow.projects.update(sales_case)
            uow.invoices.add(invoice)
            uow.tasks.add(task)

        stored(registry, use)
        with registry.uow() as uow:
            assert [uow.projects.uses_sales_status(i) for i in sales] == [True, False, False]
            assert [uow.invoices.uses_status(i) for i in invoice_statuses] == [False, True, False]
            assert [uow.tasks.uses_status(i) for i in task_statuses] == [False, False, True]


__all__ = [
    "ProjectRepositoryContract",
]
