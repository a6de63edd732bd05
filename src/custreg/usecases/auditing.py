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
    after: object,
    batch_id: UUID | None = None,
) -> list[AuditEntry]:
    """One entry per changed field between ``before`` and ``after`` (``before`` None: creation)."""
    entity_id: UUID = after.id  # type: ignore[attr-defined]
    if before is None:
        return [
            AuditEntry(
                AuditEntryId(ids.new_id()), at, principal.user_id, action, entity, entity_id,
                "*", None, render(after), batch_id,
            )
        ]
    return [
        AuditEntry(
            AuditEntryId(ids.new_id()), at, principal.user_id, action, entity, entity_id, name,
            render(getattr(before, name)), render(getattr(after, name)), batch_id,
        )
        for name in changed_fields(before, after)
    ]
