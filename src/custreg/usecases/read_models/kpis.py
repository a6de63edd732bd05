"""The default KPI read model: ``KpiQueries`` answered from the repositories (K1-K8).

Used when a registry has no ``kpis`` pushdown. Every figure of one ``with`` block comes from one
read unit of work, so the four figures agree. It reads the customers in scope set-based
(``ids_matching`` and ``get_many``), then each such customer's projects and invoices and each
counted project's cost entries, so it costs statements in proportion to the customers in scope:
correct everywhere, fast only where a host's own pushdown is not needed. A registry without the
projects capability has no project, so no cost, no active customer and no prospect; without the
invoices capability no billing: the figures are computed from what exists, never refused.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import AbstractContextManager
from contextlib import contextmanager
from decimal import Decimal

from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import Period
from custreg.domain.kpi import billing_per_period
from custreg.domain.kpi import count_prospects
from custreg.domain.kpi import counts_as_active
from custreg.domain.kpi import counts_as_cost
from custreg.domain.kpi import counts_as_customer
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import OrganisationSettings
from custreg.ports.kpi import KpiQueries
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import rows_if_offered


class RepositoryKpiQueries:
    """``KpiQueries`` over one open unit of work; rows are read once per customer selection."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._settings = settings = uow.settings.get()
        self._invoice_statuses = {s.id: s for s in settings.invoice_statuses}
        self._sales_statuses = {s.id: s for s in settings.sales_statuses}
        self._customers: dict[CustomerQuery, dict[CustomerId, Customer]] = {}
        self._projects: dict[CustomerId, list[Project]] = {}
        self._invoices: dict[CustomerId, list[Invoice]] = {}

    def _read_projects(self, customer_id: CustomerId) -> list[Project]:
        return rows_if_offered(lambda: self._uow.projects.for_customer(customer_id))

    def _read_invoices(self, customer_id: CustomerId) -> list[Invoice]:
        return rows_if_offered(lambda: self._uow.invoices.for_customer(customer_id))

    def _selected(self, query: CustomerQuery) -> dict[CustomerId, Customer]:
        if query not in self._customers:
            customers = self._uow.customers
            self._customers[query] = customers.get_many(customers.ids_matching(query))
        return self._customers[query]

    def _projects_of(self, query: CustomerQuery) -> list[Project]:
        found: list[Project] = []
        for customer_id in self._selected(query):
            if customer_id not in self._projects:
                self._projects[customer_id] = self._read_projects(customer_id)
            found.extend(self._projects[customer_id])
        return found

    def _invoices_of(
        self, customer_ids: set[CustomerId] | dict[CustomerId, Customer]
    ) -> list[Invoice]:
        found: list[Invoice] = []
        for customer_id in customer_ids:
            if customer_id not in self._invoices:
                self._invoices[customer_id] = self._read_invoices(customer_id)
            found.extend(self._invoices[customer_id])
        return found

    def _counted(self, query: CustomerQuery) -> list[Project]:
        """K5: the projects of the customers in scope that are not the internal customer's."""
        selected = self._selected(query)
        return [p for p in self._projects_of(query) if counts_as_customer(selected[p.customer_id])]

    def settings(self) -> OrganisationSettings:
        """See ``KpiQueries.settings``."""
        return self._settings

    def billing(
        self, periods: Sequence[Period], customers: CustomerQuery, visibility: InvoiceVisibility, /
    ) -> tuple[Decimal, ...]:
        """K1/K3/K4: see ``KpiQueries.billing``."""
        invoices = self._invoices_of(self._selected(customers))
        return billing_per_period(invoices, self._invoice_statuses, periods, visibility)

    def total_cost(self, period: Period, customers: CustomerQuery, /) -> Decimal:
        """K2: see ``KpiQueries.total_cost``."""
        total = Decimal(0)
        for project in self._projects_of(customers):
            if counts_as_cost(project):
                entries = self._uow.projects.costs_for(project.id)  # a project: projects exist
                total += sum((e.amount.amount for e in entries if e.on in period), Decimal(0))
        return total

    def active_customers(self, customers: CustomerQuery, /) -> int:
        """K5: see ``KpiQueries.active_customers``."""
        return len({p.customer_id for p in self._counted(customers) if counts_as_active(p)})

    def prospects(self, customers: CustomerQuery, visibility: InvoiceVisibility | None, /) -> int:
        """K6: see ``KpiQueries.prospects``."""
        return count_prospects(
            self._counted(customers),
            self._sales_statuses,
            self._invoice_statuses,
            visibility,
            self._invoices_of,
        )


def repository_kpis(
    open_read: Callable[[], UnitOfWork],
) -> Callable[[], AbstractContextManager[KpiQueries]]:
    """A ``KpiQueriesFactory`` answering from the units of work ``open_read`` opens."""

    @contextmanager
    def view() -> Iterator[KpiQueries]:
        with open_read() as uow:
            yield RepositoryKpiQueries(uow)

    return view
