"""The customer card's read models, one per tab, and the pure functions that assemble them.

Adapters load the rows a tab needs in a fixed number of reads and hand them to ``build_*``; the
shape, order and rules of a tab (headquarters marked, planned vs past activities, sales phases,
kanban columns, monthly figures) live here once, so every adapter shows the same card.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from attrs import frozen

from custreg.domain.activity import Activity, FileLink, Note, Task
from custreg.domain.address import Address
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress, EInvoiceAddresses
from custreg.domain.forecast import ProjectForecast, add_months
from custreg.domain.ids import (
    ContactId,
    CustomerId,
    ProjectId,
    SalesStatusId,
    TaskId,
    TaskStatusId,
    UserId,
)
from custreg.domain.invoice import Invoice, is_billed
from custreg.domain.project import CostEntry, Project
from custreg.domain.settings import (
    CustomFieldDefinition,
    CustomValue,
    InvoiceTemplate,
    MarketSegment,
    OrganisationSettings,
    SalesState,
    SalesStatus,
    TaskStatus,
    VatRate,
)
from custreg.domain.values import CustomerNumber, Money

UNKNOWN_USER = "(unknown user)"


# -- references shown next to things --------------------------------------------------------------
@frozen
class UserRef:
    """A user as the card shows them: id and name (removed users show as unknown)."""

    id: UserId
    name: str


@frozen
class ProjectRef:
    """The project link shown next to a note, activity, file or task."""

    id: ProjectId
    number: int
    name: str


@frozen
class CustomerRef:
    """Which customer a tab is about."""

    id: CustomerId
    number: CustomerNumber
    name: str
    status: CustomerStatus


Users = Mapping[UserId, UserRef]


def user_index(settings: OrganisationSettings) -> Users:
    """The organisation's users by id, built once per tab."""
    return {user.id: UserRef(user.id, user.name) for user in settings.users}


def user_ref(users: Users, user_id: UserId | None) -> UserRef | None:
    if user_id is None:
        return None
    return users.get(user_id) or UserRef(user_id, UNKNOWN_USER)


def project_ref(project: Project) -> ProjectRef:
    return ProjectRef(project.id, project.number, project.name)


def customer_ref(customer: Customer) -> CustomerRef:
    return CustomerRef(customer.id, customer.number, customer.name, customer.status)


def _link(projects: Mapping[ProjectId, Project], project_id: ProjectId | None) -> ProjectRef | None:
    if project_id is None or project_id not in projects:
        return None
    return project_ref(projects[project_id])


# -- tab 1: contacts & addresses ------------------------------------------------------------------
@frozen
class CustomerHeader:
    """The top of the card: name, number, account owner, who created and last changed it."""

    id: CustomerId
    number: CustomerNumber
    name: str
    status: CustomerStatus
    vat_number: str | None
    business_id: str | None
    owner: UserRef | None
    created_at: datetime
    created_by: UserRef | None
    updated_at: datetime | None
    updated_by: UserRef | None
    version: int


@frozen
class AddressLine:
    """An address with the headquarters marked (A2: exactly one when there are any)."""

    address: Address
    is_headquarters: bool


@frozen
class ActivityView:
    """An activity with its project link (T2), owner and contacts' names (P3: deleted ones too)."""

    activity: Activity
    project: ProjectRef | None
    owner: UserRef | None
    contact_names: tuple[str, ...]

    @property
    def is_planned(self) -> bool:
        return not self.activity.done


@frozen
class NoteView:
    """A note; ``project`` is the project link shown when it was added on a project (N3)."""

    note: Note
    project: ProjectRef | None
    author: UserRef | None


@frozen
class FileView:
    """A file or link of the customer, with its project link when added on a project."""

    file: FileLink
    project: ProjectRef | None


