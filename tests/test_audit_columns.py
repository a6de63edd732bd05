"""Audit entries in columnar form (M7): ``AuditColumns`` stand for exactly the entries they hold,
a bulk write's creations go to the audit log as columns with no event or entry per row, and a log
offering only ``record`` (or refusing ``record_columns`` with ``CapabilityMissing``) gets the
same entries through ``record``, in one call per commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from itertools import pairwise
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.audit import columns_of
from custreg.domain.audit import render
from custreg.domain.audit import renderer
from custreg.domain.customer import Customer
from custreg.domain.errors import CapabilityMissing
from custreg.domain.events import CREATION_ACTIONS
from custreg.domain.events import Created
from custreg.domain.events import FieldChanged
from custreg.domain.events import FieldChanges
from custreg.domain.events import Stamp
from custreg.domain.events import audit_entries
from custreg.domain.events import creation_columns
from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import UserId
from custreg.ports.audit import record_columns
from custreg.ports.transaction import Transaction
from custreg.testing import strategies as s

AT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
STAMP = Stamp(UserId(UUID(int=7)), AT, UUID(int=99))


def counter() -> Any:
    ids = iter(range(1, 1_000_000))
    return lambda: UUID(int=next(ids))


@st.composite
def runs_of_entries(draw: st.DrawFn) -> list[AuditEntry]:
    """Entries where runs share their instant, actor, action, entity, field and batch (as a
    bulk write's do), and some neighbours differ only in one of those."""
    entries: list[AuditEntry] = []
    for entry in draw(st.lists(s.audit_entries(), max_size=8)):
        if entries and draw(st.booleans()):
            previous = entries[-1]
            entry = attrs.evolve(
                entry,
                at=previous.at,
                actor=previous.actor,
                action=previous.action,
                entity=previous.entity,
                field=previous.field,
                batch_id=previous.batch_id,
            )
        entries.append(entry)
    return entries


@given(runs_of_entries())
def test_columns_of_entries_stand_for_exactly_those_entries(entries: list[AuditEntry]) -> None:
    columns = columns_of(entries)
    assert [entry for part in columns for entry in part.entries()] == entries
    assert sum(map(len, columns)) == len(entries)
    for part, following in pairwise(columns):  # runs are maximal
        last, first = part.entries()[-1], following.entries()[0]
        shared = ("actor", "action", "entity", "field", "batch_id")
        assert part.at is not following.at or any(
            getattr(last, name) != getattr(first, name) for name in shared
        )


def test_equal_instants_in_two_time_zones_stay_apart() -> None:
    """A run shares its instant object: 12:00 UTC and 14:00 +02:00 are equal but render apart."""
    [entry] = audit_entries(
        [FieldChanged("customer", UUID(int=1), "name", "a", "b", STAMP)], counter()
    )
    elsewhere = AT.astimezone(timezone(timedelta(hours=2)))
    moved = attrs.evolve(entry, id=AuditEntryId(UUID(int=2)), at=elsewhere)
    columns = columns_of([entry, moved])
    assert len(columns) == 2
    assert [e.at.isoformat() for p in columns for e in p.entries()] == [
        AT.isoformat(),
        elsewhere.isoformat(),
    ]


@given(
    st.lists(s.customers(), max_size=5, unique_by=lambda c: c.id),
    st.sampled_from(sorted(CREATION_ACTIONS)),
    st.sampled_from([STAMP, Stamp(None, AT)]),
    st.booleans(),
)
def test_creation_columns_are_the_entries_of_the_created_events(
    customers: list[Customer], action: str, stamp: Stamp, planned: bool
) -> None:
    render_entity = renderer(Customer) if planned else render
    events = [Created("customer", c, stamp, action) for c in customers]
    expected = audit_entries(events, counter(), render_entity)
    columns = creation_columns("customer", customers, stamp, counter(), render_entity, action)
    assert columns.entries() == expected
    assert list(columns.befores) == [None] * len(customers)


@pytest.mark.parametrize("action", ["update", "remove", "delete", ""])
def test_a_creation_is_recorded_only_under_a_creation_action(action: str) -> None:
    with pytest.raises(ValueError, match="action"):
        creation_columns("customer", [], STAMP, counter(), render, action)
    log = _RecordOnly()
    with Transaction(_Uow(log), _Ids()) as tx:  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="action"):
            tx.record_created("customer", [], STAMP, action)
        tx.commit()
    assert log.calls == []


def test_columns_of_unequal_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one value per row"):
        AuditColumns(
            AT, None, "create", "customer", "*", None, [AuditEntryId(UUID(int=1))], [], [], []
        )


class _RecordOnly:
    """An audit log of a host offering only ``record``."""

    def __init__(self) -> None:
        self.calls: list[list[AuditEntry]] = []

    def record(self, entries: Sequence[AuditEntry]) -> None:
        self.calls.append(list(entries))


class _Refusing(_RecordOnly):
    """A log whose ``record_columns`` refuses, before writing anything."""

    def record_columns(self, columns: Sequence[AuditColumns]) -> None:
        raise CapabilityMissing("audit_columns")


