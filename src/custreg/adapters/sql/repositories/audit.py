"""SQL repository of the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import _Repository
from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.audit import columns_of

#: The counter numbering an organisation's audit entries (``audit_entries.seq``).
AUDIT_SEQ = "audit_seq"


class SqlAudit(_Repository):
    def record(self, entries: Sequence[AuditEntry]) -> None:
        """``record_columns`` of the entries (``columns_of``)."""
        self.record_columns(columns_of(entries))

    def record_columns(self, columns: Sequence[AuditColumns]) -> None:
        """One driver-level executemany (or COPY) of the rows, made from the columns a column at
        a time (a bulk write or a mass update writes one entry per row, so per-row objects and
        SQLAlchemy processing would dominate). Entries are numbered per organisation from its
        ``audit_seq`` counter, whose row lock (held to commit) makes the numbers follow the
        commit order."""
        count = sum(map(len, columns))
        if not count:
            return
        first = self._uow.draw(AUDIT_SEQ, count) - count + 1
        values = rows.audit_columns(self._org, columns, first)
        self._uow.insert_columns(t.audit_entries, (*rows.AUDIT_COLUMNS, "seq"), values)

    def _list(self, *where: ColumnElement[bool]) -> list[AuditEntry]:
        """Read with each distinct value converted once (``fetch_rows``): a mass update's batch
        is thousands of entries sharing their organisation, instant, actor and batch."""
        a = t.audit_entries
        found = self._uow.fetch_rows(a, (self._of_org(a), *where), a.c.seq)
        return [rows.audit_from_row(row) for row in found]

    def for_entity(self, entity: str, entity_id: UUID) -> list[AuditEntry]:
        c = t.audit_entries.c
        return self._list(c.entity == entity, c.entity_id == entity_id)

    def for_batch(self, batch_id: UUID) -> list[AuditEntry]:
        return self._list(t.audit_entries.c.batch_id == batch_id)
