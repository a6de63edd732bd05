"""Activities, notes and files as the card lists them, and the orders they are listed in (T1, N3).

Shared by the Contacts & addresses tab and the Collaboration tab: planned activities soonest
first, past ones most recent first, notes and files newest first, each with its project link.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import datetime
from uuid import UUID

from attrs import frozen

from custreg.domain.activity import Activity
from custreg.domain.activity import FileLink
from custreg.domain.activity import Note
from custreg.domain.card.refs import ProjectRef
from custreg.domain.card.refs import UserRef
from custreg.domain.card.refs import Users
from custreg.domain.card.refs import project_link
from custreg.domain.card.refs import user_ref
from custreg.domain.deferred import Deferred
from custreg.domain.ids import ContactId
from custreg.domain.ids import ProjectId
from custreg.domain.project import Project


@frozen
class ActivityView(Deferred):
    """An activity with its project link (T2), owner and contacts' names (P3: deleted ones too).
    An adapter may leave the activity to be built on first use (``Deferred``)."""

    activity: Activity
    project: ProjectRef | None
    owner: UserRef | None
    contact_names: tuple[str, ...]

    @property
    def is_planned(self) -> bool:
        """Whether the activity is still open (not done): it is listed as planned (T1)."""
        return not self.activity.done


@frozen
class NoteView(Deferred):
    """A note; ``project`` is the project link shown when it was added on a project (N3). An
    adapter may leave the note to be built on first use (``Deferred``)."""

    note: Note
    project: ProjectRef | None
    author: UserRef | None


@frozen
class FileView(Deferred):
    """A file or link of the customer, with its project link when added on a project. An
    adapter may leave the file to be built on first use (``Deferred``)."""

    file: FileLink
    project: ProjectRef | None


def planned_order(activity: Activity) -> tuple[bool, float, UUID]:
    """Planned activities: soonest first, undated last."""
    when = activity.starts_at
    return (when is None, when.timestamp() if when else 0.0, activity.id)


def past_order(activity: Activity) -> tuple[bool, float, UUID]:
    """Past activities: most recent first, undated last."""
    when = activity.starts_at
    return (when is None, -when.timestamp() if when else 0.0, activity.id)


def newest_first(created_at: datetime, item_id: UUID) -> tuple[float, UUID]:
    """Notes and files: newest first."""
    return (-created_at.timestamp(), item_id)


def activity_view(
    activity: Activity,
    projects: Mapping[ProjectId, Project],
    names: Mapping[ContactId, str],
    users: Users,
) -> ActivityView:
    """``activity`` with its project link (only a project of ``projects``), owner and the
    sorted names of its contacts found in ``names``."""
    contact_names = tuple(sorted(names[c] for c in activity.contact_ids if c in names))
    return ActivityView(
        activity,
        project_link(projects, activity.project_id),
        user_ref(users, activity.owner_id),
        contact_names,
    )


def split_activities(
    activities: Iterable[Activity],
    projects: Mapping[ProjectId, Project],
    names: Mapping[ContactId, str],
    users: Users,
) -> tuple[tuple[ActivityView, ...], tuple[ActivityView, ...]]:
    """T1: (planned, past): open activities soonest first, done ones most recent first."""
    items = list(activities)
    planned = sorted((a for a in items if not a.done), key=planned_order)
    past = sorted((a for a in items if a.done), key=past_order)
    return (
        tuple(activity_view(a, projects, names, users) for a in planned),
        tuple(activity_view(a, projects, names, users) for a in past),
    )


def note_views(
    notes: Iterable[Note], projects: Mapping[ProjectId, Project], users: Users
) -> tuple[NoteView, ...]:
    """``notes`` newest first, each with its project link and author."""
    ordered = sorted(notes, key=lambda n: newest_first(n.created_at, n.id))
    return tuple(
        NoteView(n, project_link(projects, n.project_id), user_ref(users, n.created_by))
        for n in ordered
    )