@frozen
class ContactsTab:
    """Contacts & addresses: everything the first tab shows, from one call.

    ``contacts`` is the default list (active, P2); ``inactive_contacts`` what "Show inactive" adds.
    Deleted contacts are in neither (P3). ``keywords`` are those in use on listed contacts (P4).
    """

    header: CustomerHeader
    addresses: tuple[AddressLine, ...]
    contacts: tuple[Contact, ...]
    inactive_contacts: tuple[Contact, ...]
    keywords: tuple[str, ...]
    planned_activities: tuple[ActivityView, ...]
    past_activities: tuple[ActivityView, ...]
    notes: tuple[NoteView, ...]
    files: tuple[FileView, ...]

    @property
    def contacts_with_inactive(self) -> tuple[Contact, ...]:
        """The "Show inactive" list: active and inactive contacts, in name order."""
        return tuple(sorted((*self.contacts, *self.inactive_contacts), key=contact_order))


def contact_order(contact: Contact) -> tuple[str, str, UUID]:
    """Contacts are listed by last name, then first name (case-insensitive), then id."""
    return (contact.last_name.casefold(), contact.first_name.casefold(), contact.id)


def planned_order(activity: Activity) -> tuple[bool, float, UUID]:
    """Planned activities: soonest first, undated last."""
    when = activity.starts_at
    return (when is None, when.timestamp() if when else 0.0, activity.id)


def past_order(activity: Activity) -> tuple[bool, float, UUID]:
    """Past activities: most recent first, undated last."""
    when = activity.starts_at
    return (when is None, -when.timestamp() if when else 0.0, activity.id)


def newest_first(created_at: datetime, item_id: UUID) -> tuple[float, UUID]:
    """Notes and files: newest first."""
    return (-created_at.timestamp(), item_id)


def activity_view(
    activity: Activity,
    projects: Mapping[ProjectId, Project],
    names: Mapping[ContactId, str],
    users: Users,
) -> ActivityView:
    contact_names = tuple(sorted(names[c] for c in activity.contact_ids if c in names))
    return ActivityView(
        activity,
        _link(projects, activity.project_id),
        user_ref(users, activity.owner_id),
        contact_names,
    )


def split_activities(
    activities: Iterable[Activity],
    projects: Mapping[ProjectId, Project],
    names: Mapping[ContactId, str],
    users: Users,
) -> tuple[tuple[ActivityView, ...], tuple[ActivityView, ...]]:
    """T1: (planned, past): open activities soonest first, done ones most recent first."""
    items = list(activities)
    planned = sorted((a for a in items if not a.done), key=planned_order)
    past = sorted((a for a in items if a.done), key=past_order)
    return (
        tuple(activity_view(a, projects, names, users) for a in planned),
        tuple(activity_view(a, projects, names, users) for a in past),
    )


def note_views(
    notes: Iterable[Note], projects: Mapping[ProjectId, Project], users: Users
) -> tuple[NoteView, ...]:
    ordered = sorted(notes, key=lambda n: newest_first(n.created_at, n.id))
    return tuple(
        NoteView(n, _link(projects, n.project_id), user_ref(users, n.created_by)) for n in ordered
    )


def build_contacts_tab(
    customer: Customer,
    addresses: Iterable[Address],
    contacts: Iterable[Contact],
    activities: Iterable[Activity],
    notes: Iterable[Note],
    files: Iterable[FileLink],
    projects: Iterable[Project],
    settings: OrganisationSettings,
) -> ContactsTab:
    """Assemble the Contacts & addresses tab.

    ``contacts`` holds every contact of the customer (inactive and deleted too) plus any contact
    of another customer that one of its activities names; ``projects`` the customer's projects.
    """
    by_project = {p.id: p for p in projects}
    everyone = list(contacts)
    names = {c.id: c.full_name for c in everyone}
    own = [c for c in everyone if c.customer_id == customer.id and not c.is_deleted]
    active = sorted((c for c in own if c.active), key=contact_order)
    inactive = sorted((c for c in own if not c.active), key=contact_order)
    hq = customer.headquarters_address_id
    users = user_index(settings)
    planned, past = split_activities(activities, by_project, names, users)
    return ContactsTab(
        header=CustomerHeader(
            id=customer.id,
            number=customer.number,
            name=customer.name,
            status=customer.status,
            vat_number=customer.vat_number.value if customer.vat_number else None,
            business_id=customer.business_id.value if customer.business_id else None,
            owner=user_ref(users, customer.owner_id),
            created_at=customer.created_at,
            created_by=user_ref(users, customer.created_by),
            updated_at=customer.updated_at,
            updated_by=user_ref(users, customer.updated_by),
            version=customer.version,
        ),
        addresses=tuple(
            AddressLine(a, a.id == hq) for a in sorted(addresses, key=lambda a: (a.ordinal, a.id))
        ),
        contacts=tuple(active),
        inactive_contacts=tuple(inactive),
        keywords=tuple(sorted({k for c in own for k in c.keywords})),
        planned_activities=planned,
        past_activities=past,
        notes=note_views(notes, by_project, users),
        files=tuple(
            FileView(f, _link(by_project, f.project_id))
            for f in sorted(files, key=lambda f: newest_first(f.created_at, f.id))
        ),
    )


