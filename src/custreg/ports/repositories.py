"""Repositories: small ports to store and load aggregates of one organisation.

Common contract (the suite in ``custreg.testing.contracts`` checks it on every adapter):
- ``get`` raises NotFoundError for an unknown id; ``add`` raises IntegrityError for a taken id.
- ``update`` of a versioned entity (Customer, Project) stores it only if its ``version`` is exactly
  one more than the stored one, else raises ConflictError and stores nothing.
- lists are ordered deterministically (customers by number, addresses by ordinal, others by id
  unless stated).
- bulk methods (``get_many``, ``update_many``, ``read_field``, ``write_field``) are set-based: a
  constant number of statements whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from custreg.domain.activity import Activity, FileLink, Note, Task
from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import (
    ActivityId,
    AddressId,
    ContactId,
    CostEntryId,
    CustomerId,
    FileLinkId,
    InvoiceId,
    InvoiceStatusId,
    NoteId,
    ProjectId,
    ProposalId,
    SalesStatusId,
    TaskId,
    TaskStatusId,
    UserId,
)
from custreg.domain.invoice import Invoice
from custreg.domain.mass_update import FieldState, FieldWrite
from custreg.domain.project import CostEntry, Project, Proposal
from custreg.domain.query import CustomerQuery, Page, PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber


class CustomerRepository(Protocol):
    """Customers of the organisation."""

    def add(self, customer: Customer, /) -> None:
        """Store a new customer (its number must not be taken: IntegrityError)."""
        ...

    def add_many(self, customers: Sequence[Customer], /) -> None:
        """Store many new customers at once (bulk import); if any id or number is taken,
        IntegrityError and none of them is stored."""
        ...

    def get(self, customer_id: CustomerId, /) -> Customer:
        """The customer with this id, or NotFoundError."""
        ...

    def get_many(self, customer_ids: Collection[CustomerId], /) -> dict[CustomerId, Customer]:
        """The customers with these ids that exist (unknown ids are simply absent)."""
        ...

    def update(self, customer: Customer, /) -> None:
        """Store a changed customer whose version is the stored version + 1 (else ConflictError)."""
        ...

    def update_many(self, customers: Sequence[Customer], /) -> None:
        """``update`` for many customers at once, all or none (ConflictError lists the first)."""
        ...

    def read_field(
        self, customer_ids: Collection[CustomerId], field: str, /
    ) -> dict[CustomerId, FieldState]:
        """The stored version and the value of one mass-updatable ``field`` (one of
        ``custreg.domain.mass_update.FIELDS``, else ValidationError) of the customers with these
        ids that exist (unknown ids are simply absent). What a mass update reads: no whole
        customers are built, and it is set-based like ``get_many``."""
        ...

    def write_field(
        self, field: str, changes: Sequence[FieldWrite], at: datetime, by: UserId | None, /
    ) -> None:
        """Set ``field`` of each customer of ``changes`` to the change's value and its version to
        ``change.version + 1``, with ``updated_at=at`` and ``updated_by=by``; nothing else of the
        customer changes (M5). All or none, set-based: NotFoundError for an unknown customer,
        ConflictError if a stored version is not ``change.version`` (or a customer is named
        twice), ValidationError for a field that is not mass-updatable."""
        ...

    def find(self, query: CustomerQuery, page: PageRequest, /) -> Page[Customer]:
        """One page of the customers matching ``query``, ordered by number."""
        ...

    def ids_matching(self, query: CustomerQuery, /) -> list[CustomerId]:
        """Ids of every customer matching ``query``, ordered by number."""
        ...

    def with_vat_number(self, vat_number: VatNumber, /) -> list[Customer]:
        """Customers having this normalised VAT number (C4 duplicate check)."""
        ...

    def with_business_id(self, business_id: BusinessId, /) -> list[Customer]:
        """Customers having this normalised business id (C4 duplicate check)."""
        ...

    def remove(self, customer_id: CustomerId, /) -> None:
        """Delete the customer with its addresses, contacts and segment links (NotFoundError if
        absent). Projects, invoices, notes, activities and files referring to it must be removed
        first, otherwise IntegrityError and nothing is deleted (U4)."""
        ...

    def next_number(self) -> CustomerNumber:
        """A customer number never handed out before in this registry (C3), even after rollback
        of the unit of work that drew it a number may be skipped but never reused."""
        ...

    def next_numbers(self, count: int, /) -> list[CustomerNumber]:
        """``count`` new numbers at once, ascending, with the guarantees of ``next_number``."""
        ...

    def reserve_number(self, number: CustomerNumber, /) -> None:
        """C3: make sure ``next_number`` never hands out ``number`` (a number a principal gave a
        customer by hand): automatic numbering continues above it if it is not already there.
        Like ``next_number``, the reservation may outlive a rollback (numbers may be skipped,
        never reused)."""
        ...

    def with_tax_ids(
        self, vat_numbers: Collection[VatNumber], business_ids: Collection[BusinessId], /
    ) -> list[Customer]:
        """Customers having any of these VAT numbers or business ids (C4 for many at once)."""
        ...


class AddressRepository(Protocol):
    """Addresses of customers."""

    def add(self, address: Address, /) -> None: ...

    def add_many(self, addresses: Sequence[Address], /) -> None:
        """Store many new addresses at once (bulk import), all or none (IntegrityError)."""
        ...

    def get(self, address_id: AddressId, /) -> Address: ...

    def update(self, address: Address, /) -> None: ...

    def remove(self, address_id: AddressId, /) -> None:
        """Delete the address (NotFoundError if absent)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Address]:
        """The customer's addresses, earliest-added first."""
        ...


