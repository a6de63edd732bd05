"""The audit trail's table: one row per changed field, numbered per organisation."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, String, Table, Text, UniqueConstraint, Uuid

from custreg.adapters.sql.tables.base import (
    UtcDateTime,
    id_,
    metadata,
    organisation_fk,
    organisation_id,
    primary_key,
)

audit_entries = Table(
    "audit_entries",
    metadata,
    # ``seq`` numbers one organisation's entries in recorded order ("oldest first"), drawn from
    # its ``audit_seq`` counter (migration 0008): no global sequence, so the key is distributable.
    Column("seq", BigInteger, nullable=False, autoincrement=False),
    organisation_id(),
    id_(),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", Uuid),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Uuid, nullable=False),
    Column("field", String(100), nullable=False),
    Column("before", Text, nullable=False),  # JSON
    Column("after", Text, nullable=False),  # JSON
    Column("batch_id", Uuid),
    primary_key("seq"),
    organisation_fk(),
    UniqueConstraint("organisation_id", "id"),
    Index(None, "organisation_id", "entity", "entity_id", "seq"),
    Index(None, "organisation_id", "batch_id", "seq"),
)