# -- tab 2: sales & projects ----------------------------------------------------------------------
class ProjectPhase(enum.Enum):
    """Which list of the Sales & projects tab a project is in (exactly one)."""

    OPEN_SALES_CASE = "open_sales_case"
    CLOSED_SALES_CASE = "closed_sales_case"
    OPEN_PROJECT = "open_project"
    CLOSED_PROJECT = "closed_project"


def project_phase(project: Project, statuses: Mapping[SalesStatusId, SalesStatus]) -> ProjectPhase:
    """S1: in progress = open sales case; lost = closed sales case; won or no sales status = a
    project, open or closed by its closed flag."""
    status = statuses.get(project.sales_status_id) if project.sales_status_id else None
    state = status.state if status else None
    if state is SalesState.LOST or (state is SalesState.IN_PROGRESS and project.is_closed):
        return ProjectPhase.CLOSED_SALES_CASE
    if state is SalesState.IN_PROGRESS:
        return ProjectPhase.OPEN_SALES_CASE
    return ProjectPhase.CLOSED_PROJECT if project.is_closed else ProjectPhase.OPEN_PROJECT


@frozen
class ProjectRow:
    """A project or sales case on the Sales & projects tab.

    ``value`` is None when the principal may not see money (U5). ``movable`` says whether it may
    change customer (S2: no invoice and no proposal).
    """

    id: ProjectId
    number: int
    name: str
    phase: ProjectPhase
    sales_status: SalesStatus | None
    probability: int
    value: Money | None
    owner: UserRef | None
    is_internal: bool
    is_closed: bool
    has_invoice: bool
    has_proposal: bool
    version: int

    @property
    def movable(self) -> bool:
        return not self.has_invoice and not self.has_proposal


@frozen
class SalesTab:
    """Sales & projects: open and closed sales cases and projects (each project in one list)."""

    customer: CustomerRef
    open_sales_cases: tuple[ProjectRow, ...]
    closed_sales_cases: tuple[ProjectRow, ...]
    open_projects: tuple[ProjectRow, ...]
    closed_projects: tuple[ProjectRow, ...]
    money_visible: bool

    @property
    def rows(self) -> tuple[ProjectRow, ...]:
        return (
            *self.open_sales_cases,
            *self.closed_sales_cases,
            *self.open_projects,
            *self.closed_projects,
        )


