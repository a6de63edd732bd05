"""Customer use cases: create (C1-C4, C7), read and search (C6), inactivate / reactivate (C5),
update details and billing settings (C8)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Mapping
from datetime import datetime
from functools import partial
from typing import Any
from typing import TypeVar
from uuid import UUID

from attrs import field
from attrs import frozen

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.business_ids import tax_ids
from custreg.domain.checked import maker
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.customer import customer_name
from custreg.domain.customer import payment_term
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.errors import ConflictError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Outcome
from custreg.domain.events import Stamp
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest
from custreg.domain.settings import CustomValue
from custreg.domain.settings import OrganisationSettings
from custreg.domain.validation import ErrorCollector
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.ports.clock import IdGenerator
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import Unset
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.commands import cleared
from custreg.usecases.einvoicing import NO_EINVOICE_ADDRESSES
from custreg.usecases.einvoicing import new_einvoice_addresses
from custreg.usecases.writes import writing

T = TypeVar("T")

#: A business id typed in the VAT field is reported on that field, the one the form has.
_VAT = ("customer", "vat_number")
_EMAIL = ("customer", "email")
_WEB = ("customer", "website")


def _tax_ids(raw: str | None, country: str | None) -> tuple[VatNumber | None, BusinessId | None]:
    """C2: the normalised VAT number and business id from what the user typed."""
    if raw is None or not raw.strip():
        return None, None
    return tax_ids(raw, country)


def _optional(make: Callable[[str], T], raw: str | None) -> T | None:
    """An optional form field: empty or whitespace-only means "none", like the VAT field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return make(raw)


def check_duplicates(
    uow: UnitOfWork, vat: VatNumber | None, business_id: BusinessId | None, me: CustomerId | None
) -> None:
    """C4: refuse a VAT number or business id another customer already has."""
    found = (uow.customers.with_vat_number(vat) if vat else []) or (
        uow.customers.with_business_id(business_id) if business_id else []
    )
    others = [c for c in found if c.id != me]
    if others:
        field = "vat_number" if vat and others[0].vat_number == vat else "business_id"
        raise PossibleDuplicateError(field, others[0].id, others[0].name)


def check_customer_references(settings: OrganisationSettings, customer: Customer) -> None:
    """M5/C8: owner, industry, template, VAT rate and segments must be active settings."""
    check_references(
        settings,
        owner=customer.owner_id,
        industry=customer.industry_id,
        template=customer.invoice_template_id,
        vat_rate=customer.default_vat_rate_id,
        segments=customer.market_segment_ids,
    )


def check_references(
    settings: OrganisationSettings,
    *,
    owner: UserId | None = None,
    industry: IndustryId | None = None,
    template: InvoiceTemplateId | None = None,
    vat_rate: VatRateId | None = None,
    segments: Collection[MarketSegmentId] = (),
) -> None:
    """M5/C8: the referenced settings must exist and be active (every bad one reported)."""
    errors = ErrorCollector()
    if owner is not None:
        errors.check(lambda: settings.require_active_user(owner))
    if industry is not None:
        errors.check(lambda: settings.require_industry(industry))
    if template is not None:
        errors.check(lambda: settings.require_invoice_template(template))
    if vat_rate is not None:
        errors.check(lambda: settings.require_vat_rate(vat_rate))
    for segment in sorted(segments):
        errors.check(partial(settings.require_segment, segment))
    errors.raise_if_any()


