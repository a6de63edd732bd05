"""Examples of the customer card's read models (V1-V5, S1, T1-T4, N2-N3, K1, U5), stated
directly: the order and marking of every list, the sales phases, the kanban columns, the month
window and its figures, the drill-down and the settings tab; the plain-text rendering of the tabs
is grouped at the end."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.card import FORECAST_HORIZON
from custreg.domain.card import PAST_MONTHS
from custreg.domain.card import UNKNOWN_USER
from custreg.domain.card import ActivityView
from custreg.domain.card import AddressLine
from custreg.domain.card import CollaborationTab
from custreg.domain.card import CustomerRef
from custreg.domain.card import CustomFieldView
from custreg.domain.card import Figure
from custreg.domain.card import KanbanColumn
from custreg.domain.card import MonthFigures
from custreg.domain.card import MonthWindow
from custreg.domain.card import ProjectPhase
from custreg.domain.card import ProjectRef
from custreg.domain.card import ProjectRow
from custreg.domain.card import SegmentView
from custreg.domain.card import TaskCard
from custreg.domain.card import UserRef
from custreg.domain.card import build_collaboration_tab
from custreg.domain.card import build_contacts_tab
from custreg.domain.card import build_drilldown
from custreg.domain.card import build_financials_tab
from custreg.domain.card import build_sales_tab
from custreg.domain.card import build_settings_tab
from custreg.domain.card import contact_order
from custreg.domain.card import customer_ref
from custreg.domain.card import month_window
from custreg.domain.card import newest_first
from custreg.domain.card import past_order
from custreg.domain.card import planned_order
from custreg.domain.card import project_phase
from custreg.domain.card import project_ref
from custreg.domain.card import task_is_done
from custreg.domain.card import user_index
from custreg.domain.card import user_ref
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentGroupId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import NoteId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import MarketSegmentGroup
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money

HELSINKI = ZoneInfo("Europe/Helsinki")
ANNA, BO, CAIA, GHOST = (UserId(UUID(int=n)) for n in (1, 2, 3, 4))
LEAD, WON, LOST = (SalesStatusId(UUID(int=n)) for n in (10, 11, 12))
TODO, DOING, DONE, OLD = (TaskStatusId(UUID(int=n)) for n in (20, 21, 22, 23))
DRAFT, SENT = InvoiceStatusId(UUID(int=30)), InvoiceStatusId(UUID(int=31))
FINNISH = InvoiceTemplateId(UUID(int=40))
GENERAL = VatRateId(UUID(int=50))
NORDICS = MarketSegmentGroupId(UUID(int=60))
KEY, RETAIL, PUBLIC = (MarketSegmentId(UUID(int=n)) for n in (61, 62, 63))
TIER, SIZE, OLD_FIELD = (CustomFieldId(UUID(int=n)) for n in (70, 71, 72))
ME, OTHER = CustomerId(UUID(int=100)), CustomerId(UUID(int=101))
T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def settings(**changes: Any) -> OrganisationSettings:
    values: dict[str, Any] = {
        "organisation_id": OrganisationId(UUID(int=999)),
        "name": "Card Oy",
        "users": (User(ANNA, "anna"), User(BO, "Bo"), User(CAIA, "Caia")),
        "invoice_templates": (InvoiceTemplate(FINNISH, "Finnish", "fi"),),
        "vat_rates": (VatRate(GENERAL, "General", Decimal("25.5")),),
        "market_segment_groups": (MarketSegmentGroup(NORDICS, "Nordics"),),
        "market_segments": (
            MarketSegment(KEY, "Key accounts"),
            MarketSegment(RETAIL, "Retail", NORDICS),
            MarketSegment(PUBLIC, "Public", NORDICS),
        ),
        "invoice_statuses": (
            InvoiceStatus(DRAFT, "Draft"),
            InvoiceStatus(SENT, "Sent", is_sent=True, has_number=True),
        ),
        "sales_statuses": (
            SalesStatus(LEAD, "Lead", SalesState.IN_PROGRESS, 10),
            SalesStatus(WON, "Won", SalesState.WON, 100),
            SalesStatus(LOST, "Lost", SalesState.LOST, 0),
        ),
        "task_statuses": (
            TaskStatus(DOING, "Doing", order=2),
            TaskStatus(TODO, "Todo", order=1),
            TaskStatus(DONE, "Done", is_done=True, order=2),
            TaskStatus(OLD, "Old", order=0, active=False),
        ),
    }
    values.update(changes)
    return OrganisationSettings(**values)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def customer(**changes: Any) -> Customer:
    values: dict[str, Any] = {
        "id": ME, "number": CustomerNumber(7), "name": "Acme Oy", "created_at": T0,
    }
    values.update(changes)
    return Customer(**values)


def project(n: int, **changes: Any) -> Project:
    values: dict[str, Any] = {
        "id": ProjectId(UUID(int=200 + n)), "customer_id": ME, "number": n, "name": f"P{n}",
    }
    values.update(changes)
    return Project(**values)


def contact(n: int, first: str, last: str, **changes: Any) -> Contact:
    return Contact(ContactId(UUID(int=300 + n)), changes.pop("customer_id", ME), first, last,
                   **changes)


def activity(n: int, starts: datetime | None, done: bool = False, **changes: Any) -> Activity:
    return Activity(
        ActivityId(UUID(int=400 + n)), changes.pop("customer_id", ME), ActivityKind.TODO,
        f"A{n}", starts_at=starts, done=done, **changes,
    )


def note(n: int, at: datetime, **changes: Any) -> Note:
    return Note(NoteId(UUID(int=500 + n)), changes.pop("customer_id", ME), f"N{n}", at, **changes)


# -- references ----------------------------------------------------------------------------------


def test_v1_user_references() -> None:
    users = user_index(settings())
    assert users == {
        ANNA: UserRef(ANNA, "anna"), BO: UserRef(BO, "Bo"), CAIA: UserRef(CAIA, "Caia")
    }
    assert user_ref(users, None) is None
    assert user_ref(users, BO) == UserRef(BO, "Bo")
    assert user_ref(users, GHOST) == UserRef(GHOST, "(unknown user)")
    assert UNKNOWN_USER == "(unknown user)"
    assert user_index(settings(users=())) == {}


def test_v1_project_and_customer_references() -> None:
    p = project(3, name="Roof")
    assert project_ref(p) == ProjectRef(p.id, 3, "Roof")
    c = customer(status=CustomerStatus.INACTIVE)
    assert customer_ref(c) == CustomerRef(ME, CustomerNumber(7), "Acme Oy", CustomerStatus.INACTIVE)


# -- orders --------------------------------------------------------------------------------------


def test_p2_contact_order_is_last_then_first_name_casefolded_then_id() -> None:
    a = contact(1, "bo", "Berg")
    b = contact(2, "Ada", "berg")
    c = contact(3, "ada", "Berg")
    d = contact(4, "Zed", "Aho")
    assert contact_order(a) == ("berg", "bo", a.id)
    assert sorted([a, b, c, d], key=contact_order) == [d, b, c, a]


def test_t1_planned_and_past_orders() -> None:
    soon, later = T0, T0 + timedelta(hours=1)
    a, b, undated = activity(1, later), activity(2, soon), activity(3, None)
    assert planned_order(b) == (False, soon.timestamp(), b.id)
    assert planned_order(undated) == (True, 0.0, undated.id)
    assert past_order(b) == (False, -soon.timestamp(), b.id)
    assert past_order(undated) == (True, 0.0, undated.id)
    assert sorted([undated, a, b], key=planned_order) == [b, a, undated]
    assert sorted([undated, b, a], key=past_order) == [a, b, undated]
    assert newest_first(T0, UUID(int=5)) == (-T0.timestamp(), UUID(int=5))


# -- tab 1 -----------------------------------------------------------------------------------------


def test_v1_contacts_tab() -> None:
    hq_id, second_id, third_id = (AddressId(UUID(int=n)) for n in (601, 602, 603))
    second = Address(second_id, ME, "FI", ("Side 2",), ordinal=1)
    hq = Address(hq_id, ME, "FI", ("Main 1",), "00100", "Helsinki", ordinal=1)
    first = Address(third_id, ME, "SE", city="Malmö", ordinal=0)
    me = customer(
        headquarters_address_id=hq_id, owner_id=ANNA, created_by=BO, updated_by=GHOST,
        updated_at=T0 + timedelta(days=1), version=4,
        vat_number=VatNumber.parse("FI01120389"), business_id=BusinessId.parse("0112038-9", "FI"),
    )
    ada = contact(1, "Ada", "Berg", keywords={"vip"})
    cid = contact(2, "cid", "aho", keywords={"golf"})
    old = contact(3, "Old", "Timer", active=False, keywords={"newsletter"})
    older = contact(4, "Ann", "Timer", active=False)
    gone = contact(5, "Gone", "Away", deleted_at=T0, keywords={"deleted"})
    foreign = contact(6, "For", "Eign", customer_id=OTHER, keywords={"other"})
    roof = project(1, name="Roof")
    elsewhere = ProjectId(UUID(int=299))
    planned_late = activity(1, T0 + timedelta(days=2), contact_ids={foreign.id, ada.id, gone.id},
                            project_id=roof.id, owner_id=BO)
    planned_soon = activity(2, T0 + timedelta(days=1), project_id=elsewhere, owner_id=GHOST)
    planned_undated = activity(3, None)
    past_old = activity(4, T0 - timedelta(days=9), done=True, project_id=roof.id, owner_id=CAIA)
    past_new = activity(5, T0 - timedelta(days=1), done=True, contact_ids={ContactId(UUID(int=9))})
    n_old = note(1, T0, created_by=ANNA)
    n_new = note(2, T0 + timedelta(hours=1), project_id=roof.id)
    f_old = FileLink(FileLinkId(UUID(int=701)), ME, FileLinkKind.LINK, "Site", T0,
                     url="https://example.com", project_id=roof.id)
    f_new = FileLink(FileLinkId(UUID(int=702)), ME, FileLinkKind.FILE, "a.pdf",
                     T0 + timedelta(seconds=1), blob_key="k", size=3, media_type="application/pdf")
    tab = build_contacts_tab(
        me, [second, hq, first], [old, ada, gone, foreign, older, cid],
        [past_old, planned_late, planned_undated, past_new, planned_soon], [n_old, n_new],
        [f_old, f_new], [roof], settings(),
    )
    h = tab.header
    assert (h.id, h.number, h.name, h.status) == (ME, CustomerNumber(7), "Acme Oy",
                                                  CustomerStatus.ACTIVE)
    assert (h.vat_number, h.business_id) == ("FI01120389", "0112038-9")
    assert (h.owner, h.created_by, h.updated_by) == (
        UserRef(ANNA, "anna"), UserRef(BO, "Bo"), UserRef(GHOST, UNKNOWN_USER)
    )
    assert (h.created_at, h.updated_at, h.version) == (T0, T0 + timedelta(days=1), 4)
    assert tab.addresses == (
        AddressLine(first, False), AddressLine(hq, True), AddressLine(second, False)
    )
    assert tab.contacts == (cid, ada)
    assert tab.inactive_contacts == (older, old)
    assert tab.contacts_with_inactive == (cid, ada, older, old)
    assert tab.keywords == ("golf", "newsletter", "vip")
    roof_ref = ProjectRef(roof.id, 1, "Roof")
    assert tab.planned_activities == (
        ActivityView(planned_soon, None, UserRef(GHOST, UNKNOWN_USER), ()),
        ActivityView(planned_late, roof_ref, UserRef(BO, "Bo"),
                     ("Ada Berg", "For Eign", "Gone Away")),
        ActivityView(planned_undated, None, None, ()),
    )
    assert tab.past_activities == (
        ActivityView(past_new, None, None, ()),
        ActivityView(past_old, roof_ref, UserRef(CAIA, "Caia"), ()),
    )
    assert [v.is_planned for v in tab.planned_activities + tab.past_activities] == [
        True, True, True, False, False
    ]
    assert [(v.note, v.project, v.author) for v in tab.notes] == [
        (n_new, roof_ref, None), (n_old, None, UserRef(ANNA, "anna"))
    ]
    assert [(v.file, v.project) for v in tab.files] == [(f_new, None), (f_old, roof_ref)]


def test_n2_notes_and_files_at_the_same_instant_by_id() -> None:
    n_b, n_a = note(2, T0), note(1, T0)
    f_b = FileLink(FileLinkId(UUID(int=702)), ME, FileLinkKind.LINK, "b", T0, url="https://b.fi")
    f_a = FileLink(FileLinkId(UUID(int=701)), ME, FileLinkKind.LINK, "a", T0, url="https://a.fi")
    tab = build_contacts_tab(customer(), [], [], [], [n_b, n_a], [f_b, f_a], [], settings())
    assert [v.note for v in tab.notes] == [n_a, n_b]
    assert [v.file for v in tab.files] == [f_a, f_b]
    tab = build_collaboration_tab(customer(), [], [], [n_b, n_a], settings())
    assert [v.note for v in tab.notes] == [n_a, n_b]


def test_v1_contacts_tab_of_a_bare_customer() -> None:
    tab = build_contacts_tab(customer(), [], [], [], [], [], [], settings())
    assert tab.header.vat_number is None and tab.header.business_id is None
    assert tab.header.owner is None and tab.header.updated_at is None
    assert tab.addresses == tab.contacts == tab.inactive_contacts == tab.keywords == ()
    assert tab.notes == tab.files == tab.planned_activities == tab.past_activities == ()
    only = Address(AddressId(UUID(int=601)), ME, "FI", city="Oulu")
    assert build_contacts_tab(customer(), [only], [], [], [], [], [], settings()).addresses == (
        AddressLine(only, False),
    )


# -- tab 2 -----------------------------------------------------------------------------------------

STATUSES = {s.id: s for s in settings().sales_statuses}


@pytest.mark.parametrize(
    ("status", "closed", "phase"),
    [
        (LEAD, False, ProjectPhase.OPEN_SALES_CASE),
        (LEAD, True, ProjectPhase.CLOSED_SALES_CASE),
        (LOST, False, ProjectPhase.CLOSED_SALES_CASE),
        (LOST, True, ProjectPhase.CLOSED_SALES_CASE),
        (WON, False, ProjectPhase.OPEN_PROJECT),
        (WON, True, ProjectPhase.CLOSED_PROJECT),
        (None, False, ProjectPhase.OPEN_PROJECT),
        (None, True, ProjectPhase.CLOSED_PROJECT),
        (SalesStatusId(UUID(int=19)), False, ProjectPhase.OPEN_PROJECT),
        (SalesStatusId(UUID(int=19)), True, ProjectPhase.CLOSED_PROJECT),
    ],
)
def test_s1_project_phase(status: SalesStatusId | None, closed: bool, phase: ProjectPhase) -> None:
    p = project(1, sales_status_id=status, is_closed=closed)
    assert project_phase(p, STATUSES) is phase


def test_s1_sales_tab() -> None:
    lead2 = project(2, sales_status_id=LEAD, owner_id=BO, probability=40,
                    expected_value=eur("-1000.50"), version=3)
    lead1 = project(1, sales_status_id=LEAD, is_internal=True)
    lost = project(5, sales_status_id=LOST)
    won = project(4, sales_status_id=WON, is_closed=False)
    closed = project(3, is_closed=True, owner_id=GHOST)
    stray = project(6, sales_status_id=SalesStatusId(UUID(int=19)))
    tab = build_sales_tab(
        customer(), [lost, lead2, won, closed, lead1, stray], {lead2.id, closed.id},
        [lead1.id, closed.id], settings(), True,
    )
    assert tab.customer == customer_ref(customer())
    assert tab.money_visible is True
    assert [r.id for r in tab.open_sales_cases] == [lead1.id, lead2.id]
    assert [r.id for r in tab.closed_sales_cases] == [lost.id]
    assert [r.id for r in tab.open_projects] == [won.id, stray.id]
    assert [r.id for r in tab.closed_projects] == [closed.id]
    assert [r.number for r in tab.rows] == [1, 2, 5, 4, 6, 3]
    row = tab.open_sales_cases[1]
    assert row == ProjectRow(
        id=lead2.id, number=2, name="P2", phase=ProjectPhase.OPEN_SALES_CASE,
        sales_status=STATUSES[LEAD], probability=40, value=eur("-1000.50"),
        owner=UserRef(BO, "Bo"), is_internal=False, is_closed=False, has_invoice=True,
        has_proposal=False, version=3,
    )
    assert not row.movable
    first = tab.open_sales_cases[0]
    assert (first.is_internal, first.has_invoice, first.has_proposal, first.movable) == (
        True, False, True, False
    )
    assert first.owner is None and first.value is None
    assert tab.open_projects[1].sales_status is None
    assert tab.open_projects[0].movable and tab.open_projects[0].sales_status == STATUSES[WON]
    assert tab.closed_projects[0].owner == UserRef(GHOST, UNKNOWN_USER)
    assert tab.closed_projects[0].is_closed
    hidden = build_sales_tab(customer(), [lead2], [], [], settings(), False)
    assert hidden.open_sales_cases[0].value is None and hidden.money_visible is False


def test_s1_sales_tab_ties_on_number_by_id() -> None:
    a = project(1, id=ProjectId(UUID(int=290)))
    b = project(1, id=ProjectId(UUID(int=280)))
    tab = build_sales_tab(customer(), [a, b], [], [], settings(), True)
    assert [r.id for r in tab.open_projects] == [b.id, a.id]


# -- tab 3 -----------------------------------------------------------------------------------------


def test_t4_task_is_done() -> None:
    statuses = {s.id: s for s in settings().task_statuses}
    task = Task(TaskId(UUID(int=800)), ProjectId(UUID(int=201)), "t", DONE)
    assert task_is_done(task, statuses)
    assert not task_is_done(Task(task.id, task.project_id, "t", TODO), statuses)
    assert not task_is_done(Task(task.id, task.project_id, "t", TaskStatusId(UUID(int=1))),
                            statuses)


def test_v4_collaboration_tab() -> None:
    p1, p2 = project(1), project(2, name="Deck")
    foreign = project(9, customer_id=OTHER)
    unknown = TaskStatusId(UUID(int=29))

    def task(n: int, name: str, status: TaskStatusId, on: Project = p1, **kw: Any) -> Task:
        return Task(TaskId(UUID(int=800 + n)), on.id, name, status, **kw)

    t_b = task(1, "beta", TODO, assignee_ids={BO, ANNA, GHOST})
    t_a = task(2, "Alpha", TODO, assignee_ids={ANNA, BO})
    t_2 = task(3, "alpha", TODO, p2)
    t_done = task(4, "done", DONE, assignee_ids={BO, ANNA})
    t_old = task(5, "old", OLD)
    t_lost = task(6, "lost", unknown)
    t_foreign = task(7, "x", TODO, foreign)
    n_me = note(1, T0)
    n_p1 = note(2, T0 + timedelta(hours=2), project_id=p1.id, created_by=CAIA)
    n_other = note(3, T0, customer_id=OTHER)
    n_other_project = note(4, T0, customer_id=OTHER, project_id=p2.id)
    n_foreign_project = note(5, T0, project_id=foreign.id)
    mine_planned = activity(1, T0, contact_ids={ContactId(UUID(int=301))}, project_id=p2.id,
                            owner_id=BO)
    mine_done = activity(2, T0, done=True)
    theirs = activity(3, T0, customer_id=OTHER)
    tab = build_collaboration_tab(
        customer(), [p2, p1],
        [t_foreign, t_2, t_b, t_a, t_done, t_old, t_lost],
        [n_me, n_p1, n_other, n_other_project, n_foreign_project], settings(),
        [theirs, mine_done, mine_planned], {ContactId(UUID(int=301)): "Ada Berg"},
    )
    assert tab.customer == customer_ref(customer())
    assert [c.name for c in tab.columns] == ["Old", "Todo", "Doing", "Done", "(unknown status)"]
    assert [c.status for c in tab.columns] == [
        *(s for s in (settings().task_statuses[i] for i in (3, 1, 0, 2))), None
    ]
    old, todo, doing, done, lost = tab.columns
    p1_ref, p2_ref = project_ref(p1), project_ref(p2)
    team = (UserRef(ANNA, "anna"), UserRef(BO, "Bo"))
    assert todo.tasks == (
        TaskCard(t_a.id, "Alpha", p1_ref, TODO, team, False),
        TaskCard(t_b.id, "beta", p1_ref, TODO,
                 (UserRef(GHOST, UNKNOWN_USER), *team), False),
        TaskCard(t_2.id, "alpha", p2_ref, TODO, (), False),
    )
    assert done.tasks == (TaskCard(t_done.id, "done", p1_ref, DONE, team, True),)
    assert old.tasks == (TaskCard(t_old.id, "old", p1_ref, OLD, (), False),)
    assert lost.tasks == (TaskCard(t_lost.id, "lost", p1_ref, unknown, (), False),)
    assert doing.tasks == () and doing.count == 0
    assert tab.counts == {"Old": 1, "Todo": 3, "Doing": 0, "Done": 1, "(unknown status)": 1}
    assert tab.total == 6
    assert [v.note for v in tab.notes] == [n_p1, n_me, n_other_project]
    assert [(v.project, v.author) for v in tab.notes] == [
        (p1_ref, UserRef(CAIA, "Caia")), (None, None), (p2_ref, None)
    ]
    assert [v.note for v in tab.project_notes] == [n_p1, n_other_project]
    assert tab.planned_activities == (
        ActivityView(mine_planned, p2_ref, UserRef(BO, "Bo"), ("Ada Berg",)),
    )
    assert tab.past_activities == (ActivityView(mine_done, None, None, ()),)


def test_v4_collaboration_tab_minimal() -> None:
    tab = build_collaboration_tab(customer(), [], [], [], settings())
    assert [c.name for c in tab.columns] == ["Todo", "Doing", "Done"]
    assert tab.total == 0 and tab.notes == tab.project_notes == ()
    assert tab.planned_activities == tab.past_activities == ()
    p1 = project(1)
    named = activity(1, T0, contact_ids={ContactId(UUID(int=1))})
    tab = build_collaboration_tab(customer(), [p1], [], [], settings(), [named])
    assert tab.planned_activities[0].contact_names == ()
    assert KanbanColumn(None, ()).name == "(unknown status)"
    assert CollaborationTab(customer_ref(customer()), (), ()).counts == {}


def test_t3_disabled_status_has_a_column_only_while_tasks_carry_it() -> None:
    p1 = project(1)
    old = Task(TaskId(UUID(int=801)), p1.id, "old", OLD)
    lost = Task(TaskId(UUID(int=802)), p1.id, "lost", TaskStatusId(UUID(int=29)))
    tab = build_collaboration_tab(customer(), [p1], [old], [], settings())
    assert [c.name for c in tab.columns] == ["Old", "Todo", "Doing", "Done"]
    tab = build_collaboration_tab(customer(), [p1], [lost], [], settings())
    assert [c.name for c in tab.columns] == ["Todo", "Doing", "Done", "(unknown status)"]


def test_t3_tasks_tie_on_project_and_name_by_id() -> None:
    p1 = project(1)
    a = Task(TaskId(UUID(int=899)), p1.id, "Same", TODO)
    b = Task(TaskId(UUID(int=898)), p1.id, "same", TODO)
    tab = build_collaboration_tab(customer(), [p1], [a, b], [], settings())
    assert [c.id for c in tab.columns[0].tasks] == [b.id, a.id]


# -- tab 4 -----------------------------------------------------------------------------------------


def test_k1_month_window() -> None:
    window = MonthWindow(date(2026, 3, 1))
    assert (PAST_MONTHS, FORECAST_HORIZON) == (6, 12)
    assert window.first == date(2025, 10, 1)
    assert window.end == date(2027, 4, 1)
    assert window.past_end == date(2026, 4, 1)
    assert month_window(datetime(2026, 2, 28, 22, 30, tzinfo=UTC), HELSINKI) == MonthWindow(
        date(2026, 3, 1)
    )
    assert month_window(datetime(2026, 2, 28, 21, 30, tzinfo=UTC), HELSINKI) == MonthWindow(
        date(2026, 2, 1)
    )


def test_k1_month_figures() -> None:
    figures = MonthFigures(date(2026, 3, 1), eur("10"), eur("12.5"), eur("7"), eur("3"), False)
    assert figures.margin == eur("-2.5")
    assert [figures.figure(f) for f in Figure] == [
        eur("10"), eur("12.5"), eur("-2.5"), eur("7"), eur("3")
    ]


def invoice(n: int, on: date, total: str, status: InvoiceStatusId = SENT,
            number: int | None = 1, projects: tuple[ProjectId, ...] = ()) -> Invoice:
    return Invoice(InvoiceId(UUID(int=900 + n)), ME, status, on, eur(total), eur(total),
                   number, frozenset(projects), is_credit_note=Decimal(total) < 0)


def test_k1_financials_tab() -> None:
    window = MonthWindow(date(2026, 3, 1))
    i_old = invoice(1, date(2026, 1, 5), "100")
    i_draft = invoice(2, date(2026, 3, 2), "50", DRAFT, None)
    i_lost = invoice(3, date(2026, 3, 2), "70", InvoiceStatusId(UUID(int=39)))
    i_unnumbered = invoice(4, date(2026, 2, 2), "5", SENT, None)
    tab = build_financials_tab(
        customer(), settings(), window,
        billing=[(date(2026, 1, 5), eur("100")), (date(2026, 1, 31), eur("0.5")),
                 (date(2026, 3, 31), eur("-20"))],
        costs=[(date(2025, 10, 1), eur("30")), (date(2025, 10, 20), eur("1.25"))],
        forecasts=[
            (date(2026, 5, 1), eur("40"), eur("10")), (date(2026, 5, 15), eur("2"), eur("1")),
            (date(2026, 3, 1), eur("9"), eur("8")), (date(2027, 4, 1), eur("1000"), eur("0")),
            (date(2025, 1, 1), eur("5"), eur("5")),
        ],
        invoices=[i_old, i_unnumbered, i_draft, i_lost],
    )
    assert (tab.customer, tab.currency) == (customer_ref(customer()), "EUR")
    assert [m.month for m in tab.months] == [
        date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1),
        date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1),
    ]
    assert [m.is_future for m in tab.months] == [False] * 6 + [True] * 2
    assert tab.month(date(2025, 10, 17)) == MonthFigures(
        date(2025, 10, 1), eur("0"), eur("31.25"), eur("0"), eur("0"), False
    )
    assert tab.month(date(2026, 1, 1)).billing == eur("100.5")
    assert tab.month(date(2026, 3, 1)) == MonthFigures(
        date(2026, 3, 1), eur("-20"), eur("0"), eur("9"), eur("8"), False
    )
    assert tab.month(date(2026, 5, 1)) == MonthFigures(
        date(2026, 5, 1), eur("0"), eur("0"), eur("42"), eur("11"), True
    )
    assert tab.month(date(2026, 4, 9)).forecast_billing == eur("0")
    with pytest.raises(KeyError) as info:
        tab.month(date(2026, 6, 1))
    assert info.value.args == (date(2026, 6, 1),)
    assert [(r.invoice, r.status_name, r.is_billed) for r in tab.invoices] == [
        (i_lost, "(unknown status)", False), (i_draft, "Draft", False),
        (i_unnumbered, "Sent", False), (i_old, "Sent", True),
    ]


@pytest.mark.parametrize(
    ("forecast_month", "last"),
    [
        (date(2026, 3, 1), date(2026, 3, 1)),  # the current month is not a coming one
        (date(2026, 4, 1), date(2026, 4, 1)),  # the first coming month
        (date(2027, 3, 1), date(2027, 3, 1)),  # the twelfth coming month
        (date(2027, 4, 1), date(2026, 3, 1)),  # beyond the horizon
        (date(2025, 9, 1), date(2026, 3, 1)),  # before the window
    ],
)
def test_k1_forecast_horizon(forecast_month: date, last: date) -> None:
    tab = build_financials_tab(
        customer(), settings(), MonthWindow(date(2026, 3, 1)), [], [],
        [(forecast_month, eur("1"), eur("1"))], [],
    )
    assert tab.months[0].month == date(2025, 10, 1)
    assert tab.months[-1].month == last


def test_k1_financials_in_the_organisation_currency() -> None:
    sek = Money(Decimal("3"), "SEK")
    tab = build_financials_tab(
        customer(), settings(currency="SEK"), MonthWindow(date(2026, 3, 1)),
        [(date(2026, 3, 3), sek)], [], [], [],
    )
    assert tab.currency == "SEK"
    assert tab.month(date(2026, 3, 1)).billing == sek
    assert tab.month(date(2026, 2, 1)).costs == Money(Decimal(0), "SEK")


def test_k1_invoices_newest_first_then_by_id() -> None:
    a = invoice(2, date(2026, 3, 2), "1")
    b = invoice(1, date(2026, 3, 2), "1")
    c = invoice(3, date(2026, 3, 1), "1")
    tab = build_financials_tab(customer(), settings(), MonthWindow(date(2026, 3, 1)), [], [], [],
                               [c, b, a])
    assert [r.invoice for r in tab.invoices] == [a, b, c]


def test_k1_drilldown() -> None:
    p1, p2, p3 = project(1), project(2), project(3)
    i1 = invoice(2, date(2026, 3, 9), "100", projects=(p2.id,))
    i2 = invoice(1, date(2026, 3, 9), "20.5")
    i0 = invoice(3, date(2026, 3, 1), "1")
    c1 = CostEntry(CostEntryId(UUID(int=951)), p1.id, CostKind.TRAVEL, date(2026, 3, 5), eur("30"))
    c0 = CostEntry(CostEntryId(UUID(int=952)), p1.id, CostKind.PURCHASE, date(2026, 3, 2),
                   eur("0.25"))
    f2 = ProjectForecast(p3.id, date(2026, 3, 1), eur("7"), eur("2"))
    f1 = ProjectForecast(p1.id, date(2026, 3, 1), eur("3"), eur("1"))
    args = (date(2026, 3, 17),)
    rows = ([i1, i2, i0], [c1, c0], [f2, f1], [p3, p2, p1, project(4)])
    totals = {
        Figure.BILLING: "121.5", Figure.COSTS: "30.25", Figure.MARGIN: "91.25",
        Figure.FORECAST_BILLING: "10", Figure.FORECAST_COSTS: "3",
    }
    for figure, total in totals.items():
        drill = build_drilldown(*args, figure, "EUR", *rows)
        assert drill.total == eur(total)
        assert (drill.month, drill.figure) == (date(2026, 3, 1), figure)
        assert drill.invoices == (i0, i2, i1)
        assert drill.costs == (c0, c1)
        assert drill.forecasts == (f1, f2)
        assert drill.projects == (project_ref(p1), project_ref(p2), project_ref(p3))
    empty = build_drilldown(date(2026, 3, 1), Figure.MARGIN, "SEK", [], [], [], [p1])
    assert empty.total == Money(Decimal(0), "SEK") and empty.projects == ()


# -- tab 5 -----------------------------------------------------------------------------------------


def test_v5_settings_tab() -> None:
    org = settings(
        custom_fields=(
            CustomFieldDefinition(TIER, "Tier", CustomFieldType.CHOICE, ("gold",)),
            CustomFieldDefinition(SIZE, "Size", CustomFieldType.NUMBER),
            CustomFieldDefinition(OLD_FIELD, "Old", CustomFieldType.TEXT, active=False),
            CustomFieldDefinition(CustomFieldId(UUID(int=73)), "Gone", CustomFieldType.TEXT,
                                  active=False),
        )
    )
    einvoice = EInvoiceAddresses(
        (EInvoiceAddress("003701120389", "003721291126"), EInvoiceAddress("0192:a1", "NDEAFIHH")),
        1,
    )
    me = customer(
        market_segment_ids={PUBLIC, KEY}, invoice_template_id=FINNISH, default_vat_rate_id=GENERAL,
        payment_term_days=14, einvoice_addresses=einvoice, custom_fields={TIER: "gold",
                                                                          OLD_FIELD: "kept"},
        version=5,
    )
    tab = build_settings_tab(me, org)
    assert tab.customer == customer_ref(me)
    assert tab.invoice_template == org.invoice_templates[0]
    assert tab.default_vat_rate == org.vat_rates[0]
    assert (tab.payment_term_days, tab.version) == (14, 5)
    assert tab.einvoice_addresses == einvoice
    assert tab.einvoice == EInvoiceAddress("0192:a1", "NDEAFIHH")
    assert tab.market_segments == (
        SegmentView(org.market_segments[0], None), SegmentView(org.market_segments[2], "Nordics")
    )
    assert tab.custom_fields == (
        CustomFieldView(org.custom_fields[0], "gold"),
        CustomFieldView(org.custom_fields[1], None),
        CustomFieldView(org.custom_fields[2], "kept"),
    )
    bare = build_settings_tab(customer(), org)
    assert bare.invoice_template is None and bare.default_vat_rate is None
    assert bare.einvoice is None and bare.market_segments == ()
    assert bare.payment_term_days is None
    stale = customer(invoice_template_id=InvoiceTemplateId(UUID(int=49)),
                     default_vat_rate_id=VatRateId(UUID(int=59)),
                     market_segment_ids={RETAIL})
    tab = build_settings_tab(stale, settings(market_segment_groups=()))
    assert tab.invoice_template is None and tab.default_vat_rate is None
    assert tab.market_segments == (SegmentView(settings().market_segments[1], None),)


# =============================================================================================
# Plain-text rendering of the tabs (an adapter's job: custreg.adapters.text.card).
# =============================================================================================


def render(tab: Any) -> str:
    from custreg.adapters.text.card import render_tab

    return render_tab(tab)


def test_render_contacts_tab() -> None:
    hq_id = AddressId(UUID(int=601))
    hq = Address(hq_id, ME, "FI", ("Main 1",), "00100", "Helsinki")
    other = Address(AddressId(UUID(int=602)), ME, "SE", city="Malmö", ordinal=1)
    me = customer(headquarters_address_id=hq_id, owner_id=ANNA, created_by=BO)
    roof = project(1, name="Roof")
    ada = contact(1, "Ada", "Berg", emails=("ada@example.com", "a@example.com"),
                  keywords={"vip", "golf"})
    old = contact(2, "Old", "Timer", active=False)
    tab = build_contacts_tab(
        me, [hq, other], [ada, old],
        [activity(1, datetime(2026, 3, 11, 8, 5, tzinfo=UTC), project_id=roof.id),
         activity(2, None, done=True)],
        [note(1, T0, project_id=roof.id), note(2, T0 - timedelta(days=1))],
        [FileLink(FileLinkId(UUID(int=701)), ME, FileLinkKind.LINK, "Site", T0,
                  url="https://example.com"),
         FileLink(FileLinkId(UUID(int=702)), ME, FileLinkKind.FILE, "a.pdf", T0 - timedelta(1),
                  blob_key="k", size=3, media_type="application/pdf")],
        [roof], settings(),
    )
    assert render(tab) == "\n".join([
        "Acme Oy (customer 7, active), owner anna",
        "  created 2026-03-10 by Bo",
        "  address: Main 1, 00100 Helsinki, FI (headquarters)",
        "  address: Malmö, SE",
        "  contact: Ada Berg <ada@example.com, a@example.com> [golf, vip]",
        "  contact: Old Timer (inactive)",
        "  planned todo: 2026-03-11 08:05 A1 (project #1 Roof)",
        "  past todo: A2",
        "  note: N1 (project #1 Roof)",
        "  note: N2",
        "  link: Site (https://example.com)",
        "  file: a.pdf (3 bytes, application/pdf)",
    ])
    updated = build_contacts_tab(
        customer(updated_at=datetime(2026, 4, 1, tzinfo=UTC), updated_by=GHOST),
        [], [], [], [], [], [], settings(),
    )
    assert render(updated) == "\n".join([
        "Acme Oy (customer 7, active), owner -",
        "  created 2026-03-10 by -, updated 2026-04-01 by (unknown user)",
    ])


def test_render_sales_tab() -> None:
    tab = build_sales_tab(
        customer(),
        [project(1, sales_status_id=LEAD, probability=10, expected_value=eur("-1234.50"),
                 owner_id=BO),
         project(2, sales_status_id=LOST), project(3), project(4, is_closed=True)],
        [ProjectId(UUID(int=202))], [], settings(), True,
    )
    assert render(tab) == "\n".join([
        "Acme Oy: sales cases and projects",
        "  open sales case: #1 P1 [Lead, 10 %, value -1234.50 EUR, owner Bo]",
        "  closed sales case: #2 P2 [Lost, 0 %, owner -, cannot change customer]",
        "  open project: #3 P3 [-, 0 %, owner -]",
        "  closed project: #4 P4 [-, 0 %, owner -]",
    ])


def test_render_collaboration_tab() -> None:
    p1 = project(1)
    tab = build_collaboration_tab(
        customer(), [p1],
        [Task(TaskId(UUID(int=801)), p1.id, "Paint", TODO, assignee_ids={BO, ANNA}),
         Task(TaskId(UUID(int=802)), p1.id, "Sand", DONE)],
        [], settings(),
    )
    assert render(tab) == "\n".join([
        "Acme Oy: 2 tasks",
        "  Todo (1)",
        "    #1 Paint -> anna, Bo",
        "  Doing (0)",
        "  Done (1)",
        "    #1 Sand",
    ])


def test_render_financials_tab() -> None:
    tab = build_financials_tab(
        customer(), settings(), MonthWindow(date(2026, 3, 1)),
        [(date(2026, 3, 2), eur("1234.50"))], [(date(2026, 3, 2), eur("2000"))],
        [(date(2026, 4, 1), eur("10"), eur("0"))],
        [invoice(1, date(2026, 3, 2), "1234.50", number=12),
         invoice(2, date(2026, 3, 1), "-5", DRAFT, None)],
    )
    header = "  month         billing        costs       margin   fc billing     fc costs"
    lines = render(tab).split("\n")
    assert lines[:2] == ["Acme Oy: financials in EUR", header]
    assert lines[7] == (
        "  2026-03       1234.50         2000      -765.50            0            0"
    )
    assert lines[8] == "  2026-04*            0            0            0           10            0"
    assert lines[2] == "  2025-10             0            0            0            0            0"
    assert lines[9:] == [
        "  invoice 12 2026-03-02 1234.50 EUR [Sent]",
        "  invoice - 2026-03-01 -5 EUR [Draft]",
    ]
    assert len(lines) == 11


def test_render_settings_tab() -> None:
    org = settings(
        custom_fields=(
            CustomFieldDefinition(TIER, "Tier", CustomFieldType.CHOICE, ("gold",)),
            CustomFieldDefinition(SIZE, "Size", CustomFieldType.NUMBER),
        )
    )
    me = customer(
        market_segment_ids={PUBLIC, KEY}, invoice_template_id=FINNISH, default_vat_rate_id=GENERAL,
        payment_term_days=0, custom_fields={TIER: "gold"},
        einvoice_addresses=EInvoiceAddresses(
            (EInvoiceAddress("003701120389", "003721291126"),
             EInvoiceAddress("0192:a1", "NDEAFIHH")),
        ),
    )
    assert render(build_settings_tab(me, org)) == "\n".join([
        "Acme Oy: settings",
        "  invoice template Finnish, default VAT General, payment term 0 days",
        "  e-invoicing 003701120389 via 003721291126, 0192:a1 via NDEAFIHH (first: default)",
        "  segments: Key accounts, Public",
        "  Tier: gold",
        "  Size: -",
    ])
    assert render(build_settings_tab(customer(), settings())) == "\n".join([
        "Acme Oy: settings",
        "  invoice template -, default VAT -, payment term -",
        "  e-invoicing -",
        "  segments: -",
    ])


def test_render_empty_tabs() -> None:
    assert render(build_sales_tab(customer(), [], [], [], settings(), False)) == (
        "Acme Oy: sales cases and projects"
    )
    assert render(build_collaboration_tab(customer(), [], [], [], settings(), [])) == "\n".join(
        ["Acme Oy: 0 tasks", "  Todo (0)", "  Doing (0)", "  Done (0)"]
    )
    assert render(
        build_financials_tab(customer(), settings(), MonthWindow(date(2026, 3, 1)), [], [], [], [])
    ).count("\n") == 7
