"""Examples of invoices: numbers, signs of totals and when one counts as billed (K4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.invoice import is_billed
from custreg.domain.settings import InvoiceStatus
from custreg.domain.values import Money
from refusals import refused

ON = date(2026, 4, 1)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def invoice(excl: str = "100", incl: str = "124", **changes: Any) -> Invoice:
    fields: dict[str, Any] = {
        "id": InvoiceId(UUID(int=1)),
        "customer_id": CustomerId(UUID(int=2)),
        "status_id": InvoiceStatusId(UUID(int=3)),
        "on": ON,
        "total_excl_vat": eur(excl),
        "total_incl_vat": eur(incl),
    }
    return Invoice(**(fields | changes))


def test_defaults() -> None:
    made = invoice()
    assert made.number is None
    assert made.project_ids == frozenset()
    assert made.is_credit_note is False
    assert made.owner_id is None


def test_project_ids_become_a_frozenset() -> None:
    ids = [ProjectId(UUID(int=5)), ProjectId(UUID(int=6)), ProjectId(UUID(int=5))]
    made = invoice(project_ids=ids)
    assert made.project_ids == frozenset({ProjectId(UUID(int=5)), ProjectId(UUID(int=6))})
    assert type(made.project_ids) is frozenset


@pytest.mark.parametrize(("number", "result"), [(None, None), (1, 1), (10**12, 10**12)])
def test_number_accepted(number: Any, result: Any) -> None:
    assert invoice(number=number).number == result


@pytest.mark.parametrize("number", [0, -1, True, False, 1.0, "1", Decimal(1)])
def test_number_refused(number: Any) -> None:
    with refused("invoice", "number", "must be a positive integer or None", number):
        invoice(number=number)


@pytest.mark.parametrize(
    ("excl", "incl", "credit"),
    [
        ("0", "0", False),
        ("0", "0", True),
        ("100", "124", False),
        ("-100", "-124", True),
    ],
)
def test_sign_of_totals_accepted(excl: str, incl: str, credit: bool) -> None:
    made = invoice(excl, incl, is_credit_note=credit)
    assert made.total_excl_vat == eur(excl)
    assert made.total_incl_vat == eur(incl)


SIGN = "a credit note has totals <= 0, an invoice totals >= 0"


@pytest.mark.parametrize(
    ("excl", "incl", "credit"),
    [
        ("-0.01", "0", False),
        ("0", "-0.01", False),
        ("0.01", "0", True),
        ("0", "0.01", True),
        ("100", "124", True),
        ("-100", "-124", False),
    ],
)
def test_sign_of_totals_refused(excl: str, incl: str, credit: bool) -> None:
    with refused("invoice", "total_excl_vat", SIGN, eur(excl)):
        invoice(excl, incl, is_credit_note=credit)


def test_totals_in_different_currencies_refused() -> None:
    with refused("invoice", "total_incl_vat", "currency differs from excl. VAT", None):
        invoice(total_incl_vat=Money(Decimal(124), "SEK"))


@pytest.mark.parametrize(
    ("is_sent", "number", "billed"),
    [(True, 1, True), (True, None, False), (False, 1, False), (False, None, False)],
)
def test_k4_billed_needs_the_sent_flag_and_a_number(
    is_sent: bool, number: int | None, billed: bool
) -> None:
    status = InvoiceStatus(InvoiceStatusId(UUID(int=3)), "Sent", is_sent=is_sent)
    assert is_billed(invoice(number=number), status) is billed