def build_sales_tab(
    customer: Customer,
    projects: Iterable[Project],
    invoiced: Collection[ProjectId],
    proposed: Collection[ProjectId],
    settings: OrganisationSettings,
    money_visible: bool,
) -> SalesTab:
    """Assemble the Sales & projects tab; ``invoiced``/``proposed`` are the ids of the customer's
    projects that have an invoice / a proposal."""
    statuses = {s.id: s for s in settings.sales_statuses}
    users = user_index(settings)
    lists: dict[ProjectPhase, list[ProjectRow]] = defaultdict(list)
    for project in sorted(projects, key=lambda p: (p.number, p.id)):
        phase = project_phase(project, statuses)
        status = statuses.get(project.sales_status_id) if project.sales_status_id else None
        lists[phase].append(
            ProjectRow(
                id=project.id,
                number=project.number,
                name=project.name,
                phase=phase,
                sales_status=status,
                probability=project.probability,
                value=project.expected_value if money_visible else None,
                owner=user_ref(users, project.owner_id),
                is_internal=project.is_internal,
                is_closed=project.is_closed,
                has_invoice=project.id in invoiced,
                has_proposal=project.id in proposed,
                version=project.version,
            )
        )
    return SalesTab(
        customer=customer_ref(customer),
        open_sales_cases=tuple(lists[ProjectPhase.OPEN_SALES_CASE]),
        closed_sales_cases=tuple(lists[ProjectPhase.CLOSED_SALES_CASE]),
        open_projects=tuple(lists[ProjectPhase.OPEN_PROJECT]),
        closed_projects=tuple(lists[ProjectPhase.CLOSED_PROJECT]),
        money_visible=money_visible,
    )


# -- tab 3: collaboration -------------------------------------------------------------------------
def task_is_done(task: Task, statuses: Mapping[TaskStatusId, TaskStatus]) -> bool:
    """T4: a task is done exactly when its status carries the Done flag."""
    status = statuses.get(task.status_id)
    return status is not None and status.is_done


@frozen
class TaskCard:
    """A task on the board: its project, assignees and whether it is done (T4)."""

    id: TaskId
    name: str
    project: ProjectRef
    status_id: TaskStatusId
    assignees: tuple[UserRef, ...]
    is_done: bool


@frozen
class KanbanColumn:
    """One task status with its tasks; ``status`` is None only for tasks whose status is unknown."""

    status: TaskStatus | None
    tasks: tuple[TaskCard, ...]

    @property
    def count(self) -> int:
        return len(self.tasks)

    @property
    def name(self) -> str:
        return self.status.name if self.status else "(unknown status)"


@frozen
class CollaborationTab:
    """Collaboration (V4): every task of every project of the customer in exactly one column
    (T3), the customer's activities (planned and past, T1/T2) and the notes of the customer and
    of its projects (N2, N3); ``project_notes`` is the part of ``notes`` made on projects."""

    customer: CustomerRef
    columns: tuple[KanbanColumn, ...]
    project_notes: tuple[NoteView, ...]
    #: V4: the customer's open activities (its own and its projects'), soonest first (T1).
    planned_activities: tuple[ActivityView, ...] = ()
    #: V4: the customer's done activities, most recent first (T1).
    past_activities: tuple[ActivityView, ...] = ()
    #: V4: every note of the customer and of its projects (N2, N3), newest first.
    notes: tuple[NoteView, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Tasks per column name."""
        return {c.name: c.count for c in self.columns}

    @property
    def total(self) -> int:
        return sum(c.count for c in self.columns)


def build_collaboration_tab(
    customer: Customer,
    projects: Iterable[Project],
    tasks: Iterable[Task],
    notes: Iterable[Note],
    settings: OrganisationSettings,
    activities: Iterable[Activity] = (),
    contact_names: Mapping[ContactId, str] | None = None,
) -> CollaborationTab:
    """Assemble the kanban: active statuses always have a column, disabled ones only while tasks
    still carry them; columns in the organisation's order. ``notes`` are the customer's notes
    and its projects' (a note of another customer's project is left out), ``activities`` the
    customer's, ``contact_names`` the names of the contacts those activities name."""
    by_project = {p.id: p for p in projects}
    statuses = {s.id: s for s in settings.task_statuses}
    users = user_index(settings)
    refs = {p.id: project_ref(p) for p in by_project.values()}
    done = {status_id: status.is_done for status_id, status in statuses.items()}
    teams: dict[frozenset[UserId], tuple[UserRef, ...]] = {}  # tasks share a few assignee sets
    cards: dict[TaskStatusId | None, list[TaskCard]] = defaultdict(list)
    for task in tasks:
        project = refs.get(task.project_id)
        if project is None:
            continue
        team = teams.get(task.assignee_ids)
        if team is None:
            found = (user_ref(users, u) for u in task.assignee_ids)
            team = tuple(sorted((r for r in found if r), key=lambda r: (r.name.casefold(), r.id)))
            teams[task.assignee_ids] = team
        is_done = done.get(task.status_id)
        key = task.status_id if is_done is not None else None
        card = TaskCard(task.id, task.name, project, task.status_id, team, bool(is_done))
        cards[key].append(card)
    ordered = sorted(enumerate(settings.task_statuses), key=lambda pair: (pair[1].order, pair[0]))
    columns = [
        KanbanColumn(status, _sorted_cards(cards.get(status.id, [])))
        for _, status in ordered
        if status.active or cards.get(status.id)
    ]
    if cards.get(None):
        columns.append(KanbanColumn(None, _sorted_cards(cards[None])))
    shown = [
        n
        for n in notes
        if (n.project_id is None and n.customer_id == customer.id) or n.project_id in by_project
    ]
    planned, past = split_activities(
        (a for a in activities if a.customer_id == customer.id),
        by_project,
        contact_names or {},
        users,
    )
    all_notes = note_views(shown, by_project, users)
    return CollaborationTab(
        customer=customer_ref(customer),
        columns=tuple(columns),
        project_notes=tuple(v for v in all_notes if v.note.project_id is not None),
        planned_activities=planned,
        past_activities=past,
        notes=all_notes,
    )


