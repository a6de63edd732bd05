"""The audit trail's table: one row per changed field, numbered per organisation."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid

from custreg.adapters.sql.tables.base import UtcDateTime
from custreg.adapters.sql.tables.base import id_
from custreg.adapters.sql.tables.base import metadata
from custreg.adapters.sql.tables.base import organisation_fk
from custreg.adapters.sql.tables.base import organisation_id
from custreg.adapters.sql.tables.base import primary_key

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
