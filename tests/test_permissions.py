"""Customer permissions U1-U2 through the use cases, on every backend (``registry_factory``).

U1: the levels are None < Read-only < Edit < All (plus the delete flag). U2: None sees no customer,
contact, address or project; Read-only sees them all and may add activities, and every other
write is refused with PermissionDeniedError, storing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.activity import ActivityKind
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.permissions import require_delete
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts import SETTINGS
from custreg.testing.contracts import RegistryFactory
from custreg.testing.contracts import fresh
from custreg.usecases import activities
from custreg.usecases import addresses
from custreg.usecases import card
from custreg.usecases import contacts
from custreg.usecases import customers
from custreg.usecases import notes
from custreg.usecases import projects
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import UpdateCustomer

per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Few examples per parametrised action: the principals below a level are few.
few = settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture])
ADMIN = Principal(SETTINGS.users[0].id, CustomerPermission.ALL, can_delete_customers=True)


@attrs.frozen
class World:
    """One customer with an address, a contact, a project, a note and an activity."""

    registry: Registry
    customer: Any
    address: Any
    contact: Any
    project: Any
    note: Any
    activity: Any


def _world(registry_factory: RegistryFactory) -> World:
    registry = fresh(registry_factory)
    customer = customers.create_customer(
        registry,
        ADMIN,
        CreateCustomer(name="Guarded Oy", address=NewAddress("FI", city="Tampere")),
    )
    address = addresses.list_addresses(registry, ADMIN, customer.id)[0]
    contact = contacts.add_contact(
        registry, ADMIN, customer.id, contacts.NewContact("Ville", "Vahti", keywords={"vip"})
    )
    project = projects.create_project(registry, ADMIN, customer.id, projects.NewProject("Fence"))
    note = notes.add_note(registry, ADMIN, customer.id, "Keep out")
    activity = activities.add_activity(
        registry, ADMIN, customer.id, activities.NewActivity(ActivityKind.TODO, "Patrol")
    )
    return World(registry, customer, address, contact, project, note, activity)


def _snapshot(w: World) -> dict[str, Any]:
    """Everything any write below could change."""
    with w.registry.uow() as uow:
        ids = uow.customers.ids_matching(CustomerQuery())
        return {
            "customers": [uow.customers.get(i) for i in ids],
            "addresses": uow.addresses.for_customer(w.customer.id),
            "contacts": uow.contacts.for_customer(w.customer.id, include_inactive=True),
            "deleted": uow.contacts.get(w.contact.id),
            "projects": uow.projects.for_customer(w.customer.id),
            "notes": uow.notes.for_customer(w.customer.id),
            "activities": uow.activities.for_customer(w.customer.id),
            "audit": [
                len(uow.audit.for_entity(kind, entity_id))
                for kind, entity_id in [("customer", w.customer.id), ("contact", w.contact.id)]
            ],
        }


Action = Callable[[World, Principal], object]

READS: dict[str, Action] = {
    "get_customer": lambda w, p: customers.get_customer(w.registry, p, w.customer.id),
    "list_customers": lambda w, p: customers.list_customers(w.registry, p),
    "list_addresses": lambda w, p: addresses.list_addresses(w.registry, p, w.customer.id),
    "get_contact": lambda w, p: contacts.get_contact(w.registry, p, w.contact.id),
    "list_contacts": lambda w, p: contacts.list_contacts(w.registry, p, w.customer.id),
    "contacts_with_keyword": lambda w, p: contacts.contacts_with_keyword(w.registry, p, "vip"),
    "projects (sales tab)": lambda w, p: card.sales_tab(w.registry, p, w.customer.id),
    "contacts tab": lambda w, p: card.contacts_tab(w.registry, p, w.customer.id),
    "customer_notes": lambda w, p: notes.customer_notes(w.registry, p, w.customer.id),
    "project_notes": lambda w, p: notes.project_notes(w.registry, p, w.project.id),
    "customer_activities": lambda w, p: activities.customer_activities(
        w.registry, p, w.customer.id
    ),
}

WRITES: dict[str, Action] = {
    "create_customer": lambda w, p: customers.create_customer(
        w.registry, p, CreateCustomer(name="Intruder Oy")
    ),
    "update_customer": lambda w, p: customers.update_customer(
        w.registry, p, UpdateCustomer(w.customer.id, name="Renamed")
    ),
    "inactivate_customer": lambda w, p: customers.inactivate_customer(w.registry, p, w.customer.id),
    "add_address": lambda w, p: addresses.add_address(
        w.registry, p, w.customer.id, NewAddress("FI", city="Oulu")
    ),
    "update_address": lambda w, p: addresses.update_address(
        w.registry, p, w.address.id, NewAddress("FI", city="Kuopio")
    ),
    "remove_address": lambda w, p: addresses.remove_address(w.registry, p, w.address.id),
    "set_headquarters": lambda w, p: addresses.set_headquarters(
        w.registry, p, w.customer.id, w.address.id
    ),
    "add_contact": lambda w, p: contacts.add_contact(
        w.registry, p, w.customer.id, contacts.NewContact("Eve", "Intruder")
    ),
    "update_contact": lambda w, p: contacts.update_contact(
        w.registry, p, w.contact.id, contacts.ContactChanges(first_name="Evil")
    ),
    "inactivate_contact": lambda w, p: contacts.inactivate_contact(w.registry, p, w.contact.id),
    "delete_contact": lambda w, p: contacts.delete_contact(w.registry, p, w.contact.id),
    "create_project": lambda w, p: projects.create_project(
        w.registry, p, w.customer.id, projects.NewProject("Heist")
    ),
    "close_project": lambda w, p: projects.close_project(w.registry, p, w.project.id),
    "add_note": lambda w, p: notes.add_note(w.registry, p, w.customer.id, "Graffiti"),
    "remove_note": lambda w, p: notes.remove_note(w.registry, p, w.note.id),
    "complete_activity": lambda w, p: activities.complete_activity(w.registry, p, w.activity.id),
    "remove_activity": lambda w, p: activities.remove_activity(w.registry, p, w.activity.id),
}


def add_activity(w: World, p: Principal) -> object:
    return activities.add_activity(
        w.registry, p, w.customer.id, activities.NewActivity(ActivityKind.CALENDAR, "Visit")
    )


# -- U1 --------------------------------------------------------------------------------------------


def test_u1_permission_levels_are_ordered() -> None:
    assert list(CustomerPermission) == sorted(CustomerPermission)
    assert [p.name for p in CustomerPermission] == ["NONE", "READ_ONLY", "EDIT", "ALL"]


@given(principal=s.principals(), level=st.sampled_from(CustomerPermission))
def test_u1_require_admits_exactly_the_levels_at_or_above(
    principal: Principal, level: CustomerPermission
) -> None:
    if principal.customers >= level:
        require(principal, level, "customer", "act")
    else:
        with pytest.raises(PermissionDeniedError) as caught:
            require(principal, level, "customer", "act")
        assert caught.value.entity == "customer"
        assert level.name in caught.value.reason


@given(principal=s.principals())
def test_u1_deleting_needs_edit_and_the_delete_flag(principal: Principal) -> None:
    allowed = principal.customers >= CustomerPermission.EDIT and principal.can_delete_customers
    if allowed:
        require_delete(principal)
    else:
        with pytest.raises(PermissionDeniedError):
            require_delete(principal)


# -- U2 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("read", sorted(READS))
@few
@given(principal=s.principals(max_level=CustomerPermission.NONE))
def test_u2_none_sees_no_customer_contact_address_or_project(
    registry_factory: RegistryFactory, principal: Principal, read: str
) -> None:
    world = _world(registry_factory)
    with pytest.raises(PermissionDeniedError):
        READS[read](world, principal)


@per_example
@given(principal=s.principals(min_level=CustomerPermission.READ_ONLY))
def test_u2_read_only_and_above_see_everything(
    registry_factory: RegistryFactory, principal: Principal
) -> None:
    world = _world(registry_factory)
    assert customers.get_customer(world.registry, principal, world.customer.id) == world.customer
    assert [c.id for c in customers.list_customers(world.registry, principal).items] == [
        world.customer.id
    ]
    assert addresses.list_addresses(world.registry, principal, world.customer.id) == [world.address]
    assert contacts.list_contacts(world.registry, principal, world.customer.id) == [world.contact]
    assert notes.customer_notes(world.registry, principal, world.customer.id) == [world.note]
    for read in READS.values():
        read(world, principal)


@pytest.mark.parametrize("write", sorted(WRITES))
@few
@given(principal=s.principals(max_level=CustomerPermission.READ_ONLY))
def test_u2_below_edit_every_write_is_refused_and_nothing_stored(
    registry_factory: RegistryFactory, principal: Principal, write: str
) -> None:
    world = _world(registry_factory)
    before = _snapshot(world)
    with pytest.raises(PermissionDeniedError) as caught:
        WRITES[write](world, principal)
    assert CustomerPermission.EDIT.name in caught.value.reason
    assert _snapshot(world) == before


@pytest.mark.parametrize("write", sorted(WRITES))
@few
@given(principal=s.principals(min_level=CustomerPermission.EDIT))
def test_u2_edit_and_all_may_write(
    registry_factory: RegistryFactory, principal: Principal, write: str
) -> None:
    """The other side of the boundary, so the refusals above are about permissions."""
    world = _world(registry_factory)
    actor = attrs.evolve(principal, user_id=SETTINGS.users[1].id)
    WRITES[write](world, actor)


@per_example
@given(principal=s.principals(min_level=CustomerPermission.READ_ONLY))
def test_u2_read_only_can_add_activities(
    registry_factory: RegistryFactory, principal: Principal
) -> None:
    world = _world(registry_factory)
    activity = add_activity(world, principal)
    lists = activities.customer_activities(world.registry, principal, world.customer.id)
    assert activity in (*lists.planned, *lists.past)


@per_example
@given(principal=s.principals(max_level=CustomerPermission.NONE))
def test_u2_none_cannot_add_activities(
    registry_factory: RegistryFactory, principal: Principal
) -> None:
    world = _world(registry_factory)
    before = _snapshot(world)
    with pytest.raises(PermissionDeniedError):
        add_activity(world, principal)
    assert _snapshot(world) == before
