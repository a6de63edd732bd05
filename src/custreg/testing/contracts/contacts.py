"""The contract of the contact persons port (part of the customers capability)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.contact import Contact
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NotFoundError
from custreg.testing import strategies as s
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _each
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import require_offered
from custreg.testing.contracts._support import stored


class ContactRepositoryContract:
    """ContactRepository: deleted contacts stay readable but unlisted (P3), inactive ones listed
    only on request (P2), keyword lists (P4)."""

    def test_contact_lists_follow_active_and_deleted(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            owner, other = _one_customer(registry), _one_customer(registry)
            mine = data.draw(_unique(s.contacts(owner.id), 6))
            theirs = data.draw(_unique(s.contacts(other.id), 3))
            stored(registry, lambda uow: _each(uow.contacts.add, [*mine, *theirs]))
            with registry.uow() as uow:
                default = uow.contacts.for_customer(owner.id)
                everyone = uow.contacts.for_customer(owner.id, include_inactive=True)
                for contact in [*mine, *theirs]:
                    assert uow.contacts.get(contact.id) == contact  # deleted ones too (P3)
            alive = [c for c in mine if not c.is_deleted]
            assert _by_id(default) == _by_id(c for c in alive if c.active)
            assert _by_id(everyone) == _by_id(alive)

        check()

    def test_p4_with_keyword_is_exactly_the_active_carriers(
        self, registry_factory: RegistryFactory
    ) -> None:
        require_offered(registry_factory, lambda uow: uow.contacts.with_keyword("x"))

        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
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

        check()

    def test_contact_update_and_unknown(self, registry_factory: RegistryFactory) -> None:
        @given(s.contacts(), s.contacts())
        def check(drawn: Contact, changes: Contact) -> None:
            registry = fresh(registry_factory)
            contact = attrs.evolve(drawn, customer_id=_one_customer(registry).id)
            with pytest.raises(NotFoundError):
                read(registry, lambda uow: uow.contacts.get(contact.id))
            stored(registry, lambda uow: uow.contacts.add(contact))
            with pytest.raises(IntegrityError):
                stored(registry, lambda uow: uow.contacts.add(contact))
            changed = attrs.evolve(changes, id=contact.id, customer_id=contact.customer_id)
            stored(registry, lambda uow: uow.contacts.update(changed))
            assert read(registry, lambda uow: uow.contacts.get(contact.id)) == changed

        check()


__all__ = ["ContactRepositoryContract"]
