"""The customer card's read models over SQL: every tab in a constant number of statements.

Each tab is one read transaction (REPEATABLE READ, READ ONLY on PostgreSQL) that loads whole sets
filtered by customer (contacts, projects, tasks, invoices... never one row per row). Rows become
trusted entities in ``custreg.adapters.sql.card_rows`` (no validation again: they were validated
when written), and the per-row views are built here straight from them: task cards from task
rows (no Task entity), activity, note and file views from rows and project links (no Project
entity; each Activity and Note built on first use, as ``card_contacts`` makes them), sales
rows from project rows (no Project entity), the invoice list sorted on stored ids and the
drill-downs read in their order. The rules of a tab stay the domain card's: headers, contact
lists, months and drill-downs come from its ``build_*`` functions (``drilldown_of`` with project
links made only when asked for), sales phases from its ``phase_of``, and what is built here
follows them (the card tests compare every tab with the memory adapter's, which only uses the
domain's builders). The Financials tab lets the database sum: billing, costs and forecasts
come back summed per day or month in one statement.

The per-row views of several tabs are built in ``custreg.adapters.sql.card_views``.

Statements per tab, counting the transaction's BEGIN on SQLite (on PostgreSQL the driver's own
BEGIN opens the snapshot, one statement fewer) and with the settings cached (+10 the first time
after they change): contacts 7 (8 when its activities name contacts of other customers), sales
3, collaboration 6, financials 4, settings 1, drill-down at most 4, whatever the data size.
Every tab reads the customer with the token of the settings (an uncorrelated subquery), so
cached settings cost no statement (Collaboration and the drill-down read the customer with its
projects' names in the same one). The Customer settings tab's one statement is a snapshot by
itself, so it begins no transaction (+12 when the settings are not cached).
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

import attrs
from sqlalchemy import ColumnElement
from sqlalchemy import CompoundSelect
from sqlalchemy import FromClause
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import union_all

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.card_contacts import activity_views_of_rows
from custreg.adapters.sql.card_contacts import contacts_tab
from custreg.adapters.sql.card_contacts import note_views_of_rows
from custreg.adapters.sql.card_drilldown import drilldown
from custreg.adapters.sql.card_rows import CardRead
from custreg.adapters.sql.card_statements import I
from custreg.adapters.sql.card_statements import P
from custreg.adapters.sql.card_statements import bound_customer
from custreg.adapters.sql.card_statements import bound_org
from custreg.adapters.sql.card_statements import built
from custreg.adapters.sql.card_statements import counted_by
from custreg.adapters.sql.card_statements import invoices_visible
from custreg.adapters.sql.card_statements import joined_to_projects
from custreg.adapters.sql.card_statements import named_by_activities
from custreg.adapters.sql.card_statements import visibility
from custreg.adapters.sql.card_views import invoice_rows
from custreg.adapters.sql.card_views import sales_tab
from custreg.adapters.sql.predicates import billed
from custreg.adapters.sql.rows.encoding import _load_uuids
from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.trusted import fresh_uuid
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import raw_column
from custreg.adapters.sql.trusted import setter
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.card import CollaborationTab
from custreg.domain.card import ContactsTab
from custreg.domain.card import DrillDown
from custreg.domain.card import Figure
from custreg.domain.card import FinancialsTab
from custreg.domain.card import KanbanColumn
from custreg.domain.card import MonthWindow
from custreg.domain.card import ProjectRef
from custreg.domain.card import SalesTab
from custreg.domain.card import SettingsTab
from custreg.domain.card import TaskCard
from custreg.domain.card import UserRef
from custreg.domain.card import build_financials_tab
from custreg.domain.card import build_settings_tab
from custreg.domain.card import month_window
from custreg.domain.card import user_index
from custreg.domain.card import user_ref
from custreg.domain.forecast import ProjectForecast
from custreg.domain.forecast import add_months
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import Money

if TYPE_CHECKING:
    from uuid import UUID

    from custreg.adapters.sql.database import SqlDatabase

_cost = t.cost_entries.c
_forecast = t.project_forecasts.c
_task_card = maker(TaskCard)
_task_card_later = maker(TaskCard, later=("id",))
_set_task_id = setter(TaskCard, "id")


def _fill_task_id(card: TaskCard, stored: str) -> None:
    _set_task_id(card, fresh_uuid(stored))


def _by_name(user: UserRef) -> tuple[str, UUID]:
    return (user.name.casefold(), user.id)


class SqlCardQueries:
    """CardQueries over a SqlDatabase, for one organisation."""

    def __init__(self, database: SqlDatabase, organisation_id: OrganisationId) -> None:
        self._database = database
        self._org = organisation_id

    @contextmanager
    def read_column(self) -> Iterator[CardRead]:
        with SqlUnitOfWork(self._database, self._org, read_only=True) as uow:
            yield CardRead(uow)

    # -- tab 1 ---------------------------------------------------------------------------------
    def contacts_tab(self, customer_id: CustomerId) -> ContactsTab:
        """Made from rows in ``custreg.adapters.sql.card_contacts``: contacts, activity, note
        and file views with what the tab's rules read, the rest built on first use."""
        with self.read_column() as read:
            return contacts_tab(read, customer_id)

    # -- tab 2 ---------------------------------------------------------------------------------
    def sales_tab(self, customer_id: CustomerId, principal: Principal, /) -> SalesTab:
        """Whether a project has a visible invoice or a proposal comes with its row (correlated
        EXISTS, as the hand-written floor does): one statement for the whole list."""
        kind, seen, values = visibility(principal)

        def flags() -> tuple[ColumnElement[bool], ...]:
            links, proposals = t.invoice_projects.c, t.proposals.c
            visible = invoices_visible(seen)
            linked: FromClause = t.invoice_projects
            if visible:  # only some invoices count: the link's invoice must be one of them
                on = (I.organisation_id == links.organisation_id) & (I.id == links.invoice_id)
                linked = linked.join(t.invoices, on)
            has_invoice = (
                select(links.project_id)
                .select_from(linked)
                .where(
                    links.organisation_id == P.organisation_id,
                    links.project_id == P.id,
                    *visible,
                )
                .exists()
            )
            has_proposal = (
                select(proposals.project_id)
                .where(proposals.organisation_id == P.organisation_id, proposals.project_id == P.id)
                .exists()
            )
            return has_invoice, has_proposal

        with self.read_column() as read:
            customer = read.customer_ref(customer_id)
            settings = read.settings()
            found = read.project_rows(customer_id, ("sales", kind), flags, **values)
            return sales_tab(read, customer, found, settings, principal.sees_money)

    # -- tab 3 ---------------------------------------------------------------------------------
    def collaboration_tab(self, customer_id: CustomerId) -> CollaborationTab:
        """Built here from rows (the rules of ``build_collaboration_tab``): each task row becomes
        its card directly, without a Task entity, its project link looked up by the stored id."""
        with self.read_column() as read:
            customer, projects = read.customer_projects(customer_id)
            settings = read.settings()
            by_row = read.project_refs(projects)
            columns = self._board(read, customer_id, by_row, settings)
            notes = read.note_rows(customer_id, with_projects=True)
            activities = read.activity_rows(customer_id)
            c = t.contacts.c
            statement = built(
                ("named", read.text_ids),
                lambda: select(raw_column(c.id), c.first_name, c.last_name).where(
                    c.organisation_id == bound_org(), c.id.in_(named_by_activities(read.text_ids))
                ),
            )
            # the contacts named, as rows by stored id with the names where the Contacts
            # tab's contact rows have them (2, 3)
            named = {i: (i, None, fst, lst) for i, fst, lst in read.plain(
                statement, customer=customer_id
            )}  # fmt: skip
        planned, past = activity_views_of_rows(read, activities, named, by_row, settings)
        mine = read.stored(customer_id)
        shown = [  # the customer's own notes and its projects' (by stored ids)
            row for row in notes if (row[5] is None and row[1] == mine) or row[5] in by_row
        ]
        all_notes = note_views_of_rows(read, shown, by_row, settings)
        return CollaborationTab(
            customer=customer,
            columns=columns,
            project_notes=tuple(
                view for view, row in zip(all_notes, shown, strict=True) if row[5] is not None
            ),
            planned_activities=planned,
            past_activities=past,
            notes=all_notes,
        )

    @staticmethod
    def _board(
        read: CardRead,
        customer_id: CustomerId,
        by_row: Mapping[Any, ProjectRef],
        settings: OrganisationSettings,
    ) -> tuple[KanbanColumn, ...]:
        """The kanban (T3, T4): a card per task, in one pass over the task rows as the driver
        fetches them. Tasks share a few assignee lists and statuses, so each distinct one is
        resolved once. The rows come by project number, name and id, the cards' order unless
        names differ only in case (the cards sort by name case-insensitively): each column
        checks its order as its cards come, and only a column out of order is sorted again.
        Neither the rows nor sort keys are kept: fewer objects for the garbage collector."""
        tk = t.tasks.c
        statement = built("board", lambda: (
            select(
                raw_column(tk.id),
                raw_column(tk.project_id),
                tk.name,
                raw_column(tk.status_id),
                tk.assignee_ids,
            )
            .select_from(joined_to_projects(t.tasks, tk))
            .where(P.organisation_id == bound_org(), P.customer_id == bound_customer())
            .order_by(P.number, tk.name, tk.id)  # the cards' order, but for names' case
        ))  # fmt: skip
        users = user_index(settings)
        done = {status.id: status.is_done for status in settings.task_statuses}
        teams: dict[str, tuple[UserRef, ...]] = {}
        # per stored status: (status id, is done, its column's [cards, last key, out of order])
        states: dict[Any, tuple[Any, bool, list[Any]]] = {}
        columns: dict[Any, list[Any]] = {}
        # A card's own id: the driver's UUID on PostgreSQL; on SQLite decoded on first use
        # (the stored hex digits sort as the UUIDs do, so the order needs no decoding).
        later = read.text_ids
        make = _task_card_later if later else _task_card
        for task_id, project_id, name, status_id, assignees in read.stream(
            statement, customer=customer_id
        ):
            project = by_row[project_id]  # the join keeps the customer's projects
            team = teams.get(assignees)
            if team is None:
                found = (user_ref(users, UserId(u)) for u in _load_uuids(assignees))
                team = teams[assignees] = tuple(sorted((r for r in found if r), key=_by_name))
            state = states.get(status_id)
            if state is None:
                status = read.ids(status_id)
                known = done.get(status)
                column = status if known is not None else None  # unknown: its own column
                if column not in columns:
                    columns[column] = [[], None, False]
                state = states[status_id] = (status, bool(known), columns[column])
            status, is_done, bucket = state
            if later:
                card = make(name, project, status, team, is_done, (_fill_task_id, task_id))
            else:
                card = make(task_id, name, project, status, team, is_done)
            bucket[0].append(card)
            key = (project.number, name.casefold(), task_id)
            if bucket[1] is not None and key < bucket[1]:
                bucket[2] = True
            bucket[1] = key
        statuses = settings.task_statuses
        ordered = sorted(enumerate(statuses), key=lambda pair: (pair[1].order, pair[0]))
        empty: list[Any] = [[], None, False]
        board = [
            KanbanColumn(status, _in_order(columns.get(status.id, empty)))
            for _, status in ordered
            if status.active or columns.get(status.id)
        ]
        if None in columns:
            board.append(KanbanColumn(None, _in_order(columns[None])))
        return tuple(board)

    # -- tab 4 ---------------------------------------------------------------------------------
    def financials_tab(
        self, customer_id: CustomerId, now: datetime, principal: Principal
    ) -> FinancialsTab:
        with self.read_column() as read:
            customer = read.customer_ref(customer_id)
            settings = read.settings()
            window = month_window(now, settings.zone)
            billing, costs, forecasts = self._sums(read, customer_id, principal, window)
            found, projects = read.invoice_rows(customer_id, principal)
            invoices = invoice_rows(read, found, projects, settings.invoice_statuses)
        tab = build_financials_tab(customer, settings, window, billing, costs, forecasts, ())
        return attrs.evolve(tab, invoices=invoices)

    def _sums(
        self, read: CardRead, customer_id: CustomerId, principal: Principal, window: MonthWindow
    ) -> tuple[list[tuple[date, Money]], list[tuple[date, Money]], list[tuple[date, Money, Money]]]:
        """Billing and costs summed per day, forecasts per month, in the window: ONE statement
        (three grouped SELECTs in a UNION ALL, told apart by their first column)."""
        kind, seen, values = visibility(principal)
        statement = built(("sums", kind), lambda: _sums_statement(seen))
        found: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        for kind_of, day, currency, first, second in read.run(
            statement, customer=customer_id, start=window.first, end=window.end, **values
        ):
            amount = Money(money_amount(int(first)), currency)
            if kind_of == 2:
                found[2].append((day, amount, Money(money_amount(int(second)), currency)))
            else:
                found[kind_of].append((day, amount))
        return found

    def financials_drilldown(
        self, customer_id: CustomerId, month: date, figure: Figure, principal: Principal
    ) -> DrillDown:
        """Made from rows in ``custreg.adapters.sql.card_drilldown``: summed as read, each
        invoice and cost entry built on first use."""
        start = month.replace(day=1)
        end = add_months(start, 1)
        with self.read_column() as read:
            _, names = read.customer_projects(customer_id)
            settings = read.settings()
            invoices: tuple[list[Any], dict[Any, list[Any]]] = ([], {})
            costs: list[Any] = []
            forecasts: list[ProjectForecast] = []
            if figure in (Figure.BILLING, Figure.MARGIN):
                invoices = read.invoice_rows(customer_id, principal, (start, end))
            if figure in (Figure.COSTS, Figure.MARGIN):
                costs = read.cost_rows(customer_id, start, end)
            if figure in (Figure.FORECAST_BILLING, Figure.FORECAST_COSTS):
                forecasts = read.forecasts(customer_id, start)
        return drilldown(read, start, figure, settings.currency, invoices, costs, forecasts, names)

    # -- tab 5 ---------------------------------------------------------------------------------
    def settings_tab(self, customer_id: CustomerId) -> SettingsTab:
        """The customer with the token of the settings in one statement, a snapshot by itself
        (no transaction begun for it on SQLite), and the settings cached under that token.
        Settings not cached are read in the transaction then begun; had they changed in
        between (another token), the customer is read again in it: one snapshot, as ever."""
        with SqlUnitOfWork(self._database, self._org, read_only=True) as uow:
            customer, token = uow.customers.get_with_settings_token(customer_id, alone=True)
            settings = uow.settings.cached(token)
            if settings is None:
                read, settings = uow.settings.with_token()
                if read != token:
                    customer = uow.customers.get(customer_id)
        return build_settings_tab(customer, settings)


