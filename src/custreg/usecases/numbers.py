"""Changing a customer's number by hand (C3): the card's header lets a principal with Edit give a
customer another number, which no other customer of the registry may hold and which automatic
numbering then never hands out."""

from __future__ import annotations

from typing import Any

from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NumberTakenError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.query import CustomerQuery
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork


def _number(value: Any) -> CustomerNumber:
    """A CustomerNumber from a number or its decimal text (as typed in a form)."""
    if isinstance(value, CustomerNumber):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            raise ValidationError("customer", "number", "must be a positive integer", value)
        value = int(text)
    return CustomerNumber(value)


def _holder(uow: UnitOfWork, number: CustomerNumber) -> Customer | None:
    """The customer holding ``number``, if any (the C6 search matches numbers exactly)."""
    found = uow.customers.ids_matching(CustomerQuery(text=str(number.value)))
    holders = [c for c in uow.customers.get_many(found).values() if c.number == number]
    return holders[0] if holders else None


def change_customer_number(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    number: CustomerNumber | int | str,
    *,
    expected_version: int | None = None,
) -> Customer:
    """C3: give the customer ``number`` (an int, its decimal text or a CustomerNumber).

    Needs Edit (PermissionDeniedError). A number that is not a positive integer of at most
    18 digits is a ValidationError on ``number``; a number another customer holds is a
    ``NumberTakenError`` (a ConflictError) naming that customer; ``expected_version`` makes a
    customer changed since it was read a ConflictError. Nothing changes on any refusal. The
    change is audited (``number`` before and after) and automatic numbering never hands out the
    new number, nor the old one, later. Giving a customer its own number changes nothing.
    """
    require(principal, CustomerPermission.EDIT, "customer", "change the number")
    wanted = _number(number)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.customers.get(customer_id)
        if expected_version is not None and expected_version != before.version:
            raise ConflictError("customer", before.id, expected_version, before.version)
        after, events = before.renumber(wanted, stamp)
        if not events:
            return before
        holder = _holder(uow, wanted)
        if holder is not None:
            raise NumberTakenError(wanted.value, holder.id)
        uow.customers.reserve_number(wanted)
        try:
            uow.customers.update(after)
        except IntegrityError:  # another writer took the number since we looked
            raise NumberTakenError(wanted.value, None) from None
        uow.commit(events)
    return after


__all__ = ["change_customer_number"]
