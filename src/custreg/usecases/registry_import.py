"""Public business registries in the customer flows.

- ``search_registry``: a one-word name or a business id / VAT number (R1); ids are checked with
  python-stdnum before any request (C2).
- ``import_from_registry``: create the customer from a hit with its visiting address as
  headquarters and its postal address, in one unit of work (R2, A1); duplicates (C4) and
  dissolved, deleted or bankrupt companies (R5) need the caller's explicit consent.
- ``preview_registry_update`` / ``update_from_registry``: a field-by-field diff, then only the
  chosen fields among name, visiting address, postal address, email and website (R3); only for
  customers with a VAT number of a country that has a registry.

Registry calls happen before any unit of work opens, so a registry failure (R4) writes nothing.
The registries come as a mapping country code -> CompanyRegistry port (``registries_for()`` builds
one); they are not part of the ``Registry`` bundle.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any
from uuid import UUID

import attrs
from attrs import field, frozen

from custreg.domain.address import Address, AddressKind, headquarters_after_adding
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.company import CompanyRecord, CompanySearchPage, RegistryAddress
from custreg.domain.customer import Customer, customer_name
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.errors import (
    BusinessRuleError,
    CompanyGoneError,
    CompanyNotFoundError,
    ConflictError,
    ValidationError,
)
from custreg.domain.events import Changed, Created, DomainEvent, Stamp
from custreg.domain.ids import AddressId, CustomerId, IndustryId, UserId
from custreg.domain.permissions import CustomerPermission, Principal, require
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import EmailAddress, Website
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.customers import check_customer_references, check_duplicates

#: The fields "Update customer details" may change (R3), in display order.
REGISTRY_FIELDS = (
    "name",
    "visiting_address",
    "postal_address",
    "email",
    "website",
    "einvoice_addresses",
)

#: Country code -> the registry adapter of that country.
CompanyRegistries = Mapping[str, CompanyRegistry]

#: How many digits a national business id has (what tells an id query from a name query).
_ID_DIGITS = {"FI": {7, 8}, "NO": {9}, "SE": {10, 12}, "DK": {8}}
_SEPARATORS = re.compile(r"[\s.\-/]")

_NIL = UUID(int=0)

#: An address's printable content: country, lines, postal code, city.
Content = tuple[str, tuple[str, ...], str | None, str | None]


# --- search (R1) -------------------------------------------------------------------------------


def registry_for(registries: CompanyRegistries, country: str) -> CompanyRegistry:
    """The registry of ``country`` or a ValidationError naming the countries that have one."""
    code = country.strip().upper() if isinstance(country, str) else ""
    found = registries.get(code)
    if found is None:
        available = ", ".join(sorted(registries)) or "none"
        raise ValidationError(
            "registry_search",
            "country",
            f"no public registry for {country!r} (registries: {available})",
            country,
        )
    return found


def registry_query(query: object, country: str) -> BusinessId | str:
    """What a user typed in the search field: a business id (a VAT number is turned into one) or
    a name. Anything shaped like an id must be a valid one: it is refused before any request."""
    if not isinstance(query, str) or not query.strip():
        raise ValidationError("registry_search", "query", "must not be blank", query)
    text = " ".join(query.split())
    compact = _SEPARATORS.sub("", text).upper()
    prefix, rest = compact[:2], compact[2:].removesuffix("MVA")
    if len(compact) > 2 and prefix.isalpha() and rest.isdigit():
        vat = VatNumber.parse(text)
        if vat.country != country:
            raise ValidationError(
                "registry_search",
                "query",
                f"is a {vat.country} VAT number; search the {vat.country} registry",
                query,
            )
        business_id = vat.business_id()
        if business_id is None:  # pragma: no cover - every registry country derives its id
            raise ValidationError("registry_search", "query", "has no business id", query)
        return business_id
    digits = compact.removesuffix("MVA")
    if digits.isdigit() and len(digits) in _ID_DIGITS.get(country, set()):
        return BusinessId.parse(text, country)
    return text


def search_registry(
    registries: CompanyRegistries,
    principal: Principal,
    country: str,
    query: str,
    page: int = 0,
) -> CompanySearchPage:
    """R1: the companies matching a name (one page, 0-based), or the one company with this
    business id / VAT number (an unknown id gives an empty page).

    R4: entries of the page the registry sent malformed are in ``page.rejected`` (position, raw
    id, reason) beside the good ``hits``; they are never hits, so they cannot be imported.
    """
    require(principal, CustomerPermission.READ_ONLY, "customer", "search a public registry")
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        raise ValidationError("registry_search", "page", "must be a whole number >= 0", page)
    registry = registry_for(registries, country)
    target = registry_query(query, registry.country)
    if isinstance(target, str):
        return registry.search(target, page)
    if page != 0:
        return CompanySearchPage((), 1, page, 1)
    try:
        return CompanySearchPage((registry.lookup(target),), 1, 0, 1)
    except CompanyNotFoundError:
        return CompanySearchPage((), 0, 0, 1)


# --- import (R2, R5, C4, A1) -------------------------------------------------------------------


@frozen
class ImportResult:
    """The created customer, its addresses (headquarters first), and the registry values that
    could not be used, by field, with the reason (an invalid website, an unmatched industry)."""

    customer: Customer
    addresses: tuple[Address, ...]
    skipped: Mapping[str, str] = field(factory=dict)


def _refuse_inactive(record: CompanyRecord) -> None:
    """R5: a company that no longer trades is imported or used only with explicit consent."""
    if not record.is_alive:
        raise CompanyGoneError(
            record.registry,
            record.business_id.value,
            f"{record.name} is {record.describe_status()} according to the registry; "
            "pass accept_inactive=True to use it anyway",
        )


def _content_of(address: Address) -> Content:
    return (address.country, address.lines, address.postal_code, address.city)


def _fit_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """At most four lines: the rest joins the last one."""
    return lines if len(lines) <= 4 else (*lines[:3], ", ".join(lines[3:]))


def address_content(source: RegistryAddress) -> Content:
    """The customer-address content of a registry address, normalised by Address's own rules
    (a ValidationError if it breaks them)."""
    probe = Address(
        id=AddressId(_NIL),
        customer_id=CustomerId(_NIL),
        country=source.country,
        lines=_fit_lines(source.street_lines()),
        postal_code=source.postal_code,
        city=source.city,
    )
    return _content_of(probe)


def _optional_value(kind: str, raw: str | None) -> tuple[str | None, str | None]:
    """(normalised value, None) or (None, reason) for a registry email or website."""
    if raw is None:
        return None, None
    try:
        return (str(EmailAddress(raw)) if kind == "email" else str(Website(raw))), None
    except ValidationError as error:
        return None, f"registry value {raw!r} {error.reason}"


def _industry(
    settings: OrganisationSettings,
    record: CompanyRecord,
    industries: Mapping[str, IndustryId] | None,
) -> tuple[IndustryId | None, str | None]:
    """R2: the organisation's industry for the main business line: the host's mapping by the
    longest code prefix, else an active industry with the same name; else a reason."""
    active = {i.id for i in settings.industries if i.active}
    code = record.industry_code
    if code and industries:
        for length in range(len(code), 0, -1):
            mapped = industries.get(code[:length])
            if mapped is not None and mapped in active:
                return mapped, None
    if record.industry_name:
        wanted = record.industry_name.casefold()
        for industry in settings.industries:
            if industry.active and industry.name.casefold() == wanted:
                return industry.id, None
    if not code and not record.industry_name:
        return None, None
    named = f"({record.industry_name})" if record.industry_name else ""
    label = " ".join(p for p in (code, named) if p)
    return None, f"no active industry of the organisation matches {label}"


def _new_addresses(
    registry: Registry, customer_id: CustomerId, record: CompanyRecord
) -> list[Address]:
    """Visiting address first (it becomes the headquarters, A1), then the postal address; one
    address with both kinds when they are the same."""
    wanted: list[tuple[Content, set[AddressKind]]] = []
    for source, kind in (
        (record.visiting_address, AddressKind.VISITING),
        (record.postal_address, AddressKind.POSTAL),
    ):
        if source is None:
            continue
        content = address_content(source)
        same = next((w for w in wanted if w[0] == content), None)
        if same is not None:
            same[1].add(kind)
        else:
            wanted.append((content, {kind}))
    return [
        Address(
            id=AddressId(registry.ids.new_id()),
            customer_id=customer_id,
            country=content[0],
            lines=content[1],
            postal_code=content[2],
            city=content[3],
            kinds=frozenset(kinds),
            ordinal=ordinal,
        )
        for ordinal, (content, kinds) in enumerate(wanted, start=1)
    ]


def import_from_registry(
    registry: Registry,
    principal: Principal,
    hit: CompanyRecord,
    *,
    accept_duplicate: bool = False,
    accept_inactive: bool = False,
    industries: Mapping[str, IndustryId] | None = None,
    owner_id: UserId | None = None,
) -> ImportResult:
    """R2: create a customer from a registry hit: name, business id, VAT number (only if the
    registry says the company is VAT-registered), visiting address as headquarters, postal
    address, website, email and e-invoicing addresses (C7) when published, and the industry of
    its main business line
    (``industries`` maps registry code prefixes to the organisation's industries).

    R5: a company that is not alive raises CompanyGoneError unless ``accept_inactive``. C4: a VAT
    number or business id another customer has raises PossibleDuplicateError unless
    ``accept_duplicate``. Customer, addresses and audit entries are written in one unit of work.
    """
    require(principal, CustomerPermission.EDIT, "customer", "import from a public registry")
    if not accept_inactive:
        _refuse_inactive(hit)
    name = customer_name(hit.name)
    skipped: dict[str, str] = {}
    email, why = _optional_value("email", hit.email)
    if why:
        skipped["email"] = why
    website, why = _optional_value("website", hit.website)
    if why:
        skipped["website"] = why
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        settings = uow.settings.get()
        if not accept_duplicate:
            check_duplicates(uow, hit.vat_number, hit.business_id, None)
        industry_id, why = _industry(settings, hit, industries)
        if why:
            skipped["industry"] = why
        customer_id = CustomerId(registry.ids.new_id())
        addresses = _new_addresses(registry, customer_id, hit)
        customer = Customer(
            id=customer_id,
            number=uow.customers.next_number(),
            name=name,
            created_at=stamp.at,
            created_by=stamp.actor,
            vat_number=hit.vat_number,
            business_id=hit.business_id,
            website=Website(website) if website else None,
            email=EmailAddress(email) if email else None,
            owner_id=owner_id,
            industry_id=industry_id,
            headquarters_address_id=addresses[0].id if addresses else None,
            einvoice_addresses=EInvoiceAddresses().merged(hit.einvoice_addresses),
        )
        check_customer_references(settings, customer)
        uow.customers.add(customer)
        events: list[DomainEvent] = [customer.created(stamp, "import")]
        for address in addresses:
            uow.addresses.add(address)
            events.append(Created("address", address, stamp, "import"))
        uow.record(events)
        uow.commit()
    return ImportResult(customer, tuple(addresses), skipped)


# --- update with a diff (R3) -------------------------------------------------------------------


@frozen
class FieldChange:
    """One row of the diff: what the customer has, what the registry proposes.

    ``proposed`` is None when the registry has no usable value; ``note`` then says why.
    """

    field: str
    current: str | None
    proposed: str | None
    note: str | None = None

    @property
    def changed(self) -> bool:
        """Whether applying this field would change the customer."""
        return self.proposed is not None and self.proposed != self.current


@frozen
class RegistryUpdatePreview:
    """What "Update customer details" shows before anything is written (R3)."""

    customer_id: CustomerId
    customer_version: int
    record: CompanyRecord
    changes: tuple[FieldChange, ...]
    visiting_content: Content | None = None
    postal_content: Content | None = None

    def change(self, name: str) -> FieldChange:
        return next(c for c in self.changes if c.field == name)

    @property
    def changed_fields(self) -> tuple[str, ...]:
        """The fields whose update would change something."""
        return tuple(c.field for c in self.changes if c.changed)

    def render(self) -> str:
        """The diff as text, one field per line."""
        record = self.record
        rows = [f"{record.name} ({record.business_id.value}): {record.describe_status()}"]
        for c in self.changes:
            if c.proposed is None:
                rows.append(f"  {c.field}: {c.current or '-'} (registry: {c.note or 'no value'})")
            elif c.changed:
                rows.append(f"  {c.field}: {c.current or '-'} -> {c.proposed}")
            else:
                rows.append(f"  {c.field}: {c.current or '-'} (unchanged)")
        return "\n".join(rows)


@frozen
class RegistryUpdateResult:
    """The customer after the update, the fields that changed, and the chosen fields that could
    not be applied, with the reason (the registry has no such value)."""

    customer: Customer
    applied: tuple[str, ...]
    skipped: Mapping[str, str] = field(factory=dict)


def visiting_and_postal(
    customer: Customer, addresses: Iterable[Address]
) -> tuple[Address | None, Address | None]:
    """Which of the customer's addresses are "the" visiting and "the" postal address: the
    headquarters if it is a visiting address, else the earliest visiting one; the earliest postal
    address other than that, else the visiting one if it is also postal."""
    ordered = sorted(addresses, key=lambda a: a.ordinal)
    hq = next((a for a in ordered if a.id == customer.headquarters_address_id), None)
    visiting = hq if hq is not None and AddressKind.VISITING in hq.kinds else next(
        (a for a in ordered if AddressKind.VISITING in a.kinds), None
    )
    postal = next(
        (a for a in ordered if AddressKind.POSTAL in a.kinds and a is not visiting), None
    )
    if postal is None and visiting is not None and AddressKind.POSTAL in visiting.kinds:
        postal = visiting
    return visiting, postal


def _one_line(content: Content | None) -> str | None:
    if content is None:
        return None
    country, lines, postal_code, city = content
    place = " ".join(p for p in (postal_code, city) if p)
    return ", ".join(p for p in (*lines, place, country) if p)


def _customer_registry(
    registries: CompanyRegistries, customer: Customer
) -> tuple[CompanyRegistry, BusinessId]:
    """R3: only customers with a VAT number of a country that has a registry."""
    vat = customer.vat_number
    if vat is None:
        raise BusinessRuleError(
            "customer", "vat_number", "updating from a public registry needs a VAT number"
        )
    registry = registries.get(vat.country)
    business_id = vat.business_id()
    if registry is None or business_id is None:
        available = ", ".join(sorted(registries)) or "none"
        raise BusinessRuleError(
            "customer",
            "vat_number",
            f"no public registry for {vat.country} VAT numbers (registries: {available})",
        )
    return registry, business_id


def diff(
    customer: Customer, addresses: Iterable[Address], record: CompanyRecord
) -> tuple[tuple[FieldChange, ...], Content | None, Content | None]:
    """The field-by-field comparison of a customer with its registry record (pure)."""
    visiting, postal = visiting_and_postal(customer, addresses)
    changes: list[FieldChange] = []
    try:
        changes.append(FieldChange("name", customer.name, customer_name(record.name)))
    except ValidationError as error:
        changes.append(FieldChange("name", customer.name, None, f"invalid name: {error.reason}"))
    proposals: dict[str, Content | None] = {}
    for name, current, source in (
        ("visiting_address", visiting, record.visiting_address),
        ("postal_address", postal, record.postal_address),
    ):
        now = _one_line(_content_of(current)) if current else None
        proposals[name] = None
        if source is None:
            changes.append(FieldChange(name, now, None, "no such address in the registry"))
            continue
        try:
            proposals[name] = address_content(source)
        except ValidationError as error:
            changes.append(FieldChange(name, now, None, f"unusable address: {error.reason}"))
            continue
        changes.append(FieldChange(name, now, _one_line(proposals[name])))
    for name, current_value, raw in (
        ("email", customer.email, record.email),
        ("website", customer.website, record.website),
    ):
        value, why = _optional_value(name, raw)
        note = why or (None if value else "not published by the registry")
        changes.append(
            FieldChange(name, str(current_value) if current_value else None, value, note)
        )
    joined = customer.einvoice_addresses.merged(record.einvoice_addresses)
    changes.append(
        FieldChange(
            "einvoice_addresses",
            "; ".join(customer.einvoice_addresses.labels()) or None,
            "; ".join(joined.labels()) if record.einvoice_addresses else None,
            None if record.einvoice_addresses else "not published by the registry",
        )
    )
    return tuple(changes), proposals["visiting_address"], proposals["postal_address"]


def preview_registry_update(
    registry: Registry,
    principal: Principal,
    registries: CompanyRegistries,
    customer_id: CustomerId,
) -> RegistryUpdatePreview:
    """R3: fetch the customer's company from its registry and compare field by field. Writes
    nothing; registry errors (R4) and R3 refusals propagate."""
    require(principal, CustomerPermission.EDIT, "customer", "update from a public registry")
    with registry.read() as uow:
        customer = uow.customers.get(customer_id)
        addresses = uow.addresses.for_customer(customer_id)
    company_registry, business_id = _customer_registry(registries, customer)
    record = company_registry.lookup(business_id)
    changes, visiting, postal = diff(customer, addresses, record)
    return RegistryUpdatePreview(customer.id, customer.version, record, changes, visiting, postal)


class _AddressPlan:
    """The customer's addresses being changed in memory, with what to add and update."""

    def __init__(self, registry: Registry, customer: Customer, addresses: list[Address]) -> None:
        self.registry = registry
        self.customer = customer
        self.by_id: dict[AddressId, Address] = {a.id: a for a in addresses}
        self.before = dict(self.by_id)
        self.added: list[AddressId] = []
        self.hq = customer.headquarters_address_id

    def pick(self) -> tuple[Address | None, Address | None]:
        probe = attrs.evolve(self.customer, headquarters_address_id=self.hq)
        return visiting_and_postal(probe, self.by_id.values())

    def put(self, address: Address, **changes: Any) -> None:
        self.by_id[address.id] = attrs.evolve(address, **changes)

    def add(self, content: Content, kind: AddressKind) -> None:
        address = Address(
            id=AddressId(self.registry.ids.new_id()),
            customer_id=self.customer.id,
            country=content[0],
            lines=content[1],
            postal_code=content[2],
            city=content[3],
            kinds=frozenset({kind}),
            ordinal=max((a.ordinal for a in self.by_id.values()), default=0) + 1,
        )
        self.by_id[address.id] = address
        self.added.append(address.id)
        self.hq = headquarters_after_adding(self.hq, address.id)

    def _with(self, address: Address, content: Content, kinds: frozenset[AddressKind]) -> None:
        self.put(
            address,
            country=content[0],
            lines=content[1],
            postal_code=content[2],
            city=content[3],
            kinds=kinds,
        )

    def set_visiting(self, wanted: Content) -> None:
        visiting, postal = self.pick()
        if visiting is None:
            postal_count = sum(AddressKind.POSTAL in a.kinds for a in self.by_id.values())
            if postal is not None and _content_of(postal) == wanted and postal_count == 1:
                self.put(postal, kinds=postal.kinds | {AddressKind.VISITING})
            else:
                self.add(wanted, AddressKind.VISITING)
        elif _content_of(visiting) == wanted:
            return
        elif postal is visiting:
            # The one address is also the postal address: that one keeps its content.
            old = _content_of(visiting)
            self._with(visiting, wanted, visiting.kinds - {AddressKind.POSTAL})
            self.add(old, AddressKind.POSTAL)
        else:
            self._with(visiting, wanted, visiting.kinds)

    def set_postal(self, wanted: Content) -> None:
        visiting, postal = self.pick()
        if postal is None:
            if visiting is not None and _content_of(visiting) == wanted:
                self.put(visiting, kinds=visiting.kinds | {AddressKind.POSTAL})
            else:
                self.add(wanted, AddressKind.POSTAL)
        elif _content_of(postal) == wanted:
            return
        elif postal is visiting:
            self.put(visiting, kinds=visiting.kinds - {AddressKind.POSTAL})
            self.add(wanted, AddressKind.POSTAL)
        else:
            self._with(postal, wanted, postal.kinds)

    def set_both(self, visiting_wanted: Content, postal_wanted: Content) -> None:
        visiting, postal = self.pick()
        if visiting is not None and postal is visiting and visiting_wanted == postal_wanted:
            self._with(visiting, visiting_wanted, visiting.kinds)
            return
        self.set_visiting(visiting_wanted)
        self.set_postal(postal_wanted)

    def write(self, uow: UnitOfWork, stamp: Stamp) -> list[DomainEvent]:
        """Store the changes; return their events (an address the registry added is recorded
        as imported, a changed one as a registry update)."""
        events: list[DomainEvent] = []
        for address_id, address in self.by_id.items():
            if address_id in self.added:
                uow.addresses.add(address)
                events.append(Created("address", address, stamp, "import"))
            elif address != self.before[address_id]:
                uow.addresses.update(address)
                before = self.before[address_id]
                events.append(Changed("address", before, address, stamp, "registry update"))
        return events


def _chosen(fields: Collection[str]) -> frozenset[str]:
    if isinstance(fields, str):
        raise ValidationError(
            "registry_update", "fields", "must be a collection of field names", fields
        )
    chosen = frozenset(fields)
    unknown = sorted(chosen - set(REGISTRY_FIELDS))
    if unknown:
        raise ValidationError(
            "registry_update",
            "fields",
            f"unknown field(s) {', '.join(unknown)}; choose among {', '.join(REGISTRY_FIELDS)}",
            fields,
        )
    return chosen


def update_from_registry(
    registry: Registry,
    principal: Principal,
    registries: CompanyRegistries,
    customer_id: CustomerId,
    fields: Collection[str],
    *,
    preview: RegistryUpdatePreview | None = None,
    accept_inactive: bool = False,
) -> RegistryUpdateResult:
    """R3: change only the chosen ``fields`` (among REGISTRY_FIELDS) to the registry's values.

    Pass the ``preview`` the user confirmed: its values are applied (no second request) and the
    update fails with ConflictError if the customer changed since. Without it the registry is
    asked first. A chosen field the registry has no value for is reported in ``skipped`` and left
    as is. R5: a company that is not alive needs ``accept_inactive``. One unit of work.
    """
    require(principal, CustomerPermission.EDIT, "customer", "update from a public registry")
    chosen = _chosen(fields)
    if preview is None:
        preview = preview_registry_update(registry, principal, registries, customer_id)
    elif preview.customer_id != customer_id:
        raise ValidationError("registry_update", "preview", "is for another customer", preview)
    if not accept_inactive:
        _refuse_inactive(preview.record)
    skipped = {
        c.field: c.note or "no value in the registry"
        for c in preview.changes
        if c.field in chosen and c.proposed is None
    }
    proposed = {c.field: c.proposed for c in preview.changes if c.proposed is not None}
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.customers.get(customer_id)
        _customer_registry(registries, before)
        if before.version != preview.customer_version:
            raise ConflictError("customer", before.id, preview.customer_version, before.version)
        plan = _AddressPlan(registry, before, uow.addresses.for_customer(customer_id))
        visiting = preview.visiting_content if "visiting_address" in chosen else None
        postal = preview.postal_content if "postal_address" in chosen else None
        if visiting is not None and postal is not None:
            plan.set_both(visiting, postal)
        elif visiting is not None:
            plan.set_visiting(visiting)
        elif postal is not None:
            plan.set_postal(postal)
        values: dict[str, Any] = {"headquarters_address_id": plan.hq}
        if "name" in chosen and "name" in proposed:
            values["name"] = proposed["name"]
        if "email" in chosen and "email" in proposed:
            values["email"] = EmailAddress(str(proposed["email"]))
        if "website" in chosen and "website" in proposed:
            values["website"] = Website(str(proposed["website"]))
        if "einvoice_addresses" in chosen:  # C7: the registry's addresses join the list
            values["einvoice_addresses"] = before.einvoice_addresses.merged(
                preview.record.einvoice_addresses
            )
        after, events = before.edit(stamp, "registry update", **values)
        address_events = plan.write(uow, stamp)
        if events:
            uow.customers.update(after)
        if events or address_events:
            uow.record([*events, *address_events])
            uow.commit()
    applied = tuple(c.field for c in preview.changes if c.field in chosen and c.changed)
    return RegistryUpdateResult(after, applied, skipped)


__all__ = [
    "REGISTRY_FIELDS",
    "CompanyRegistries",
    "FieldChange",
    "ImportResult",
    "RegistryUpdatePreview",
    "RegistryUpdateResult",
    "diff",
    "import_from_registry",
    "preview_registry_update",
    "registry_for",
    "registry_query",
    "search_registry",
    "update_from_registry",
    "visiting_and_postal",
]
