"""Projects, sales cases, proposals and cost entries (S1-S4, K1-K2, K5-K6)."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from attrs import evolve
from attrs import field
from attrs import frozen

from custreg.domain.deferred import Deferred
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Created
from custreg.domain.events import Outcome
from custreg.domain.events import Stamp
from custreg.domain.events import changed
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import usable_status
from custreg.domain.text import required_text
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.values import Money
from custreg.domain.values import checked_probability


def _name(value: Any) -> str:
    return required_text("project", "name", value)


def _probability(value: Any) -> int:
    return checked_probability("project", value)


@frozen
class Project:
    """A project of a customer. It is a *sales case* while its sales status is IN_PROGRESS;
    winning makes it an ordinary open project, losing closes it (S1)."""

    id: ProjectId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    number: int
    name: str = field(converter=_name)
    owner_id: UserId | None = field(default=None, validator=an_optional_id)
    is_internal: bool = False
    is_closed: bool = False
    sales_status_id: SalesStatusId | None = field(default=None, validator=an_optional_id)
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

    # -- state changes: each returns the next stored version and the events it caused --------
    def created(self, stamp: Stamp) -> Created:
        """The event of this project's creation."""
        return Created("project", self, stamp, "create")

    def revise(self, revised: Project, stamp: Stamp, action: str = "update") -> Outcome[Project]:
        """``revised`` as the next stored version (``version`` + 1) with its ``Changed`` event;
        this project and no event when nothing differs."""
        if revised == self:
            return self, ()
        return changed("project", self, evolve(revised, version=self.version + 1), stamp, action)

    def set_sales_status(
        self, status: SalesStatus, stamp: Stamp, action: str = "set sales status"
    ) -> Outcome[Project]:
        """S1: this project at ``status`` with its consequences (``moved_to``); ``status`` is a
        usable one (``usable_sales_status``)."""
        return self.revise(self.moved_to(status), stamp, action)

    def settle(self, status: SalesStatus, state: SalesState, stamp: Stamp) -> Outcome[Project]:
        """S1: win or lose this sales case (``state`` WON or LOST) with ``status``, which must be
        of that state (else a ValidationError on ``project.sales_status_id``); audited under
        "won" or "lost"."""
        if status.state is not state:
            raise ValidationError("project", "sales_status_id", f"is not {state.value}", status.id)
        return self.set_sales_status(status, stamp, state.value)

    def close(self, stamp: Stamp) -> Outcome[Project]:
        """This project closed (it moves to the closed list of its kind)."""
        return self.revise(evolve(self, is_closed=True), stamp, "close")

    def reopen(self, stamp: Stamp) -> Outcome[Project]:
        """This project open again (a lost sales case reopens by taking another status)."""
        return self.revise(evolve(self, is_closed=False), stamp, "reopen")

    def edit(
        self,
        stamp: Stamp,
        settings: OrganisationSettings,
        probability: int | None = None,
        **values: Any,
    ) -> Outcome[Project]:
        """This project with ``values`` (name, owner, expected value) and, when given, win
        ``probability`` (S1: a won project stays at 100). The customer is changed by
        ``move_to_customer`` only."""
        if {"id", "customer_id", "version"} & values.keys():
            raise ValidationError("project", "customer_id", "a project moves by a move only")
        value = values.get("expected_value")
        if value is not None and not isinstance(value, Money):
            raise ValidationError("project", "expected_value", "must be Money", value)
        revised = evolve(self, **values)
        if probability is not None:
            statuses = {s.id: s for s in settings.sales_statuses}
            current = statuses.get(revised.sales_status_id) if revised.sales_status_id else None
            revised = revised.with_probability(probability, current)
        return self.revise(revised, stamp)

    def move_to_customer(
        self, target: CustomerId, stamp: Stamp, *, invoices: int, proposals: int
    ) -> Outcome[Project]:
        """S2: this project on customer ``target``; ``invoices`` and ``proposals`` are the numbers
        made on it. BusinessRuleError naming every blocker when it cannot move."""
        from custreg.domain.moves import describe  # moves imports us
        from custreg.domain.moves import why_project_cannot_move  # moves imports us

        blockers = why_project_cannot_move(self, target, invoices=invoices, proposals=proposals)
        if blockers:
            raise BusinessRuleError("project", "customer_id", describe(blockers))
        return self.revise(evolve(self, customer_id=target), stamp, "move")


def usable_sales_status(settings: OrganisationSettings, status_id: SalesStatusId) -> SalesStatus:
    """The organisation's sales status ``status_id`` if a project may take it now: it exists and
    is active (else a ValidationError on ``project.sales_status_id``)."""
    return usable_status(settings.sales_statuses, status_id, "project", "sales_status_id")


def first_sales_status(settings: OrganisationSettings, state: SalesState) -> SalesStatus:
    """The organisation's first active sales status of ``state`` (ValidationError if none)."""
    for status in settings.sales_statuses:
        if status.state is state and status.active:
            return status
    raise ValidationError(
        "project", "sales_status_id", f"no active sales status is {state.value}", state
    )


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

    id: ProposalId = field(validator=an_id)
    project_id: ProjectId = field(validator=an_id)
    name: str = field(converter=_name)
    created_on: date


class CostKind(enum.Enum):
    """The three cost kinds that make up *total cost*."""

    WORK_HOURS = "work_hours"
    TRAVEL = "travel"
    PURCHASE = "purchase"


@frozen
class CostEntry(Deferred):
    """A cost booked on a project on a date (work-hour cost, travel expense, purchase/fee). A
    read model may leave fields to be filled on first use (``Deferred``), as ``Invoice``."""

    id: CostEntryId = field(validator=an_id)
    project_id: ProjectId = field(validator=an_id)
    kind: CostKind
    on: date
    amount: Money
