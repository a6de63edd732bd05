"""Projects, sales cases, proposals and cost entries (S1-S4, K1-K2, K5-K6)."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from attrs import evolve, field, frozen

from custreg.domain.errors import ValidationError
from custreg.domain.ids import CostEntryId, CustomerId, ProjectId, ProposalId, SalesStatusId, UserId
from custreg.domain.settings import SalesState, SalesStatus
from custreg.domain.text import required_text
from custreg.domain.values import Money


def _name(value: Any) -> str:
    return required_text("project", "name", value)


def _probability(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValidationError("project", "probability", "must be an integer 0-100", value)
    return value


@frozen
class Project:
    """A project of a customer. It is a *sales case* while its sales status is IN_PROGRESS;
    winning makes it an ordinary open project, losing closes it (S1)."""

    id: ProjectId
    customer_id: CustomerId
    number: int
    name: str = field(converter=_name)
    owner_id: UserId | None = None
    is_internal: bool = False
    is_closed: bool = False
    sales_status_id: SalesStatusId | None = None
    probability: int = field(default=0, converter=_probability)
    expected_value: Money | None = None
    version: int = 1

    def moved_to(self, status: SalesStatus) -> Project:
        """S1: a Won status sets probability 100 and leaves (or makes) the project open; a Lost
        status closes it; an in-progress status reopens it with the status's default
        probability. The caller checks that ``status`` may be used (active, of the
        organisation)."""
        if status.state is SalesState.WON:
            return evolve(self, sales_status_id=status.id, probability=100, is_closed=False)
        if status.state is SalesState.LOST:
            return evolve(self, sales_status_id=status.id, is_closed=True)
        return evolve(
            self,
            sales_status_id=status.id,
            probability=status.default_probability,
            is_closed=False,
        )

    def with_probability(self, value: int, status: SalesStatus | None) -> Project:
        """The project at win probability ``value`` (0-100); ``status`` is its current sales
        status (None: none). S1 keeps a won project at 100: any other value is a
        ValidationError on ``project.probability``."""
        changed = evolve(self, probability=value)
        won = status is not None and status.state is SalesState.WON
        if won and changed.probability != 100:
            raise ValidationError(
                "project", "probability", "a won project has probability 100", value
            )
        return changed


def sales_state(project: Project, statuses: dict[SalesStatusId, SalesStatus]) -> SalesState | None:
    """The sales state of ``project`` through its configured status (None: no sales status)."""
    if project.sales_status_id is None:
        return None
    status = statuses.get(project.sales_status_id)
    return status.state if status else None


def is_sales_case(project: Project, statuses: dict[SalesStatusId, SalesStatus]) -> bool:
    """A sales case is a project whose sales state is IN_PROGRESS."""
    return sales_state(project, statuses) is SalesState.IN_PROGRESS


@frozen
class Proposal:
    """A proposal (quote) made on a project; a project with one cannot change customer (S2)."""

    id: ProposalId
    project_id: ProjectId
    name: str = field(converter=_name)
    created_on: date


class CostKind(enum.Enum):
    """The three cost kinds that make up *total cost*."""

    WORK_HOURS = "work_hours"
    TRAVEL = "travel"
    PURCHASE = "purchase"


@frozen
class CostEntry:
    """A cost booked on a project on a date (work-hour cost, travel expense, purchase/fee)."""

    id: CostEntryId
    project_id: ProjectId
    kind: CostKind
    on: date
    amount: Money
