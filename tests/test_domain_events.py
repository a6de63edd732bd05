"""Domain events (M7): aggregates return their new state and the events they caused, and the
audit trail is derived from those events once, by the transaction, at commit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.audit import AuditEntry
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.events import (
    Changed,
    Created,
    FieldChanged,
    Removed,
    Stamp,
    audit_entries,
)
from custreg.domain.ids import CustomerId, UserId
from custreg.domain.values import CustomerNumber
from custreg.ports.audit import NoAuditLog
from custreg.ports.transaction import Transaction

AT = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
ACTOR = UserId(UUID(int=7))
STAMP = Stamp(ACTOR, AT)


def customer(name: str = "Acme Oy", number: int = 1) -> Customer:
    return Customer(CustomerId(UUID(int=1)), CustomerNumber(number), name, created_at=AT)


def counter() -> Any:
    ids = iter(range(1, 10_000))
    return lambda: UUID(int=next(ids))


def test_m7_inactivate_returns_the_new_state_and_one_changed_event() -> None:
    before = customer()
    after, events = before.inactivate(STAMP)
    assert after.status is CustomerStatus.INACTIVE and after.version == before.version + 1
    assert after.updated_at == AT and after.updated_by == ACTOR
    assert events == (Changed("customer", before, after, STAMP, "inactivate"),)
    assert events[0].fields == ["status"]


def test_m7_a_change_that_changes_nothing_causes_no_event() -> None:
    active = customer()
    assert active.reactivate(STAMP) == (active, ())
    assert active.renumber(CustomerNumber(1), STAMP) == (active, ())
    assert active.revise(active, STAMP) == (active, ())


def test_m7_c3_renumber_records_the_number_before_and_after() -> None:
    before = customer()
    after, events = before.renumber(CustomerNumber(42), STAMP)
    [entry] = audit_entries(events, counter())
    assert (entry.action, entry.field, entry.before, entry.after) == (
        "update", "number", {"value": 1}, {"value": 42}
    )
    assert after.number == CustomerNumber(42)


def test_m7_creations_and_removals_have_their_shape_by_construction() -> None:
    made = customer()
    created, removed = Created("customer", made, STAMP), Removed("customer", made, STAMP, "delete")
    first, second = audit_entries([created, removed], counter())
    assert (first.action, first.field, first.before) == ("create", "*", None)
    assert first.after["name"] == "Acme Oy" and first.entity_id == made.id
    assert (second.action, second.field, second.after) == ("delete", "*", None)
    assert second.before["name"] == "Acme Oy"


@pytest.mark.parametrize("action", ["update", "inactivate", "move", "won"])
def test_m7_a_removal_cannot_be_recorded_under_a_creation_or_change_action(action: str) -> None:
    with pytest.raises(ValueError):
        Removed("customer", customer(), STAMP, action)
    with pytest.raises(ValueError):
        Created("customer", customer(), STAMP, action)
    with pytest.raises(ValueError):
        Removed("customer", customer(), STAMP, "create")


def test_m7_a_change_keeps_type_and_id() -> None:
    other = Customer(CustomerId(uuid4()), CustomerNumber(2), "Other Oy", created_at=AT)
    with pytest.raises(ValueError):
        Changed("customer", customer(), other, STAMP)


def test_m7_entries_carry_the_stamp_and_batch() -> None:
    batch = uuid4()
    stamp = Stamp(ACTOR, AT, batch)
    event = FieldChanged("customer", UUID(int=3), "status", "active", "inactive", stamp, "mass")
    [entry] = audit_entries([event], counter())
    head = (entry.at, entry.actor, entry.batch_id, entry.entity_id)
    assert head == (AT, ACTOR, batch, event.entity_id)
    assert (entry.field, entry.before, entry.after, entry.action) == (
        "status", "active", "inactive", "mass"
    )


@given(name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != ""))
def test_m7_one_entry_per_changed_field(name: str) -> None:
    before = customer()
    try:
        renamed = before.revise(Customer(before.id, CustomerNumber(5), name, created_at=AT), STAMP)
    except Exception:  # a name C1 refuses: no event can exist for it
        return
    after, events = renamed
    entries = audit_entries(events, counter())
    expected = {"number"} | ({"name"} if after.name != before.name else set())
    assert {e.field for e in entries} == expected


class MemoryAuditLog:
    """A list of entries: what a transaction wrote."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def record(self, entries: list[AuditEntry]) -> None:
        self.entries.extend(entries)

    def for_entity(self, entity: str, entity_id: UUID) -> list[AuditEntry]:
        return [e for e in self.entries if (e.entity, e.entity_id) == (entity, entity_id)]


class _Uow:
    """The least unit of work a transaction needs: an audit log, commit and rollback."""

    def __init__(self, audit: Any) -> None:
        self.audit, self.committed, self.exited = audit, False, False

    def __enter__(self) -> _Uow:
        return self

    def __exit__(self, *exc: object) -> None:
        self.exited = True

    def commit(self) -> None:
        self.committed = True


class _Ids:
    def __init__(self) -> None:
        self.new_id = counter()


def test_m7_the_transaction_writes_the_entries_at_commit_only() -> None:
    log = MemoryAuditLog()
    inner = _Uow(log)
    made = customer()
    with Transaction(inner, _Ids()) as tx:  # type: ignore[arg-type]
        tx.record([Created("customer", made, STAMP)])
        assert log.for_entity("customer", made.id) == [] and tx.recorded
        tx.commit()
    assert inner.committed and inner.exited
    assert [e.action for e in log.for_entity("customer", made.id)] == ["create"]


def test_m7_events_of_a_transaction_left_without_commit_are_forgotten() -> None:
    log = MemoryAuditLog()
    made = customer()
    with Transaction(_Uow(log), _Ids()) as tx:  # type: ignore[arg-type]
        tx.record([Created("customer", made, STAMP)])
    assert log.for_entity("customer", made.id) == []


def test_m7_a_host_without_an_audit_trail_commits_all_the_same() -> None:
    inner = _Uow(NoAuditLog())
    with Transaction(inner, _Ids()) as tx:  # type: ignore[arg-type]
        tx.record([Created("customer", customer(), STAMP)])
        tx.commit()
    assert inner.committed
