"""Hostile input at every entry point: the text policy, search text, numbers and e-mail.

One hostile corpus (``HOSTILE_TEXTS``) runs through every entry point that takes text, on
memory, SQLite and PostgreSQL (``registry_factory``): each value gets a ValidationError naming
the field, the same on every adapter, and nothing changes (a mass update by query included).
Property tests cite the rule they guard (C1 names, C6 search, K8 numbers, P1 contacts, N1 notes).
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.exports import CollectingSink
from custreg.domain.activity import ActivityKind
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.customer import customer_name
from custreg.domain.duplicates import validate_detection
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.query import text_matches
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import SortKey
from custreg.domain.reports import builtin_report
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.text import SEARCH_MAX_LENGTH
from custreg.domain.text import clean_text
from custreg.domain.text import has_visible
from custreg.domain.text import required_text
from custreg.domain.text import text_set
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money
from custreg.domain.values import to_decimal
from custreg.ports.registry import Registry
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.addresses import add_address
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import contacts_with_keyword
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.customers import update_customer
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.notes import add_note
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_project
from custreg.usecases.reports import run_report

RegistryFactory = Callable[..., Registry]

USER = UserId(uuid.UUID(int=0x11))
ADMIN = Principal(USER, CustomerPermission.ALL)
SIZE = CustomFieldId(uuid.UUID(int=0xCF))
SOME_CUSTOMER = CustomerId(uuid.UUID(int=0xC1))

#: The hostile corpus: what no text field, search text or filter may let through.
HOSTILE_TEXTS: dict[str, str] = {
    "nul": "Acme\x00",
    "nul_only": "\x00",
    "nul_before_formula": "\x00=1+1",
    "soh": "\x01",
    "escape_sequence": "\x1b[31mAcme",
    "c1_control": "Acme\x85\x9f",
    "lone_high_surrogate": "Acme\ud800",
    "lone_low_surrogate": "\udfff",
    "noncharacter": "Acme\uffff",
    "bidi_override": "\u202egnp.exe",
    "bidi_isolate": "Acme\u2066",
    "megabyte": "A" * 1_000_000,
}
#: Texts that show nothing: blank for every required field (C1, P1, N1).
INVISIBLE_TEXTS = (
    "\u200b",
    "\u200b\u200c\u200d\ufeff",
    " \u2060 \u00ad ",
    "\u3164",
    "\u115f\u1160",
    "\u2800",
    "\u0301\u0308",
    "\u00a0\u3000\u2003",
)


def make_settings(organisation_id: OrganisationId) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id,
        "Hostile Oy",
        users=(User(USER, "Anna"),),
        custom_fields=(
            CustomFieldDefinition(SIZE, "Size", CustomFieldType.NUMBER),
        ),
    )


def snapshot(registry: Registry) -> list[Customer]:
    return list(list_customers(registry, ADMIN, CustomerQuery(), PageRequest(limit=1000)).items)


def refused(call: Callable[[], Any]) -> tuple[str | None, str | None]:
    """The (entity, field) of the ValidationError ``call`` raises; any other outcome fails."""
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.entity, caught.value.field


# -- the corpus through every entry point, on every adapter ---------------------------------------


def entry_points(registry: Registry, customer: Customer) -> dict[str, Callable[[str], Any]]:
    """Every text entry point, given one hostile value, keyed by the field it must name."""
    cid = customer.id

    def contact(**fields: Any) -> Any:
        new = {"first_name": "Anna", "last_name": "Virtanen", **fields}
        return add_contact(registry, ADMIN, cid, NewContact(**new))

    return {
        "query.text": lambda v: list_customers(registry, ADMIN, CustomerQuery(text=v)),
        "mass_update.query.text": lambda v: mass_update(
            registry,
            ADMIN,
            MassUpdate.matching(ChangeStatus(CustomerStatus.INACTIVE), CustomerQuery(text=v)),
        ),
        "report.filters.text": lambda v: ReportFilters(text=v),
        "report.filters.keyword": lambda v: ReportFilters(keyword=v),
        "report.sort": lambda v: ReportDefinition(
            ReportLevel.CUSTOMERS, ["customer.name"], sort=[v]
        ),
        "report.columns": lambda v: ReportDefinition(ReportLevel.CUSTOMERS, [v]),
        "report.title": lambda v: ReportDefinition(
            ReportLevel.CUSTOMERS, ["customer.name"], title=v
        ),
        "customer.name": lambda v: create_customer(registry, ADMIN, CreateCustomer(name=v)),
        "customer.name (update)": lambda v: update_customer(
            registry, ADMIN, UpdateCustomer(cid, name=v)
        ),
        "customer.website": lambda v: update_customer(
            registry, ADMIN, UpdateCustomer(cid, website=v)
        ),
        "customer.email": lambda v: update_customer(registry, ADMIN, UpdateCustomer(cid, email=v)),
        "contact.first_name": lambda v: contact(first_name=v),
        "contact.last_name": lambda v: contact(last_name=v),
        "contact.title": lambda v: contact(title=v),
        "contact.keywords": lambda v: contact(keywords=frozenset({v})),
        "contact.phones": lambda v: contact(phones=(v,)),
        "contact.emails": lambda v: contact(emails=(v,)),
        "contact.keywords (query)": lambda v: contacts_with_keyword(registry, ADMIN, v),
        "address.lines": lambda v: add_address(registry, ADMIN, cid, NewAddress("FI", (v,))),
        "address.city": lambda v: add_address(registry, ADMIN, cid, NewAddress("FI", city=v)),
        "note.text": lambda v: add_note(registry, ADMIN, cid, v),
        "activity.title": lambda v: add_activity(
            registry, ADMIN, cid, NewActivity(ActivityKind.TODO, v)
        ),
        "activity.description": lambda v: add_activity(
            registry, ADMIN, cid, NewActivity(ActivityKind.TODO, "Call", description=v)
        ),
        "project.name": lambda v: create_project(registry, ADMIN, cid, NewProject(v)),
        "industry.name": lambda v: Industry(uuid.uuid4(), v),  # type: ignore[arg-type]
    }


#: The field each entry point's error names (entity, field).
EXPECTED_FIELD = {
    "query.text": ("query", "text"),
    "mass_update.query.text": ("query", "text"),
    "report.filters.text": ("report", "filters.text"),
    "report.filters.keyword": ("report", "filters.keyword"),
    "report.sort": ("report", "sort"),
    "report.columns": ("report", "columns"),
    "report.title": ("report", "title"),
    "customer.name": ("customer", "name"),
    "customer.name (update)": ("customer", "name"),
    "customer.website": ("customer", "website"),
    "customer.email": ("customer", "email"),
    "contact.first_name": ("contact", "first_name"),
    "contact.last_name": ("contact", "last_name"),
    "contact.title": ("contact", "title"),
    "contact.keywords": ("contact", "keywords"),
    "contact.phones": ("contact", "phones"),
    "contact.emails": ("contact", "emails"),
    "contact.keywords (query)": ("contact", "keywords"),
    "address.lines": ("address", "lines"),
    "address.city": ("address", "city"),
    "note.text": ("note", "text"),
    "activity.title": ("activity", "title"),
    "activity.description": ("activity", "description"),
    "project.name": ("project", "name"),
    "industry.name": ("industry", "name"),
}


def test_hostile_corpus_is_refused_naming_the_field_on_every_adapter_and_changes_nothing(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=make_settings)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Acme Oy"))
    create_customer(registry, ADMIN, CreateCustomer(name="Beta Ab"))
    before = snapshot(registry)
    points = entry_points(registry, customer)
    assert set(points) == set(EXPECTED_FIELD)
    outcomes = {}
    for point, call in points.items():
        for label, value in HOSTILE_TEXTS.items():
            outcomes[point, label] = refused(lambda: call(value))  # noqa: B023
    wrong = {k: v for k, v in outcomes.items() if v != EXPECTED_FIELD[k[0]]}
    assert wrong == {}
    assert snapshot(registry) == before
    assert list_customers(registry, ADMIN, CustomerQuery(text="Acme")).total == 1


@pytest.mark.parametrize("text", ["\x00", "a\x00", "%\x00", "\x00%"])
def test_c6_a_nul_search_never_selects_every_customer_for_a_mass_update(
    registry_factory: RegistryFactory, text: str
) -> None:
    registry = registry_factory(settings=make_settings)
    for name in ("Acme Oy", "Beta Ab", "Gamma"):
        create_customer(registry, ADMIN, CreateCustomer(name=name))
    before = snapshot(registry)
    action = ChangeStatus(CustomerStatus.INACTIVE)
    assert refused(
        lambda: mass_update(registry, ADMIN, MassUpdate.matching(action, CustomerQuery(text=text)))
    ) == ("query", "text")
    assert snapshot(registry) == before


@pytest.mark.parametrize("digits", [19, 200, 4301, 5000, 100_000])
def test_c6_a_digit_only_search_of_thousands_of_digits_is_refused_not_a_crash(
    registry_factory: RegistryFactory, digits: int
) -> None:
    registry = registry_factory(settings=make_settings)
    create_customer(registry, ADMIN, CreateCustomer(name="Acme Oy"))
    text = "9" * digits
    if digits <= SEARCH_MAX_LENGTH:
        assert list_customers(registry, ADMIN, CustomerQuery(text=text)).total == 0
    else:
        assert refused(lambda: CustomerQuery(text=text)) == ("query", "text")


#: Entry points of required texts: a text that shows nothing is blank there (C1, P1, N1).
REQUIRED_POINTS = (
    "customer.name",
    "customer.name (update)",
    "contact.first_name",
    "contact.last_name",
    "note.text",
    "activity.title",
    "project.name",
    "industry.name",
)


def test_c1_p1_n1_texts_that_show_nothing_are_blank_on_every_adapter(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=make_settings)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Acme Oy"))
    before = snapshot(registry)
    points = entry_points(registry, customer)
    for point in REQUIRED_POINTS:
        for text in INVISIBLE_TEXTS:
            with pytest.raises(ValidationError) as caught:
                points[point](text)
            error = caught.value
            assert (error.entity, error.field, error.reason) == (
                *EXPECTED_FIELD[point],
                "must not be blank",
            )
    assert snapshot(registry) == before


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: PageRequest(offset=10**30), "offset"),
        (lambda: PageRequest(offset=-1), "offset"),
        (lambda: PageRequest(limit=10**30), "limit"),
        (lambda: PageRequest(limit=True), "limit"),
        (lambda: PageRequest(offset=1.5), "offset"),
        (lambda: CustomerNumber(10**30), "number"),
        (lambda: CustomerNumber(True), "number"),
        (lambda: Money("9" * 1000, "EUR"), "amount"),
        (lambda: Money(10**1000, "EUR"), "amount"),
        (lambda: Money(Decimal("NaN"), "EUR"), "amount"),
        (lambda: Money(Decimal("-Infinity"), "EUR"), "amount"),
        (lambda: Money("1E+999999999", "EUR"), "amount"),
        (lambda: Money(True, "EUR"), "amount"),
        (lambda: Money(1.5, "EUR"), "amount"),
        (lambda: validate_detection(Decimal("NaN"), 10), "threshold"),
        (lambda: validate_detection(float("nan"), 10), "threshold"),
        (lambda: validate_detection("0.5", 10), "threshold"),  # type: ignore[arg-type]
        (lambda: validate_detection(10**400, 10), "threshold"),
        (lambda: validate_detection(0.9, 10**30), "window"),
        (lambda: validate_detection(0.9, True), "window"),
        (lambda: ReportFilters(owner_id="x" * 10_000), "filters.owner_id"),  # type: ignore[arg-type]
        (lambda: CustomerQuery(industry_id=1), "industry_id"),  # type: ignore[arg-type]
        (lambda: CustomerQuery(ids=["not-an-id"]), "ids"),  # type: ignore[list-item]
        (lambda: CustomerQuery(status="active"), "status"),  # type: ignore[arg-type]
        (lambda: UpdateCustomer(SOME_CUSTOMER, expected_version=True), "expected_version"),
        (lambda: UpdateCustomer(SOME_CUSTOMER, expected_version="1"), "expected_version"),
        (lambda: UpdateCustomer(SOME_CUSTOMER, expected_version=2**63), "expected_version"),
        (
            lambda: MassUpdate.of_ids(
                ChangeStatus(CustomerStatus.INACTIVE), [SOME_CUSTOMER], {SOME_CUSTOMER: 10**30}
            ),
            "expected_versions",
        ),
    ],
)
def test_k8_hostile_numbers_and_criteria_are_a_validation_error_naming_the_field(
    make: Callable[[], Any], field: str
) -> None:
    assert refused(make)[1] == field


@pytest.mark.parametrize(
    "value", ["9" * 1000, 10**1000, "1E+999999999", Decimal("NaN"), "Infinity", True]
)
def test_k8_a_hostile_custom_number_is_refused_on_every_adapter(
    registry_factory: RegistryFactory, value: object
) -> None:
    registry = registry_factory(settings=make_settings)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Acme Oy"))
    before = snapshot(registry)
    entity, field = refused(
        lambda: update_customer(
            registry, ADMIN, UpdateCustomer(customer.id, custom_fields={SIZE: value})
        )
    )
    assert (entity, field) == ("customer", "custom_fields.Size")
    assert snapshot(registry) == before


@pytest.mark.parametrize("chunk_size", [10**30, 2**63, 100_001, 0, True, "1", 1.0])
def test_x1_a_hostile_chunk_size_is_refused_on_every_adapter(
    registry_factory: RegistryFactory, chunk_size: object
) -> None:
    registry = registry_factory(settings=make_settings)
    create_customer(registry, ADMIN, CreateCustomer(name="Acme Oy"))
    sink = CollectingSink()
    assert refused(
        lambda: run_report(
            registry, ADMIN, builtin_report("customers"), sink, chunk_size=chunk_size  # type: ignore[arg-type]
        )
    ) == ("report", "chunk_size")
    assert sink.header is None and sink.rows == []


# -- the text policy, as properties ---------------------------------------------------------------

#: All of Unicode, controls, format characters and lone surrogates included.
ANY_CHARACTER = st.one_of(
    st.characters(codec=None),
    st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Mn"]),
    st.sampled_from("=+-@\t\r\n \u3164\u2800"),
)
FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {
    chr(c) for c in range(0x7F, 0xA0)
} | set("\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _forbidden(char: str) -> bool:
    return char in FORBIDDEN or unicodedata.category(char) == "Cs"


@given(st.text(ANY_CHARACTER, max_size=40))
@example("\x00")
@example("Acme\ud800")
@example("\u200b")
@example(" Acme \t  Oy\n")
@example("A\u030a")  # decomposed Å
def test_c1_any_name_is_normalised_text_with_something_visible_or_a_validation_error(
    raw: str,
) -> None:
    try:
        name = customer_name(raw)
    except ValidationError as error:
        assert (error.entity, error.field) == ("customer", "name")
        assert any(_forbidden(c) for c in raw) or not has_visible(raw)
        return
    assert not any(_forbidden(c) for c in raw)
    assert has_visible(name)
    assert name == unicodedata.normalize("NFC", name)
    assert name == name.strip() and "  " not in name and "\n" not in name and "\t" not in name
    assert customer_name(name) == name  # normalising twice changes nothing


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("A\u030a  B", "\u00c5 B"),
        (" \u200bAcme\u200b ", "Acme"),
        ("Acme\u200dOy", "Acme\u200dOy"),  # a joiner inside is kept
        ("Acme\t\r\nOy\u3000Ab", "Acme Oy Ab"),
        ("\ufeffAcme", "Acme"),
    ],
)
def test_c1_names_are_normalised_once_in_the_domain(raw: str, stored: str) -> None:
    assert customer_name(raw) == stored


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad \u3000\u3164\u2800\u0301"


@given(st.text(st.sampled_from(INVISIBLE), min_size=1))
def test_c1_a_name_of_invisible_characters_is_blank(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        customer_name(raw)
    assert (caught.value.field, caught.value.reason) == ("name", "must not be blank")


@given(st.text(ANY_CHARACTER, max_size=300))
@example("\x00")
@example("9" * 5000)
@example("%_\\")
def test_c6_any_search_text_is_clean_bounded_text_or_a_validation_error(raw: str) -> None:
    try:
        query = CustomerQuery(text=raw)
    except ValidationError as error:
        assert (error.entity, error.field) == ("query", "text")
        assert any(_forbidden(c) for c in raw) or len(clean_text("x", "y", raw, 10**6)) > 200
        return
    text = query.text
    assert text is None or (len(text) <= SEARCH_MAX_LENGTH and not any(map(_forbidden, text)))


def test_c6_the_reference_predicate_survives_a_long_digit_search() -> None:
    customer = Customer(uuid.uuid4(), CustomerNumber(7), "Acme", created_at=None)  # type: ignore[arg-type]
    assert text_matches("0" * 5000 + "7", customer) is False
    assert text_matches("0007", customer) is True


@pytest.mark.parametrize("entity_field", ["note.text", "activity.description"])
def test_n1_multi_line_texts_keep_their_line_breaks_as_newlines(entity_field: str) -> None:
    entity, field = entity_field.split(".")
    text = required_text(entity, field, "  First\r\nsecond \rthird\n", 100, multiline=True)
    assert text == "First\nsecond\nthird"


@pytest.mark.parametrize("count", [101, 10_000])
def test_p4_a_contact_holds_at_most_a_hundred_keywords(count: int) -> None:
    keywords = (f"k{i}" for i in range(count))
    assert refused(lambda: text_set("contact", "keywords", keywords)) == ("contact", "keywords")


# -- e-mail ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("anna@Example.COM", "anna@example.com"),
        (" Anna.Virtanen@esimerkki.fi ", "Anna.Virtanen@esimerkki.fi"),
        ("josé@bücher.de", "josé@bücher.de"),
        ("用户@例子.广告", "用户@例子.广告"),
        ("x@XN--BCHER-KVA.DE", "x@bücher.de"),
        ("jose\u0301@example.com", "jos\u00e9@example.com"),
    ],
)
def test_internationalised_email_addresses_are_accepted_in_normal_form(
    typed: str, stored: str
) -> None:
    assert EmailAddress(typed).address == stored


@pytest.mark.parametrize(
    "typed",
    ["a@b", "a..b@example.com", "a\x00@example.com", "@example.com",
     "a b@example.com", "a@-example.com", "a@" + "x" * 300 + ".com", "a@example.test"],
)
def test_invalid_email_addresses_are_refused_naming_the_field(typed: str) -> None:
    assert refused(lambda: EmailAddress(typed)) == ("email", "address")


def test_to_decimal_keeps_exact_numbers_within_the_limits() -> None:
    assert to_decimal("x", "y", "1." + "0" * 30) == Decimal(1)
    assert to_decimal("x", "y", "-12345678901234567890.123") == Decimal("-12345678901234567890.123")
    assert to_decimal("x", "y", "0E-999") == 0


@pytest.mark.parametrize("label", sorted(HOSTILE_TEXTS))
def test_x1_sort_keys_refuse_hostile_text(label: str) -> None:
    assert refused(lambda: SortKey.parse(HOSTILE_TEXTS[label])) == ("report", "sort")


def test_p1_a_contact_holds_at_most_a_hundred_email_addresses(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=make_settings)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Acme Oy"))
    emails = tuple(f"a{i}@example.com" for i in range(101))
    assert refused(
        lambda: add_contact(registry, ADMIN, customer.id, NewContact("A", "B", emails=emails))
    ) == ("contact", "emails")
    added = add_contact(registry, ADMIN, customer.id, NewContact("A", "B", emails=emails[:100]))
    assert len(added.emails) == 100
