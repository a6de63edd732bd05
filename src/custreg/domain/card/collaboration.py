"""Tab 3 of the card, Collaboration (V4): the kanban of the customer's tasks, one column per task
status (T3, T4), with the customer's activities and the notes of the customer and its projects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping

from attrs import frozen

from custreg.domain.activity import Activity
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.card.activities import ActivityView
from custreg.domain.card.activities import NoteView
from custreg.domain.card.activities import note_views
from custreg.domain.card.activities import split_activities
from custreg.domain.card.refs import CustomerRef
from custreg.domain.card.refs import ProjectRef
from custreg.domain.card.refs import UserRef
from custreg.domain.card.refs import customer_ref
from custreg.domain.card.refs import project_ref
from custreg.domain.card.refs import user_index
from custreg.domain.card.refs import user_ref
from custreg.domain.customer import Customer
from custreg.domain.deferred import Deferred
from custreg.domain.ids import ContactId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import TaskStatus


def task_is_done(task: Task, statuses: Mapping[TaskStatusId, TaskStatus]) -> bool:
    """T4: a task is done exactly when its status carries the Done flag."""
    status = statuses.get(task.status_id)
    return status is not None and status.is_done


@frozen
class TaskCard(Deferred):
    """A task on the board: its project, assignees and whether it is done (T4). An adapter may
    leave fields to be filled on first use (``Deferred``)."""

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
        """How many tasks the column holds."""
        return len(self.tasks)

    @property
    def name(self) -> str:
        """The status's name, or ``(unknown status)`` for the column of unknown statuses."""
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
        """How many tasks the board holds, all columns together."""
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
