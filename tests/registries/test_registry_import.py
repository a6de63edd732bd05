"""Search, import and update from the public registries, end to end against the local recorded
server, on every storage backend (R1-R5, C4, A1)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from custreg.adapters.registries import BrregRegistry
from custreg.adapters.registries import YtjRegistry
from custreg.domain.address import AddressKind
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import ConflictError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryUnavailableError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import IndustryId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import Industry
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry
from custreg.usecases.addresses import list_addresses
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.customers import update_customer
from custreg.usecases.registry_import import import_from_registry
from custreg.usecases.registry_import import preview_registry_update
from custreg.usecases.registry_import import search_registry
from custreg.usecases.registry_import import update_from_registry

EDITOR = Principal(UserId(uuid.UUID(int=7)), customers=CustomerPermission.EDIT)
HEAD_OFFICES = IndustryId(uuid.UUID(int=70))
CONSULTING = IndustryId(uuid.UUID(int=71))


def settings(organisation_id: OrganisationId) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id,
        "Test Oy",
        industries=(
            Industry(HEAD_OFFICES, "Head offices"),
            Industry(CONSULTING, "Bedriftsrådgivning og annen administrativ rådgivning"),
        ),
    )


@pytest.fixture
def org(registry_factory: Callable[..., Registry]) -> Registry:
    return registry_factory(settings=settings)


@pytest.fixture
def registries(
    recorded: HTTPServer,
    make_fi: Callable[..., YtjRegistry],
    make_no: Callable[..., BrregRegistry],
) -> dict[str, Any]:
    return {"FI": make_fi(), "NO": make_no()}


def snapshot(org: Registry) -> list[Any]:
    """Everything the import/update use cases may write: customers and their addresses."""
    customers = list_customers(org, EDITOR).items
    return [(c, list_addresses(org, EDITOR, c.id)) for c in customers]


# --- R1 -----------------------------------------------------------------------------------------


def test_r1_search_finland_by_name_by_business_id_and_by_vat_number(
    registries: dict[str, Any],
) -> None:
    by_name = search_registry(registries, EDITOR, "FI", "Wolt")
    assert [h.name for h in by_name.hits] == ["Wolt Oy"]
    for query in ("0112038-9", "01120389", "FI01120389", "fi 0112038-9"):
        page = search_registry(registries, EDITOR, "fi", query)
        assert [h.name for h in page.hits] == ["Nokia Oyj"], query
        assert page.total == 1
    assert search_registry(registries, EDITOR, "FI", "3141593-8").hits == ()


def test_r1_search_norway_by_name_and_by_organisation_number(registries: dict[str, Any]) -> None:
    page = search_registry(registries, EDITOR, "NO", "nordlys")
    assert [h.name for h in page.hits] == ["NORDLYS RÅDGIVNING AS", "NORDLYS TRANSPORT AS"]
    for query in ("923609016", "923 609 016", "NO923609016MVA", "NO 923609016 MVA"):
        assert [h.name for h in search_registry(registries, EDITOR, "NO", query).hits] == [
            "EQUINOR ASA"
        ], query
    assert search_registry(registries, EDITOR, "NO", "qwxzv").hits == ()


@pytest.mark.parametrize(
    ("country", "query", "field"),
    [
        ("FI", "0112038-8", "business_id"),
        ("FI", "FI01120388", "vat_number"),
        ("NO", "923609017", "business_id"),
        ("NO", "NO923609017MVA", "vat_number"),
        ("NO", "FI01120389", "query"),
        ("FI", "   ", "query"),
        ("SE", "Volvo", "country"),
    ],
)
def test_r1_bad_queries_are_refused_before_any_request(
    registries: dict[str, Any], recorded: HTTPServer, country: str, query: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        search_registry(registries, EDITOR, country, query)
    assert caught.value.field == field
    assert recorded.log == []


def test_r1_a_sub_unit_number_finds_the_sub_unit(registries: dict[str, Any]) -> None:
    (hit,) = search_registry(registries, EDITOR, "NO", "975318648").hits
    assert hit.parent_business_id is not None and hit.parent_business_id.value == "918273646"


def test_r5_search_reports_a_removed_entity_as_such(registries: dict[str, Any]) -> None:
    with pytest.raises(CompanyGoneError, match="removed from public view"):
        search_registry(registries, EDITOR, "NO", "931456784")


def test_search_needs_a_principal_who_sees_customers(registries: dict[str, Any]) -> None:
    from custreg.domain.errors import PermissionDeniedError

    nobody = Principal(UserId(uuid.UUID(int=8)), customers=CustomerPermission.NONE)
    with pytest.raises(PermissionDeniedError):
        search_registry(registries, nobody, "FI", "Wolt")


# --- R2 import -----------------------------------------------------------------------------------


def test_r2_import_finnish_company_found_by_id(org: Registry, registries: dict[str, Any]) -> None:
    (hit,) = search_registry(registries, EDITOR, "FI", "0112038-9").hits
    result = import_from_registry(org, EDITOR, hit, industries={"70": HEAD_OFFICES})
    customer = get_customer(org, EDITOR, result.customer.id)
    assert customer.name == "Nokia Oyj"
    assert customer.business_id is not None and customer.business_id.value == "0112038-9"
    assert customer.vat_number is not None and customer.vat_number.value == "FI01120389"
    assert str(customer.website) == "www.nokia.com"
    assert customer.email is None
    assert customer.industry_id == HEAD_OFFICES
    visiting, postal = list_addresses(org, EDITOR, customer.id)
    assert customer.headquarters_address_id == visiting.id
    assert (visiting.lines, visiting.postal_code, visiting.city) == (
        ("Karakaari 7",),
        "02610",
        "ESPOO",
    )
    assert visiting.kinds == {AddressKind.VISITING}
    assert (postal.lines, postal.postal_code, postal.city) == (("PL 226",), "00045", "NOKIA GROUP")
    assert postal.kinds == {AddressKind.POSTAL}
    assert result.skipped == {}


def test_r2_import_finnish_company_found_by_name(org: Registry, registries: dict[str, Any]) -> None:
    (hit,) = search_registry(registries, EDITOR, "FI", "Wolt").hits
    result = import_from_registry(org, EDITOR, hit)
    customer = get_customer(org, EDITOR, result.customer.id)
    assert (customer.name, customer.vat_number) == ("Wolt Oy", None)
    assert customer.business_id is not None and customer.business_id.value == "2646674-9"
    (only,) = list_addresses(org, EDITOR, customer.id)
    assert customer.headquarters_address_id == only.id
    assert only.lines == ("Pohjoinen Rautatiekatu 21",) and only.city == "HELSINKI"
    assert customer.industry_id is None
    assert "96999" in result.skipped["industry"]


def test_r2_import_norwegian_company_found_by_name(
    org: Registry, registries: dict[str, Any]
) -> None:
    hit = search_registry(registries, EDITOR, "NO", "nordlys").hits[0]
    result = import_from_registry(org, EDITOR, hit)
    customer = get_customer(org, EDITOR, result.customer.id)
    assert customer.name == "NORDLYS RÅDGIVNING AS"
    assert customer.vat_number is not None and customer.vat_number.value == "NO918273646MVA"
    assert str(customer.email) == "post@nordlys-eksempel.no"
    assert customer.industry_id == CONSULTING  # matched by name
    visiting, postal = list_addresses(org, EDITOR, customer.id)
    assert customer.headquarters_address_id == visiting.id
    assert visiting.lines == ("Tyvholmen 1",)
    assert postal.lines == ("c/o Regnskapskontoret Fjord", "Postboks 1752 Vika")
    assert (postal.postal_code, postal.city, postal.country) == ("0122", "OSLO", "NO")


def test_r2_import_norwegian_company_found_by_number(
    org: Registry, registries: dict[str, Any]
) -> None:
    (hit,) = search_registry(registries, EDITOR, "NO", "923609016").hits
    result = import_from_registry(org, EDITOR, hit)
    (only,) = result.addresses
    assert only.kinds == {AddressKind.VISITING}
    assert result.customer.headquarters_address_id == only.id
    assert str(result.customer.website) == "www.equinor.com"


def test_r2_same_visiting_and_postal_address_become_one_address_with_both_kinds(
    org: Registry, registries: dict[str, Any]
) -> None:
    (hit,) = search_registry(registries, EDITOR, "FI", "1732050-2").hits
    hit = attrs.evolve(hit, postal_address=hit.visiting_address)
    result = import_from_registry(org, EDITOR, hit, accept_inactive=True)
    (only,) = result.addresses
    assert only.kinds == {AddressKind.VISITING, AddressKind.POSTAL}


def test_r2_invalid_registry_email_is_skipped_not_fatal(
    org: Registry, registries: dict[str, Any]
) -> None:
    hit = search_registry(registries, EDITOR, "NO", "nordlys").hits[0]
    hit = attrs.evolve(hit, email="not an email", website="nowhere")
    result = import_from_registry(org, EDITOR, hit)
    assert result.customer.email is None and result.customer.website is None
    assert set(result.skipped) >= {"email", "website"}


# --- R5 and C4 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "query"),
    [("FI", "1618033-3"), ("NO", "812345672"), ("FI", "1732050-2"), ("NO", "nordlys")],
)
def test_r5_inactive_company_is_not_imported_without_consent(
    org: Registry, registries: dict[str, Any], country: str, query: str
) -> None:
    hits = search_registry(registries, EDITOR, country, query).hits
    hit = next(h for h in hits if not h.is_alive)
    with pytest.raises(CompanyGoneError) as caught:
        import_from_registry(org, EDITOR, hit)
    assert hit.status.value in str(caught.value)
    assert snapshot(org) == []
    result = import_from_registry(org, EDITOR, hit, accept_inactive=True)
    assert result.customer.name == hit.name


def test_c4_importing_a_company_twice_reports_the_duplicate(
    org: Registry, registries: dict[str, Any]
) -> None:
    (hit,) = search_registry(registries, EDITOR, "FI", "0112038-9").hits
    first = import_from_registry(org, EDITOR, hit)
    before = snapshot(org)
    with pytest.raises(PossibleDuplicateError) as caught:
        import_from_registry(org, EDITOR, hit)
    assert caught.value.existing_id == first.customer.id
    assert snapshot(org) == before
    second = import_from_registry(org, EDITOR, hit, accept_duplicate=True)
    assert second.customer.id != first.customer.id


def test_c4_import_finds_a_duplicate_typed_by_hand(
    org: Registry, registries: dict[str, Any]
) -> None:
    existing = create_customer(org, EDITOR, CreateCustomer("Wolt", "2646674-9", country="FI"))
    (hit,) = search_registry(registries, EDITOR, "FI", "Wolt").hits
    with pytest.raises(PossibleDuplicateError) as caught:
        import_from_registry(org, EDITOR, hit)
    assert caught.value.existing_id == existing.id


# --- R3 update -----------------------------------------------------------------------------------


def _old_nokia(org: Registry) -> Any:
    return create_customer(
        org,
        EDITOR,
        CreateCustomer(
            "Nokia (old card)",
            "FI01120389",
            email="sales@nokia.example",
            address=NewAddress("FI", ("Keilalahdentie 4",), "02150", "ESPOO"),
        ),
    )


def test_r3_preview_shows_every_field_side_by_side(
    org: Registry, registries: dict[str, Any]
) -> None:
    customer = _old_nokia(org)
    preview = preview_registry_update(org, EDITOR, registries, customer.id)
    rows = {c.field: (c.current, c.proposed) for c in preview.changes}
    assert rows == {
        "name": ("Nokia (old card)", "Nokia Oyj"),
        "visiting_address": ("Keilalahdentie 4, 02150 ESPOO, FI", "Karakaari 7, 02610 ESPOO, FI"),
        "postal_address": ("Keilalahdentie 4, 02150 ESPOO, FI", "PL 226, 00045 NOKIA GROUP, FI"),
        "email": ("sales@nokia.example", None),
        "website": (None, "www.nokia.com"),
        "einvoice_addresses": (None, None),  # C7: YTJ publishes none
    }
    assert preview.changed_fields == ("name", "visiting_address", "postal_address", "website")
    text = preview.render()
    assert "name: Nokia (old card) -> Nokia Oyj" in text
    assert "email: sales@nokia.example (registry: not published by the registry)" in text
    assert snapshot(org)[0][0] == customer  # a preview writes nothing


def test_r3_update_changes_only_the_chosen_fields(
    org: Registry, registries: dict[str, Any]
) -> None:
    customer = _old_nokia(org)
    preview = preview_registry_update(org, EDITOR, registries, customer.id)
    result = update_from_registry(
        org, EDITOR, registries, customer.id, ["name", "email"], preview=preview
    )
    assert result.applied == ("name",)
    assert result.skipped == {"email": "not published by the registry"}
    after = get_customer(org, EDITOR, customer.id)
    assert after.name == "Nokia Oyj"
    assert str(after.email) == "sales@nokia.example"
    assert after.website is None
    (address,) = list_addresses(org, EDITOR, customer.id)
    assert address.lines == ("Keilalahdentie 4",)


def test_r3_updating_only_the_postal_address_splits_a_shared_address(
    org: Registry, registries: dict[str, Any]
) -> None:
    customer = _old_nokia(org)
    update_from_registry(org, EDITOR, registries, customer.id, ["postal_address"])
    first, second = list_addresses(org, EDITOR, customer.id)
    assert (first.lines, first.kinds) == (("Keilalahdentie 4",), {AddressKind.VISITING})
    assert (second.lines, second.kinds) == (("PL 226",), {AddressKind.POSTAL})
    assert get_customer(org, EDITOR, customer.id).headquarters_address_id == first.id


def test_r3_updating_every_field(org: Registry, registries: dict[str, Any]) -> None:
    customer = _old_nokia(org)
    result = update_from_registry(
        org,
        EDITOR,
        registries,
        customer.id,
        ["name", "visiting_address", "postal_address", "email", "website"],
    )
    assert set(result.applied) == {"name", "visiting_address", "postal_address", "website"}
    after = get_customer(org, EDITOR, customer.id)
    visiting, postal = list_addresses(org, EDITOR, customer.id)
    assert after.headquarters_address_id == visiting.id
    assert visiting.lines == ("Karakaari 7",) and postal.lines == ("PL 226",)
    assert str(after.website) == "www.nokia.com"
    # Applying again changes nothing.
    again = update_from_registry(org, EDITOR, registries, customer.id, list(result.applied))
    assert again.applied == ()
    assert get_customer(org, EDITOR, customer.id).version == after.version


def test_r3_norwegian_customer(org: Registry, registries: dict[str, Any]) -> None:
    customer = create_customer(org, EDITOR, CreateCustomer("Equinor", "NO923609016MVA"))
    result = update_from_registry(
        org, EDITOR, registries, customer.id, ["name", "visiting_address", "website"]
    )
    assert result.applied == ("name", "visiting_address", "website")
    (address,) = list_addresses(org, EDITOR, customer.id)
    assert address.kinds == {AddressKind.VISITING}
    assert get_customer(org, EDITOR, customer.id).headquarters_address_id == address.id


def test_r3_refuses_customers_without_vat_number_or_registry(
    org: Registry, registries: dict[str, Any], recorded: HTTPServer
) -> None:
    plain = create_customer(org, EDITOR, CreateCustomer("No VAT Ltd"))
    swedish = create_customer(org, EDITOR, CreateCustomer("Volvo", "SE556012579001"))
    for customer in (plain, swedish):
        with pytest.raises(BusinessRuleError) as caught:
            preview_registry_update(org, EDITOR, registries, customer.id)
        assert caught.value.field == "vat_number"
        with pytest.raises(BusinessRuleError):
            update_from_registry(org, EDITOR, registries, customer.id, ["name"])
    assert recorded.log == []


def test_r3_unknown_field_names_are_refused(org: Registry, registries: dict[str, Any]) -> None:
    customer = _old_nokia(org)
    with pytest.raises(ValidationError) as caught:
        update_from_registry(org, EDITOR, registries, customer.id, ["name", "industry"])
    assert caught.value.field == "fields"


def test_r3_update_after_a_concurrent_change_is_a_conflict(
    org: Registry, registries: dict[str, Any]
) -> None:
    customer = _old_nokia(org)
    preview = preview_registry_update(org, EDITOR, registries, customer.id)
    update_customer(org, EDITOR, UpdateCustomer(customer.id, name="Renamed meanwhile"))
    before = snapshot(org)
    with pytest.raises(ConflictError):
        update_from_registry(org, EDITOR, registries, customer.id, ["name"], preview=preview)
    assert snapshot(org) == before


def test_r5_update_from_a_dissolved_company_needs_consent(
    org: Registry, registries: dict[str, Any]
) -> None:
    customer = create_customer(org, EDITOR, CreateCustomer("Kultainen", "1618033-3", country="FI"))
    with pytest.raises(CompanyGoneError):
        update_from_registry(org, EDITOR, registries, customer.id, ["name"])
    result = update_from_registry(
        org, EDITOR, registries, customer.id, ["name"], accept_inactive=True
    )
    assert result.customer.name == "Kultainen Leikkaus Oy"


# --- R4 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error"),
    [
        (500, b'{"message": "boom"}', "application/json", RegistryUnavailableError),
        (503, b"<html>maintenance</html>", "text/html", RegistryUnavailableError),
        (429, b"Too Many Requests", "text/plain", RegistryUnavailableError),
        (200, b'{"totalResults": 1, "companies": [{"busi', "application/json", RegistryDataError),
        (200, b"<html>login</html>", "text/html", RegistryUnavailableError),
    ],
)
def test_r4_a_failing_registry_writes_nothing(
    org: Registry,
    httpserver: HTTPServer,
    make_fi: Callable[..., YtjRegistry],
    status: int,
    body: bytes,
    content_type: str,
    error: type[Exception],
) -> None:
    customer = _old_nokia(org)
    before = snapshot(org)
    httpserver.expect_request("/opendata-ytj-api/v3/companies").respond_with_response(
        Response(body, status=status, content_type=content_type)
    )
    failing = {"FI": make_fi()}
    with pytest.raises(error):
        preview_registry_update(org, EDITOR, failing, customer.id)
    with pytest.raises(error):
        update_from_registry(org, EDITOR, failing, customer.id, ["name", "visiting_address"])
    assert snapshot(org) == before


def test_r3_a_registry_visiting_address_equal_to_the_postal_one_is_merged_into_it(
    org: Registry, registries: dict[str, Any]
) -> None:
    postal_only = NewAddress("NO", ("Forusbeen 50",), "4035", "STAVANGER", {AddressKind.POSTAL})
    customer = create_customer(
        org, EDITOR, CreateCustomer("Equinor", "NO923609016MVA", address=postal_only)
    )
    result = update_from_registry(org, EDITOR, registries, customer.id, ["visiting_address"])
    assert result.applied == ("visiting_address",)
    (only,) = list_addresses(org, EDITOR, customer.id)
    assert only.kinds == {AddressKind.VISITING, AddressKind.POSTAL}
