"""The in-memory store and its unit of work.

Isolation: one unit of work at a time per store (a re-entrant lock held from ``__enter__`` to
``__exit__``), like SQLite's single writer. Atomicity: a unit of work writes into copies of the
tables it touches; ``commit`` swaps them in, anything else drops them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import TYPE_CHECKING
from typing import Any
from typing import Self
from uuid import UUID

from custreg.adapters.memory import repositories as repos
from custreg.domain.audit import AuditEntry
from custreg.domain.errors import StorageError
from custreg.domain.settings import OrganisationSettings
from custreg.ports.unit_of_work import ExcInfo

if TYPE_CHECKING:
    pass


class MemoryStore:
    """All data of one organisation, held in memory."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables: dict[str, dict[UUID, Any]] = defaultdict(dict)
        self.counters: dict[str, int] = defaultdict(int)
        self.settings: OrganisationSettings | None = None
        self.audit: list[AuditEntry] = []

    def next_value(self, sequence: str) -> int:
        """Draw from a sequence; never rolled back, so numbers are never reused (C3)."""
        with self.lock:
            self.counters[sequence] += 1
            return self.counters[sequence]

    def reserve_value(self, sequence: str, value: int) -> None:
        """Move a sequence to at least ``value`` (never back); never rolled back either."""
        with self.lock:
            self.counters[sequence] = max(self.counters[sequence], value)


class MemoryUnitOfWork:
    """A transaction over a MemoryStore."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._active = False
        self._written: dict[str, dict[UUID, Any]] = {}
        self._settings: OrganisationSettings | None = None
        self._audit: list[AuditEntry] = []
        self.customers = repos.MemoryCustomers(self)
        self.addresses = repos.MemoryAddresses(self)
        self.contacts = repos.MemoryContacts(self)
        self.projects = repos.MemoryProjects(self)
        self.invoices = repos.MemoryInvoices(self)
        self.activities = repos.MemoryActivities(self)
        self.notes = repos.MemoryNotes(self)
        self.tasks = repos.MemoryTasks(self)
        self.files = repos.MemoryFiles(self)
        self.settings = repos.MemorySettings(self)
        self.audit = repos.MemoryAudit(self)

    # -- transaction -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        self._store.lock.acquire()
        self._active = True
        self._reset()
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        try:
            self.rollback()
        finally:
            self._active = False
            self._store.lock.release()

    def commit(self) -> None:
        self._check_active()
        store = self._store
        for name, table in self._written.items():
            store.tables[name] = table
        if self._settings is not None:
            store.settings = self._settings
        store.audit.extend(self._audit)
        self._reset()

    def rollback(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._written = {}
        self._settings = None
        self._audit = []

    def _check_active(self) -> None:
        if not self._active:
            raise StorageError("the unit of work is used outside its 'with' block")

    # -- access for repositories ---------------------------------------------------------------
    def read(self, name: str) -> dict[UUID, Any]:
        """The table as this transaction sees it (do not mutate)."""
        self._check_active()
        written = self._written.get(name)
        return written if written is not None else self._store.tables[name]

    def write(self, name: str) -> dict[UUID, Any]:
        """A private copy of the table, swapped into the store on commit."""
        self._check_active()
        table = self._written.get(name)
        if table is None:
            table = dict(self._store.tables[name])
            self._written[name] = table
        return table

    def next_value(self, sequence: str) -> int:
        self._check_active()
        return self._store.next_value(sequence)

    def reserve_value(self, sequence: str, value: int) -> None:
        self._check_active()
        self._store.reserve_value(sequence, value)

    def current_settings(self) -> OrganisationSettings | None:
        self._check_active()
        return self._settings if self._settings is not None else self._store.settings

    def stage_settings(self, settings: OrganisationSettings) -> None:
        self._check_active()
        self._settings = settings

    def audit_entries(self) -> list[AuditEntry]:
        self._check_active()
        return [*self._store.audit, *self._audit]

    def stage_audit(self, entries: list[AuditEntry]) -> None:
        self._check_active()
        self._audit.extend(entries)
