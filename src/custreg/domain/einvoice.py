"""C7: the e-invoicing addresses of a customer, each an address with its operator.

Accepted address formats, all common in the Nordics:
- Finnish OVT code: ``0037`` + a valid Y-tunnus without the dash + an optional suffix of up to five
  letters or digits (``003701120389``, ``00370112038900100``);
- a Peppol participant id ``ICD:identifier`` with a four-digit ISO 6523 scheme (``0192:923609016``);
- an IBAN (consumer e-invoices), checked with its checksum;
- a 13-digit GLN/EAN location number, checked with its check digit.
The operator (intermediator) is an OVT-style code, a BIC, or a Peppol access point id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Iterator
from itertools import islice
from typing import Any

from attrs import field
from attrs import frozen
from stdnum import ean
from stdnum import iban
from stdnum.fi import ytunnus

from custreg.domain.errors import ValidationError

_OVT = re.compile(r"^0037(\d{8})([0-9A-Z]{0,5})$")
_PEPPOL = re.compile(r"^(\d{4}):([A-Za-z0-9._-]{1,50})$")
_OPERATOR_CODE = re.compile(r"^[0-9A-Z]{4,35}$")


def _address(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("einvoice", "address", "must not be blank", value)
    text = "".join(value.split())
    ovt = _OVT.match(text.upper())
    if ovt:
        if not ytunnus.is_valid(ovt.group(1)):
            raise ValidationError("einvoice", "address", "OVT code has an invalid Y-tunnus", value)
        return text.upper()
    if _PEPPOL.match(text):
        return text
    if iban.is_valid(text):
        return iban.compact(text)
    if text.isdigit() and len(text) == 13 and ean.is_valid(text):
        return text
    raise ValidationError(
        "einvoice", "address", "must be an OVT code, a Peppol id, an IBAN or a GLN", value
    )


def _operator(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("einvoice", "operator", "must not be blank", value)
    text = "".join(value.split()).upper()
    # A BIC (8 or 11 letters and digits) has the form of an operator code: no check of its own.
    if _OPERATOR_CODE.match(text) or _PEPPOL.match(text):
        return text
    raise ValidationError("einvoice", "operator", "must be an operator code or a BIC", value)


@frozen
class EInvoiceAddress:
    """An e-invoicing address plus the operator that carries it."""

    address: str = field(converter=_address)
    operator: str = field(converter=_operator)


def normalised_address(value: Any) -> str:
    """An e-invoicing address in its normal form (the form EInvoiceAddress stores), or a
    ValidationError on ``einvoice.address``."""
    return _address(value)


def normalised_operator(value: Any) -> str:
    """An operator code in its normal form, or a ValidationError on ``einvoice.operator``."""
    return _operator(value)


#: The most e-invoicing addresses one customer keeps (C7); one more is a ValidationError.
MAX_EINVOICE_ADDRESSES = 50

_FIELD = "einvoice_addresses"


def address_key(address: str) -> str:
    """C7: the normalised form under which two e-invoicing addresses are "equal": the address
    in its normal form (spaces removed, OVT and IBAN upper-cased), then case-folded, so a Peppol
    id differing only by case or spacing is the same address. ``address`` is validated like an
    EInvoiceAddress's (ValidationError on field ``einvoice_addresses``)."""
    try:
        return _address(address).casefold()
    except ValidationError as error:
        raise ValidationError("customer", _FIELD, error.reason, address) from None


def _items(value: Any) -> tuple[EInvoiceAddress, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError("customer", _FIELD, "must be a list of e-invoicing addresses", value)
    items = tuple(islice(value, MAX_EINVOICE_ADDRESSES + 1))
    if len(items) > MAX_EINVOICE_ADDRESSES:
        raise ValidationError(
            "customer", _FIELD, f"holds at most {MAX_EINVOICE_ADDRESSES} addresses", len(items)
        )
    seen: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, EInvoiceAddress):
            raise ValidationError(
                "customer", _FIELD, f"entry {position} is not an e-invoicing address", item
            )
        key = item.address.casefold()
        if key in seen:
            raise ValidationError(
                "customer", _FIELD, f"entry {position} repeats entry {seen[key]}", item.address
            )
        seen[key] = position
    return items


