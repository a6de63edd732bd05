"""The contract of the contact persons port (part of the customers capability)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.contact import Contact
from custreg.domain.errors import IntegrityError
from custreg.ports.customers import ContactRepository
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import _add_each
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _check_update
from custreg.testing.contracts._support import _each
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import stored


def _contacts(uow: UnitOfWork) -> ContactRepository:
    return uow.contacts


class ContactRepositoryContract:
    """ContactRepository: deleted contacts stay readable but unlisted (P3), inactive ones listed
    only on request (P2), keyword lists (P4)."""

    @each_example(data=st.data())
    def test_contact_lists_follow_active_and_deleted(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        owner, other = _one_customer(registry), _one_customer(registry)
        mine = data.draw(_unique(s.contacts(owner.id), 6))
        theirs = data.draw(_unique(s.contacts(other.id), 3))
        _add_each(registry, _contacts, [*mine, *theirs])  # get reads deleted ones too (P3)
        with registry.uow() as uow:
            default = uow.contacts.for_customer(owner.id)
            everyone = uow.contacts.for_customer(owner.id, include_inactive=True)
        alive = [c for c in mine if not c.is_deleted]
        assert _by_id(default) == _by_id(c for c in alive if c.active)
        assert _by_id(everyone) == _by_id(alive)

    @each_example(requires=lambda uow: uow.contacts.with_keyword("x"), data=st.data())
    def test_p4_with_keyword_is_exactly_the_active_carriers(
        self, registry: Registry, data: st.DataObject
    ) -> None:
        customers = [_one_customer(registry), _one_customer(registry)]
        people = data.draw(
            st.lists(
                st.sampled_from(customers).flatmap(lambda c: s.contacts(c.id)),
                max_size=8,
                unique_by=lambda c: c.id,
            )
        )
        stored(registry, lambda uow: _each(uow.contacts.add, people))
        keywords = {k for c in people for k in c.keywords} | {"nobody-has-this"}
        with registry.uow() as uow:
            for keyword in sorted(keywords):
                expected = [
                    c for c in people if keyword in c.keywords and c.active and not c.is_deleted
                ]
                assert _by_id(uow.contacts.with_keyword(keyword)) == _by_id(expected)

    @each_example(drawn=s.contacts(), changes=s.contacts())
    def test_contact_update_and_unknown(
        self, registry: Registry, drawn: Contact, changes: Contact
    ) -> None:
        contact = attrs.evolve(drawn, customer_id=_one_customer(registry).id)
        _check_not_found(registry, lambda uow: uow.contacts.get(contact.id))
        stored(registry, lambda uow: uow.contacts.add(contact))
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.contacts.add(contact))
        changed = attrs.evolve(changes, id=contact.id, customer_id=contact.customer_id)
        _check_update(registry, _contacts, changed)


__all__ = ["ContactRepositoryContract"]
