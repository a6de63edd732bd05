"""The customer card as its help article describes it (V1-V5), on every adapter.

Each test builds a customer beside a second customer with the same kinds of data, then checks
that a tab shows exactly the first customer's rows: nothing missing, nothing twice, nothing of the
other customer.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import ANNA
from cardkit import BO
from cardkit import DOING
from cardkit import DONE
from cardkit import EDITOR
from cardkit import LEAD
from cardkit import LOST
from cardkit import NOBODY
from cardkit import OFFER
from cardkit import PAID
from cardkit import READER
from cardkit import SENT
from cardkit import TODO
from cardkit import WON
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import eur
from cardkit import new_customer
from cardkit import per_example
from cardkit import per_heavy_example
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.activity import ActivityKind
from custreg.domain.card import Figure
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.forecast import add_months
from custreg.usecases import card
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.addresses import add_address
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import inactivate_contact
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import update_customer
from custreg.usecases.files import add_link
from custreg.usecases.notes import add_note
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import close_project
from custreg.usecases.projects import create_project
from custreg.usecases.tasks import add_task

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the fixture clock
CURRENT = date(2026, 11, 1)


def two_customers(registry: Any) -> tuple[Any, Any]:
    return new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")


@per_example
@given(name=st.sampled_from(["Acme Oy", "Åbo Ab", "Ñandú S.A."]), owner=st.sampled_from([ANNA, BO]))
def test_v1_card_has_five_tabs_and_a_header_with_name_number_owner_and_creation(
    registry_factory: Any, name: str, owner: Any
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = create_customer(registry, ADMIN, CreateCustomer(name, owner_id=owner))
    header = card.contacts_tab(registry, READER, customer.id).header
    assert (header.id, header.name, header.number) == (customer.id, name, customer.number)
    assert header.owner is not None and header.owner.id == owner
    assert header.created_at == customer.created_at
    assert header.created_by is not None and header.created_by.id == ADMIN.user_id
    # Five tabs, each readable by Read-only except Financials (money, U5).
    for tab in (card.contacts_tab, card.sales_tab, card.collaboration_tab, card.settings_tab):
        assert tab(registry, READER, customer.id) is not None
    assert card.financials_tab(registry, ADMIN, customer.id).invoices == ()
    for tab in (card.contacts_tab, card.sales_tab, card.collaboration_tab, card.settings_tab):
        with pytest.raises(PermissionDeniedError):
            tab(registry, NOBODY, customer.id)


def test_v1_header_is_editable_per_permission(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry, "Acme Oy")
    with pytest.raises(PermissionDeniedError) as denied:
        update_customer(registry, READER, UpdateCustomer(customer.id, name="Renamed Oy"))
    assert denied.value.entity == "customer"
    assert card.contacts_tab(registry, READER, customer.id).header.name == "Acme Oy"
    update_customer(registry, EDITOR, UpdateCustomer(customer.id, name="Renamed Oy", owner_id=BO))
    header = card.contacts_tab(registry, READER, customer.id).header
    assert header.name == "Renamed Oy"
    assert header.owner is not None and header.owner.id == BO
    assert header.updated_by is not None and header.updated_by.id == EDITOR.user_id


link_specs = st.lists(st.tuples(st.sampled_from([None, 0, 1]), st.booleans()), max_size=6)


@per_example
@given(
    links=link_specs,
    contacts=st.lists(st.booleans(), max_size=4),
    addresses=st.integers(0, 3),
)
@example(links=[(None, True), (0, True), (1, False)], contacts=[True, False], addresses=2)
def test_v2_contacts_tab_lists_addresses_contacts_and_files_of_the_customer_and_its_projects(
    registry_factory: Any,
    links: list[tuple[int | None, bool]],
    contacts: list[bool],
    addresses: int,
) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = two_customers(registry)
    projects = [create_project(registry, EDITOR, mine.id, NewProject(f"P{n}")) for n in range(2)]
    theirs = create_project(registry, EDITOR, other.id, NewProject("Theirs"))
    expected: dict[Any, Any] = {}
    for n, (where, own) in enumerate(links):
        if own:
            project_id = None if where is None else projects[where].id
            item = add_link(registry, EDITOR, mine.id, f"L{n}", f"https://x.test/{n}", project_id)
            expected[item.id] = project_id
        else:
            add_link(registry, EDITOR, other.id, f"L{n}", "https://y.test", theirs.id)
    kept = [
        add_address(
            registry, EDITOR, mine.id, NewAddress("FI", (f"Katu {n}",), "00100", "Helsinki")
        )
        for n in range(addresses)
    ]
    add_address(registry, EDITOR, other.id, NewAddress("FI", ("Muu 1",), "00100", "Helsinki"))
    active, inactive = set(), set()
    for n, stays in enumerate(contacts):
        contact = add_contact(registry, EDITOR, mine.id, NewContact(f"First{n}", f"Last{n}"))
        if stays:
            active.add(contact.id)
        else:
            inactivate_contact(registry, EDITOR, contact.id)
            inactive.add(contact.id)
    add_contact(registry, EDITOR, other.id, NewContact("Not", "Mine"))

    tab = card.contacts_tab(registry, READER, mine.id)

    assert {v.file.id: (v.project.id if v.project else None) for v in tab.files} == expected
    assert len(tab.files) == len(expected)
    assert [line.address.id for line in tab.addresses] == [a.id for a in kept]
    assert [line.is_headquarters for line in tab.addresses] == [n == 0 for n in range(addresses)]
    assert {c.id for c in tab.contacts} == active
    assert {c.id for c in tab.inactive_contacts} == inactive


@per_example
@given(
    kinds=st.lists(st.sampled_from([None, LEAD, OFFER, WON, LOST, "closed"]), max_size=7),
    others=st.integers(0, 2),
)
@example(kinds=[None, LEAD, WON, LOST, "closed"], others=1)
def test_v3_sales_tab_lists_every_sales_case_and_project_of_the_customer_once(
    registry_factory: Any, kinds: list[Any], others: int
) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = two_customers(registry)
    made = []
    for n, kind in enumerate(kinds):
        status = kind if kind not in (None, "closed") else None
        project = create_project(
            registry, EDITOR, mine.id, NewProject(f"P{n}", sales_status_id=status)
        )
        if kind == "closed":
            close_project(registry, EDITOR, project.id)
        made.append(project.id)
    for n in range(others):
        create_project(registry, EDITOR, other.id, NewProject(f"O{n}", sales_status_id=LEAD))

    tab = card.sales_tab(registry, READER, mine.id)

    listed = [
        row.id
        for rows in (
            tab.open_sales_cases,
            tab.closed_sales_cases,
            tab.open_projects,
            tab.closed_projects,
        )
        for row in rows
    ]
    assert sorted(listed) == sorted(made)
    assert {r.id for r in tab.open_sales_cases} == {
        p for p, k in zip(made, kinds, strict=True) if k in (LEAD, OFFER)
    }
    assert {r.id for r in tab.closed_sales_cases} == {
        p for p, k in zip(made, kinds, strict=True) if k == LOST
    }


collaboration_specs = st.lists(
    st.tuples(
        st.sampled_from(["activity", "note", "task"]),
        st.sampled_from([None, 0, 1]),  # on the customer, or on one of its two projects
        st.booleans(),  # the first customer's (True) or the other's
        st.booleans(),  # activity done
    ),
    max_size=8,
)


@per_example
@given(items=collaboration_specs)
@example(
    items=[
        ("activity", None, True, False),
        ("activity", 0, True, True),
        ("note", None, True, False),
        ("note", 1, True, False),
        ("task", 0, True, False),
        ("activity", 0, False, False),
        ("note", 0, False, False),
        ("task", 0, False, False),
    ]
)
def test_v4_collaboration_lists_activities_tasks_and_notes_of_the_customer_and_its_projects(
    registry_factory: Any, items: list[tuple[str, int | None, bool, bool]]
) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = two_customers(registry)
    projects = {
        True: [create_project(registry, EDITOR, mine.id, NewProject(f"M{n}")) for n in range(2)],
        False: [create_project(registry, EDITOR, other.id, NewProject(f"O{n}")) for n in range(2)],
    }
    planned, past, notes, tasks = set(), set(), set(), set()
    for n, (kind, where, own, done) in enumerate(items):
        owner = mine if own else other
        project_id = None if where is None else projects[own][where].id
        if kind == "activity":
            activity = add_activity(
                registry,
                READER,
                owner.id,
                NewActivity(
                    ActivityKind.TODO,
                    f"A{n}",
                    starts_at=NOW + timedelta(hours=n),
                    done=done,
                    project_id=project_id,
                ),
            )
            if own:
                (past if done else planned).add(activity.id)
        elif kind == "note":
            note = add_note(registry, EDITOR, owner.id, f"Note {n}", project_id)
            if own:
                notes.add(note.id)
        else:
            project = projects[own][where if where is not None else 0]
            task = add_task(registry, EDITOR, project.id, f"T{n}", [TODO, DOING, DONE][n % 3])
            if own:
                tasks.add(task.id)

    tab = card.collaboration_tab(registry, READER, mine.id)

    assert {v.activity.id for v in tab.planned_activities} == planned
    assert {v.activity.id for v in tab.past_activities} == past
    assert len(tab.planned_activities) + len(tab.past_activities) == len(planned | past)
    assert [v.note.id for v in tab.notes] == [
        v.note.id for v in card.contacts_tab(registry, READER, mine.id).notes
    ]
    assert {v.note.id for v in tab.notes} == notes and len(tab.notes) == len(notes)
    assert {v.note.id for v in tab.project_notes} == {
        v.note.id for v in tab.notes if v.note.project_id is not None
    }
    assert {c.id for column in tab.columns for c in column.tasks} == tasks
    assert tab.total == len(tasks)


@per_heavy_example
@given(
    invoices=st.lists(
        st.tuples(st.integers(-7, 0), st.integers(-300, 4000), st.sampled_from([SENT, PAID])),
        max_size=6,
    ),
    costs=st.lists(st.tuples(st.integers(-7, 0), st.integers(0, 900)), max_size=4),
)
@example(invoices=[(0, 100, SENT), (-1, -40, PAID), (-6, 500, SENT)], costs=[(0, 30), (-3, 10)])
def test_v5_every_sum_on_financials_drills_down_to_exactly_its_rows(
    registry_factory: Any,
    invoices: list[tuple[int, int, Any]],
    costs: list[tuple[int, int]],
) -> None:
    from custreg.domain.ids import CostEntryId
    from custreg.domain.project import CostEntry
    from custreg.domain.project import CostKind

    registry = registry_factory(settings=card_settings)
    mine, other = two_customers(registry)
    project = create_project(registry, EDITOR, mine.id, NewProject("Work"))
    theirs = create_project(registry, EDITOR, other.id, NewProject("Theirs"))
    created = set()
    for n, (offset, amount, status) in enumerate(invoices):
        on = add_months(CURRENT, offset).replace(day=10)
        created.add(add_invoice(registry, mine.id, on, amount, status=status, number=n + 1).id)
        add_invoice(registry, other.id, on, 777, status=SENT, number=500 + n)
    with registry.uow() as uow:
        for offset, amount in costs:
            on = add_months(CURRENT, offset).replace(day=3)
            for project_id in (project.id, theirs.id):
                uow.projects.add_cost(
                    CostEntry(
                        CostEntryId(registry.ids.new_id()),
                        project_id,
                        CostKind.PURCHASE,
                        on,
                        eur(amount),
                    )
                )
        uow.commit()

    tab = card.financials_tab(registry, ADMIN, mine.id)

    assert {row.invoice.id for row in tab.invoices} == created  # the invoices created for it
    assert len(tab.months) >= 6
    for figures in tab.months:
        for figure in Figure:
            drill = card.financials_drilldown(registry, ADMIN, mine.id, figures.month, figure)
            assert drill.total == figures.figure(figure)
            invoiced = sum((i.total_excl_vat.amount for i in drill.invoices), Decimal(0))
            spent = sum((c.amount.amount for c in drill.costs), Decimal(0))
            assert all(i.customer_id == mine.id for i in drill.invoices)
            assert all(c.project_id == project.id for c in drill.costs)
            if figure is Figure.BILLING:
                assert drill.total == eur(invoiced) and not drill.costs
            elif figure is Figure.COSTS:
                assert drill.total == eur(spent) and not drill.invoices
            elif figure is Figure.MARGIN:
                assert drill.total == eur(invoiced - spent)
