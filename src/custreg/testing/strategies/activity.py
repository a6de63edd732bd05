"""Activities, notes, tasks, file names and file links."""

from __future__ import annotations

import string
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.ids import ActivityId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.settings import OrganisationSettings
from custreg.testing.strategies.channels import websites
from custreg.testing.strategies.primitives import DIGITS
from custreg.testing.strategies.primitives import aware_datetimes
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import single_spaced
from custreg.testing.strategies.primitives import texts


@st.composite
def activities(
    draw: st.DrawFn, customer_id: CustomerId | None = None, project_id: ProjectId | None = None
) -> Activity:
    """A valid activity (of ``customer_id`` / ``project_id`` when given): an end only with a
    start, never before it."""
    starts = draw(optional(aware_datetimes()))
    ends = (
        draw(optional(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))))
        if starts
        else None
    )
    contact_ids: Any = draw(st.frozensets(ids(ContactId), max_size=3))
    return Activity(
        id=draw(ids(ActivityId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        kind=draw(st.sampled_from(ActivityKind)),
        title=draw(texts()),
        owner_id=draw(optional(ids(UserId))),
        project_id=project_id,
        starts_at=starts,
        ends_at=starts + ends if starts is not None and ends is not None else None,
        done=draw(st.booleans()),
        contact_ids=contact_ids,
        description=draw(optional(texts(100))),
    )


def notes(
    customer_id: CustomerId | None = None, project_id: ProjectId | None = None
) -> st.SearchStrategy[Note]:
    """Valid notes of ``customer_id`` (or a random customer), on ``project_id`` when given."""
    return st.builds(
        Note,
        id=ids(NoteId),
        customer_id=st.just(customer_id) if customer_id is not None else ids(CustomerId),
        text=texts(200),
        created_at=aware_datetimes(),
        created_by=optional(ids(UserId)),
        project_id=st.just(project_id),
    )


def tasks(
    project_id: ProjectId | None = None, settings: OrganisationSettings | None = None
) -> st.SearchStrategy[Task]:
    """Valid tasks of ``project_id``, with a status of ``settings`` when given."""
    statuses = [s.id for s in settings.task_statuses] if settings else []
    return st.builds(
        Task,
        id=ids(TaskId),
        project_id=st.just(project_id) if project_id is not None else ids(ProjectId),
        name=texts(),
        status_id=st.sampled_from(statuses) if statuses else ids(TaskStatusId),
        assignee_ids=st.frozensets(ids(UserId), max_size=3),
    )


def file_names() -> st.SearchStrategy[str]:
    """File names with a common extension, stripped and single-spaced, never starting with a dot."""
    stem = st.text(string.ascii_letters + DIGITS + " _-åäö", min_size=1, max_size=20)
    extension = st.sampled_from(["pdf", "docx", "xlsx", "txt", "png"])
    return (
        st.builds(lambda s, e: f"{s}.{e}", stem, extension)
        .map(single_spaced)
        .filter(lambda name: bool(name) and not name.startswith("."))
    )


@st.composite
def file_links(
    draw: st.DrawFn, customer_id: CustomerId | None = None, project_id: ProjectId | None = None
) -> FileLink:
    """A valid file or link record (of ``customer_id`` / ``project_id`` when given)."""
    kind = draw(st.sampled_from(FileLinkKind))
    is_file = kind is FileLinkKind.FILE
    return FileLink(
        id=draw(ids(FileLinkId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        kind=kind,
        name=draw(file_names()),
        created_at=draw(aware_datetimes()),
        created_by=draw(optional(ids(UserId))),
        project_id=project_id,
        url=None if is_file else draw(websites()).url,
        blob_key=draw(st.uuids().map(str)) if is_file else None,
        size=draw(st.integers(0, 10**10)) if is_file else None,
        media_type=draw(st.sampled_from(["application/pdf", "text/plain"])) if is_file else None,
    )
