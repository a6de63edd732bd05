"""The minimal capability set: base classes a host inherits to embed custreg over its own tables.

A host implements only the abstract members of ``HostUnitOfWork``, ``HostCustomerRepository``,
``HostAddressRepository`` and ``HostContactRepository`` (``MINIMAL_CAPABILITY_SET``; 20 members,
listed by ``required_members``); the base classes derive every other member of the full ports
from them (``get`` from ``get_many``, ``read_field``/``write_field`` from ``get_many`` and
``update_many``, ``ids_matching`` from ``find``...). A host overrides a derived member only where
it wants the speed of a pushdown. Every optional capability (projects, invoices, activities,
notes, tasks, files, settings as a port) raises ``CapabilityMissing`` until the host overrides
its property; the audit trail is ``NoAuditLog`` (nothing recorded, no undo) until then.
"""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from typing import Self

import attrs

from custreg.domain.address import Address
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.errors import CapabilityMissing
from custreg.domain.errors import ConflictError
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldWrite
from custreg.domain.mass_update import writable_field
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.ports.activities import ActivityRepository
from custreg.ports.activities import NoteRepository
from custreg.ports.activities import TaskRepository
from custreg.ports.audit import AuditLog
from custreg.ports.audit import NoAuditLog
from custreg.ports.customers import AddressRepository
from custreg.ports.customers import ContactRepository
from custreg.ports.customers import CustomerRepository
from custreg.ports.files import FileLinkRepository
from custreg.ports.invoices import InvoiceRepository
from custreg.ports.projects import ProjectRepository
from custreg.ports.settings import FixedSettings
from custreg.ports.settings import SettingsRepository
from custreg.ports.transaction import ForwardingUnitOfWork
from custreg.ports.unit_of_work import ExcInfo
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import UnitOfWorkFactory

#: The largest page ``ids_matching`` asks ``find`` for (``PageRequest``'s limit).
_PAGE = 10_000

#: The optional capabilities of a unit of work, by property name.
OPTIONAL_CAPABILITIES = (
    "projects",
    "invoices",
    "activities",
    "notes",
    "tasks",
    "files",
    "settings",
    "audit",
)



def field_written(
    field: str,
    changes: Sequence[FieldWrite],
    stored: Callable[[CustomerId], Customer | None],
    at: datetime,
    by: UserId | None,
) -> list[Customer]:
    """The customers of ``changes`` with ``field`` set and their version raised, as
    ``CustomerRepository.write_field`` writes them. Every change is checked against the
    customer ``stored`` returns before any is made, so the write is all or none: NotFoundError
    for a customer not stored, ConflictError for a stale version or a customer changed twice,
    ValidationError for a field that is not mass-updatable."""
    name = writable_field(field)
    seen: set[CustomerId] = set()
    currents: list[Customer] = []
    for change in changes:
        current = stored(change.customer_id)
        if current is None:
            raise NotFoundError("customer", change.customer_id)
        if current.version != change.version or change.customer_id in seen:
            raise ConflictError("customer", change.customer_id, change.version, current.version)
        seen.add(change.customer_id)
        currents.append(current)
    written: list[Customer] = []
    for change, current in zip(changes, currents, strict=True):
        values: dict[str, Any] = {name: change.value, "version": change.version + 1}
        written.append(attrs.evolve(current, updated_at=at, updated_by=by, **values))
    return written


