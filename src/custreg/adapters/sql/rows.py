"""Explicit row <-> entity functions: one place that says how each domain value is stored.

``<entity>_row(organisation_id, entity)`` gives the column values to insert or update;
``<entity>_from_row(row, ...)`` rebuilds the frozen entity (through its constructor, so the domain
validators still guard what comes out of the database).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson

from custreg.domain.activity import Activity, ActivityKind, FileLink, FileLinkKind, Note, Task
from custreg.domain.address import Address, AddressKind
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress, EInvoiceAddresses
from custreg.domain.errors import ValidationError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.ids import (
    ActivityId,
    AddressId,
    AuditEntryId,
    ContactId,
    CostEntryId,
    CustomerId,
    CustomFieldId,
    FileLinkId,
    IndustryId,
    InvoiceId,
    InvoiceStatusId,
    InvoiceTemplateId,
    MarketSegmentGroupId,
    MarketSegmentId,
    NoteId,
    ProjectId,
    ProposalId,
    SalesStatusId,
    TaskId,
    TaskStatusId,
    UserId,
    VatRateId,
)
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry, CostKind, Project, Proposal
from custreg.domain.query import compact_id
from custreg.domain.settings import (
    CustomFieldDefinition,
    CustomFieldType,
    CustomValue,
    Industry,
    InvoiceStatus,
    InvoiceTemplate,
    MarketSegment,
    MarketSegmentGroup,
    SalesState,
    SalesStatus,
    TaskStatus,
    User,
    VatRate,
)
from custreg.domain.values import MONEY_DECIMALS, CustomerNumber, EmailAddress, Money, Website
from custreg.domain.vat_check import VatCheckResult, VatCheckStatus

Row = Mapping[Any, Any]


# -- scalar encodings ----------------------------------------------------------------------------
def money_units(money: Money) -> int:
    """The exact integer number of 10^-4 units (the domain guarantees at most 4 decimals)."""
    scaled = money.amount.scaleb(MONEY_DECIMALS)
    units = int(scaled)
    if units != scaled:  # pragma: no cover - Money refuses more decimals
        raise ValidationError("money", "amount", "more decimals than can be stored", money.amount)
    return units


def money_exponent(money: Money) -> int:
    """The exponent of the amount as written (-2 for ``1.50``), so it comes back unchanged."""
    exponent = money.amount.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def money_amount(units: int, exponent: int | None = None) -> Decimal:
    """The Decimal for ``units``: with the stored ``exponent`` when it represents the value
    exactly, else the shortest form (12.5, not 12.5000), e.g. for sums."""
    value = Decimal(units).scaleb(-MONEY_DECIMALS)
    if exponent is not None and -MONEY_DECIMALS <= exponent <= 14:
        written = value.quantize(Decimal(1).scaleb(exponent))
        if written == value:
            return written
    shift = next((k for k in range(MONEY_DECIMALS, 0, -1) if units % 10**k == 0), 0)
    return Decimal(units // 10**shift).scaleb(shift - MONEY_DECIMALS)


def money(units: int | None, currency: str | None, exponent: int | None = None) -> Money | None:
    if units is None or currency is None:
        return None
    return Money(money_amount(units, exponent), currency)


def aware(entity: str, field: str, value: datetime | None) -> datetime | None:
    """Instants are stored in UTC, so they must say which instant they are."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError(entity, field, "must be a timezone-aware datetime", value)
    return value


#: The fallback encoder (one for every call: ``json.dumps`` with options builds a new one).
_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """Compact JSON, as ``json`` writes it with ``separators=(",", ":"), ensure_ascii=False``.

    orjson writes the same text about five times faster (a bulk import writes a whole customer
    into each creation's audit entry); what it refuses (integers beyond 64 bits, lone surrogates,
    non-text keys) goes to ``json``, which writes it or raises as before.
    """
    if value is None:  # the "before" of every creation's audit entry
        return "null"
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _JSON.encode(value)


def _uuids(values: Iterable[UUID]) -> str:
    return dumps(sorted(str(v) for v in values))


