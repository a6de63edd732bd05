"""Recording, correcting and removing proposals (quotes) made on projects. A project with a
proposal cannot change customer (S2); removing its last proposal lets it move again.

Permissions: every write needs Edit on customers (U2), else PermissionDeniedError. Every write is
audited (actions ``create``, ``update``, ``remove`` on entity ``proposal``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable

from custreg.domain.entry import EntryFacts
from custreg.domain.entry import NewProposal
from custreg.domain.entry import proposal_of
from custreg.domain.entry import require_proposal_write
from custreg.domain.ids import ProposalId
from custreg.domain.permissions import Principal
from custreg.domain.project import Proposal
from custreg.ports.registry import Registry
from custreg.usecases.entry import EntryMethods
from custreg.usecases.entry import ProjectEntries
from custreg.usecases.entry import load_facts
from custreg.usecases.entry import record_one
from custreg.usecases.entry import today

_PROPOSALS: ProjectEntries[Proposal, ProposalId, NewProposal] = ProjectEntries(
    "proposal",
    require_proposal_write,
    lambda p: EntryMethods(p.get_proposal, p.update_proposal, p.remove_proposal, p.add_proposals),
)


def record_proposal(registry: Registry, principal: Principal, new: NewProposal) -> Proposal:
    """Record one proposal (see ``NewProposal``); every bad field is reported at once as
    ValidationError(s) and nothing is stored."""
    return record_one(record_proposals, registry, principal, new)


def correct_proposal(
    registry: Registry, principal: Principal, proposal_id: ProposalId, new: NewProposal
) -> Proposal:
    """Replace a proposal's details by ``new`` (same id; ``created_on`` None keeps its date).
    NotFoundError if there is no such proposal; unchanged details store and audit nothing."""
    return _PROPOSALS.correct(
        registry,
        principal,
        proposal_id,
        lambda uow, before: proposal_of(
            new, proposal_id, load_facts(uow, [new]), before.created_on
        ),
    )


def remove_proposal(registry: Registry, principal: Principal, proposal_id: ProposalId) -> Proposal:
    """Delete a proposal and return what was removed. NotFoundError if there is none."""
    return _PROPOSALS.remove(registry, principal, proposal_id)


def record_proposals(
    registry: Registry, principal: Principal, items: Iterable[NewProposal]
) -> tuple[Proposal, ...]:
    """Record many proposals in one transaction, all or nothing: if any row fails,
    EntryRowsError names each failing row, field and reason and nothing is stored. Set-based
    (statements do not grow with the rows); returns the proposals recorded, in input order."""
    new_id = registry.ids.new_id

    def builder(facts: EntryFacts) -> Callable[[NewProposal], Proposal]:
        day = today(registry, facts)
        return lambda new: proposal_of(new, ProposalId(new_id()), facts, day)

    return _PROPOSALS.record(registry, principal, items, builder)


__all__ = [
    "NewProposal",
    "correct_proposal",
    "record_proposal",
    "record_proposals",
    "remove_proposal",
]
