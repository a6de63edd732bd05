"""Contract of removing customers (U4)."""

from __future__ import annotations

import uuid

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _dependant
from custreg.testing.contracts._support import _each
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _one_project
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import _unique_ordinals
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import stored


def _removal(uow: UnitOfWork) -> None:
    uow.customers.remove(CustomerId(uuid.uuid4()))


def _removal_with_dependants(uow: UnitOfWork) -> None:
    """Removal, and every capability whose records may refer to a customer."""
    for capability in ("projects", "invoices", "notes", "activities", "files"):
        getattr(uow, capability)
    _removal(uow)


class CustomerRemovalContract:
    """CustomerRepository removal (U4): addresses and contacts go along; refused while anything
    else refers to the customer."""

    @each_example(requires=_removal, data=st.data())
    def test_u4_customer_remove_takes_addresses_and_contacts_along(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        doomed, bystander = _one_customer(registry), _one_customer(registry)
        segments = [m.id for m in SETTINGS.market_segments]
        with_segments = attrs.evolve(
            doomed,
            market_segment_ids=data.draw(st.frozensets(st.sampled_from(segments))),
            version=doomed.version + 1,
        )
        places = _unique_ordinals(data.draw(_unique(s.addresses(doomed.id), 3)))
        people = data.draw(_unique(s.contacts(doomed.id), 3))
        theirs = data.draw(s.contacts(bystander.id))

        def furnish(uow: UnitOfWork) -> None:
            uow.customers.update(with_segments)
            _each(uow.addresses.add, places)
            _each(uow.contacts.add, [*people, theirs])

        stored(registry, furnish)
        stored(registry, lambda uow: uow.customers.remove(doomed.id))
        with registry.uow() as uow:
            with pytest.raises(NotFoundError):
                uow.customers.get(doomed.id)
            assert uow.customers.ids_matching(CustomerQuery()) == [bystander.id]
            assert uow.addresses.for_customer(doomed.id) == []
            for contact in people:
                with pytest.raises(NotFoundError):
                    uow.contacts.get(contact.id)
            assert uow.contacts.get(theirs.id) == theirs
        _check_not_found(registry, lambda uow: uow.customers.remove(doomed.id))

    @each_example(
        requires=_removal_with_dependants,
        kind=st.sampled_from(["project", "invoice", "note", "activity", "file"]),
    )
    def test_u4_customer_remove_refused_while_anything_refers_to_it(
        self, registry: Registry, kind: str
    ) -> None:
        customer = _one_customer(registry)
        address = Address(AddressId(uuid.uuid4()), customer.id, "FI", city="Kotka")
        stored(registry, lambda uow: uow.addresses.add(address))
        if kind == "project":
            _one_project(registry, customer)
        else:
            repository, dependant = _dependant(kind, customer.id)
            stored(registry, lambda uow: getattr(uow, repository).add(dependant))
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.customers.remove(customer.id))
        with registry.uow() as uow:
            assert uow.customers.get(customer.id) == customer
            assert uow.addresses.for_customer(customer.id) == [address]
