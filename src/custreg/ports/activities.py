"""Activities, notes and project tasks (optional capabilities)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from custreg.domain.activity import Activity
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.ids import ActivityId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId


class ActivityRepository(Protocol):
    """To-dos and calendar entries."""

    def add(self, activity: Activity, /) -> None:
        """Store a new activity (IntegrityError for a taken id, an unknown customer or project)."""
        ...

    def get(self, activity_id: ActivityId, /) -> Activity:
        """The activity with this id, or NotFoundError."""
        ...

    def update(self, activity: Activity, /) -> None:
        """Replace a stored activity (NotFoundError if absent)."""
        ...

    def remove(self, activity_id: ActivityId, /) -> None:
        """Delete the activity (NotFoundError if absent)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Activity]:
        """The customer's activities, ordered by id."""
        ...

    def for_project(self, project_id: ProjectId, /) -> list[Activity]:
        """The project's activities, ordered by id."""
        ...


class NoteRepository(Protocol):
    """Notes on customers and projects."""

    def add(self, note: Note, /) -> None:
        """Store a new note (IntegrityError for a taken id or an unknown customer or project)."""
        ...

    def get(self, note_id: NoteId, /) -> Note:
        """The note with this id, or NotFoundError."""
        ...

    def update(self, note: Note, /) -> None:
        """Replace a stored note (NotFoundError if absent)."""
        ...

    def remove(self, note_id: NoteId, /) -> None:
        """Delete the note (NotFoundError if absent)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Note]:
        """Every note of the customer, its projects' notes included (N3)."""
        ...

    def for_project(self, project_id: ProjectId, /) -> list[Note]:
        """The project's notes, oldest first (ties by id)."""
        ...


class TaskRepository(Protocol):
    """Project tasks (the Collaboration board)."""

    def add(self, task: Task, /) -> None:
        """Store a new task (IntegrityError for a taken id or an unknown project)."""
        ...

    def get(self, task_id: TaskId, /) -> Task:
        """The task with this id, or NotFoundError."""
        ...

    def update(self, task: Task, /) -> None:
        """Replace a stored task (NotFoundError if absent)."""
        ...

    def for_projects(self, project_ids: Collection[ProjectId], /) -> list[Task]:
        """The tasks of these projects, ordered by id; one statement whatever the number of ids."""
        ...

    def uses_status(self, status_id: TaskStatusId, /) -> bool:
        """Whether any task has this status now (S4)."""
        ...
