"""SQL repositories of activities, notes and tasks."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import _Crud
from custreg.adapters.sql.repositories.base import _OldestFirst
from custreg.domain.activity import Activity
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskStatusId

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


class SqlActivities(_Crud[Activity]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.activities, "activity", rows.activity_row, rows.activity_from_row)

    def for_customer(self, customer_id: CustomerId) -> list[Activity]:
        return self._list(t.activities.c.customer_id == customer_id)

    def for_project(self, project_id: ProjectId) -> list[Activity]:
        return self._list(t.activities.c.project_id == project_id)


class SqlNotes(_OldestFirst[Note]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.notes, "note", rows.note_row, rows.note_from_row)

    def for_project(self, project_id: ProjectId) -> list[Note]:
        return self._oldest_first(t.notes.c.project_id == project_id)


class SqlTasks(_Crud[Task]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.tasks, "task", rows.task_row, rows.task_from_row)

    def for_projects(self, project_ids: Collection[ProjectId]) -> list[Task]:
        if not project_ids:
            return []
        return self._list(self._uow.ids_in(t.tasks.c.project_id, project_ids))

    def uses_status(self, status_id: TaskStatusId) -> bool:
        return self._uses(t.tasks.c.status_id, status_id)
