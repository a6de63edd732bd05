"""Contract of storing customers: add/get/update, one at a time and in bulk."""

from __future__ import annotations

import uuid
from functools import partial

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.ids import CustomerId
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _check_versioned_update
from custreg.testing.contracts._support import _get_customer
from custreg.testing.contracts._support import _numbered
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _unique_customers
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


class CustomerStorageContract:
    """CustomerRepository storage: exact round trips, taken ids and numbers, versions, bulk
    writes all or nothing."""

    def test_customer_get_unknown_raises_not_found(self, registry_factory: RegistryFactory) -> None:
        registry = fresh(registry_factory)
        unknown = CustomerId(uuid.uuid4())
        _check_not_found(registry, lambda uow: uow.customers.get(unknown))
        assert read(registry, lambda uow: uow.customers.get_many([unknown])) == {}

    @each_example(customers=_unique_customers(1, 4))
    def test_customer_stored_and_loaded_exactly(
        self, registry: Registry, customers: list[Customer]
    ) -> None:
        added = stored(registry, lambda uow: _numbered(uow, customers))
        for customer in added:
            assert read(registry, partial(_get_customer, customer.id)) == customer
        many = read(registry, lambda uow: uow.customers.get_many([c.id for c in added]))
        assert many == {c.id: c for c in added}

    @each_example(customer=s.customers(SETTINGS))
    def test_customer_read_your_writes_before_commit(
        self, registry: Registry, customer: Customer
    ) -> None:
        with registry.uow() as uow:
            [added] = _numbered(uow, [customer])
            assert uow.customers.get(customer.id) == added
            assert uow.customers.ids_matching(CustomerQuery()) == [customer.id]

    @each_example(customer=s.customers(SETTINGS), other_name=s.texts())
    def test_customer_add_taken_id_raises_integrity(
        self, registry: Registry, customer: Customer, other_name: str
    ) -> None:
        [first] = stored(registry, lambda uow: _numbered(uow, [customer]))
        twin = attrs.evolve(customer, name=other_name)
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: _numbered(uow, [twin]))
        assert read(registry, lambda uow: uow.customers.get(customer.id)) == first

    def test_customer_add_taken_number_raises_integrity(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        first = _one_customer(registry)
        clash = attrs.evolve(first, id=CustomerId(uuid.uuid4()), name="Clash Ab")
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.customers.add(clash))
        assert read(registry, lambda uow: uow.customers.ids_matching(CustomerQuery())) == [first.id]

    @each_example(
        customer=s.customers(SETTINGS), changes=s.customers(SETTINGS), step=st.integers(-2, 3)
    )
    def test_customer_update_needs_exactly_the_next_version(
        self, registry: Registry, customer: Customer, changes: Customer, step: int
    ) -> None:
        [original] = stored(registry, lambda uow: _numbered(uow, [customer]))
        changed = attrs.evolve(
            changes,
            id=original.id,
            number=original.number,
            version=max(1, original.version + step),
        )
        _check_versioned_update(registry, lambda uow: uow.customers, original, changed)

    def test_customer_update_unknown_raises_not_found(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        ghost = attrs.evolve(_one_customer(registry), id=CustomerId(uuid.uuid4()), version=2)
        _check_not_found(registry, lambda uow: uow.customers.update(ghost))

    @each_example(customers=_unique_customers(1, 6), data=st.data())
    def test_customer_update_many_is_all_or_nothing(
        self, registry: Registry, customers: list[Customer], data: st.DataObject
    ) -> None:
        originals = stored(registry, lambda uow: _numbered(uow, customers))
        stale = data.draw(st.sets(st.sampled_from(range(len(originals)))))
        changed = [
            attrs.evolve(c, name=f"{c.name} x", version=c.version + (2 if i in stale else 1))
            for i, c in enumerate(originals)
        ]
        ids = [c.id for c in originals]
        if stale:
            with pytest.raises(ConflictError):
                stored(registry, lambda uow: uow.customers.update_many(changed))
            expected = originals
        else:
            stored(registry, lambda uow: uow.customers.update_many(changed))
            expected = changed
        after = read(registry, lambda uow: uow.customers.get_many(ids))
        assert after == {c.id: c for c in expected}

    @each_example(
        customers=_unique_customers(1, 5),
        clash=st.sampled_from(["none", "taken_id", "taken_number", "twice_in_batch"]),
    )
    def test_customer_add_many_is_all_or_nothing(
        self, registry: Registry, customers: list[Customer], clash: str
    ) -> None:
        existing = _one_customer(registry)

        def add(uow: UnitOfWork) -> list[Customer]:
            numbers = uow.customers.next_numbers(len(customers))
            batch = [attrs.evolve(c, number=n) for c, n in zip(customers, numbers, strict=True)]
            if clash == "taken_id":
                batch[-1] = attrs.evolve(batch[-1], id=existing.id)
            elif clash == "taken_number":
                batch[-1] = attrs.evolve(batch[-1], number=existing.number)
            elif clash == "twice_in_batch":
                batch.append(attrs.evolve(batch[0], number=uow.customers.next_number()))
            uow.customers.add_many(batch)
            return batch

        if clash == "none":
            batch = stored(registry, add)
            for customer in batch:
                assert read(registry, partial(_get_customer, customer.id)) == customer
        else:
            with pytest.raises(IntegrityError):
                stored(registry, add)
        everyone = read(registry, lambda uow: uow.customers.ids_matching(CustomerQuery()))
        assert len(everyone) == (1 + len(customers) if clash == "none" else 1)
