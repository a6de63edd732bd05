"""Collaboration tab: the kanban of every task of the customer's projects (T3, T4)."""

from __future__ import annotations

from typing import Any

import attrs
from cardkit import ANNA
from cardkit import BO
from cardkit import CAIA
from cardkit import DOING
from cardkit import DONE
from cardkit import EDITOR
from cardkit import OLD_COLUMN
from cardkit import READER
from cardkit import TODO
from cardkit import card_settings
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.usecases.card import collaboration_tab
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_project
from custreg.usecases.tasks import add_task
from custreg.usecases.tasks import assign_task
from custreg.usecases.tasks import is_done
from custreg.usecases.tasks import move_task

COLUMNS = [TODO, DOING, DONE]
USERS = [ANNA, BO, CAIA]

task_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # project (2 is another customer's)
        st.sampled_from(COLUMNS),
        st.frozensets(st.sampled_from(USERS), max_size=2),
    ),
    max_size=10,
)


@per_example
@given(specs=task_specs, moves=st.lists(st.tuples(st.integers(0, 9), st.sampled_from(COLUMNS))))
def test_t3_board_shows_every_task_in_exactly_one_column_with_counts_and_assignees(
    registry_factory: Any,
    specs: list[tuple[int, Any, frozenset[Any]]],
    moves: list[tuple[int, Any]],
) -> None:
    registry = registry_factory(settings=card_settings)
    customer, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    projects = [
        create_project(registry, EDITOR, customer.id, NewProject("One")),
        create_project(registry, EDITOR, customer.id, NewProject("Two")),
        create_project(registry, EDITOR, other.id, NewProject("Theirs")),
    ]
    model: dict[Any, tuple[Any, frozenset[Any], Any]] = {}
    for n, (p, column, assignees) in enumerate(specs):
        task = add_task(registry, EDITOR, projects[p].id, f"Task {n}", column, assignees)
        model[task.id] = (column, assignees, projects[p].id)
    ids = list(model)
    for index, column in moves:
        if ids:
            task_id = ids[index % len(ids)]
            before = next(t for t in _stored_tasks(registry, projects) if t.id == task_id)
            after = move_task(registry, EDITOR, task_id, column)
            assert after == attrs.evolve(before, status_id=column)  # T3: only the status changes
            _, assignees, project_id = model[task_id]
            model[task_id] = (column, assignees, project_id)
    board = collaboration_tab(registry, READER, customer.id)
    mine = {tid: v for tid, v in model.items() if v[2] != projects[2].id}
    placed = [card.id for column in board.columns for card in column.tasks]
    assert sorted(placed) == sorted(mine)  # every task of the customer, exactly once
    assert [c.status.id for c in board.columns if c.status] == COLUMNS  # disabled, empty: hidden
    for column in board.columns:
        assert column.count == len(column.tasks)
        assert column.status is not None
        for card in column.tasks:
            status, assignees, project_id = mine[card.id]
            assert card.status_id == status == column.status.id
            assert {a.id for a in card.assignees} == assignees
            assert card.project.id == project_id
    assert board.counts == {
        "Not started": sum(1 for v in mine.values() if v[0] == TODO),
        "In progress": sum(1 for v in mine.values() if v[0] == DOING),
        "Done": sum(1 for v in mine.values() if v[0] == DONE),
    }


def _stored_tasks(registry: Any, projects: list[Any]) -> list[Any]:
    with registry.uow() as uow:
        return uow.tasks.for_projects([p.id for p in projects])


@per_example
@given(column=st.sampled_from(COLUMNS))
def test_t4_task_is_done_exactly_when_its_status_has_the_done_flag(
    registry_factory: Any, column: Any
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("One"))
    task = add_task(registry, EDITOR, project.id, "Task", column)
    assert is_done(registry, READER, task.id) == (column == DONE)
    (card,) = [
        c for col in collaboration_tab(registry, READER, customer.id).columns for c in col.tasks
    ]
    assert card.is_done == (column == DONE)
    renamed = card_settings(registry.organisation_id)
    statuses = tuple(attrs.evolve(s, name=f"Renamed {s.name}") for s in renamed.task_statuses)
    with registry.uow() as uow:  # renaming a status changes nothing about done-ness
        uow.settings.save(attrs.evolve(uow.settings.get(), task_statuses=statuses))
        uow.commit()
    assert is_done(registry, READER, task.id) == (column == DONE)


def test_t3_a_disabled_status_keeps_its_column_while_tasks_carry_it(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("One"))
    task = add_task(registry, EDITOR, project.id, "Task")
    assert task.status_id == TODO  # the first active column
    with registry.uow() as uow:  # a task left on a status that was later disabled
        uow.tasks.update(attrs.evolve(task, status_id=OLD_COLUMN))
        uow.commit()
    board = collaboration_tab(registry, READER, customer.id)
    assert [c.name for c in board.columns] == ["Not started", "In progress", "Done", "Old column"]
    assert board.columns[-1].count == 1
    assigned = assign_task(registry, EDITOR, task.id, [BO, ANNA])
    assert assigned.assignee_ids == {BO, ANNA} and assigned.status_id == OLD_COLUMN
    card = collaboration_tab(registry, READER, customer.id).columns[-1].tasks[0]
    assert [a.name for a in card.assignees] == ["Anna Account", "Bo Builder"]


@per_example
@given(names=st.lists(st.sampled_from(["a", "A", "b", "B", "ä", "Ä", "ab", "AB", "Z"]), max_size=8))
def test_t3_cards_are_listed_by_project_number_then_name_ignoring_case_then_id(
    registry_factory: Any, names: list[str]
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry, "Mine Oy")
    projects = [
        create_project(registry, EDITOR, customer.id, NewProject("One")),
        create_project(registry, EDITOR, customer.id, NewProject("Two")),
    ]
    for n, name in enumerate(names):
        add_task(registry, EDITOR, projects[n % 2].id, name, TODO, frozenset())
    board = collaboration_tab(registry, READER, customer.id)
    cards = [card for column in board.columns for card in column.tasks]
    keys = [(card.project.number, card.name.casefold(), card.id) for card in cards]
    assert keys == sorted(keys) and len(cards) == len(names)
