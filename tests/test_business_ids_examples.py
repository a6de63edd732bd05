"""Examples of VAT numbers and business ids (C2): every common spelling and its normal form,
derived ids, and every refusal with its field, reason and value, stated directly."""

from __future__ import annotations

from typing import Any
from unittest import mock

import attrs
import pytest
from stdnum.fi import ytunnus as fi_ytunnus

from custreg.domain import business_ids
from custreg.domain.business_ids import BUSINESS_ID_COUNTRIES
from custreg.domain.business_ids import VAT_PREFIXES
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.business_ids import _valid_fi_digits
from custreg.domain.business_ids import parse_tax_id
from custreg.domain.business_ids import tax_ids
from refusals import refused

CHECKSUM = "the number's checksum or check digit is invalid"
LENGTH = "the number has an invalid length"


def test_c2_supported_countries() -> None:
    assert sorted(VAT_PREFIXES) == [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
    ]  # fmt: skip
    assert sorted(BUSINESS_ID_COUNTRIES) == ["DK", "FI", "NO", "SE"]


@pytest.mark.parametrize(
    ("raw", "country", "value"),
    [
        ("FI01120389", None, "FI01120389"),
        ("FI 0112038-9", None, "FI01120389"),
        ("fi01120389", None, "FI01120389"),
        (" FI\t0112.038-9 ", "SE", "FI01120389"),
        ("01120389", "FI", "FI01120389"),
        ("01120389", "fi", "FI01120389"),
        ("GR094259216", None, "EL094259216"),
        ("094259216", "GR", "EL094259216"),
        ("094259216", "gr", "EL094259216"),
        ("EL094259216", None, "EL094259216"),
        ("NO923609016MVA", None, "NO923609016MVA"),
        ("NO923609016", None, "NO923609016MVA"),
        ("NO 923 609 016 MVA", None, "NO923609016MVA"),
        ("923609016", "NO", "NO923609016MVA"),
        ("923609016mva", "NO", "NO923609016MVA"),
        ("SE556036079301", None, "SE556036079301"),
        ("556036-0793-01", "SE", "SE556036079301"),
        ("DK13585628", None, "DK13585628"),
        ("DK 13 58 56 28", None, "DK13585628"),
        ("DE136695976", None, "DE136695976"),
        ("XI123456782", None, "XI123456782"),
        ("RO 185 472 90", None, "RO18547290"),
        ("18547290", "ro", "RO18547290"),
        ("-FI-0112038-9", None, "FI01120389"),
    ],
)
def test_c2_vat_number_spellings(raw: str, country: str | None, value: str) -> None:
    assert VatNumber.parse(raw, country) == VatNumber(value)
    assert VatNumber.parse(value) == VatNumber(value)
    assert str(VatNumber(value)) == value


@pytest.mark.parametrize(
    ("raw", "country", "reason"),
    [
        ("", None, "must not be blank"),
        ("  \t", "FI", "must not be blank"),
        (None, None, "must not be blank"),
        (123, "FI", "must not be blank"),
        ("12345", None, "needs a country prefix such as FI or SE"),
        ("12345", "", "needs a country prefix such as FI or SE"),
        ("XX123", None, "VAT numbers of XX are not supported"),
        ("CHE123456789", None, "VAT numbers of CH are not supported"),
        ("GB123456782", None, "VAT numbers of GB are not supported"),
        ("123", "US", "VAT numbers of US are not supported"),
        ("FI01120388", None, CHECKSUM),
        ("FI0112038", None, LENGTH),
        ("NO923609017", None, CHECKSUM),
        ("NO923609017MVA", None, CHECKSUM),
        ("1.2.3", "FI", LENGTH),
    ],
)
def test_c2_vat_number_refusals(raw: Any, country: str | None, reason: str) -> None:
    with refused("customer", "vat_number", reason, raw):
        VatNumber.parse(raw, country)


@pytest.mark.parametrize(
    ("vat", "country", "business_id"),
    [
        ("FI01120389", "FI", BusinessId("FI", "0112038-9")),
        ("NO923609016MVA", "NO", BusinessId("NO", "923609016")),
        ("SE556036079301", "SE", BusinessId("SE", "556036-0793")),
        ("DK13585628", "DK", BusinessId("DK", "13585628")),
        ("EL094259216", "GR", None),
        ("DE136695976", "DE", None),
    ],
)
def test_c2_vat_number_country_and_business_id(
    vat: str, country: str, business_id: BusinessId | None
) -> None:
    number = VatNumber(vat)
    assert number.country == country
    assert number.business_id() == business_id
    assert tax_ids(vat) == (number, business_id)