def _load_uuids(text: str) -> list[UUID]:
    return [UUID(v) for v in json.loads(text)]


def encode_custom_fields(values: Mapping[CustomFieldId, CustomValue]) -> str:
    """Custom values as JSON ``{field id: [type tag, text]}``: exact for Decimal and dates."""
    if not values:
        return "{}"
    encoded: dict[str, list[Any]] = {}
    for field_id, value in values.items():
        if isinstance(value, bool):
            encoded[str(field_id)] = ["b", value]
        elif isinstance(value, Decimal):
            encoded[str(field_id)] = ["n", str(value)]
        elif isinstance(value, datetime):
            encoded[str(field_id)] = ["t", value.isoformat()]
        elif isinstance(value, date):
            encoded[str(field_id)] = ["d", value.isoformat()]
        else:
            encoded[str(field_id)] = ["s", str(value)]
    return dumps(dict(sorted(encoded.items())))


def decode_custom_fields(text: str) -> FrozenMap[CustomFieldId, CustomValue]:
    if text == "{}":
        return FrozenMap()
    decoders: dict[str, Any] = {
        "b": bool,
        "n": Decimal,
        "t": datetime.fromisoformat,
        "d": date.fromisoformat,
        "s": str,
    }
    return FrozenMap(
        {
            CustomFieldId(UUID(key)): decoders[tag](raw)
            for key, (tag, raw) in json.loads(text).items()
        }
    )


