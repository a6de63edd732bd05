"""C3 as revised: a principal with Edit changes a customer's number; no two customers share one and
automatic numbering never hands out a number that was ever used, on every backend."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import NumberTakenError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.values import MAX_CUSTOMER_NUMBER
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.testing.contracts import SETTINGS
from custreg.testing.contracts import RegistryFactory
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.numbers import change_customer_number

per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

OWNER = SETTINGS.users[0].id
EDITOR = Principal(OWNER, CustomerPermission.EDIT)
READER = Principal(OWNER, CustomerPermission.READ_ONLY)


def everyone(registry: Registry) -> list[Customer]:
    with registry.read() as uow:
        found = uow.customers.get_many(uow.customers.ids_matching(CustomerQuery()))
    return sorted(found.values(), key=lambda c: c.number.value)


def trail(registry: Registry, customer: Customer) -> list[Any]:
    with registry.read() as uow:
        return uow.audit.for_entity("customer", customer.id)


steps = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.just(0), st.just(0)),
        st.tuples(st.just("change"), st.integers(0, 5), st.integers(1, 12)),
    ),
    min_size=1,
    max_size=10,
)


@per_example
@given(steps=steps)
@example(steps=[("create", 0, 0), ("change", 0, 5), ("create", 0, 0), ("create", 0, 0)])
@example(steps=[("create", 0, 0), ("create", 0, 0), ("change", 1, 1), ("change", 0, 2)])
def test_c3_changed_numbers_stay_unique_and_are_never_handed_out_again(
    registry_factory: RegistryFactory, steps: list[tuple[str, int, int]]
) -> None:
    registry = registry_factory(settings=SETTINGS)
    ever_used: set[int] = set()
    for kind, which, number in steps:
        customers = everyone(registry)
        if kind == "create" or not customers:
            made = create_customer(registry, EDITOR, CreateCustomer("Acme Oy", owner_id=OWNER))
            assert made.number.value not in ever_used  # never a number ever held
            ever_used.add(made.number.value)
            continue
        target = customers[which % len(customers)]
        holder = next((c for c in customers if c.number.value == number), None)
        if holder is not None and holder.id != target.id:
            with pytest.raises(NumberTakenError) as taken:
                change_customer_number(registry, EDITOR, target.id, number)
            assert (taken.value.holder_id, taken.value.number) == (holder.id, number)
            assert (taken.value.entity, taken.value.field) == ("customer", "number")
            assert isinstance(taken.value, ConflictError) and not taken.value.retryable
            assert everyone(registry) == customers  # nothing changed
            continue
        changed = change_customer_number(registry, EDITOR, target.id, number)
        assert changed.number.value == number
        ever_used.add(number)
        assert get_customer(registry, READER, target.id) == changed
        if holder is None:
            assert changed.version == target.version + 1
            entries = [e for e in trail(registry, target) if e.field == "number"]
            assert (entries[-1].before, entries[-1].after) == (
                {"value": target.number.value},
                {"value": number},
            )
        else:
            assert changed == target  # its own number: nothing to do
    numbers = [c.number.value for c in everyone(registry)]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize(
    "bad",
    [
        0,
        -1,
        True,
        1.0,
        None,
        "",
        " ",
        "12a",
        "\uff11\uff12",
        "1e3",
        "0x10",
        str(10**4000),
        10**4000,
        MAX_CUSTOMER_NUMBER + 1,
        "-5",
    ],
    ids=repr,
)
def test_c3_bad_number_is_a_validation_error_on_number_and_changes_nothing(
    registry_factory: RegistryFactory, bad: Any
) -> None:
    registry = registry_factory(settings=SETTINGS)
    customer = create_customer(registry, EDITOR, CreateCustomer("Acme Oy", owner_id=OWNER))
    with pytest.raises(ValidationError) as refused:
        change_customer_number(registry, EDITOR, customer.id, bad)
    assert (refused.value.entity, refused.value.field) == ("customer", "number")
    assert everyone(registry) == [customer]
    assert len(trail(registry, customer)) == 1  # the creation only


def test_c3_number_as_typed_text_and_the_largest_number(registry_factory: RegistryFactory) -> None:
    registry = registry_factory(settings=SETTINGS)
    customer = create_customer(registry, EDITOR, CreateCustomer("Acme Oy", owner_id=OWNER))
    assert change_customer_number(registry, EDITOR, customer.id, " 42 ").number.value == 42
    largest = change_customer_number(registry, EDITOR, customer.id, MAX_CUSTOMER_NUMBER)
    assert largest.number == CustomerNumber(MAX_CUSTOMER_NUMBER)


def test_c3_changing_the_number_needs_edit(registry_factory: RegistryFactory) -> None:
    registry = registry_factory(settings=SETTINGS)
    customer = create_customer(registry, EDITOR, CreateCustomer("Acme Oy", owner_id=OWNER))
    with pytest.raises(PermissionDeniedError):
        change_customer_number(registry, READER, customer.id, 77)
    assert everyone(registry) == [customer]


def test_c3_stale_version_is_a_conflict_and_changes_nothing(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=SETTINGS)
    customer = create_customer(registry, EDITOR, CreateCustomer("Acme Oy", owner_id=OWNER))
    change_customer_number(registry, EDITOR, customer.id, 500)
    current = everyone(registry)
    with pytest.raises(ConflictError) as stale:
        change_customer_number(registry, EDITOR, customer.id, 600, expected_version=1)
    assert (stale.value.expected_version, stale.value.actual_version) == (1, 2)
    assert everyone(registry) == current
    renumbered = change_customer_number(registry, EDITOR, customer.id, 600, expected_version=2)
    assert renumbered.number.value == 600