@pytest.mark.parametrize(
    ("raw", "country", "business_id"),
    [
        ("0112038-9", "FI", BusinessId("FI", "0112038-9")),
        ("01120389", "FI", BusinessId("FI", "0112038-9")),
        ("FI0112038-9", "fi", BusinessId("FI", "0112038-9")),
        (" 0112038-9 ", " FI ", BusinessId("FI", "0112038-9")),
        ("923609016", "NO", BusinessId("NO", "923609016")),
        ("no923609016", "NO", BusinessId("NO", "923609016")),
        ("5560360793", "SE", BusinessId("SE", "556036-0793")),
        ("556036-0793", "SE", BusinessId("SE", "556036-0793")),
        ("13585628", "DK", BusinessId("DK", "13585628")),
        ("DK13585628", "dk", BusinessId("DK", "13585628")),
    ],
)
def test_c2_business_id_spellings(raw: str, country: str, business_id: BusinessId) -> None:
    assert BusinessId.parse(raw, country) == business_id
    assert str(business_id) == business_id.value


@pytest.mark.parametrize(
    ("raw", "country", "reason"),
    [
        ("123", "XX", "business ids of 'XX' are not supported"),
        ("123", "DE", "business ids of 'DE' are not supported"),
        ("123", None, "business ids of None are not supported"),
        ("", "FI", "must not be blank"),
        (" ", "NO", "must not be blank"),
        (None, "FI", "must not be blank"),
        ("0112038-8", "FI", CHECKSUM),
        ("1", "FI", LENGTH),
        ("923609017", "NO", CHECKSUM),
    ],
)
def test_c2_business_id_refusals(raw: Any, country: Any, reason: str) -> None:
    with refused("customer", "business_id", reason, raw):
        BusinessId.parse(raw, country)


@pytest.mark.parametrize(
    ("business_id", "vat"),
    [
        (BusinessId("FI", "0112038-9"), "FI01120389"),
        (BusinessId("NO", "923609016"), "NO923609016MVA"),
        (BusinessId("SE", "556036-0793"), "SE556036079301"),
        (BusinessId("DK", "13585628"), "DK13585628"),
    ],
)
def test_c2_business_id_vat_number(business_id: BusinessId, vat: str) -> None:
    assert business_id.vat_number() == VatNumber(vat)


@pytest.mark.parametrize(
    ("raw", "country", "parsed"),
    [
        ("01120389", "FI", BusinessId("FI", "0112038-9")),
        ("0112038-9", "fi", BusinessId("FI", "0112038-9")),
        ("923609016", "NO", BusinessId("NO", "923609016")),
        ("923609016MVA", "NO", VatNumber("NO923609016MVA")),
        ("556036079301", "SE", VatNumber("SE556036079301")),
        ("5560360793", "SE", BusinessId("SE", "556036-0793")),
        ("13585628", "DK", BusinessId("DK", "13585628")),
        ("FI01120389", None, VatNumber("FI01120389")),
        ("DK13585628", "DK", VatNumber("DK13585628")),
        ("NO923609016", "NO", VatNumber("NO923609016MVA")),
        (" fi01120389 ", "SE", VatNumber("FI01120389")),
        ("094259216", "GR", VatNumber("EL094259216")),
        ("136695976", "de", VatNumber("DE136695976")),
    ],
)
def test_c2_parse_tax_id(raw: str, country: str | None, parsed: VatNumber | BusinessId) -> None:
    assert parse_tax_id(raw, country) == parsed


@pytest.mark.parametrize(
    ("raw", "country", "vat", "business_id"),
    [
        ("01120389", "FI", "FI01120389", BusinessId("FI", "0112038-9")),
        ("923609016", "NO", "NO923609016MVA", BusinessId("NO", "923609016")),
        ("923609016MVA", "NO", "NO923609016MVA", BusinessId("NO", "923609016")),
        ("556036079301", "SE", "SE556036079301", BusinessId("SE", "556036-0793")),
        ("5560360793", "SE", "SE556036079301", BusinessId("SE", "556036-0793")),
        ("13585628", "DK", "DK13585628", BusinessId("DK", "13585628")),
        ("094259216", "GR", "EL094259216", None),
    ],
)
def test_c2_tax_ids(raw: str, country: str, vat: str, business_id: BusinessId | None) -> None:
    assert tax_ids(raw, country) == (VatNumber(vat), business_id)


