"""The fast paths of the value checks give exactly the verdicts of the full checks they skip.

A bulk import checks thousands of e-mail addresses and VAT numbers; the common spellings (a
plain ASCII address, eight digits of a Finnish business id) are decided without
``email-validator``'s full syntax check or python-stdnum's cleaning of any spelling. Here every
text is checked both ways (the fast path switched off for the reference) and must give the same
normal form, or the same error naming the same field with the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain import business_ids
from custreg.domain import email_syntax
from custreg.domain.customer import customer_name
from custreg.domain.errors import ValidationError
from custreg.domain.values import EmailAddress


def _outcome(check: Callable[[], Any]) -> tuple[Any, ...]:
    try:
        return ("ok", check())
    except ValidationError as error:
        return ("refused", error.entity, error.field, error.reason, error.value)


def _both(module: Any, fast: str, check: Callable[[], Any]) -> tuple[tuple[Any, ...], ...]:
    """``check()``'s outcome with the fast path ``module.fast`` on, and with it off."""
    with_fast = _outcome(check)
    with mock.patch.object(module, fast, lambda *_: None if fast == "_plain_email" else False):
        without = _outcome(check)
    return with_fast, without


# -- e-mail ---------------------------------------------------------------------------------------
#: Mostly what passes (atext, host-name characters), now and then what does not.
_LOCAL = st.one_of(
    st.text(alphabet="aZ09._+-'~{|}", min_size=1, max_size=8),
    st.text(alphabet="aZ09._-+!#'{|}~\"(),:;<>[]\\@ éß\x00\u200b", max_size=12),
)
_LABEL = st.one_of(
    st.text(alphabet="abXY09-", min_size=1, max_size=6),
    st.text(alphabet="abcXYZ019-é_", max_size=10),
)
_SUFFIX = st.sampled_from(
    ["", ".fi", ".COM", ".test", ".local", ".localhost", ".arpa", ".onion", ".invalid", ".1",
     ".c0", ".x", "-.fi", ".-fi", "..fi", ".fi.", ".xn--bcher-kva.de", ".ab--cd.fi"]
)
_ROLE = st.sampled_from(["", "Info", "SALES", "postmaster", "WWW", "Anna.Virtanen"])


@st.composite
def _addresses(draw: st.DrawFn) -> str:
    local = draw(_ROLE) or draw(_LOCAL)
    labels = draw(st.lists(_LABEL, min_size=1, max_size=3))
    pad = draw(st.sampled_from(["", " ", "\t"]))
    return f"{pad}{local}@{'.'.join(labels)}{draw(_SUFFIX)}{pad}"


@settings(max_examples=500)
@given(st.one_of(_addresses(), _addresses(), _addresses(), st.text(max_size=30)))
@example("info@Company1.FI")
@example("a@" + "b" * 63 + ".fi")
@example("a@" + "b" * 64 + ".fi")
@example("x" * 65 + "@example.com")
@example("a@1.2.3.com")
@example("a@example.test")
@example("a@sub.localhost")
def test_an_address_gets_the_verdict_of_email_validator(text: str) -> None:
    fast, full = _both(email_syntax, "_plain_email", lambda: email_syntax._checked_email(text))
    assert fast == full


def test_a_plain_address_takes_the_fast_path_in_normal_form() -> None:
    assert email_syntax._plain_email("Info@Company1.FI") == "info@company1.fi"
    assert email_syntax._plain_email("Anna.Virtanen@Esimerkki.fi") == "Anna.Virtanen@esimerkki.fi"
    assert email_syntax._plain_email("josé@bücher.de") is None
    assert email_syntax._plain_email("a@example.test") is None


def test_a_remembered_address_is_the_same_address() -> None:
    first, again = EmailAddress(" Anna@Example.COM "), EmailAddress(" Anna@Example.COM ")
    assert first == again == EmailAddress("Anna@example.com")


# -- Finnish VAT numbers and business ids ---------------------------------------------------------
_DIGITS = st.text(alphabet="0123456789", min_size=7, max_size=9)
_SPELLING = st.sampled_from(
    ["{d}", "FI{d}", "fi {d}", "FI-{d}", "{a}-{b}", "FI{a}-{b}", "FIFI{d}", "{a}\u2010{b}",
     "{a} {b}", "{d}\t", "FI{d}MVA", "{a}.{b}", "\uff11{d}"]
)


@given(_DIGITS, _SPELLING, st.sampled_from([None, "FI", "fi", "SE"]))
@example("01120389", "{d}", "FI")
@example("01120388", "{d}", "FI")
def test_a_finnish_vat_number_gets_the_verdict_of_python_stdnum(
    digits: str, spelling: str, country: str | None
) -> None:
    raw = spelling.format(d=digits, a=digits[:-1], b=digits[-1:])
    fast, full = _both(
        business_ids, "_valid_fi_digits", lambda: business_ids._normal_vat(raw, country)
    )
    assert fast == full


@given(_DIGITS, _SPELLING)
@example("01120389", "{a}-{b}")
def test_a_finnish_business_id_gets_the_verdict_of_python_stdnum(
    digits: str, spelling: str
) -> None:
    raw = spelling.format(d=digits, a=digits[:-1], b=digits[-1:])
    fast, full = _both(
        business_ids, "_valid_fi_digits", lambda: business_ids._normal_business_id(raw, "FI")
    )
    assert fast == full


def test_finnish_digits_with_a_right_check_digit_take_the_fast_path() -> None:
    assert business_ids._valid_fi_digits("01120389")
    assert not business_ids._valid_fi_digits("01120388")
    assert not business_ids._valid_fi_digits("\uff101120389")


# -- customer names ------------------------------------------------------------------------------
_REFUSED_EMAILS = ["a\x00@example.com", "a\u200b@example.com", "a\ud800@x.fi"]
_REFUSED_NAMES = ["", "   ", "A\x00B", "A\x1bB", "\ud800", "x" * 300]
_REFUSED = [
    *((EmailAddress, ("email", "address"), text) for text in _REFUSED_EMAILS),
    *((customer_name, ("customer", "name"), text) for text in _REFUSED_NAMES),
]


@pytest.mark.parametrize(("check", "where", "text"), _REFUSED)
def test_a_refused_text_is_refused_again_not_remembered(
    check: Any, where: tuple[str, str], text: str
) -> None:
    """Remembered checks (e-mail addresses, customer names) never remember a refusal: the same
    hostile text is refused again, with the same entity and field."""
    for _ in range(2):
        with pytest.raises(ValidationError) as caught:
            check(text)
        assert (caught.value.entity, caught.value.field) == where


def test_a_remembered_name_is_its_normal_form() -> None:
    assert customer_name("  Nokia   Oyj ") == customer_name("  Nokia   Oyj ") == "Nokia Oyj"
    assert customer_name("Nokia Oyj") == "Nokia Oyj"
