"""The JSON edge: every entity survives JSON exactly, and bad JSON is a typed error per field."""

from __future__ import annotations

import json
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.serialization import from_json
from custreg.adapters.serialization import from_json_dict
from custreg.adapters.serialization import to_json
from custreg.adapters.serialization import to_json_dict
from custreg.domain.address import Address
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import Money
from custreg.testing import strategies as s


def _through_json(value: Any) -> Any:
    """What a host gets back after sending ``to_json(value)`` over the wire."""
    return json.loads(json.dumps(to_json(value), allow_nan=False))


def _errors(error: ValidationError) -> dict[str | None, str]:
    items = error.errors if isinstance(error, ValidationErrors) else (error,)
    return {e.field: e.reason for e in items}


@pytest.mark.parametrize("kind", sorted(s.entity_strategies()))
@given(data=st.data())
def test_every_entity_round_trips_exactly_through_json(kind: str, data: st.DataObject) -> None:
    entity = data.draw(s.entity_strategies()[kind])
    assert type(entity).__name__ == kind
    back = from_json(type(entity), _through_json(entity))
    assert back == entity
    assert to_json(back) == to_json(entity)


@given(s.customers())
def test_to_json_dict_is_json_native_and_deterministic(customer: Customer) -> None:
    data = to_json_dict(customer)
    assert json.loads(json.dumps(data)) == data
    assert data["id"] == str(customer.id)
    assert data["market_segment_ids"] == sorted(str(i) for i in customer.market_segment_ids)
    assert from_json_dict(Customer, data) == customer


@given(s.amounts())
def test_decimals_keep_their_digits(amount: Decimal) -> None:
    money = Money(amount, "EUR")
    data = _through_json(money)
    assert data == {"amount": str(amount), "currency": "EUR"}
    back = from_json(Money, data)
    assert back.amount.as_tuple() == amount.as_tuple()


def test_money_amount_as_float_is_refused_not_rounded() -> None:
    with pytest.raises(ValidationError) as caught:
        from_json(Money, {"amount": 1.1, "currency": "EUR"})
    assert caught.value.entity == "money"
    assert caught.value.field == "amount"
    assert "float" in caught.value.reason