@frozen
class CustomerDraft:
    """A CreateCustomer whose every field has been checked, with its ids drawn; ``build`` makes
    the Customer once it has its number. Shared by create_customer and the bulk import.

    A draft made by ``draft_customer`` is marked as checked and builds its Customer without
    running Customer's converters and validators again (``custreg.domain.checked.maker``); any
    other draft (made directly, or changed with ``attrs.evolve``) builds through Customer's own
    constructor, every value checked."""

    id: CustomerId
    name: str
    vat_number: VatNumber | None
    business_id: BusinessId | None
    email: EmailAddress | None
    website: Website | None
    einvoice_addresses: EInvoiceAddresses
    owner_id: UserId | None
    industry_id: IndustryId | None
    is_internal: bool
    address: Address | None
    _checked: object = field(default=None, init=False, repr=False, eq=False)

    def build(self, number: CustomerNumber, at: datetime, by: UserId | None) -> Customer:
        """The new customer, its first address (if any) as headquarters (A1)."""
        make = _trusted_customer if self._checked is _CHECKED and _an_id(by) else Customer
        return make(
            id=self.id,
            number=number,
            name=self.name,
            created_at=at,
            created_by=by,
            updated_at=None,
            updated_by=None,
            status=CustomerStatus.ACTIVE,
            vat_number=self.vat_number,
            business_id=self.business_id,
            website=self.website,
            email=self.email,
            owner_id=self.owner_id,
            industry_id=self.industry_id,
            market_segment_ids=_NO_SEGMENTS,
            invoice_template_id=None,
            default_vat_rate_id=None,
            payment_term_days=None,
            einvoice_addresses=self.einvoice_addresses,
            headquarters_address_id=self.address.id if self.address is not None else None,
            custom_fields=_NO_CUSTOM_FIELDS,
            is_internal=self.is_internal,
            vat_check=None,
            version=1,
        )


#: The mark of a draft whose fields ``draft_customer`` checked by Customer's rules.
_CHECKED = object()
_trusted_customer = maker(Customer)
_trusted_draft = maker(CustomerDraft)
_NO_SEGMENTS: frozenset[MarketSegmentId] = frozenset()
_NO_CUSTOM_FIELDS: FrozenMap[CustomFieldId, CustomValue] = FrozenMap()


def _an_id(value: object) -> bool:
    """Whether ``value`` is None or a UUID: what Customer's id validators accept."""
    return value is None or isinstance(value, UUID)


def draft_customer(
    cmd: CreateCustomer, ids: IdGenerator, settings: OrganisationSettings | None = None
) -> CustomerDraft:
    """Check every field of ``cmd`` (C1, C2, C7, the address; with ``settings`` also that owner
    and industry are active settings, M5) and raise every error at once (ValidationErrors)."""
    # Fields left out (None, no e-invoicing entries, no owner or industry) have nothing to check
    # and are not sent through the collector: a bulk import drafts thousands of mostly sparse
    # records, and each check costs a closure and a call.
    errors = ErrorCollector()
    check = errors.check
    name = check(lambda: customer_name(cmd.name))
    tax: tuple[VatNumber | None, BusinessId | None] = (None, None)
    if cmd.vat_number is not None:
        tax = check(lambda: _tax_ids(cmd.vat_number, cmd.country), *_VAT) or (None, None)
    email = website = None
    if cmd.email is not None:
        email = check(lambda: _optional(EmailAddress, cmd.email), *_EMAIL)
    if cmd.website is not None:
        website = check(lambda: _optional(Website, cmd.website), *_WEB)
    entries = cmd.einvoice_addresses
    einvoice: EInvoiceAddresses | None = NO_EINVOICE_ADDRESSES
    if entries is not None and not (type(entries) is tuple and not entries):
        einvoice = check(lambda: new_einvoice_addresses(entries))
    customer_id = CustomerId(ids.new_id())
    address = check(lambda: _new_address(ids, customer_id, cmd)) if cmd.address else None
    if settings is not None and (cmd.owner_id is not None or cmd.industry_id is not None):
        check(lambda: check_references(settings, owner=cmd.owner_id, industry=cmd.industry_id))
    errors.raise_if_any()
    owner, industry = cmd.owner_id, cmd.industry_id
    checked = isinstance(customer_id, UUID) and _an_id(owner) and _an_id(industry)
    return _trusted_draft(
        id=customer_id,
        name=name or "",
        vat_number=tax[0],
        business_id=tax[1],
        email=email,
        website=website,
        einvoice_addresses=NO_EINVOICE_ADDRESSES if einvoice is None else einvoice,
        owner_id=owner,
        industry_id=industry,
        is_internal=cmd.is_internal,
        address=address,
        _checked=_CHECKED if checked else None,
    )


