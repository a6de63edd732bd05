"""Contracts of the activities, notes and tasks capabilities."""

from __future__ import annotations

import uuid
from functools import partial

import attrs
from hypothesis import strategies as st

from custreg.domain.ids import ActivityId
from custreg.domain.ids import NoteId
from custreg.domain.ids import TaskId
from custreg.ports.activities import ActivityRepository
from custreg.ports.activities import NoteRepository
from custreg.ports.activities import TaskRepository
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import _add_each
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _check_remove
from custreg.testing.contracts._support import _check_update
from custreg.testing.contracts._support import _on_customer_or
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _one_project
from custreg.testing.contracts._support import _two_customers_and_project
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import offered_only


def _activities(uow: UnitOfWork) -> ActivityRepository:
    return uow.activities


def _notes(uow: UnitOfWork) -> NoteRepository:
    return uow.notes


def _tasks(uow: UnitOfWork) -> TaskRepository:
    return uow.tasks


@offered_only(lambda uow: uow.activities)
class ActivityRepositoryContract:
    """ActivityRepository: activities per customer and per project."""

    @each_example(data=st.data())
    def test_activities_per_customer_and_project(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        customer = _one_customer(registry)
        project = _one_project(registry, customer)
        items = data.draw(_on_customer_or(project, partial(s.activities, customer.id), 5))
        _add_each(registry, _activities, items)
        with registry.uow() as uow:
            assert uow.activities.for_customer(customer.id) == _by_id(items)
            assert uow.activities.for_project(project.id) == _by_id(
                a for a in items if a.project_id == project.id
            )
        if items:
            first = items[0]
            changed = attrs.evolve(first, done=not first.done, title="Changed")
            _check_update(registry, _activities, changed)
            _check_remove(registry, _activities, first.id)
        _check_not_found(registry, lambda uow: uow.activities.remove(ActivityId(uuid.uuid4())))


@offered_only(lambda uow: uow.notes)
class NoteRepositoryContract:
    """NoteRepository: notes per customer (project notes included, N3) and per project."""

    @each_example(data=st.data())
    def test_n3_customer_notes_include_project_notes(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        customer, other, project = _two_customers_and_project(registry)
        on_card = data.draw(_unique(s.notes(customer.id), 3))
        on_project = data.draw(_unique(s.notes(customer.id, project.id), 3))
        elsewhere = data.draw(_unique(s.notes(other.id), 2))
        everything = [*on_card, *on_project, *elsewhere]
        _add_each(registry, _notes, everything)
        with registry.uow() as uow:
            assert _by_id(uow.notes.for_customer(customer.id)) == _by_id(on_card + on_project)
            assert _by_id(uow.notes.for_project(project.id)) == _by_id(on_project)
        if everything:
            changed = attrs.evolve(everything[0], text="Edited")
            _check_update(registry, _notes, changed)
            _check_remove(registry, _notes, changed.id)
        _check_not_found(registry, lambda uow: uow.notes.get(NoteId(uuid.uuid4())))


@offered_only(lambda uow: (uow.projects, uow.tasks))
class TaskRepositoryContract:
    """TaskRepository: the tasks of a set of projects."""

    @each_example(data=st.data())
    def test_tasks_for_projects(self, registry: Registry, data: st.DataObject) -> None:
        customer = _one_customer(registry)
        projects = [_one_project(registry, customer) for _ in range(3)]
        items = data.draw(
            _unique(st.sampled_from(projects).flatmap(lambda p: s.tasks(p.id, SETTINGS)), 6)
        )
        _add_each(registry, _tasks, items)
        chosen = data.draw(st.sets(st.sampled_from([p.id for p in projects])))
        with registry.uow() as uow:
            assert _by_id(uow.tasks.for_projects(chosen)) == _by_id(
                t for t in items if t.project_id in chosen
            )
        if items:
            moved = attrs.evolve(items[0], status_id=SETTINGS.task_statuses[-1].id)
            _check_update(registry, _tasks, moved)
        _check_not_found(registry, lambda uow: uow.tasks.get(TaskId(uuid.uuid4())))


__all__ = [
    "ActivityRepositoryContract",
    "NoteRepositoryContract",
    "TaskRepositoryContract",
]