def _sorted_cards(cards: list[TaskCard]) -> tuple[TaskCard, ...]:
    return tuple(sorted(cards, key=lambda c: (c.project.number, c.name.casefold(), c.id)))


# -- tab 4: financials ----------------------------------------------------------------------------
#: The Financials tab shows this many months up to and including the current one ...
PAST_MONTHS = 6
#: ... and at most this many coming months, up to the last one that has a forecast.
FORECAST_HORIZON = 12


class Figure(enum.Enum):
    """A figure of the Financials tab that can be drilled down to the rows it sums."""

    BILLING = "billing"
    COSTS = "costs"
    MARGIN = "margin"
    FORECAST_BILLING = "forecast_billing"
    FORECAST_COSTS = "forecast_costs"


@frozen
class MonthWindow:
    """The months the Financials tab covers: ``first`` .. ``current`` (the past six, this one
    included) and up to ``FORECAST_HORIZON`` months after it where forecasts exist."""

    current: date

    @property
    def first(self) -> date:
        return add_months(self.current, -(PAST_MONTHS - 1))

    @property
    def end(self) -> date:
        """The first day after the window's last possible month (exclusive bound)."""
        return add_months(self.current, FORECAST_HORIZON + 1)

    @property
    def past_end(self) -> date:
        """The first day after the current month: later months are the coming ones."""
        return add_months(self.current, 1)


def month_window(now: datetime, zone: ZoneInfo) -> MonthWindow:
    """The window for ``now`` as seen in the organisation's time zone."""
    local = now.astimezone(zone).date()
    return MonthWindow(local.replace(day=1))


@frozen
class MonthFigures:
    """One month of the Financials tab; margin = billing - costs (K1's rule, per month)."""

    month: date
    billing: Money
    costs: Money
    forecast_billing: Money
    forecast_costs: Money
    is_future: bool

    @property
    def margin(self) -> Money:
        return self.billing - self.costs

    def figure(self, which: Figure) -> Money:
        return {
            Figure.BILLING: self.billing,
            Figure.COSTS: self.costs,
            Figure.MARGIN: self.margin,
            Figure.FORECAST_BILLING: self.forecast_billing,
            Figure.FORECAST_COSTS: self.forecast_costs,
        }[which]


@frozen
class InvoiceRow:
    """An invoice of the customer as the Financials tab lists it."""

    invoice: Invoice
    status_name: str
    is_billed: bool


@frozen
class FinancialsTab:
    """Financials (only for All, U5): monthly actuals and forecasts plus the customer's invoices
    the principal may see, newest first."""

    customer: CustomerRef
    currency: str
    months: tuple[MonthFigures, ...]
    invoices: tuple[InvoiceRow, ...]

    def month(self, month: date) -> MonthFigures:
        for figures in self.months:
            if figures.month == month.replace(day=1):
                return figures
        raise KeyError(month)


