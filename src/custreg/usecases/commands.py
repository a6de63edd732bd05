"""Input commands of the customer use cases: raw user input, validated by the use case."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Mapping
from itertools import islice
from typing import Any
from typing import TypeVar

from attrs import field
from attrs import frozen

from custreg.domain.address import AddressKind
from custreg.domain.customer import expected_version
from custreg.domain.einvoice import MAX_EINVOICE_ADDRESSES
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.validation import text_tuple


class Unset(enum.Enum):
    """Marks a field of an update command that the caller does not want to change."""

    UNSET = "unset"


UNSET = Unset.UNSET
#: The same marker under its explicit name: leave the field as it is (every update field's default).
UNCHANGED = UNSET


class Clear(enum.Enum):
    """Marks an optional field of an update command that the caller wants emptied.

    Clearing empties that one field and no other (clearing the VAT number keeps the business id).
    ``None`` means the same as CLEAR; an empty string is a value like any other, so an empty
    identifier (VAT number, business id) is a ValidationError, never a silent clear.
    """

    CLEAR = "clear"


CLEAR = Clear.CLEAR


def cleared(value: T) -> T | None:
    """``value`` with CLEAR turned into None (what an update stores for a cleared field)."""
    return None if value is CLEAR else value

T = TypeVar("T")


def _kinds(value: Iterable[AddressKind]) -> frozenset[AddressKind]:
    return frozenset(value)


@frozen
class NewAddress:
    """An address as typed by a user."""

    country: str
    lines: tuple[str, ...] = field(default=(), converter=text_tuple)
    postal_code: str | None = None
    city: str | None = None
    kinds: frozenset[AddressKind] = field(default=frozenset(), converter=_kinds)


def _entries(value: Any) -> Any:
    """A list of e-invoicing entries kept as a tuple; anything but an iterable (a text, a number)
    is kept as it is for the use case to refuse naming the field (ValidationError)."""
    if type(value) is tuple and len(value) <= MAX_EINVOICE_ADDRESSES:  # the common case, as is
        return value
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value
    return tuple(islice(value, MAX_EINVOICE_ADDRESSES + 1))


def _optional_entries(value: Any) -> Any:
    return value if value is None or isinstance(value, Unset | Clear) else _entries(value)


@frozen
class NewEInvoice:
    """An e-invoicing address plus operator as typed by a user (C7)."""

    address: str
    operator: str


@frozen
class CreateCustomer:
    """C1-C4, C7: what the "Add new > Customer" form sends.

    ``vat_number`` may be a VAT number with country prefix or, with ``country``, a national business
    id; both are validated and normalised, and the other one is derived where the country allows.
    """

    name: str
    vat_number: str | None = None
    country: str | None = None
    address: NewAddress | None = None
    #: C7: the e-invoicing addresses, the first the default (at most MAX_EINVOICE_ADDRESSES).
    einvoice_addresses: tuple[NewEInvoice, ...] = field(default=(), converter=_entries)
    email: str | None = None
    website: str | None = None
    owner_id: UserId | None = None
    industry_id: IndustryId | None = None
    is_internal: bool = False
    accept_duplicate: bool = False


@frozen
class UpdateCustomer:
    """Change some fields of a customer; fields left UNCHANGED (UNSET) stay as they are (C8 for
    billing ones), fields given CLEAR (or None) are emptied, each alone.

    ``vat_number`` sets the VAT number (a national business id with ``country`` is accepted too)
    and, when the business id is UNCHANGED and the number says it, the business id derived from
    it; ``business_id`` sets the business id alone (``country``, or the country of the current
    VAT number or business id, says which kind). CLEAR on one of them never empties the other;
    an empty or blank text for either is a ValidationError.

    ``expected_version`` (optional) makes the update fail with ConflictError if the customer changed
    since the caller read it.
    """

    customer_id: CustomerId
    expected_version: int | None = field(default=None, converter=expected_version)
    name: str | Unset = UNSET
    vat_number: str | Unset | Clear | None = UNSET
    business_id: str | Unset | Clear | None = UNSET
    country: str | None = None
    email: str | Unset | Clear | None = UNSET
    website: str | Unset | Clear | None = UNSET
    owner_id: UserId | Unset | Clear | None = UNSET
    industry_id: IndustryId | Unset | Clear | None = UNSET
    invoice_template_id: InvoiceTemplateId | Unset | Clear | None = UNSET
    default_vat_rate_id: VatRateId | Unset | Clear | None = UNSET
    payment_term_days: int | Unset | Clear | None = UNSET
    #: C7: replaces the whole list (the first the default); CLEAR or None empties it.
    einvoice_addresses: tuple[NewEInvoice, ...] | Unset | Clear | None = field(
        default=UNSET, converter=_optional_entries
    )
    market_segment_ids: frozenset[MarketSegmentId] | Unset = UNSET
    custom_fields: Mapping[CustomFieldId, Any] | Unset = UNSET
