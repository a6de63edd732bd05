"""Activity, note and task rows."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row, _load_uuids, _uuids, aware
from custreg.domain.activity import Activity, ActivityKind, Note, Task
from custreg.domain.ids import (
    ActivityId,
    ContactId,
    CustomerId,
    NoteId,
    ProjectId,
    TaskId,
    TaskStatusId,
    UserId,
)


def activity_row(organisation_id: UUID, activity: Activity) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": activity.id,
        "customer_id": activity.customer_id,
        "kind": activity.kind.value,
        "title": activity.title,
        "owner_id": activity.owner_id,
        "project_id": activity.project_id,
        "starts_at": aware("activity", "starts_at", activity.starts_at),
        "ends_at": aware("activity", "ends_at", activity.ends_at),
        "done": activity.done,
        "contact_ids": _uuids(activity.contact_ids),
        "description": activity.description,
    }


def activity_from_row(row: Row) -> Activity:
    contact_ids: list[ContactId] = [ContactId(c) for c in _load_uuids(row["contact_ids"])]
    return Activity(
        id=ActivityId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        kind=ActivityKind(row["kind"]),
        title=row["title"],
        owner_id=row["owner_id"],
        project_id=row["project_id"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        done=row["done"],
        contact_ids=contact_ids,
        description=row["description"],
    )


def note_row(organisation_id: UUID, note: Note) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": note.id,
        "customer_id": note.customer_id,
        "text": note.text,
        "created_at": aware("note", "created_at", note.created_at),
        "created_by": note.created_by,
        "project_id": note.project_id,
    }


def note_from_row(row: Row) -> Note:
    return Note(
        id=NoteId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        text=row["text"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        project_id=row["project_id"],
    )


def task_row(organisation_id: UUID, task: Task) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": task.id,
        "project_id": task.project_id,
        "name": task.name,
        "status_id": task.status_id,
        "assignee_ids": _uuids(task.assignee_ids),
    }


def task_from_row(row: Row) -> Task:
    assignee_ids: list[UserId] = [UserId(u) for u in _load_uuids(row["assignee_ids"])]
    return Task(
        id=TaskId(row["id"]),
        project_id=ProjectId(row["project_id"]),
        name=row["name"],
        status_id=TaskStatusId(row["status_id"]),
        assignee_ids=assignee_ids,
    )