Amounts = Iterable[tuple[date, Money]]


def _bucket(rows: Amounts, currency: str) -> dict[date, Money]:
    sums: dict[date, Money] = {}
    for day, amount in rows:
        month = day.replace(day=1)
        sums[month] = sums.get(month, Money.zero(currency)) + amount
    return sums


def build_financials_tab(
    customer: Customer,
    settings: OrganisationSettings,
    window: MonthWindow,
    billing: Amounts,
    costs: Amounts,
    forecasts: Iterable[tuple[date, Money, Money]],
    invoices: Iterable[Invoice],
) -> FinancialsTab:
    """Assemble the Financials tab.

    ``billing``: (date, excl. VAT total) of the billed, visible invoices dated in the window (any
    granularity: one row per invoice or per day; rows dated in a coming month count there).
    ``costs``: (date, amount) of cost entries on the customer's non-internal projects.
    ``forecasts``: (month, billing, costs) of forecasts on those projects. ``invoices``: every
    invoice of the customer the principal may see.
    """
    currency = settings.currency
    zero = Money.zero(currency)
    billed = _bucket(billing, currency)
    spent = _bucket(costs, currency)
    f_billing: dict[date, Money] = {}
    f_costs: dict[date, Money] = {}
    for month, fb, fc in forecasts:
        key = month.replace(day=1)
        f_billing[key] = f_billing.get(key, zero) + fb
        f_costs[key] = f_costs.get(key, zero) + fc
    future = [m for m in f_billing if window.past_end <= m < window.end]
    last = max(future, default=window.current)
    months: list[MonthFigures] = []
    month = window.first
    while month <= last:
        months.append(
            MonthFigures(
                month=month,
                billing=billed.get(month, zero),
                costs=spent.get(month, zero),
                forecast_billing=f_billing.get(month, zero),
                forecast_costs=f_costs.get(month, zero),
                is_future=month > window.current,
            )
        )
        month = add_months(month, 1)
    statuses = {s.id: s for s in settings.invoice_statuses}
    rows = []
    for invoice in sorted(invoices, key=lambda i: (i.on, i.id), reverse=True):
        status = statuses.get(invoice.status_id)
        rows.append(
            InvoiceRow(
                invoice,
                status.name if status else "(unknown status)",
                status is not None and is_billed(invoice, status),
            )
        )
    return FinancialsTab(customer_ref(customer), currency, tuple(months), tuple(rows))


@frozen
class DrillDown:
    """The rows one figure of one month sums: billed invoices, cost entries or forecasts.

    For MARGIN both invoices and costs are given and ``total`` is their difference.
    """

    month: date
    figure: Figure
    invoices: tuple[Invoice, ...]
    costs: tuple[CostEntry, ...]
    forecasts: tuple[ProjectForecast, ...]
    projects: tuple[ProjectRef, ...]
    total: Money


def build_drilldown(
    month: date,
    figure: Figure,
    currency: str,
    invoices: Sequence[Invoice],
    costs: Sequence[CostEntry],
    forecasts: Sequence[ProjectForecast],
    projects: Iterable[Project],
) -> DrillDown:
    """The drill-down of ``figure`` in ``month``; the rows given must be exactly the ones summed."""
    zero = Money.zero(currency)
    billing = sum((i.total_excl_vat for i in invoices), zero)
    spent = sum((c.amount for c in costs), zero)
    total = {
        Figure.BILLING: billing,
        Figure.COSTS: spent,
        Figure.MARGIN: billing - spent,
        Figure.FORECAST_BILLING: sum((f.billing for f in forecasts), zero),
        Figure.FORECAST_COSTS: sum((f.costs for f in forecasts), zero),
    }[figure]
    used = {c.project_id for c in costs} | {f.project_id for f in forecasts}
    used |= {p for i in invoices for p in i.project_ids}
    refs = tuple(project_ref(p) for p in sorted(projects, key=lambda p: p.number) if p.id in used)
    return DrillDown(
        month=month.replace(day=1),
        figure=figure,
        invoices=tuple(sorted(invoices, key=lambda i: (i.on, i.id))),
        costs=tuple(sorted(costs, key=lambda c: (c.on, c.id))),
        forecasts=tuple(sorted(forecasts, key=lambda f: f.project_id)),
        projects=refs,
        total=total,
    )


