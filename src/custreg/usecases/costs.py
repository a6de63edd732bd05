"""Recording, correcting and removing cost entries (work-hour cost, travel expense, purchase/fee)
on projects: what total cost and Margin are computed from (K1, K2, U5).

Permissions: every write needs Edit on customers and the right to see financial values (U5), else
PermissionDeniedError. Every write is audited (actions ``create``, ``update``, ``remove`` on entity
``cost_entry``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from custreg.domain.entry import NewCostEntry
from custreg.domain.entry import cost_entry_of
from custreg.domain.entry import require_cost_write
from custreg.domain.ids import CostEntryId
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.ports.registry import Registry
from custreg.usecases.entry import EntryMethods
from custreg.usecases.entry import ProjectEntries
from custreg.usecases.entry import load_facts
from custreg.usecases.entry import record_one

_COSTS: ProjectEntries[CostEntry, CostEntryId, NewCostEntry] = ProjectEntries(
    "cost_entry",
    require_cost_write,
    lambda p: EntryMethods(p.get_cost, p.update_cost, p.remove_cost, p.add_costs),
)


def record_cost_entry(registry: Registry, principal: Principal, new: NewCostEntry) -> CostEntry:
    """Record one cost entry (see ``NewCostEntry``); every bad field is reported at once as
    ValidationError(s) and nothing is stored."""
    return record_one(record_cost_entries, registry, principal, new)


def correct_cost_entry(
    registry: Registry, principal: Principal, entry_id: CostEntryId, new: NewCostEntry
) -> CostEntry:
    """Replace a cost entry's details by ``new`` (same id), checked as on recording.
    NotFoundError if there is no such entry; unchanged details store and audit nothing."""
    return _COSTS.correct(
        registry,
        principal,
        entry_id,
        lambda uow, _: cost_entry_of(new, entry_id, load_facts(uow, [new])),
    )


def remove_cost_entry(registry: Registry, principal: Principal, entry_id: CostEntryId) -> CostEntry:
    """Delete a cost entry (it leaves total cost at once) and return what was removed.
    NotFoundError if there is no such entry."""
    return _COSTS.remove(registry, principal, entry_id)


def record_cost_entries(
    registry: Registry, principal: Principal, items: Iterable[NewCostEntry]
) -> tuple[CostEntry, ...]:
    """Record many cost entries in one transaction, all or nothing: if any row fails,
    EntryRowsError names each failing row, field and reason and nothing is stored. Set-based
    (statements do not grow with the rows); returns the entries recorded, in input order."""
    new_id = registry.ids.new_id
    return _COSTS.record(
        registry,
        principal,
        items,
        lambda facts: lambda new: cost_entry_of(new, CostEntryId(new_id()), facts),
    )


__all__ = [
    "NewCostEntry",
    "correct_cost_entry",
    "record_cost_entries",
    "record_cost_entry",
    "remove_cost_entry",
]
