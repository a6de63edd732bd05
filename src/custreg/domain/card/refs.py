"""The references a card shows next to things: users, projects and the customer a tab is about.

A removed user still shows, as ``(unknown user)``; a project link is shown only for a project of
the customer (the projects handed to the tab).
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import UserId
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber

#: The name shown for a user who is no longer in the organisation's settings.
UNKNOWN_USER = "(unknown user)"


@frozen
class UserRef:
    """A user as the card shows them: id and name (removed users show as unknown)."""

    id: UserId
    name: str


@frozen
class ProjectRef:
    """The project link shown next to a note, activity, file or task."""

    id: ProjectId
    number: int
    name: str


@frozen
class CustomerRef:
    """Which customer a tab is about."""

    id: CustomerId
    number: CustomerNumber
    name: str
    status: CustomerStatus


#: The organisation's users by id (``user_index``), as the card shows them.
Users = Mapping[UserId, UserRef]


def user_index(settings: OrganisationSettings) -> Users:
    """The organisation's users by id, built once per tab."""
    return {user.id: UserRef(user.id, user.name) for user in settings.users}


def user_ref(users: Users, user_id: UserId | None) -> UserRef | None:
    """The user as shown: None when no user is set, ``UNKNOWN_USER`` when removed."""
    if user_id is None:
        return None
    return users.get(user_id) or UserRef(user_id, UNKNOWN_USER)


def project_ref(project: Project) -> ProjectRef:
    """The link shown for ``project``: its id, number and name."""
    return ProjectRef(project.id, project.number, project.name)


def customer_ref(customer: Customer | CustomerRef) -> CustomerRef:
    """Which customer a tab is about: its id, number, name and status (a reference as is: an
    adapter may read only these for the tabs that show no more of the customer)."""
    if isinstance(customer, CustomerRef):
        return customer
    return CustomerRef(customer.id, customer.number, customer.name, customer.status)


def project_link(
    projects: Mapping[ProjectId, Project], project_id: ProjectId | None
) -> ProjectRef | None:
    """The link to ``project_id`` when it is one of ``projects`` (the customer's), else None."""
    if project_id is None or project_id not in projects:
        return None
    return project_ref(projects[project_id])