# -- customers -----------------------------------------------------------------------------------
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
    vat, business = customer.vat_number, customer.business_id
    return (
        organisation_id,
        customer.id,
        customer.number.value,
        customer.name,
        customer.name.casefold(),
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
        customer.website.url if customer.website else None,
        customer.email.address if customer.email else None,
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
        customer.vat_check.status.value if customer.vat_check else None,
        aware("customer", "vat_checked_at", customer.vat_check.checked_at)
        if customer.vat_check
        else None,
        customer.vat_check.vat_number.value if customer.vat_check else None,
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
    added = [[a.address, a.operator] for a in addresses.added]
    return orjson.dumps({"default": addresses.default_index, "added": added}).decode()


def decode_einvoice_addresses(text: str) -> EInvoiceAddresses:
    """The inverse of ``encode_einvoice_addresses``, through the domain validators."""
    stored = orjson.loads(text)
    return EInvoiceAddresses(
        tuple(EInvoiceAddress(address, operator) for address, operator in stored["added"]),
        stored["default"],
    )


def customer_from_row(row: Row, segments: Iterable[MarketSegmentId]) -> Customer:
    return Customer(
        id=CustomerId(row["id"]),
        number=CustomerNumber(row["number"]),
        name=row["name"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
        status=CustomerStatus(row["status"]),
        vat_number=VatNumber(row["vat_number"]) if row["vat_number"] is not None else None,
        business_id=(
            BusinessId(row["business_id_country"], row["business_id"])
            if row["business_id"] is not None
            else None
        ),
        website=Website(row["website"]) if row["website"] is not None else None,
        email=EmailAddress(row["email"]) if row["email"] is not None else None,
        owner_id=row["owner_id"],
        industry_id=row["industry_id"],
        market_segment_ids=frozenset(segments),
        invoice_template_id=row["invoice_template_id"],
        default_vat_rate_id=row["default_vat_rate_id"],
        payment_term_days=row["payment_term_days"],
        einvoice_addresses=decode_einvoice_addresses(row["einvoice_addresses"]),
        headquarters_address_id=row["headquarters_address_id"],
        custom_fields=decode_custom_fields(row["custom_fields"]),
        is_internal=row["is_internal"],
        vat_check=(
            VatCheckResult(
                VatCheckStatus(row["vat_check_status"]),
                row["vat_checked_at"],
                VatNumber(row["vat_checked_number"]),
            )
            if row["vat_check_status"] is not None
            else None
        ),
        version=row["version"],
    )


# -- addresses and contacts ----------------------------------------------------------------------
#: The columns of an address row, in the order ``address_values`` gives them.
ADDRESS_COLUMNS = (
    "organisation_id",
    "id",
    "customer_id",
    "country",
    "lines",
    "postal_code",
    "city",
    "kinds",
    "ordinal",
)


def address_values(organisation_id: UUID, address: Address) -> tuple[Any, ...]:
    """An address as a plain tuple in ``ADDRESS_COLUMNS`` order (the bulk insert's row)."""
    return (
        organisation_id,
        address.id,
        address.customer_id,
        address.country,
        dumps(list(address.lines)),
        address.postal_code,
        address.city,
        ",".join(sorted(kind.value for kind in address.kinds)),
        address.ordinal,
    )


def address_row(organisation_id: UUID, address: Address) -> dict[str, Any]:
    return dict(zip(ADDRESS_COLUMNS, address_values(organisation_id, address), strict=True))


def address_from_row(row: Row) -> Address:
    kinds = row["kinds"]
    return Address(
        id=AddressId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        country=row["country"],
        lines=tuple(json.loads(row["lines"])),
        postal_code=row["postal_code"],
        city=row["city"],
        kinds=frozenset(AddressKind(k) for k in kinds.split(",")) if kinds else frozenset(),
        ordinal=row["ordinal"],
    )


def contact_row(organisation_id: UUID, contact: Contact) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": contact.id,
        "customer_id": contact.customer_id,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "title": contact.title,
        "emails": dumps([e.address for e in contact.emails]),
        "phones": dumps(list(contact.phones)),
        "roles": dumps(sorted(contact.roles)),
        "address_id": contact.address_id,
        "active": contact.active,
        "deleted_at": aware("contact", "deleted_at", contact.deleted_at),
    }


def keyword_rows(organisation_id: UUID, contact: Contact) -> list[dict[str, Any]]:
    return [
        {"organisation_id": organisation_id, "contact_id": contact.id, "keyword": keyword}
        for keyword in contact.keywords
    ]


def contact_from_row(row: Row, keywords: Iterable[str]) -> Contact:
    return Contact(
        id=ContactId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        first_name=row["first_name"],
        last_name=row["last_name"],
        title=row["title"],
        emails=tuple(EmailAddress(e) for e in json.loads(row["emails"])),
        phones=tuple(json.loads(row["phones"])),
        roles=frozenset(json.loads(row["roles"])),
        keywords=frozenset(keywords),
        address_id=row["address_id"],
        active=row["active"],
        deleted_at=row["deleted_at"],
    )


# -- projects and invoices -----------------------------------------------------------------------
def project_row(organisation_id: UUID, project: Project) -> dict[str, Any]:
    value = project.expected_value
    return {
        "organisation_id": organisation_id,
        "id": project.id,
        "customer_id": project.customer_id,
        "number": project.number,
        "name": project.name,
        "owner_id": project.owner_id,
        "is_internal": project.is_internal,
        "is_closed": project.is_closed,
        "sales_status_id": project.sales_status_id,
        "probability": project.probability,
        "expected_value_units": money_units(value) if value else None,
        "expected_value_exponent": money_exponent(value) if value else None,
        "expected_value_currency": value.currency if value else None,
        "version": project.version,
    }


def project_from_row(row: Row) -> Project:
    return Project(
        id=ProjectId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        number=row["number"],
        name=row["name"],
        owner_id=row["owner_id"],
        is_internal=row["is_internal"],
        is_closed=row["is_closed"],
        sales_status_id=row["sales_status_id"],
        probability=row["probability"],
        expected_value=money(
            row["expected_value_units"],
            row["expected_value_currency"],
            row["expected_value_exponent"],
        ),
        version=row["version"],
    )


def proposal_row(organisation_id: UUID, proposal: Proposal) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": proposal.id,
        "project_id": proposal.project_id,
        "name": proposal.name,
        "created_on": proposal.created_on,
    }


