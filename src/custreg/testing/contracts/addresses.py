"""The contract of the addresses port (part of the customers capability)."""

from __future__ import annotations

from functools import partial

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.errors import IntegrityError
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _each
from custreg.testing.contracts._support import _get_address
from custreg.testing.contracts._support import _ids
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import _unique_ordinals
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


class AddressRepositoryContract:
    """AddressRepository: CRUD and the earliest-added-first list of a customer."""

    @each_example(data=st.data())
    def test_address_crud_and_order_by_ordinal(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        owner, other = _one_customer(registry), _one_customer(registry)
        mine = data.draw(
            st.lists(s.addresses(owner.id), max_size=5, unique_by=lambda a: (a.id, a.ordinal))
        )
        mine = _unique_ordinals(mine)
        theirs = data.draw(_unique(s.addresses(other.id), 2))
        stored(registry, lambda uow: _each(uow.addresses.add, [*mine, *theirs]))
        listed = read(registry, lambda uow: uow.addresses.for_customer(owner.id))
        assert listed == sorted(mine, key=lambda a: a.ordinal)
        for address in mine:
            assert read(registry, partial(_get_address, address.id)) == address
        if mine:
            changed = attrs.evolve(mine[0], city="Changed", postal_code="00100")
            stored(registry, lambda uow: uow.addresses.update(changed))
            assert read(registry, lambda uow: uow.addresses.get(changed.id)) == changed
            stored(registry, lambda uow: uow.addresses.remove(changed.id))
            _check_not_found(registry, lambda uow: uow.addresses.get(changed.id))
            left = read(registry, lambda uow: uow.addresses.for_customer(owner.id))
            assert _ids(left) == _ids(sorted(mine[1:], key=lambda a: a.ordinal))

    @each_example(drawn=s.addresses())
    def test_address_unknown_and_taken_ids(self, registry: Registry, drawn: Address) -> None:
        address = attrs.evolve(drawn, customer_id=_one_customer(registry).id)
        _check_not_found(registry, lambda uow: uow.addresses.get(address.id))
        _check_not_found(registry, lambda uow: uow.addresses.update(address))
        _check_not_found(registry, lambda uow: uow.addresses.remove(address.id))
        stored(registry, lambda uow: uow.addresses.add(address))
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.addresses.add(address))
        assert read(registry, lambda uow: uow.addresses.for_customer(address.customer_id)) == [
            address
        ]

    @each_example(
        drawn=st.lists(s.addresses(), min_size=1, max_size=4, unique_by=lambda a: a.id),
        clash=st.booleans(),
    )
    def test_address_add_many_is_all_or_nothing(
        self, registry: Registry, drawn: list[Address], clash: bool
    ) -> None:
        owner = _one_customer(registry)
        batch = [attrs.evolve(a, customer_id=owner.id) for a in _unique_ordinals(drawn)]
        if clash:
            stored(registry, lambda uow: uow.addresses.add(batch[-1]))
            with pytest.raises(IntegrityError):
                stored(registry, lambda uow: uow.addresses.add_many(batch))
            expected = [batch[-1]]
        else:
            stored(registry, lambda uow: uow.addresses.add_many(batch))
            expected = sorted(batch, key=lambda a: a.ordinal)
        assert read(registry, lambda uow: uow.addresses.for_customer(owner.id)) == expected


__all__ = ["AddressRepositoryContract"]
