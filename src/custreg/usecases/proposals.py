"""Recording, correcting and removing proposals (quotes) made on projects. A project with a
proposal cannot change customer (S2); removing its last proposal lets it move again.

Permissions: every write needs Edit on customers (U2), else PermissionDeniedError. Every write is
audited (actions ``create``, ``update``, ``remove`` on entity ``proposal``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from custreg.domain.entry import (
    EntryRowsError,
    NewProposal,
    entry_id,
    proposal_of,
    require_proposal_write,
)
from custreg.domain.events import Changed, Removed, Stamp
from custreg.domain.ids import ProposalId
from custreg.domain.permissions import Principal
from custreg.domain.project import Proposal
from custreg.ports.registry import Registry
from custreg.usecases.entry import (
    as_list,
    build_all,
    load_facts,
    own_error,
    record_creations,
    today,
)


def record_proposal(registry: Registry, principal: Principal, new: NewProposal) -> Proposal:
    """Record one proposal (see ``NewProposal``); every bad field is reported at once as
    ValidationError(s) and nothing is stored."""
    try:
        return record_proposals(registry, principal, [new])[0]
    except EntryRowsError as error:
        raise own_error(error) from None


def correct_proposal(
    registry: Registry, principal: Principal, proposal_id: ProposalId, new: NewProposal
) -> Proposal:
    """Replace a proposal's details by ``new`` (same id; ``created_on`` None keeps its date).
    NotFoundError if there is no such proposal; unchanged details store and audit nothing."""
    require_proposal_write(principal, "update")
    entry_id("proposal", "id", proposal_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.projects.get_proposal(proposal_id)
        facts = load_facts(uow, [new])
        after = proposal_of(new, proposal_id, facts, before.created_on)
        if after == before:
            return before
        uow.projects.update_proposal(after)
        uow.record([Changed("proposal", before, after, stamp)])
        uow.commit()
    return after


def remove_proposal(registry: Registry, principal: Principal, proposal_id: ProposalId) -> Proposal:
    """Delete a proposal and return what was removed. NotFoundError if there is none."""
    require_proposal_write(principal, "remove")
    entry_id("proposal", "id", proposal_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        proposal = uow.projects.get_proposal(proposal_id)
        uow.projects.remove_proposal(proposal_id)
        uow.record([Removed("proposal", proposal, stamp)])
        uow.commit()
    return proposal


def record_proposals(
    registry: Registry, principal: Principal, items: Iterable[NewProposal]
) -> tuple[Proposal, ...]:
    """Record many proposals in one transaction, all or nothing: if any row fails,
    EntryRowsError names each failing row, field and reason and nothing is stored. Set-based
    (statements do not grow with the rows); returns the proposals recorded, in input order."""
    require_proposal_write(principal, "create")
    rows = as_list("proposal", items)
    if not rows:
        return ()
    new_id = registry.ids.new_id
    stamp = Stamp.by(principal, registry.clock.now(), registry.ids.new_id())
    with registry.transaction() as uow:
        facts = load_facts(uow, rows)
        day = today(registry, facts)
        proposals = build_all(
            rows, lambda _, new: proposal_of(new, ProposalId(new_id()), facts, day), "proposal"
        )
        uow.projects.add_proposals(proposals)
        record_creations(uow, stamp, "proposal", proposals)
        uow.commit()
    return tuple(proposals)


__all__ = [
    "NewProposal",
    "correct_proposal",
    "record_proposal",
    "record_proposals",
    "remove_proposal",
]
