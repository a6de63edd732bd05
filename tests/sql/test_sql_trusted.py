"""Reading stored values back without validating them again gives the values the validating
constructors give."""

from __future__ import annotations

import pickle
import uuid
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.trusted import Ids
from custreg.adapters.sql.trusted import fresh_uuid
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import new_id
from custreg.adapters.sql.trusted import stored
from custreg.adapters.sql.trusted import stored_money
from custreg.adapters.sql.trusted import stored_uuid
from custreg.adapters.sql.trusted import text_uuid
from custreg.adapters.sql.trusted import uuid_of
from custreg.domain.values import MONEY_DECIMALS
from custreg.domain.values import Money


@given(st.uuids())
def test_stored_uuid_is_the_uuid_of_its_hex(value: uuid.UUID) -> None:
    decoded = stored_uuid(value.hex)
    assert decoded == value
    assert hash(decoded) == hash(value)
    assert str(decoded) == str(value)
    assert uuid_of(value) is value
    assert uuid_of(value.hex) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_stored_money_equals_validated_money(amount: Decimal) -> None:
    assert stored_money(amount, "EUR") == Money(amount, "EUR")
    assert hash(stored_money(amount, "EUR")) == hash(Money(amount, "EUR"))


def test_stored_refuses_a_field_count_that_does_not_match() -> None:
    with pytest.raises(ValueError):
        stored(Money, Decimal(1))
    with pytest.raises(ValueError):
        stored(Money, Decimal(1), "EUR", "extra")


@given(st.uuids())
def test_fresh_and_text_uuids_are_the_uuids_of_their_text(value: uuid.UUID) -> None:
    for decoded in (fresh_uuid(value.hex), text_uuid(str(value)), new_id(value.hex)):
        assert decoded == value and hash(decoded) == hash(value)
        assert decoded.is_safe is value.is_safe and decoded.version == value.version
        assert pickle.loads(pickle.dumps(decoded)) == value
    assert new_id(value) is value


def test_ids_decode_each_repeated_value_once() -> None:
    ids = Ids()
    value = uuid.uuid4()
    first, second = ids(value.hex), ids(value.hex)
    assert first == value and first is second
    assert ids(None) is None
    assert ids(value) is value


def test_maker_sets_every_field_without_converting() -> None:
    make = maker(Money)
    money = make(Decimal("1.50"), "EUR")
    assert money == Money(Decimal("1.50"), "EUR") and str(money.amount) == "1.50"
    assert make is maker(Money)  # generated once per class
    with pytest.raises(TypeError):
        make(Decimal(1))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        money.currency = "USD"  # type: ignore[misc]


@given(
    st.integers(min_value=-(10**18), max_value=10**18),
    st.one_of(st.none(), st.integers(min_value=-6, max_value=16)),
)
def test_money_amount_is_the_written_decimal(units: int, exponent: int | None) -> None:
    """The fast path (no quantize) gives exactly what quantizing to the written exponent gave:
    same value, same digits and exponent."""
    value = Decimal(units).scaleb(-MONEY_DECIMALS)
    expected = None
    if exponent is not None and -MONEY_DECIMALS <= exponent <= 14:
        written = value.quantize(Decimal(1).scaleb(exponent))
        expected = written if written == value else None
    got = money_amount(units, exponent)
    assert got == value
    if expected is not None:
        assert got.as_tuple() == expected.as_tuple()
    else:
        assert got.as_tuple() == money_amount(units).as_tuple()
