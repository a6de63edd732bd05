"""Customers, their custom values, create commands and queries."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import CustomValue
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.testing.strategies.address import new_addresses
from custreg.testing.strategies.channels import einvoice_address_lists
from custreg.testing.strategies.channels import email_addresses
from custreg.testing.strategies.channels import email_spellings
from custreg.testing.strategies.channels import websites
from custreg.testing.strategies.identifiers import business_id_of
from custreg.testing.strategies.identifiers import spellings
from custreg.testing.strategies.identifiers import vat_numbers
from custreg.testing.strategies.identifiers import vat_spellings
from custreg.testing.strategies.monetary import amounts
from custreg.testing.strategies.primitives import POLICY_CHARACTERS
from custreg.testing.strategies.primitives import aware_datetimes
from custreg.testing.strategies.primitives import dates
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import texts
from custreg.testing.strategies.settings import active
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewEInvoice


def custom_values(
    kind: CustomFieldType | None = None, choices: Sequence[str] = ()
) -> st.SearchStrategy[CustomValue]:
    """A value of a custom field of type ``kind`` (any type if None)."""
    strategies: dict[CustomFieldType, st.SearchStrategy[Any]] = {
        CustomFieldType.TEXT: texts(30),
        CustomFieldType.NUMBER: amounts(),
        CustomFieldType.DATE: dates(),
        CustomFieldType.BOOLEAN: st.booleans(),
        CustomFieldType.CHOICE: st.sampled_from(tuple(choices)) if choices else texts(15),
    }
    if kind is None:
        return st.one_of(*strategies.values())
    return strategies[kind]


@st.composite
def _custom_field_values(
    draw: st.DrawFn, settings: OrganisationSettings | None
) -> FrozenMap[CustomFieldId, CustomValue]:
    if settings is None:
        values = draw(st.dictionaries(ids(CustomFieldId), custom_values(), max_size=3))
        return FrozenMap(values)
    chosen = (
        draw(st.lists(st.sampled_from(settings.custom_fields), unique_by=lambda d: d.id))
        if settings.custom_fields
        else []
    )
    return FrozenMap({d.id: draw(custom_values(d.type, d.choices)) for d in chosen})


def _reference(
    settings: OrganisationSettings | None,
    items: Callable[[OrganisationSettings], Sequence[Any]],
    kind: Callable[[UUID], Any],
) -> st.SearchStrategy[Any]:
    """An id of an active catalogue entry (or None), or a random id without settings."""
    if settings is None:
        return optional(ids(kind))
    usable = [item.id for item in active(items(settings))]
    return st.none() | st.sampled_from(usable) if usable else st.none()


@st.composite
def customers(
    draw: st.DrawFn,
    settings: OrganisationSettings | None = None,
    *,
    status: CustomerStatus | None = None,
    number: CustomerNumber | None = None,
) -> Customer:
    """A valid customer. With ``settings``, its references (owner, industry, template, VAT rate,
    segments, custom fields) point at active entries there; otherwise they are random ids."""
    vat = draw(optional(vat_numbers()))
    segments = (
        draw(st.frozensets(st.sampled_from([s.id for s in active(settings.market_segments)])))
        if settings is not None and active(settings.market_segments)
        else (
            draw(st.frozensets(ids(MarketSegmentId), max_size=3))
            if settings is None
            else frozenset()
        )
    )
    return Customer(
        id=draw(ids(CustomerId)),
        number=number or CustomerNumber(draw(st.integers(1, 10**9))),
        name=draw(texts()),
        created_at=draw(aware_datetimes()),
        created_by=draw(optional(ids(UserId))),
        updated_at=draw(optional(aware_datetimes())),
        updated_by=draw(optional(ids(UserId))),
        status=status or draw(st.sampled_from(CustomerStatus)),
        vat_number=vat,
        business_id=business_id_of(vat) if vat is not None else None,
        website=draw(optional(websites())),
        email=draw(optional(email_addresses())),
        owner_id=draw(_reference(settings, lambda s: s.users, UserId)),
        industry_id=draw(_reference(settings, lambda s: s.industries, IndustryId)),
        market_segment_ids=segments,
        invoice_template_id=draw(
            _reference(settings, lambda s: s.invoice_templates, InvoiceTemplateId)
        ),
        default_vat_rate_id=draw(_reference(settings, lambda s: s.vat_rates, VatRateId)),
        payment_term_days=draw(optional(st.integers(0, 365))),
        einvoice_addresses=draw(einvoice_address_lists()),
        headquarters_address_id=draw(optional(ids(AddressId))),
        custom_fields=draw(_custom_field_values(settings)),
        is_internal=draw(st.booleans()),
        version=draw(st.integers(1, 5)),
    )


@st.composite
def create_customer_commands(
    draw: st.DrawFn, settings: OrganisationSettings | None = None, *, with_vat: bool | None = None
) -> CreateCustomer:
    """A valid "Add new > Customer" form, typed the way users type (messy spellings).

    ``with_vat``: True always gives a VAT number, False never, None either.
    """
    vat_text: str | None = None
    if with_vat or (with_vat is None and draw(st.booleans())):
        vat_text, _ = draw(vat_spellings())
    einvoices = draw(einvoice_address_lists(max_size=2))
    email = draw(optional(email_spellings()))
    return CreateCustomer(
        name=draw(texts()),
        vat_number=vat_text,
        address=draw(optional(new_addresses())),
        einvoice_addresses=tuple(NewEInvoice(e.address, e.operator) for e in einvoices),
        email=email[0] if email is not None else None,
        website=draw(optional(websites().map(str))),
        owner_id=draw(_reference(settings, lambda s: s.users, UserId)) if settings else None,
        industry_id=draw(_reference(settings, lambda s: s.industries, IndustryId))
        if settings
        else None,
        is_internal=draw(st.booleans()),
    )


@st.composite
def customer_queries(draw: st.DrawFn, population: Sequence[Customer] = ()) -> CustomerQuery:
    """Queries whose criteria are mostly taken from ``population`` so they select something:
    name fragments (any case), numbers, VAT numbers and business ids as typed, owners, segments."""
    known = list(population)

    def pick(values: list[Any]) -> st.SearchStrategy[Any]:
        return st.sampled_from(values) if values else st.nothing()

    fragments: list[st.SearchStrategy[str]] = [texts(5), st.text(POLICY_CHARACTERS, max_size=6)]
    if known:
        customer = draw(st.sampled_from(known))
        name = customer.name
        start = draw(st.integers(0, len(name) - 1))
        end = draw(st.integers(start + 1, len(name)))
        fragments.append(st.just(name[start:end]))
        fragments.append(st.just(name[start:end].upper()))
        fragments.append(st.just(str(customer.number)))
        if customer.vat_number is not None:
            fragments.append(spellings(customer.vat_number.value))
        if customer.business_id is not None:
            fragments.append(st.just(customer.business_id.value))
    owners = [c.owner_id for c in known if c.owner_id is not None]
    industries = [c.industry_id for c in known if c.industry_id is not None]
    segments = sorted({s for c in known for s in c.market_segment_ids})
    return CustomerQuery(
        text=draw(optional(st.one_of(*fragments))),
        status=draw(optional(st.sampled_from(CustomerStatus))),
        owner_id=draw(optional(pick(owners) | ids(UserId))),
        industry_id=draw(optional(pick(industries) | ids(IndustryId))),
        market_segment_id=draw(optional(pick(segments) | ids(MarketSegmentId))),
        ids=draw(
            optional(st.frozensets(pick([c.id for c in known]) | ids(CustomerId), max_size=4))
        ),
    )