@pytest.mark.parametrize(
    ("raw", "country", "field", "reason", "value"),
    [
        (None, "FI", "business_id", "must not be blank", ""),
        ("0112038-8", "FI", "business_id", CHECKSUM, "0112038-8"),
        ("12345", None, "vat_number", "needs a country prefix such as FI or SE", "12345"),
        ("12345", "DE", "vat_number", LENGTH, "12345"),
    ],
)
def test_c2_parse_tax_id_refusals(
    raw: Any, country: str | None, field: str, reason: str, value: str
) -> None:
    with refused("customer", field, reason, value):
        parse_tax_id(raw, country)
    with refused("customer", field, reason, value):
        tax_ids(raw, country)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("garbage", "VAT numbers of GA are not supported"),
        ("01120389", "needs a country prefix such as FI or SE"),
        ("", "must not be blank"),
        (None, "must not be blank"),
        (1120389, "must not be blank"),
        ("FI01120388", CHECKSUM),
        ("NO923609017MVA", CHECKSUM),
        ("CHE123456789", "VAT numbers of CH are not supported"),
    ],
)
def test_c2_an_invalid_vat_number_cannot_be_constructed(value: Any, reason: str) -> None:
    with refused("customer", "vat_number", reason, value):
        VatNumber(value)


@pytest.mark.parametrize(
    ("country", "value", "reason"),
    [
        ("FI", "x", "the number has an invalid format"),
        ("FI", "0112038-8", CHECKSUM),
        ("FI", "", "must not be blank"),
        ("NO", None, "must not be blank"),
        ("SE", "1", LENGTH),
        ("XX", "123", "business ids of 'XX' are not supported"),
        (None, "0112038-9", "business ids of None are not supported"),
        ("", "0112038-9", "business ids of '' are not supported"),
    ],
)
def test_c2_an_invalid_business_id_cannot_be_constructed(
    country: Any, value: Any, reason: str
) -> None:
    with refused("customer", "business_id", reason, value):
        BusinessId(country, value)


@pytest.mark.parametrize(
    ("made", "normal"),
    [
        (lambda: VatNumber("fi 0112038-9"), VatNumber.parse("FI01120389")),
        (lambda: VatNumber("GR094259216"), VatNumber.parse("EL094259216")),
        (lambda: VatNumber("NO923609016"), VatNumber.parse("NO923609016MVA")),
        (lambda: BusinessId(" fi ", "01120389"), BusinessId.parse("0112038-9", "FI")),
        (lambda: BusinessId("SE", "5560360793"), BusinessId.parse("556036-0793", "SE")),
        (lambda: BusinessId("NO", "NO923609016"), BusinessId.parse("923609016", "NO")),
    ],
)
def test_c2_construction_normalises_like_parse(made: Any, normal: VatNumber | BusinessId) -> None:
    value = made()
    assert value == normal
    assert hash(value) == hash(normal)
    assert str(value) == str(normal)


def test_c2_a_changed_copy_is_checked_too() -> None:
    valid = BusinessId("FI", "0112038-9")
    with refused("customer", "business_id", "business ids of 'DE' are not supported", "0112038-9"):
        attrs.evolve(valid, country="DE")
    with refused("customer", "vat_number", CHECKSUM, "FI01120388"):
        attrs.evolve(VatNumber("FI01120389"), value="FI01120388")


# -- the fast path of Finnish ids -----------------------------------------------------------------
# Eight ASCII digits with a right check digit (python-stdnum's checksum: weights 7, 9, 10, 5, 8,
# 4, 2, 1, modulo 11) are decided without python-stdnum; anything else gets its verdict.
@pytest.mark.parametrize(
    ("text", "valid"),
    [
        *((digits, True) for digits in ("01120389", "63712929", "61941277", "72429711")),
        *((digits, True) for digits in ("24171410", "93573923", "59324624")),
        *((digits, False) for digits in ("01120388", "88654342", "59868522", "97363871")),
        ("29666882", False),
        ("0112038", False),  # seven digits
        ("011203890", False),  # nine
        ("0112038a", False),
    ],
)
def test_finnish_digits_are_valid_exactly_when_python_stdnum_says_so(
    text: str, valid: bool
) -> None:
    assert fi_ytunnus.is_valid(text) is valid
    assert _valid_fi_digits(text) is valid


def test_a_full_width_digit_is_left_to_python_stdnum() -> None:
    assert not _valid_fi_digits("\uff101120389")
    assert BusinessId.parse("\uff101120389", "FI").value == "0112038-9"


def test_a_finnish_id_with_a_right_check_digit_never_reaches_python_stdnum() -> None:
    with (
        mock.patch.object(business_ids, "_vat_module", side_effect=AssertionError),
        mock.patch.object(fi_ytunnus, "validate", side_effect=AssertionError),
    ):
        assert VatNumber.parse("FI01120389").value == "FI01120389"
        assert VatNumber.parse("01120389", "fi").value == "FI01120389"
        for spelling in ("0112038-9", "01120389", "0112038 9", "FI 0112038-9"):
            assert BusinessId.parse(spelling, "FI").value == "0112038-9"


def test_a_finnish_id_python_stdnum_cleans_comes_in_the_official_format() -> None:
    assert BusinessId.parse("FIFI0112038-9", "FI").value == "0112038-9"
    assert VatNumber.parse("FI 0112038-9").value == "FI01120389"
