"""Examples of ``custreg.domain.checked``: building entities from values already checked.

``maker(cls)`` gives a constructor that sets the fields as they are, without the entity's
converters, validators or ``__attrs_post_init__``: for values that already passed those rules
it builds the entity the validating constructor builds. Its constructors and the field names are
made once per class and remembered, so each example makes its classes inside the test (a class
made at import time would be remembered before the example runs).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from custreg.domain.checked import column_maker
from custreg.domain.checked import field_names
from custreg.domain.checked import maker
from custreg.domain.deferred import Deferred
from custreg.domain.errors import ValidationError
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money


def _price_class() -> tuple[type, list[str]]:
    """A frozen entity whose converters, validator and post-init leave a trace in ``calls``."""
    calls: list[str] = []

    def to_decimal(value: Any) -> Decimal:
        calls.append("convert")
        return Decimal(value)

    def positive(_instance: Any, _attribute: Any, value: Decimal) -> None:
        calls.append("validate")
        if value <= 0:
            raise ValidationError("price", "amount", "must be positive", value)

    @attrs.frozen
    class Price:
        name: str
        amount: Decimal = attrs.field(converter=to_decimal, validator=positive)
        currency: str = "EUR"

        def __attrs_post_init__(self) -> None:
            calls.append("post-init")

    return Price, calls


def test_field_names_are_the_fields_in_order_read_once_per_class() -> None:
    price, _ = _price_class()
    names = field_names(price)
    assert names == ("name", "amount", "currency")
    assert field_names(price) is names


def test_a_made_entity_equals_the_validated_one_without_checking_again() -> None:
    price, calls = _price_class()
    validated = price("Tea", "2.50")
    assert calls == ["convert", "validate", "post-init"]
    calls.clear()
    make = maker(price)
    made = make("Tea", Decimal("2.50"), "EUR")
    assert made == validated and hash(made) == hash(validated) and repr(made) == repr(validated)
    assert type(made) is price
    assert calls == []  # no converter, validator or post-init ran
    assert make(name="Tea", amount=Decimal("2.50"), currency="EUR") == validated
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.name = "Coffee"


def test_a_made_entity_holds_the_values_as_given() -> None:
    # only for values that passed the rules: the maker converts and refuses nothing
    price, _ = _price_class()
    made = maker(price)("Tea", "-1", "EUR")
    assert made.amount == "-1"
    with pytest.raises(ValidationError, match="must be positive"):
        price("Tea", "-1")


def test_a_missing_or_unknown_value_is_refused_like_by_any_function() -> None:
    price, _ = _price_class()
    make = maker(price)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'currency'"):
        make("Tea", Decimal(1))  # defaults are not applied either
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        make("Tea", Decimal(1), "EUR", colour="red")


def test_a_maker_is_made_once_per_class_and_named_after_it() -> None:
    price, _ = _price_class()
    make = maker(price)
    assert maker(price) is make
    # what a traceback or a profile shows
    assert make.__name__ == "make_Price"
    assert make.__code__.co_filename == f"<trusted {price.__qualname__}>"
    assert make.__code__.co_varnames[:3] == ("name", "amount", "currency")


def test_domain_entities_made_from_checked_values() -> None:
    assert maker(Money)(Decimal("12.50"), "EUR") == Money(Decimal("12.50"), "EUR")
    assert maker(EmailAddress)("anna@example.fi") == EmailAddress("anna@Example.FI")


def test_a_class_without_slots_is_made_too() -> None:
    @attrs.define(slots=False, frozen=True)
    class Plain:
        a: int
        b: str

    made = maker(Plain)(1, "x")
    assert made == Plain(1, "x") and vars(made) == {"a": 1, "b": "x"}


def test_later_fields_are_left_unset_for_a_deferred_view_to_fill() -> None:
    def fill(view: Any, source: str) -> None:
        object.__setattr__(view, "amount", Decimal(source))

    @attrs.frozen
    class Row(Deferred):
        name: str
        amount: Decimal
        currency: str

    make = maker(Row, later=("amount",))
    assert maker(Row, later=("amount",)) is make and maker(Row) is not make
    assert make.__code__.co_varnames[:3] == ("name", "currency", "_deferred")
    row = make("Tea", "EUR", (fill, "2.50"))
    assert row == Row("Tea", Decimal("2.50"), "EUR")
    assert row.amount == Decimal("2.50")


def test_a_column_maker_makes_the_entities_of_columns_as_the_maker_makes_each_row() -> None:
    price, calls = _price_class()
    make = column_maker(price)
    made = make([["Tea", "Coffee"], [Decimal("2.50"), "-1"], ["EUR", "SEK"]])
    one = maker(price)
    assert made == [one("Tea", Decimal("2.50"), "EUR"), one("Coffee", "-1", "SEK")]
    assert made[0] == price("Tea", "2.50") and type(made[1]) is price
    calls.clear()
    assert make([[], [], []]) == []
    assert calls == []  # no converter, validator or post-init ran
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made[0].name = "Water"


def test_a_column_maker_refuses_missing_columns_and_ragged_ones() -> None:
    price, _ = _price_class()
    make = column_maker(price)
    with pytest.raises(ValueError, match="not 2 columns"):
        make([["Tea"], [Decimal(1)]])
    with pytest.raises(ValueError, match="different lengths"):
        make([["Tea"], [Decimal(1)], []])


def test_a_column_maker_makes_a_class_without_slots_too() -> None:
    @attrs.define(slots=False, frozen=True)
    class Plain:
        a: int
        b: str

    assert column_maker(Plain)([[1, 2], ["x", "y"]]) == [Plain(1, "x"), Plain(2, "y")]
