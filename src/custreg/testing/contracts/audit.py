"""The contract of the audit capability."""

from __future__ import annotations

import uuid
from functools import partial

import attrs
from hypothesis import strategies as st

from custreg.domain.audit import AuditEntry
from custreg.domain.ids import AuditEntryId
from custreg.ports.registry import Registry
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
    """The AuditLog port."""

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


__all__ = [
    "AuditLogContract",
]
