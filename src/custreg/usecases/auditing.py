"""Turning entity changes into audit entries (shared by every use case that writes)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from custreg.domain.audit import AuditEntry, changed_fields, render
from custreg.domain.ids import AuditEntryId
from custreg.domain.permissions import Principal
from custreg.ports.clock import IdGenerator


def change_entries(
    ids: IdGenerator,
    principal: Principal,
    at: datetime,
    action: str,
    entity: str,
    before: object | None,
    after: object | None,
    batch_id: UUID | None = None,
) -> list[AuditEntry]:
    """The audit entries of one change of one entity.

    ``before`` None: a creation, one entry on field ``*`` with ``before`` None and ``after`` the
    new entity. ``after`` None: a removal, one entry on field ``*`` with ``before`` the removed
    entity and ``after`` None. Both given: one entry per changed field."""
    if before is None and after is None:
        raise ValueError("an audit entry needs the entity before or after the change")
    if before is None or after is None:
        subject = after if before is None else before
        entity_id: UUID = subject.id  # type: ignore[attr-defined]
        return [
            AuditEntry(
                AuditEntryId(ids.new_id()), at, principal.user_id, action, entity, entity_id,
                "*", None if before is None else render(before),
                None if after is None else render(after), batch_id,
            )
        ]
    entity_id = after.id  # type: ignore[attr-defined]
    return [
        AuditEntry(
            AuditEntryId(ids.new_id()), at, principal.user_id, action, entity, entity_id, name,
            render(getattr(before, name)), render(getattr(after, name)), batch_id,
        )
        for name in changed_fields(before, after)
    ]
