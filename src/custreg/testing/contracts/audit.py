"""The contract of the audit capability."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial
from typing import Any

import attrs
from hypothesis import strategies as st

from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.ids import AuditEntryId
from custreg.ports.audit import record_columns
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import _record
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import offered_only
from custreg.testing.contracts._support import stored


def _about_customer(
    entry: AuditEntry, entity_id: uuid.UUID, batch_id: uuid.UUID | None
) -> AuditEntry:
    return attrs.evolve(entry, entity="customer", entity_id=entity_id, batch_id=batch_id)


@offered_only(lambda uow: uow.audit.for_batch(uuid.uuid4()))
class AuditLogContract:
    """The AuditLog port, with its optional ``record_columns`` when offered."""

    @each_example(data=st.data())
    def test_audit_for_entity_and_batch_in_recorded_order(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        entities = [uuid.uuid4(), uuid.uuid4()]
        batches = [uuid.uuid4(), None]
        rounds = data.draw(
            st.lists(
                st.lists(
                    st.builds(
                        _about_customer,
                        s.audit_entries(),
                        st.sampled_from(entities),
                        st.sampled_from(batches),
                    ),
                    max_size=3,
                ),
                max_size=3,
            )
        )
        recorded: list[AuditEntry] = []
        for entries in rounds:
            entries = [attrs.evolve(e, id=AuditEntryId(uuid.uuid4())) for e in entries]
            stored(registry, partial(_record, entries))
            recorded += entries
        with registry.uow() as uow:
            uow.audit.record(
                [attrs.evolve(recorded[0], id=AuditEntryId(uuid.uuid4()))] if recorded else []
            )
            # rolled back below: never seen
        with registry.uow() as uow:
            for entity_id in entities:
                expected = [e for e in recorded if e.entity_id == entity_id]
                assert uow.audit.for_entity("customer", entity_id) == expected
                assert uow.audit.for_entity("contact", entity_id) == []
            batch = batches[0]
            assert batch is not None
            assert uow.audit.for_batch(batch) == [e for e in recorded if e.batch_id == batch]

    @each_example(data=st.data())
    def test_audit_columns_read_back_as_the_entries_record_appends(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        """Entries given as columns (``record_columns``: the log's own member when it offers
        it, else ``record``) and entries given to ``record``, interleaved, read back by
        ``for_entity`` and ``for_batch`` as the same entries in recorded order."""
        entities = [uuid.uuid4(), uuid.uuid4()]
        batches = [uuid.uuid4(), None]
        parts = st.builds(
            _columns_about_customers,
            s.audit_entries(),
            st.lists(
                st.tuples(st.sampled_from(entities), s.json_values(), s.json_values()), max_size=3
            ),
            st.sampled_from(batches),
        )
        rounds = data.draw(
            st.lists(st.tuples(st.booleans(), st.lists(parts, max_size=3)), max_size=3)
        )
        recorded: list[AuditEntry] = []
        for as_columns, columns in rounds:
            entries = [entry for part in columns for entry in part.entries()]
            stored(
                registry, partial(_record_columns if as_columns else _record_entries_of, columns)
            )
            recorded += entries
        with registry.uow() as uow:
            again = [_fresh(part) for _, columns in rounds for part in columns]
            record_columns(uow.audit, again)
            # rolled back below: never seen
        with registry.uow() as uow:
            for entity_id in entities:
                expected = [e for e in recorded if e.entity_id == entity_id]
                assert uow.audit.for_entity("customer", entity_id) == expected
            batch = batches[0]
            assert batch is not None
            assert uow.audit.for_batch(batch) == [e for e in recorded if e.batch_id == batch]


def _record_columns(columns: Sequence[AuditColumns], uow: UnitOfWork) -> None:
    record_columns(uow.audit, columns)


def _record_entries_of(columns: Sequence[AuditColumns], uow: UnitOfWork) -> None:
    uow.audit.record([entry for part in columns for entry in part.entries()])


def _fresh(part: AuditColumns) -> AuditColumns:
    """``part`` with new entry ids."""
    return attrs.evolve(part, ids=[AuditEntryId(uuid.uuid4()) for _ in part.ids])


def _columns_about_customers(
    head: AuditEntry, rows: list[tuple[uuid.UUID, Any, Any]], batch_id: uuid.UUID | None
) -> AuditColumns:
    """Columns of ``rows`` (entity id, before, after) about customers, sharing ``head``'s
    instant, actor, action and field, each row with a fresh id."""
    return AuditColumns(
        head.at,
        head.actor,
        head.action,
        "customer",
        head.field,
        batch_id,
        [AuditEntryId(uuid.uuid4()) for _ in rows],
        [entity_id for entity_id, _, _ in rows],
        [before for _, before, _ in rows],
        [after for _, _, after in rows],
    )


__all__ = [
    "AuditLogContract",
]
