"""Examples of activities, notes, tasks and files & links (T1-T4, N1-N3, U3): defaults, limits
and every refusal with its entity, field and reason."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from uuid import UUID

import pytest

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.ids import ActivityId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from refusals import refused

CUSTOMER = CustomerId(UUID(int=1))
NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)


def _activity(**changes: object) -> Activity:
    fields: dict[str, object] = {
        "id": ActivityId(UUID(int=2)),
        "customer_id": CUSTOMER,
        "kind": ActivityKind.TODO,
        "title": "Call",
    }
    return Activity(**(fields | changes))  # type: ignore[arg-type]


def _file(**changes: object) -> FileLink:
    fields: dict[str, object] = {
        "id": FileLinkId(UUID(int=3)),
        "customer_id": CUSTOMER,
        "kind": FileLinkKind.FILE,
        "name": "offer.pdf",
        "created_at": NOON,
    }
    return FileLink(**(fields | changes))  # type: ignore[arg-type]


def test_t1_kinds_have_stable_values() -> None:
    assert [k.value for k in ActivityKind] == ["todo", "calendar"]
    assert [k.value for k in FileLinkKind] == ["file", "link"]


def test_t1_activity_defaults() -> None:
    activity = _activity(title="  Call \t back ")
    assert activity.title == "Call back"
    assert (activity.owner_id, activity.project_id) == (None, None)
    assert (activity.starts_at, activity.ends_at, activity.description) == (None, None, None)
    assert activity.done is False
    assert activity.contact_ids == frozenset()


def test_t1_activity_contacts_become_a_set() -> None:
    a, b = ContactId(UUID(int=10)), ContactId(UUID(int=11))
    assert _activity(contact_ids=[a, b, a]).contact_ids == frozenset({a, b})


@pytest.mark.parametrize("title", ["", "   ", "\u200b"])
def test_t1_activity_title_is_required(title: str) -> None:
    with refused("activity", "title", "must not be blank", title):
        _activity(title=title)


def test_t1_activity_title_at_most_255() -> None:
    assert _activity(title="x" * 255).title == "x" * 255
    with refused("activity", "title", "must be at most 255 characters"):
        _activity(title="x" * 256)


def test_t1_activity_description_is_multiline_up_to_10000() -> None:
    assert _activity(description=" a \r\nb ").description == "a\nb"
    assert _activity(description="   ").description is None
    assert _activity(description="d" * 10_000).description == "d" * 10_000
    with refused("activity", "description", "must be at most 10000 characters"):
        _activity(description="d" * 10_001)
    with refused("activity", "description", "must not contain control characters (U+0000)"):
        _activity(description="a\x00")


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(NOON, NOON), (NOON, NOON + timedelta(minutes=1)), (None, NOON), (NOON, None), (None, None)],
)
def test_t1_activity_may_end_when_or_after_it_starts(
    starts: datetime | None, ends: datetime | None
) -> None:
    activity = _activity(kind=ActivityKind.CALENDAR, starts_at=starts, ends_at=ends)
    assert (activity.starts_at, activity.ends_at) == (starts, ends)


def test_t1_activity_may_not_end_before_it_starts() -> None:
    before = NOON - timedelta(seconds=1)
    with refused("activity", "ends_at", "ends before it starts", before):
        _activity(kind=ActivityKind.CALENDAR, starts_at=NOON, ends_at=before)


def test_n1_note_text_is_multiline_and_required() -> None:
    note = Note(id=NoteId(UUID(int=4)), customer_id=CUSTOMER, text=" one \n two ", created_at=NOON)
    assert note.text == "one\n two"
    assert (note.created_by, note.project_id) == (None, None)
    with refused("note", "text", "must not be blank", " \n "):
        Note(id=NoteId(UUID(int=4)), customer_id=CUSTOMER, text=" \n ", created_at=NOON)


def test_n1_note_text_at_most_10000() -> None:
    assert len(Note(NoteId(UUID(int=4)), CUSTOMER, "n" * 10_000, NOON).text) == 10_000
    with refused("note", "text", "must be at most 10000 characters"):
        Note(NoteId(UUID(int=4)), CUSTOMER, "n" * 10_001, NOON)


def test_t3_task_name_and_assignees() -> None:
    user = UserId(UUID(int=20))
    task = Task(TaskId(UUID(int=5)), ProjectId(UUID(int=6)), " Plan ", TaskStatusId(UUID(int=7)))
    assert (task.name, task.assignee_ids) == ("Plan", frozenset())
    task = Task(
        TaskId(UUID(int=5)), ProjectId(UUID(int=6)), "Plan", TaskStatusId(UUID(int=7)), [user, user]
    )
    assert task.assignee_ids == frozenset({user})
    with refused("task", "name", "must not be blank", ""):
        Task(TaskId(UUID(int=5)), ProjectId(UUID(int=6)), "", TaskStatusId(UUID(int=7)))
    with refused("task", "name", "must be at most 255 characters"):
        Task(TaskId(UUID(int=5)), ProjectId(UUID(int=6)), "t" * 256, TaskStatusId(UUID(int=7)))


def test_u3_file_link_defaults() -> None:
    link = _file(name=" offer.pdf ")
    assert link.name == "offer.pdf"
    assert (link.created_by, link.project_id, link.url) == (None, None, None)
    assert (link.blob_key, link.size, link.media_type) == (None, None, None)


@pytest.mark.parametrize("name", ["a/b", "a\\b", ".", "..", "/", "\\x"])
def test_u3_file_name_is_a_plain_name(name: str) -> None:
    with refused("file", "name", "must be a plain file name without a path", name):
        _file(name=name)


@pytest.mark.parametrize("name", ["...", ".hidden", "a..b", "report 2026.pdf"])
def test_u3_file_names_with_dots(name: str) -> None:
    assert _file(name=name).name == name


def test_u3_file_name_is_required_text() -> None:
    with refused("file", "name", "must not be blank", " "):
        _file(name=" ")
    with refused("file", "name", "must not contain control characters (U+0000)", "a\x00"):
        _file(name="a\x00")
    with refused("file", "name", "must be at most 255 characters"):
        _file(name="f" * 256)


def test_u3_link_url_up_to_2000() -> None:
    url = "https://example.com/" + "u" * 1980
    assert _file(kind=FileLinkKind.LINK, url=f" {url} ").url == url
    assert _file(kind=FileLinkKind.LINK, url=" ").url is None
    with refused("file", "url", "must be at most 2000 characters"):
        _file(kind=FileLinkKind.LINK, url=url + "u")


# -- state changes and their events (M7) ------------------------------------------------------

STAMP = Stamp(UserId(UUID(int=9)), NOON)
ELSEWHERE = CustomerId(UUID(int=99))


def _note() -> Note:
    return Note(NoteId(UUID(int=4)), CUSTOMER, "Called", NOON)


TASK_ARGS = (TaskId(UUID(int=5)), ProjectId(UUID(int=6)), "Paint", TaskStatusId(UUID(int=7)))


def test_m7_activity_events() -> None:
    activity = _activity()
    assert activity.added(STAMP) == Created("activity", activity, STAMP, "add")
    assert activity.removed(STAMP) == Removed("activity", activity, STAMP, "remove")
    titled = _activity(title="Call back", owner_id=UserId(UUID(int=8)))
    assert activity.edit(STAMP, title=" Call  back ", owner_id=UserId(UUID(int=8))) == (
        titled, (Changed("activity", activity, titled, STAMP, "update"),)
    )
    assert activity.edit(STAMP, "import", title="Call back")[1] == (
        Changed("activity", activity, _activity(title="Call back"), STAMP, "import"),
    )
    assert activity.edit(STAMP, title="Call") == (activity, ())
    with refused("activity", "ends_at", "ends before it starts", NOON):
        activity.edit(STAMP, starts_at=NOON + timedelta(hours=1), ends_at=NOON)


@pytest.mark.parametrize(
    "values",
    [
        {"customer_id": ELSEWHERE},
        {"id": ActivityId(UUID(int=3))},
        {"id": ActivityId(UUID(int=3)), "customer_id": ELSEWHERE, "title": "x"},
    ],
)
def test_t1_an_activity_stays_on_its_customer(values: dict[str, object]) -> None:
    with refused("activity", "customer_id", "an activity stays on its customer", None):
        _activity().edit(STAMP, **values)  # type: ignore[arg-type]


def test_t1_complete_and_reopen() -> None:
    open_, done = _activity(), _activity(done=True)
    assert open_.complete(STAMP) == (done, (Changed("activity", open_, done, STAMP, "complete"),))
    assert done.complete(STAMP) == (done, ())
    assert done.reopen(STAMP) == (open_, (Changed("activity", done, open_, STAMP, "reopen"),))
    assert open_.reopen(STAMP) == (open_, ())


def test_s3_records_follow_their_project() -> None:
    assert _activity().moved_along(ELSEWHERE) == _activity(customer_id=ELSEWHERE)
    assert _note().moved_along(ELSEWHERE) == Note(NoteId(UUID(int=4)), ELSEWHERE, "Called", NOON)
    assert _file().moved_along(ELSEWHERE) == _file(customer_id=ELSEWHERE)


def test_n1_note_events() -> None:
    note = _note()
    assert note.added(STAMP) == Created("note", note, STAMP, "add")
    assert note.removed(STAMP) == Removed("note", note, STAMP, "remove")
    edited = Note(note.id, CUSTOMER, "Called twice", NOON)
    assert note.edit(" Called twice ", STAMP) == (
        edited, (Changed("note", note, edited, STAMP, "update"),)
    )
    assert note.edit("Called", STAMP) == (note, ())
    with refused("note", "text", "must not be blank", " "):
        note.edit(" ", STAMP)


def test_t3_task_events() -> None:
    task = Task(*TASK_ARGS)
    assert task.added(STAMP) == Created("task", task, STAMP, "add")
    done = TaskStatusId(UUID(int=8))
    moved = Task(*TASK_ARGS[:3], done)
    assert task.move(done, STAMP) == (moved, (Changed("task", task, moved, STAMP, "move"),))
    assert task.move(TASK_ARGS[3], STAMP) == (task, ())
    anna, bo = UserId(UUID(int=1)), UserId(UUID(int=2))
    assigned = Task(*TASK_ARGS, assignee_ids={anna, bo})
    assert task.assign([bo, anna, bo], STAMP) == (
        assigned, (Changed("task", task, assigned, STAMP, "assign"),)
    )
    assert assigned.assign({anna, bo}, STAMP) == (assigned, ())


def test_u3_file_events() -> None:
    file = _file()
    assert file.added(STAMP) == Created("file", file, STAMP, "add")
    assert file.removed(STAMP) == Removed("file", file, STAMP, "remove")
