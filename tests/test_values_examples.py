"""Examples of the value objects (K8, C3): exact numbers at their documented bounds, money,
currencies, e-mail addresses, customer numbers, web addresses and country codes, with every
refusal's entity, field, reason and value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.errors import ValidationError
from custreg.domain.values import EMAIL_MAX_LENGTH
from custreg.domain.values import ISO_COUNTRIES
from custreg.domain.values import MAX_CUSTOMER_NUMBER
from custreg.domain.values import MAX_DECIMAL_DIGITS
from custreg.domain.values import MAX_DECIMAL_INTEGER_DIGITS
from custreg.domain.values import MAX_DECIMAL_SCALE
from custreg.domain.values import MONEY_DECIMALS
from custreg.domain.values import WEBSITE_MAX_LENGTH
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money
from custreg.domain.values import Website
from custreg.domain.values import checked_probability
from custreg.domain.values import country_code
from custreg.domain.values import to_decimal
from custreg.testing.strategies.monetary import currencies
from custreg.testing.strategies.monetary import money
from refusals import refused

BOUNDS = "must have at most 30 digits before and 20 after the decimal point"


def test_limits() -> None:
    assert (MAX_DECIMAL_DIGITS, MAX_DECIMAL_SCALE, MAX_DECIMAL_INTEGER_DIGITS) == (38, 20, 30)
    assert (MONEY_DECIMALS, EMAIL_MAX_LENGTH, WEBSITE_MAX_LENGTH) == (4, 254, 2000)
    assert MAX_CUSTOMER_NUMBER == 999_999_999_999_999_999
    assert len(ISO_COUNTRIES) == 249
    assert {"FI", "SE", "NO", "DK", "GR", "AX"} <= ISO_COUNTRIES
    assert "EL" not in ISO_COUNTRIES


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("1.5", "1.5"),
        (" 12 ", "12"),
        (7, "7"),
        (Decimal("2.50"), "2.50"),
        ("-0", "-0"),
        ("1E+29", "1E+29"),
        ("9" * 30, "9" * 30),
        ("0." + "0" * 19 + "1", "1E-20"),
        ("1.0e-20", "1E-20"),
        ("1." + "0" * 36, "1"),
        ("1." + "0" * 37, "1"),
        ("0.1" + "0" * 19, "0.1" + "0" * 19),
        ("1" * 9 + "." + "1" * 20 + "0" * 9, "1" * 9 + "." + "1" * 20),
        (Decimal("1." + "0" * 24), "1"),
        ("1" * 30 + "." + "1" * 8, "1" * 30 + "." + "1" * 8),
        ("0" * 91 + "1", "1"),
    ],
)
def test_k8_to_decimal_examples(value: Any, result: str) -> None:
    assert str(to_decimal("money", "amount", value)) == result


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (1.5, "must be a Decimal, int or str, never float"),
        (True, "must be a Decimal, int or str, never float"),
        (False, "must be a Decimal, int or str, never float"),
        ("0" * 92 + "1", "is too long for a number"),
        ("x" * 92, "is not a number"),
        ("abc", "is not a number"),
        ("", "is not a number"),
        (None, "is not a number"),
        ([1], "is not a number"),
        ("NaN", "must be a finite number"),
        ("-Infinity", "must be a finite number"),
        (Decimal("Infinity"), "must be a finite number"),
        ("1E+30", BOUNDS),
        ("9" * 31, BOUNDS),
        ("0." + "0" * 20 + "1", BOUNDS),
        ("1e-21", BOUNDS),
        ("1" * 30 + "." + "1" * 9, BOUNDS),
        ("1" * 39, BOUNDS),
        ("1E+999999999", BOUNDS),
    ],
)
def test_k8_to_decimal_refusals(value: Any, reason: str) -> None:
    with refused("customer", "limit", reason, value):
        to_decimal("customer", "limit", value)


@pytest.mark.parametrize(
    ("amount", "result"),
    [
        ("1.2345", "1.2345"),
        ("1.23450000", "1.23450000"),
        ("99999999999999.9999", "99999999999999.9999"),
        ("-99999999999999.9999", "-99999999999999.9999"),
        (0, "0"),
    ],
)
def test_k8_money_amounts(amount: Any, result: str) -> None:
    money = Money(amount, " eur ")
    assert (str(money.amount), money.currency) == (result, "EUR")
    assert str(money) == f"{result} EUR"


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("1.23456", "at most 4 decimals are kept exactly"),
        ("0.00001", "at most 4 decimals are kept exactly"),
        ("100000000000000", "must be below 10^14"),
        ("-100000000000000", "must be below 10^14"),
        ("1e14", "must be below 10^14"),
    ],
)
def test_k8_money_refusals(amount: str, reason: str) -> None:
    with refused("money", "amount", reason, amount):
        Money(amount, "EUR")
    with refused("money", "amount", "must be a Decimal, int or str, never float", 1.5):
        Money(1.5, "EUR")


@pytest.mark.parametrize("currency", ["EU", "EURO", 5, "E1R", "", None, "EU R"])
def test_k8_currency_refusals(currency: Any) -> None:
    with refused("money", "currency", "must be an ISO 4217 code like EUR", currency):
        Money(1, currency)


def test_k8_money_arithmetic() -> None:
    a, b = Money(Decimal("10.50"), "EUR"), Money(Decimal("0.75"), "EUR")
    assert a + b == Money(Decimal("11.25"), "EUR")
    assert a - b == Money(Decimal("9.75"), "EUR")
    assert -a == Money(Decimal("-10.50"), "EUR")
    assert (b < a, a < b, a < a) == (True, False, False)
    assert Money.zero("SEK") == Money(Decimal(0), "SEK")
    sek = Money(1, "SEK")
    for operation in (lambda: a + sek, lambda: a - sek, lambda: a < sek):
        with refused("money", "currency", "cannot mix EUR and SEK", sek):
            operation()


def test_k8_money_total_sums_like_adding_one_at_a_time() -> None:
    eur = [Money(Decimal("10.50"), "EUR"), Money(Decimal("0.7500"), "EUR"), Money(-3, "EUR")]
    assert Money.total(eur, "EUR") == Money(Decimal("8.25"), "EUR")
    assert Money.total(iter(eur), "EUR") == Money(Decimal("8.25"), "EUR")
    assert Money.total([], "SEK") == Money.zero("SEK")
    assert Money.total([], " sek ") == Money.zero("SEK")  # the currency as Money reads it
    assert Money.total([Money(1, "SEK")], " sek ") == Money(1, "SEK")
    sek = Money(1, "SEK")
    with refused("money", "currency", "cannot mix EUR and SEK", sek):
        Money.total([*eur, sek], "EUR")
    with refused("money", "currency", "cannot mix EUR and SEK", sek):
        Money.total(iter([*eur, sek]), "EUR")  # an iterator is read once, kept for the error
    near = Money(Decimal(10) ** 14 - 1, "EUR")
    with refused("money", "amount", "must be below 10^14", Decimal(10) ** 14):
        Money.total([near, Money(1, "EUR"), Money(-5, "EUR")], "EUR")  # a partial sum too big


@settings(max_examples=60)
@given(st.lists(money(min_value=-(10**13), max_value=10**13), max_size=12), currencies())
def test_k8_money_total_is_the_sum_from_zero_or_its_error(amounts: list[Money], code: str) -> None:
    try:
        expected: Money | str = sum(amounts, Money.zero(code))
    except ValidationError as error:
        expected = str(error)
    try:
        got: Money | str = Money.total(amounts, code)
    except ValidationError as error:
        got = str(error)
    assert got == expected


@pytest.mark.parametrize(
    ("value", "address"),
    [("A@Example.COM", "A@example.com"), (" a@b.fi ", "a@b.fi"), ("ä@ö.fi", "ä@ö.fi")],
)
def test_email_examples(value: str, address: str) -> None:
    email = EmailAddress(value)
    assert (email.address, str(email)) == (address, address)


def test_email_refusals() -> None:
    with refused(
        "email",
        "address",
        "is not a valid email address: An email address must have an @-sign.",
        "bad",
    ):
        EmailAddress("bad")
    long = "x" * 250 + "@b.fi"
    with refused("email", "address", "must be at most 254 characters", long):
        EmailAddress(long)
    with refused("email", "address", "must be text", 5):
        EmailAddress(5)  # type: ignore[arg-type]


@pytest.mark.parametrize("number", [1, 42, MAX_CUSTOMER_NUMBER])
def test_c3_customer_numbers(number: int) -> None:
    assert CustomerNumber(number).value == number
    assert str(CustomerNumber(number)) == str(number)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (0, "must be a positive integer of at most 18 digits"),
        (-1, "must be a positive integer of at most 18 digits"),
        (MAX_CUSTOMER_NUMBER + 1, "must be a positive integer of at most 18 digits"),
        (True, "must be a positive integer"),
        ("5", "must be a positive integer"),
        (5.0, "must be a positive integer"),
    ],
)
def test_c3_customer_number_refusals(number: Any, reason: str) -> None:
    with refused("customer", "number", reason, number):
        CustomerNumber(number)


def test_c3_customer_numbers_are_ordered() -> None:
    assert CustomerNumber(2) > CustomerNumber(1)
    assert sorted([CustomerNumber(3), CustomerNumber(1)]) == [CustomerNumber(1), CustomerNumber(3)]


@pytest.mark.parametrize(
    "url", ["www.nokia.com", "HTTP://nokia.com/x", "https://x.fi/a/b.c", "nokia.com"]
)
def test_website_examples(url: str) -> None:
    assert Website(f" {url} ").url == url
    assert str(Website(url)) == url


@pytest.mark.parametrize(
    "url",
    [
        "nokia",
        ".nokia.com",
        "",
        "https://.x.fi",
        "a b.com",
        "https://x.fi/a b",
        "https://nokia/x.y",
    ],
)
def test_website_refusals(url: str) -> None:
    with refused("customer", "website", "is not a web address", url):
        Website(url)


def test_website_limit() -> None:
    url = "https://x.fi/" + "p" * 1987
    assert Website(url).url == url
    with refused("customer", "website", "must be at most 2000 characters"):
        Website(url + "p")


@pytest.mark.parametrize(("value", "code"), [("fi", "FI"), (" se ", "SE"), ("AX", "AX")])
def test_country_codes(value: str, code: str) -> None:
    assert country_code("address", "country", value) == code


@pytest.mark.parametrize("value", ["XX", "EL", "FIN", "", 5, None])
def test_country_code_refusals(value: Any) -> None:
    with refused("address", "country", "must be an ISO 3166-1 alpha-2 country code", value):
        country_code("address", "country", value)


@pytest.mark.parametrize("value", [0, 1, 55, 99, 100])
def test_probabilities(value: int) -> None:
    assert checked_probability("project", value) == value


@pytest.mark.parametrize("value", [-1, 101, True, False, 50.0, "50", None])
def test_probability_refusals(value: Any) -> None:
    with refused("sales_status", "probability", "must be an integer 0-100", value):
        checked_probability("sales_status", value)
