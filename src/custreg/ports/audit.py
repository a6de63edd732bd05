"""The audit trail: an optional capability. Without it nothing is recorded and no mass update
can be undone (``CapabilityMissing``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from custreg.domain.audit import AuditEntry
from custreg.domain.errors import CapabilityMissing


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


class NoAuditLog:
    """The audit log of a host that keeps no audit trail: ``record`` forgets the entries, and
    reading the trail (``for_entity``, ``for_batch``; so undoing a mass update too) raises
    ``CapabilityMissing("audit")``. What ``HostUnitOfWork.audit`` returns unless overridden."""

    def record(self, entries: Sequence[AuditEntry], /) -> None:
        """Forget ``entries``: there is no trail to append them to."""

    def for_entity(self, entity: str, entity_id: UUID, /) -> list[AuditEntry]:
        """Always ``CapabilityMissing``: the trail was never kept."""
        raise CapabilityMissing("audit", "reading the audit trail")

    def for_batch(self, batch_id: UUID, /) -> list[AuditEntry]:
        """Always ``CapabilityMissing``: the trail was never kept."""
        raise CapabilityMissing("audit", "reading the audit trail")
