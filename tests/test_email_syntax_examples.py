"""Examples of the e-mail syntax check (``custreg.domain.email_syntax``), stated directly.

An address is ``email-validator``'s verdict (syntax only, no DNS, internationalised addresses
accepted) in its normal form. The common plain ASCII address is decided by a fast path without
``email-validator``; every example of the fast path states the verdict ``email-validator``
gives the same text, so the fast path is seen to give exactly that verdict and normal form.
The examples call ``_checked_email``, the check itself: ``email_text`` remembers what it checked.
"""

from __future__ import annotations

from unittest import mock

import email_validator
import pytest
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from email_validator import EmailNotValidError
from email_validator import validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

from custreg.domain import email_syntax
from custreg.domain.email_syntax import _checked_email
from custreg.domain.email_syntax import _plain_email
from custreg.domain.email_syntax import email_text
from refusals import refused


def _verdict_of_email_validator(text: str) -> str:
    """``email-validator``'s normal form of ``text``, or ``refused: <its message>``."""
    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError as error:
        return f"refused: {error}"


def _address(length: int) -> str:
    """A plain, valid address of exactly ``length`` characters (no label over 63)."""
    domain = ""
    rest = length - len("anna@.fi")
    while rest > 63:
        domain += "d" * 59 + "."
        rest -= 60
    text = f"anna@{domain}{'e' * rest}.fi"
    assert len(text) == length
    return text


# -- the fast path --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("anna.virtanen@esimerkki.fi", "anna.virtanen@esimerkki.fi"),
        # the domain lower-cased, the local part as typed
        ("Anna.Virtanen@Esimerkki.FI", "Anna.Virtanen@esimerkki.fi"),
        # an RFC 2142 role name (info, sales, postmaster...) is lower-cased too
        ("Info@Company1.FI", "info@company1.fi"),
        ("SALES@x-y.com", "sales@x-y.com"),
        # every atext character, and labels of digits
        ("a!#$%&'*+-/=?^_`{|}~z@1.2.3.com", "a!#$%&'*+-/=?^_`{|}~z@1.2.3.com"),
        ("o'brien+tag@mail.example.co.uk", "o'brien+tag@mail.example.co.uk"),
        # only a whole label is a special-use name; "--" outside the domain is plain
        ("a@b.contest", "a@b.contest"),
        ("a--b@x.fi", "a--b@x.fi"),
        # up to 64 characters before the @-sign and 200 in all
        ("a" * 64 + "@x.fi", "a" * 64 + "@x.fi"),
        (_address(200), _address(200)),
    ],
)
def test_a_plain_address_is_decided_by_the_fast_path_as_email_validator_decides_it(
    text: str, normal: str
) -> None:
    assert _verdict_of_email_validator(text) == normal
    assert _plain_email(text) == normal
    assert _checked_email(text) == normal


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # not ASCII: email-validator decides
        ("josé@bücher.de", "josé@bücher.de"),
        # "--" in the domain: Punycode (shown in Unicode) or refused by the R-LDH rule
        ("a@xn--bcher-kva.de", "a@bücher.de"),
        (
            "a@ab--cd.fi",
            "refused: An email address cannot have two letters followed by two dashes "
            "immediately after the @-sign or after a period, except Punycode.",
        ),
        # a special-use domain, as the whole domain's last labels
        *(
            (
                f"a@example.{name}",
                "refused: The part after the @-sign is a special-use or reserved name that "
                "cannot be used with email.",
            )
            for name in ("arpa", "invalid", "local", "localhost", "onion", "test")
        ),
        # past the lengths the fast path takes
        ("a" * 65 + "@x.fi", "a" * 65 + "@x.fi"),
        (_address(201), _address(201)),
        # what the pattern does not take
        ("a@b", "refused: The part after the @-sign is not valid. It should have a period."),
        ('"a b"@x.fi', "refused: Quoting the part before the @-sign is not allowed here."),
        (
            "a@-b.fi",
            "refused: An email address cannot have a hyphen immediately after the @-sign.",
        ),
        (
            "a@b.1",
            "refused: The part after the @-sign is not valid. It is not within a valid top-level "
            "domain.",
        ),
    ],
)
def test_any_other_text_is_left_to_email_validator(text: str, verdict: str) -> None:
    assert _verdict_of_email_validator(text) == verdict
    assert _plain_email(text) is None
    if verdict.startswith("refused: "):
        reason = "is not a valid email address: " + verdict.removeprefix("refused: ")
        with refused("email", "address", reason, text):
            _checked_email(text)
    else:
        assert _checked_email(text) == verdict


def test_the_special_use_domains_and_role_names_are_read_from_email_validator_once() -> None:
    email_syntax._EMAIL_RULES.clear()
    assert _plain_email("info@example.fi") == "info@example.fi"
    assert _plain_email("a@example.onion") is None
    assert [
        (tuple(SPECIAL_USE_DOMAIN_NAMES), frozenset(CASE_INSENSITIVE_MAILBOX_NAMES))
    ] == email_syntax._EMAIL_RULES


def test_a_plain_address_never_reaches_email_validator() -> None:
    # its full check costs some 50 µs an address, the fast path some 2 µs
    with mock.patch.object(email_validator, "validate_email", side_effect=AssertionError):
        assert _checked_email("Info@Company1.FI") == "info@company1.fi"


# -- the whole check ------------------------------------------------------------------------------
def test_the_text_policy_comes_first() -> None:
    assert _checked_email("  Anna@Example.COM\t") == "Anna@example.com"
    long = "x" * 250 + "@b.fi"
    with refused("email", "address", "must be at most 254 characters", long):
        _checked_email(long)
    with refused("email", "address", "must be text", 5):
        _checked_email(5)
    with refused(
        "email", "address", "is not a valid email address: An email address must have an @-sign."
    ):
        _checked_email("  ")


def test_internationalised_addresses_are_accepted_whatever_email_validators_default() -> None:
    # a host may switch email-validator's module-wide default off for its own checks
    with mock.patch.object(email_validator, "ALLOW_SMTPUTF8", False):
        assert _checked_email("josé@Bücher.de") == "josé@bücher.de"


def test_email_text_remembers_an_address_but_checks_a_refused_text_every_time() -> None:
    assert email_text(" Anna@Example.COM ") == email_text("Anna@example.com") == "Anna@example.com"
    for _ in range(2):
        with refused("email", "address", "must be text", b"a@b.fi"):
            email_text(b"a@b.fi")
        with pytest.raises(ValueError, match="must have an @-sign"):
            email_text("no address")
