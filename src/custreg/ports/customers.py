"""Customers, their addresses and their contact persons: the capability every host offers."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from custreg.domain.address import Address
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldWrite
from custreg.domain.values import CustomerNumber
from custreg.ports.search import CustomerSearch


class CustomerRepository(CustomerSearch, Protocol):
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

    def add(self, address: Address, /) -> None:
        """Store a new address (IntegrityError for a taken id or an unknown customer)."""
        ...

    def add_many(self, addresses: Sequence[Address], /) -> None:
        """Store many new addresses at once (bulk import), all or none (IntegrityError)."""
        ...

    def get(self, address_id: AddressId, /) -> Address:
        """The address with this id, or NotFoundError."""
        ...

    def update(self, address: Address, /) -> None:
        """Replace a stored address (NotFoundError if absent); nothing else changes."""
        ...

    def remove(self, address_id: AddressId, /) -> None:
        """Delete the address (NotFoundError if absent)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Address]:
        """The customer's addresses, earliest-added first."""
        ...


class ContactRepository(Protocol):
    """Contact persons. Deleted contacts stay stored (P3) but are never listed."""

    def add(self, contact: Contact, /) -> None:
        """Store a new contact (IntegrityError for a taken id or an unknown customer)."""
        ...

    def get(self, contact_id: ContactId, /) -> Contact:
        """Also returns deleted contacts, so history resolves their names (P3)."""
        ...

    def update(self, contact: Contact, /) -> None:
        """Replace a stored contact (NotFoundError if absent); deleting is an update setting its
        deletion mark (P3)."""
        ...

    def for_customer(
        self, customer_id: CustomerId, /, include_inactive: bool = False
    ) -> list[Contact]:
        """The customer's non-deleted contacts; inactive ones only if asked (P2)."""
        ...

    def with_keyword(self, keyword: str, /) -> list[Contact]:
        """Active, non-deleted contacts carrying ``keyword`` (P4), across all customers."""
        ...
