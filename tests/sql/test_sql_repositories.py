"""Repository contract on every backend (memory, SQLite, PostgreSQL): what is stored comes back
equal, queries select exactly what the domain's reference predicates accept, versions guard
updates, and failures store nothing. The SQL adapter must behave exactly like the in-memory one.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.testing import strategies as s

Factory = Any
#: registry_factory is function-scoped but gives a fresh organisation per call, so it is safe.
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def new_registry(
    registry_factory: Factory, data: st.DataObject
) -> tuple[Registry, OrganisationSettings]:
    settings = data.draw(s.organisation_settings(), label="settings")
    registry = registry_factory(settings=s.settings_factory(settings))
    with registry.uow() as uow:
        stored = uow.settings.get()
    return registry, stored


def store_customers(registry: Registry, customers: list[Customer]) -> None:
    with registry.uow() as uow:
        for customer in customers:
            uow.customers.add(customer)
        uow.commit()


def customer_lists(settings: OrganisationSettings, max_size: int = 8) -> Any:
    """Customers with distinct ids and numbers."""
    return st.lists(
        s.customers(settings), max_size=max_size, unique_by=(lambda c: c.id, lambda c: c.number)
    )


# -- settings ------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_settings_round_trip_keeps_every_catalogue_in_order(
    registry_factory: Factory, data: st.DataObject
) -> None:
    settings = data.draw(s.organisation_settings(min_each=0), label="settings")
    registry = registry_factory(settings=s.settings_factory(settings))
    with registry.uow() as uow:
        stored = uow.settings.get()
    assert stored == attrs.evolve(settings, organisation_id=registry.organisation_id)
    replacement = data.draw(s.organisation_settings(registry.organisation_id, min_each=0))
    with registry.uow() as uow:
        uow.settings.save(replacement)
        assert uow.settings.get() == replacement  # the transaction sees its own save
        uow.commit()
    with registry.uow() as uow:
        assert uow.settings.get() == replacement


def test_settings_of_an_organisation_never_set_up_are_not_found(registry_factory: Factory) -> None:
    registry = registry_factory()
    with registry.uow() as uow, pytest.raises(NotFoundError):
        uow.settings.get()


# -- customers -----------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_customers_round_trip_through_get_get_many_and_update(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry, settings = new_registry(registry_factory, data)
    customers = data.draw(customer_lists(settings), label="customers")
    store_customers(registry, customers)
    unknown = CustomerId(data.draw(st.uuids()))
    with registry.uow() as uow:
        for customer in customers:
            assert uow.customers.get(customer.id) == customer
        wanted = [c.id for c in customers] + [unknown]
        assert uow.customers.get_many(wanted) == {c.id: c for c in customers}
        with pytest.raises(NotFoundError):
            uow.customers.get(unknown)
    changed = [
        attrs.evolve(other, id=c.id, number=c.number, version=c.version + 1)
        for c, other in zip(
            customers,
            data.draw(
                st.lists(s.customers(settings), min_size=len(customers), max_size=len(customers))
            ),
            strict=True,
        )
    ]
    with registry.uow() as uow:
        uow.customers.update_many(changed)
        uow.commit()
    with registry.uow() as uow:
        assert uow.customers.get_many([c.id for c in changed]) == {c.id: c for c in changed}


@fixture_ok
@given(data=st.data())
def test_c6_find_and_ids_matching_select_exactly_what_the_query_accepts(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry, settings = new_registry(registry_factory, data)
    customers = data.draw(customer_lists(settings, max_size=10), label="customers")
    store_customers(registry, customers)
    query = data.draw(s.customer_queries(customers), label="query")
    page = PageRequest(limit=data.draw(st.integers(1, 4)), offset=data.draw(st.integers(0, 11)))
    expected = sorted((c for c in customers if query.matches(c)), key=lambda c: c.number)
    with registry.uow() as uow:
        found = uow.customers.find(query, page)
        ids = uow.customers.ids_matching(query)
    assert found.total == len(expected)
    assert list(found.items) == expected[page.offset : page.offset + page.limit]
    assert ids == [c.id for c in expected]


@fixture_ok
@given(data=st.data())
def test_c6_listing_without_status_is_the_union_of_active_and_inactive(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry, settings = new_registry(registry_factory, data)
    customers = data.draw(customer_lists(settings), label="customers")
    store_customers(registry, customers)
    with registry.uow() as uow:
        every = uow.customers.ids_matching(CustomerQuery())
        by_status = [
            i
            for status in ("active", "inactive")
            for i in uow.customers.ids_matching(CustomerQuery(status=_status(status)))
        ]
    assert sorted(every) == sorted(by_status)
    assert len(every) == len(customers)


def _status(name: str) -> Any:
    from custreg.domain.customer import CustomerStatus

    return CustomerStatus(name)


@fixture_ok
@given(data=st.data())
def test_c4_customers_are_found_by_their_normalised_vat_number_and_business_id(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry, settings = new_registry(registry_factory, data)
    customers = data.draw(customer_lists(settings), label="customers")
    store_customers(registry, customers)
    vats = {c.vat_number for c in customers if c.vat_number is not None}
    business_ids = {c.business_id for c in customers if c.business_id is not None}
    by_number = sorted(customers, key=lambda c: c.number)
    with registry.uow() as uow:
        for vat in vats:
            assert uow.customers.with_vat_number(vat) == [
                c for c in by_number if c.vat_number == vat
            ]
        for business_id in business_ids:
            assert uow.customers.with_business_id(business_id) == [
                c for c in by_number if c.business_id == business_id
            ]
        some_vats = data.draw(
            st.sets(st.sampled_from(sorted(vats, key=str))) if vats else st.just(set())
        )
        some_ids = data.draw(
            st.sets(st.sampled_from(sorted(business_ids, key=str)))
            if business_ids
            else st.just(set())
        )
        assert uow.customers.with_tax_ids(some_vats, some_ids) == [
            c for c in by_number if c.vat_number in some_vats or c.business_id in some_ids
        ]


@fixture_ok
@given(data=st.data())
def test_a_stale_or_unknown_customer_update_is_refused_and_update_many_writes_none(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry, settings = new_registry(registry_factory, data)
    customers = data.draw(customer_lists(settings).filter(bool), label="customers")
    store_customers(registry, customers)
    victim = data.draw(st.sampled_from(customers), label="victim")
    wrong = data.draw(st.integers(1, 10).filter(lambda v: v != victim.version + 1), label="wrong")
    renamed = [attrs.evolve(c, name=c.name + " x", version=c.version + 1) for c in customers]
    batch = [attrs.evolve(c, version=wrong) if c.id == victim.id else c for c in renamed]
    with registry.uow() as uow:
        with pytest.raises(ConflictError) as conflict:
            uow.customers.update_many(batch)
        assert conflict.value.entity_id == victim.id
        with pytest.raises(ConflictError):
            uow.customers.update(attrs.evolve(victim, version=wrong))
        unknown = attrs.evolve(victim, id=CustomerId(data.draw(st.uuids())), version=2)
        with pytest.raises(NotFoundError):
            uow.customers.update(unknown)
    with registry.uow() as uow:
        assert uow.customers.get_many([c.id for c in customers]) == {c.id: c for c in customers}


def test_a_taken_id_or_number_is_an_integrity_error(registry_factory: Factory) -> None:
    registry = registry_factory(settings=_minimal_settings)
    customer = _customer(registry, 1)
    store_customers(registry, [customer])
    same_number = attrs.evolve(customer, id=CustomerId(registry.ids.new_id()))
    same_id = attrs.evolve(customer, number=CustomerNumber(2))
    for clash in (same_number, same_id):
        with registry.uow() as uow, pytest.raises(IntegrityError):
            uow.customers.add(clash)
        with registry.uow() as uow, pytest.raises(IntegrityError):
            uow.customers.add_many([_customer(registry, 3), clash])
    with registry.uow() as uow:
        assert uow.customers.ids_matching(CustomerQuery()) == [customer.id]


def test_c3_a_number_drawn_in_a_rolled_back_unit_of_work_is_not_drawn_again(
    registry_factory: Factory,
) -> None:
    registry = registry_factory(settings=_minimal_settings)
    with registry.uow() as uow:
        first = uow.customers.next_number()
        uow.rollback()
        second = uow.customers.next_number()
    with registry.uow() as uow:
        third, *more = uow.customers.next_numbers(3)
        uow.commit()
    with registry.uow() as uow:
        last = uow.customers.next_number()
    drawn = [first.value, second.value, third.value, *(n.value for n in more), last.value]
    assert drawn == sorted(set(drawn))


def _minimal_settings(organisation_id: Any) -> OrganisationSettings:
    return OrganisationSettings(organisation_id, "Org")


def _customer(registry: Registry, number: int) -> Customer:
    return Customer(
        id=CustomerId(registry.ids.new_id()),
        number=CustomerNumber(number),
        name=f"Customer {number}",
        created_at=registry.clock.now(),
    )


# -- the customer card ---------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_card_entities_round_trip_and_list_in_the_documented_order(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry, settings = new_registry(registry_factory, data)
    customer = _customer(registry, 1)
    store_customers(registry, [customer])
    cid = customer.id
    addresses = data.draw(
        st.lists(
            s.addresses(customer_id=cid),
            max_size=3,
            unique_by=(lambda a: a.id, lambda a: a.ordinal),
        )
    )
    contacts = data.draw(st.lists(s.contacts(cid), max_size=4, unique_by=lambda c: c.id))
    projects = data.draw(
        st.lists(
            s.projects(cid, settings),
            min_size=1,
            max_size=3,
            unique_by=(lambda p: p.id, lambda p: p.number),
        )
    )
    pid = projects[0].id
    proposals = data.draw(st.lists(s.proposals(pid), max_size=2, unique_by=lambda p: p.id))
    costs = data.draw(st.lists(s.cost_entries(pid), max_size=3, unique_by=lambda c: c.id))
    invoices = data.draw(
        st.lists(
            s.invoices(cid, settings, [p.id for p in projects]),
            max_size=3,
            unique_by=lambda i: i.id,
        )
    )
    activities = data.draw(st.lists(s.activities(cid, pid), max_size=3, unique_by=lambda a: a.id))
    notes = data.draw(
        st.lists(s.notes(cid, pid) | s.notes(cid), max_size=3, unique_by=lambda n: n.id)
    )
    tasks = data.draw(st.lists(s.tasks(pid, settings), max_size=3, unique_by=lambda t: t.id))
    files = data.draw(st.lists(s.file_links(cid), max_size=3, unique_by=lambda f: f.id))
    with registry.uow() as uow:
        for address in addresses:
            uow.addresses.add(address)
        for contact in contacts:
            uow.contacts.add(contact)
        for project in projects:
            uow.projects.add(project)
        for proposal in proposals:
            uow.projects.add_proposal(proposal)
        for cost in costs:
            uow.projects.add_cost(cost)
        for invoice in invoices:
            uow.invoices.add(invoice)
        for activity in activities:
            uow.activities.add(activity)
        for note in notes:
            uow.notes.add(note)
        for task in tasks:
            uow.tasks.add(task)
        for item in files:
            uow.files.add(item)
        uow.commit()
    by_id = lambda x: x.id  # noqa: E731
    with registry.uow() as uow:
        assert uow.addresses.for_customer(cid) == sorted(addresses, key=lambda a: a.ordinal)
        for contact in contacts:
            assert uow.contacts.get(contact.id) == contact
        listed = [c for c in contacts if not c.is_deleted and c.active]
        key = lambda c: (c.last_name.casefold(), c.first_name.casefold(), c.id)  # noqa: E731
        assert uow.contacts.for_customer(cid) == sorted(listed, key=key)
        every = [c for c in contacts if not c.is_deleted]
        assert uow.contacts.for_customer(cid, include_inactive=True) == sorted(every, key=key)
        for keyword in {k for c in contacts for k in c.keywords}:
            assert uow.contacts.with_keyword(keyword) == sorted(
                (c for c in listed if keyword in c.keywords), key=by_id
            )
        assert uow.projects.for_customer(cid) == sorted(projects, key=lambda p: p.number)
        assert uow.projects.proposals_for(pid) == sorted(proposals, key=by_id)
        assert uow.projects.costs_for(pid) == sorted(costs, key=by_id)
        by_date = lambda i: (i.on, i.id)  # noqa: E731
        assert uow.invoices.for_customer(cid) == sorted(invoices, key=by_date)
        for project in projects:
            billed = [i for i in invoices if project.id in i.project_ids]
            assert uow.invoices.for_project(project.id) == sorted(billed, key=by_date)
        assert uow.activities.for_customer(cid) == sorted(activities, key=by_id)
        assert uow.activities.for_project(pid) == sorted(activities, key=by_id)
        by_time = lambda n: (n.created_at, n.id)  # noqa: E731
        assert uow.notes.for_customer(cid) == sorted(notes, key=by_time)
        assert uow.notes.for_project(pid) == sorted(
            (n for n in notes if n.project_id == pid), key=by_time
        )
        assert uow.tasks.for_projects([pid, ProjectId(data.draw(st.uuids()))]) == sorted(
            tasks, key=by_id
        )
        assert uow.files.for_customer(cid) == sorted(files, key=by_time)


@fixture_ok
@given(data=st.data())
def test_card_entities_update_and_remove(registry_factory: Factory, data: st.DataObject) -> None:
    registry, settings = new_registry(registry_factory, data)
    customer = _customer(registry, 1)
    store_customers(registry, [customer])
    cid = customer.id
    project = data.draw(s.projects(cid, settings))
    contact = data.draw(s.contacts(cid))
    invoice = data.draw(s.invoices(cid, settings, [project.id]))
    note = data.draw(s.notes(cid))
    address = data.draw(s.addresses(customer_id=cid))
    with registry.uow() as uow:
        uow.projects.add(project)
        uow.contacts.add(contact)
        uow.invoices.add(invoice)
        uow.notes.add(note)
        uow.addresses.add(address)
        uow.commit()
    new_contact = attrs.evolve(data.draw(s.contacts(cid)), id=contact.id)
    new_invoice = attrs.evolve(data.draw(s.invoices(cid, settings)), id=invoice.id)
    moved = attrs.evolve(project, name=project.name + " 2", version=project.version + 1)
    with registry.uow() as uow:
        uow.contacts.update(new_contact)
        uow.invoices.update(new_invoice)
        uow.projects.update(moved)
        with pytest.raises(ConflictError):
            uow.projects.update(attrs.evolve(moved, version=moved.version + 5))
        uow.notes.remove(note.id)
        uow.addresses.remove(address.id)
        uow.commit()
    with registry.uow() as uow:
        assert uow.contacts.get(contact.id) == new_contact
        assert uow.invoices.get(invoice.id) == new_invoice
        assert uow.projects.get(project.id) == moved
        with pytest.raises(NotFoundError):
            uow.notes.get(note.id)
        with pytest.raises(NotFoundError):
            uow.notes.remove(note.id)
        assert uow.addresses.for_customer(cid) == []


@fixture_ok
@given(data=st.data())
def test_audit_entries_come_back_in_recorded_order(
    registry_factory: Factory, data: st.DataObject
) -> None:
    registry = registry_factory(settings=_minimal_settings)
    entity_id, batch_id = data.draw(st.uuids()), data.draw(st.uuids())
    first = data.draw(st.lists(s.audit_entries(entity_id), max_size=4, unique_by=lambda e: e.id))
    second = data.draw(
        st.lists(s.audit_entries(batch_id=batch_id), max_size=4, unique_by=lambda e: e.id)
    )
    second = [e for e in second if e.id not in {f.id for f in first}]
    with registry.uow() as uow:
        uow.audit.record(first)
        uow.audit.record(second)
        uow.commit()
    everything = [*first, *second]
    with registry.uow() as uow:
        assert uow.audit.for_entity("customer", entity_id) == [
            e for e in everything if e.entity == "customer" and e.entity_id == entity_id
        ]
        assert uow.audit.for_batch(batch_id) == [e for e in everything if e.batch_id == batch_id]


def test_leaving_a_unit_of_work_without_commit_stores_nothing(registry_factory: Factory) -> None:
    registry = registry_factory(settings=_minimal_settings)
    with registry.uow() as uow:
        uow.customers.add(_customer(registry, 1))
    with pytest.raises(RuntimeError), registry.uow() as uow:
        uow.customers.add(_customer(registry, 2))
        raise RuntimeError("boom")
    with registry.uow() as uow:
        assert uow.customers.ids_matching(CustomerQuery()) == []


def test_a_refused_add_leaves_the_unit_of_work_usable(registry_factory: Factory) -> None:
    """As in memory: an IntegrityError for a taken id undoes only that add."""
    registry = registry_factory(settings=_minimal_settings)
    first, second = _customer(registry, 1), _customer(registry, 2)
    with registry.uow() as uow:
        uow.customers.add(first)
        with pytest.raises(IntegrityError):
            uow.customers.add(attrs.evolve(second, id=first.id))
        uow.customers.add(second)
        uow.commit()
    with registry.uow() as uow:
        assert uow.customers.ids_matching(CustomerQuery()) == [first.id, second.id]