class ContactRepository(Protocol):
    """Contact persons. Deleted contacts stay stored (P3) but are never listed."""

    def add(self, contact: Contact, /) -> None: ...

    def get(self, contact_id: ContactId, /) -> Contact:
        """Also returns deleted contacts, so history resolves their names (P3)."""
        ...

    def update(self, contact: Contact, /) -> None: ...

    def for_customer(
        self, customer_id: CustomerId, /, include_inactive: bool = False
    ) -> list[Contact]:
        """The customer's non-deleted contacts; inactive ones only if asked (P2)."""
        ...

    def with_keyword(self, keyword: str, /) -> list[Contact]:
        """Active, non-deleted contacts carrying ``keyword`` (P4), across all customers."""
        ...


class ProjectRepository(Protocol):
    """Projects and sales cases, their proposals and cost entries."""

    def add(self, project: Project, /) -> None: ...

    def get(self, project_id: ProjectId, /) -> Project: ...

    def update(self, project: Project, /) -> None:
        """Store a changed project whose version is stored + 1 (else ConflictError)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Project]: ...

    def next_number(self) -> int:
        """A project number never handed out before in this registry."""
        ...

    def add_proposal(self, proposal: Proposal, /) -> None: ...

    def proposals_for(self, project_id: ProjectId, /) -> list[Proposal]: ...

    def add_cost(self, entry: CostEntry, /) -> None: ...

    def costs_for(self, project_id: ProjectId, /) -> list[CostEntry]: ...

    def set_forecast(self, forecast: ProjectForecast, /) -> None:
        """Store the forecast of its project and month, replacing any there was."""
        ...

    def forecasts_for(self, project_id: ProjectId, /) -> list[ProjectForecast]:
        """The project's forecasts, earliest month first."""
        ...

    def uses_sales_status(self, status_id: SalesStatusId, /) -> bool:
        """Whether any project has this sales status now (S4)."""
        ...

    def customers_of(self, project_ids: Collection[ProjectId], /) -> dict[ProjectId, CustomerId]:
        """The customer of each of these projects that exists (unknown ids are simply absent);
        one statement whatever the number of ids."""
        ...

    def add_proposals(self, proposals: Sequence[Proposal], /) -> None:
        """Store many new proposals at once, all or none: IntegrityError for a taken id or a
        proposal of an unknown project, and none of them is stored."""
        ...

    def get_proposal(self, proposal_id: ProposalId, /) -> Proposal:
        """The proposal with this id, or NotFoundError."""
        ...

    def update_proposal(self, proposal: Proposal, /) -> None:
        """Replace a stored proposal (NotFoundError if absent)."""
        ...

    def remove_proposal(self, proposal_id: ProposalId, /) -> None:
        """Delete the proposal (NotFoundError if absent)."""
        ...

    def add_costs(self, entries: Sequence[CostEntry], /) -> None:
        """Store many new cost entries at once, all or none: IntegrityError for a taken id or an
        entry of an unknown project, and none of them is stored."""
        ...

    def get_cost(self, entry_id: CostEntryId, /) -> CostEntry:
        """The cost entry with this id, or NotFoundError."""
        ...

    def update_cost(self, entry: CostEntry, /) -> None:
        """Replace a stored cost entry (NotFoundError if absent)."""
        ...

    def remove_cost(self, entry_id: CostEntryId, /) -> None:
        """Delete the cost entry (NotFoundError if absent)."""
        ...

    def get_many(self, project_ids: Collection[ProjectId], /) -> dict[ProjectId, Project]:
        """The projects with these ids that exist (unknown ids are simply absent); set-based."""
        ...

    def update_many(self, projects: Sequence[Project], /) -> None:
        """``update`` for many projects at once, all or none: ConflictError (naming the first)
        if any stored version is not the project's version - 1, NotFoundError if one is absent;
        set-based."""
        ...


