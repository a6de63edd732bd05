"""Value objects: VAT numbers and business ids (C2), Money (K8), e-mail, websites, e-invoicing (C7).

The expected answers come from the strategies, which compute check digits with python-stdnum
independently of custreg's parsers.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.business_ids import parse_tax_id
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomFieldId
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import ISO_COUNTRIES
from custreg.domain.values import MONEY_DECIMALS
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money
from custreg.domain.values import Website
from custreg.testing import strategies as s

# -- C2: VAT numbers and business ids -------------------------------------------------------------


@given(s.vat_spellings())
def test_c2_vat_number_any_spelling_normalises_to_compact_form(pair: tuple[str, VatNumber]) -> None:
    typed, normal = pair
    assert VatNumber.parse(typed) == normal


@given(s.vat_spellings())
def test_c2_normalising_a_vat_number_twice_changes_nothing(pair: tuple[str, VatNumber]) -> None:
    once = VatNumber.parse(pair[0])
    assert VatNumber.parse(once.value) == once
    assert VatNumber.parse(str(once)) == once


@given(s.vat_numbers())
def test_c2_vat_number_without_prefix_uses_the_country(vat: VatNumber) -> None:
    assert VatNumber.parse(vat.value[2:], vat.country) == vat
    assert VatNumber.parse(vat.value[2:].lower(), vat.country.lower()) == vat


@given(s.vat_numbers(["GR"]))
def test_c2_greek_vat_numbers_accept_gr_and_el(vat: VatNumber) -> None:
    assert vat.value.startswith("EL")
    assert vat.country == "GR"
    assert VatNumber.parse("GR" + vat.value[2:]) == vat


@given(s.business_id_spellings())
def test_c2_business_id_any_spelling_normalises_to_official_form(
    triple: tuple[str, str, BusinessId],
) -> None:
    typed, country, normal = triple
    parsed = BusinessId.parse(typed, country)
    assert parsed == normal
    assert BusinessId.parse(parsed.value, country) == parsed  # normalising twice changes nothing


@given(s.vat_numbers(s.BUSINESS_ID_COUNTRIES))
def test_c2_vat_number_and_business_id_derive_each_other(vat: VatNumber) -> None:
    expected = s.business_id_of(vat)
    assert expected is not None
    assert vat.business_id() == expected
    assert expected.vat_number() == vat


@given(s.vat_numbers([c for c in s.VAT_COUNTRIES if c not in s.BUSINESS_ID_COUNTRIES]))
def test_c2_other_countries_have_no_derived_business_id(vat: VatNumber) -> None:
    assert vat.business_id() is None


@given(s.invalid_vat_numbers())
def test_c2_invalid_vat_number_is_rejected_with_a_reason(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        VatNumber.parse(raw)
    assert (caught.value.entity, caught.value.field) == ("customer", "vat_number")
    assert caught.value.reason
    assert caught.value.value == raw


@given(s.vat_numbers(s.BUSINESS_ID_COUNTRIES), st.integers(1, 9))
def test_c2_business_id_with_a_wrong_check_digit_is_rejected(vat: VatNumber, shift: int) -> None:
    normal = s.business_id_of(vat)
    assert normal is not None
    last = normal.value[-1]
    wrong = normal.value[:-1] + str((int(last) + shift) % 10)
    with pytest.raises(ValidationError) as caught:
        BusinessId.parse(wrong, normal.country)
    assert (caught.value.field, caught.value.reason) == ("business_id", caught.value.reason)
    assert "checksum" in caught.value.reason or "invalid" in caught.value.reason


@given(st.text(max_size=20), st.sampled_from([None, *sorted(ISO_COUNTRIES)[:60], "fi", "se"]))
def test_c2_any_text_is_a_vat_number_or_a_validation_error(raw: str, country: str | None) -> None:
    """Whatever a user types, the answer is a normal form or a typed error, never a crash."""
    try:
        vat = VatNumber.parse(raw, country)
    except ValidationError as error:
        assert error.field == "vat_number"
    else:
        assert VatNumber.parse(vat.value) == vat


@given(st.text(max_size=20), st.sampled_from(["FI", "NO", "SE", "DK", "DE", "", "??"]))
def test_c2_any_text_is_a_business_id_or_a_validation_error(raw: str, country: str) -> None:
    try:
        business_id = BusinessId.parse(raw, country)
    except ValidationError as error:
        assert error.field == "business_id"
    else:
        assert BusinessId.parse(business_id.value, country) == business_id


@given(s.vat_numbers())
def test_c2_tax_id_field_reads_vat_numbers_with_or_without_prefix(vat: VatNumber) -> None:
    assert parse_tax_id(vat.value) == vat
    national = vat.value[2:]
    parsed = parse_tax_id(national, vat.country)
    expected = s.business_id_of(vat) if vat.country in s.BUSINESS_ID_COUNTRIES else vat
    if vat.country == "NO":
        expected = vat  # "923609016MVA" is the VAT number, not the bare organisation number
    if vat.country == "SE":
        expected = vat  # 12 digits: the VAT number (the organisation number has 10)
    assert parsed == expected


@given(s.business_ids())
def test_c2_tax_id_field_reads_a_business_id_with_its_country(business_id: BusinessId) -> None:
    assert parse_tax_id(business_id.value, business_id.country) == business_id


# -- Money (K8) -----------------------------------------------------------------------------------


@given(s.amounts(), s.currencies())
def test_money_keeps_the_exact_amount(amount: Decimal, currency: str) -> None:
    money = Money(amount, currency)
    assert money.amount == amount
    assert money.amount.as_tuple() == amount.as_tuple()


@given(s.money("EUR"), s.money("EUR"))
def test_money_arithmetic_is_exact(a: Money, b: Money) -> None:
    try:
        total = a + b
    except ValidationError as error:  # the sum left the storable range
        assert abs(a.amount + b.amount) >= Decimal(10) ** 14
        assert error.field == "amount"
        return
    assert total.amount == a.amount + b.amount
    assert total - b == a
    assert -a + a == Money.zero("EUR")
    assert a + Money.zero("EUR") == a


@given(s.money("EUR"), s.money("SEK"))
def test_money_in_two_currencies_never_mixes(a: Money, b: Money) -> None:
    with pytest.raises(ValidationError) as caught:
        a + b
    assert caught.value.field == "currency"


@pytest.mark.parametrize("value", [1.5, 0.1, float("nan"), True])
def test_money_refuses_floats_and_booleans(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Money(value, "EUR")  # type: ignore[arg-type]
    assert (caught.value.entity, caught.value.field) == ("money", "amount")


@given(st.integers(-(10**12), 10**12), st.integers(MONEY_DECIMALS + 1, 12))
def test_money_refuses_more_decimals_than_it_keeps(units: int, places: int) -> None:
    amount = Decimal(units).scaleb(-places)
    if amount == amount.quantize(Decimal(1).scaleb(-MONEY_DECIMALS)):
        assert Money(amount, "EUR").amount == amount  # only trailing zeros: still exact
    else:
        with pytest.raises(ValidationError):
            Money(amount, "EUR")


@pytest.mark.parametrize("text", ["1E+14", "-100000000000000", "NaN", "Infinity", "abc"])
def test_money_refuses_unstorable_amounts(text: str) -> None:
    with pytest.raises(ValidationError):
        Money(text, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["eur", " EUR "])
def test_money_currency_is_normalised(code: str) -> None:
    assert Money(Decimal(1), code).currency == "EUR"


@pytest.mark.parametrize("code", ["EURO", "", "E1R", None])
def test_money_currency_must_be_iso_4217(code: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Money(Decimal(1), code)  # type: ignore[arg-type]
    assert caught.value.field == "currency"


# -- e-mail and websites ---------------------------------------------------------------------------


@given(s.email_spellings())
def test_email_is_stripped_and_its_domain_lower_cased(pair: tuple[str, EmailAddress]) -> None:
    typed, normal = pair
    parsed = EmailAddress(typed)
    assert parsed == normal
    assert EmailAddress(parsed.address) == parsed
    local = typed.strip().split("@")[0]
    assert parsed.address.split("@")[0] == local  # the local part is kept as typed


@given(s.invalid_emails())
def test_invalid_email_is_rejected_naming_the_field(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        EmailAddress(raw)
    assert (caught.value.entity, caught.value.field) == ("email", "address")


@given(s.websites())
def test_website_is_kept_as_given(website: Website) -> None:
    assert Website(website.url) == website


@pytest.mark.parametrize("url", ["", "   ", "localhost", "https://", "www .x.com", ".com"])
def test_invalid_website_is_rejected(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Website(url)
    assert caught.value.field == "website"


@pytest.mark.parametrize("value", [0, -1, True, 1.0, "7"])
def test_c3_customer_number_is_a_positive_integer(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerNumber(value)  # type: ignore[arg-type]
    assert caught.value.field == "number"


# -- C7: e-invoicing addresses ---------------------------------------------------------------------


@given(s.einvoice_address_texts(), s.einvoice_operators())
def test_c7_valid_einvoice_address_is_accepted_unchanged(address: str, operator: str) -> None:
    einvoice = EInvoiceAddress(address, operator)
    assert einvoice.address == address
    assert einvoice.operator == operator
    assert EInvoiceAddress(einvoice.address, einvoice.operator) == einvoice


@given(s.einvoice_addresses(), st.booleans())
def test_c7_einvoice_address_spacing_and_case_are_normalised(
    einvoice: EInvoiceAddress, lower: bool
) -> None:
    address = einvoice.address
    if not address[:4].isdigit() or ":" not in address:  # Peppol ids are case-sensitive
        address = address.lower() if lower else address
    spaced = " ".join(address[i : i + 4] for i in range(0, len(address), 4))
    parsed = EInvoiceAddress(spaced, f" {einvoice.operator.lower()} ")
    assert parsed == einvoice


@given(s.invalid_einvoice_addresses(), s.einvoice_operators())
def test_c7_invalid_einvoice_address_is_rejected_naming_the_field(
    address: str, operator: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        EInvoiceAddress(address, operator)
    assert (caught.value.entity, caught.value.field) == ("einvoice", "address")


@given(s.einvoice_address_texts(), st.sampled_from(["", "  ", "ab", "x!y", "NDEA-FI"]))
def test_c7_invalid_operator_is_rejected_naming_the_field(address: str, operator: str) -> None:
    with pytest.raises(ValidationError) as caught:
        EInvoiceAddress(address, operator)
    assert (caught.value.entity, caught.value.field) == ("einvoice", "operator")


# -- settings --------------------------------------------------------------------------------------


@given(s.organisation_settings(), st.sampled_from(["users", "industries", "vat_rates"]))
def test_settings_refuse_two_entries_with_one_id(settings: OrganisationSettings, name: str) -> None:
    """Adapters key entries by id: a duplicate would be kept by one, refused by another."""
    entries = getattr(settings, name)
    twin = attrs.evolve(entries[-1], name=f"{entries[-1].name} 2")
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(settings, **{name: (*entries, twin)})
    assert (caught.value.entity, caught.value.field) == ("settings", name)


@given(s.custom_field_definitions(), s.custom_values())
def test_custom_field_values_are_checked_against_their_type(
    definition: CustomFieldDefinition, value: object
) -> None:
    try:
        checked = definition.check(value)
    except ValidationError as error:
        assert error.field == f"custom_fields.{definition.name}"
        return
    expected = {
        CustomFieldType.TEXT: str,
        CustomFieldType.CHOICE: str,
        CustomFieldType.NUMBER: Decimal,
        CustomFieldType.DATE: date,
        CustomFieldType.BOOLEAN: bool,
    }[definition.type]
    assert type(checked) is expected
    if definition.type is CustomFieldType.CHOICE:
        assert checked in definition.choices


def test_a_date_custom_field_refuses_a_datetime() -> None:
    definition = CustomFieldDefinition(CustomFieldId(uuid.UUID(int=1)), "Met", CustomFieldType.DATE)
    assert definition.check(date(2026, 1, 2)) == date(2026, 1, 2)
    with pytest.raises(ValidationError):
        definition.check(datetime(2026, 1, 2, 12, tzinfo=UTC))
