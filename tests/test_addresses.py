"""Address rules A1-A4 through the use cases, on every backend (``registry_factory``)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts import SETTINGS
from custreg.testing.contracts import RegistryFactory
from custreg.testing.contracts import fresh
from custreg.testing.contracts import stored
from custreg.usecases.addresses import add_address
from custreg.usecases.addresses import list_addresses
from custreg.usecases.addresses import remove_address
from custreg.usecases.addresses import set_headquarters
from custreg.usecases.addresses import update_address
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import inactivate_customer

per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
ADMIN = Principal(SETTINGS.users[0].id, CustomerPermission.EDIT)


def _state(registry: Registry, customer_id: CustomerId) -> tuple[Customer, list[Address]]:
    return get_customer(registry, ADMIN, customer_id), list_addresses(registry, ADMIN, customer_id)


def _assert_a2(customer: Customer, addresses: list[Address]) -> None:
    """A2: with addresses, exactly one headquarters, and it is one of the customer's own."""
    if addresses:
        assert customer.headquarters_address_id in [a.id for a in addresses]
    else:
        assert customer.headquarters_address_id is None
    assert all(a.customer_id == customer.id for a in addresses)


@per_example
@given(
    first=s.new_addresses(), more=st.lists(s.new_addresses(), max_size=3), at_create=st.booleans()
)
def test_a1_first_address_becomes_headquarters(
    registry_factory: RegistryFactory,
    first: NewAddress,
    more: list[NewAddress],
    at_create: bool,
) -> None:
    registry = fresh(registry_factory)
    command = CreateCustomer(name="Head Oy", address=first if at_create else None)
    customer = create_customer(registry, ADMIN, command)
    if at_create:
        first_id = customer.headquarters_address_id
        assert first_id is not None
    else:
        assert customer.headquarters_address_id is None
        first_id = add_address(registry, ADMIN, customer.id, first).id
    for address in more:
        add_address(registry, ADMIN, customer.id, address)
    after, addresses = _state(registry, customer.id)
    assert after.headquarters_address_id == first_id
    assert addresses[0].id == first_id
    assert len(addresses) == 1 + len(more)


