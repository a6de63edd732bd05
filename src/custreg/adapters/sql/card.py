"""The customer card's read models over SQL: every tab in a constant number of statements.

Each tab is one read transaction (REPEATABLE READ, READ ONLY on PostgreSQL) that loads whole sets
filtered by customer (contacts, projects, tasks, invoices... never one row per row) and hands them
to the pure ``build_*`` functions of ``custreg.domain.card``, like the memory adapter does. The
Financials tab lets the database sum: billing, costs and forecasts come back summed per day or
month, so only the invoice list grows with the number of invoices. Rows are turned into
entities without validating them again (``custreg.adapters.sql.trusted``): they were validated
when written, and re-validating them was most of a tab's time.

Statements per tab, counting the transaction's BEGIN (SQLite) or SET TRANSACTION (PostgreSQL)
and with the settings cached (+10 the first time after they change): contacts 11, sales 7,
collaboration 9, financials 9, settings 4, drill-down at most 8, whatever the data size.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.predicates import billed, counted_project, visible
from custreg.adapters.sql.trusted import (
    Decoded,
    raw_column,
    read_column,
    stored,
    stored_activity,
    stored_contact,
    stored_money,
    stored_uuid,
    uuid_of,
)
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.activity import Activity, Task
from custreg.domain.card import (
    CollaborationTab,
    ContactsTab,
    DrillDown,
    Figure,
    FinancialsTab,
    SalesTab,
    SettingsTab,
    build_collaboration_tab,
    build_contacts_tab,
    build_drilldown,
    build_financials_tab,
    build_sales_tab,
    build_settings_tab,
    month_window,
)
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.forecast import ProjectForecast, add_months
from custreg.domain.ids import CustomerId, OrganisationId, UserId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry, Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import Money

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

_project = t.projects.c
_invoice = t.invoices.c
_cost = t.cost_entries.c
_forecast = t.project_forecasts.c


def _columns(table: Any) -> list[Any]:
    """Every column but ``organisation_id`` (the filter already fixes it; one UUID less a row),
    ids read through ``read_column``."""
    return [read_column(column) for column in table.c if column.name != "organisation_id"]


def _tuples(result: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in result]


def _joined(table: Any, on: Any) -> Any:
    """``table JOIN projects`` on the organisation and the project id."""
    return table.join(
        t.projects,
        and_(_project.organisation_id == on.organisation_id, _project.id == on.project_id),
    )


class _Read:
    """One read transaction of one organisation, with the loaders the tabs share."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self.uow = uow
        self.org = uow.organisation_id

    def all(self, statement: Select[Any]) -> list[Any]:
        return list(self.uow.execute(statement).mappings())

    def settings(self) -> OrganisationSettings:
        return self.uow.settings.get()

    def customer(self, customer_id: CustomerId) -> Customer:
        return self.uow.customers.get(customer_id)

    def projects(self, customer_id: CustomerId) -> list[Project]:
        statement = (
            select(*_columns(t.projects))
            .where(_project.organisation_id == self.org, _project.customer_id == customer_id)
            .order_by(_project.number)
        )
        return [rows.project_from_row(r) for r in self.all(statement)]

    def contacts(self, where: ColumnElement[bool]) -> list[Contact]:
        """Contacts matching ``where`` with their keywords: two statements."""
        c, k = t.contacts.c, t.contact_keywords.c
        found = self.all(select(*_columns(t.contacts)).where(c.organisation_id == self.org, where))
        if not found:
            return []
        keywords: dict[UUID, list[str]] = defaultdict(list)
        links = select(read_column(k.contact_id), k.keyword).where(
            k.organisation_id == self.org,
            k.contact_id.in_(select(c.id).where(c.organisation_id == self.org, where)),
        )
        for contact_id, keyword in _tuples(self.uow.execute(links)):
            keywords[contact_id].append(keyword)
        json_of = Decoded()
        return [stored_contact(r, keywords.get(r["id"], ()), json_of) for r in found]

    def activities(self, customer_id: CustomerId) -> list[Activity]:
        """The customer's activities: one statement, each distinct contact list decoded once."""
        act = t.activities.c
        statement = select(*_columns(t.activities)).where(
            act.organisation_id == self.org, act.customer_id == customer_id
        )
        json_of = Decoded()
        return [stored_activity(r, json_of) for r in self.all(statement)]

    def invoices(self, where: list[ColumnElement[bool]], billed_only: bool) -> list[Invoice]:
        """Invoices matching ``where`` with their projects: two statements."""
        conditions = [_invoice.organisation_id == self.org, *where]
        if billed_only:
            conditions += billed(t.invoices, self.org)
        found = self.all(select(*_columns(t.invoices)).where(*conditions))
        if not found:
            return []
        links = t.invoice_projects.c
        projects: dict[UUID, list[Any]] = defaultdict(list)
        statement = select(read_column(links.invoice_id), read_column(links.project_id)).where(
            links.organisation_id == self.org,
            self.uow.ids_in(links.invoice_id, [r["id"] for r in found]),
        )
        for invoice_id, project_id in _tuples(self.uow.execute(statement)):
            projects[invoice_id].append(project_id)
        return [rows.invoice_from_row(r, projects.get(r["id"], ()), stored_money) for r in found]


