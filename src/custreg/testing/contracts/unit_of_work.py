"""The contract of the unit of work: all or nothing, read your writes, usable only in its block."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.customer import Customer
from custreg.domain.errors import CustregError
from custreg.domain.errors import IntegrityError
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _numbered
from custreg.testing.contracts._support import _unique_customers
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import read


class UnitOfWorkContract:
    """Commit makes everything durable at once; anything else leaves nothing behind."""

    @each_example(customers=_unique_customers(1, 3), explicit=st.booleans())
    def test_leaving_without_commit_stores_nothing(
        self, registry: Registry, customers: list[Customer], explicit: bool
    ) -> None:
        with registry.uow() as uow:
            added = _numbered(uow, customers)
            for customer in added:
                uow.addresses.add(Address(AddressId(uuid.uuid4()), customer.id, "FI", city="Turku"))
                uow.audit.record(_entry(customer.id))
            if explicit:
                uow.rollback()
        with registry.uow() as uow:
            assert uow.customers.ids_matching(CustomerQuery()) == []
            for customer in added:
                assert uow.addresses.for_customer(customer.id) == []
                assert uow.audit.for_entity("customer", customer.id) == []

    @each_example(customers=_unique_customers(2, 4))
    def test_an_error_inside_the_block_rolls_everything_back(
        self, registry: Registry, customers: list[Customer]
    ) -> None:
        with pytest.raises(IntegrityError), registry.uow() as uow:
            added = _numbered(uow, customers)
            uow.customers.add(attrs.evolve(added[0], number=uow.customers.next_number()))
            uow.commit()
        assert read(registry, lambda uow: uow.customers.ids_matching(CustomerQuery())) == []

    @each_example(customers=_unique_customers(1, 3), new_name=s.texts())
    def test_commit_makes_every_change_visible_together(
        self, registry: Registry, customers: list[Customer], new_name: str
    ) -> None:
        with registry.uow() as uow:
            added = _numbered(uow, customers)
            address = Address(AddressId(uuid.uuid4()), added[0].id, "SE", city="Malmö")
            uow.addresses.add(address)
            uow.commit()
            # after a commit the same unit of work goes on; its later changes are dropped
            renamed = attrs.evolve(added[0], name=new_name, version=added[0].version + 1)
            uow.customers.update(renamed)
        with registry.uow() as uow:
            assert uow.customers.ids_matching(CustomerQuery()) == [c.id for c in added]
            assert uow.customers.get(added[0].id) == added[0]
            assert uow.addresses.for_customer(added[0].id) == [address]

    def test_a_unit_of_work_is_usable_only_inside_its_block(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        with registry.uow() as uow:
            pass
        with pytest.raises(CustregError):
            uow.customers.get(CustomerId(uuid.uuid4()))


def _entry(entity_id: uuid.UUID) -> list[AuditEntry]:
    return [
        AuditEntry(
            uuid.uuid4(),  # type: ignore[arg-type]
            datetime(2026, 1, 1, tzinfo=UTC),
            None,
            "create",
            "customer",
            entity_id,
            "*",
            None,
            {"name": "x"},
        )
    ]


__all__ = [
    "UnitOfWorkContract",
]