class HostCustomerRepository(ABC):
    """Customers over a host's own storage: implement the six abstract members; the others are
    derived from them with the guarantees the ``CustomerRepository`` port states.

    Derived members cost what the members they use cost (``ids_matching`` pages through ``find``;
    ``write_field`` is one ``get_many`` and one ``update_many``). ``reserve_number`` (a number
    given by hand) and ``remove`` raise ``CapabilityMissing`` unless overridden.
    """

    @abstractmethod
    def add_many(self, customers: Sequence[Customer], /) -> None:
        """Store new customers, all or none: IntegrityError if an id or a number is taken (also
        twice within ``customers``), and none of them is stored."""

    @abstractmethod
    def get_many(self, customer_ids: Collection[CustomerId], /) -> dict[CustomerId, Customer]:
        """The customers with these ids that exist (unknown ids are simply absent)."""

    @abstractmethod
    def update_many(self, customers: Sequence[Customer], /) -> None:
        """Store changed customers, all or none: NotFoundError for an unknown one, ConflictError
        if a customer's version is not its stored version + 1 (optimistic lock)."""

    @abstractmethod
    def find(self, query: CustomerQuery, page: PageRequest, /) -> Page[Customer]:
        """One page of the customers ``query.matches``, ordered by number, with the total."""

    @abstractmethod
    def with_tax_ids(
        self, vat_numbers: Collection[VatNumber], business_ids: Collection[BusinessId], /
    ) -> list[Customer]:
        """Customers having any of these VAT numbers or business ids, ordered by number."""

    @abstractmethod
    def next_numbers(self, count: int, /) -> list[CustomerNumber]:
        """``count`` customer numbers never handed out before, ascending (C3): a number drawn in
        a unit of work that rolls back may be skipped, never reused."""

    def add(self, customer: Customer, /) -> None:
        """``add_many`` of one customer."""
        self.add_many([customer])

    def get(self, customer_id: CustomerId, /) -> Customer:
        """The customer with this id, or NotFoundError."""
        found = self.get_many([customer_id]).get(customer_id)
        if found is None:
            raise NotFoundError("customer", customer_id)
        return found

    def update(self, customer: Customer, /) -> None:
        """``update_many`` of one customer."""
        self.update_many([customer])

    def read_field(
        self, customer_ids: Collection[CustomerId], field: str, /
    ) -> dict[CustomerId, FieldState]:
        """The version and the ``field`` value of each existing customer (ValidationError for a
        field that is not mass-updatable)."""
        name = writable_field(field)
        found = self.get_many(customer_ids)
        return {cid: FieldState(c.version, getattr(c, name)) for cid, c in found.items()}

    def write_field(
        self, field: str, changes: Sequence[FieldWrite], at: datetime, by: UserId | None, /
    ) -> None:
        """Set ``field`` of each customer of ``changes``, guarded by its version, all or none
        (the guarantees of ``CustomerRepository.write_field``)."""
        stored = self.get_many([change.customer_id for change in changes])
        self.update_many(field_written(field, changes, stored.get, at, by))

    def ids_matching(self, query: CustomerQuery, /) -> list[CustomerId]:
        """Ids of every customer ``query.matches``, ordered by number (pages through ``find``)."""
        ids: list[CustomerId] = []
        while True:
            page = self.find(query, PageRequest(_PAGE, len(ids)))
            ids.extend(customer.id for customer in page.items)
            if not page.items or len(ids) >= page.total:
                return ids

    def with_vat_number(self, vat_number: VatNumber, /) -> list[Customer]:
        """Customers having this VAT number, ordered by number."""
        return [c for c in self.with_tax_ids([vat_number], []) if c.vat_number == vat_number]

    def with_business_id(self, business_id: BusinessId, /) -> list[Customer]:
        """Customers having this business id, ordered by number."""
        found = self.with_tax_ids([], [business_id])
        return [c for c in found if c.business_id == business_id]

    def next_number(self) -> CustomerNumber:
        """``next_numbers`` of one."""
        return self.next_numbers(1)[0]

    def reserve_number(self, number: CustomerNumber, /) -> None:
        """``CapabilityMissing`` unless overridden: giving a number by hand needs a numbering
        that can be moved past it."""
        raise CapabilityMissing("customer_numbers", "giving a customer number by hand")

    def remove(self, customer_id: CustomerId, /) -> None:
        """``CapabilityMissing`` unless overridden: removing customers is the host's business."""
        raise CapabilityMissing("customer_removal", "removing a customer")


class HostAddressRepository(ABC):
    """Addresses over a host's own storage: implement the five abstract members."""

    @abstractmethod
    def add(self, address: Address, /) -> None:
        """Store a new address (IntegrityError for a taken id or an unknown customer)."""

    @abstractmethod
    def get(self, address_id: AddressId, /) -> Address:
        """The address with this id, or NotFoundError."""

    @abstractmethod
    def update(self, address: Address, /) -> None:
        """Replace a stored address (NotFoundError if absent)."""

    @abstractmethod
    def remove(self, address_id: AddressId, /) -> None:
        """Delete the address (NotFoundError if absent)."""

    @abstractmethod
    def for_customer(self, customer_id: CustomerId, /) -> list[Address]:
        """The customer's addresses, ordered by ``ordinal``."""

    def add_many(self, addresses: Sequence[Address], /) -> None:
        """``add`` of each address; an IntegrityError leaves the unit of work to roll back."""
        for address in addresses:
            self.add(address)


class HostContactRepository(ABC):
    """Contact persons over a host's own storage: implement the four abstract members.
    ``with_keyword`` (P4, contacts by keyword) raises ``CapabilityMissing`` unless overridden."""

    @abstractmethod
    def add(self, contact: Contact, /) -> None:
        """Store a new contact (IntegrityError for a taken id or an unknown customer)."""

    @abstractmethod
    def get(self, contact_id: ContactId, /) -> Contact:
        """The contact with this id, deleted ones included (P3), or NotFoundError."""

    @abstractmethod
    def update(self, contact: Contact, /) -> None:
        """Replace a stored contact (NotFoundError if absent)."""

    @abstractmethod
    def for_customer(
        self, customer_id: CustomerId, /, include_inactive: bool = False
    ) -> list[Contact]:
        """The customer's contacts that are not deleted; inactive ones only if asked (P2)."""

    def with_keyword(self, keyword: str, /) -> list[Contact]:
        """``CapabilityMissing`` unless overridden: searching contacts across customers."""
        raise CapabilityMissing("contact_keywords", "finding contacts by keyword")