@per_example
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["add", "remove", "hq"]), st.integers(0, 9)), max_size=12
    )
)
def test_a2_exactly_one_headquarters_of_its_own_after_any_changes(
    registry_factory: RegistryFactory, steps: list[tuple[str, int]]
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Many Places Oy"))
    neighbour = create_customer(
        registry, ADMIN, CreateCustomer(name="Neighbour", address=NewAddress("SE", city="Lund"))
    )
    for action, pick in steps:
        _, addresses = _state(registry, customer.id)
        if action == "add" or not addresses:
            add_address(registry, ADMIN, customer.id, NewAddress("FI", city=f"City {pick}"))
        elif action == "remove":
            remove_address(registry, ADMIN, addresses[pick % len(addresses)].id)
        else:
            set_headquarters(registry, ADMIN, customer.id, addresses[pick % len(addresses)].id)
        _assert_a2(*_state(registry, customer.id))
    _assert_a2(*_state(registry, neighbour.id))  # nobody else's headquarters moved


@per_example
@given(addresses=st.lists(s.new_addresses(), min_size=2, max_size=5), data=st.data())
def test_a3_making_another_address_headquarters_keeps_the_same_addresses(
    registry_factory: RegistryFactory, addresses: list[NewAddress], data: st.DataObject
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Mover Oy"))
    for address in addresses:
        add_address(registry, ADMIN, customer.id, address)
    _, before = _state(registry, customer.id)
    chosen = data.draw(st.sampled_from(before))
    updated = set_headquarters(registry, ADMIN, customer.id, chosen.id)
    after_customer, after = _state(registry, customer.id)
    assert updated.headquarters_address_id == chosen.id == after_customer.headquarters_address_id
    assert after == before  # same addresses, same order, same content
    _assert_a2(after_customer, after)


def test_a3_an_address_of_another_customer_cannot_be_headquarters(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    mine = create_customer(
        registry, ADMIN, CreateCustomer(name="Mine", address=NewAddress("FI", city="Pori"))
    )
    theirs = create_customer(
        registry, ADMIN, CreateCustomer(name="Theirs", address=NewAddress("FI", city="Rauma"))
    )
    assert theirs.headquarters_address_id is not None
    with pytest.raises(ValidationError) as caught:
        set_headquarters(registry, ADMIN, mine.id, theirs.headquarters_address_id)
    assert (caught.value.entity, caught.value.field) == ("customer", "headquarters_address_id")
    assert get_customer(registry, ADMIN, mine.id) == mine


@per_example
@given(
    addresses=st.lists(s.new_addresses(), min_size=1, max_size=5),
    hq_pick=st.integers(0, 4),
    removals=st.integers(1, 5),
)
def test_a4_removing_hq_promotes_earliest(
    registry_factory: RegistryFactory, addresses: list[NewAddress], hq_pick: int, removals: int
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Shrinking Oy"))
    added = [add_address(registry, ADMIN, customer.id, a).id for a in addresses]
    set_headquarters(registry, ADMIN, customer.id, added[hq_pick % len(added)])
    remaining = list(added)
    for _ in range(min(removals, len(added))):
        hq = get_customer(registry, ADMIN, customer.id).headquarters_address_id
        assert hq is not None
        remove_address(registry, ADMIN, hq)
        remaining.remove(hq)
        after, listed = _state(registry, customer.id)
        assert [a.id for a in listed] == remaining
        assert after.headquarters_address_id == (remaining[0] if remaining else None)


@per_example
@given(addresses=st.lists(s.new_addresses(), min_size=2, max_size=4), data=st.data())
def test_a4_removing_another_address_keeps_the_headquarters(
    registry_factory: RegistryFactory, addresses: list[NewAddress], data: st.DataObject
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Steady Oy"))
    added = [add_address(registry, ADMIN, customer.id, a).id for a in addresses]
    victim = data.draw(st.sampled_from(added[1:]))
    remove_address(registry, ADMIN, victim)
    after, listed = _state(registry, customer.id)
    assert after.headquarters_address_id == added[0]
    assert [a.id for a in listed] == [a for a in added if a != victim]


def test_a4_removing_the_last_address_leaves_no_headquarters(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(
        registry, ADMIN, CreateCustomer(name="Solo", address=NewAddress("DK", city="Aarhus"))
    )
    assert customer.headquarters_address_id is not None
    remove_address(registry, ADMIN, customer.headquarters_address_id)
    assert _state(registry, customer.id) == (
        get_customer(registry, ADMIN, customer.id),
        [],
    )
    assert get_customer(registry, ADMIN, customer.id).headquarters_address_id is None


@pytest.mark.parametrize(
    ("address", "field"),
    [
        (NewAddress("FI"), "lines"),
        (NewAddress("FI", lines=("  ",)), "lines"),
        (NewAddress("XX", city="Nowhere"), "country"),
        (NewAddress("FI", city="x" * 101), "city"),
        (NewAddress("FI", lines=("1", "2", "3", "4", "5")), "lines"),
    ],
)
def test_bad_address_is_rejected_naming_the_field_and_nothing_stored(
    registry_factory: RegistryFactory, address: NewAddress, field: str
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Strict Oy"))
    with pytest.raises(ValidationError) as caught:
        add_address(registry, ADMIN, customer.id, address)
    assert (caught.value.entity, caught.value.field) == ("address", field)
    assert _state(registry, customer.id) == (customer, [])
    with pytest.raises(ValidationError):
        create_customer(registry, ADMIN, CreateCustomer(name="Also Strict", address=address))
    with registry.uow() as uow:
        assert len(uow.customers.ids_matching(CustomerQuery())) == 1


@per_example
@given(first=s.new_addresses(), replacement=s.new_addresses())
def test_updating_the_headquarters_address_keeps_it_headquarters(
    registry_factory: RegistryFactory, first: NewAddress, replacement: NewAddress
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer(name="Renovating Oy", address=first))
    assert customer.headquarters_address_id is not None
    updated = update_address(registry, ADMIN, customer.headquarters_address_id, replacement)
    assert updated.id == customer.headquarters_address_id
    assert (updated.country, updated.city) == (replacement.country, replacement.city)
    after, listed = _state(registry, customer.id)
    assert after == customer
    assert listed == [updated]


def test_c5_inactive_customer_keeps_its_addresses_and_headquarters(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(
        registry, ADMIN, CreateCustomer(name="Dormant", address=NewAddress("NO", city="Bergen"))
    )
    add_address(registry, ADMIN, customer.id, NewAddress("NO", city="Oslo"))
    _, before = _state(registry, customer.id)
    inactivate_customer(registry, ADMIN, customer.id)
    after_customer, after = _state(registry, customer.id)
    assert after == before
    assert after_customer.headquarters_address_id == customer.headquarters_address_id


def test_removing_an_address_unlinks_contacts_that_used_it(
    registry_factory: RegistryFactory,
) -> None:
    """P5: a contact's address is one of its customer's; removing it leaves the contact without."""
    registry = fresh(registry_factory)
    customer = create_customer(
        registry, ADMIN, CreateCustomer(name="Linked", address=NewAddress("FI", city="Lahti"))
    )
    hq = customer.headquarters_address_id
    assert hq is not None
    contact = Contact(ContactId(uuid.uuid4()), customer.id, "Liisa", "Linkki", address_id=hq)
    stored(registry, lambda uow: uow.contacts.add(contact))
    remove_address(registry, ADMIN, hq)
    with registry.uow() as uow:
        assert uow.contacts.get(contact.id).address_id is None


def test_unknown_customer_or_address_is_not_found(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    with pytest.raises(NotFoundError):
        add_address(registry, ADMIN, CustomerId(uuid.uuid4()), NewAddress("FI", city="Kemi"))
    with pytest.raises(NotFoundError):
        remove_address(registry, ADMIN, AddressId(uuid.uuid4()))
    with pytest.raises(NotFoundError):
        list_addresses(registry, ADMIN, CustomerId(uuid.uuid4()))
