"""Examples of e-invoicing addresses (C7): formats, operators and the list's rules, stated
directly."""

from __future__ import annotations

from typing import Any

import pytest

from custreg.domain.einvoice import MAX_EINVOICE_ADDRESSES
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.einvoice import address_key
from custreg.domain.einvoice import einvoice_addresses
from custreg.domain.einvoice import normalised_address
from custreg.domain.einvoice import normalised_operator
from refusals import refused

OP = "003721291126"
FORMATS = "must be an OVT code, a Peppol id, an IBAN or a GLN"
FIELD = "einvoice_addresses"


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("003701120389", "003701120389"),
        (" 0037 0112 0389 ", "003701120389"),
        ("00370112038900100", "00370112038900100"),
        ("0037011203890", "0037011203890"),
        ("003701120389abcde", "003701120389ABCDE"),
        ("0192:923609016", "0192:923609016"),
        ("0192:Ab.c_d-e", "0192:Ab.c_d-e"),
        (f"0192:{'x' * 50}", f"0192:{'x' * 50}"),
        ("fi21 1234 5600 0007 85", "FI2112345600000785"),
        ("4006381333931", "4006381333931"),
    ],
)
def test_c7_address_formats(value: str, normal: str) -> None:
    assert normalised_address(value) == normal
    assert EInvoiceAddress(value, OP).address == normal


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "must not be blank"),
        ("   ", "must not be blank"),
        (None, "must not be blank"),
        (37, "must not be blank"),
        ("003701120388", "OVT code has an invalid Y-tunnus"),
        ("003701120389ABCDEF", FORMATS),
        ("192:923609016", FORMATS),
        ("0192:", FORMATS),
        (f"0192:{'x' * 51}", FORMATS),
        ("0192:a/b", FORMATS),
        ("FI2112345600000786", FORMATS),
        ("4006381333932", FORMATS),
        ("400638133393", FORMATS),
        ("40063813339310", FORMATS),
        ("anything", FORMATS),
    ],
)
def test_c7_address_refusals(value: Any, reason: str) -> None:
    with refused("einvoice", "address", reason, value):
        normalised_address(value)


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("003721291126", "003721291126"),
        ("ndeafihh", "NDEAFIHH"),
        (" NDEA FIHH ", "NDEAFIHH"),
        ("E204", "E204"),
        ("A" * 35, "A" * 35),
        ("0192:abc", "0192:ABC"),
    ],
)
def test_c7_operators(value: str, normal: str) -> None:
    assert normalised_operator(value) == normal
    assert EInvoiceAddress("003701120389", value).operator == normal


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "must not be blank"),
        (" \t", "must not be blank"),
        (None, "must not be blank"),
        (5, "must not be blank"),
        ("E20", "must be an operator code or a BIC"),
        ("A" * 36, "must be an operator code or a BIC"),
        ("E2-04", "must be an operator code or a BIC"),
    ],
)
def test_c7_operator_refusals(value: Any, reason: str) -> None:
    with refused("einvoice", "operator", reason, value):
        normalised_operator(value)


def test_c7_address_key() -> None:
    assert address_key("0192:AbC") == "0192:abc"
    assert address_key(" 0037 0112 0389 ") == "003701120389"
    with refused("customer", FIELD, FORMATS, "nope"):
        address_key("nope")


def entry(n: int) -> EInvoiceAddress:
    return EInvoiceAddress(f"0192:a{n}", OP)


A, B, C = entry(1), entry(2), entry(3)


def test_c7_empty() -> None:
    empty = EInvoiceAddresses()
    assert empty.added == ()
    assert empty.default_index == 0
    assert empty.default is None
    assert len(empty) == 0
    assert not empty
    assert list(empty) == []
    assert empty.labels() == ()
    assert einvoice_addresses(None) == empty


def test_c7_order_and_default() -> None:
    addresses = EInvoiceAddresses([A, B, C], 1)
    assert addresses.added == (A, B, C)
    assert addresses.default == B
    assert len(addresses) == 3
    assert bool(addresses) is True
    assert list(addresses) == [B, A, C]
    assert addresses.labels() == (f"0192:a2 via {OP}", f"0192:a1 via {OP}", f"0192:a3 via {OP}")
    assert EInvoiceAddresses([A, B]).default == A
    assert list(EInvoiceAddresses([A, B, C], 2)) == [C, A, B]


@pytest.mark.parametrize("index", [-1, 3, True, 1.0, "0", None])
def test_c7_default_must_be_an_entry(index: Any) -> None:
    with refused("customer", FIELD, "the default must be one of its entries", index):
        EInvoiceAddresses([A, B, C], index)


