"""Audit entry rows."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.codec import INSTANT
from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import dumps
from custreg.domain.audit import AuditEntry

#: The entry's row: its columns in order and how ``before`` and ``after`` are kept (JSON text).
_AUDIT = RowCodec(
    "audit",
    AuditEntry,
    "id at actor action entity entity_id field before after batch_id",
    {"at": INSTANT, "before": (dumps, json.loads), "after": (dumps, json.loads)},
)

#: The columns of an audit row, in the order ``audit_values`` gives them.
AUDIT_COLUMNS = ("organisation_id", *_AUDIT.columns)


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


audit_from_row = _AUDIT.from_row
