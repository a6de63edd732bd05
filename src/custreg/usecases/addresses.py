"""Address use cases with the headquarters rules A1-A4."""

from __future__ import annotations

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.address import headquarters_after_adding
from custreg.domain.address import headquarters_after_removal
from custreg.domain.customer import Customer
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import Principal
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.usecases.commands import NewAddress
from custreg.usecases.writes import customer_rows
from custreg.usecases.writes import writing


def _save_customer(
    uow: Transaction, stamp: Stamp, before: Customer, hq: AddressId | None
) -> Customer:
    """Store the customer with a new headquarters (if it changed) and record the change."""
    after, events = before.move_headquarters(hq, stamp)
    if events:
        uow.customers.update(after)
        uow.record(events)
    return after


def add_address(
    registry: Registry, principal: Principal, customer_id: CustomerId, new: NewAddress
) -> Address:
    """Add an address; the first one becomes the headquarters (A1)."""
    with writing(registry, principal, "address", "add") as (uow, stamp):
        customer = uow.customers.get(customer_id)
        existing = uow.addresses.for_customer(customer_id)
        address = Address(
            id=AddressId(registry.ids.new_id()),
            customer_id=customer_id,
            country=new.country,
            lines=new.lines,
            postal_code=new.postal_code,
            city=new.city,
            kinds=new.kinds or frozenset({AddressKind.VISITING}),
            ordinal=max((a.ordinal for a in existing), default=0) + 1,
        )
        uow.addresses.add(address)
        uow.record([address.added(stamp)])
        hq = headquarters_after_adding(customer.headquarters_address_id, address.id)
        _save_customer(uow, stamp, customer, hq)
        uow.commit()
    return address


def update_address(
    registry: Registry, principal: Principal, address_id: AddressId, new: NewAddress
) -> Address:
    """Replace the fields of an address; it stays the headquarters if it was."""
    with writing(registry, principal, "address", "update") as (uow, stamp):
        current = uow.addresses.get(address_id)
        updated, events = current.edit(
            stamp, new.country, new.lines, new.postal_code, new.city, new.kinds
        )
        return uow.commit_change(uow.addresses.update, updated, events)


def remove_address(registry: Registry, principal: Principal, address_id: AddressId) -> None:
    """Remove an address; if it was the headquarters, the earliest-added remaining one is (A4)."""
    with writing(registry, principal, "address", "remove") as (uow, stamp):
        address = uow.addresses.get(address_id)
        customer = uow.customers.get(address.customer_id)
        for contact in uow.contacts.for_customer(customer.id, include_inactive=True):
            if contact.address_id == address_id:
                unlinked, events = contact.unlink_address(stamp)
                uow.contacts.update(unlinked)
                uow.record(events)
        uow.addresses.remove(address_id)
        uow.record([address.removed(stamp)])
        remaining = uow.addresses.for_customer(customer.id)
        hq = headquarters_after_removal(customer.headquarters_address_id, address_id, remaining)
        _save_customer(uow, stamp, customer, hq)
        uow.commit()


def set_headquarters(
    registry: Registry, principal: Principal, customer_id: CustomerId, address_id: AddressId
) -> Customer:
    """Make one of the customer's own addresses its headquarters (A2, A3)."""
    with writing(registry, principal, "customer", "change headquarters") as (uow, stamp):
        customer = uow.customers.get(customer_id)
        address = uow.addresses.get(address_id)
        if address.customer_id != customer_id:
            raise ValidationError(
                "customer",
                "headquarters_address_id",
                "is an address of another customer",
                address_id,
            )
        after = _save_customer(uow, stamp, customer, address_id)
        uow.commit()
    return after


def list_addresses(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> list[Address]:
    """The customer's addresses, earliest-added first."""
    return customer_rows(registry, principal, "address", customer_id, lambda uow: uow.addresses)
