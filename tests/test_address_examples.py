"""Examples of addresses and the headquarters rules (A1-A4), stated directly."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.address import _remembered
from custreg.domain.address import headquarters_after_adding
from custreg.domain.address import headquarters_after_removal
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import UserId
from refusals import refused

CUSTOMER = CustomerId(UUID(int=1))
A, B, C = (AddressId(UUID(int=i)) for i in (11, 12, 13))


def _address(**changes: Any) -> Address:
    fields: dict[str, Any] = {"id": A, "customer_id": CUSTOMER, "country": "FI", "city": "Oulu"}
    return Address(**(fields | changes))


def test_address_kinds_have_stable_values() -> None:
    assert [k.value for k in AddressKind] == ["visiting", "postal", "billing"]


def test_address_defaults() -> None:
    address = _address(country=" fi ")
    assert address.country == "FI"
    assert (address.lines, address.postal_code, address.kinds, address.ordinal) == (
        (),
        None,
        frozenset(),
        0,
    )


def test_address_lines_are_cleaned_and_blank_ones_dropped() -> None:
    assert _address(lines=" Main  St 1 ").lines == ("Main St 1",)
    assert _address(lines=["a", " ", "", "b"]).lines == ("a", "b")
    assert _address(lines=["1", "2", "3", "4"]).lines == ("1", "2", "3", "4")
    assert _address(lines=["1", "2", "3", "4", " "]).lines == ("1", "2", "3", "4")


def test_address_at_most_four_lines() -> None:
    with refused("address", "lines", "at most four street lines", ["1", "2", "3", "4", "5"]):
        _address(lines=["1", "2", "3", "4", "5"])


def test_address_line_limit_and_text_policy() -> None:
    assert _address(lines=["l" * 255]).lines == ("l" * 255,)
    with refused("address", "lines", "must be at most 255 characters"):
        _address(lines=["l" * 256])
    with refused("address", "lines", "must not contain control characters (U+0000)"):
        _address(lines=["a\x00"])


def test_address_postal_code_and_city_limits() -> None:
    assert _address(postal_code=" 90100 ").postal_code == "90100"
    assert _address(postal_code="p" * 20).postal_code == "p" * 20
    with refused("address", "postal_code", "must be at most 20 characters"):
        _address(postal_code="p" * 21)
    assert _address(city="c" * 100).city == "c" * 100
    with refused("address", "city", "must be at most 100 characters"):
        _address(city="c" * 101)
    assert _address(city=" ", postal_code="1").city is None


@pytest.mark.parametrize("country", ["XX", "fin", "", 246, None])
def test_address_country_must_be_iso(country: Any) -> None:
    with refused("address", "country", "must be an ISO 3166-1 alpha-2 country code", country):
        _address(country=country)


def test_address_kinds_become_a_set_of_kinds() -> None:
    kinds = [AddressKind.POSTAL, AddressKind.BILLING, AddressKind.POSTAL]
    assert _address(kinds=kinds).kinds == frozenset({AddressKind.POSTAL, AddressKind.BILLING})
    with refused("address", "kinds", "must be AddressKind values", "postal"):
        _address(kinds=["postal"])


@pytest.mark.parametrize(
    "parts",
    [{"lines": ["Main St 1"]}, {"postal_code": "90100"}, {"city": "Oulu"}],
)
def test_address_needs_one_of_street_postal_code_city(parts: dict[str, Any]) -> None:
    fields = {"city": None} | parts
    assert _address(**fields).country == "FI"


def test_address_with_nothing_is_refused() -> None:
    with refused("address", "lines", "an address needs a street, postal code or city", None):
        _address(city=" ", lines=[" "], postal_code="")


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({"lines": ["Main St 1", "B 2"], "postal_code": "90100"}, "Main St 1, B 2, 90100 Oulu, FI"),
        ({"lines": ["Main St 1"], "city": None, "postal_code": "90100"}, "Main St 1, 90100, FI"),
        ({"lines": ["Main St 1"], "city": None}, "Main St 1, FI"),
        ({}, "Oulu, FI"),
    ],
)
def test_address_one_line(fields: dict[str, Any], line: str) -> None:
    assert _address(**fields).one_line() == line


def test_a1_first_address_becomes_headquarters() -> None:
    assert headquarters_after_adding(None, A) == A
    assert headquarters_after_adding(B, A) == B


def test_a4_removing_headquarters_picks_the_earliest_added() -> None:
    remaining = [_address(id=C, ordinal=3), _address(id=B, ordinal=2)]
    assert headquarters_after_removal(A, A, remaining) == B
    assert headquarters_after_removal(A, B, remaining) == A
    assert headquarters_after_removal(None, A, remaining) is None
    assert headquarters_after_removal(A, A, []) is None


# -- state changes and their events (M7) ------------------------------------------------------

STAMP = Stamp(UserId(UUID(int=9)), datetime(2026, 11, 25, 12, tzinfo=UTC))


def test_m7_address_events() -> None:
    address = _address()
    assert address.added(STAMP) == Created("address", address, STAMP, "add")
    assert address.removed(STAMP) == Removed("address", address, STAMP, "remove")


def test_a1_edit_keeps_place_customer_and_kinds() -> None:
    address = _address(ordinal=3, kinds={AddressKind.POSTAL}, lines=("Old 1",))
    edited = _address(
        ordinal=3,
        kinds={AddressKind.POSTAL},
        country="SE",
        lines=("Main 1", "Floor 2"),
        postal_code="11122",
        city="Stockholm",
    )
    assert address.edit(STAMP, " se ", ["Main 1", "Floor 2"], "11122", "Stockholm") == (
        edited,
        (Changed("address", address, edited, STAMP, "update"),),
    )
    rekinded = _address(ordinal=3, kinds={AddressKind.BILLING}, lines=("Old 1",))
    assert address.edit(STAMP, "FI", ["Old 1"], None, "Oulu", [AddressKind.BILLING]) == (
        rekinded,
        (Changed("address", address, rekinded, STAMP, "update"),),
    )
    assert address.edit(STAMP, "FI", ("Old 1",), None, "Oulu") == (address, ())
    with refused("address", "lines", "an address needs a street, postal code or city"):
        address.edit(STAMP, "FI", [], None, None)


# -- remembered field checks ----------------------------------------------------------------------
# The converters of Address's fields remember what they converted (a bulk import's addresses
# share countries, cities, postal codes): each example wraps a converter of its own, made inside
# the test, with ``_remembered``.
def _counting(calls: list[Any]) -> Any:
    def convert(value: Any) -> Any:
        calls.append(value)
        if value == "bad":
            raise ValueError("refused")
        return tuple(value) if isinstance(value, (tuple, list)) else str(value).upper()

    return _remembered(convert)


def test_a_remembered_field_check_converts_each_text_or_tuple_of_texts_once() -> None:
    calls: list[Any] = []
    convert = _counting(calls)
    for value in ("oulu", ("Main 1", "Floor 2"), "oulu", ("Main 1", "Floor 2")):
        convert(value)
    assert convert("oulu") == "OULU" and convert(("Main 1", "Floor 2")) == ("Main 1", "Floor 2")
    assert calls == ["oulu", ("Main 1", "Floor 2")]


def test_a_remembered_field_check_converts_anything_else_and_every_refusal_every_time() -> None:
    calls: list[Any] = []
    convert = _counting(calls)
    unhashable = ("Main 1", ["Floor 2"])
    for value in (None, None, 5, 5, ["Main 1"], ["Main 1"], unhashable, unhashable):
        convert(value)
    for _ in range(2):
        with pytest.raises(ValueError, match="refused"):
            convert("bad")
    assert calls == [None, None, 5, 5, ["Main 1"], ["Main 1"], unhashable, unhashable, "bad", "bad"]


def test_a_remembered_field_check_starts_afresh_after_4096_values() -> None:
    calls: list[Any] = []
    convert = _counting(calls)
    for n in range(4096):
        convert(str(n))
    assert convert("0") == "0" and len(calls) == 4096  # all 4096 remembered
    convert("4096")  # one more: it starts afresh with this one
    calls.clear()
    assert convert("4096") == "4096" and calls == []
    assert convert("0") == "0" and calls == ["0"]
