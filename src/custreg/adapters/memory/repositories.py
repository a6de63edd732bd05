"""Repositories of the in-memory adapter, one small class per port over a shared table base."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import TypeVar
from uuid import UUID
from uuid import uuid5

from custreg.domain.activity import Activity
from custreg.domain.activity import FileLink
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldWrite
from custreg.domain.mass_update import writable_field
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.ports.host import field_written

if TYPE_CHECKING:
    from custreg.adapters.memory.store import MemoryUnitOfWork

E = TypeVar("E")


def forecast_key(forecast: ProjectForecast) -> UUID:
    """Forecasts are keyed by project and month; the table keys them by a UUID made of both."""
    return uuid5(forecast.project_id, forecast.month.isoformat())


class _Table(Generic[E]):
    """add/get/update/remove over one table of the unit of work."""

    table = ""
    entity = ""
    versioned = False

    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    def _rows(self) -> Iterable[E]:
        return self._uow.read(self.table).values()

    def _where(
        self, predicate: Callable[[E], bool], key: Callable[[E], Any] | None = None
    ) -> list[E]:
        rows = [row for row in self._rows() if predicate(row)]
        rows.sort(key=key or (lambda row: row.id))  # type: ignore[attr-defined]
        return rows

    def add(self, item: E) -> None:
        item_id = item.id  # type: ignore[attr-defined]
        if item_id in self._uow.read(self.table):
            raise IntegrityError(f"{self.entity} {item_id} already exists", self.entity, "id")
        self._uow.write(self.table)[item_id] = item

    def get(self, item_id: Any) -> E:
        try:
            row: E = self._uow.read(self.table)[item_id]
        except KeyError:
            raise NotFoundError(self.entity, item_id) from None
        return row

    def update(self, item: E) -> None:
        self._check_version(item)
        self._uow.write(self.table)[item.id] = item  # type: ignore[attr-defined]

    def _check_version(self, item: E) -> None:
        stored = self.get(item.id)  # type: ignore[attr-defined]
        if self.versioned and item.version != stored.version + 1:  # type: ignore[attr-defined]
            raise ConflictError(
                self.entity,
                item.id,  # type: ignore[attr-defined]
                item.version - 1,  # type: ignore[attr-defined]
                stored.version,  # type: ignore[attr-defined]
            )

    def remove(self, item_id: Any) -> None:
        self.get(item_id)
        del self._uow.write(self.table)[item_id]


class MemoryCustomers(_Table[Customer]):
    table, entity, versioned = "customers", "customer", True

    def remove(self, customer_id: CustomerId) -> None:
        self.get(customer_id)
        for name in ("projects", "invoices", "notes", "activities", "files"):
            if any(r.customer_id == customer_id for r in self._uow.read(name).values()):
                reason = f"customer {customer_id} is still referred to by {name}"
                raise IntegrityError(reason, "customer", "id")
        for name in ("addresses", "contacts"):  # deleted with it, as a cascading foreign key
            doomed = [k for k, r in self._uow.read(name).items() if r.customer_id == customer_id]
            if doomed:
                table = self._uow.write(name)
                for key in doomed:
                    del table[key]
        del self._uow.write(self.table)[customer_id]

    def add(self, customer: Customer) -> None:
        if any(c.number == customer.number for c in self._rows()):
            raise IntegrityError(
                f"customer number {customer.number} is taken", "customer", "number"
            )
        super().add(customer)

    def add_many(self, customers: Sequence[Customer]) -> None:
        ids = set(self._uow.read(self.table))
        numbers = {c.number for c in self._rows()}
        for customer in customers:
            if customer.id in ids:
                raise IntegrityError(f"customer {customer.id} already exists", "customer", "id")
            if customer.number in numbers:
                taken = f"customer number {customer.number} is taken"
                raise IntegrityError(taken, "customer", "number")
            ids.add(customer.id)
            numbers.add(customer.number)
        table = self._uow.write(self.table)
        for customer in customers:
            table[customer.id] = customer

    def get_many(self, customer_ids: Collection[CustomerId]) -> dict[CustomerId, Customer]:
        table = self._uow.read(self.table)
        return {cid: table[cid] for cid in customer_ids if cid in table}

    def update_many(self, customers: Sequence[Customer]) -> None:
        for customer in customers:
            self._check_version(customer)
        table = self._uow.write(self.table)
        for customer in customers:
            table[customer.id] = customer

    def read_field(
        self, customer_ids: Collection[CustomerId], field: str
    ) -> dict[CustomerId, FieldState]:
        name = writable_field(field)
        table = self._uow.read(self.table)
        return {
            cid: FieldState(customer.version, getattr(customer, name))
            for cid in customer_ids
            if (customer := table.get(cid)) is not None
        }

    def write_field(
        self, field: str, changes: Sequence[FieldWrite], at: datetime, by: UserId | None
    ) -> None:
        customers = field_written(field, changes, self._uow.read(self.table).get, at, by)
        written = self._uow.write(self.table)  # after every check: all or none
        for customer in customers:
            written[customer.id] = customer

    def _matching(self, query: CustomerQuery) -> list[Customer]:
        return self._where(query.matches, key=lambda c: c.number.value)

    def find(self, query: CustomerQuery, page: PageRequest) -> Page[Customer]:
        rows = self._matching(query)
        items = rows[page.offset : page.offset + page.limit]
        return Page(items=items, total=len(rows), offset=page.offset, limit=page.limit)

    def ids_matching(self, query: CustomerQuery) -> list[CustomerId]:
        return [c.id for c in self._matching(query)]

    def with_vat_number(self, vat_number: VatNumber) -> list[Customer]:
        return self._where(lambda c: c.vat_number == vat_number, key=lambda c: c.number.value)

    def with_business_id(self, business_id: BusinessId) -> list[Customer]:
        return self._where(lambda c: c.business_id == business_id, key=lambda c: c.number.value)

    def next_number(self) -> CustomerNumber:
        return CustomerNumber(self._uow.next_value("customer_number"))

    def next_numbers(self, count: int) -> list[CustomerNumber]:
        return [self.next_number() for _ in range(count)]

    def reserve_number(self, number: CustomerNumber) -> None:
        self._uow.reserve_value("customer_number", number.value)

    def with_tax_ids(
        self, vat_numbers: Collection[VatNumber], business_ids: Collection[BusinessId]
    ) -> list[Customer]:
        vats, ids = set(vat_numbers), set(business_ids)
        return self._where(
            lambda c: c.vat_number in vats or c.business_id in ids, key=lambda c: c.number.value
        )


class MemoryAddresses(_Table[Address]):
    table, entity = "addresses", "address"

    def add_many(self, addresses: Sequence[Address]) -> None:
        stored = self._uow.read(self.table)
        if len({a.id for a in addresses} | set(stored)) != len(addresses) + len(stored):
            raise IntegrityError("an address id is taken", "address", "id")
        table = self._uow.write(self.table)
        for address in addresses:
            table[address.id] = address

    def for_customer(self, customer_id: CustomerId) -> list[Address]:
        return self._where(lambda a: a.customer_id == customer_id, key=lambda a: a.ordinal)


class MemoryContacts(_Table[Contact]):
    table, entity = "contacts", "contact"

    def for_customer(
        self, customer_id: CustomerId, include_inactive: bool = False
    ) -> list[Contact]:
        return self._where(
            lambda c: (
                c.customer_id == customer_id and not c.is_deleted and (c.active or include_inactive)
            ),
            key=lambda c: (c.last_name.casefold(), c.first_name.casefold(), c.id),
        )

    def with_keyword(self, keyword: str) -> list[Contact]:
        wanted = keyword.strip()
        return self._where(lambda c: c.active and not c.is_deleted and wanted in c.keywords)


class MemoryProjects(_Table[Project]):
    table, entity, versioned = "projects", "project", True

    def for_customer(self, customer_id: CustomerId) -> list[Project]:
        return self._where(lambda p: p.customer_id == customer_id, key=lambda p: p.number)

    def next_number(self) -> int:
        return self._uow.next_value("project_number")

    def add_proposal(self, proposal: Proposal) -> None:
        self.get(proposal.project_id)
        _Proposals(self._uow).add(proposal)

    def proposals_for(self, project_id: ProjectId) -> list[Proposal]:
        return _Proposals(self._uow)._where(lambda p: p.project_id == project_id)

    def add_cost(self, entry: CostEntry) -> None:
        self.get(entry.project_id)
        _Costs(self._uow).add(entry)

    def costs_for(self, project_id: ProjectId) -> list[CostEntry]:
        return _Costs(self._uow)._where(lambda e: e.project_id == project_id)

    def set_forecast(self, forecast: ProjectForecast) -> None:
        self.get(forecast.project_id)
        self._uow.write("forecasts")[forecast_key(forecast)] = forecast

    def forecasts_for(self, project_id: ProjectId) -> list[ProjectForecast]:
        rows = [f for f in self._uow.read("forecasts").values() if f.project_id == project_id]
        return sorted(rows, key=lambda f: f.month)

    def uses_sales_status(self, status_id: SalesStatusId) -> bool:
        return any(p.sales_status_id == status_id for p in self._rows())

    def customers_of(self, project_ids: Collection[ProjectId]) -> dict[ProjectId, CustomerId]:
        table = self._uow.read(self.table)
        return {p: table[p].customer_id for p in project_ids if p in table}

    def _add_children(self, table: _Table[Any], items: Sequence[Any]) -> None:
        """All or none: every id new and unique, every project stored (as the foreign key)."""
        projects = self._uow.read(self.table)
        stored = self._uow.read(table.table)
        seen: set[UUID] = set()
        for item in items:
            if item.id in stored or item.id in seen:
                raise IntegrityError(f"{table.entity} {item.id} already exists", table.entity, "id")
            if item.project_id not in projects:
                reason = f"{table.entity} {item.id} refers to no stored project"
                raise IntegrityError(reason, table.entity, "project_id")
            seen.add(item.id)
        if items:
            rows = self._uow.write(table.table)
            for item in items:
                rows[item.id] = item

    def add_proposals(self, proposals: Sequence[Proposal]) -> None:
        self._add_children(_Proposals(self._uow), proposals)

    def get_proposal(self, proposal_id: ProposalId) -> Proposal:
        return _Proposals(self._uow).get(proposal_id)

    def update_proposal(self, proposal: Proposal) -> None:
        _Proposals(self._uow).update(proposal)

    def remove_proposal(self, proposal_id: ProposalId) -> None:
        _Proposals(self._uow).remove(proposal_id)

    def add_costs(self, entries: Sequence[CostEntry]) -> None:
        self._add_children(_Costs(self._uow), entries)

    def get_cost(self, entry_id: CostEntryId) -> CostEntry:
        return _Costs(self._uow).get(entry_id)

    def update_cost(self, entry: CostEntry) -> None:
        _Costs(self._uow).update(entry)

    def remove_cost(self, entry_id: CostEntryId) -> None:
        _Costs(self._uow).remove(entry_id)

    def get_many(self, project_ids: Collection[ProjectId]) -> dict[ProjectId, Project]:
        table = self._uow.read(self.table)
        return {p: table[p] for p in project_ids if p in table}

    def update_many(self, projects: Sequence[Project]) -> None:
        seen: set[UUID] = set()
        for project in projects:
            self._check_version(project)
            if project.id in seen:
                raise ConflictError("project", project.id, project.version - 1, project.version)
            seen.add(project.id)
        if projects:
            table = self._uow.write(self.table)
            for project in projects:
                table[project.id] = project


class _Proposals(_Table[Proposal]):
    table, entity = "proposals", "proposal"


class _Costs(_Table[CostEntry]):
    table, entity = "cost_entries", "cost_entry"


class MemoryInvoices(_Table[Invoice]):
    table, entity = "invoices", "invoice"

    def for_customer(self, customer_id: CustomerId) -> list[Invoice]:
        return self._where(lambda i: i.customer_id == customer_id, key=lambda i: (i.on, i.id))

    def for_project(self, project_id: ProjectId) -> list[Invoice]:
        return self._where(lambda i: project_id in i.project_ids, key=lambda i: (i.on, i.id))

    def uses_status(self, status_id: InvoiceStatusId) -> bool:
        return any(i.status_id == status_id for i in self._rows())

    def add_many(self, invoices: Sequence[Invoice]) -> None:
        stored = self._uow.read(self.table)
        customers, projects = self._uow.read("customers"), self._uow.read("projects")
        seen: set[UUID] = set()
        for invoice in invoices:
            if invoice.id in stored or invoice.id in seen:
                raise IntegrityError(f"invoice {invoice.id} already exists", "invoice", "id")
            if invoice.customer_id not in customers:
                reason = f"invoice {invoice.id} refers to no stored customer"
                raise IntegrityError(reason, "invoice", "customer_id")
            if not invoice.project_ids <= projects.keys():
                reason = f"invoice {invoice.id} refers to a project that is not stored"
                raise IntegrityError(reason, "invoice", "project_ids")
            seen.add(invoice.id)
        if invoices:
            table = self._uow.write(self.table)
            for invoice in invoices:
                table[invoice.id] = invoice

    def remove(self, invoice_id: InvoiceId) -> None:
        super().remove(invoice_id)


class MemoryActivities(_Table[Activity]):
    table, entity = "activities", "activity"

    def for_customer(self, customer_id: CustomerId) -> list[Activity]:
        return self._where(lambda a: a.customer_id == customer_id)

    def for_project(self, project_id: ProjectId) -> list[Activity]:
        return self._where(lambda a: a.project_id == project_id)


class MemoryNotes(_Table[Note]):
    table, entity = "notes", "note"

    def for_customer(self, customer_id: CustomerId) -> list[Note]:
        return self._where(
            lambda n: n.customer_id == customer_id, key=lambda n: (n.created_at, n.id)
        )

    def for_project(self, project_id: ProjectId) -> list[Note]:
        return self._where(lambda n: n.project_id == project_id, key=lambda n: (n.created_at, n.id))


class MemoryTasks(_Table[Task]):
    table, entity = "tasks", "task"

    def for_projects(self, project_ids: Collection[ProjectId]) -> list[Task]:
        wanted = set(project_ids)
        return self._where(lambda t: t.project_id in wanted)

    def uses_status(self, status_id: TaskStatusId) -> bool:
        return any(t.status_id == status_id for t in self._rows())


class MemoryFiles(_Table[FileLink]):
    table, entity = "files", "file"

    def for_customer(self, customer_id: CustomerId) -> list[FileLink]:
        return self._where(
            lambda f: f.customer_id == customer_id, key=lambda f: (f.created_at, f.id)
        )


class MemorySettings:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    def get(self) -> OrganisationSettings:
        settings = self._uow.current_settings()
        if settings is None:
            raise NotFoundError("settings", "organisation")
        return settings

    def save(self, settings: OrganisationSettings) -> None:
        self._uow.stage_settings(settings)


class MemoryAudit:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    def record(self, entries: Sequence[AuditEntry]) -> None:
        self._uow.stage_audit(list(entries))

    def record_columns(self, columns: Sequence[AuditColumns]) -> None:
        """The entries of ``columns``, staged as ``record`` stages them."""
        self._uow.stage_audit([entry for part in columns for entry in part.entries()])

    def for_entity(self, entity: str, entity_id: UUID) -> list[AuditEntry]:
        return [
            e for e in self._uow.audit_entries() if e.entity == entity and e.entity_id == entity_id
        ]

    def for_batch(self, batch_id: UUID) -> list[AuditEntry]:
        return [e for e in self._uow.audit_entries() if e.batch_id == batch_id]
