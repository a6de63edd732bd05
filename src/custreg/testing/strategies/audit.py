"""Audit entries and the JSON values they hold."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from custreg.domain.audit import AuditEntry
from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import UserId
from custreg.testing.strategies.primitives import aware_datetimes
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional


def json_values() -> st.SearchStrategy[Any]:
    """JSON-native values, like the renderings stored in audit entries."""
    scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def audit_entries(
    entity_id: UUID | None = None, batch_id: UUID | None = None
) -> st.SearchStrategy[AuditEntry]:
    """Audit entries (of ``entity_id`` and ``batch_id`` when given) holding JSON values."""
    return st.builds(
        AuditEntry,
        id=ids(AuditEntryId),
        at=aware_datetimes(),
        actor=optional(ids(UserId)),
        action=st.sampled_from(["create", "update", "inactivate", "mass_update"]),
        entity=st.sampled_from(["customer", "contact", "project"]),
        entity_id=st.just(entity_id) if entity_id is not None else st.uuids(),
        field=st.sampled_from(["*", "name", "status", "owner_id"]),
        before=json_values(),
        after=json_values(),
        batch_id=st.just(batch_id) if batch_id is not None else optional(st.uuids()),
    )
