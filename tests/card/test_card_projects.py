"""Sales & projects tab: phases and winning/losing (S1), moving projects (S2, S3), statuses
in use can only be disabled (S4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from cardkit import ADMIN
from cardkit import DONE
from cardkit import DRAFT
from cardkit import EDITOR
from cardkit import LEAD
from cardkit import LOST
from cardkit import OFFER
from cardkit import OLD_COLUMN
from cardkit import READER
from cardkit import SENT
from cardkit import TODO
from cardkit import WON
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import eur
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.activity import ActivityKind
from custreg.domain.card import ProjectPhase
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.moves import MoveBlocker
from custreg.domain.settings import SalesState
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.activities import project_activities
from custreg.usecases.card import collaboration_tab
from custreg.usecases.card import contacts_tab
from custreg.usecases.card import sales_tab
from custreg.usecases.files import add_link
from custreg.usecases.files import project_files
from custreg.usecases.notes import add_note
from custreg.usecases.notes import project_notes
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import ProjectChanges
from custreg.usecases.projects import add_proposal
from custreg.usecases.projects import close_project
from custreg.usecases.projects import create_project
from custreg.usecases.projects import create_sales_case
from custreg.usecases.projects import lose_sales_case
from custreg.usecases.projects import move_project
from custreg.usecases.projects import move_project_in
from custreg.usecases.projects import project_move_blockers
from custreg.usecases.projects import reopen_project
from custreg.usecases.projects import set_sales_status
from custreg.usecases.projects import update_project
from custreg.usecases.projects import win_sales_case
from custreg.usecases.settings import get_settings
from custreg.usecases.settings import save_settings
from custreg.usecases.statuses import StatusKind
from custreg.usecases.statuses import delete_status
from custreg.usecases.statuses import disable_status
from custreg.usecases.statuses import enable_status
from custreg.usecases.tasks import add_task
from custreg.usecases.tasks import move_task

SALES_STEPS = st.lists(
    st.sampled_from(["lead", "offer", "win", "lose", "close", "reopen"]), max_size=6
)


@per_example
@given(steps=SALES_STEPS, value=st.integers(0, 10**6), start=st.sampled_from([LEAD, OFFER]))
def test_s1_won_is_open_with_probability_100_and_lost_is_closed(
    registry_factory: Any, steps: list[str], value: int, start: Any
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    case = create_sales_case(
        registry,
        EDITOR,
        customer.id,
        NewProject("Deal", sales_status_id=start, expected_value=eur(value)),
    )
    assert case.probability == (10 if start == LEAD else 50)
    for step in steps:
        if step == "lead":
            case = set_sales_status(registry, EDITOR, case.id, LEAD)
        elif step == "offer":
            case = set_sales_status(registry, EDITOR, case.id, OFFER)
        elif step == "win":
            case = win_sales_case(registry, EDITOR, case.id)
            assert (case.probability, case.is_closed, case.sales_status_id) == (100, False, WON)
        elif step == "lose":
            case = lose_sales_case(registry, EDITOR, case.id)
            assert case.is_closed and case.sales_status_id == LOST
        elif step == "close":
            case = close_project(registry, EDITOR, case.id)
        else:
            case = reopen_project(registry, EDITOR, case.id)
    tab = sales_tab(registry, READER, customer.id)
    (row,) = tab.rows
    state = {
        LEAD: SalesState.IN_PROGRESS,
        OFFER: SalesState.IN_PROGRESS,
        WON: SalesState.WON,
        LOST: SalesState.LOST,
    }[case.sales_status_id]
    expected = {
        (SalesState.IN_PROGRESS, False): ProjectPhase.OPEN_SALES_CASE,
        (SalesState.IN_PROGRESS, True): ProjectPhase.CLOSED_SALES_CASE,
        (SalesState.LOST, True): ProjectPhase.CLOSED_SALES_CASE,
        (SalesState.LOST, False): ProjectPhase.CLOSED_SALES_CASE,
        (SalesState.WON, False): ProjectPhase.OPEN_PROJECT,
        (SalesState.WON, True): ProjectPhase.CLOSED_PROJECT,
    }[(state, case.is_closed)]
    assert row.phase is expected
    assert (row.probability, row.is_closed) == (case.probability, case.is_closed)
    assert row.value is None  # Read-only does not see money (U5)
    assert sales_tab(registry, ADMIN, customer.id).rows[0].value == eur(value)
    if state is SalesState.WON:
        assert row.probability == 100


@per_example
@given(kinds=st.lists(st.sampled_from([None, LEAD, OFFER, WON, LOST]), max_size=8))
def test_s1_every_project_is_in_exactly_one_list_of_the_sales_tab(
    registry_factory: Any, kinds: list[Any]
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    created = [
        create_project(registry, EDITOR, customer.id, NewProject(f"P{n}", sales_status_id=k))
        for n, k in enumerate(kinds)
    ]
    tab = sales_tab(registry, READER, customer.id)
    lists = [tab.open_sales_cases, tab.closed_sales_cases, tab.open_projects, tab.closed_projects]
    seen = [row.id for rows in lists for row in rows]
    assert sorted(seen) == sorted(p.id for p in created)
    phases = {
        LEAD: ProjectPhase.OPEN_SALES_CASE,
        OFFER: ProjectPhase.OPEN_SALES_CASE,
        WON: ProjectPhase.OPEN_PROJECT,
        LOST: ProjectPhase.CLOSED_SALES_CASE,
        None: ProjectPhase.OPEN_PROJECT,
    }
    for project, kind in zip(created, kinds, strict=True):
        row = next(r for r in tab.rows if r.id == project.id)
        assert row.phase is phases[kind]
        assert row.probability == {LEAD: 10, OFFER: 50, WON: 100}.get(kind, 0)


def test_s1_won_project_keeps_probability_100(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    case = create_sales_case(registry, EDITOR, customer.id, NewProject("Deal"))
    won = win_sales_case(registry, EDITOR, case.id)
    with pytest.raises(ValidationError) as error:
        update_project(registry, EDITOR, won.id, ProjectChanges(probability=40))
    assert (error.value.entity, error.value.field) == ("project", "probability")
    assert sales_tab(registry, READER, customer.id).rows[0].probability == 100
    with pytest.raises(ValidationError):  # winning with a status that is not Won
        win_sales_case(registry, EDITOR, case.id, LOST)


@per_example
@given(invoiced=st.booleans(), proposed=st.booleans(), same=st.booleans())
def test_s2_project_moves_only_without_invoice_and_proposal(
    registry_factory: Any, invoiced: bool, proposed: bool, same: bool
) -> None:
    registry = registry_factory(settings=card_settings)
    source, target = new_customer(registry, "From Oy"), new_customer(registry, "To Oy")
    project = create_project(registry, EDITOR, source.id, NewProject("Site"))
    if invoiced:
        add_invoice(
            registry, source.id, date(2026, 11, 1), 10, status=DRAFT, projects=(project.id,)
        )
    if proposed:
        add_proposal(registry, EDITOR, project.id, "Offer 1")
    destination = source if same else target
    expected = {MoveBlocker.HAS_INVOICE} if invoiced else set()
    expected |= {MoveBlocker.HAS_PROPOSAL} if proposed else set()
    expected |= {MoveBlocker.SAME_CUSTOMER} if same else set()
    with registry.uow() as uow:
        assert set(project_move_blockers(uow, uow.projects.get(project.id), destination.id)) == (
            expected
        )
    row = sales_tab(registry, ADMIN, source.id).rows[0]  # U5: one who sees every invoice
    assert row.movable == (not invoiced and not proposed)
    if expected:
        with pytest.raises(BusinessRuleError) as error:
            move_project(registry, EDITOR, project.id, destination.id)
        assert (error.value.entity, error.value.field) == ("project", "customer_id")
        assert [r.id for r in sales_tab(registry, READER, source.id).rows] == [project.id]
        assert sales_tab(registry, READER, target.id).rows == ()
    else:
        moved = move_project(registry, EDITOR, project.id, target.id)
        assert moved.project.customer_id == target.id and moved.from_customer == source.id
        assert sales_tab(registry, READER, source.id).rows == ()
        assert [r.id for r in sales_tab(registry, READER, target.id).rows] == [project.id]


@per_example
@given(
    project_notes_count=st.integers(0, 3),
    customer_notes_count=st.integers(0, 2),
    linked_activities=st.integers(0, 3),
    plain_activities=st.integers(0, 2),
    tasks=st.integers(0, 3),
)
def test_s3_moved_project_takes_its_notes_activities_files_and_tasks_along(
    registry_factory: Any,
    project_notes_count: int,
    customer_notes_count: int,
    linked_activities: int,
    plain_activities: int,
    tasks: int,
) -> None:
    registry = registry_factory(settings=card_settings)
    source, target = new_customer(registry, "From Oy"), new_customer(registry, "To Oy")
    project = create_project(registry, EDITOR, source.id, NewProject("Site"))
    stay = create_project(registry, EDITOR, source.id, NewProject("Stays"))
    moving_notes = {
        add_note(registry, EDITOR, source.id, f"pn{n}", project.id).id
        for n in range(project_notes_count)
    }
    staying_notes = {
        add_note(registry, EDITOR, source.id, f"cn{n}").id for n in range(customer_notes_count)
    }
    staying_notes.add(add_note(registry, EDITOR, source.id, "other project", stay.id).id)
    moving_acts = {
        add_activity(
            registry,
            READER,
            source.id,
            NewActivity(ActivityKind.CALENDAR, f"la{n}", project_id=project.id),
        ).id
        for n in range(linked_activities)
    }
    staying_acts = {
        add_activity(registry, READER, source.id, NewActivity(ActivityKind.TODO, f"pa{n}")).id
        for n in range(plain_activities)
    }
    link = add_link(registry, EDITOR, source.id, "Plan", "https://example.com/p", project.id)
    task_ids = {add_task(registry, EDITOR, project.id, f"t{n}").id for n in range(tasks)}

    moved = move_project(registry, EDITOR, project.id, target.id)

    assert (moved.notes, moved.activities, moved.files) == (len(moving_notes), len(moving_acts), 1)
    old, new = contacts_tab(registry, READER, source.id), contacts_tab(registry, READER, target.id)
    assert {v.note.id for v in old.notes} == staying_notes
    assert {v.note.id for v in new.notes} == moving_notes
    old_acts = {v.activity.id for v in (*old.planned_activities, *old.past_activities)}
    new_acts = {v.activity.id for v in (*new.planned_activities, *new.past_activities)}
    assert (old_acts, new_acts) == (staying_acts, moving_acts)
    assert [v.file.id for v in new.files] == [link.id] and old.files == ()
    assert {n.id for n in project_notes(registry, READER, project.id)} == moving_notes
    acts = project_activities(registry, READER, project.id)
    assert {a.id for a in acts.planned} == moving_acts
    assert [f.id for f in project_files(registry, READER, project.id)] == [link.id]
    board = collaboration_tab(registry, READER, target.id)
    assert {c.id for col in board.columns for c in col.tasks} == task_ids
    assert collaboration_tab(registry, READER, source.id).total == 0


def test_s2_move_project_in_leaves_the_commit_to_the_caller(registry_factory: Any) -> None:
    """Duplicate consolidation (D2) moves several projects in one unit of work."""
    registry = registry_factory(settings=card_settings)
    source, target = new_customer(registry, "Dup Oy"), new_customer(registry, "Kept Oy")
    one = create_project(registry, EDITOR, source.id, NewProject("One"))
    two = create_project(registry, EDITOR, source.id, NewProject("Two"))
    add_proposal(registry, EDITOR, two.id, "Quote")
    with registry.uow() as uow:
        move_project_in(uow, registry, EDITOR, one.id, target.id)
        with pytest.raises(BusinessRuleError):
            move_project_in(uow, registry, EDITOR, two.id, target.id)
        # not committed: leaving the block rolls the first move back too
    assert {r.id for r in sales_tab(registry, READER, source.id).rows} == {one.id, two.id}
    with registry.uow() as uow:
        move_project_in(uow, registry, EDITOR, one.id, target.id)
        uow.commit()
    assert [r.id for r in sales_tab(registry, READER, target.id).rows] == [one.id]


STATUS_CASES = [
    (StatusKind.SALES, OFFER, "sales_statuses"),
    (StatusKind.TASK, TODO, "task_statuses"),
    (StatusKind.INVOICE, SENT, "invoice_statuses"),
]


@per_example
@given(case=st.sampled_from(STATUS_CASES), history=st.booleans())
def test_s4_status_in_use_can_be_disabled_not_deleted(
    registry_factory: Any, case: tuple[StatusKind, Any, str], history: bool
) -> None:
    kind, status_id, field = case
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    if kind is StatusKind.SALES:
        set_sales_status(registry, EDITOR, project.id, status_id)
        if history:  # used once, then left: it "has been used"
            set_sales_status(registry, EDITOR, project.id, LEAD)
    elif kind is StatusKind.TASK:
        task = add_task(registry, EDITOR, project.id, "Task", status_id)
        if history:
            move_task(registry, EDITOR, task.id, DONE)
    else:
        add_invoice(registry, customer.id, date(2026, 11, 2), 100, status=status_id)
    before = sales_tab(registry, ADMIN, customer.id)
    board = collaboration_tab(registry, ADMIN, customer.id)
    with pytest.raises(BusinessRuleError) as error:
        delete_status(registry, ADMIN, kind, status_id)
    assert error.value.entity == kind.entity
    assert status_id in {s.id for s in getattr(get_settings(registry), field)}
    settings = get_settings(registry)
    without = attrs.evolve(
        settings, **{field: tuple(s for s in getattr(settings, field) if s.id != status_id)}
    )
    with pytest.raises(BusinessRuleError) as error:  # nor left out of a whole new settings
        save_settings(registry, ADMIN, without)
    assert error.value.entity == kind.entity
    assert get_settings(registry) == settings
    disable_status(registry, ADMIN, kind, status_id)
    assert not next(s for s in getattr(get_settings(registry), field) if s.id == status_id).active
    # disabling changes no record
    assert [r.id for r in sales_tab(registry, ADMIN, customer.id).rows] == [
        r.id for r in before.rows
    ]
    after_rows = sales_tab(registry, ADMIN, customer.id).rows
    assert [(r.sales_status.id if r.sales_status else None, r.probability) for r in after_rows] == [
        (r.sales_status.id if r.sales_status else None, r.probability) for r in before.rows
    ]
    after_board = collaboration_tab(registry, ADMIN, customer.id)
    assert sorted(c.id for col in after_board.columns for c in col.tasks) == sorted(
        c.id for col in board.columns for c in col.tasks
    )
    enable_status(registry, ADMIN, kind, status_id)
    assert next(s for s in getattr(get_settings(registry), field) if s.id == status_id).active


def test_s4_unused_status_can_be_deleted_and_disabled_ones_are_refused(
    registry_factory: Any,
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    delete_status(registry, ADMIN, StatusKind.SALES, OFFER)
    assert OFFER not in {s.id for s in get_settings(registry).sales_statuses}
    with pytest.raises(ValidationError) as error:  # a disabled task status takes no new task
        add_task(registry, EDITOR, project.id, "Task", OLD_COLUMN)
    assert (error.value.entity, error.value.field) == ("task", "status_id")
    with pytest.raises(ValidationError):
        set_sales_status(registry, EDITOR, project.id, OFFER)  # deleted
    with pytest.raises(PermissionDeniedError):  # editors cannot change settings, admins can
        delete_status(registry, EDITOR, StatusKind.SALES, LEAD)
