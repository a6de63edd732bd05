"""Report queries of the in-memory adapter: the rows of ``custreg.usecases.read_models.report_rows``
(the reference semantics of ``ReportPlan``) over a snapshot of the store."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.ids import CustomerId
from custreg.domain.reports import ReportPlan
from custreg.usecases.read_models.report_rows import ReportRow
from custreg.usecases.read_models.report_rows import identity
from custreg.usecases.read_models.report_rows import listed
from custreg.usecases.read_models.report_rows import raw_values
from custreg.usecases.read_models.report_rows import report_rows

if TYPE_CHECKING:
    from custreg.adapters.memory.store import MemoryStore

_TABLES = ("customers", "contacts", "addresses", "notes", "projects", "invoices")


class MemoryReportQueries:
    """Report queries over a MemoryStore; each call reads one consistent snapshot."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _snapshot(self) -> dict[str, Mapping[UUID, Any]]:
        # Committing swaps whole tables in, never edits a committed one: holding them is a view.
        with self._store.lock:
            return {name: self._store.tables.get(name, {}) for name in _TABLES}

    def _rows(self, plan: ReportPlan) -> list[ReportRow]:
        tables = self._snapshot()
        customers: dict[CustomerId, Customer] = {
            c.id: c for c in tables["customers"].values() if plan.customers.matches(c)
        }
        contacts: dict[CustomerId, list[Contact]] = {}
        for contact in tables["contacts"].values():
            if contact.customer_id in customers and listed(plan, contact):
                contacts.setdefault(contact.customer_id, []).append(contact)
        return report_rows(
            plan,
            customers,
            contacts,
            tables["addresses"],  # type: ignore[arg-type]
            tables["notes"].values(),
            tables["projects"],  # type: ignore[arg-type]
            tables["invoices"].values(),
        )

    def count(self, plan: ReportPlan) -> int:
        return len(self._rows(plan))

    def chunks(self, plan: ReportPlan, chunk_size: int) -> Iterator[Sequence[Sequence[Any]]]:
        rows = self._rows(plan)
        extract = raw_values(plan)
        for start in range(0, len(rows), chunk_size):
            yield [[f(row) for f in extract] for row in rows[start : start + chunk_size]]

    def identities(
        self, include_inactive: bool, chunk_size: int
    ) -> Iterator[Sequence[CustomerIdentity]]:
        customers = sorted(self._snapshot()["customers"].values(), key=lambda c: c.number.value)
        chosen = [c for c in customers if include_inactive or c.is_active]
        for start in range(0, len(chosen), chunk_size):
            yield [identity(c) for c in chosen[start : start + chunk_size]]


__all__ = ["MemoryReportQueries"]
