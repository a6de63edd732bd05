"""Creating a customer from a registry hit (R2, R5, C4, A1)."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field
from attrs import frozen

from custreg.domain.address import Address
from custreg.domain.company import CompanyRecord
from custreg.domain.customer import Customer
from custreg.domain.customer import customer_name
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.events import Created
from custreg.domain.events import DomainEvent
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.ports.registry import Registry
from custreg.usecases.customers import check_customer_references
from custreg.usecases.customers import check_duplicates
from custreg.usecases.registry_import.mapping import _industry
from custreg.usecases.registry_import.mapping import _new_addresses
from custreg.usecases.registry_import.mapping import _optional_value
from custreg.usecases.registry_import.mapping import _refuse_inactive


@frozen
class ImportResult:
    """The created customer, its addresses (headquarters first), and the registry values that
    could not be used, by field, with the reason (an invalid website, an unmatched industry)."""

    customer: Customer
    addresses: tuple[Address, ...]
    skipped: Mapping[str, str] = field(factory=dict)


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
        uow.commit(events)
    return ImportResult(customer, tuple(addresses), skipped)