def create_customer(registry: Registry, principal: Principal, cmd: CreateCustomer) -> Customer:
    """Create a customer, with its first address as headquarters (A1).

    Every bad field is reported at once (ValidationErrors); a VAT number another customer has is
    a PossibleDuplicateError unless ``cmd.accept_duplicate`` (C4). Nothing is stored on error.
    """
    require(principal, CustomerPermission.EDIT, "customer", "create")
    draft = draft_customer(cmd, registry.ids)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        settings = uow.settings.get()
        if not cmd.accept_duplicate:
            check_duplicates(uow, draft.vat_number, draft.business_id, None)
        check_references(settings, owner=draft.owner_id, industry=draft.industry_id)
        customer = draft.build(uow.customers.next_number(), stamp.at, stamp.actor)
        uow.customers.add(customer)
        if draft.address is not None:
            uow.addresses.add(draft.address)
        uow.commit([customer.created(stamp)])
    return customer


#: What a customer's first address is for when the form says nothing (it is the only one).
_FIRST_ADDRESS_KINDS = frozenset({AddressKind.VISITING, AddressKind.POSTAL})


def _new_address(ids: IdGenerator, customer_id: CustomerId, cmd: CreateCustomer) -> Address:
    raw = cmd.address
    assert raw is not None
    kinds = raw.kinds or _FIRST_ADDRESS_KINDS
    return Address(
        id=AddressId(ids.new_id()),
        customer_id=customer_id,
        country=raw.country,
        lines=raw.lines,
        postal_code=raw.postal_code,
        city=raw.city,
        kinds=kinds,
        ordinal=1,
    )


def get_customer(registry: Registry, principal: Principal, customer_id: CustomerId) -> Customer:
    """One customer (NotFoundError if unknown; None permission sees nothing, U2)."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "read")
    with registry.read() as uow:
        return uow.customers.get(customer_id)


def list_customers(
    registry: Registry,
    principal: Principal,
    query: CustomerQuery | None = None,
    page: PageRequest | None = None,
) -> Page[Customer]:
    """A page of customers matching ``query`` ordered by number (C6: no status filter = both)."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "list")
    with registry.read() as uow:
        return uow.customers.find(query or CustomerQuery(), page or PageRequest())


def _set_status(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    change: Callable[[Customer, Stamp], Outcome[Customer]],
    action: str,
) -> Customer:
    with writing(registry, principal, "customer", action) as (uow, stamp):
        after, events = change(uow.customers.get(customer_id), stamp)
        return uow.commit_change(uow.customers.update, after, events)


