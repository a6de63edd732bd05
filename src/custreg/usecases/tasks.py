"""Project tasks on the Collaboration board (T3, T4): add, assign, and move between status
columns. Moving a task changes only its status."""

from __future__ import annotations

from collections.abc import Iterable

from custreg.domain.activity import Task
from custreg.domain.card import task_is_done
from custreg.domain.errors import ValidationError
from custreg.domain.events import Outcome
from custreg.domain.events import Stamp
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import usable_status
from custreg.domain.text import required_text
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.usecases.statuses import StatusKind
from custreg.usecases.statuses import record_status_use
from custreg.usecases.writes import writing


def _status(settings: OrganisationSettings, status_id: TaskStatusId | None) -> TaskStatus:
    """An active task status; None: the first active one in the board's order."""
    if status_id is None:
        ordered = sorted(enumerate(settings.task_statuses), key=lambda p: (p[1].order, p[0]))
        for _, status in ordered:
            if status.active:
                return status
        raise ValidationError("task", "status_id", "no active task status", None)
    return usable_status(settings.task_statuses, status_id, "task", "status_id")


def _assignees(settings: OrganisationSettings, users: Iterable[UserId]) -> frozenset[UserId]:
    active = {u.id for u in settings.users if u.active}
    chosen = frozenset(users)
    for user_id in sorted(chosen):
        if user_id not in active:
            raise ValidationError("task", "assignee_ids", "is not an active user", user_id)
    return chosen


def _save(uow: Transaction, stamp: Stamp, before: Task | None, outcome: Outcome[Task]) -> Task:
    """Store a new (``before`` None) or changed task and record its events; T3/S4: a status
    it takes is remembered as used."""
    after, events = outcome
    if not events:
        return after
    if before is None:
        uow.tasks.add(after)
    else:
        uow.tasks.update(after)
    if before is None or before.status_id != after.status_id:
        record_status_use(uow, stamp, StatusKind.TASK, after.status_id, f"task {after.id}")
    uow.commit(events)
    return after


def add_task(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    name: str,
    status_id: TaskStatusId | None = None,
    assignee_ids: Iterable[UserId] = (),
) -> Task:
    """Add a task to a project, in the given column or the board's first active one."""
    require(principal, CustomerPermission.EDIT, "task", "add")
    cleaned = required_text("task", "name", name)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        uow.projects.get(project_id)
        settings = uow.settings.get()
        task = Task(
            id=TaskId(registry.ids.new_id()),
            project_id=project_id,
            name=cleaned,
            status_id=_status(settings, status_id).id,
            assignee_ids=_assignees(settings, assignee_ids),
        )
        return _save(uow, stamp, None, (task, (task.added(stamp),)))


def move_task(
    registry: Registry, principal: Principal, task_id: TaskId, status_id: TaskStatusId
) -> Task:
    """T3: drag a task to another column: only its status changes; T4: it is done exactly when
    that status has the Done flag."""
    with writing(registry, principal, "task", "move") as (uow, stamp):
        before = uow.tasks.get(task_id)
        column = _status(uow.settings.get(), status_id).id
        return _save(uow, stamp, before, before.move(column, stamp))


def assign_task(
    registry: Registry, principal: Principal, task_id: TaskId, assignee_ids: Iterable[UserId]
) -> Task:
    """Replace who a task is assigned to (active users only)."""
    with writing(registry, principal, "task", "assign") as (uow, stamp):
        before = uow.tasks.get(task_id)
        chosen = _assignees(uow.settings.get(), assignee_ids)
        return _save(uow, stamp, before, before.assign(chosen, stamp))


def is_done(registry: Registry, principal: Principal, task_id: TaskId) -> bool:
    """T4: whether the task's status carries the Done flag."""
    require(principal, CustomerPermission.READ_ONLY, "task", "read")
    with registry.read() as uow:
        task = uow.tasks.get(task_id)
        statuses = {s.id: s for s in uow.settings.get().task_statuses}
    return task_is_done(task, statuses)
