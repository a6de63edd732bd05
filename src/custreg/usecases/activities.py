"""Activities of the customer card (T1, T2): to-dos and calendar entries, planned or past,
optionally linked to one of the customer's projects (then shown on that project too).

U2: a Read-only principal may add activities; every other write needs Edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from attrs import field
from attrs import frozen

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.card import past_order
from custreg.domain.card import planned_order
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import ActivityId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.settings import OrganisationSettings
from custreg.domain.text import optional_text
from custreg.domain.text import required_text
from custreg.domain.validation import ErrorCollector
from custreg.domain.validation import contact_id_set
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import Clear
from custreg.usecases.commands import Unset
from custreg.usecases.commands import cleared
from custreg.usecases.projects import project_of_customer
from custreg.usecases.writes import customer_rows
from custreg.usecases.writes import writing


@frozen
class NewActivity:
    """A to-do or calendar entry as typed in the form (T1)."""

    kind: ActivityKind
    title: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    owner_id: UserId | None = None
    project_id: ProjectId | None = None
    contact_ids: frozenset[ContactId] = field(default=frozenset(), converter=contact_id_set)
    description: str | None = None
    done: bool = False


@frozen
class ActivityChanges:
    """Edit an activity; fields left UNSET stay. The project link cannot change here."""

    title: str | Unset = UNSET
    starts_at: datetime | Unset | Clear | None = UNSET
    ends_at: datetime | Unset | Clear | None = UNSET
    owner_id: UserId | Unset | Clear | None = UNSET
    contact_ids: frozenset[ContactId] | Unset = UNSET
    description: str | Unset | Clear | None = UNSET


@frozen
class ActivityLists:
    """T1: every activity is in exactly one list: planned (open) or past (done)."""

    planned: tuple[Activity, ...]
    past: tuple[Activity, ...]


def split(activities: Iterable[Activity]) -> ActivityLists:
    items = list(activities)
    return ActivityLists(
        tuple(sorted((a for a in items if not a.done), key=planned_order)),
        tuple(sorted((a for a in items if a.done), key=past_order)),
    )


def _instant(name: str, value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError("activity", name, "must be a timezone-aware datetime", value)
    return value


_CHECKS: dict[str, Any] = {
    "title": lambda v: required_text("activity", "title", v),
    "starts_at": lambda v: _instant("starts_at", v),
    "ends_at": lambda v: _instant("ends_at", v),
    "description": lambda v: optional_text(
        "activity", "description", v, 10_000, multiline=True
    ),
}


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    errors = ErrorCollector()
    result = dict(values)
    for name, check in _CHECKS.items():
        if name in values:
            result[name] = errors.check(lambda c=check, v=values[name]: c(v))  # type: ignore[misc]
    if "kind" in values and not isinstance(values["kind"], ActivityKind):
        reason = "must be a to-do or a calendar entry"
        errors.errors.append(ValidationError("activity", "kind", reason, values["kind"]))
    errors.raise_if_any()
    return result


def _references(
    uow: UnitOfWork,
    settings: OrganisationSettings,
    customer_id: CustomerId,
    owner_id: UserId | None,
    contact_ids: Iterable[ContactId],
) -> None:
    """The owner is an active user; contacts are live contacts of the same customer."""
    if owner_id is not None:
        errors = ErrorCollector()
        errors.check(lambda: settings.require_active_user(owner_id), "activity", "owner_id")
        errors.raise_if_any()
    for contact_id in sorted(contact_ids):
        try:
            contact = uow.contacts.get(contact_id)
        except NotFoundError:
            reason = "no such contact"
            raise ValidationError("activity", "contact_ids", reason, contact_id) from None
        if contact.customer_id != customer_id or contact.is_deleted:
            raise ValidationError(
                "activity", "contact_ids", "is not a contact of this customer", contact_id
            )


def add_activity(
    registry: Registry, principal: Principal, customer_id: CustomerId, new: NewActivity
) -> Activity:
    """Add a to-do or calendar entry (U2: Read-only may). T2: a project link must be a project of
    the same customer; the activity then also shows on that project."""
    require(principal, CustomerPermission.READ_ONLY, "activity", "add")
    values = _checked({n: getattr(new, n) for n in attrs.fields_dict(NewActivity)})
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        uow.customers.get(customer_id)
        project_of_customer(uow, "activity", customer_id, new.project_id)
        _references(uow, uow.settings.get(), customer_id, new.owner_id, new.contact_ids)
        activity = Activity(id=ActivityId(registry.ids.new_id()), customer_id=customer_id, **values)
        uow.activities.add(activity)
        uow.commit([activity.added(stamp)])
    return activity


def _change(
    registry: Registry, principal: Principal, activity_id: ActivityId, action: str, values: Any
) -> Activity:
    with writing(registry, principal, "activity", action) as (uow, stamp):
        before = uow.activities.get(activity_id)
        if "owner_id" in values or "contact_ids" in values:
            added = set(values.get("contact_ids", ())) - before.contact_ids
            _references(uow, uow.settings.get(), before.customer_id, values.get("owner_id"), added)
        after, events = before.edit(stamp, action, **values)
        return uow.commit_change(uow.activities.update, after, events)


def update_activity(
    registry: Registry, principal: Principal, activity_id: ActivityId, changes: ActivityChanges
) -> Activity:
    """Edit an activity's details (Edit)."""
    raw = {
        n: cleared(getattr(changes, n))
        for n in attrs.fields_dict(ActivityChanges)
        if getattr(changes, n) is not UNSET
    }
    return _change(registry, principal, activity_id, "update", _checked(raw))


def complete_activity(
    registry: Registry, principal: Principal, activity_id: ActivityId
) -> Activity:
    """T1: mark done: the activity moves from planned to past."""
    return _change(registry, principal, activity_id, "complete", {"done": True})


def reopen_activity(registry: Registry, principal: Principal, activity_id: ActivityId) -> Activity:
    """T1: mark not done: the activity moves back to planned."""
    return _change(registry, principal, activity_id, "reopen", {"done": False})


def remove_activity(registry: Registry, principal: Principal, activity_id: ActivityId) -> None:
    """Delete an activity (Edit)."""
    with writing(registry, principal, "activity", "remove") as (uow, stamp):
        before = uow.activities.get(activity_id)
        uow.activities.remove(activity_id)
        uow.commit([before.removed(stamp)])


def customer_activities(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> ActivityLists:
    """The customer's planned and past activities, project-linked ones included (T1, T2)."""
    rows = customer_rows(registry, principal, "activity", customer_id, lambda uow: uow.activities)
    return split(rows)


def project_activities(
    registry: Registry, principal: Principal, project_id: ProjectId
) -> ActivityLists:
    """The project card's activities: those linked to the project (T2)."""
    require(principal, CustomerPermission.READ_ONLY, "activity", "list")
    with registry.read() as uow:
        uow.projects.get(project_id)
        return split(uow.activities.for_project(project_id))