def proposal_from_row(row: Row) -> Proposal:
    return Proposal(
        id=ProposalId(row["id"]),
        project_id=ProjectId(row["project_id"]),
        name=row["name"],
        created_on=row["created_on"],
    )


def cost_row(organisation_id: UUID, entry: CostEntry) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": entry.id,
        "project_id": entry.project_id,
        "kind": entry.kind.value,
        "on_date": entry.on,
        "amount_units": money_units(entry.amount),
        "amount_exponent": money_exponent(entry.amount),
        "currency": entry.amount.currency,
    }


def cost_from_row(row: Row) -> CostEntry:
    return CostEntry(
        id=CostEntryId(row["id"]),
        project_id=ProjectId(row["project_id"]),
        kind=CostKind(row["kind"]),
        on=row["on_date"],
        amount=Money(money_amount(row["amount_units"], row["amount_exponent"]), row["currency"]),
    )


def forecast_row(organisation_id: UUID, forecast: ProjectForecast) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "project_id": forecast.project_id,
        "month": forecast.month,
        "billing_units": money_units(forecast.billing),
        "billing_exponent": money_exponent(forecast.billing),
        "costs_units": money_units(forecast.costs),
        "costs_exponent": money_exponent(forecast.costs),
        "currency": forecast.billing.currency,
    }


def forecast_from_row(row: Row) -> ProjectForecast:
    currency = row["currency"]
    return ProjectForecast(
        project_id=ProjectId(row["project_id"]),
        month=row["month"],
        billing=Money(money_amount(row["billing_units"], row["billing_exponent"]), currency),
        costs=Money(money_amount(row["costs_units"], row["costs_exponent"]), currency),
    )


def invoice_row(organisation_id: UUID, invoice: Invoice) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": invoice.id,
        "customer_id": invoice.customer_id,
        "status_id": invoice.status_id,
        "on_date": invoice.on,
        "total_excl_vat_units": money_units(invoice.total_excl_vat),
        "total_excl_vat_exponent": money_exponent(invoice.total_excl_vat),
        "total_incl_vat_units": money_units(invoice.total_incl_vat),
        "total_incl_vat_exponent": money_exponent(invoice.total_incl_vat),
        "currency": invoice.total_excl_vat.currency,
        "number": invoice.number,
        "is_credit_note": invoice.is_credit_note,
        "owner_id": invoice.owner_id,
    }


INVOICE_COLUMNS = (
    "organisation_id",
    "id",
    "customer_id",
    "status_id",
    "on_date",
    "total_excl_vat_units",
    "total_excl_vat_exponent",
    "total_incl_vat_units",
    "total_incl_vat_exponent",
    "currency",
    "number",
    "is_credit_note",
    "owner_id",
)


def invoice_values(organisation_id: UUID, invoice: Invoice) -> tuple[Any, ...]:
    """An invoice as a plain tuple in ``INVOICE_COLUMNS`` order (the bulk insert's row)."""
    excl, incl = invoice.total_excl_vat, invoice.total_incl_vat
    return (
        organisation_id,
        invoice.id,
        invoice.customer_id,
        invoice.status_id,
        invoice.on,
        money_units(excl),
        money_exponent(excl),
        money_units(incl),
        money_exponent(incl),
        excl.currency,
        invoice.number,
        invoice.is_credit_note,
        invoice.owner_id,
    )


def invoice_project_rows(organisation_id: UUID, invoice: Invoice) -> list[dict[str, Any]]:
    return [
        {"organisation_id": organisation_id, "invoice_id": invoice.id, "project_id": project_id}
        for project_id in invoice.project_ids
    ]


def invoice_from_row(row: Row, project_ids: Iterable[ProjectId]) -> Invoice:
    currency = row["currency"]
    return Invoice(
        id=InvoiceId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        status_id=InvoiceStatusId(row["status_id"]),
        on=row["on_date"],
        total_excl_vat=Money(
            money_amount(row["total_excl_vat_units"], row["total_excl_vat_exponent"]), currency
        ),
        total_incl_vat=Money(
            money_amount(row["total_incl_vat_units"], row["total_incl_vat_exponent"]), currency
        ),
        number=row["number"],
        project_ids=frozenset(project_ids),
        is_credit_note=row["is_credit_note"],
        owner_id=row["owner_id"],
    )


