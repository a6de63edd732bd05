"""Customer rules C1-C8 through the use cases, on every backend (``registry_factory``).

Every refused input must give a typed error naming the field, and leave the registry exactly as it
was: no customer, no address, no audit entry.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.audit import changed_fields
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import BILLING_SETTINGS
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.errors import ConflictError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts import SETTINGS
from custreg.testing.contracts import RegistryFactory
from custreg.testing.contracts import fresh
from custreg.testing.contracts import read
from custreg.testing.contracts import stored
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import inactivate_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.customers import reactivate_customer
from custreg.usecases.customers import update_customer

#: registry_factory is function-scoped on purpose: each example asks it for a new organisation.
per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

ADMIN = Principal(SETTINGS.users[0].id, CustomerPermission.ALL)
ACTIVE_INDUSTRY = SETTINGS.industries[0].id
DISABLED_INDUSTRY = next(i.id for i in SETTINGS.industries if not i.active)


def _fields(error: ValidationError) -> set[str | None]:
    return set(error.fields) if isinstance(error, ValidationErrors) else {error.field}


def _snapshot(registry: Registry) -> tuple[list[Customer], int]:
    """Everything a refused write must leave untouched: the customers and the audit trail."""
    with registry.uow() as uow:
        ids = uow.customers.ids_matching(CustomerQuery())
        customers = [uow.customers.get(i) for i in ids]
        audit = sum(len(uow.audit.for_entity("customer", i)) for i in ids)
    return customers, audit


def _assert_nothing_stored(registry: Registry, before: tuple[list[Customer], int]) -> None:
    assert _snapshot(registry) == before


# -- C1 -------------------------------------------------------------------------------------------


@per_example
@given(name=s.blank_texts())
def test_c1_blank_name_is_rejected_and_nothing_stored(
    registry_factory: RegistryFactory, name: str
) -> None:
    registry = fresh(registry_factory)
    with pytest.raises(ValidationError) as caught:
        create_customer(
            registry, ADMIN, CreateCustomer(name=name, address=NewAddress("FI", city="Espoo"))
        )
    assert (caught.value.entity, caught.value.field) == ("customer", "name")
    assert _snapshot(registry) == ([], 0)


@per_example
@given(name=s.texts(), pad=st.sampled_from(["", " ", "\t", "  \n"]))
def test_c1_name_is_stored_stripped(registry_factory: RegistryFactory, name: str, pad: str) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name=f"{pad}{name}{pad}"))
    assert customer.name == name
    assert get_customer(registry, ADMIN, customer.id) == customer


@per_example
@given(original=s.texts(), name=s.blank_texts())
def test_c1_renaming_to_blank_is_rejected_and_nothing_stored(
    registry_factory: RegistryFactory, original: str, name: str
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name=original))
    before = _snapshot(registry)
    with pytest.raises(ValidationError) as caught:
        update_customer(registry, ADMIN, UpdateCustomer(customer.id, name=name))
    assert caught.value.field == "name"
    _assert_nothing_stored(registry, before)


# -- C2 -------------------------------------------------------------------------------------------


@per_example
@given(pair=s.vat_spellings())
def test_c2_vat_number_is_normalised_and_business_id_derived(
    registry_factory: RegistryFactory, pair: tuple[str, VatNumber]
) -> None:
    typed, normal = pair
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Vat Oy", vat_number=typed))
    assert customer.vat_number == normal
    assert customer.business_id == s.business_id_of(normal)
    assert get_customer(registry, ADMIN, customer.id).vat_number == normal


@per_example
@given(triple=s.business_id_spellings())
def test_c2_business_id_with_country_is_normalised_and_vat_derived(
    registry_factory: RegistryFactory, triple: tuple[str, str, BusinessId]
) -> None:
    typed, country, normal = triple
    registry = fresh(registry_factory)
    command = CreateCustomer(name="Id Ab", vat_number=typed, country=country)
    customer = create_customer(registry, ADMIN, command)
    assert customer.business_id == normal
    assert customer.vat_number is not None
    assert s.business_id_of(customer.vat_number) == normal


@per_example
@given(raw=s.invalid_vat_numbers())
def test_c2_bad_vat_number_is_rejected_naming_the_field_and_nothing_stored(
    registry_factory: RegistryFactory, raw: str
) -> None:
    registry = fresh(registry_factory)
    with pytest.raises(ValidationError) as caught:
        create_customer(registry, ADMIN, CreateCustomer(name="Bad Vat Oy", vat_number=raw))
    assert (caught.value.entity, caught.value.field) == ("customer", "vat_number")
    assert caught.value.reason
    assert _snapshot(registry) == ([], 0)


@per_example
@given(vat=s.vat_numbers(s.BUSINESS_ID_COUNTRIES), shift=st.integers(1, 9))
def test_c2_bad_business_id_in_the_vat_field_is_reported_on_that_field(
    registry_factory: RegistryFactory, vat: VatNumber, shift: int
) -> None:
    business_id = s.business_id_of(vat)
    assert business_id is not None
    wrong = business_id.value[:-1] + str((int(business_id.value[-1]) + shift) % 10)
    registry = fresh(registry_factory)
    command = CreateCustomer(name="Typo Oy", vat_number=wrong, country=vat.country)
    with pytest.raises(ValidationError) as caught:
        create_customer(registry, ADMIN, command)
    assert (caught.value.entity, caught.value.field) == ("customer", "vat_number")
    assert _snapshot(registry) == ([], 0)


# -- bad e-mail, unknown industry, several at once -------------------------------------------------


@per_example
@given(raw=s.invalid_emails().filter(lambda e: e.strip() != ""))
def test_bad_email_is_rejected_naming_the_field_and_nothing_stored(
    registry_factory: RegistryFactory, raw: str
) -> None:
    registry = fresh(registry_factory)
    with pytest.raises(ValidationError) as caught:
        create_customer(registry, ADMIN, CreateCustomer(name="Mail Oy", email=raw))
    assert (caught.value.entity, caught.value.field) == ("customer", "email")
    assert _snapshot(registry) == ([], 0)


@per_example
@given(blank=s.blank_texts(), pair=s.email_spellings())
def test_blank_email_and_website_mean_none(
    registry_factory: RegistryFactory, blank: str, pair: tuple[str, EmailAddress]
) -> None:
    """Like the VAT field, an optional field left blank (or only spaces) is simply empty."""
    registry = fresh(registry_factory)
    command = CreateCustomer(name="Blank Oy", email=blank, website=blank)
    customer = create_customer(registry, ADMIN, command)
    assert (customer.email, customer.website) == (None, None)
    with_email = update_customer(registry, ADMIN, UpdateCustomer(customer.id, email=pair[0]))
    assert with_email.email == pair[1]
    cleared = update_customer(registry, ADMIN, UpdateCustomer(customer.id, email=blank))
    assert cleared.email is None


@per_example
@given(industry=st.sampled_from([DISABLED_INDUSTRY, IndustryId(uuid.UUID(int=99))]))
def test_unknown_or_disabled_industry_is_rejected_naming_the_field_and_nothing_stored(
    registry_factory: RegistryFactory, industry: IndustryId
) -> None:
    registry = fresh(registry_factory)
    command = CreateCustomer(
        name="Industry Oy", industry_id=industry, address=NewAddress("FI", city="Vaasa")
    )
    with pytest.raises(ValidationError) as caught:
        create_customer(registry, ADMIN, command)
    assert (caught.value.entity, caught.value.field) == ("customer", "industry_id")
    assert _snapshot(registry) == ([], 0)
    created = create_customer(registry, ADMIN, attrs.evolve(command, industry_id=ACTIVE_INDUSTRY))
    assert created.industry_id == ACTIVE_INDUSTRY


def test_unknown_owner_is_rejected_naming_the_field(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    inactive_user = next(u.id for u in SETTINGS.users if not u.active)
    for owner in (inactive_user, UserId(uuid.UUID(int=77))):
        with pytest.raises(ValidationError) as caught:
            create_customer(registry, ADMIN, CreateCustomer(name="Owner Oy", owner_id=owner))
        assert caught.value.field == "owner_id"
    assert _snapshot(registry) == ([], 0)


@per_example
@given(
    name=s.blank_texts(),
    vat=s.invalid_vat_numbers(),
    email=s.invalid_emails().filter(lambda e: e.strip() != ""),
)
def test_every_bad_field_is_reported_at_once(
    registry_factory: RegistryFactory, name: str, vat: str, email: str
) -> None:
    registry = fresh(registry_factory)
    command = CreateCustomer(name=name, vat_number=vat, email=email)
    with pytest.raises(ValidationError) as caught:
        create_customer(registry, ADMIN, command)
    assert _fields(caught.value) == {"name", "vat_number", "email"}
    assert _snapshot(registry) == ([], 0)


# -- C3 -------------------------------------------------------------------------------------------


@per_example
@given(steps=st.lists(st.sampled_from(["ok", "bad", "rolled_back"]), min_size=1, max_size=12))
def test_c3_numbers_are_unique_and_never_reused(
    registry_factory: RegistryFactory, steps: list[str]
) -> None:
    registry = fresh(registry_factory)
    handed_out: list[int] = []
    created: list[Customer] = []
    for step in steps:
        if step == "ok":
            created.append(create_customer(registry, ADMIN, CreateCustomer(name="Numbered Oy")))
            handed_out.append(created[-1].number.value)
        elif step == "bad":
            with pytest.raises(ValidationError):
                create_customer(
                    registry, ADMIN, CreateCustomer(name="X", industry_id=DISABLED_INDUSTRY)
                )
        else:
            with registry.uow() as uow:
                handed_out.append(uow.customers.next_number().value)  # drawn, then rolled back
    assert len(handed_out) == len(set(handed_out))
    page = list_customers(registry, ADMIN, page=PageRequest(limit=100))
    assert [c.id for c in page.items] == [c.id for c in created]  # listed by number


# -- C4 -------------------------------------------------------------------------------------------


@per_example
@given(pair=s.vat_spellings(), other=s.vat_spellings())
def test_c4_duplicate_vat_reported_and_created_only_when_accepted(
    registry_factory: RegistryFactory, pair: tuple[str, VatNumber], other: tuple[str, VatNumber]
) -> None:
    typed, normal = pair
    registry = fresh(registry_factory)
    first = create_customer(
        registry, ADMIN, CreateCustomer(name="First Oy", vat_number=normal.value)
    )
    before = _snapshot(registry)
    with pytest.raises(PossibleDuplicateError) as caught:
        create_customer(registry, ADMIN, CreateCustomer(name="Second Oy", vat_number=typed))
    assert caught.value.existing_id == first.id
    assert caught.value.existing_name == first.name
    assert caught.value.field == "vat_number"
    _assert_nothing_stored(registry, before)
    command = CreateCustomer(name="Second Oy", vat_number=typed, accept_duplicate=True)
    second = create_customer(registry, ADMIN, command)
    assert second.vat_number == normal
    with registry.uow() as uow:
        assert [c.id for c in uow.customers.with_vat_number(normal)] == [first.id, second.id]
    if other[1] != normal:  # an unrelated VAT number is no duplicate
        create_customer(registry, ADMIN, CreateCustomer(name="Third Oy", vat_number=other[0]))


@per_example
@given(vat=s.vat_numbers(s.BUSINESS_ID_COUNTRIES))
def test_c4_business_id_of_an_existing_vat_number_is_a_duplicate(
    registry_factory: RegistryFactory, vat: VatNumber
) -> None:
    registry = fresh(registry_factory)
    first = create_customer(registry, ADMIN, CreateCustomer(name="Holder Oy", vat_number=vat.value))
    business_id = s.business_id_of(vat)
    assert business_id is not None
    command = CreateCustomer(name="Twin", vat_number=business_id.value, country=vat.country)
    with pytest.raises(PossibleDuplicateError) as caught:
        create_customer(registry, ADMIN, command)
    assert caught.value.existing_id == first.id


@per_example
@given(vat=s.vat_numbers())
def test_c4_changing_vat_to_another_customers_is_a_duplicate(
    registry_factory: RegistryFactory, vat: VatNumber
) -> None:
    registry = fresh(registry_factory)
    holder = create_customer(registry, ADMIN, CreateCustomer(name="Holder", vat_number=vat.value))
    other = create_customer(registry, ADMIN, CreateCustomer(name="Other"))
    before = _snapshot(registry)
    with pytest.raises(PossibleDuplicateError) as caught:
        update_customer(registry, ADMIN, UpdateCustomer(other.id, vat_number=vat.value))
    assert caught.value.existing_id == holder.id
    _assert_nothing_stored(registry, before)
    # keeping one's own VAT number is no duplicate
    update_customer(registry, ADMIN, UpdateCustomer(holder.id, vat_number=vat.value, name="H2"))


# -- C5 -------------------------------------------------------------------------------------------


def _surroundings(registry: Registry, customer: Customer) -> dict[str, list[object]]:
    """Everything hanging off a customer, as each repository lists it."""

    def collect(u: UnitOfWork) -> dict[str, list[object]]:
        return {
            "addresses": list(u.addresses.for_customer(customer.id)),
            "contacts": list(u.contacts.for_customer(customer.id, include_inactive=True)),
            "projects": list(u.projects.for_customer(customer.id)),
            "invoices": list(u.invoices.for_customer(customer.id)),
            "notes": list(u.notes.for_customer(customer.id)),
            "activities": list(u.activities.for_customer(customer.id)),
            "files": list(u.files.for_customer(customer.id)),
        }

    return read(registry, collect)


def _furnish(registry: Registry, customer: Customer) -> None:
    """Give a customer one of everything, through the repositories."""
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    project = Project(ProjectId(uuid.uuid4()), customer.id, 1, "Roll-out")

    def add(u: UnitOfWork) -> None:
        street = Address(
            AddressId(uuid.uuid4()),
            customer.id,
            "FI",
            ("Mannerheimintie 1",),
            city="Helsinki",
            ordinal=5,
        )
        u.addresses.add(street)
        u.contacts.add(Contact(ContactId(uuid.uuid4()), customer.id, "Maija", "Meikäläinen"))
        u.projects.add(attrs.evolve(project, number=u.projects.next_number()))
        u.invoices.add(
            Invoice(
                InvoiceId(uuid.uuid4()),
                customer.id,
                SETTINGS.invoice_statuses[1].id,
                date(2026, 3, 1),
                Money(Decimal("100.00"), "EUR"),
                Money(Decimal("125.50"), "EUR"),
                number=1001,
                project_ids=frozenset({project.id}),
            )
        )
        u.notes.add(Note(NoteId(uuid.uuid4()), customer.id, "Met at the fair", at))
        u.activities.add(
            Activity(ActivityId(uuid.uuid4()), customer.id, ActivityKind.TODO, "Call back")
        )
        u.files.add(
            FileLink(
                FileLinkId(uuid.uuid4()),
                customer.id,
                FileLinkKind.LINK,
                "site.txt",
                at,
                url="https://x.fi",
            )
        )

    stored(registry, add)


@per_example
@given(command=s.create_customer_commands(SETTINGS, with_vat=False), cycles=st.integers(1, 3))
def test_c5_inactivation_changes_only_the_status_and_keeps_everything(
    registry_factory: RegistryFactory, command: CreateCustomer, cycles: int
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, command)
    assert customer.status is CustomerStatus.ACTIVE  # a new customer is active
    _furnish(registry, customer)
    around = _surroundings(registry, customer)
    for _ in range(cycles):
        inactive = inactivate_customer(registry, ADMIN, customer.id)
        assert inactive.status is CustomerStatus.INACTIVE
        assert changed_fields(customer, inactive) == ["status"]
        assert _surroundings(registry, customer) == around
        active = reactivate_customer(registry, ADMIN, customer.id)
        assert changed_fields(customer, active) == []  # the previous state, bookkeeping aside
        assert _surroundings(registry, customer) == around
        customer = active


def test_c5_inactivating_twice_is_a_no_op(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Sleepy Oy"))
    once = inactivate_customer(registry, ADMIN, customer.id)
    assert inactivate_customer(registry, ADMIN, customer.id) == once
    assert get_customer(registry, ADMIN, customer.id) == once


# -- C6 -------------------------------------------------------------------------------------------


@per_example
@given(statuses=st.lists(st.booleans(), max_size=8), limit=st.integers(1, 5))
def test_c6_no_status_filter_lists_the_union_of_active_and_inactive(
    registry_factory: RegistryFactory, statuses: list[bool], limit: int
) -> None:
    registry = fresh(registry_factory)
    for i, keep_active in enumerate(statuses):
        customer = create_customer(registry, ADMIN, CreateCustomer(name=f"Customer {i}"))
        if not keep_active:
            inactivate_customer(registry, ADMIN, customer.id)

    def everything(query: CustomerQuery) -> list[CustomerId]:
        ids: list[CustomerId] = []
        offset = 0
        while True:
            page = list_customers(registry, ADMIN, query, PageRequest(limit=limit, offset=offset))
            ids += [c.id for c in page.items]
            offset += limit
            if not page.has_more:
                return ids

    everyone = everything(CustomerQuery())
    active = everything(CustomerQuery(status=CustomerStatus.ACTIVE))
    inactive = everything(CustomerQuery(status=CustomerStatus.INACTIVE))
    assert sorted(everyone) == sorted(active + inactive)
    assert not set(active) & set(inactive)
    assert len(inactive) == statuses.count(False)


@pytest.mark.parametrize("text", ["²", "٣", "3", " 3 ", "%", "_", "\\", "o_y", "100%", "ÄÖ"])
def test_c6_search_text_selects_what_the_reference_selects(
    registry_factory: RegistryFactory, text: str
) -> None:
    """Wildcards, superscripts and non-ASCII digits are plain text to every adapter."""
    registry = fresh(registry_factory)
    names = ["100% Oy", "Foo_Yoy", "Back\\slash Ab", "Äöä Oy", "Plain Oy"]
    created = [create_customer(registry, ADMIN, CreateCustomer(name=n)) for n in names]
    query = CustomerQuery(text=text)
    found = list_customers(registry, ADMIN, query).items
    assert [c.id for c in found] == [c.id for c in created if query.matches(c)]


# -- C7 -------------------------------------------------------------------------------------------


@per_example
@given(first=s.einvoice_address_lists(), second=s.einvoice_address_lists())
def test_c7_einvoice_address_list_replaced_as_a_whole_the_first_the_default(
    registry_factory: RegistryFactory, first: EInvoiceAddresses, second: EInvoiceAddresses
) -> None:
    registry = fresh(registry_factory)
    typed = tuple(NewEInvoice(e.address, e.operator) for e in first)
    customer = create_customer(registry, ADMIN, CreateCustomer("E Oy", einvoice_addresses=typed))
    assert list(customer.einvoice_addresses) == list(first)
    assert customer.einvoice_addresses.default == first.default
    new = tuple(NewEInvoice(e.address, e.operator) for e in second)
    updated = update_customer(
        registry, ADMIN, UpdateCustomer(customer.id, einvoice_addresses=new or None)
    )
    assert list(updated.einvoice_addresses) == list(second)
    assert get_customer(registry, ADMIN, customer.id).einvoice_addresses == (
        updated.einvoice_addresses
    )


@per_example
@given(address=s.invalid_einvoice_addresses(), operator=s.einvoice_operators())
def test_c7_bad_einvoice_address_is_rejected_naming_the_field_and_nothing_stored(
    registry_factory: RegistryFactory, address: str, operator: str
) -> None:
    registry = fresh(registry_factory)
    command = CreateCustomer("E Oy", einvoice_addresses=(NewEInvoice(address, operator),))
    with pytest.raises(ValidationError) as caught:
        create_customer(registry, ADMIN, command)
    assert (caught.value.entity, caught.value.field) == ("customer", "einvoice_addresses")
    assert _snapshot(registry) == ([], 0)


# -- C8 -------------------------------------------------------------------------------------------


@per_example
@given(
    template=st.sampled_from([t.id for t in SETTINGS.invoice_templates if t.active]),
    rate=st.sampled_from([r.id for r in SETTINGS.vat_rates if r.active]),
    term=st.integers(0, 365),
    einvoices=s.einvoice_address_lists(),
)
def test_c8_billing_settings_never_change_existing_invoices_or_projects(
    registry_factory: RegistryFactory,
    template: InvoiceTemplateId,
    rate: VatRateId,
    term: int,
    einvoices: EInvoiceAddresses,
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Billing Oy"))
    _furnish(registry, customer)
    around = _surroundings(registry, customer)
    command = UpdateCustomer(
        customer.id,
        invoice_template_id=template,
        default_vat_rate_id=rate,
        payment_term_days=term,
        einvoice_addresses=tuple(NewEInvoice(e.address, e.operator) for e in einvoices),
    )
    updated = update_customer(registry, ADMIN, command)
    assert set(changed_fields(customer, updated)) <= set(BILLING_SETTINGS)
    assert (updated.invoice_template_id, updated.default_vat_rate_id) == (template, rate)
    assert updated.payment_term_days == term
    assert _surroundings(registry, customer) == around


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("invoice_template_id", next(t.id for t in SETTINGS.invoice_templates if not t.active)),
        ("default_vat_rate_id", next(r.id for r in SETTINGS.vat_rates if not r.active)),
        ("payment_term_days", 400),
    ],
)
def test_c8_billing_settings_must_be_valid_and_active(
    registry_factory: RegistryFactory, field: str, value: object
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Strict Oy"))
    before = _snapshot(registry)
    with pytest.raises(ValidationError) as caught:
        update_customer(registry, ADMIN, UpdateCustomer(customer.id, **{field: value}))  # type: ignore[arg-type]
    assert caught.value.field == field
    _assert_nothing_stored(registry, before)


# -- concurrency and audit -------------------------------------------------------------------------


def test_update_with_a_stale_version_is_a_conflict(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Busy Oy"))
    update_customer(registry, ADMIN, UpdateCustomer(customer.id, name="Busy Ltd"))
    before = _snapshot(registry)
    stale = UpdateCustomer(customer.id, expected_version=customer.version, name="Mine")
    with pytest.raises(ConflictError):
        update_customer(registry, ADMIN, stale)
    _assert_nothing_stored(registry, before)


def test_every_change_is_audited_with_who_and_what(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Audit Oy"))
    update_customer(registry, ADMIN, UpdateCustomer(customer.id, name="Audit Ab"))
    inactivate_customer(registry, ADMIN, customer.id)
    with registry.uow() as uow:
        entries = uow.audit.for_entity("customer", customer.id)
    assert [(e.action, e.field) for e in entries] == [
        ("create", "*"),
        ("update", "name"),
        ("inactivate", "status"),
    ]
    assert entries[1].before == "Audit Oy"
    assert entries[1].after == "Audit Ab"
    assert all(e.actor == ADMIN.user_id for e in entries)
