"""The audit trail: an optional capability. Without it nothing is recorded and no mass update
can be undone (``CapabilityMissing``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from custreg.domain.audit import AuditEntry


class AuditLog(Protocol):
    """Append-only record of changes (M7)."""

    def record(self, entries: Sequence[AuditEntry], /) -> None:
        """Append entries, in the same transaction as the change they describe."""
        ...

    def for_entity(self, entity: str, entity_id: UUID, /) -> list[AuditEntry]:
        """Entries about one entity, oldest first."""
        ...

    def for_batch(self, batch_id: UUID, /) -> list[AuditEntry]:
        """Entries of one operation (e.g. one mass update), in recorded order."""
        ...
