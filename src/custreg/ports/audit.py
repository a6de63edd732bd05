"""The audit trail: an optional capability. Without it nothing is recorded and no mass update
can be undone (``CapabilityMissing``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.errors import CapabilityMissing


class AuditLog(Protocol):
    """Append-only record of changes (M7).

    A log may also offer ``record_columns`` (see ``ColumnarAuditLog``), an optional member:
    custreg writes a bulk operation's entries through it when offered, and through ``record``
    otherwise (``record_columns`` below)."""

    def record(self, entries: Sequence[AuditEntry], /) -> None:
        """Append entries, in the same transaction as the change they describe."""
        ...

    def for_entity(self, entity: str, entity_id: UUID, /) -> list[AuditEntry]:
        """Entries about one entity, oldest first."""
        ...

    def for_batch(self, batch_id: UUID, /) -> list[AuditEntry]:
        """Entries of one operation (e.g. one mass update), in recorded order."""
        ...


class ColumnarAuditLog(AuditLog, Protocol):
    """An ``AuditLog`` offering the optional member ``record_columns``: entries given a column at
    a time, so a storage can write a bulk operation's rows (one executemany, one COPY) without one
    ``AuditEntry`` object per row."""

    def record_columns(self, columns: Sequence[AuditColumns], /) -> None:
        """Append the entries of ``columns`` (``AuditColumns.entries``, in order) exactly as
        ``record`` appends them: the same entries are read back by ``for_entity`` and
        ``for_batch``. A log that cannot may raise ``CapabilityMissing`` before writing
        anything; custreg then writes the entries through ``record``."""
        ...


def record_columns(log: AuditLog, columns: Sequence[AuditColumns]) -> None:
    """Append the entries of ``columns`` to ``log``, in order: through ``log.record_columns``
    when the log offers it, else (no such member, or it raised ``CapabilityMissing``) through
    ``record`` of the entries, in one call either way."""
    if not any(columns):
        return
    write = getattr(log, "record_columns", None)
    if write is not None:
        try:
            write(columns)
            return
        except CapabilityMissing:
            pass
    log.record([entry for part in columns for entry in part.entries()])


class NoAuditLog:
    """The audit log of a host that keeps no audit trail: ``record`` and ``record_columns``
    forget the entries, and reading the trail (``for_entity``, ``for_batch``; so undoing a mass
    update too) raises ``CapabilityMissing("audit")``. What ``HostUnitOfWork.audit`` returns
    unless overridden."""

    def record(self, entries: Sequence[AuditEntry], /) -> None:
        """Forget ``entries``: there is no trail to append them to."""

    def record_columns(self, columns: Sequence[AuditColumns], /) -> None:
        """Forget ``columns``: there is no trail to append them to."""

    def for_entity(self, entity: str, entity_id: UUID, /) -> list[AuditEntry]:
        """Always ``CapabilityMissing``: the trail was never kept."""
        raise CapabilityMissing("audit", "reading the audit trail")

    def for_batch(self, batch_id: UUID, /) -> list[AuditEntry]:
        """Always ``CapabilityMissing``: the trail was never kept."""
        raise CapabilityMissing("audit", "reading the audit trail")
