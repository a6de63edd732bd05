"""Activity, note and task rows."""

from __future__ import annotations

from custreg.adapters.sql.rows.codec import INSTANT
from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.codec import enum_of
from custreg.adapters.sql.rows.codec import uuids_of
from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.ids import ContactId
from custreg.domain.ids import UserId

_ACTIVITY = RowCodec(
    "activity",
    Activity,
    "id customer_id kind title owner_id project_id starts_at ends_at done contact_ids description",
    {
        "kind": enum_of(ActivityKind),
        "starts_at": INSTANT,
        "ends_at": INSTANT,
        "contact_ids": uuids_of(ContactId),
    },
)
_NOTE = RowCodec(
    "note",
    Note,
    "id customer_id text created_at created_by project_id",
    {"created_at": INSTANT},
)
_TASK = RowCodec(
    "task",
    Task,
    "id project_id name status_id assignee_ids",
    {"assignee_ids": uuids_of(UserId)},
)

activity_row = _ACTIVITY.row
activity_from_row = _ACTIVITY.from_row
note_row = _NOTE.row
note_from_row = _NOTE.from_row
task_row = _TASK.row
task_from_row = _TASK.from_row
