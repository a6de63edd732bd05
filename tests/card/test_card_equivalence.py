"""Every adapter shows the same card: the same use-case steps on the memory adapter and on SQLite
(same ids, same clock) give equal read models for every tab, drill-down included."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import BO
from cardkit import DOING
from cardkit import DONE
from cardkit import EDITOR
from cardkit import LEAD
from cardkit import READER
from cardkit import WON
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import eur
from cardkit import per_heavy_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.system import FixedClock
from custreg.adapters.system import SequentialIds
from custreg.bootstrap import open_memory
from custreg.bootstrap import registry_of
from custreg.domain.activity import ActivityKind
from custreg.domain.card import Figure
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import OrganisationId
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.usecases import activities
from custreg.usecases import card
from custreg.usecases import contacts
from custreg.usecases import notes
from custreg.usecases import projects
from custreg.usecases import tasks
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.customers import create_customer

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("contact"), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("project"), st.integers(0, 1), st.sampled_from([None, LEAD, WON])),
        st.tuples(st.just("note"), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("activity"), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("task"), st.integers(0, 5), st.sampled_from([None, DOING, DONE])),
        st.tuples(st.just("move"), st.integers(0, 5), st.integers(0, 1)),
        st.tuples(st.just("money"), st.integers(0, 5), st.integers(-6, 3)),
        st.tuples(st.just("tick"), st.integers(1, 90), st.booleans()),
    ),
    min_size=4,
    max_size=16,
)


@pytest.fixture(scope="module")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from custreg.adapters.sql import SqlDatabase

    database = SqlDatabase(f"sqlite:///{tmp_path_factory.mktemp('eq') / 'card.db'}")
    yield database
    database.dispose()


def _apply(registry: Any, clock: FixedClock, steps: list[tuple[Any, ...]]) -> list[Any]:
    customers = [
        create_customer(
            registry,
            ADMIN,
            CreateCustomer(f"C{n} Oy", owner_id=BO, address=NewAddress("FI", ("Tie 1",), "00100")),
        ).id
        for n in range(2)
    ]
    made: list[Any] = []
    invoiced: set[Any] = set()
    for kind, a, b in steps:
        clock.advance(timedelta(minutes=7))
        customer = customers[a % 2]
        mine = [p for p in made if p.customer_id == customer]
        if kind == "contact":
            contact = contacts.add_contact(
                registry,
                EDITOR,
                customer,
                contacts.NewContact("A", f"L{len(made)}", keywords={"x"}),
            )
            if b:
                contacts.inactivate_contact(registry, EDITOR, contact.id)
        elif kind == "project":
            made.append(
                projects.create_project(
                    registry,
                    EDITOR,
                    customer,
                    projects.NewProject("P", sales_status_id=b, expected_value=eur(a * 100)),
                )
            )
        elif kind == "note":
            notes.add_note(registry, EDITOR, customer, "n", mine[0].id if b and mine else None)
        elif kind == "activity":
            activities.add_activity(
                registry,
                READER,
                customer,
                activities.NewActivity(
                    ActivityKind.CALENDAR,
                    "a",
                    starts_at=clock.now(),
                    done=b,
                    project_id=mine[-1].id if mine else None,
                ),
            )
        elif made and kind == "task":
            tasks.add_task(registry, EDITOR, made[a % len(made)].id, "t", b, [BO])
        elif made and kind == "move":
            project = made[a % len(made)]
            target = customers[b]
            if project.customer_id != target and project.id not in invoiced:
                moved = projects.move_project(registry, EDITOR, project.id, target).project
                made[a % len(made)] = moved
        elif made and kind == "money":
            project = made[a % len(made)]
            on = date(2026, 11, 1) + timedelta(days=31 * b)
            add_invoice(registry, project.customer_id, on, 100 + a, projects=(project.id,))
            projects.set_project_forecast(registry, ADMIN, project.id, on, eur(a), eur(b % 3))
            with registry.uow() as uow:
                uow.projects.add_cost(
                    CostEntry(
                        CostEntryId(registry.ids.new_id()), project.id, CostKind.TRAVEL, on, eur(7)
                    )
                )
                uow.commit()
            invoiced.add(project.id)
        elif kind == "tick":
            clock.advance(timedelta(days=a))
    return customers


def _card(registry: Any, customer: Any) -> tuple[Any, ...]:
    financials = card.financials_tab(registry, ADMIN, customer)
    drills = tuple(
        card.financials_drilldown(registry, ADMIN, customer, m.month, figure)
        for m in financials.months
        for figure in Figure
    )
    return (
        card.contacts_tab(registry, ADMIN, customer),
        card.sales_tab(registry, ADMIN, customer),
        card.collaboration_tab(registry, ADMIN, customer),
        financials,
        drills,
        card.settings_tab(registry, ADMIN, customer),
    )


def _compare(sqlite_database: Any, steps: list[tuple[Any, ...]]) -> None:
    start = uuid.uuid4().int >> 64
    cards = []
    for backend in ("memory", "sqlite"):
        organisation = OrganisationId(uuid.uuid4())
        clock = FixedClock(datetime(2026, 11, 25, 12, tzinfo=UTC))
        if backend == "memory":
            registry = open_memory(
                organisation, card_settings(organisation), clock, SequentialIds(start)
            )
        else:
            registry = registry_of(
                sqlite_database, organisation,
                settings=card_settings(organisation),
                clock=clock,
                ids=SequentialIds(start),
            )
        customers = _apply(registry, clock, steps)
        cards.append([_card(registry, c) for c in customers])
    assert cards[0] == cards[1]


@per_heavy_example
@given(steps=STEPS)
def test_k7_memory_and_sql_show_the_same_card(
    sqlite_database: Any, steps: list[tuple[Any, ...]]
) -> None:
    _compare(sqlite_database, steps)


def test_equivalence_covers_a_busy_card(sqlite_database: Any) -> None:
    """A fixed scenario touching every step kind, so the comparison is never vacuous."""
    steps = [
        ("project", 0, LEAD),
        ("project", 1, WON),
        ("contact", 0, True),
        ("contact", 0, False),
        ("note", 0, True),
        ("note", 1, False),
        ("activity", 0, True),
        ("activity", 0, False),
        ("task", 0, DOING),
        ("task", 1, None),
        ("money", 0, 0),
        ("money", 1, -2),
        ("move", 1, 0),
        ("tick", 40, True),
        ("money", 0, 1),
    ]
    _compare(sqlite_database, steps)
