"""Reading stored values back without validating them again gives the values the validating
constructors give."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.sql.trusted import stored, stored_money, stored_uuid, uuid_of
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
