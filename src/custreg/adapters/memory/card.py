"""The customer card's read models over a MemoryStore (the reference for the SQL adapter)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

from custreg.domain.activity import Activity
from custreg.domain.activity import FileLink
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.card import CollaborationTab
from custreg.domain.card import ContactsTab
from custreg.domain.card import DrillDown
from custreg.domain.card import Figure
from custreg.domain.card import FinancialsTab
from custreg.domain.card import SalesTab
from custreg.domain.card import SettingsTab
from custreg.domain.card import build_collaboration_tab
from custreg.domain.card import build_contacts_tab
from custreg.domain.card import build_drilldown
from custreg.domain.card import build_financials_tab
from custreg.domain.card import build_sales_tab
from custreg.domain.card import build_settings_tab
from custreg.domain.card import month_window
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.forecast import add_months
from custreg.domain.ids import CustomerId
from custreg.domain.invoice import Invoice
from custreg.domain.invoice import is_billed
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.settings import OrganisationSettings

if TYPE_CHECKING:
    from custreg.adapters.memory.store import MemoryStore


class _Snapshot:
    """The committed tables at one instant. A commit swaps whole tables into the store and never
    changes a committed table in place, so holding references is a consistent view."""

    def __init__(self, store: MemoryStore) -> None:
        with store.lock:
            self.tables: dict[str, dict[UUID, Any]] = dict(store.tables)
            settings = store.settings
        if settings is None:
            raise NotFoundError("settings", "organisation")
        self.settings: OrganisationSettings = settings

    def rows(self, name: str) -> Iterable[Any]:
        return self.tables.get(name, {}).values()

    def customer(self, customer_id: CustomerId) -> Customer:
        found: Customer | None = self.tables.get("customers", {}).get(customer_id)
        if found is None:
            raise NotFoundError("customer", customer_id)
        return found

    def projects(self, customer_id: CustomerId) -> list[Project]:
        rows: Iterable[Project] = self.rows("projects")
        return [p for p in rows if p.customer_id == customer_id]


class MemoryCardQueries:
    """CardQueries over a MemoryStore: each call reads one snapshot of the committed data."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def contacts_tab(self, customer_id: CustomerId) -> ContactsTab:
        snap = _Snapshot(self._store)
        customer = snap.customer(customer_id)
        activities: list[Activity] = [
            a for a in snap.rows("activities") if a.customer_id == customer_id
        ]
        named = {c for a in activities for c in a.contact_ids}
        contacts: list[Contact] = [
            c for c in snap.rows("contacts") if c.customer_id == customer_id or c.id in named
        ]
        addresses: list[Address] = [
            a for a in snap.rows("addresses") if a.customer_id == customer_id
        ]
        notes: list[Note] = [n for n in snap.rows("notes") if n.customer_id == customer_id]
        files: list[FileLink] = [f for f in snap.rows("files") if f.customer_id == customer_id]
        return build_contacts_tab(
            customer,
            addresses,
            contacts,
            activities,
            notes,
            files,
            snap.projects(customer_id),
            snap.settings,
        )

    def sales_tab(self, customer_id: CustomerId, principal: Principal, /) -> SalesTab:
        snap = _Snapshot(self._store)
        customer = snap.customer(customer_id)
        projects = snap.projects(customer_id)
        ids = {p.id for p in projects}
        invoices: Iterable[Invoice] = snap.rows("invoices")
        invoiced = {
            p
            for i in invoices
            if principal.may_see_invoice(i.owner_id)
            for p in i.project_ids
            if p in ids
        }
        proposals: Iterable[Proposal] = snap.rows("proposals")
        proposed = {p.project_id for p in proposals if p.project_id in ids}
        return build_sales_tab(
            customer, projects, invoiced, proposed, snap.settings, principal.sees_money
        )

    def collaboration_tab(self, customer_id: CustomerId) -> CollaborationTab:
        snap = _Snapshot(self._store)
        customer = snap.customer(customer_id)
        projects = snap.projects(customer_id)
        ids = {p.id for p in projects}
        tasks: list[Task] = [t for t in snap.rows("tasks") if t.project_id in ids]
        notes: list[Note] = [
            n for n in snap.rows("notes") if n.customer_id == customer_id or n.project_id in ids
        ]
        activities: list[Activity] = [
            a for a in snap.rows("activities") if a.customer_id == customer_id
        ]
        named = {c for a in activities for c in a.contact_ids}
        names = {c.id: c.full_name for c in snap.rows("contacts") if c.id in named}
        return build_collaboration_tab(
            customer, projects, tasks, notes, snap.settings, activities, names
        )

    def financials_tab(
        self, customer_id: CustomerId, now: datetime, principal: Principal
    ) -> FinancialsTab:
        snap = _Snapshot(self._store)
        customer = snap.customer(customer_id)
        settings = snap.settings
        window = month_window(now, settings.zone)
        counted = {p.id for p in snap.projects(customer_id) if not p.is_internal}
        visible = self._visible_invoices(snap, customer_id, principal)
        billed = [
            (i.on, i.total_excl_vat)
            for i in self._billed(visible, settings)
            if window.first <= i.on < window.end
        ]
        costs: Iterable[CostEntry] = snap.rows("cost_entries")
        spent = [
            (c.on, c.amount)
            for c in costs
            if c.project_id in counted and window.first <= c.on < window.end
        ]
        forecasts: Iterable[ProjectForecast] = snap.rows("forecasts")
        planned = [
            (f.month, f.billing, f.costs)
            for f in forecasts
            if f.project_id in counted and window.first <= f.month < window.end
        ]
        return build_financials_tab(customer, settings, window, billed, spent, planned, visible)

    def financials_drilldown(
        self, customer_id: CustomerId, month: date, figure: Figure, principal: Principal
    ) -> DrillDown:
        snap = _Snapshot(self._store)
        snap.customer(customer_id)
        start = month.replace(day=1)
        end = add_months(start, 1)
        projects = snap.projects(customer_id)
        counted = {p.id for p in projects if not p.is_internal}
        invoices: list[Invoice] = []
        costs: list[CostEntry] = []
        forecasts: list[ProjectForecast] = []
        if figure in (Figure.BILLING, Figure.MARGIN):
            visible = self._visible_invoices(snap, customer_id, principal)
            invoices = [i for i in self._billed(visible, snap.settings) if start <= i.on < end]
        if figure in (Figure.COSTS, Figure.MARGIN):
            all_costs: Iterable[CostEntry] = snap.rows("cost_entries")
            costs = [c for c in all_costs if c.project_id in counted and start <= c.on < end]
        if figure in (Figure.FORECAST_BILLING, Figure.FORECAST_COSTS):
            all_forecasts: Iterable[ProjectForecast] = snap.rows("forecasts")
            forecasts = [f for f in all_forecasts if f.project_id in counted and f.month == start]
        return build_drilldown(
            start, figure, snap.settings.currency, invoices, costs, forecasts, projects
        )

    def settings_tab(self, customer_id: CustomerId) -> SettingsTab:
        snap = _Snapshot(self._store)
        return build_settings_tab(snap.customer(customer_id), snap.settings)

    @staticmethod
    def _visible_invoices(
        snap: _Snapshot, customer_id: CustomerId, principal: Principal
    ) -> list[Invoice]:
        invoices: Iterable[Invoice] = snap.rows("invoices")
        return [
            i
            for i in invoices
            if i.customer_id == customer_id and principal.may_see_invoice(i.owner_id)
        ]

    @staticmethod
    def _billed(invoices: Iterable[Invoice], settings: OrganisationSettings) -> list[Invoice]:
        statuses = {s.id: s for s in settings.invoice_statuses}
        return [
            i for i in invoices if i.status_id in statuses and is_billed(i, statuses[i.status_id])
        ]
