"""Examples of the project move checks (S2, S3, D1, D2), stated directly."""

from __future__ import annotations

from uuid import UUID

import pytest

from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.moves import MoveBlocker
from custreg.domain.moves import describe
from custreg.domain.moves import why_project_cannot_move
from custreg.domain.project import Project

HOME = CustomerId(UUID(int=1))
OTHER = CustomerId(UUID(int=2))


def project() -> Project:
    return Project(id=ProjectId(UUID(int=9)), customer_id=HOME, number=1, name="Roof")


@pytest.mark.parametrize(
    ("target", "invoices", "proposals", "blockers"),
    [
        (OTHER, 0, 0, ()),
        (HOME, 0, 0, (MoveBlocker.SAME_CUSTOMER,)),
        (OTHER, 1, 0, (MoveBlocker.HAS_INVOICE,)),
        (OTHER, 0, 1, (MoveBlocker.HAS_PROPOSAL,)),
        (OTHER, 2, 3, (MoveBlocker.HAS_INVOICE, MoveBlocker.HAS_PROPOSAL)),
        (
            HOME,
            1,
            1,
            (MoveBlocker.SAME_CUSTOMER, MoveBlocker.HAS_INVOICE, MoveBlocker.HAS_PROPOSAL),
        ),
    ],
)
def test_s2_why_project_cannot_move(
    target: CustomerId, invoices: int, proposals: int, blockers: tuple[MoveBlocker, ...]
) -> None:
    result = why_project_cannot_move(project(), target, invoices=invoices, proposals=proposals)
    assert result == blockers
    assert type(result) is tuple


@pytest.mark.parametrize(
    ("blocker", "value", "reason"),
    [
        (MoveBlocker.HAS_INVOICE, "has_invoice", "the project has an invoice"),
        (MoveBlocker.HAS_PROPOSAL, "has_proposal", "the project has a proposal"),
        (
            MoveBlocker.SAME_CUSTOMER,
            "same_customer",
            "the project already belongs to that customer",
        ),
    ],
)
def test_s2_blocker_values_and_reasons(blocker: MoveBlocker, value: str, reason: str) -> None:
    assert blocker.value == value
    assert blocker.reason == reason


@pytest.mark.parametrize(
    ("blockers", "sentence"),
    [
        ((), ""),
        ((MoveBlocker.HAS_INVOICE,), "the project has an invoice"),
        (
            (MoveBlocker.SAME_CUSTOMER, MoveBlocker.HAS_PROPOSAL),
            "the project already belongs to that customer; the project has a proposal",
        ),
    ],
)
def test_d2_describe_joins_every_reason(blockers: tuple[MoveBlocker, ...], sentence: str) -> None:
    assert describe(blockers) == sentence
