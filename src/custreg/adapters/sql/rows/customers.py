"""Customer rows and their market-segment link rows."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any
from typing import TypeVar
from uuid import UUID

import orjson

from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import decode_custom_fields
from custreg.adapters.sql.rows.encoding import encode_custom_fields
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import stored
from custreg.adapters.sql.trusted import stored_uuid
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.checked import column_maker
from custreg.domain.checked import field_names
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


def customer_columns(organisation_id: UUID, customers: Sequence[Customer]) -> list[list[Any]]:
    """``customer_values`` of every customer, a column at a time (``CUSTOMER_COLUMNS`` order):
    the bulk insert's values without a tuple per row, each instant's check and each shared
    encoding (no e-invoicing addresses, no custom fields) once per distinct object. Any
    failure is left to ``customer_values`` row by row, so the error is the one it raises."""
    try:
        return _customer_columns(organisation_id, customers)
    except Exception:
        rows = [customer_values(organisation_id, c) for c in customers]
        return [list(column) for column in zip(*rows, strict=True)]  # pragma: no cover


def _customer_columns(organisation_id: UUID, customers: Sequence[Customer]) -> list[list[Any]]:
    def column(name: str) -> list[Any]:
        return list(map(attrgetter(name), customers))

    names = column("name")
    vats = [v.value if v else None for v in column("vat_number")]
    business = column("business_id")
    business_ids = [b.value if b else None for b in business]
    checks = column("vat_check")
    instants = column("created_at"), column("updated_at")
    for instants_of_field in instants:
        for value in {id(value): value for value in instants_of_field}.values():
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError("checked row by row")
    return [
        [organisation_id] * len(customers),
        column("id"),
        [c.number.value for c in customers],
        names,
        [name.casefold() for name in names],
        instants[0],
        column("created_by"),
        instants[1],
        column("updated_by"),
        [c.status.value for c in customers],
        vats,
        [compact_id(v) if v is not None else None for v in vats],
        [b.country if b else None for b in business],
        business_ids,
        [compact_id(v) if v is not None else None for v in business_ids],
        [w.url if w else None for w in column("website")],
        [e.address if e else None for e in column("email")],
        column("owner_id"),
        column("industry_id"),
        column("invoice_template_id"),
        column("default_vat_rate_id"),
        column("payment_term_days"),
        _once_each(encode_einvoice_addresses, column("einvoice_addresses")),
        column("headquarters_address_id"),
        _once_each(encode_custom_fields, column("custom_fields")),
        column("is_internal"),
        column("version"),
        [k.status.value if k else None for k in checks],
        [aware("customer", "vat_checked_at", k.checked_at) if k else None for k in checks],
        [k.vat_number.value if k else None for k in checks],
    ]


def _once_each(encode: Callable[[Any], str], values: list[Any]) -> list[str]:
    """``encode`` of each value, once per distinct object (the values are immutable and held
    by the caller throughout, so an object's id is not reused meanwhile)."""
    done: dict[int, str] = {}
    result = []
    for value in values:
        key = id(value)
        text = done.get(key)
        if text is None:
            text = done[key] = encode(value)
        result.append(text)
    return result


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


_make_customers = column_maker(Customer)
_make_numbers = column_maker(CustomerNumber)
_make_customer = maker(Customer)
_make_number = maker(CustomerNumber)
_make_vat = maker(VatNumber)
_make_website = maker(Website)
_make_email = maker(EmailAddress)
_STATUSES = {status.value: status for status in CustomerStatus}
_NO_SEGMENTS: frozenset[MarketSegmentId] = frozenset()

#: The columns ``customers_from_columns`` reads: the stored ones, not the organisation nor the
#: search columns derived from the others.
READ_COLUMNS = tuple(
    name
    for name in CUSTOMER_COLUMNS
    if name not in ("organisation_id", "name_search", "vat_compact", "business_id_compact")
)
_READ_AND_SEGMENTS = (*READ_COLUMNS, "segments")

# ``customers_from_columns`` passes the fields' columns by position: a field added to or moved in
# Customer must be read here too (fails at import, not with values in the wrong fields).
assert field_names(Customer) == (
    *("id", "number", "name", "created_at", "created_by", "updated_at", "updated_by", "status"),
    *("vat_number", "business_id", "website", "email", "owner_id", "industry_id"),
    *("market_segment_ids", "invoice_template_id", "default_vat_rate_id", "payment_term_days"),
    *("einvoice_addresses", "headquarters_address_id", "custom_fields", "is_internal"),
    *("vat_check", "version"),
), "customers_from_columns is out of step with Customer's fields"


def customers_from_columns(columns: Sequence[Sequence[Any]]) -> list[Customer]:
    """The customers of rows of ``READ_COLUMNS`` given column by column (typed: ids, instants,
    booleans decoded), then a column of each one's segment ids as the database aggregated them
    (see ``segment_sets``). Every value was validated when it was written (entity converters,
    schema constraints), so each is rebuilt without running the validators again, and a column
    at a time (``checked.column_maker``: no Python call per customer): value objects shared by
    many rows (statuses, e-invoicing addresses, custom fields, segment sets) are decoded once
    per distinct text, a column that is NULL throughout costs no call per row. One row (a
    single read) is built as a row (``customer_from_row``)."""
    if len(columns[0]) == 1:
        return [customer_from_row([column[0] for column in columns])]
    c = dict(zip(_READ_AND_SEGMENTS, columns, strict=True))
    return _make_customers(
        [
            c["id"],
            _make_numbers([c["number"]]),
            c["name"],
            c["created_at"],
            c["created_by"],
            c["updated_at"],
            c["updated_by"],
            list(map(_STATUSES.__getitem__, c["status"])),
            _optionals(VatNumber, c["vat_number"]),
            _business_ids(c["business_id_country"], c["business_id"]),
            _optionals(Website, c["website"]),
            _optionals(EmailAddress, c["email"]),
            c["owner_id"],
            c["industry_id"],
            segment_sets(c["segments"]),
            c["invoice_template_id"],
            c["default_vat_rate_id"],
            c["payment_term_days"],
            _per_text(decode_einvoice_addresses, c["einvoice_addresses"]),
            c["headquarters_address_id"],
            _per_text(decode_custom_fields, c["custom_fields"]),
            list(map(bool, c["is_internal"])),
            _vat_checks(c["vat_check_status"], c["vat_checked_at"], c["vat_checked_number"]),
            c["version"],
        ]
    )


def customer_from_row(values: Sequence[Any]) -> Customer:
    """``customers_from_columns`` of one row (its values in the same order: typed, then the
    segment ids as aggregated): each field decoded as there, without a column per field."""
    (
        i, number, name, created_at, created_by, updated_at, updated_by, status, vat,
        country, business_id, website, email, owner, industry, template, rate, days,
        einvoice, headquarters, custom, internal, version, check, checked_at, checked_number,
        segments,
    ) = values  # fmt: skip
    return _make_customer(
        i, _make_number(number), name, created_at, created_by, updated_at, updated_by,
        _STATUSES[status], None if vat is None else _make_vat(vat),
        _business_id(country, business_id), None if website is None else _make_website(website),
        None if email is None else _make_email(email), owner, industry, _segment_set(segments),
        template, rate, days, decode_einvoice_addresses(einvoice), headquarters,
        decode_custom_fields(custom), bool(internal), _vat_check(check, checked_at,
        checked_number), version,
    )  # fmt: skip


def _segment_set(aggregated: Any) -> frozenset[MarketSegmentId]:
    """One row's segment ids from their aggregate (see ``segment_sets``)."""
    if aggregated is None:
        return _NO_SEGMENTS
    return frozenset(aggregated) if isinstance(aggregated, list) else _hex_ids(aggregated)


def segment_sets(aggregated: Sequence[Any]) -> list[frozenset[MarketSegmentId]]:
    """Each row's segment ids from their aggregate: hex ids joined by commas (SQLite's
    ``group_concat``, each distinct text decoded once) or a list of UUIDs (PostgreSQL's
    ``array_agg``); NULL: no segment."""
    if isinstance(next(filter(None, aggregated), None), list):
        return [_NO_SEGMENTS if value is None else frozenset(value) for value in aggregated]
    known = {text: _hex_ids(text) for text in set(aggregated) if text is not None}
    known[None] = _NO_SEGMENTS
    return list(map(known.__getitem__, aggregated))


def _hex_ids(text: str) -> frozenset[MarketSegmentId]:
    return frozenset(MarketSegmentId(stored_uuid(hex_id)) for hex_id in text.split(","))


def _business_id(country: str | None, value: str | None) -> BusinessId | None:
    return None if value is None else stored(BusinessId, country, value)


def _business_ids(countries: Sequence[Any], values: Sequence[Any]) -> list[BusinessId | None]:
    if _all_null(values):
        return [None] * len(values)
    return list(map(_business_id, countries, values))


def _vat_checks(
    statuses: Sequence[Any], instants: Sequence[Any], numbers: Sequence[Any]
) -> list[VatCheckResult | None]:
    if _all_null(statuses):
        return [None] * len(statuses)
    return list(map(_vat_check, statuses, instants, numbers))


def _all_null(values: Sequence[Any]) -> bool:
    """Whether a column is NULL throughout (counted at C speed: no call per row)."""
    return values.count(None) == len(values)


def _vat_check(
    status: str | None, checked_at: datetime | None, number: str | None
) -> VatCheckResult | None:
    if status is None:
        return None
    return stored(VatCheckResult, VatCheckStatus(status), checked_at, stored(VatNumber, number))


def _optionals(cls: type[_T], values: Sequence[Any]) -> list[_T | None]:
    """A one-field value object per stored value of a column, None for NULL (see ``stored``)."""
    if _all_null(values):
        return [None] * len(values)
    make = maker(cls)
    return [None if value is None else make(value) for value in values]


def _per_text(decode: Callable[[str], _T], texts: Sequence[str]) -> list[_T]:
    """``decode`` of each text of a column, once per distinct text (the values are immutable,
    so rows sharing a text share its value)."""
    known = {text: decode(text) for text in set(texts)}
    return list(map(known.__getitem__, texts))
