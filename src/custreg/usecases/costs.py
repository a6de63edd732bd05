"""Recording, correcting and removing cost entries (work-hour cost, travel expense, purchase/fee)
on projects: what total cost and Margin are computed from (K1, K2, U5).

Permissions: every write needs Edit on customers and the right to see financial values (U5), else
PermissionDeniedError. Every write is audited (actions ``create``, ``update``, ``remove`` on entity
``cost_entry``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from custreg.domain.entry import EntryRowsError, NewCostEntry, cost_entry_of, require_cost_write
from custreg.domain.entry import entry_id as check_id
from custreg.domain.events import Changed, Removed, Stamp
from custreg.domain.ids import CostEntryId
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.ports.registry import Registry
from custreg.usecases.entry import (
    as_list,
    build_all,
    load_facts,
    own_error,
    record_creations,
)


def record_cost_entry(registry: Registry, principal: Principal, new: NewCostEntry) -> CostEntry:
    """Record one cost entry (see ``NewCostEntry``); every bad field is reported at once as
    ValidationError(s) and nothing is stored."""
    try:
        return record_cost_entries(registry, principal, [new])[0]
    except EntryRowsError as error:
        raise own_error(error) from None


def correct_cost_entry(
    registry: Registry, principal: Principal, entry_id: CostEntryId, new: NewCostEntry
) -> CostEntry:
    """Replace a cost entry's details by ``new`` (same id), checked as on recording.
    NotFoundError if there is no such entry; unchanged details store and audit nothing."""
    require_cost_write(principal, "update")
    check_id("cost_entry", "id", entry_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.projects.get_cost(entry_id)
        after = cost_entry_of(new, entry_id, load_facts(uow, [new]))
        if after == before:
            return before
        uow.projects.update_cost(after)
        uow.record([Changed("cost_entry", before, after, stamp)])
        uow.commit()
    return after


def remove_cost_entry(registry: Registry, principal: Principal, entry_id: CostEntryId) -> CostEntry:
    """Delete a cost entry (it leaves total cost at once) and return what was removed.
    NotFoundError if there is no such entry."""
    require_cost_write(principal, "remove")
    check_id("cost_entry", "id", entry_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        entry = uow.projects.get_cost(entry_id)
        uow.projects.remove_cost(entry_id)
        uow.record([Removed("cost_entry", entry, stamp)])
        uow.commit()
    return entry


def record_cost_entries(
    registry: Registry, principal: Principal, items: Iterable[NewCostEntry]
) -> tuple[CostEntry, ...]:
    """Record many cost entries in one transaction, all or nothing: if any row fails,
    EntryRowsError names each failing row, field and reason and nothing is stored. Set-based
    (statements do not grow with the rows); returns the entries recorded, in input order."""
    require_cost_write(principal, "create")
    rows = as_list("cost_entry", items)
    if not rows:
        return ()
    new_id = registry.ids.new_id
    stamp = Stamp.by(principal, registry.clock.now(), registry.ids.new_id())
    with registry.transaction() as uow:
        facts = load_facts(uow, rows)
        entries = build_all(
            rows, lambda _, new: cost_entry_of(new, CostEntryId(new_id()), facts), "cost_entry"
        )
        uow.projects.add_costs(entries)
        record_creations(uow, stamp, "cost_entry", entries)
        uow.commit()
    return tuple(entries)


__all__ = [
    "NewCostEntry",
    "correct_cost_entry",
    "record_cost_entries",
    "record_cost_entry",
    "remove_cost_entry",
]
