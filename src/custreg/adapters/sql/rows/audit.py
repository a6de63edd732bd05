"""Audit entry rows."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import dumps
from custreg.domain.audit import AuditEntry
from custreg.domain.ids import AuditEntryId

#: The columns of an audit row, in the order ``audit_values`` gives them.
AUDIT_COLUMNS = (
    "organisation_id",
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "field",
    "before",
    "after",
    "batch_id",
)


def audit_values(organisation_id: UUID, entry: AuditEntry) -> tuple[Any, ...]:
    """An audit entry as a plain tuple in ``AUDIT_COLUMNS`` order (the bulk insert's row)."""
    return (
        organisation_id,
        entry.id,
        aware("audit", "at", entry.at),
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.field,
        dumps(entry.before),
        dumps(entry.after),
        entry.batch_id,
    )


def audit_from_row(row: Row) -> AuditEntry:
    return AuditEntry(
        id=AuditEntryId(row["id"]),
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        field=row["field"],
        before=json.loads(row["before"]),
        after=json.loads(row["after"]),
        batch_id=row["batch_id"],
    )
