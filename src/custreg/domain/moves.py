"""Moving a project to another customer (S2, S3), as pure checks.

The same checks serve the single move on the Sales & projects tab and the consolidation of a
duplicate customer (D1, D2), which moves every movable project and reports the rest with reasons.
"""

from __future__ import annotations

import enum

from custreg.domain.ids import CustomerId
from custreg.domain.project import Project


class MoveBlocker(enum.Enum):
    """Why a project cannot change customer."""

    HAS_INVOICE = "has_invoice"
    HAS_PROPOSAL = "has_proposal"
    SAME_CUSTOMER = "same_customer"

    @property
    def reason(self) -> str:
        return _REASONS[self]


_REASONS = {
    MoveBlocker.HAS_INVOICE: "the project has an invoice",
    MoveBlocker.HAS_PROPOSAL: "the project has a proposal",
    MoveBlocker.SAME_CUSTOMER: "the project already belongs to that customer",
}


def why_project_cannot_move(
    project: Project, target: CustomerId, *, invoices: int, proposals: int
) -> tuple[MoveBlocker, ...]:
    """Every reason that stops ``project`` from moving to ``target``; empty means it may (S2).

    ``invoices`` and ``proposals`` are the numbers of invoices and proposals made on the project.
    """
    blockers: list[MoveBlocker] = []
    if project.customer_id == target:
        blockers.append(MoveBlocker.SAME_CUSTOMER)
    if invoices > 0:
        blockers.append(MoveBlocker.HAS_INVOICE)
    if proposals > 0:
        blockers.append(MoveBlocker.HAS_PROPOSAL)
    return tuple(blockers)


def describe(blockers: tuple[MoveBlocker, ...]) -> str:
    """One sentence naming every blocker, for error messages and consolidation reports."""
    return "; ".join(b.reason for b in blockers)
