"""Examples of the ErrorCollector: every error of a form, relabelled to the form's fields."""

from __future__ import annotations

from uuid import UUID

import attrs
import pytest

from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import ContactId
from custreg.domain.validation import ErrorCollector
from custreg.domain.validation import an_id
from custreg.domain.validation import contact_id_set
from custreg.domain.validation import entity_name
from custreg.domain.validation import text_frozenset
from custreg.domain.validation import text_tuple


def fail(entity: str, field: str | None, reason: str, value: object = None) -> object:
    raise ValidationError(entity, field, reason, value)


def test_check_returns_the_value_when_make_succeeds() -> None:
    errors = ErrorCollector()
    assert errors.check(lambda: 5) == 5
    assert errors.errors == []
    errors.raise_if_any()


def test_check_records_the_error_unchanged_without_entity() -> None:
    errors = ErrorCollector()
    assert errors.check(lambda: fail("email", "address", "is not an e-mail", "x")) is None
    [error] = errors.errors
    assert (error.entity, error.field, error.reason, error.value) == (
        "email",
        "address",
        "is not an e-mail",
        "x",
    )


def test_check_relabels_with_entity_and_field() -> None:
    errors = ErrorCollector()
    result = errors.check(
        lambda: fail("email", "address", "is not an e-mail", "x"), "customer", "email"
    )
    assert result is None
    [error] = errors.errors
    assert (error.entity, error.field, error.reason, error.value) == (
        "customer",
        "email",
        "is not an e-mail",
        "x",
    )


def test_check_relabels_with_entity_only() -> None:
    errors = ErrorCollector()
    errors.check(lambda: fail("email", "address", "bad", 1), "customer")
    [error] = errors.errors
    assert (error.entity, error.field, error.reason, error.value) == ("customer", None, "bad", 1)


def test_check_keeps_every_error_of_validation_errors() -> None:
    errors = ErrorCollector()
    first = ValidationError("customer", "name", "is empty")
    second = ValidationError("customer", "email", "bad")

    def make() -> object:
        raise ValidationErrors([first, second])

    assert errors.check(make, "other", "field") is None
    assert errors.errors == [first, second]


def test_other_exceptions_pass_through() -> None:
    errors = ErrorCollector()
    with pytest.raises(KeyError):
        errors.check(lambda: {}["x"])
    assert errors.errors == []


def test_raise_if_any_raises_the_one_error_itself() -> None:
    errors = ErrorCollector()
    errors.check(lambda: fail("customer", "name", "is empty"))
    with pytest.raises(ValidationError) as info:
        errors.raise_if_any()
    assert type(info.value) is ValidationError
    assert info.value is errors.errors[0]


def test_raise_if_any_raises_several_together_in_order() -> None:
    errors = ErrorCollector()
    errors.check(lambda: fail("customer", "name", "is empty"))
    errors.check(lambda: fail("customer", "email", "bad"))
    with pytest.raises(ValidationErrors) as info:
        errors.raise_if_any()
    assert [(e.field, e.reason) for e in info.value.errors] == [
        ("name", "is empty"),
        ("email", "bad"),
    ]


def test_entity_name_of_a_class_never_named_before_is_its_snake_case_name() -> None:
    # Classes made here are new objects on every run, so the name is computed, not remembered.
    class PurchaseOrderLine:
        pass

    class Invoice:
        pass

    assert entity_name(PurchaseOrderLine) == "purchase_order_line"
    assert entity_name(Invoice) == "invoice"
    assert entity_name(PurchaseOrderLine) == "purchase_order_line"


def test_an_id_names_the_snake_case_entity_of_a_new_class() -> None:
    @attrs.frozen
    class PurchaseOrder:
        id: UUID = attrs.field(validator=an_id)

    assert PurchaseOrder(UUID(int=1)).id == UUID(int=1)
    with pytest.raises(ValidationError) as info:
        PurchaseOrder("x")  # type: ignore[arg-type]
    error = info.value
    assert (error.entity, error.field, error.reason, error.value) == (
        "purchase_order",
        "id",
        "must be an id (UUID)",
        "x",
    )


def test_typed_converters_change_only_the_container() -> None:
    assert text_tuple(iter(["b", "a", "b"])) == ("b", "a", "b")
    assert text_tuple([]) == ()
    assert text_frozenset(["b", "a", "b"]) == frozenset({"a", "b"})
    ids = [ContactId(UUID(int=2)), ContactId(UUID(int=1)), ContactId(UUID(int=2))]
    assert contact_id_set(iter(ids)) == frozenset({UUID(int=1), UUID(int=2)})
    assert type(text_frozenset(())) is frozenset and type(contact_id_set(())) is frozenset
