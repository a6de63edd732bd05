"""Customer rows and their market-segment link rows."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from typing import TypeVar
from uuid import UUID

import orjson

from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import decode_custom_fields
from custreg.adapters.sql.rows.encoding import encode_custom_fields
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import stored
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.ids import MarketSegmentId
from custreg.domain.query import compact_id
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.domain.vat_check import VatCheckResult
from custreg.domain.vat_check import VatCheckStatus

_T = TypeVar("_T")

#: The columns of a customer row, in the order ``customer_values`` gives them.
CUSTOMER_COLUMNS = (
    "organisation_id",
    "id",
    "number",
    "name",
    "name_search",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "status",
    "vat_number",
    "vat_compact",
    "business_id_country",
    "business_id",
    "business_id_compact",
    "website",
    "email",
    "owner_id",
    "industry_id",
    "invoice_template_id",
    "default_vat_rate_id",
    "payment_term_days",
    "einvoice_addresses",
    "headquarters_address_id",
    "custom_fields",
    "is_internal",
    "version",
    "vat_check_status",
    "vat_checked_at",
    "vat_checked_number",
)


def customer_values(organisation_id: UUID, customer: Customer) -> tuple[Any, ...]:
    """A customer as a plain tuple in ``CUSTOMER_COLUMNS`` order (the bulk insert's row)."""
    vat, business, check = customer.vat_number, customer.business_id, customer.vat_check
    website, email, name = customer.website, customer.email, customer.name
    return (
        organisation_id,
        customer.id,
        customer.number.value,
        name,
        name.casefold(),
        aware("customer", "created_at", customer.created_at),
        customer.created_by,
        aware("customer", "updated_at", customer.updated_at),
        customer.updated_by,
        customer.status.value,
        vat.value if vat else None,
        compact_id(vat.value) if vat else None,
        business.country if business else None,
        business.value if business else None,
        compact_id(business.value) if business else None,
        website.url if website else None,
        email.address if email else None,
        customer.owner_id,
        customer.industry_id,
        customer.invoice_template_id,
        customer.default_vat_rate_id,
        customer.payment_term_days,
        encode_einvoice_addresses(customer.einvoice_addresses),
        customer.headquarters_address_id,
        encode_custom_fields(customer.custom_fields),
        customer.is_internal,
        customer.version,
        check.status.value if check else None,
        aware("customer", "vat_checked_at", check.checked_at) if check else None,
        check.vat_number.value if check else None,
    )


def customer_row(organisation_id: UUID, customer: Customer) -> dict[str, Any]:
    return dict(zip(CUSTOMER_COLUMNS, customer_values(organisation_id, customer), strict=True))


def segment_rows(organisation_id: UUID, customer: Customer) -> list[dict[str, Any]]:
    return [
        {"organisation_id": organisation_id, "customer_id": customer.id, "segment_id": segment}
        for segment in customer.market_segment_ids
    ]


def encode_einvoice_addresses(addresses: EInvoiceAddresses) -> str:
    """C7: the customer's e-invoicing addresses as stored: ``{"default": i, "added":
    [[address, operator], ...]}`` in the order they were added (migration 0007 writes the same)."""
    if not addresses.added and addresses.default_index == 0:
        return _NO_EINVOICE_ADDRESSES  # most customers: the one text, not encoded each time
    added = [[a.address, a.operator] for a in addresses.added]
    return orjson.dumps({"default": addresses.default_index, "added": added}).decode()


_NO_EINVOICE_ADDRESSES = orjson.dumps({"default": 0, "added": []}).decode()


@lru_cache(maxsize=1024)
def decode_einvoice_addresses(text: str) -> EInvoiceAddresses:
    """The inverse of ``encode_einvoice_addresses``. Only rows this library wrote are read, so
    the value is rebuilt without validating it again (see ``trusted.stored``); most customers
    share a few texts (the empty list above all), each decoded once (the value is immutable)."""
    saved = orjson.loads(text)
    added = tuple(stored(EInvoiceAddress, address, op) for address, op in saved["added"])
    return stored(EInvoiceAddresses, added, saved["default"])


_make_customer = maker(Customer)


def customer_from_row(row: Row, segments: Iterable[MarketSegmentId]) -> Customer:
    """The customer of a ``customers`` row and its segment ids. Every value was validated when
    it was written (entity converters, schema constraints), so it is rebuilt without running the
    validators again (``trusted.maker``): re-validating e-mail addresses, websites and VAT
    numbers on every read was most of a customer list's time."""
    vat_status = row["vat_check_status"]
    return _make_customer(
        id=row["id"],
        number=stored(CustomerNumber, row["number"]),
        name=row["name"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
        status=CustomerStatus(row["status"]),
        vat_number=_optional(VatNumber, row["vat_number"]),
        business_id=(
            stored(BusinessId, row["business_id_country"], row["business_id"])
            if row["business_id"] is not None
            else None
        ),
        website=_optional(Website, row["website"]),
        email=_optional(EmailAddress, row["email"]),
        owner_id=row["owner_id"],
        industry_id=row["industry_id"],
        market_segment_ids=frozenset(segments),
        invoice_template_id=row["invoice_template_id"],
        default_vat_rate_id=row["default_vat_rate_id"],
        payment_term_days=row["payment_term_days"],
        einvoice_addresses=decode_einvoice_addresses(row["einvoice_addresses"]),
        headquarters_address_id=row["headquarters_address_id"],
        custom_fields=decode_custom_fields(row["custom_fields"]),
        is_internal=bool(row["is_internal"]),
        vat_check=(
            stored(
                VatCheckResult,
                VatCheckStatus(vat_status),
                row["vat_checked_at"],
                stored(VatNumber, row["vat_checked_number"]),
            )
            if vat_status is not None
            else None
        ),
        version=row["version"],
    )


def _optional(cls: type[_T], value: Any) -> _T | None:
    """A one-field value object of a stored column, or None for NULL (see ``stored``)."""
    return None if value is None else stored(cls, value)