# -- tab 5: customer settings ---------------------------------------------------------------------
@frozen
class SegmentView:
    segment: MarketSegment
    group_name: str | None


@frozen
class CustomFieldView:
    """A custom field definition with the customer's value (None: not set)."""

    definition: CustomFieldDefinition
    value: CustomValue | None


@frozen
class SettingsTab:
    """Customer settings: billing settings, market segments and custom fields."""

    customer: CustomerRef
    invoice_template: InvoiceTemplate | None
    default_vat_rate: VatRate | None
    payment_term_days: int | None
    #: C7: every e-invoicing address, the default first.
    einvoice_addresses: EInvoiceAddresses
    market_segments: tuple[SegmentView, ...]
    custom_fields: tuple[CustomFieldView, ...]
    version: int

    @property
    def einvoice(self) -> EInvoiceAddress | None:
        """The default e-invoicing address (None: the customer has none)."""
        return self.einvoice_addresses.default


def build_settings_tab(customer: Customer, settings: OrganisationSettings) -> SettingsTab:
    """Assemble the Customer settings tab: active custom fields always, disabled ones only while
    the customer still has a value."""
    templates = {t.id: t for t in settings.invoice_templates}
    rates = {r.id: r for r in settings.vat_rates}
    groups = {g.id: g.name for g in settings.market_segment_groups}
    segments = [
        SegmentView(s, groups.get(s.group_id) if s.group_id else None)
        for s in settings.market_segments
        if s.id in customer.market_segment_ids
    ]
    fields = [
        CustomFieldView(d, customer.custom_fields.get(d.id))
        for d in settings.custom_fields
        if d.active or d.id in customer.custom_fields
    ]
    template_id, rate_id = customer.invoice_template_id, customer.default_vat_rate_id
    return SettingsTab(
        customer=customer_ref(customer),
        invoice_template=templates.get(template_id) if template_id else None,
        default_vat_rate=rates.get(rate_id) if rate_id else None,
        payment_term_days=customer.payment_term_days,
        einvoice_addresses=customer.einvoice_addresses,
        market_segments=tuple(segments),
        custom_fields=tuple(fields),
        version=customer.version,
    )


# -- plain-text rendering (demos, CLIs, logs) -------------------------------------------------
Tab = ContactsTab | SalesTab | CollaborationTab | FinancialsTab | SettingsTab


def _name(ref: UserRef | ProjectRef | None) -> str:
    if ref is None:
        return "-"
    return f"#{ref.number} {ref.name}" if isinstance(ref, ProjectRef) else ref.name


def _contacts_lines(tab: ContactsTab) -> list[str]:
    h = tab.header
    lines = [
        f"{h.name} (customer {h.number}, {h.status.value}), owner {_name(h.owner)}",
        f"  created {h.created_at:%Y-%m-%d} by {_name(h.created_by)}"
        + (f", updated {h.updated_at:%Y-%m-%d} by {_name(h.updated_by)}" if h.updated_at else ""),
    ]
    lines += [
        f"  address: {a.address.one_line()}" + (" (headquarters)" if a.is_headquarters else "")
        for a in tab.addresses
    ]
    for contact in tab.contacts_with_inactive:
        flags = "" if contact.active else " (inactive)"
        emails = ", ".join(str(e) for e in contact.emails)
        words = ", ".join(sorted(contact.keywords))
        lines.append(
            f"  contact: {contact.full_name}{flags}"
            + (f" <{emails}>" if emails else "")
            + (f" [{words}]" if words else "")
        )
    for title, views in (("planned", tab.planned_activities), ("past", tab.past_activities)):
        for view in views:
            activity = view.activity
            when = f" {activity.starts_at:%Y-%m-%d %H:%M}" if activity.starts_at else ""
            link = f" (project {_name(view.project)})" if view.project else ""
            lines.append(f"  {title} {activity.kind.value}:{when} {activity.title}{link}")
    for note in tab.notes:
        link = f" (project {_name(note.project)})" if note.project else ""
        lines.append(f"  note: {note.note.text}{link}")
    for item in tab.files:
        f = item.file
        what = f.url if f.url else f"{f.size} bytes, {f.media_type}"
        lines.append(f"  {f.kind.value}: {f.name} ({what})")
    return lines