def _sums_statement(seen: InvoiceVisibility | None) -> CompoundSelect[Any]:
    """Billing (K4, what ``seen`` lets the principal see) and costs per day, forecasts per
    month, of the customer's counted projects from ``start`` to before ``end``: three grouped
    SELECTs in a UNION ALL, told apart by their first column."""
    start: Any = bindparam("start")
    end: Any = bindparam("end")
    zero = literal(0)
    billing = (
        select(literal(0), I.on_date, I.currency, func.sum(I.total_excl_vat_units), zero)
        .where(
            I.organisation_id == bound_org(),
            I.customer_id == bound_customer(),
            *billed(t.invoices, bound_org()),
            I.on_date >= start,
            I.on_date < end,
            *invoices_visible(seen),
        )
        .group_by(I.on_date, I.currency)
    )
    costs = (
        select(literal(1), _cost.on_date, _cost.currency, func.sum(_cost.amount_units), zero)
        .select_from(joined_to_projects(t.cost_entries, _cost))
        .where(*counted_by(), _cost.on_date >= start, _cost.on_date < end)
        .group_by(_cost.on_date, _cost.currency)
    )
    f = _forecast
    forecasts = (
        select(literal(2), f.month, f.currency, func.sum(f.billing_units), func.sum(f.costs_units))
        .select_from(joined_to_projects(t.project_forecasts, f))
        .where(*counted_by(), f.month >= start, f.month < end)
        .group_by(f.month, f.currency)
    )
    return union_all(billing, costs, forecasts)


def _in_order(column: list[Any]) -> tuple[TaskCard, ...]:
    """A column's cards (``[cards, last key, out of order]``) by project number, name
    (case-insensitive), id (``_sorted_cards`` of the domain): as they came when already in
    that order, else sorted."""
    cards, _, unsorted = column
    return tuple(sorted(cards, key=_card_order) if unsorted else cards)


def _card_order(card: TaskCard) -> tuple[int, str, UUID]:
    return (card.project.number, card.name.casefold(), card.id)
