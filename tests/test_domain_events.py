"""Domain events (M7): aggregates return their new state and the events they caused, and the
audit trail is derived from those events once, by the transaction, at commit."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any
from uuid import UUID
from uuid import uuid4

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from card.cardkit import ADMIN
from card.cardkit import DOING
from card.cardkit import DONE
from card.cardkit import LOST
from card.cardkit import OLD_COLUMN
from card.cardkit import TODO
from card.cardkit import WON
from card.cardkit import card_settings
from custreg import memory_registry
from custreg.domain.activity import Task
from custreg.domain.audit import AuditEntry
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import FieldChanged
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.events import audit_entries
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import UserId
from custreg.domain.project import Project
from custreg.domain.project import first_sales_status
from custreg.domain.project import usable_sales_status
from custreg.domain.settings import SalesState
from custreg.domain.values import CustomerNumber
from custreg.ports.audit import NoAuditLog
from custreg.ports.transaction import ForwardingUnitOfWork
from custreg.ports.transaction import Transaction
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import inactivate_customer
from custreg.usecases.customers import update_customer

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


# -- aggregates other than the customer ---------------------------------------------------------
ORG = OrganisationId(UUID(int=99))


def _settings(organisation_id: OrganisationId = ORG) -> Any:
    return card_settings(organisation_id)


def test_p2_p3_contact_changes_and_its_tombstone() -> None:
    contact = Contact(ContactId(UUID(int=5)), CustomerId(UUID(int=1)), "Ada", "Lovelace")
    hidden, events = contact.set_active(False, STAMP)
    assert not hidden.active and [e.action for e in events] == ["inactivate"]
    assert contact.set_active(True, STAMP) == (contact, ())
    gone, events = contact.delete(STAMP)
    [entry] = audit_entries(events, counter())
    assert gone.deleted_at == AT and (entry.action, entry.field) == ("delete", "deleted_at")
    assert gone.delete(STAMP) == (gone, ())  # a tombstone stays as it is
    with pytest.raises(ValidationError):
        contact.edit(STAMP, customer_id=CustomerId(UUID(int=2)))  # P1: it stays on its customer


def test_p4_tagging_twice_changes_nothing() -> None:
    contact = Contact(ContactId(UUID(int=5)), CustomerId(UUID(int=1)), "Ada", "Lovelace")
    tagged, events = contact.tag(STAMP, keywords=(frozenset({"xmas"}), frozenset()))
    assert tagged.keywords == {"xmas"} and [e.action for e in events] == ["tag"]
    assert tagged.tag(STAMP, keywords=(frozenset({"xmas"}), frozenset())) == (tagged, ())


def test_s1_settling_a_sales_case_checks_the_status_state() -> None:
    settings = _settings()
    project = Project(ProjectId(UUID(int=6)), CustomerId(UUID(int=1)), 1, "Offer")
    won = usable_sales_status(settings, WON)
    after, events = project.settle(won, SalesState.WON, STAMP)
    assert (after.probability, after.is_closed, after.version) == (100, False, 2)
    assert [e.action for e in events] == ["won"]
    with pytest.raises(ValidationError):
        project.settle(won, SalesState.LOST, STAMP)
    lost, _ = project.settle(usable_sales_status(settings, LOST), SalesState.LOST, STAMP)
    assert lost.is_closed
    assert first_sales_status(settings, SalesState.IN_PROGRESS).state is SalesState.IN_PROGRESS


def test_s2_a_project_with_an_invoice_does_not_move() -> None:
    project = Project(ProjectId(UUID(int=6)), CustomerId(UUID(int=1)), 1, "Build")
    with pytest.raises(BusinessRuleError):
        project.move_to_customer(CustomerId(UUID(int=2)), STAMP, invoices=1, proposals=0)
    moved, events = project.move_to_customer(
        CustomerId(UUID(int=2)), STAMP, invoices=0, proposals=0
    )
    assert moved.customer_id == CustomerId(UUID(int=2)) and [e.action for e in events] == ["move"]


def test_t3_moving_a_task_changes_only_its_status() -> None:
    task = Task(TaskId(UUID(int=7)), ProjectId(UUID(int=6)), "Plan", TODO)
    moved, events = task.move(DONE, STAMP)
    assert [e.fields for e in events if isinstance(e, Changed)] == [["status_id"]]
    assert moved.move(DONE, STAMP) == (moved, ())


def test_s4_a_deleted_status_is_a_removal_and_a_disabled_one_a_change() -> None:
    settings = _settings()
    after, events = settings.change_status("task_statuses", OLD_COLUMN, "delete", STAMP)
    assert all(s.id != OLD_COLUMN for s in after.task_statuses)
    assert isinstance(events[0], Removed) and events[0].action == "delete"
    after, events = settings.change_status("task_statuses", DOING, "disable", STAMP)
    [entry] = audit_entries(events, counter())
    assert (entry.field, entry.before, entry.after) == ("active", True, False)
    again, none = after.change_status("task_statuses", DOING, "disable", STAMP)
    assert (again, none) == (after, ())


# -- the transaction over a real registry, with and without an audit trail ----------------------
class _WithoutAudit(ForwardingUnitOfWork):
    """A unit of work whose host keeps no audit trail."""

    @property
    def audit(self) -> Any:
        return NoAuditLog()


def test_m7_use_cases_commit_on_a_host_without_an_audit_trail() -> None:
    registry = memory_registry(ORG, _settings(ORG))
    host = attrs.evolve(registry, uow=lambda: _WithoutAudit(registry.uow()))
    customer = create_customer(host, ADMIN, CreateCustomer("Quiet Oy"))
    inactive = inactivate_customer(host, ADMIN, customer.id)
    assert get_customer(registry, ADMIN, customer.id) == inactive
    with registry.read() as uow:
        assert uow.audit.for_entity("customer", customer.id) == []


def test_m7_a_failing_use_case_leaves_no_entry() -> None:
    registry = memory_registry(ORG, _settings(ORG))
    customer = create_customer(registry, ADMIN, CreateCustomer("Loud Oy"))
    with pytest.raises(ValidationError):
        update_customer(registry, ADMIN, UpdateCustomer(customer.id, name="  "))
    with registry.read() as uow:
        assert [e.action for e in uow.audit.for_entity("customer", customer.id)] == ["create"]
