"""Examples of projects and sales cases (S1-S4, K1-K2): probability bounds, moving between
sales states, and every refusal's entity, field and reason."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.errors import BusinessRuleError
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import Stamp
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.project import first_sales_status
from custreg.domain.project import is_sales_case
from custreg.domain.project import sales_state
from custreg.domain.project import usable_sales_status
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.values import Money
from refusals import refused

OFFER = SalesStatus(SalesStatusId(UUID(int=31)), "Offer", SalesState.IN_PROGRESS, 40)
WON = SalesStatus(SalesStatusId(UUID(int=32)), "Won", SalesState.WON)
LOST = SalesStatus(SalesStatusId(UUID(int=33)), "Lost", SalesState.LOST, 10)
STATUSES = {s.id: s for s in (OFFER, WON, LOST)}


def _project(**changes: Any) -> Project:
    fields: dict[str, Any] = {
        "id": ProjectId(UUID(int=1)),
        "customer_id": CustomerId(UUID(int=2)),
        "number": 1,
        "name": "Roof",
    }
    return Project(**(fields | changes))


def test_s1_project_defaults() -> None:
    project = _project(name=" Roof  work ")
    assert project.name == "Roof work"
    assert (project.owner_id, project.sales_status_id, project.expected_value) == (None, None, None)
    assert (project.is_internal, project.is_closed) == (False, False)
    assert (project.probability, project.version) == (0, 1)


@pytest.mark.parametrize("probability", [0, 1, 99, 100])
def test_s1_probability_within_0_to_100(probability: int) -> None:
    assert _project(probability=probability).probability == probability


@pytest.mark.parametrize("probability", [-1, 101, True, False, 50.0, "50", None])
def test_s1_probability_refusals(probability: Any) -> None:
    with refused("project", "probability", "must be an integer 0-100", probability):
        _project(probability=probability)


def test_s1_name_is_required() -> None:
    with refused("project", "name", "must not be blank", " "):
        _project(name=" ")
    with refused("project", "name", "must be at most 255 characters"):
        _project(name="n" * 256)


def test_s1_won_sets_100_and_opens() -> None:
    moved = _project(probability=30, is_closed=True).moved_to(WON)
    assert (moved.sales_status_id, moved.probability, moved.is_closed) == (WON.id, 100, False)


def test_s1_lost_closes_and_keeps_probability() -> None:
    moved = _project(probability=30).moved_to(LOST)
    assert (moved.sales_status_id, moved.probability, moved.is_closed) == (LOST.id, 30, True)


def test_s1_in_progress_reopens_with_default_probability() -> None:
    moved = _project(probability=100, is_closed=True).moved_to(OFFER)
    assert (moved.sales_status_id, moved.probability, moved.is_closed) == (OFFER.id, 40, False)


def test_s1_with_probability() -> None:
    assert _project().with_probability(55, None).probability == 55
    assert _project().with_probability(55, OFFER).probability == 55
    assert _project().with_probability(55, LOST).probability == 55
    assert _project(probability=100).with_probability(100, WON).probability == 100
    with refused("project", "probability", "a won project has probability 100", 99):
        _project(probability=100).with_probability(99, WON)
    with refused("project", "probability", "must be an integer 0-100", 101):
        _project().with_probability(101, None)


def test_s1_sales_state_and_sales_case() -> None:
    assert sales_state(_project(), STATUSES) is None
    assert is_sales_case(_project(), STATUSES) is False
    unknown = _project(sales_status_id=SalesStatusId(UUID(int=99)))
    assert sales_state(unknown, STATUSES) is None
    assert is_sales_case(unknown, STATUSES) is False
    for status, case in ((OFFER, True), (WON, False), (LOST, False)):
        project = _project(sales_status_id=status.id)
        assert sales_state(project, STATUSES) is status.state
        assert is_sales_case(project, STATUSES) is case


def test_s2_proposal_and_cost_entry() -> None:
    proposal = Proposal(
        ProposalId(UUID(int=5)), ProjectId(UUID(int=1)), " Quote ", date(2026, 1, 2)
    )
    assert proposal.name == "Quote"
    with refused("project", "name", "must not be blank", ""):
        Proposal(ProposalId(UUID(int=5)), ProjectId(UUID(int=1)), "", date(2026, 1, 2))
    assert [k.value for k in CostKind] == ["work_hours", "travel", "purchase"]
    cost = CostEntry(
        CostEntryId(UUID(int=6)),
        ProjectId(UUID(int=1)),
        CostKind.TRAVEL,
        date(2026, 1, 2),
        Money(Decimal("12.50"), "EUR"),
    )
    assert cost.amount == Money(Decimal("12.50"), "EUR")


# -- state changes and their events (M7) ------------------------------------------------------

STAMP = Stamp(UserId(UUID(int=9)), datetime(2026, 11, 25, 12, tzinfo=UTC))
ORG = OrganisationSettings(
    OrganisationId(UUID(int=50)), "Org",
    sales_statuses=(
        SalesStatus(SalesStatusId(UUID(int=30)), "Old lead", SalesState.IN_PROGRESS, active=False),
        OFFER,
        SalesStatus(SalesStatusId(UUID(int=34)), "Old win", SalesState.WON, active=False),
        WON,
        SalesStatus(SalesStatusId(UUID(int=35)), "Won too", SalesState.WON),
        LOST,
    ),
)


def test_m7_created_and_revised() -> None:
    project = _project(version=3)
    assert project.created(STAMP) == Created("project", project, STAMP, "create")
    assert project.revise(project, STAMP) == (project, ())
    after = _project(name="Deck", version=4)
    assert project.revise(_project(name="Deck", version=3), STAMP) == (
        after, (Changed("project", project, after, STAMP, "update"),)
    )
    assert project.revise(_project(name="Deck"), STAMP, "import")[1] == (
        Changed("project", project, after, STAMP, "import"),
    )


def test_s1_set_sales_status_and_settle() -> None:
    case = _project(sales_status_id=OFFER.id, probability=40)
    won = _project(sales_status_id=WON.id, probability=100, version=2)
    assert case.set_sales_status(WON, STAMP) == (
        won, (Changed("project", case, won, STAMP, "set sales status"),)
    )
    assert case.set_sales_status(OFFER, STAMP) == (case, ())
    assert case.settle(WON, SalesState.WON, STAMP) == (
        won, (Changed("project", case, won, STAMP, "won"),)
    )
    lost = _project(sales_status_id=LOST.id, probability=40, is_closed=True, version=2)
    assert case.settle(LOST, SalesState.LOST, STAMP) == (
        lost, (Changed("project", case, lost, STAMP, "lost"),)
    )
    with refused("project", "sales_status_id", "is not won", LOST.id):
        case.settle(LOST, SalesState.WON, STAMP)
    with refused("project", "sales_status_id", "is not lost", OFFER.id):
        case.settle(OFFER, SalesState.LOST, STAMP)


def test_s1_close_and_reopen() -> None:
    project = _project()
    closed = _project(is_closed=True, version=2)
    assert project.close(STAMP) == (closed, (Changed("project", project, closed, STAMP, "close"),))
    assert closed.close(STAMP) == (closed, ())
    reopened = _project(version=3)
    assert closed.reopen(STAMP) == (
        reopened, (Changed("project", closed, reopened, STAMP, "reopen"),)
    )
    assert project.reopen(STAMP) == (project, ())


def test_s1_edit() -> None:
    project = _project(sales_status_id=OFFER.id, probability=40)
    value = Money(Decimal("-12.50"), "EUR")
    after = _project(
        sales_status_id=OFFER.id, probability=75, name="Deck", expected_value=value, version=2
    )
    assert project.edit(STAMP, ORG, 75, name=" Deck ", expected_value=value) == (
        after, (Changed("project", project, after, STAMP, "update"),)
    )
    assert project.edit(STAMP, ORG, name="Roof") == (project, ())
    assert project.edit(STAMP, ORG, expected_value=None) == (project, ())
    assert project.edit(STAMP, ORG, 40) == (project, ())
    assert project.edit(STAMP, ORG, 0)[0].probability == 0
    plain = _project()
    assert plain.edit(STAMP, ORG, 55)[0] == _project(probability=55, version=2)
    unknown = _project(sales_status_id=SalesStatusId(UUID(int=99)))
    assert unknown.edit(STAMP, ORG, 55)[0].probability == 55
    won = _project(sales_status_id=WON.id, probability=100)
    with refused("project", "probability", "a won project has probability 100", 90):
        won.edit(STAMP, ORG, 90)
    assert won.edit(STAMP, ORG, 100) == (won, ())
    assert won.edit(STAMP, ORG, name="Deck")[0].probability == 100
    with refused("project", "probability", "must be an integer 0-100", 101):
        plain.edit(STAMP, ORG, 101)
    with refused("project", "expected_value", "must be Money", Decimal("5")):
        plain.edit(STAMP, ORG, expected_value=Decimal("5"))
    with refused("project", "expected_value", "must be Money", 0):
        plain.edit(STAMP, ORG, expected_value=0)


@pytest.mark.parametrize(
    "values",
    [
        {"customer_id": CustomerId(UUID(int=3))},
        {"id": ProjectId(UUID(int=3))},
        {"version": 7},
        {"version": 7, "name": "Deck"},
    ],
)
def test_s2_edit_never_moves(values: dict[str, Any]) -> None:
    with refused("project", "customer_id", "a project moves by a move only", None):
        _project().edit(STAMP, ORG, **values)


def test_s2_move_to_customer() -> None:
    project = _project(version=2)
    target = CustomerId(UUID(int=3))
    moved = _project(customer_id=target, version=3)
    assert project.move_to_customer(target, STAMP, invoices=0, proposals=0) == (
        moved, (Changed("project", project, moved, STAMP, "move"),)
    )
    with pytest.raises(BusinessRuleError) as info:
        project.move_to_customer(project.customer_id, STAMP, invoices=2, proposals=1)
    assert (info.value.entity, info.value.field, info.value.reason) == (
        "project", "customer_id",
        "the project already belongs to that customer; the project has an invoice; "
        "the project has a proposal",
    )
    with pytest.raises(BusinessRuleError) as info:
        project.move_to_customer(target, STAMP, invoices=0, proposals=1)
    assert info.value.reason == "the project has a proposal"


def test_s1_usable_and_first_sales_status() -> None:
    assert usable_sales_status(ORG, OFFER.id) == OFFER
    with refused("project", "sales_status_id", "is disabled", SalesStatusId(UUID(int=30))):
        usable_sales_status(ORG, SalesStatusId(UUID(int=30)))
    with refused("project", "sales_status_id", "unknown sales status", SalesStatusId(UUID(int=1))):
        usable_sales_status(ORG, SalesStatusId(UUID(int=1)))
    assert first_sales_status(ORG, SalesState.IN_PROGRESS) == OFFER
    assert first_sales_status(ORG, SalesState.WON) == WON
    assert first_sales_status(ORG, SalesState.LOST) == LOST
    only_old = OrganisationSettings(
        OrganisationId(UUID(int=50)), "Org", sales_statuses=(ORG.sales_statuses[0],)
    )
    with refused(
        "project", "sales_status_id", "no active sales status is in_progress",
        SalesState.IN_PROGRESS,
    ):
        first_sales_status(only_old, SalesState.IN_PROGRESS)
    with refused("project", "sales_status_id", "no active sales status is won", SalesState.WON):
        first_sales_status(only_old, SalesState.WON)