class _Columnar(_RecordOnly):
    """A log offering ``record_columns``: keeps each call's columns."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[list[AuditColumns]] = []

    def record_columns(self, columns: Sequence[AuditColumns]) -> None:
        self.columns.append(list(columns))


class _Uow:
    def __init__(self, audit: Any) -> None:
        self.audit = audit

    def __enter__(self) -> _Uow:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass


class _Ids:
    def __init__(self) -> None:
        self.new_id = counter()


def _bulk_write(log: Any, customers: list[Customer]) -> list[Any]:
    """A status use, then the creations of ``customers``, in one transaction; its events."""
    used = FieldChanged("invoice_status", UUID(int=5), "used_by", None, "invoice 1", STAMP, "use")
    with Transaction(_Uow(log), _Ids()) as tx:  # type: ignore[arg-type]
        tx.record([used])
        tx.record_created("customer", customers, STAMP, "import", renderer(Customer))
        recorded = tx.recorded
        tx.commit()
    return recorded


@given(st.lists(s.customers(), max_size=4, unique_by=lambda c: c.id))
def test_every_log_gets_the_entries_of_the_events_in_one_call(customers: list[Customer]) -> None:
    expected_events = [
        FieldChanged("invoice_status", UUID(int=5), "used_by", None, "invoice 1", STAMP, "use"),
        *(Created("customer", c, STAMP, "import") for c in customers),
    ]
    expected = audit_entries(expected_events, counter())
    only, refusing, columnar = _RecordOnly(), _Refusing(), _Columnar()
    assert _bulk_write(only, customers) == expected_events  # ``recorded`` names every event
    _bulk_write(refusing, customers)
    _bulk_write(columnar, customers)
    assert only.calls == refusing.calls == [expected]
    assert columnar.calls == [] and len(columnar.columns) == 1
    assert [e for part in columnar.columns[0] for e in part.entries()] == expected


def test_nothing_recorded_is_no_call() -> None:
    columnar = _Columnar()
    record_columns(columnar, [])
    record_columns(columnar, [creation_columns("customer", [], STAMP, counter())])
    assert columnar.columns == [] and columnar.calls == []


_RENDERED = st.one_of(st.none(), st.text(max_size=8), st.lists(st.text(max_size=4), max_size=3))


@st.composite
def field_changes(draw: st.DrawFn) -> FieldChanges:
    """One set-based write's changes: one field of a few entities, under one stamp."""
    entity_ids = draw(st.lists(st.uuids(), max_size=5, unique=True))
    return FieldChanges(
        draw(st.sampled_from(["customer", "contact"])),
        draw(st.sampled_from(["industry_id", "status", "market_segment_ids"])),
        draw(st.sampled_from([STAMP, Stamp(None, AT)])),
        draw(st.sampled_from(["mass_update.change_status", "mass_update.undo"])),
        entity_ids,
        draw(st.lists(_RENDERED, min_size=len(entity_ids), max_size=len(entity_ids))),
        draw(st.lists(_RENDERED, min_size=len(entity_ids), max_size=len(entity_ids))),
    )


@given(field_changes())
def test_m7_field_changes_are_the_entries_of_their_events(changes: FieldChanges) -> None:
    """A mass update's changes kept as columns stand for exactly one ``FieldChanged`` each: the
    same entries, ids drawn in the same order."""
    events = changes.events()
    assert len(events) == len(changes)
    assert [(e.entity_id, e.before, e.after) for e in events] == list(
        zip(changes.entity_ids, changes.befores, changes.afters, strict=True)
    )
    assert all(
        (e.entity, e.field, e.stamp, e.action)
        == (changes.entity, changes.field, changes.stamp, changes.action)
        for e in events
    )
    assert changes.columns(counter()).entries() == audit_entries(events, counter())


def test_field_changes_of_unequal_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one before and one after per entity"):
        FieldChanges("customer", "status", STAMP, "update", [UUID(int=1)], [None], [])


@given(st.lists(field_changes(), max_size=3))
def test_m7_field_changes_reach_every_log_in_order_with_the_events_around_them(
    parts: list[FieldChanges],
) -> None:
    """Recorded between single events, each ``FieldChanges`` keeps its place: ``recorded`` and
    the entries every kind of log gets are those of the events one by one."""
    used = FieldChanged("invoice_status", UUID(int=5), "used_by", None, "invoice 1", STAMP, "use")
    expected_events = [used, *(e for part in parts for e in part.events()), used]
    expected = audit_entries(expected_events, counter())
    for log in (_RecordOnly(), _Refusing(), _Columnar()):
        with Transaction(_Uow(log), _Ids()) as tx:  # type: ignore[arg-type]
            tx.record([used, *parts])
            assert tx.recorded == expected_events[:-1]
            tx.commit([used])
        got = log.calls if not isinstance(log, _Columnar) else [
            [e for part in log.columns[0] for e in part.entries()]
        ]
        assert got == [expected]
