"""The contract of the unit of work: all or nothing, read your writes, usable only in its block."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from functools import partial
from typing import NamedTuple

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.customer import Customer
from custreg.domain.errors import CustregError
from custreg.domain.errors import IntegrityError
from custreg.domain.ids import AddressId
from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _numbered
from custreg.testing.contracts._support import _unique_customers
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh


class _Written(NamedTuple):
    """What ``_write`` wrote: the customers, and the address and audit entry of each."""

    customers: list[Customer]
    addresses: list[Address]
    entries: list[AuditEntry]


def _write(
    registry: Registry,
    customers: list[Customer],
    end: Callable[[UnitOfWork, list[Customer]], None],
) -> _Written:
    """In one unit of work: add ``customers`` under numbers it hands out, an address and an audit
    entry for each; then ``end(uow, added)`` ends the work (or leaves it as it is)."""
    with registry.uow() as uow:
        added = _numbered(uow, customers)
        addresses = [Address(AddressId(uuid.uuid4()), c.id, "SE", city="Malmö") for c in added]
        entries = [_entry(c.id) for c in added]
        for address, entry in zip(addresses, entries, strict=True):
            uow.addresses.add(address)
            uow.audit.record([entry])
        end(uow, added)
    return _Written(added, addresses, entries)


def _leave(uow: UnitOfWork, added: list[Customer]) -> None:
    """Leave the block without commit or rollback."""


def _rollback(uow: UnitOfWork, added: list[Customer]) -> None:
    uow.rollback()


def _clash_and_commit(uow: UnitOfWork, added: list[Customer]) -> None:
    """Add a customer whose id is taken (IntegrityError), then commit."""
    uow.customers.add(attrs.evolve(added[0], number=uow.customers.next_number()))
    uow.commit()


def _check_nothing_stored(registry: Registry, customers: list[Customer]) -> None:
    """No customer is stored, and no address or audit entry of ``customers``."""
    with registry.uow() as uow:
        assert uow.customers.ids_matching(CustomerQuery()) == []
        for customer in customers:
            assert uow.addresses.for_customer(customer.id) == []
            assert uow.audit.for_entity("customer", customer.id) == []


class UnitOfWorkContract:
    """Commit makes everything durable at once; anything else leaves nothing behind."""

    @each_example(customers=_unique_customers(1, 3), explicit=st.booleans())
    def test_leaving_without_commit_stores_nothing(
        self, registry: Registry, customers: list[Customer], explicit: bool
    ) -> None:
        written = _write(registry, customers, _rollback if explicit else _leave)
        _check_nothing_stored(registry, written.customers)

    @each_example(customers=_unique_customers(2, 4))
    def test_an_error_inside_the_block_rolls_everything_back(
        self, registry: Registry, customers: list[Customer]
    ) -> None:
        with pytest.raises(IntegrityError):
            _write(registry, customers, _clash_and_commit)
        _check_nothing_stored(registry, customers)

    @each_example(customers=_unique_customers(1, 3), new_name=s.texts())
    def test_commit_makes_every_change_visible_together(
        self, registry: Registry, customers: list[Customer], new_name: str
    ) -> None:
        written = _write(registry, customers, partial(_commit_then_rename, new_name))
        added = written.customers
        with registry.uow() as uow:
            assert uow.customers.ids_matching(CustomerQuery()) == [c.id for c in added]
            assert uow.customers.get(added[0].id) == added[0]
            for customer, address, entry in zip(*written, strict=True):
                assert uow.addresses.for_customer(customer.id) == [address]
                assert uow.audit.for_entity("customer", customer.id) == [entry]

    def test_a_unit_of_work_is_usable_only_inside_its_block(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        with registry.uow() as uow:
            pass
        with pytest.raises(CustregError):
            uow.customers.get(CustomerId(uuid.uuid4()))


def _entry(entity_id: uuid.UUID) -> AuditEntry:
    return AuditEntry(
        AuditEntryId(uuid.uuid4()),
        datetime(2026, 1, 1, tzinfo=UTC),
        None,
        "create",
        "customer",
        entity_id,
        "*",
        None,
        {"name": "x"},
    )


def _commit_then_rename(new_name: str, uow: UnitOfWork, added: list[Customer]) -> None:
    """Commit; the same unit of work goes on after it, but its later change (renaming the first
    customer) is dropped when the block ends without another commit."""
    uow.commit()
    uow.customers.update(attrs.evolve(added[0], name=new_name, version=added[0].version + 1))


__all__ = [
    "UnitOfWorkContract",
]
