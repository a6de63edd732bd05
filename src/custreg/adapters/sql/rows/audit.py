"""Audit entry rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.codec import INSTANT
from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import dumps
from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry

#: The entry's row: its columns in order and how ``before`` and ``after`` are kept (JSON text).
_AUDIT = RowCodec(
    "audit",
    AuditEntry,
    "id at actor action entity entity_id field before after batch_id",
    {"at": INSTANT, "before": (dumps, json.loads), "after": (dumps, json.loads)},
)

#: The columns of an audit row (``seq`` apart), in the order ``audit_columns`` gives them.
AUDIT_COLUMNS = ("organisation_id", *_AUDIT.columns)


#: The columns whose value the rows of one ``AuditColumns`` share.
_SHARED = ("at", "actor", "action", "entity", "field", "batch_id")


def audit_columns(
    organisation_id: UUID, parts: Sequence[AuditColumns], first_seq: int
) -> list[list[Any]]:
    """The audit rows of ``parts`` a column at a time, in ``AUDIT_COLUMNS`` order then ``seq``
    (numbered from ``first_seq``): what the rows of a part share is checked and repeated, not
    built per row, and only ``before`` and ``after`` are written (JSON text) per row."""
    columns: dict[str, list[Any]] = {name: [] for name in (*AUDIT_COLUMNS, "seq")}
    for part in parts:
        rows = len(part)
        aware("audit", "at", part.at)
        for name in _SHARED:
            columns[name] += [getattr(part, name)] * rows
        columns["id"] += part.ids
        columns["entity_id"] += part.entity_ids
        columns["before"] += _json_column(part.befores)
        columns["after"] += _json_column(part.afters)
    total = len(columns["id"])
    columns["organisation_id"] = [organisation_id] * total
    columns["seq"] = list(range(first_seq, first_seq + total))
    return list(columns.values())


def _json_column(values: Sequence[Any]) -> list[str]:
    """``dumps`` of each value; a column of None only (the ``before`` of creations) at once."""
    if all(value is None for value in values):
        return ["null"] * len(values)
    return list(map(dumps, values))


audit_from_row = _AUDIT.from_row