def _visible(principal: Principal) -> list[ColumnElement[bool]]:
    """``Principal.may_see_invoice`` as conditions on the invoices table (U5)."""
    return visible(t.invoices, InvoiceVisibility.of(principal))


class SqlCardQueries:
    """CardQueries over a SqlDatabase, for one organisation."""

    def __init__(self, database: SqlDatabase, organisation_id: OrganisationId) -> None:
        self._database = database
        self._org = organisation_id

    @contextmanager
    def read_column(self) -> Iterator[_Read]:
        with SqlUnitOfWork(self._database, self._org, read_only=True) as uow:
            yield _Read(uow)

    # -- tab 1 ---------------------------------------------------------------------------------
    def contacts_tab(self, customer_id: CustomerId) -> ContactsTab:
        with self.read_column() as read:
            customer = read.customer(customer_id)
            settings = read.settings()
            org = self._org
            a, n, f = t.addresses.c, t.notes.c, t.files.c
            addresses = [
                rows.address_from_row(r)
                for r in read.all(
                    select(*_columns(t.addresses)).where(
                        a.organisation_id == org, a.customer_id == customer_id
                    )
                )
            ]
            activities = read.activities(customer_id)
            named = {c for activity in activities for c in activity.contact_ids}
            c = t.contacts.c
            where = c.customer_id == customer_id
            if named:
                where = or_(where, read.uow.ids_in(c.id, named))
            contacts = read.contacts(where)
            notes = [
                rows.note_from_row(r)
                for r in read.all(
                    select(*_columns(t.notes)).where(
                        n.organisation_id == org, n.customer_id == customer_id
                    )
                )
            ]
            files = [
                rows.file_from_row(r)
                for r in read.all(
                    select(*_columns(t.files)).where(
                        f.organisation_id == org, f.customer_id == customer_id
                    )
                )
            ]
            projects = read.projects(customer_id)
        return build_contacts_tab(
            customer, addresses, contacts, activities, notes, files, projects, settings
        )

    # -- tab 2 ---------------------------------------------------------------------------------
    def sales_tab(self, customer_id: CustomerId, principal: Principal, /) -> SalesTab:
        with self.read_column() as read:
            customer = read.customer(customer_id)
            settings = read.settings()
            projects = read.projects(customer_id)
            own = [_project.organisation_id == self._org, _project.customer_id == customer_id]
            links, proposals = t.invoice_projects.c, t.proposals.c
            invoiced = {
                r[0]
                for r in read.uow.execute(
                    select(read_column(links.project_id))
                    .distinct()
                    .select_from(
                        _joined(t.invoice_projects, links).join(
                            t.invoices,
                            and_(
                                _invoice.organisation_id == links.organisation_id,
                                _invoice.id == links.invoice_id,
                            ),
                        )
                    )
                    .where(*own, *_visible(principal))
                )
            }
            proposed = {
                r[0]
                for r in read.uow.execute(
                    select(read_column(proposals.project_id))
                    .distinct()
                    .select_from(_joined(t.proposals, proposals))
                    .where(*own)
                )
            }
        return build_sales_tab(
            customer, projects, invoiced, proposed, settings, principal.sees_money
        )

    # -- tab 3 ---------------------------------------------------------------------------------
    def collaboration_tab(self, customer_id: CustomerId) -> CollaborationTab:
        with self.read_column() as read:
            customer = read.customer(customer_id)
            settings = read.settings()
            projects = read.projects(customer_id)
            own = [_project.organisation_id == self._org, _project.customer_id == customer_id]
            tasks = self._tasks(read, own)
            n, c = t.notes.c, t.contacts.c
            project_ids = [p.id for p in projects]
            mine = n.customer_id == customer_id
            notes = [
                rows.note_from_row(r)
                for r in read.all(
                    select(*_columns(t.notes)).where(
                        n.organisation_id == self._org,
                        or_(mine, read.uow.ids_in(n.project_id, project_ids))
                        if project_ids
                        else mine,
                    )
                )
            ]
            activities = read.activities(customer_id)
            named = {i for activity in activities for i in activity.contact_ids}
            names: dict[Any, str] = {}
            if named:
                statement = select(read_column(c.id), c.first_name, c.last_name).where(
                    c.organisation_id == self._org, read.uow.ids_in(c.id, named)
                )
                names = {i: f"{fst} {lst}" for i, fst, lst in _tuples(read.uow.execute(statement))}
        return build_collaboration_tab(
            customer, projects, tasks, notes, settings, activities, names
        )

    @staticmethod
    def _tasks(read: _Read, own: list[ColumnElement[bool]]) -> list[Task]:
        """The customer's tasks, with only the columns the board needs. Tasks share a few
        assignee sets, so each distinct set (JSON text, as ``rows.task_row`` writes it) is
        decoded once: tens of thousands of tasks cost one pass, not one JSON parse each."""
        tk = t.tasks.c
        statement = (
            select(
                raw_column(tk.id),
                raw_column(tk.project_id),
                tk.name,
                raw_column(tk.status_id),
                tk.assignee_ids,
            )
            .select_from(_joined(t.tasks, tk))
            .where(*own)
        )
        teams: dict[str, frozenset[UserId]] = {}
        ids: dict[Any, Any] = {}
        tasks = []
        for task_id, project_id, name, status_id, assignees in _tuples(read.uow.execute(statement)):
            team = teams.get(assignees)
            if team is None:
                team = frozenset(UserId(stored_uuid(u)) for u in json.loads(assignees))
                teams[assignees] = team
            project = ids.get(project_id) or ids.setdefault(project_id, uuid_of(project_id))
            status = ids.get(status_id) or ids.setdefault(status_id, uuid_of(status_id))
            tasks.append(stored(Task, uuid_of(task_id), project, name, status, team))
        return tasks

    # -- tab 4 ---------------------------------------------------------------------------------
    def financials_tab(
        self, customer_id: CustomerId, now: datetime, principal: Principal
    ) -> FinancialsTab:
        with self.read_column() as read:
            customer = read.customer(customer_id)
            settings = read.settings()
            window = month_window(now, settings.zone)
            billing = self._billing_by_day(read, customer_id, principal, window.first, window.end)
            costs = self._costs_by_day(read, customer_id, window.first, window.end)
            forecasts = self._forecasts_by_month(read, customer_id, window.first, window.end)
            invoices = read.invoices(
                [_invoice.customer_id == customer_id, *_visible(principal)], billed_only=False
            )
        return build_financials_tab(customer, settings, window, billing, costs, forecasts, invoices)

    def _billing_by_day(
        self, read: _Read, customer_id: CustomerId, principal: Principal, start: date, end: date
    ) -> list[tuple[date, Money]]:
        statement = (
            select(_invoice.on_date, _invoice.currency, func.sum(_invoice.total_excl_vat_units))
            .where(
                _invoice.organisation_id == self._org,
                _invoice.customer_id == customer_id,
                *billed(t.invoices, self._org),
                _invoice.on_date >= start,
                _invoice.on_date < end,
                *_visible(principal),
            )
            .group_by(_invoice.on_date, _invoice.currency)
        )
        return [
            (day, Money(rows.money_amount(int(units)), currency))
            for day, currency, units in _tuples(read.uow.execute(statement))
        ]

    def _costs_by_day(
        self, read: _Read, customer_id: CustomerId, start: date, end: date
    ) -> list[tuple[date, Money]]:
        statement = (
            select(_cost.on_date, _cost.currency, func.sum(_cost.amount_units))
            .select_from(_joined(t.cost_entries, _cost))
            .where(
                _project.organisation_id == self._org,
                _project.customer_id == customer_id,
                counted_project(t.projects),
                _cost.on_date >= start,
                _cost.on_date < end,
            )
            .group_by(_cost.on_date, _cost.currency)
        )
        return [
            (day, Money(rows.money_amount(int(units)), currency))
            for day, currency, units in _tuples(read.uow.execute(statement))
        ]

    def _forecasts_by_month(
        self, read: _Read, customer_id: CustomerId, start: date, end: date
    ) -> list[tuple[date, Money, Money]]:
        statement = (
            select(
                _forecast.month,
                _forecast.currency,
                func.sum(_forecast.billing_units),
                func.sum(_forecast.costs_units),
            )
            .select_from(_joined(t.project_forecasts, _forecast))
            .where(
                _project.organisation_id == self._org,
                _project.customer_id == customer_id,
                counted_project(t.projects),
                _forecast.month >= start,
                _forecast.month < end,
            )
            .group_by(_forecast.month, _forecast.currency)
        )
        return [
            (
                month,
                Money(rows.money_amount(int(billing)), currency),
                Money(rows.money_amount(int(costs)), currency),
            )
            for month, currency, billing, costs in _tuples(read.uow.execute(statement))
        ]

    def financials_drilldown(
        self, customer_id: CustomerId, month: date, figure: Figure, principal: Principal
    ) -> DrillDown:
        start = month.replace(day=1)
        end = add_months(start, 1)
        with self.read_column() as read:
            read.customer(customer_id)
            settings = read.settings()
            projects = read.projects(customer_id)
            invoices: list[Invoice] = []
            costs: list[CostEntry] = []
            forecasts: list[ProjectForecast] = []
            own = [
                _project.organisation_id == self._org,
                _project.customer_id == customer_id,
                counted_project(t.projects),
            ]
            if figure in (Figure.BILLING, Figure.MARGIN):
                invoices = read.invoices(
                    [
                        _invoice.customer_id == customer_id,
                        _invoice.on_date >= start,
                        _invoice.on_date < end,
                        *_visible(principal),
                    ],
                    billed_only=True,
                )
            if figure in (Figure.COSTS, Figure.MARGIN):
                statement = (
                    select(*_columns(t.cost_entries))
                    .select_from(_joined(t.cost_entries, _cost))
                    .where(*own, _cost.on_date >= start, _cost.on_date < end)
                )
                costs = [rows.cost_from_row(r) for r in read.all(statement)]
            if figure in (Figure.FORECAST_BILLING, Figure.FORECAST_COSTS):
                statement = (
                    select(*_columns(t.project_forecasts))
                    .select_from(_joined(t.project_forecasts, _forecast))
                    .where(*own, _forecast.month == start)
                )
                forecasts = [rows.forecast_from_row(r) for r in read.all(statement)]
        return build_drilldown(
            start, figure, settings.currency, invoices, costs, forecasts, projects
        )

    # -- tab 5 ---------------------------------------------------------------------------------
    def settings_tab(self, customer_id: CustomerId) -> SettingsTab:
        with self.read_column() as read:
            customer = read.customer(customer_id)
            settings = read.settings()
        return build_settings_tab(customer, settings)
