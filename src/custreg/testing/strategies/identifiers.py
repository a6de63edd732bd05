"""VAT numbers and business ids (C2): valid by python-stdnum, messy spellings, invalid ones."""

from __future__ import annotations

import string
from collections.abc import Sequence

from hypothesis import assume
from hypothesis import strategies as st
from stdnum.eu import vat as eu_vat
from stdnum.no import mva as no_mva

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.testing.strategies.primitives import DIGITS

#: ISO country -> (VAT prefix, text before the digits, allowed first digits, free digits,
#: check digits to brute-force, fixed suffix). Shapes follow each country's official format.
VAT_SHAPES: dict[str, tuple[str, str, str, int, int, str]] = {
    "FI": ("FI", "", DIGITS, 6, 1, ""),
    "NO": ("NO", "", "89", 7, 1, "MVA"),
    "SE": ("SE", "", "25789", 8, 1, "01"),
    "DK": ("DK", "", "123456789", 6, 1, ""),
    "DE": ("DE", "", "123456789", 7, 1, ""),
    "EE": ("EE", "", "1", 7, 1, ""),
    "AT": ("AT", "U", DIGITS, 6, 1, ""),
    "BE": ("BE", "", "01", 7, 2, ""),
    "NL": ("NL", "", DIGITS, 7, 1, "B01"),
    "GR": ("EL", "", DIGITS, 7, 1, ""),
    "PL": ("PL", "", "123456789", 8, 1, ""),
    "CZ": ("CZ", "", "12345678", 6, 1, ""),
}
VAT_COUNTRIES = tuple(VAT_SHAPES)
BUSINESS_ID_COUNTRIES = ("FI", "NO", "SE", "DK")


def _stdnum_valid(prefix: str, national: str) -> bool:
    """python-stdnum's verdict, the independent oracle for check digits."""
    if prefix == "NO":
        return bool(no_mva.is_valid(national if national.endswith("MVA") else national + "MVA"))
    return bool(eu_vat.is_valid(prefix + national))


def _with_check_digits(country: str, body: str) -> str | None:
    """The national part of a VAT number: ``body`` plus the check digits that make it valid."""
    prefix, infix, _, _, check, suffix = VAT_SHAPES[country]
    for value in range(10**check):
        national = f"{infix}{body}{value:0{check}d}{suffix}"
        if _stdnum_valid(prefix, national):
            return national
    return None


@st.composite
def _vat_national(draw: st.DrawFn, country: str) -> str:
    _, _, first, free, _, _ = VAT_SHAPES[country]
    body = draw(st.sampled_from(first)) + draw(st.text(DIGITS, min_size=free, max_size=free))
    national = _with_check_digits(country, body)
    assume(national is not None)  # e.g. a mod-11 body whose check digit would be 10
    assert national is not None
    return national


def vat_numbers(countries: Sequence[str] = VAT_COUNTRIES) -> st.SearchStrategy[VatNumber]:
    """Valid VAT numbers in normal form (prefix + compact national part)."""
    return st.sampled_from(tuple(countries)).flatmap(
        lambda c: _vat_national(c).map(lambda n: VatNumber(VAT_SHAPES[c][0] + n))
    )


def business_id_of(vat: VatNumber) -> BusinessId | None:
    """The business id a FI/NO/SE/DK VAT number contains, in official format (independent of
    custreg's own derivation, so tests can compare the two)."""
    prefix, digits = vat.value[:2], vat.value[2:]
    if prefix == "FI":
        return BusinessId("FI", f"{digits[:7]}-{digits[7]}")
    if prefix == "NO":
        return BusinessId("NO", digits[:9])
    if prefix == "SE":
        return BusinessId("SE", f"{digits[:6]}-{digits[6:10]}")
    if prefix == "DK":
        return BusinessId("DK", digits)
    return None


def business_ids(countries: Sequence[str] = BUSINESS_ID_COUNTRIES) -> st.SearchStrategy[BusinessId]:
    """Valid national business ids (FI Y-tunnus, NO orgnr, SE orgnr, DK CVR) in official format."""
    return vat_numbers(countries).map(_business_id_of_known)


def _business_id_of_known(vat: VatNumber) -> BusinessId:
    business_id = business_id_of(vat)
    if business_id is None:
        raise ValueError(f"{vat} is not from a country with business ids")
    return business_id


@st.composite
def spellings(draw: st.DrawFn, normal: str, separators: str = " -.") -> str:
    """``normal`` as a user might type it: separators inserted, case changed, padded."""
    chars = []
    for ch in normal:
        if separators and draw(st.integers(0, 4)) == 0:
            chars.append(draw(st.sampled_from(separators)))
        chars.append(ch.lower() if draw(st.booleans()) else ch)
    padding = st.sampled_from(["", " ", "  ", "\t"])
    return draw(padding) + "".join(chars) + draw(padding)


def vat_spellings(
    countries: Sequence[str] = VAT_COUNTRIES,
) -> st.SearchStrategy[tuple[str, VatNumber]]:
    """``(typed, normal)``: a VAT number as typed, and the VatNumber it must normalise to."""
    return vat_numbers(countries).flatmap(lambda v: st.tuples(spellings(v.value), st.just(v)))


@st.composite
def business_id_spellings(
    draw: st.DrawFn, countries: Sequence[str] = BUSINESS_ID_COUNTRIES
) -> tuple[str, str, BusinessId]:
    """``(typed, country, normal)``: a business id as typed for ``country`` and its normal form."""
    normal = draw(business_ids(countries))
    digits = normal.value.replace("-", "")
    raw = draw(st.sampled_from([normal.value, digits]))
    separators = " " if normal.country == "NO" else " -"
    typed = draw(spellings(raw, separators))
    return typed, normal.country, normal


@st.composite
def invalid_vat_numbers(draw: st.DrawFn) -> str:
    """Text that is not a valid VAT number: wrong check digit, wrong length, unknown prefix,
    letters among the digits, or junk. Each is checked against python-stdnum."""
    valid = draw(vat_numbers()).value
    prefix, national = valid[:2], valid[2:]
    kind = draw(st.sampled_from(["check", "short", "long", "prefix", "letters", "junk"]))
    if kind == "check":
        position = max(i for i, ch in enumerate(national) if ch.isdigit())
        digit = draw(st.sampled_from([d for d in DIGITS if d != national[position]]))
        candidate = prefix + national[:position] + digit + national[position + 1 :]
    elif kind == "short":
        candidate = valid[:-2]
    elif kind == "long":
        candidate = valid + draw(st.text(DIGITS, min_size=1, max_size=3))
    elif kind == "prefix":
        candidate = draw(st.sampled_from(["US", "XX", "CH", "QQ"])) + national
    elif kind == "letters":
        candidate = prefix + "AB" + national[2:]
    else:
        candidate = draw(st.text(string.ascii_uppercase + DIGITS, min_size=2, max_size=14))
    compact = candidate.upper()
    assume(not _stdnum_valid(compact[:2], compact[2:]))
    assume(not _stdnum_valid("EL" if compact[:2] == "GR" else compact[:2], compact[2:]))
    return candidate
