"""Examples of projects and sales cases (S1-S4, K1-K2): probability bounds, moving between
sales states, and every refusal's entity, field and reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.ids import CostEntryId, CustomerId, ProjectId, ProposalId, SalesStatusId
from custreg.domain.project import (
    CostEntry,
    CostKind,
    Project,
    Proposal,
    is_sales_case,
    sales_state,
)
from custreg.domain.settings import SalesState, SalesStatus
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