class InvoiceRepository(Protocol):
    """Invoices and credit notes."""

    def add(self, invoice: Invoice, /) -> None: ...

    def get(self, invoice_id: InvoiceId, /) -> Invoice: ...

    def update(self, invoice: Invoice, /) -> None: ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Invoice]: ...

    def for_project(self, project_id: ProjectId, /) -> list[Invoice]: ...

    def uses_status(self, status_id: InvoiceStatusId, /) -> bool:
        """Whether any invoice has this status now (S4)."""
        ...

    def add_many(self, invoices: Sequence[Invoice], /) -> None:
        """Store many new invoices with their project links at once, all or none: IntegrityError
        for a taken id or an unknown customer or project, and none of them is stored."""
        ...

    def remove(self, invoice_id: InvoiceId, /) -> None:
        """Delete the invoice and its project links (NotFoundError if absent)."""
        ...


class ActivityRepository(Protocol):
    """To-dos and calendar entries."""

    def add(self, activity: Activity, /) -> None: ...

    def get(self, activity_id: ActivityId, /) -> Activity: ...

    def update(self, activity: Activity, /) -> None: ...

    def remove(self, activity_id: ActivityId, /) -> None: ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Activity]: ...

    def for_project(self, project_id: ProjectId, /) -> list[Activity]: ...


class NoteRepository(Protocol):
    """Notes on customers and projects."""

    def add(self, note: Note, /) -> None: ...

    def get(self, note_id: NoteId, /) -> Note: ...

    def update(self, note: Note, /) -> None: ...

    def remove(self, note_id: NoteId, /) -> None: ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Note]:
        """Every note of the customer, its projects' notes included (N3)."""
        ...

    def for_project(self, project_id: ProjectId, /) -> list[Note]: ...


class TaskRepository(Protocol):
    """Project tasks (the Collaboration board)."""

    def add(self, task: Task, /) -> None: ...

    def get(self, task_id: TaskId, /) -> Task: ...

    def update(self, task: Task, /) -> None: ...

    def for_projects(self, project_ids: Collection[ProjectId], /) -> list[Task]: ...

    def uses_status(self, status_id: TaskStatusId, /) -> bool:
        """Whether any task has this status now (S4)."""
        ...


class FileLinkRepository(Protocol):
    """Metadata of files and links (file contents live in a blob store)."""

    def add(self, item: FileLink, /) -> None: ...

    def get(self, item_id: FileLinkId, /) -> FileLink: ...

    def remove(self, item_id: FileLinkId, /) -> None: ...

    def for_customer(self, customer_id: CustomerId, /) -> list[FileLink]: ...


class SettingsRepository(Protocol):
    """The organisation's settings."""

    def get(self) -> OrganisationSettings:
        """The settings (NotFoundError if the organisation was never set up)."""
        ...

    def save(self, settings: OrganisationSettings, /) -> None:
        """Replace the settings. Statuses in use may be disabled but not removed (S4)."""
        ...


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
