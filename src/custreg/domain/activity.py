"""Activities, notes, project tasks and files & links of the customer card (T1-T4, N1-N3, U3)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from attrs import field, frozen

from custreg.domain.errors import ValidationError
from custreg.domain.ids import (
    ActivityId,
    ContactId,
    CustomerId,
    FileLinkId,
    NoteId,
    ProjectId,
    TaskId,
    TaskStatusId,
    UserId,
)
from custreg.domain.text import optional_text, required_text


def _contact_ids(value: Iterable[ContactId]) -> frozenset[ContactId]:
    return frozenset(value)


def _user_ids(value: Iterable[UserId]) -> frozenset[UserId]:
    return frozenset(value)


class ActivityKind(enum.Enum):
    """T1: every activity is a to-do or a calendar entry."""

    TODO = "todo"
    CALENDAR = "calendar"


def _title(value: Any) -> str:
    return required_text("activity", "title", value)


def _description(value: Any) -> str | None:
    return optional_text("activity", "description", value, 10_000, multiline=True)


@frozen
class Activity:
    """A to-do or calendar entry; open ones are *planned*, done ones *past* (T1)."""

    id: ActivityId
    customer_id: CustomerId
    kind: ActivityKind
    title: str = field(converter=_title)
    owner_id: UserId | None = None
    project_id: ProjectId | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    done: bool = False
    contact_ids: frozenset[ContactId] = field(default=frozenset(), converter=_contact_ids)
    description: str | None = field(default=None, converter=_description)

    def __attrs_post_init__(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError("activity", "ends_at", "ends before it starts", self.ends_at)


def _note_text(value: Any) -> str:
    return required_text("note", "text", value, 10_000, multiline=True)


@frozen
class Note:
    """N1: a note has only a text; on the customer card or on one of its projects (N2, N3)."""

    id: NoteId
    customer_id: CustomerId
    text: str = field(converter=_note_text)
    created_at: datetime
    created_by: UserId | None = None
    project_id: ProjectId | None = None


def _task_name(value: Any) -> str:
    return required_text("task", "name", value)


@frozen
class Task:
    """A project task shown on the Collaboration board (T3)."""

    id: TaskId
    project_id: ProjectId
    name: str = field(converter=_task_name)
    status_id: TaskStatusId
    assignee_ids: frozenset[UserId] = field(default=frozenset(), converter=_user_ids)


class FileLinkKind(enum.Enum):
    FILE = "file"
    LINK = "link"


def _file_name(value: Any) -> str:
    name = required_text("file", "name", value)
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise ValidationError("file", "name", "must be a plain file name without a path", value)
    return name


def _url(value: str | None) -> str | None:
    return optional_text("file", "url", value, 2000)


@frozen
class FileLink:
    """A file (content in the blob store under ``blob_key``) or a link on a customer or project."""

    id: FileLinkId
    customer_id: CustomerId
    kind: FileLinkKind
    name: str = field(converter=_file_name)
    created_at: datetime
    created_by: UserId | None = None
    project_id: ProjectId | None = None
    url: str | None = field(default=None, converter=_url)
    blob_key: str | None = None
    size: int | None = None
    media_type: str | None = None