@pytest.mark.parametrize("value", [1.9, "5", True, None, "1e3"])
def test_int_fields_never_coerce(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        from_json(int, value)
    assert caught.value.field is None


def test_int_accepts_int() -> None:
    assert from_json(int, 7) == 7


@given(s.customers(), st.sampled_from(["number", "version", "payment_term_days"]))
def test_float_in_an_int_field_names_the_field(customer: Customer, name: str) -> None:
    data = to_json_dict(customer) | {name: 1.9}
    with pytest.raises(ValidationError) as caught:
        from_json_dict(Customer, data)
    assert caught.value.entity == "customer"
    assert caught.value.field == name


@given(s.customers())
def test_every_bad_field_is_reported_with_its_path(customer: Customer) -> None:
    data = to_json_dict(customer) | {
        "number": 1.9,
        "created_at": "2026-01-01T10:00:00",  # naive: refused
        "vat_number": "FI01120388",  # wrong check digit
        "einvoice_addresses": {
            "added": [{"address": "not an address", "operator": "NDEAFIHH"}],
            "default_index": 0,
        },
        "status": "passive",
        "market_segment_ids": ["not-a-uuid"],
        "nickname": "extra",
    }
    with pytest.raises(ValidationErrors) as caught:
        from_json_dict(Customer, data)
    errors = _errors(caught.value)
    assert set(errors) == {
        "number",
        "created_at",
        "vat_number",
        "einvoice_addresses.added[0].address",
        "status",
        "market_segment_ids[0]",
        "nickname",
    }
    assert "UTC offset" in errors["created_at"]
    assert "checksum" in errors["vat_number"]
    assert "'active'" in errors["status"]
    assert all(e.entity == "customer" for e in caught.value.errors)


@given(s.customers(), s.addresses())
def test_c1_entity_rules_run_on_the_way_in(customer: Customer, address: Address) -> None:
    """C1 and the address rule hold for JSON input too: a blank name is refused by field."""
    with pytest.raises(ValidationError) as caught:
        from_json_dict(Customer, to_json_dict(customer) | {"name": "   "})
    assert (caught.value.field, caught.value.reason) == ("name", "must not be blank")
    blank = to_json_dict(address) | {"lines": [], "postal_code": None, "city": None}
    with pytest.raises(ValidationError) as caught:
        from_json_dict(Address, blank)
    assert caught.value.field == "lines"


@given(s.organisation_settings())
def test_nested_paths_reach_into_lists(settings: OrganisationSettings) -> None:
    data = to_json_dict(settings)
    data["users"][0]["name"] = " "
    with pytest.raises(ValidationError) as caught:
        from_json_dict(OrganisationSettings, data)
    assert caught.value.entity == "organisation_settings"
    assert caught.value.field == "users[0].name"


@given(s.invoices())
def test_missing_required_field_is_named(invoice: Invoice) -> None:
    data = to_json_dict(invoice)
    del data["on"]
    del data["total_excl_vat"]["currency"]
    with pytest.raises(ValidationErrors) as caught:
        from_json_dict(Invoice, data)
    assert _errors(caught.value) == {
        "on": "is required",
        "total_excl_vat.currency": "is required",
    }


@given(s.vat_spellings())
def test_c2_vat_numbers_are_revalidated_and_normalised_on_the_way_in(
    pair: tuple[str, VatNumber],
) -> None:
    typed, normal = pair
    assert from_json(VatNumber, typed) == normal


@given(s.invalid_vat_numbers())
def test_c2_invalid_vat_number_in_json_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        from_json(VatNumber, raw)
    assert caught.value.reason


def test_business_id_errors_name_their_part() -> None:
    with pytest.raises(ValidationError) as caught:
        from_json(BusinessId, {"country": "US", "value": "123"})
    assert caught.value.field == "country"
    with pytest.raises(ValidationError) as caught:
        from_json(BusinessId, {"country": "FI", "value": "0112038-8"})
    assert caught.value.field == "value"
    with pytest.raises(ValidationErrors) as many:
        from_json(BusinessId, {"value": 5, "extra": 1})
    assert set(_errors(many.value)) == {"country", "extra"}


@given(s.customers())
def test_custom_field_values_keep_their_type(drawn: Customer) -> None:
    field_id = UUID(int=1)
    customer = attrs.evolve(
        drawn,
        custom_fields=FrozenMap(
            {
                UUID(int=1): "1.5",
                UUID(int=2): Decimal("1.5"),
                UUID(int=3): date(2026, 1, 2),
                UUID(int=4): True,
            }
        ),
    )
    data = _through_json(customer)
    assert data["custom_fields"][str(field_id)] == {"text": "1.5"}
    back = from_json_dict(Customer, data)
    assert back.custom_fields == customer.custom_fields
    assert type(back.custom_fields[UUID(int=2)]) is Decimal
    data["custom_fields"][str(field_id)] = {"colour": "red"}
    with pytest.raises(ValidationError) as caught:
        from_json_dict(Customer, data)
    assert caught.value.field == f"custom_fields[{field_id}].colour"


def test_datetimes_keep_their_instant_and_dates_stay_dates() -> None:
    moment = datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=UTC)
    assert from_json(datetime, to_json(moment)) == moment
    with pytest.raises(ValidationError):
        from_json(date, "2026-11-25T12:00:00+00:00")
    with pytest.raises(ValidationError):
        from_json(date, "25.11.2026")


def test_enums_by_value_and_int_enums_refuse_booleans() -> None:
    principal = Principal(UUID(int=5), CustomerPermission.EDIT)
    data = _through_json(principal)
    assert data["customers"] == 2
    assert from_json(Principal, data) == principal
    with pytest.raises(ValidationError) as caught:
        from_json(Principal, data | {"customers": True})
    assert caught.value.field == "customers"


@given(s.addresses())
def test_collections_refuse_a_string_instead_of_a_list(address: Address) -> None:
    data = to_json_dict(address) | {"lines": "Main street 1"}
    with pytest.raises(ValidationError) as caught:
        from_json_dict(Address, data)
    assert caught.value.field == "lines"
    assert "list" in caught.value.reason


def test_not_an_object_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        from_json_dict(Customer, ["not", "a", "dict"])  # type: ignore[arg-type]
    assert "object" in caught.value.reason


def test_to_json_dict_only_takes_entities() -> None:
    with pytest.raises(TypeError):
        to_json_dict(Decimal(1))