def _sales_lines(tab: SalesTab) -> list[str]:
    lines = [f"{tab.customer.name}: sales cases and projects"]
    for title, rows in (
        ("open sales case", tab.open_sales_cases),
        ("closed sales case", tab.closed_sales_cases),
        ("open project", tab.open_projects),
        ("closed project", tab.closed_projects),
    ):
        for row in rows:
            status = row.sales_status.name if row.sales_status else "-"
            value = f", value {row.value}" if row.value is not None else ""
            moves = "" if row.movable else ", cannot change customer"
            lines.append(
                f"  {title}: #{row.number} {row.name} [{status}, {row.probability} %{value}, "
                f"owner {_name(row.owner)}{moves}]"
            )
    return lines


def _collaboration_lines(tab: CollaborationTab) -> list[str]:
    lines = [f"{tab.customer.name}: {tab.total} tasks"]
    for column in tab.columns:
        lines.append(f"  {column.name} ({column.count})")
        lines += [
            f"    #{card.project.number} {card.name}"
            + (f" -> {', '.join(a.name for a in card.assignees)}" if card.assignees else "")
            for card in column.tasks
        ]
    return lines


def _financials_lines(tab: FinancialsTab) -> list[str]:
    lines = [
        f"{tab.customer.name}: financials in {tab.currency}",
        f"  {'month':<8} {'billing':>12} {'costs':>12} {'margin':>12} "
        f"{'fc billing':>12} {'fc costs':>12}",
    ]
    for m in tab.months:
        lines.append(
            f"  {m.month:%Y-%m}{'*' if m.is_future else ' '} {m.billing.amount:>12} "
            f"{m.costs.amount:>12} {m.margin.amount:>12} {m.forecast_billing.amount:>12} "
            f"{m.forecast_costs.amount:>12}"
        )
    for row in tab.invoices:
        invoice = row.invoice
        number = invoice.number if invoice.number is not None else "-"
        lines.append(
            f"  invoice {number} {invoice.on} {invoice.total_excl_vat} [{row.status_name}]"
        )
    return lines


def _settings_lines(tab: SettingsTab) -> list[str]:
    template = tab.invoice_template.name if tab.invoice_template else "-"
    vat = tab.default_vat_rate.name if tab.default_vat_rate else "-"
    term = f"{tab.payment_term_days} days" if tab.payment_term_days is not None else "-"
    einvoice = ", ".join(f"{e.address} via {e.operator}" for e in tab.einvoice_addresses)
    lines = [
        f"{tab.customer.name}: settings",
        f"  invoice template {template}, default VAT {vat}, payment term {term}",
        f"  e-invoicing {einvoice or '-'}" + (" (first: default)" if einvoice else ""),
        "  segments: " + (", ".join(s.segment.name for s in tab.market_segments) or "-"),
    ]
    lines += [
        f"  {v.definition.name}: {'-' if v.value is None else v.value}" for v in tab.custom_fields
    ]
    return lines


def render_tab(tab: Tab) -> str:
    """A tab as plain text, one line per item (for demos and logs; hosts render the model)."""
    if isinstance(tab, ContactsTab):
        lines = _contacts_lines(tab)
    elif isinstance(tab, SalesTab):
        lines = _sales_lines(tab)
    elif isinstance(tab, CollaborationTab):
        lines = _collaboration_lines(tab)
    elif isinstance(tab, FinancialsTab):
        lines = _financials_lines(tab)
    else:
        lines = _settings_lines(tab)
    return "\n".join(lines)
