"""Activities, notes, project tasks and files & links of the customer card (T1-T4, N1-N3, U3)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from attrs import evolve
from attrs import field
from attrs import frozen

from custreg.domain.errors import ValidationError
from custreg.domain.events import Created
from custreg.domain.events import Outcome
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.events import changed
from custreg.domain.ids import ActivityId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.text import optional_text
from custreg.domain.text import required_text
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.validation import contact_id_set
from custreg.domain.validation import ids_only


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

    id: ActivityId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    kind: ActivityKind
    title: str = field(converter=_title)
    owner_id: UserId | None = field(default=None, validator=an_optional_id)
    project_id: ProjectId | None = field(default=None, validator=an_optional_id)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    done: bool = False
    contact_ids: frozenset[ContactId] = field(
        default=frozenset(), converter=contact_id_set, validator=ids_only
    )
    description: str | None = field(default=None, converter=_description)

    def __attrs_post_init__(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError("activity", "ends_at", "ends before it starts", self.ends_at)

    def added(self, stamp: Stamp) -> Created:
        """The event of this activity's creation."""
        return Created("activity", self, stamp, "add")

    def edit(self, stamp: Stamp, action: str = "update", **values: Any) -> Outcome[Activity]:
        """T1: this activity with ``values`` (checked by its validators; it stays on its
        customer), audited under ``action``."""
        if {"id", "customer_id"} & values.keys():
            raise ValidationError("activity", "customer_id", "an activity stays on its customer")
        return changed("activity", self, evolve(self, **values), stamp, action)

    def complete(self, stamp: Stamp) -> Outcome[Activity]:
        """T1: this activity done (past); no event if it already is."""
        return self.edit(stamp, "complete", done=True)

    def reopen(self, stamp: Stamp) -> Outcome[Activity]:
        """T1: this activity open (planned) again; no event if it already is."""
        return self.edit(stamp, "reopen", done=False)

    def removed(self, stamp: Stamp) -> Removed:
        """The event of this activity's removal."""
        return Removed("activity", self, stamp)

    def moved_along(self, customer_id: CustomerId) -> Activity:
        """S3: this activity on ``customer_id``, following its project there."""
        return evolve(self, customer_id=customer_id)


def _note_text(value: Any) -> str:
    return required_text("note", "text", value, 10_000, multiline=True)


@frozen
class Note:
    """N1: a note has only a text; on the customer card or on one of its projects (N2, N3)."""

    id: NoteId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    text: str = field(converter=_note_text)
    created_at: datetime
    created_by: UserId | None = field(default=None, validator=an_optional_id)
    project_id: ProjectId | None = field(default=None, validator=an_optional_id)

    def added(self, stamp: Stamp) -> Created:
        """The event of this note's creation."""
        return Created("note", self, stamp, "add")

    def edit(self, text: str, stamp: Stamp) -> Outcome[Note]:
        """N1: this note with ``text`` (checked as on creation); nothing else changes."""
        return changed("note", self, evolve(self, text=text), stamp)

    def removed(self, stamp: Stamp) -> Removed:
        """The event of this note's removal."""
        return Removed("note", self, stamp)

    def moved_along(self, customer_id: CustomerId) -> Note:
        """S3: this note on ``customer_id``, following its project there."""
        return evolve(self, customer_id=customer_id)


def _task_name(value: Any) -> str:
    return required_text("task", "name", value)


@frozen
class Task:
    """A project task shown on the Collaboration board (T3)."""

    id: TaskId = field(validator=an_id)
    project_id: ProjectId = field(validator=an_id)
    name: str = field(converter=_task_name)
    status_id: TaskStatusId = field(validator=an_id)
    assignee_ids: frozenset[UserId] = field(
        default=frozenset(), converter=_user_ids, validator=ids_only
    )

    def added(self, stamp: Stamp) -> Created:
        """The event of this task's creation."""
        return Created("task", self, stamp, "add")

    def move(self, status_id: TaskStatusId, stamp: Stamp) -> Outcome[Task]:
        """T3: this task in another column; only its status changes (the caller checks the
        status is an active one of the board)."""
        return changed("task", self, evolve(self, status_id=status_id), stamp, "move")

    def assign(self, assignee_ids: Iterable[UserId], stamp: Stamp) -> Outcome[Task]:
        """This task assigned to exactly ``assignee_ids`` (the caller checks they are active)."""
        return changed("task", self, evolve(self, assignee_ids=assignee_ids), stamp, "assign")


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

    id: FileLinkId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    kind: FileLinkKind
    name: str = field(converter=_file_name)
    created_at: datetime
    created_by: UserId | None = field(default=None, validator=an_optional_id)
    project_id: ProjectId | None = field(default=None, validator=an_optional_id)
    url: str | None = field(default=None, converter=_url)
    blob_key: str | None = None
    size: int | None = None
    media_type: str | None = None

    def added(self, stamp: Stamp) -> Created:
        """The event of this file's or link's creation."""
        return Created("file", self, stamp, "add")

    def removed(self, stamp: Stamp) -> Removed:
        """The event of this file's or link's removal."""
        return Removed("file", self, stamp)

    def moved_along(self, customer_id: CustomerId) -> FileLink:
        """S3: this file or link on ``customer_id``, following its project there."""
        return evolve(self, customer_id=customer_id)
