"""The default card read model: ``CardQueries`` answered from the repositories.

Used when a registry has no ``cards`` pushdown. Each tab is read in one read unit of work (one
consistent view) through the per-customer and per-project lists of the ports, and assembled by
the same ``build_*`` functions of ``custreg.domain.card`` as every adapter's, so the tabs are
equal. A capability the host does not offer is read as empty (no projects, no invoices, no
activities...): a tab shows what exists and is never refused; the customer itself must exist
(NotFoundError).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from typing import TypeVar

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
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.forecast import add_months
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.invoice import Invoice
from custreg.domain.invoice import is_billed
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import rows_if_offered

T = TypeVar("T")


def _unique(items: Iterable[T], key: Callable[[T], object]) -> list[T]:
    seen: dict[object, T] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def _projects(uow: UnitOfWork, customer_id: CustomerId) -> list[Project]:
    return rows_if_offered(lambda: uow.projects.for_customer(customer_id))


def _counted(projects: Iterable[Project]) -> list[Project]:
    """K1/K2: money counts on projects that are not internal."""
    return [p for p in projects if not p.is_internal]


def _visible_invoices(
    uow: UnitOfWork, customer_id: CustomerId, principal: Principal
) -> list[Invoice]:
    invoices = rows_if_offered(lambda: uow.invoices.for_customer(customer_id))
    return [i for i in invoices if principal.may_see_invoice(i.owner_id)]


def _billed(invoices: Iterable[Invoice], settings: OrganisationSettings) -> list[Invoice]:
    statuses = {s.id: s for s in settings.invoice_statuses}
    return [i for i in invoices if i.status_id in statuses and is_billed(i, statuses[i.status_id])]


def _costs(uow: UnitOfWork, projects: Iterable[Project]) -> list[CostEntry]:
    return [e for p in projects for e in uow.projects.costs_for(p.id)]


def _forecasts(uow: UnitOfWork, projects: Iterable[Project]) -> list[ProjectForecast]:
    return [f for p in projects for f in uow.projects.forecasts_for(p.id)]


class RepositoryCardQueries:
    """``CardQueries`` over the units of work ``open_read`` opens (one per tab)."""

    def __init__(self, open_read: Callable[[], UnitOfWork]) -> None:
        self._open = open_read

    def contacts_tab(self, customer_id: CustomerId, /) -> ContactsTab:
        """See ``CardQueries.contacts_tab``."""
        with self._open() as uow:
            customer = uow.customers.get(customer_id)
            activities = rows_if_offered(lambda: uow.activities.for_customer(customer_id))
            own = uow.contacts.for_customer(customer_id, include_inactive=True)
            known = {c.id for c in own}
            named = sorted({c for a in activities for c in a.contact_ids} - known)
            contacts: list[Contact] = [*own, *(_named(uow, named))]
            return build_contacts_tab(
                customer,
                uow.addresses.for_customer(customer_id),
                contacts,
                activities,
                rows_if_offered(lambda: uow.notes.for_customer(customer_id)),
                rows_if_offered(lambda: uow.files.for_customer(customer_id)),
                _projects(uow, customer_id),
                uow.settings.get(),
            )

    def sales_tab(self, customer_id: CustomerId, principal: Principal, /) -> SalesTab:
        """See ``CardQueries.sales_tab``."""
        with self._open() as uow:
            customer = uow.customers.get(customer_id)
            projects = _projects(uow, customer_id)
            ids = {p.id for p in projects}
            invoiced = {
                linked
                for p in projects
                for i in rows_if_offered(lambda p=p: uow.invoices.for_project(p.id))  # type: ignore[misc]
                if principal.may_see_invoice(i.owner_id)
                for linked in i.project_ids
                if linked in ids
            }
            proposed = {p.id for p in projects if uow.projects.proposals_for(p.id)}
            return build_sales_tab(
                customer, projects, invoiced, proposed, uow.settings.get(), principal.sees_money
            )

    def collaboration_tab(self, customer_id: CustomerId, /) -> CollaborationTab:
        """See ``CardQueries.collaboration_tab``."""
        with self._open() as uow:
            customer = uow.customers.get(customer_id)
            projects = _projects(uow, customer_id)
            ids = [p.id for p in projects]
            tasks = rows_if_offered(lambda: uow.tasks.for_projects(ids)) if ids else []
            notes = rows_if_offered(lambda: uow.notes.for_customer(customer_id))
            for project_id in ids:
                notes.extend(rows_if_offered(lambda pid=project_id: uow.notes.for_project(pid)))  # type: ignore[misc]
            activities = rows_if_offered(lambda: uow.activities.for_customer(customer_id))
            named = sorted({c for a in activities for c in a.contact_ids})
            names = {c.id: c.full_name for c in _named(uow, named)}
            return build_collaboration_tab(
                customer,
                projects,
                tasks,
                _unique(notes, lambda n: n.id),
                uow.settings.get(),
                activities,
                names,
            )

    def financials_tab(
        self, customer_id: CustomerId, now: datetime, principal: Principal, /
    ) -> FinancialsTab:
        """See ``CardQueries.financials_tab``."""
        with self._open() as uow:
            customer = uow.customers.get(customer_id)
            settings = uow.settings.get()
            window = month_window(now, settings.zone)
            counted = _counted(_projects(uow, customer_id))
            visible = _visible_invoices(uow, customer_id, principal)
            billed = [
                (i.on, i.total_excl_vat)
                for i in _billed(visible, settings)
                if window.first <= i.on < window.end
            ]
            spent = [
                (c.on, c.amount) for c in _costs(uow, counted) if window.first <= c.on < window.end
            ]
            planned = [
                (f.month, f.billing, f.costs)
                for f in _forecasts(uow, counted)
                if window.first <= f.month < window.end
            ]
            return build_financials_tab(customer, settings, window, billed, spent, planned, visible)

    def financials_drilldown(
        self,
        customer_id: CustomerId,
        month: date,
        figure: Figure,
        principal: Principal,
        /,
    ) -> DrillDown:
        """See ``CardQueries.financials_drilldown``."""
        with self._open() as uow:
            uow.customers.get(customer_id)
            settings = uow.settings.get()
            start = month.replace(day=1)
            end = add_months(start, 1)
            projects = _projects(uow, customer_id)
            counted = _counted(projects)
            invoices: list[Invoice] = []
            costs: list[CostEntry] = []
            forecasts: list[ProjectForecast] = []
            if figure in (Figure.BILLING, Figure.MARGIN):
                visible = _visible_invoices(uow, customer_id, principal)
                invoices = [i for i in _billed(visible, settings) if start <= i.on < end]
            if figure in (Figure.COSTS, Figure.MARGIN):
                costs = [c for c in _costs(uow, counted) if start <= c.on < end]
            if figure in (Figure.FORECAST_BILLING, Figure.FORECAST_COSTS):
                forecasts = [f for f in _forecasts(uow, counted) if f.month == start]
            return build_drilldown(
                start, figure, settings.currency, invoices, costs, forecasts, projects
            )

    def settings_tab(self, customer_id: CustomerId, /) -> SettingsTab:
        """See ``CardQueries.settings_tab``."""
        with self._open() as uow:
            return build_settings_tab(uow.customers.get(customer_id), uow.settings.get())


def _named(uow: UnitOfWork, contact_ids: Iterable[ContactId]) -> list[Contact]:
    """The contacts with these ids that exist (deleted ones too, so history keeps names)."""
    found: list[Contact] = []
    for contact_id in contact_ids:
        try:
            found.append(uow.contacts.get(contact_id))
        except NotFoundError:
            continue
    return found
