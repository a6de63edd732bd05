"""C7: a customer's e-invoicing addresses: add one, remove one, choose the default.

Each use case needs Edit, takes the customer version the caller read (``expected_version``:
a ConflictError if the customer changed since; None: any), validates before it writes (a
ValidationError on field ``einvoice_addresses`` and nothing changed), and records one audit
entry on ``einvoice_addresses`` with its own action (``einvoice_add``, ``einvoice_remove``,
``einvoice_default``). A change that changes nothing writes nothing and audits nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from typing import Any

import attrs

from custreg.domain.customer import Customer
from custreg.domain.einvoice import MAX_EINVOICE_ADDRESSES
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.einvoice import address_key
from custreg.domain.errors import ConflictError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import Principal
from custreg.ports.registry import Registry
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.writes import writing

_FIELD = "einvoice_addresses"

#: The audit action of each e-invoicing change.
ADD_ACTION = "einvoice_add"
REMOVE_ACTION = "einvoice_remove"
DEFAULT_ACTION = "einvoice_default"


def einvoice_entry(raw: Any, position: int = 1) -> EInvoiceAddress:
    """One typed e-invoicing address (NewEInvoice) checked, or a ValidationError on field
    ``einvoice_addresses`` saying which entry and which part is wrong."""
    if not isinstance(raw, NewEInvoice):
        raise ValidationError(
            "customer", _FIELD, f"entry {position} is not an address with an operator", raw
        )
    try:
        return EInvoiceAddress(raw.address, raw.operator)
    except ValidationError as error:
        raise ValidationError(
            "customer", _FIELD, f"entry {position}: {error.field} {error.reason}", error.value
        ) from None


#: The empty list (immutable, so one object serves every customer without e-invoicing addresses).
NO_EINVOICE_ADDRESSES = EInvoiceAddresses()


def new_einvoice_addresses(raw: Any) -> EInvoiceAddresses:
    """The typed list (NewEInvoice entries, the first the default; None: none) checked, or a
    ValidationError on field ``einvoice_addresses`` (a bad entry, a repeated address, more than
    MAX_EINVOICE_ADDRESSES entries, not a list). No entries give ``NO_EINVOICE_ADDRESSES``."""
    if raw is None or (isinstance(raw, tuple | list) and not raw):
        return NO_EINVOICE_ADDRESSES
    if isinstance(raw, str | bytes) or not isinstance(raw, tuple | list):
        raise ValidationError("customer", _FIELD, "must be a list of e-invoicing addresses", raw)
    entries = list(islice(raw, MAX_EINVOICE_ADDRESSES + 1))
    if len(entries) > MAX_EINVOICE_ADDRESSES:
        return EInvoiceAddresses(entries)  # refused for its length, before any entry is parsed
    return EInvoiceAddresses(einvoice_entry(e, i) for i, e in enumerate(entries, start=1))


_VIA = re.compile(r"\s+via\s+", re.IGNORECASE)


def parse_einvoice_list(text: str) -> tuple[NewEInvoice, ...]:
    """C7: e-invoicing addresses written as text (a bulk-import cell, a CLI option): entries
    separated by ``;`` or line breaks, each ``ADDRESS via OPERATOR``; the first is the default.
    The same text a report's "E-invoicing addresses" column gives when joined with ``; ``.
    An entry not of that shape, or more than MAX_EINVOICE_ADDRESSES entries, is a
    ValidationError on ``einvoice_addresses`` (each entry is validated by the use case)."""
    parts = text.replace("\n", ";").split(";", MAX_EINVOICE_ADDRESSES + 1)
    entries = [p.strip() for p in parts if p.strip()]
    if len(entries) > MAX_EINVOICE_ADDRESSES:
        raise ValidationError(
            "customer", _FIELD, f"holds at most {MAX_EINVOICE_ADDRESSES} addresses", len(entries)
        )
    parsed: list[NewEInvoice] = []
    for position, entry in enumerate(entries, start=1):
        pieces = _VIA.split(entry)
        if len(pieces) != 2:
            raise ValidationError(
                "customer", _FIELD, f"entry {position} must read 'ADDRESS via OPERATOR'", entry
            )
        parsed.append(NewEInvoice(pieces[0], pieces[1]))
    return tuple(parsed)


def _change(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    expected_version: int | None,
    action: str,
    change: Callable[[EInvoiceAddresses], EInvoiceAddresses],
) -> Customer:
    with writing(registry, principal, "customer", action) as (uow, stamp):
        before = uow.customers.get(customer_id)
        if expected_version is not None and expected_version != before.version:
            raise ConflictError("customer", before.id, expected_version, before.version)
        revised = attrs.evolve(before, einvoice_addresses=change(before.einvoice_addresses))
        after, events = before.revise(revised, stamp, action)
        return uow.commit_change(uow.customers.update, after, events)


def add_einvoice_address(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    entry: NewEInvoice,
    *,
    make_default: bool = False,
    expected_version: int | None = None,
) -> Customer:
    """C7: add an e-invoicing address to the customer, after the others; it becomes the default
    when it is the first or when ``make_default``. An invalid entry, an address the customer
    already has (case and spacing ignored) or a 51st one is a ValidationError."""
    parsed = einvoice_entry(entry)
    return _change(
        registry,
        principal,
        customer_id,
        expected_version,
        ADD_ACTION,
        lambda current: current.with_address(parsed, default=make_default),
    )


def _known(current: EInvoiceAddresses, address: str) -> EInvoiceAddresses:
    if current.find(address) is None:
        raise ValidationError("customer", _FIELD, "has no such address", address)
    return current


def remove_einvoice_address(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    address: str,
    *,
    expected_version: int | None = None,
) -> Customer:
    """C7: remove the customer's e-invoicing address ``address`` (case and spacing ignored);
    removing the default makes the earliest-added remaining address the default. An address
    the customer does not have is a ValidationError."""
    address_key(address)  # a malformed address is refused before the customer is read
    return _change(
        registry,
        principal,
        customer_id,
        expected_version,
        REMOVE_ACTION,
        lambda current: _known(current, address).without(address),
    )


def set_default_einvoice_address(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    address: str,
    *,
    expected_version: int | None = None,
) -> Customer:
    """C7: make the customer's e-invoicing address ``address`` its default; the others keep
    their order. An address the customer does not have is a ValidationError."""
    address_key(address)
    return _change(
        registry,
        principal,
        customer_id,
        expected_version,
        DEFAULT_ACTION,
        lambda current: current.with_default(address),
    )


__all__ = [
    "ADD_ACTION",
    "DEFAULT_ACTION",
    "NO_EINVOICE_ADDRESSES",
    "REMOVE_ACTION",
    "add_einvoice_address",
    "einvoice_entry",
    "new_einvoice_addresses",
    "parse_einvoice_list",
    "remove_einvoice_address",
    "set_default_einvoice_address",
]
