"""The default report read model: ``ReportQueries`` answered from the repositories.

Used when a registry has no ``reports`` pushdown. Each call reads one read unit of work: the
customers the plan's query accepts set-based (``ids_matching``, ``get_many``), then per customer
its addresses, contacts, notes, projects and invoices as the plan needs them, and builds the
rows with ``report_rows`` (the rows every adapter gives). It holds the whole report in memory, so
it suits registries of thousands of customers, not millions. A capability the host does not offer
is read as empty (no notes: no note rows; no invoices: no billing).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from typing import Any

from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.contact import Contact
from custreg.domain.customer import CustomerStatus
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.errors import CapabilityMissing
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import ReportPlan
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import rows_if_offered
from custreg.usecases.read_models.report_rows import ReportRow
from custreg.usecases.read_models.report_rows import identity
from custreg.usecases.read_models.report_rows import listed
from custreg.usecases.read_models.report_rows import raw_values
from custreg.usecases.read_models.report_rows import report_rows


class RepositoryReportQueries:
    """``ReportQueries`` over the units of work ``open_read`` opens (one per call)."""

    def __init__(self, open_read: Callable[[], UnitOfWork]) -> None:
        self._open = open_read

    def _rows(self, plan: ReportPlan) -> list[ReportRow]:
        with self._open() as uow:
            found = uow.customers.get_many(uow.customers.ids_matching(plan.customers))
            customers = dict(sorted(found.items(), key=lambda item: item[1].number.value))
            contacts: dict[CustomerId, list[Contact]] = {}
            addresses: dict[AddressId, Address] = {}
            notes: list[Note] = []
            projects: dict[ProjectId, Project] = {}
            invoices: list[Invoice] = []
            billing = any(c.key == "customer.billing_total" for c in plan.columns)
            for cid in customers:
                listed_contacts = [
                    c
                    for c in uow.contacts.for_customer(cid, include_inactive=True)
                    if listed(plan, c)
                ]
                if listed_contacts:
                    contacts[cid] = listed_contacts
                addresses.update((a.id, a) for a in uow.addresses.for_customer(cid))
                if plan.level not in (ReportLevel.CUSTOMERS, ReportLevel.CONTACTS):
                    notes.extend(rows_if_offered(lambda cid=cid: uow.notes.for_customer(cid)))  # type: ignore[misc]
                    own = rows_if_offered(lambda cid=cid: uow.projects.for_customer(cid))  # type: ignore[misc]
                    projects.update((p.id, p) for p in own)
                if billing:
                    invoices.extend(rows_if_offered(lambda cid=cid: uow.invoices.for_customer(cid)))  # type: ignore[misc]
            projects.update(_projects_of_notes(uow, notes, projects))
        return report_rows(plan, customers, contacts, addresses, notes, projects, invoices)

    def count(self, plan: ReportPlan, /) -> int:
        """See ``ReportQueries.count``."""
        return len(self._rows(plan))

    def chunks(self, plan: ReportPlan, chunk_size: int, /) -> Iterator[Sequence[Sequence[Any]]]:
        """See ``ReportQueries.chunks``."""
        rows = self._rows(plan)
        extract = raw_values(plan)
        for start in range(0, len(rows), chunk_size):
            yield [[f(row) for f in extract] for row in rows[start : start + chunk_size]]

    def identities(
        self, include_inactive: bool, chunk_size: int, /
    ) -> Iterator[Sequence[CustomerIdentity]]:
        """See ``ReportQueries.identities``: pages of ``find`` in number order."""
        query = CustomerQuery() if include_inactive else CustomerQuery(status=CustomerStatus.ACTIVE)
        with self._open() as uow:
            ids = uow.customers.ids_matching(query)
            for start in range(0, len(ids), chunk_size):
                found = uow.customers.get_many(ids[start : start + chunk_size])
                yield [
                    identity(found[cid]) for cid in ids[start : start + chunk_size] if cid in found
                ]


def _projects_of_notes(
    uow: UnitOfWork, notes: Iterable[Note], known: dict[ProjectId, Project]
) -> dict[ProjectId, Project]:
    """The projects notes refer to that are not among ``known`` (a note's project may have moved
    to another customer)."""
    missing = {n.project_id for n in notes if n.project_id is not None} - set(known)
    if not missing:
        return {}
    return _projects_by_id(uow, missing)


def _projects_by_id(uow: UnitOfWork, ids: set[ProjectId]) -> dict[ProjectId, Project]:
    try:
        return uow.projects.get_many(ids)
    except CapabilityMissing:
        return {}