# -- activities, notes, tasks, files -------------------------------------------------------------
def activity_row(organisation_id: UUID, activity: Activity) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": activity.id,
        "customer_id": activity.customer_id,
        "kind": activity.kind.value,
        "title": activity.title,
        "owner_id": activity.owner_id,
        "project_id": activity.project_id,
        "starts_at": aware("activity", "starts_at", activity.starts_at),
        "ends_at": aware("activity", "ends_at", activity.ends_at),
        "done": activity.done,
        "contact_ids": _uuids(activity.contact_ids),
        "description": activity.description,
    }


def activity_from_row(row: Row) -> Activity:
    contact_ids: list[ContactId] = [ContactId(c) for c in _load_uuids(row["contact_ids"])]
    return Activity(
        id=ActivityId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        kind=ActivityKind(row["kind"]),
        title=row["title"],
        owner_id=row["owner_id"],
        project_id=row["project_id"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        done=row["done"],
        contact_ids=contact_ids,
        description=row["description"],
    )


def note_row(organisation_id: UUID, note: Note) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": note.id,
        "customer_id": note.customer_id,
        "text": note.text,
        "created_at": aware("note", "created_at", note.created_at),
        "created_by": note.created_by,
        "project_id": note.project_id,
    }


def note_from_row(row: Row) -> Note:
    return Note(
        id=NoteId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        text=row["text"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        project_id=row["project_id"],
    )


def task_row(organisation_id: UUID, task: Task) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": task.id,
        "project_id": task.project_id,
        "name": task.name,
        "status_id": task.status_id,
        "assignee_ids": _uuids(task.assignee_ids),
    }


def task_from_row(row: Row) -> Task:
    assignee_ids: list[UserId] = [UserId(u) for u in _load_uuids(row["assignee_ids"])]
    return Task(
        id=TaskId(row["id"]),
        project_id=ProjectId(row["project_id"]),
        name=row["name"],
        status_id=TaskStatusId(row["status_id"]),
        assignee_ids=assignee_ids,
    )


def file_row(organisation_id: UUID, item: FileLink) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": item.id,
        "customer_id": item.customer_id,
        "kind": item.kind.value,
        "name": item.name,
        "created_at": aware("file", "created_at", item.created_at),
        "created_by": item.created_by,
        "project_id": item.project_id,
        "url": item.url,
        "blob_key": item.blob_key,
        "size": item.size,
        "media_type": item.media_type,
    }


def file_from_row(row: Row) -> FileLink:
    return FileLink(
        id=FileLinkId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        kind=FileLinkKind(row["kind"]),
        name=row["name"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        project_id=row["project_id"],
        url=row["url"],
        blob_key=row["blob_key"],
        size=row["size"],
        media_type=row["media_type"],
    )


# -- audit ---------------------------------------------------------------------------------------
#: The columns of an audit row, in the order ``audit_values`` gives them.
AUDIT_COLUMNS = (
    "organisation_id",
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "field",
    "before",
    "after",
    "batch_id",
)


def audit_values(organisation_id: UUID, entry: AuditEntry) -> tuple[Any, ...]:
    """An audit entry as a plain tuple in ``AUDIT_COLUMNS`` order (the bulk insert's row)."""
    return (
        organisation_id,
        entry.id,
        aware("audit", "at", entry.at),
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.field,
        dumps(entry.before),
        dumps(entry.after),
        entry.batch_id,
    )


def audit_from_row(row: Row) -> AuditEntry:
    return AuditEntry(
        id=AuditEntryId(row["id"]),
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        field=row["field"],
        before=json.loads(row["before"]),
        after=json.loads(row["after"]),
        batch_id=row["batch_id"],
    )


# -- settings catalogues -------------------------------------------------------------------------
def _common(organisation_id: UUID, position: int, item: Any) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": item.id,
        "position": position,
        "name": item.name,
    }