def inactivate_customer(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> Customer:
    """C5: set the status to inactive; every address, contact, project, invoice... stays."""
    return _set_status(registry, principal, customer_id, Customer.inactivate, "inactivate")


def reactivate_customer(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> Customer:
    """C5: set the status back to active."""
    return _set_status(registry, principal, customer_id, Customer.reactivate, "reactivate")


def _custom_values(
    settings: OrganisationSettings,
    current: FrozenMap[CustomFieldId, CustomValue],
    changes: Mapping[CustomFieldId, Any],
) -> FrozenMap[CustomFieldId, CustomValue]:
    """Check custom field values against their definitions; None removes a value."""
    result = current
    for field_id, value in changes.items():
        definition = settings.custom_field(field_id)
        if value is None:
            result = result.without(field_id)
        else:
            result = result.set(field_id, definition.check(value))
    return result


def _identifier(cmd: UpdateCustomer, name: str) -> str | Unset | None:
    """The raw identifier the command sets (None: clear it; UNSET: leave it); blank refused."""
    raw = cleared(getattr(cmd, name))
    if isinstance(raw, str) and not raw.strip():
        raise ValidationError(
            "customer", name, "is empty: pass CLEAR to remove it or leave it UNCHANGED", raw
        )
    return raw


def _identifier_changes(cmd: UpdateCustomer, current: Customer) -> dict[str, Any]:
    """C2 and item "clear one, keep the other": the VAT number and business id fields the
    command changes. Setting the VAT number also sets the business id it implies, unless the
    command says what the business id is; clearing either empties that one alone."""
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    vat_raw = errors.check(lambda: _identifier(cmd, "vat_number"))
    bid_raw = errors.check(lambda: _identifier(cmd, "business_id"))
    errors.raise_if_any()
    if vat_raw is None:
        changes["vat_number"] = None
    elif isinstance(vat_raw, str):
        tax = errors.check(lambda: tax_ids(vat_raw, cmd.country), *_VAT)
        if tax is not None:
            vat, derived = tax
            changes["vat_number"] = vat
            if derived is not None and cmd.business_id is UNSET:
                changes["business_id"] = derived
    if bid_raw is None:
        changes["business_id"] = None
    elif isinstance(bid_raw, str):
        country = cmd.country or (
            current.business_id.country
            if current.business_id is not None
            else current.vat_number.country
            if current.vat_number is not None
            else None
        )
        if country is None:
            errors.errors.append(
                ValidationError(
                    "customer", "business_id", "needs a country to be validated", bid_raw
                )
            )
        else:
            parsed = errors.check(
                lambda: BusinessId.parse(bid_raw, country), "customer", "business_id"
            )
            if parsed is not None:
                changes["business_id"] = parsed
    errors.raise_if_any()
    return changes


def _changes(
    cmd: UpdateCustomer, current: Customer, settings: OrganisationSettings
) -> dict[str, Any]:
    """Every set field of ``cmd``, checked, all bad fields reported at once."""
    errors = ErrorCollector()
    values: dict[str, Any] = {}

    def put(name: str, make: Any) -> None:
        raw = cleared(getattr(cmd, name))
        if raw is not UNSET:
            relabelled = name in {"email", "website"}
            relabel = ("customer", name) if relabelled else (None, None)
            values[name] = errors.check(lambda: make(raw), *relabel)

    put("name", customer_name)
    put("email", partial(_optional, EmailAddress))
    put("website", partial(_optional, Website))
    put("einvoice_addresses", new_einvoice_addresses)
    put("payment_term_days", payment_term)
    put("custom_fields", lambda v: _custom_values(settings, current.custom_fields, v))
    for name in ("owner_id", "industry_id", "invoice_template_id", "default_vat_rate_id"):
        put(name, lambda v: v)
    put("market_segment_ids", frozenset)
    errors.check(lambda: values.update(_identifier_changes(cmd, current)))
    errors.raise_if_any()
    return values


def update_customer(registry: Registry, principal: Principal, cmd: UpdateCustomer) -> Customer:
    """Change details and billing settings of one customer.

    C8: billing settings apply to what is created from now on; existing invoices, projects and
    sales cases are not touched (they are not even read).
    """
    with writing(registry, principal, "customer", "update") as (uow, stamp):
        before = uow.customers.get(cmd.customer_id)
        if cmd.expected_version is not None and cmd.expected_version != before.version:
            raise ConflictError("customer", before.id, cmd.expected_version, before.version)
        settings = uow.settings.get()
        after, events = before.edit(stamp, **_changes(cmd, before, settings))
        check_customer_references(settings, after)
        if not events:
            return before
        if after.vat_number != before.vat_number or after.business_id != before.business_id:
            check_duplicates(uow, after.vat_number, after.business_id, before.id)
        uow.customers.update(after)
        uow.commit(events)
    return after


__all__ = [
    "CustomerDraft",
    "check_references",
    "create_customer",
    "draft_customer",
    "get_customer",
    "inactivate_customer",
    "list_customers",
    "reactivate_customer",
    "update_customer",
]
