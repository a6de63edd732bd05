"""``invoice_of`` checks a row in one pass that stops at the first failure and, for a refused
row, redoes it field by field to report every failure: both paths give the same result for any
row, valid or hostile (K4, K8)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.entry import NewInvoice
from custreg.domain.entry import invoice_field_by_field
from custreg.domain.entry import invoice_of
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import InvoiceId
from custreg.domain.values import Money
from test_entry_examples import ANNA
from test_entry_examples import CUSTOMER
from test_entry_examples import FOREIGN_PROJECT
from test_entry_examples import OLD
from test_entry_examples import OTHER_CUSTOMER
from test_entry_examples import PROJECT
from test_entry_examples import SENT
from test_entry_examples import _facts

INVOICE_ID = InvoiceId(UUID(int=100))
_ids = st.sampled_from([CUSTOMER, OTHER_CUSTOMER, PROJECT, SENT.id, OLD.id, ANNA, UUID(int=99)])
_hostile = st.sampled_from(["", "\x00", "\ud800", "\u200b", "x" * 100_000, 10**40, 1.5, None, True])
_amount = st.one_of(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2).map(lambda d: Money(d, "EUR")),
    st.decimals(min_value=-100, max_value=100, places=2).map(lambda d: Money(d, "USD")),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=45),
    _hostile,
)


def _mostly(valid: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` nine times in ten: about a third of the rows are valid throughout."""
    return st.integers(0, 9).flatmap(lambda n: bad if n == 0 else valid)


_eur = st.decimals(min_value=-(10**6), max_value=10**6, places=2).map(lambda d: Money(d, "EUR"))
_rows = st.builds(
    NewInvoice,
    customer_id=_mostly(st.just(CUSTOMER), st.one_of(_ids, _hostile)),
    status_id=_mostly(st.just(SENT.id), st.one_of(_ids, _hostile)),
    on=_mostly(st.dates(), st.one_of(st.just(datetime(2026, 3, 1)), _hostile)),
    total_excl_vat=_mostly(_eur, _amount),
    total_incl_vat=_mostly(_eur, _amount),
    number=_mostly(st.integers(1, 10**6), st.one_of(st.integers(-5, 10**19), _hostile)),
    project_ids=_mostly(
        st.lists(st.just(PROJECT), max_size=1).map(tuple),
        st.lists(st.one_of(_ids, _hostile), max_size=3).map(tuple),
    ),
    is_credit_note=_mostly(st.booleans(), _hostile),
    owner_id=_mostly(st.sampled_from([None, ANNA]), st.one_of(_ids, _hostile)),
)


def _outcome(check: Any, new: NewInvoice, current: Any) -> Any:
    try:
        return check(new, INVOICE_ID, _facts(), current)
    except ValidationErrors as errors:
        return [(type(e), str(e)) for e in errors.errors]
    except ValidationError as error:
        return [(type(error), str(error))]


@settings(max_examples=400, deadline=None)
@given(_rows, st.sampled_from([None, OLD.id]))
def test_k4_k8_the_one_pass_check_gives_what_the_field_by_field_check_gives(
    new: NewInvoice, current: Any
) -> None:
    assert _outcome(invoice_of, new, current) == _outcome(invoice_field_by_field, new, current)


def test_k4_a_valid_row_and_a_row_failing_late_take_both_paths_alike() -> None:
    good = NewInvoice(
        customer_id=CUSTOMER,
        status_id=SENT.id,
        on=date(2026, 3, 1),
        total_excl_vat=Money(Decimal("10.00"), "EUR"),
        total_incl_vat=Money(Decimal("12.55"), "EUR"),
        number=1,
        project_ids=(PROJECT,),
        owner_id=ANNA,
    )
    invoice = invoice_of(good, INVOICE_ID, _facts())
    assert invoice == invoice_field_by_field(good, INVOICE_ID, _facts())
    assert invoice.project_ids == frozenset({PROJECT})
    # A project of another customer and a wrong sign: both reported, not only the first.
    bad = attrs.evolve(good, project_ids=(FOREIGN_PROJECT,), is_credit_note=True)
    outcome = _outcome(invoice_of, bad, None)
    assert [text.split(":")[0] for _, text in outcome] == [
        "invoice.project_ids",
        "invoice.total_excl_vat",
        "invoice.total_incl_vat",
    ]