@frozen
class EInvoiceAddresses:
    """C7: a customer's e-invoicing addresses, immutable.

    Guarantees: every entry is a valid EInvoiceAddress; no two entries have the same address
    under ``address_key`` (case and spacing ignored), whatever their operators; at most
    ``MAX_EINVOICE_ADDRESSES`` entries; exactly one default when there is any. ``added`` keeps
    the order the addresses were added in; iterating yields the default first, then the others
    in the order they were added. Removing the default makes the earliest-added remaining
    address the default. Every change returns a new value; a refused change is a
    ValidationError on field ``einvoice_addresses`` and leaves this value as it was.

    ``EInvoiceAddresses([a, b])``: ``a`` is the default, ``a`` then ``b`` the order added.
    """

    added: tuple[EInvoiceAddress, ...] = field(default=(), converter=_items)
    default_index: int = field(default=0)

    @default_index.validator
    def _check_default(self, _: object, value: Any) -> None:
        limit = max(len(self.added), 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < limit:
            raise ValidationError(
                "customer", _FIELD, "the default must be one of its entries", value
            )

    @property
    def default(self) -> EInvoiceAddress | None:
        """The default e-invoicing address, None when there is none."""
        return self.added[self.default_index] if self.added else None

    def __len__(self) -> int:
        return len(self.added)

    def __bool__(self) -> bool:
        return bool(self.added)

    def __iter__(self) -> Iterator[EInvoiceAddress]:
        """The default first, then the others in the order they were added."""
        if self.added:
            yield self.added[self.default_index]
            yield from (a for i, a in enumerate(self.added) if i != self.default_index)

    def labels(self) -> tuple[str, ...]:
        """Each entry as ``ADDRESS via OPERATOR``, the default first (report cells, cards)."""
        return tuple(f"{a.address} via {a.operator}" for a in self)

    def _position(self, address: str) -> int | None:
        key = address_key(address)
        return next((i for i, a in enumerate(self.added) if a.address.casefold() == key), None)

    def find(self, address: str) -> EInvoiceAddress | None:
        """The entry with this address (under ``address_key``), None if it has none."""
        position = self._position(address)
        return None if position is None else self.added[position]

    def with_address(self, entry: EInvoiceAddress, *, default: bool = False) -> EInvoiceAddresses:
        """These addresses plus ``entry`` (the default too when ``default`` or when it is the
        first). Its address already here, or a 51st entry, is a ValidationError."""
        added = _items((*self.added, entry))
        index = len(added) - 1 if default or not self.added else self.default_index
        return EInvoiceAddresses(added, index)

    def merged(self, entries: Iterable[EInvoiceAddress]) -> EInvoiceAddresses:
        """These addresses plus each of ``entries`` whose address is not here yet, in order,
        while there is room (``MAX_EINVOICE_ADDRESSES``); the default stays (the first entry
        becomes the default when there was none). A public registry's addresses join so."""
        added = list(self.added)
        keys = {a.address.casefold() for a in added}
        for entry in entries:
            if len(added) >= MAX_EINVOICE_ADDRESSES:
                break
            if entry.address.casefold() not in keys:
                keys.add(entry.address.casefold())
                added.append(entry)
        return EInvoiceAddresses(added, self.default_index)

    def without(self, address: str) -> EInvoiceAddresses:
        """These addresses minus the one with ``address`` (this value when it has none); if it
        was the default, the earliest-added remaining address becomes the default (C7)."""
        position = self._position(address)
        if position is None:
            return self
        added = self.added[:position] + self.added[position + 1 :]
        if position == self.default_index:
            index = 0
        else:
            index = self.default_index - (position < self.default_index)
        return EInvoiceAddresses(added, index)

    def with_default(self, address: str) -> EInvoiceAddresses:
        """The same addresses with the one having ``address`` as the default; an address it does
        not have is a ValidationError naming ``einvoice_addresses``."""
        position = self._position(address)
        if position is None:
            raise ValidationError("customer", _FIELD, "has no such address", address)
        return EInvoiceAddresses(self.added, position)


def einvoice_addresses(value: Any) -> EInvoiceAddresses:
    """An EInvoiceAddresses from itself, None (none) or an iterable of EInvoiceAddress whose
    first is the default (C7; a ValidationError on field ``einvoice_addresses`` otherwise)."""
    if isinstance(value, EInvoiceAddresses):
        return value
    return EInvoiceAddresses(() if value is None else value)
