"""The Customer aggregate root and its pure state transitions (C1-C8)."""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from attrs import field
from attrs import frozen

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.einvoice import einvoice_addresses
from custreg.domain.errors import ValidationError
from custreg.domain.events import Created
from custreg.domain.events import Outcome
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.events import changed
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.frozenmap import freeze
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.settings import CustomValue
from custreg.domain.text import remembered
from custreg.domain.text import required_text
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.validation import ids_only
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.domain.vat_check import VatCheckResult


class CustomerStatus(enum.Enum):
    """Active or inactive ("passive" in the articles). Inactivation never deletes data (C5)."""

    ACTIVE = "active"
    INACTIVE = "inactive"


def _checked_name(value: Any) -> str:
    return required_text("customer", "name", value)


#: ``_checked_name``, each text checked once while remembered: a bulk import checks each record's
#: name in its draft, then gives the same text to Customer.
_remembered_name = remembered(_checked_name)


def customer_name(value: Any) -> str:
    """C1: a stripped, non-blank customer name."""
    return _remembered_name(value)


def payment_term(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        raise ValidationError("customer", "payment_term_days", "must be 0-365 days", value)
    return value


def _segments(value: Iterable[MarketSegmentId]) -> frozenset[MarketSegmentId]:
    return frozenset(value)


#: The largest version number (every adapter stores it as a signed 64-bit integer).
MAX_VERSION = 2**63 - 1


def version_number(value: Any, entity: str = "customer", field_name: str = "version") -> int:
    """A version number for optimistic locking: an integer 1..MAX_VERSION (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        raise ValidationError(entity, field_name, "must be a positive integer", value)
    return value


def expected_version(value: Any) -> int | None:
    """The version an update expects (None: any): an integer (not a bool) in the signed 64-bit
    range. One no customer can have (0, a negative number) is a ConflictError when the update
    runs, like any stale version."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_VERSION:
        raise ValidationError("customer", "expected_version", "must be an integer version", value)
    return value


def _version(value: int) -> int:
    return version_number(value)


@frozen
class Customer:
    """A customer of the organisation.

    ``version`` starts at 1 and grows by one on every stored change (optimistic locking).
    Audit fields are set by use cases from the clock port and the principal.
    """

    id: CustomerId = field(validator=an_id)
    number: CustomerNumber
    name: str = field(converter=customer_name)
    created_at: datetime
    created_by: UserId | None = field(default=None, validator=an_optional_id)
    updated_at: datetime | None = None
    updated_by: UserId | None = field(default=None, validator=an_optional_id)
    status: CustomerStatus = CustomerStatus.ACTIVE
    vat_number: VatNumber | None = None
    business_id: BusinessId | None = None
    website: Website | None = None
    email: EmailAddress | None = None
    owner_id: UserId | None = field(default=None, validator=an_optional_id)
    industry_id: IndustryId | None = field(default=None, validator=an_optional_id)
    market_segment_ids: frozenset[MarketSegmentId] = field(
        default=frozenset(), converter=_segments, validator=ids_only
    )
    invoice_template_id: InvoiceTemplateId | None = field(default=None, validator=an_optional_id)
    default_vat_rate_id: VatRateId | None = field(default=None, validator=an_optional_id)
    payment_term_days: int | None = field(default=None, converter=payment_term)
    einvoice_addresses: EInvoiceAddresses = field(
        factory=EInvoiceAddresses, converter=einvoice_addresses
    )
    headquarters_address_id: AddressId | None = field(default=None, validator=an_optional_id)
    custom_fields: FrozenMap[CustomFieldId, CustomValue] = field(
        factory=FrozenMap, converter=freeze
    )
    is_internal: bool = False
    #: The last definite live check (VIES) of a VAT number of this customer, and when; None:
    #: never checked. ``current_vat_check`` is it only while it is about ``vat_number``.
    vat_check: VatCheckResult | None = None
    version: int = field(default=1, converter=_version)

    @property
    def is_active(self) -> bool:
        return self.status is CustomerStatus.ACTIVE

    @property
    def einvoice(self) -> EInvoiceAddress | None:
        """Deprecated (C7: a customer has several e-invoicing addresses): the default one,
        ``einvoice_addresses.default``. Read-only; removed in the release after next."""
        warnings.warn(
            "Customer.einvoice is deprecated: use Customer.einvoice_addresses (.default)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.einvoice_addresses.default

    @property
    def current_vat_check(self) -> VatCheckResult | None:
        """The last live check if it is about the current VAT number, else None (unchecked)."""
        check = self.vat_check
        return check if check is not None and check.applies_to(self.vat_number) else None

    def touched(self, at: datetime, by: UserId | None) -> Customer:
        """The next stored version of this customer, stamped with who changed it and when."""
        return attrs.evolve(self, updated_at=at, updated_by=by, version=self.version + 1)

    def created(self, stamp: Stamp, action: str = "create") -> Created:
        """The event of this customer's creation (``action``: "create" or "import")."""
        return Created("customer", self, stamp, action)

    def removed(self, stamp: Stamp) -> Removed:
        """U4: the event of this customer's deletion (a removal for good, audited "delete")."""
        return Removed("customer", self, stamp, "delete")

    def revise(self, revised: Customer, stamp: Stamp, action: str = "update") -> Outcome[Customer]:
        """``revised`` (this customer with changed details, checked by its validators) as the
        next stored version, with its ``Changed`` event; no event and this customer when nothing
        differs."""
        if revised == self:
            return self, ()
        return changed("customer", self, revised.touched(stamp.at, stamp.actor), stamp, action)

    def edit(self, stamp: Stamp, action: str = "update", **values: Any) -> Outcome[Customer]:
        """This customer with ``values`` (details and billing settings, checked by the fields'
        validators) as the next stored version. C8: existing invoices, projects and sales cases
        are not touched. The number changes by ``renumber`` (C3) and the status by
        ``inactivate``/``reactivate`` (C5) only."""
        fixed = {"id", "number", "status", "version", "created_at", "created_by"} & values.keys()
        if fixed:
            name = sorted(fixed)[0]
            raise ValidationError("customer", name, "is not changed by an edit", values[name])
        return self.revise(attrs.evolve(self, **values), stamp, action)

    def inactivate(self, stamp: Stamp, action: str = "inactivate") -> Outcome[Customer]:
        """C5: this customer as inactive (nothing else changes; no event if it already is);
        ``action`` names why ("consolidate": D2, a consolidated duplicate)."""
        return self.revise(attrs.evolve(self, status=CustomerStatus.INACTIVE), stamp, action)

    def reactivate(self, stamp: Stamp) -> Outcome[Customer]:
        """C5: this customer as active again (no event if it already is)."""
        return self.revise(attrs.evolve(self, status=CustomerStatus.ACTIVE), stamp, "reactivate")

    def move_headquarters(self, address_id: AddressId | None, stamp: Stamp) -> Outcome[Customer]:
        """A1-A4: this customer with ``address_id`` (one of its own addresses, or None when it
        has none left) as headquarters; no event when it already is."""
        revised = attrs.evolve(self, headquarters_address_id=address_id)
        return self.revise(revised, stamp, "headquarters")

    def record_vat_check(self, result: VatCheckResult | None, stamp: Stamp) -> Outcome[Customer]:
        """This customer with ``result``, the last definite live check of its VAT number
        (audited "vat check"); the caller checks the number is still the one checked."""
        return self.revise(attrs.evolve(self, vat_check=result), stamp, "vat check")

    def renumber(self, number: CustomerNumber, stamp: Stamp) -> Outcome[Customer]:
        """C3: this customer under ``number`` (the caller checks no other customer holds it);
        no event when the number is already its own."""
        return self.revise(attrs.evolve(self, number=number), stamp)


#: Fields of a customer that are billing settings (C8 says changing them leaves history alone).
BILLING_SETTINGS = (
    "invoice_template_id",
    "default_vat_rate_id",
    "payment_term_days",
    "einvoice_addresses",
)
