"""Tab 2 of the card, Sales & projects: each project of the customer in exactly one of four lists
(S1), with its value only for principals who may see money (U5) and whether it may change
customer (S2).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Mapping

from attrs import frozen

from custreg.domain.card.refs import CustomerRef
from custreg.domain.card.refs import UserRef
from custreg.domain.card.refs import customer_ref
from custreg.domain.card.refs import user_index
from custreg.domain.card.refs import user_ref
from custreg.domain.customer import Customer
from custreg.domain.deferred import Deferred
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.values import Money


class ProjectPhase(enum.Enum):
    """Which list of the Sales & projects tab a project is in (exactly one)."""

    OPEN_SALES_CASE = "open_sales_case"
    CLOSED_SALES_CASE = "closed_sales_case"
    OPEN_PROJECT = "open_project"
    CLOSED_PROJECT = "closed_project"


def project_phase(project: Project, statuses: Mapping[SalesStatusId, SalesStatus]) -> ProjectPhase:
    """S1: in progress = open sales case; lost = closed sales case; won or no sales status = a
    project, open or closed by its closed flag."""
    status = statuses.get(project.sales_status_id) if project.sales_status_id else None
    return phase_of(status, project.is_closed)


def phase_of(status: SalesStatus | None, is_closed: bool) -> ProjectPhase:
    """S1 for a project in sales status ``status`` (None: none, or one not configured) with
    the closed flag ``is_closed`` (``project_phase``)."""
    state = status.state if status else None
    if state is SalesState.LOST or (state is SalesState.IN_PROGRESS and is_closed):
        return ProjectPhase.CLOSED_SALES_CASE
    if state is SalesState.IN_PROGRESS:
        return ProjectPhase.OPEN_SALES_CASE
    return ProjectPhase.CLOSED_PROJECT if is_closed else ProjectPhase.OPEN_PROJECT


@frozen
class ProjectRow(Deferred):
    """A project or sales case on the Sales & projects tab.

    ``value`` is None when the principal may not see money (U5). ``movable`` says whether it may
    change customer (S2: no invoice and no proposal). An adapter may leave fields to be filled
    on first use (``Deferred``).
    """

    id: ProjectId
    number: int
    name: str
    phase: ProjectPhase
    sales_status: SalesStatus | None
    probability: int
    value: Money | None
    owner: UserRef | None
    is_internal: bool
    is_closed: bool
    has_invoice: bool
    has_proposal: bool
    version: int

    @property
    def movable(self) -> bool:
        """S2: it may change customer exactly when it has no invoice and no proposal."""
        return not self.has_invoice and not self.has_proposal


@frozen
class SalesTab:
    """Sales & projects: open and closed sales cases and projects (each project in one list)."""

    customer: CustomerRef
    open_sales_cases: tuple[ProjectRow, ...]
    closed_sales_cases: tuple[ProjectRow, ...]
    open_projects: tuple[ProjectRow, ...]
    closed_projects: tuple[ProjectRow, ...]
    money_visible: bool

    @property
    def rows(self) -> tuple[ProjectRow, ...]:
        """Every row of the tab, list by list in the order the tab shows them."""
        return (
            *self.open_sales_cases,
            *self.closed_sales_cases,
            *self.open_projects,
            *self.closed_projects,
        )


def build_sales_tab(
    customer: Customer | CustomerRef,
    projects: Iterable[Project],
    invoiced: Collection[ProjectId],
    proposed: Collection[ProjectId],
    settings: OrganisationSettings,
    money_visible: bool,
) -> SalesTab:
    """Assemble the Sales & projects tab; ``invoiced``/``proposed`` are the ids of the customer's
    projects that have an invoice / a proposal."""
    statuses = {s.id: s for s in settings.sales_statuses}
    users = user_index(settings)
    lists: dict[ProjectPhase, list[ProjectRow]] = defaultdict(list)
    for project in sorted(projects, key=lambda p: (p.number, p.id)):
        phase = project_phase(project, statuses)
        status = statuses.get(project.sales_status_id) if project.sales_status_id else None
        lists[phase].append(
            ProjectRow(
                id=project.id,
                number=project.number,
                name=project.name,
                phase=phase,
                sales_status=status,
                probability=project.probability,
                value=project.expected_value if money_visible else None,
                owner=user_ref(users, project.owner_id),
                is_internal=project.is_internal,
                is_closed=project.is_closed,
                has_invoice=project.id in invoiced,
                has_proposal=project.id in proposed,
                version=project.version,
            )
        )
    return SalesTab(
        customer=customer_ref(customer),
        open_sales_cases=tuple(lists[ProjectPhase.OPEN_SALES_CASE]),
        closed_sales_cases=tuple(lists[ProjectPhase.CLOSED_SALES_CASE]),
        open_projects=tuple(lists[ProjectPhase.OPEN_PROJECT]),
        closed_projects=tuple(lists[ProjectPhase.CLOSED_PROJECT]),
        money_visible=money_visible,
    )