def user_row(organisation_id: UUID, position: int, user: User) -> dict[str, Any]:
    email = user.email.address if user.email else None
    return {**_common(organisation_id, position, user), "email": email, "active": user.active}


def user_from_row(row: Row) -> User:
    email = EmailAddress(row["email"]) if row["email"] is not None else None
    return User(UserId(row["id"]), row["name"], email, row["active"])


def industry_row(organisation_id: UUID, position: int, item: Industry) -> dict[str, Any]:
    return {**_common(organisation_id, position, item), "active": item.active}


def industry_from_row(row: Row) -> Industry:
    return Industry(IndustryId(row["id"]), row["name"], row["active"])


def template_row(organisation_id: UUID, position: int, item: InvoiceTemplate) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "language": item.language,
        "active": item.active,
    }


def template_from_row(row: Row) -> InvoiceTemplate:
    return InvoiceTemplate(
        InvoiceTemplateId(row["id"]), row["name"], row["language"], row["active"]
    )


def vat_rate_row(organisation_id: UUID, position: int, item: VatRate) -> dict[str, Any]:
    rate = str(item.rate)
    return {**_common(organisation_id, position, item), "rate": rate, "active": item.active}


def vat_rate_from_row(row: Row) -> VatRate:
    return VatRate(VatRateId(row["id"]), row["name"], Decimal(row["rate"]), row["active"])


def segment_group_row(
    organisation_id: UUID, position: int, item: MarketSegmentGroup
) -> dict[str, Any]:
    return _common(organisation_id, position, item)


def segment_group_from_row(row: Row) -> MarketSegmentGroup:
    return MarketSegmentGroup(MarketSegmentGroupId(row["id"]), row["name"])


def segment_row(organisation_id: UUID, position: int, item: MarketSegment) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "group_id": item.group_id,
        "active": item.active,
    }


def segment_from_row(row: Row) -> MarketSegment:
    return MarketSegment(MarketSegmentId(row["id"]), row["name"], row["group_id"], row["active"])


def invoice_status_row(organisation_id: UUID, position: int, item: InvoiceStatus) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "is_sent": item.is_sent,
        "is_paid": item.is_paid,
        "has_number": item.has_number,
        "is_read_only": item.is_read_only,
        "active": item.active,
    }


def invoice_status_from_row(row: Row) -> InvoiceStatus:
    return InvoiceStatus(
        InvoiceStatusId(row["id"]),
        row["name"],
        is_sent=row["is_sent"],
        is_paid=row["is_paid"],
        has_number=row["has_number"],
        is_read_only=row["is_read_only"],
        active=row["active"],
    )


def sales_status_row(organisation_id: UUID, position: int, item: SalesStatus) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "state": item.state.value,
        "default_probability": item.default_probability,
        "active": item.active,
    }


def sales_status_from_row(row: Row) -> SalesStatus:
    return SalesStatus(
        SalesStatusId(row["id"]),
        row["name"],
        SalesState(row["state"]),
        row["default_probability"],
        row["active"],
    )


def task_status_row(organisation_id: UUID, position: int, item: TaskStatus) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "is_done": item.is_done,
        "sort_order": item.order,
        "active": item.active,
    }


def task_status_from_row(row: Row) -> TaskStatus:
    return TaskStatus(
        TaskStatusId(row["id"]), row["name"], row["is_done"], row["sort_order"], row["active"]
    )


def custom_field_row(
    organisation_id: UUID, position: int, item: CustomFieldDefinition
) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "type": item.type.value,
        "choices": dumps(list(item.choices)),
        "required": item.required,
        "active": item.active,
    }


def custom_field_from_row(row: Row) -> CustomFieldDefinition:
    return CustomFieldDefinition(
        CustomFieldId(row["id"]),
        row["name"],
        CustomFieldType(row["type"]),
        tuple(json.loads(row["choices"])),
        row["required"],
        row["active"],
    )