class HostUnitOfWork(ABC):
    """One transaction over a host's own storage: implement ``customers``, ``addresses``,
    ``contacts``, ``commit`` and ``rollback``.

    ``with uow:`` leaves by calling ``rollback()``, so whatever was not committed is forgotten;
    ``rollback()`` after ``commit()`` must therefore change nothing (true of every SQL
    transaction). The optional capabilities raise ``CapabilityMissing`` when used, except
    ``audit`` (a ``NoAuditLog``: nothing recorded, no undo); override a property to offer one.
    """

    @property
    @abstractmethod
    def customers(self) -> CustomerRepository:
        """The customers (usually a ``HostCustomerRepository``)."""

    @property
    @abstractmethod
    def addresses(self) -> AddressRepository:
        """The addresses of customers (usually a ``HostAddressRepository``)."""

    @property
    @abstractmethod
    def contacts(self) -> ContactRepository:
        """The contact persons (usually a ``HostContactRepository``)."""

    @abstractmethod
    def commit(self) -> None:
        """Make every change of this unit of work durable, atomically."""

    @abstractmethod
    def rollback(self) -> None:
        """Forget every change not committed (a no-op after ``commit``)."""

    def __enter__(self) -> Self:
        """The unit of work itself."""
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        """Roll back what was not committed; an exception propagates."""
        self.rollback()

    @property
    def projects(self) -> ProjectRepository:
        """``CapabilityMissing`` unless overridden."""
        raise CapabilityMissing("projects")

    @property
    def invoices(self) -> InvoiceRepository:
        """``CapabilityMissing`` unless overridden."""
        raise CapabilityMissing("invoices")

    @property
    def activities(self) -> ActivityRepository:
        """``CapabilityMissing`` unless overridden."""
        raise CapabilityMissing("activities")

    @property
    def notes(self) -> NoteRepository:
        """``CapabilityMissing`` unless overridden."""
        raise CapabilityMissing("notes")

    @property
    def tasks(self) -> TaskRepository:
        """``CapabilityMissing`` unless overridden."""
        raise CapabilityMissing("tasks")

    @property
    def files(self) -> FileLinkRepository:
        """``CapabilityMissing`` unless overridden."""
        raise CapabilityMissing("files")

    @property
    def settings(self) -> SettingsRepository:
        """``CapabilityMissing`` unless overridden or the registry was given fixed settings."""
        raise CapabilityMissing("settings")

    @property
    def audit(self) -> AuditLog:
        """A ``NoAuditLog`` unless overridden: nothing is recorded and nothing can be undone."""
        return NoAuditLog()


#: The base classes whose abstract members are the minimal capability set.
MINIMAL_CAPABILITY_SET: tuple[type[ABC], ...] = (
    HostUnitOfWork,
    HostCustomerRepository,
    HostAddressRepository,
    HostContactRepository,
)


def required_members() -> list[str]:
    """``Class.member`` for every member a host must implement to run the core flows (create,
    update, get, list, search customers, addresses, contacts, mass update), sorted."""
    return sorted(
        f"{base.__name__}.{name}"
        for base in MINIMAL_CAPABILITY_SET
        for name in base.__abstractmethods__
    )


def capabilities(uow: UnitOfWork) -> frozenset[str]:
    """The optional capabilities (``OPTIONAL_CAPABILITIES``) ``uow`` offers; asks each property
    once, so call it inside an open unit of work. ``NoAuditLog`` (no trail kept) and
    ``FixedSettings`` (settings that cannot be saved) are not offered capabilities."""
    offered: set[str] = set()
    for name in OPTIONAL_CAPABILITIES:
        try:
            port = getattr(uow, name)
        except CapabilityMissing:
            continue
        if not isinstance(port, NoAuditLog | FixedSettings):  # nothing kept, nothing saved
            offered.add(name)
    return frozenset(offered)


class _WithSettings(ForwardingUnitOfWork):
    """A unit of work whose ``settings`` are the fixed settings given to the registry."""

    def __init__(self, inner: UnitOfWork, settings: OrganisationSettings) -> None:
        super().__init__(inner)
        self._settings = FixedSettings(settings)

    @property
    def settings(self) -> SettingsRepository:
        return self._settings


def with_fixed_settings(
    factory: UnitOfWorkFactory, settings: OrganisationSettings
) -> UnitOfWorkFactory:
    """Units of work of ``factory`` whose ``settings`` port serves ``settings``
    (``FixedSettings``); every other port is ``factory``'s."""
    return lambda: _WithSettings(factory(), settings)
