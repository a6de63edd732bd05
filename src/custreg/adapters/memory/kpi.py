"""KPI queries of the in-memory adapter, answered with the domain's own predicates (K1-K8)."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Any
from typing import Self
from uuid import UUID

from custreg.domain.customer import Customer
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import StorageError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import Period
from custreg.domain.kpi import billing_per_period
from custreg.domain.kpi import count_prospects
from custreg.domain.kpi import counts_as_active
from custreg.domain.kpi import counts_as_cost
from custreg.domain.kpi import counts_as_customer
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesStatus
from custreg.ports.unit_of_work import ExcInfo

if TYPE_CHECKING:
    from custreg.adapters.memory.store import MemoryStore


class MemoryKpiQueries:
    """A read view of a MemoryStore for the KPI questions.

    Entering takes a snapshot: a committing unit of work swaps whole tables into the store and
    never changes a committed table in place, so holding the committed tables is a consistent
    view without holding the store's lock while the figures are computed.
    """

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._tables: dict[str, dict[UUID, Any]] | None = None
        self._invoice_statuses: dict[InvoiceStatusId, InvoiceStatus] = {}
        self._sales_statuses: dict[SalesStatusId, SalesStatus] = {}
        self._settings: OrganisationSettings | None = None

    def __enter__(self) -> Self:
        store = self._store
        with store.lock:
            names = ("customers", "projects", "invoices", "cost_entries")
            self._tables = {name: store.tables.get(name, {}) for name in names}
            settings = store.settings
        self._settings = settings
        if settings is not None:
            self._invoice_statuses = {s.id: s for s in settings.invoice_statuses}
            self._sales_statuses = {s.id: s for s in settings.sales_statuses}
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        self._tables = None

    def _rows(self, name: str) -> Iterable[Any]:
        if self._tables is None:
            raise StorageError("the KPI queries are used outside their 'with' block")
        return self._tables[name].values()

    def _selected(self, customers: CustomerQuery) -> set[CustomerId]:
        rows: Iterable[Customer] = self._rows("customers")
        if customers == CustomerQuery():
            return {c.id for c in rows}
        return {c.id for c in rows if customers.matches(c)}

    def _projects(self, customers: CustomerQuery) -> list[Project]:
        selected = self._selected(customers)
        projects: Iterable[Project] = self._rows("projects")
        return [p for p in projects if p.customer_id in selected]

    def settings(self) -> OrganisationSettings:
        """The settings of the snapshot taken on entering."""
        if self._settings is None:
            raise NotFoundError("settings", "organisation")
        return self._settings

    def billing(
        self, periods: Sequence[Period], customers: CustomerQuery, visibility: InvoiceVisibility, /
    ) -> tuple[Decimal, ...]:
        selected = self._selected(customers)
        rows: Iterable[Invoice] = self._rows("invoices")
        invoices = [i for i in rows if i.customer_id in selected]
        return billing_per_period(invoices, self._invoice_statuses, periods, visibility)

    def total_cost(self, period: Period, customers: CustomerQuery, /) -> Decimal:
        counted: set[ProjectId] = {p.id for p in self._projects(customers) if counts_as_cost(p)}
        entries: Iterable[CostEntry] = self._rows("cost_entries")
        return sum(
            (e.amount.amount for e in entries if e.project_id in counted and e.on in period),
            Decimal(0),
        )

    def _counted(self, customers: CustomerQuery) -> list[Project]:
        """The projects of the selected customers that may count (K5: not the internal
        customer's)."""
        rows: Iterable[Customer] = self._rows("customers")
        internal = {c.id for c in rows if not counts_as_customer(c)}
        return [p for p in self._projects(customers) if p.customer_id not in internal]

    def active_customers(self, customers: CustomerQuery, /) -> int:
        return len({p.customer_id for p in self._counted(customers) if counts_as_active(p)})

    def prospects(
        self, customers: CustomerQuery, visibility: InvoiceVisibility | None, /
    ) -> int:
        invoices: Iterable[Invoice] = self._rows("invoices")
        return count_prospects(
            self._counted(customers),
            self._sales_statuses,
            self._invoice_statuses,
            visibility,
            lambda _: invoices,
        )
