"""E-mail addresses, websites and e-invoicing addresses, valid, as typed and invalid."""

from __future__ import annotations

import string

from hypothesis import assume
from hypothesis import strategies as st
from stdnum import ean
from stdnum import iban
from stdnum.eu import vat as eu_vat

from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.testing.strategies.identifiers import _vat_national
from custreg.testing.strategies.primitives import DIGITS
from custreg.testing.strategies.primitives import blank_texts

_LOCAL = string.ascii_letters + DIGITS + "_%+-"
_LABEL = string.ascii_lowercase + DIGITS


@st.composite
def _domains(draw: st.DrawFn) -> str:
    labels = draw(st.lists(st.text(_LABEL, min_size=1, max_size=10), min_size=1, max_size=3))
    tld = draw(st.text(string.ascii_lowercase, min_size=2, max_size=6).filter(_not_special))
    return ".".join([*labels, tld])


#: Special-use names (RFC 6761 and others) that no e-mail address may end in.
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def _not_special(tld: str) -> bool:
    return tld not in _SPECIAL_USE


@st.composite
def _local_parts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.text(_LOCAL, min_size=1, max_size=10), min_size=1, max_size=3))
    return ".".join(parts)


def email_addresses() -> st.SearchStrategy[EmailAddress]:
    """Valid e-mail addresses in normal form (domain lower-case)."""
    return st.builds(
        lambda local, domain: EmailAddress(f"{local}@{domain}"), _local_parts(), _domains()
    )


@st.composite
def email_spellings(draw: st.DrawFn) -> tuple[str, EmailAddress]:
    """``(typed, normal)``: padded, domain in any case."""
    local, domain = draw(_local_parts()), draw(_domains())
    typed_domain = "".join(ch.upper() if draw(st.booleans()) else ch for ch in domain)
    pad = st.sampled_from(["", " ", "\t"])
    return f"{draw(pad)}{local}@{typed_domain}{draw(pad)}", EmailAddress(f"{local}@{domain}")


@st.composite
def invalid_emails(draw: st.DrawFn) -> str:
    """Text that is not an e-mail address (no @, two @, empty or dotted-wrong local part, a
    domain without a dot, spaces inside)."""
    local, domain = draw(_local_parts()), draw(_domains())
    return draw(
        st.sampled_from(
            [
                f"{local}{domain}",
                f"{local}@@{domain}",
                f"{local}@{local}@{domain}",
                f"@{domain}",
                f".{local}@{domain}",
                f"{local}.@{domain}",
                f"{local}..x@{domain}",
                f"{local}@{domain.split('.')[0]}",
                f"{local} x@{domain}",
                f"{local}@{domain}.",
                f"{local}@-{domain}",
                "",
                " ",
            ]
        )
    )


def websites() -> st.SearchStrategy[Website]:
    """Valid websites as typed (with or without scheme and ``www.``), normalised by ``Website``."""
    scheme = st.sampled_from(["", "www.", "https://", "http://www."])
    path = st.sampled_from(["", "/", "/en", "/fi/yhteystiedot"])
    return st.builds(lambda s, d, p: Website(f"{s}{d}{p}"), scheme, _domains(), path)


@st.composite
def _ovt_codes(draw: st.DrawFn) -> str:
    national = draw(_vat_national("FI"))
    suffix = draw(st.text(string.ascii_uppercase + DIGITS, max_size=5))
    return f"0037{national}{suffix}"


@st.composite
def _ibans(draw: st.DrawFn) -> str:
    bban = draw(st.text(DIGITS, min_size=14, max_size=14))
    return f"FI{iban.calc_check_digits('FI00' + bban)}{bban}"


@st.composite
def _glns(draw: st.DrawFn) -> str:
    body = draw(
        st.text(DIGITS, min_size=12, max_size=12).filter(lambda s: not s.startswith("0037"))
    )
    return body + ean.calc_check_digit(body)


@st.composite
def _peppol_ids(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["0192", "0088", "0216", "0007"]))
    return f"{scheme}:{draw(st.text(_LABEL + '.-_', min_size=1, max_size=20))}"


def einvoice_address_texts() -> st.SearchStrategy[str]:
    """Valid e-invoicing addresses in normal form: OVT, Peppol id, IBAN or GLN (C7)."""
    return st.one_of(_ovt_codes(), _peppol_ids(), _ibans(), _glns())


def einvoice_operators() -> st.SearchStrategy[str]:
    """Operator codes as stored: bank BICs, upper-case codes and upper-cased Peppol ids."""
    bics = st.sampled_from(["NDEAFIHH", "OKOYFIHH", "DABAFIHX", "HANDSESS", "DNBANOKK"])
    codes = st.text(string.ascii_uppercase + DIGITS, min_size=4, max_size=35)
    return st.one_of(bics, codes, _peppol_ids().map(str.upper))  # operators are upper-cased


def einvoice_addresses() -> st.SearchStrategy[EInvoiceAddress]:
    """Valid e-invoicing addresses with an operator, in normal form (C7)."""
    return st.builds(EInvoiceAddress, einvoice_address_texts(), einvoice_operators())


@st.composite
def einvoice_address_lists(draw: st.DrawFn, max_size: int = 4) -> EInvoiceAddresses:
    """C7: a customer's e-invoicing addresses (none to ``max_size``), any one the default."""
    added = draw(
        st.lists(einvoice_addresses(), max_size=max_size, unique_by=lambda a: a.address.casefold())
    )
    default = draw(st.integers(0, max(len(added) - 1, 0)))
    return EInvoiceAddresses(added, default)


@st.composite
def invalid_einvoice_addresses(draw: st.DrawFn) -> str:
    """Addresses that fit no accepted format (bad OVT Y-tunnus, bad IBAN or GLN check, junk)."""
    kind = draw(st.sampled_from(["ovt", "iban", "gln", "junk", "blank"]))
    if kind == "ovt":
        national = draw(_vat_national("FI"))
        wrong = national[:7] + str((int(national[7]) + draw(st.integers(1, 9))) % 10)
        assume(not eu_vat.is_valid("FI" + wrong))
        return f"0037{wrong}"
    if kind == "iban":
        good = draw(_ibans())
        wrong = good[:2] + f"{(int(good[2:4]) + draw(st.integers(1, 90))) % 100:02d}" + good[4:]
        assume(not iban.is_valid(wrong))
        return wrong
    if kind == "gln":
        good = draw(_glns())
        wrong = good[:12] + str((int(good[12]) + draw(st.integers(1, 9))) % 10)
        return wrong
    if kind == "blank":
        return draw(blank_texts())
    return draw(st.text(string.ascii_letters + " !?#", min_size=1, max_size=20))