def test_c7_default_of_empty_is_zero_only() -> None:
    assert EInvoiceAddresses((), 0).default is None
    with refused("customer", FIELD, "the default must be one of its entries", 1):
        EInvoiceAddresses((), 1)


@pytest.mark.parametrize("value", ["0192:a1", b"x", 5, A])
def test_c7_list_must_be_an_iterable(value: Any) -> None:
    with refused("customer", FIELD, "must be a list of e-invoicing addresses", value):
        EInvoiceAddresses(value)


def test_c7_entries_must_be_addresses() -> None:
    with refused("customer", FIELD, "entry 2 is not an e-invoicing address", "0192:a2"):
        EInvoiceAddresses([A, "0192:a2"])


def test_c7_no_repeated_address() -> None:
    upper = EInvoiceAddress("0192:A1", "NDEAFIHH")
    with refused("customer", FIELD, "entry 3 repeats entry 1", "0192:A1"):
        EInvoiceAddresses([A, B, upper])


def test_c7_at_most_50() -> None:
    assert MAX_EINVOICE_ADDRESSES == 50
    full = [entry(n) for n in range(50)]
    assert len(EInvoiceAddresses(full)) == 50
    with refused("customer", FIELD, "holds at most 50 addresses", 51):
        EInvoiceAddresses(entry(n) for n in range(1000))


def test_c7_find() -> None:
    addresses = EInvoiceAddresses([A, B])
    assert addresses.find("0192:A2") == B
    assert addresses.find(" 0192:a1") == A
    assert addresses.find("0192:a3") is None
    with refused("customer", FIELD, FORMATS, "bad"):
        addresses.find("bad")


def test_c7_with_address() -> None:
    first = EInvoiceAddresses().with_address(A)
    assert (first.added, first.default_index) == ((A,), 0)
    second = first.with_address(B)
    assert (second.added, second.default_index) == ((A, B), 0)
    third = second.with_address(C, default=True)
    assert (third.added, third.default_index) == ((A, B, C), 2)
    with refused("customer", FIELD, "entry 3 repeats entry 2", "0192:a2"):
        second.with_address(B)
    with refused("customer", FIELD, "holds at most 50 addresses", 51):
        EInvoiceAddresses([entry(n) for n in range(50)]).with_address(entry(99))


def test_c7_merged() -> None:
    base = EInvoiceAddresses([A, B], 1)
    merged = base.merged([EInvoiceAddress("0192:A2", "NDEAFIHH"), C, C, entry(4)])
    assert (merged.added, merged.default_index) == ((A, B, C, entry(4)), 1)
    assert EInvoiceAddresses().merged([B, A]) == EInvoiceAddresses([B, A], 0)
    near = EInvoiceAddresses([entry(n) for n in range(49)])
    filled = near.merged([entry(100), entry(101)])
    assert len(filled) == 50
    assert filled.added[-1] == entry(100)
    full = EInvoiceAddresses([entry(n) for n in range(50)])
    assert full.merged([entry(100)]) == full


@pytest.mark.parametrize(
    ("default", "removed", "added", "index"),
    [
        (0, "0192:a1", (B, C), 0),
        (1, "0192:a2", (A, C), 0),
        (2, "0192:a3", (A, B), 0),
        (2, "0192:a1", (B, C), 1),
        (2, "0192:A2", (A, C), 1),
        (0, "0192:a3", (A, B), 0),
        (1, "0192:a3", (A, B), 1),
    ],
)
def test_c7_without(default: int, removed: str, added: tuple[Any, ...], index: int) -> None:
    result = EInvoiceAddresses([A, B, C], default).without(removed)
    assert (result.added, result.default_index) == (added, index)


def test_c7_without_unknown_is_the_same_value() -> None:
    addresses = EInvoiceAddresses([A, B])
    assert addresses.without("0192:zz") is addresses
    assert EInvoiceAddresses([A]).without("0192:a1") == EInvoiceAddresses()


def test_c7_with_default() -> None:
    addresses = EInvoiceAddresses([A, B, C])
    assert addresses.with_default("0192:A3") == EInvoiceAddresses([A, B, C], 2)
    with refused("customer", FIELD, "has no such address", "0192:zz"):
        addresses.with_default("0192:zz")


def test_c7_einvoice_addresses_converter() -> None:
    addresses = EInvoiceAddresses([A, B], 1)
    assert einvoice_addresses(addresses) is addresses
    assert einvoice_addresses([A, B]) == EInvoiceAddresses([A, B], 0)
    assert einvoice_addresses(iter([A])) == EInvoiceAddresses([A])
