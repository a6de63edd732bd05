"""Contracts of the customers capability: customers, addresses and contact persons."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import partial

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.errors import (
    ConflictError,
    IntegrityError,
    NotFoundError,
    ValidationError,
)
from custreg.domain.ids import (
    AddressId,
    CustomerId,
)
from custreg.domain.mass_update import FIELDS as MASS_UPDATE_FIELDS
from custreg.domain.mass_update import FieldState, FieldWrite
from custreg.domain.query import CustomerQuery, PageRequest
from custreg.domain.values import CustomerNumber
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import (
    SETTINGS,
    RegistryFactory,
    _dependant,
    _each,
    _get_customer,
    _ids,
    _numbered,
    _one_customer,
    _one_project,
    _unique_customers,
    _unique_ordinals,
    fresh,
    populations,
    read,
    require_offered,
    stored,
)


def _reservation(uow: UnitOfWork) -> None:
    uow.customers.reserve_number(CustomerNumber(1))


def _removal(uow: UnitOfWork) -> None:
    uow.customers.remove(CustomerId(uuid.uuid4()))


def _removal_with_dependants(uow: UnitOfWork) -> None:
    """Removal, and every capability whose records may refer to a customer."""
    for capability in ("projects", "invoices", "notes", "activities", "files"):
        getattr(uow, capability)
    _removal(uow)


class CustomerRepositoryContract:
    """CustomerRepository: add/get/update, bulk methods, queries, duplicates and numbers."""

    def test_customer_get_unknown_raises_not_found(self, registry_factory: RegistryFactory) -> None:
        registry = fresh(registry_factory)
        unknown = CustomerId(uuid.uuid4())
        with pytest.raises(NotFoundError):
            read(registry, lambda uow: uow.customers.get(unknown))
        assert read(registry, lambda uow: uow.customers.get_many([unknown])) == {}

    def test_customer_stored_and_loaded_exactly(self, registry_factory: RegistryFactory) -> None:
        @given(_unique_customers(1, 4))
        def check(customers: list[Customer]) -> None:
            registry = fresh(registry_factory)
            added = stored(registry, lambda uow: _numbered(uow, customers))
            for customer in added:
                assert read(registry, partial(_get_customer, customer.id)) == customer
            many = read(registry, lambda uow: uow.customers.get_many([c.id for c in added]))
            assert many == {c.id: c for c in added}

        check()

    def test_customer_read_your_writes_before_commit(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(s.customers(SETTINGS))
        def check(customer: Customer) -> None:
            registry = fresh(registry_factory)
            with registry.uow() as uow:
                [added] = _numbered(uow, [customer])
                assert uow.customers.get(customer.id) == added
                assert uow.customers.ids_matching(CustomerQuery()) == [customer.id]

        check()

    def test_customer_add_taken_id_raises_integrity(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(s.customers(SETTINGS), s.texts())
        def check(customer: Customer, other_name: str) -> None:
            registry = fresh(registry_factory)
            [first] = stored(registry, lambda uow: _numbered(uow, [customer]))
            twin = attrs.evolve(customer, name=other_name)
            with pytest.raises(IntegrityError):
                stored(registry, lambda uow: _numbered(uow, [twin]))
            assert read(registry, lambda uow: uow.customers.get(customer.id)) == first

        check()

    def test_customer_add_taken_number_raises_integrity(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        first = _one_customer(registry)
        clash = attrs.evolve(first, id=CustomerId(uuid.uuid4()), name="Clash Ab")
        with pytest.raises(IntegrityError):
            stored(registry, lambda uow: uow.customers.add(clash))
        assert read(registry, lambda uow: uow.customers.ids_matching(CustomerQuery())) == [first.id]

    def test_customer_update_needs_exactly_the_next_version(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(s.customers(SETTINGS), s.customers(SETTINGS), st.integers(-2, 3))
        def check(customer: Customer, changes: Customer, step: int) -> None:
            registry = fresh(registry_factory)
            [original] = stored(registry, lambda uow: _numbered(uow, [customer]))
            changed = attrs.evolve(
                changes,
                id=original.id,
                number=original.number,
                version=max(1, original.version + step),
            )
            if changed.version == original.version + 1:
                stored(registry, lambda uow: uow.customers.update(changed))
                assert read(registry, lambda uow: uow.customers.get(original.id)) == changed
            else:
                with pytest.raises(ConflictError):
                    stored(registry, lambda uow: uow.customers.update(changed))
                assert read(registry, lambda uow: uow.customers.get(original.id)) == original

        check()

    def test_customer_update_unknown_raises_not_found(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        ghost = attrs.evolve(_one_customer(registry), id=CustomerId(uuid.uuid4()), version=2)
        with pytest.raises(NotFoundError):
            stored(registry, lambda uow: uow.customers.update(ghost))

    def test_customer_update_many_is_all_or_nothing(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(_unique_customers(1, 6), st.data())
        def check(customers: list[Customer], data: st.DataObject) -> None:
            registry = fresh(registry_factory)
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

        check()

    def test_customer_find_equals_filtering_with_the_reference_predicate(
        self, registry_factory: RegistryFactory
    ) -> None:
        """C6 and search: every adapter selects exactly what ``CustomerQuery.matches`` accepts,
        ordered by number, and pages cut that list consistently."""

        @given(populations(), st.data())
        def check(population: list[Customer], data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customers = stored(registry, lambda uow: _numbered(uow, population))
            query = data.draw(s.customer_queries(customers), label="query")
            limit = data.draw(st.integers(1, 4), label="limit")
            expected = [c.id for c in sorted(customers, key=lambda c: c.number) if query.matches(c)]
            with registry.uow() as uow:
                assert uow.customers.ids_matching(query) == expected
                pages: list[Customer] = []
                offset = 0
                while True:
                    page = uow.customers.find(query, PageRequest(limit=limit, offset=offset))
                    assert page.total == len(expected)
                    assert (page.offset, page.limit) == (offset, limit)
                    assert len(page.items) <= limit
                    pages.extend(page.items)
                    offset += limit
                    if not page.has_more:
                        break
                assert [c.id for c in pages] == expected
                assert all(c == next(x for x in customers if x.id == c.id) for c in pages)

        check()

    def test_c6_no_status_filter_is_the_union_of_active_and_inactive(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(populations())
        def check(population: list[Customer]) -> None:
            registry = fresh(registry_factory)
            stored(registry, lambda uow: _numbered(uow, population))
            with registry.uow() as uow:
                everyone = uow.customers.ids_matching(CustomerQuery())
                active = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.ACTIVE))
                inactive = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.INACTIVE))
            assert not set(active) & set(inactive)
            assert sorted(active + inactive) == sorted(everyone)
            assert len(everyone) == len(population)

        check()

    def test_c4_with_vat_number_and_business_id_find_exactly_the_holders(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(populations(), s.vat_numbers())
        def check(population: list[Customer], stranger: VatNumber) -> None:
            registry = fresh(registry_factory)
            customers = stored(registry, lambda uow: _numbered(uow, population))
            vats = {c.vat_number for c in customers if c.vat_number} | {stranger}
            by_number = sorted(customers, key=lambda c: c.number)
            with registry.uow() as uow:
                for vat in vats:
                    expected = [c for c in by_number if c.vat_number == vat]
                    assert uow.customers.with_vat_number(vat) == expected
                    business_id = s.business_id_of(vat)
                    if business_id is not None:
                        holders = [c for c in by_number if c.business_id == business_id]
                        assert uow.customers.with_business_id(business_id) == holders

        check()

    def test_c3_next_number_never_repeats_even_after_rollback(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=5))
        def check(rounds: list[tuple[int, bool]]) -> None:
            registry = fresh(registry_factory)
            seen: list[int] = []
            for count, commit in rounds:
                with registry.uow() as uow:
                    seen.extend(uow.customers.next_number().value for _ in range(count))
                    if commit:
                        uow.commit()
            assert len(seen) == len(set(seen))
            assert all(n > 0 for n in seen)

        check()

    def test_customer_add_many_is_all_or_nothing(self, registry_factory: RegistryFactory) -> None:
        @given(
            _unique_customers(1, 5),
            st.sampled_from(["none", "taken_id", "taken_number", "twice_in_batch"]),
        )
        def check(customers: list[Customer], clash: str) -> None:
            registry = fresh(registry_factory)
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

        check()

    def test_c3_next_numbers_ascend_and_never_repeat(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=5))
        def check(rounds: list[tuple[int, bool]]) -> None:
            registry = fresh(registry_factory)
            seen: list[int] = []
            for count, commit in rounds:
                with registry.uow() as uow:
                    batch = [n.value for n in uow.customers.next_numbers(count)]
                    single = uow.customers.next_number().value
                    if commit:
                        uow.commit()
                assert len(batch) == count
                assert batch == sorted(batch)
                seen += [*batch, single]
            assert len(seen) == len(set(seen))

        check()

    def test_c3_reserved_numbers_are_never_handed_out(
        self, registry_factory: RegistryFactory
    ) -> None:
        require_offered(
            registry_factory, lambda uow: uow.customers.reserve_number(CustomerNumber(1))
        )

        @given(
            st.lists(
                st.tuples(st.integers(1, 40), st.integers(0, 3), st.booleans()),
                min_size=1,
                max_size=5,
            )
        )
        def check(rounds: list[tuple[int, int, bool]]) -> None:
            registry = fresh(registry_factory)
            reserved: list[int] = []
            drawn: list[int] = []
            for number, count, commit in rounds:
                with registry.uow() as uow:
                    uow.customers.reserve_number(CustomerNumber(number))
                    reserved.append(number)
                    batch = [n.value for n in uow.customers.next_numbers(count)]
                    if commit:
                        uow.commit()
                # Drawn after a reservation (kept even if rolled back): above every one so far.
                assert all(n > max(reserved) for n in batch)
                drawn += batch
            assert len(drawn) == len(set(drawn))
            with registry.uow() as uow:
                assert uow.customers.next_number().value > max(reserved + drawn)

        check()

    def test_c4_with_tax_ids_finds_every_holder_of_any(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(populations(), st.data())
        def check(population: list[Customer], data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customers = stored(registry, lambda uow: _numbered(uow, population))
            vats = data.draw(
                st.frozensets(
                    s.vat_numbers()
                    | st.sampled_from(
                        [c.vat_number for c in customers if c.vat_number]
                        or [VatNumber("FI01120389")]
                    ),
                    max_size=3,
                )
            )
            business_ids = data.draw(
                st.frozensets(
                    s.business_ids()
                    | st.sampled_from(
                        [c.business_id for c in customers if c.business_id]
                        or [BusinessId("FI", "0112038-9")]
                    ),
                    max_size=3,
                )
            )
            expected = [
                c
                for c in sorted(customers, key=lambda c: c.number)
                if c.vat_number in vats or c.business_id in business_ids
            ]
            found = read(registry, lambda uow: uow.customers.with_tax_ids(vats, business_ids))
            assert found == expected

        check()

    def test_customer_read_field_gives_version_and_value_of_the_existing(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(populations(), st.sampled_from(sorted(MASS_UPDATE_FIELDS)), st.uuids())
        def check(customers: list[Customer], field: str, unknown: uuid.UUID) -> None:
            registry = fresh(registry_factory)
            added = stored(registry, lambda uow: _numbered(uow, customers))
            wanted = [CustomerId(unknown), *[c.id for c in added]]
            found = read(registry, lambda uow: uow.customers.read_field(wanted, field))
            assert found == {c.id: FieldState(c.version, getattr(c, field)) for c in added}

        check()

    def test_m5_customer_write_field_writes_only_that_field(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(
            _unique_customers(min_size=1, max_size=4),
            s.customers(SETTINGS),
            st.sampled_from(sorted(MASS_UPDATE_FIELDS)),
        )
        def check(customers: list[Customer], other: Customer, field: str) -> None:
            registry = fresh(registry_factory)
            added = stored(registry, lambda uow: _numbered(uow, customers))
            value = getattr(other, field)
            at, by = datetime(2027, 5, 4, 3, 2, 1, tzinfo=UTC), SETTINGS.users[1].id
            changes = [FieldWrite(c.id, c.version, value) for c in added]
            stored(registry, lambda uow: uow.customers.write_field(field, changes, at, by))
            expected = [
                attrs.evolve(
                    c, version=c.version + 1, updated_at=at, updated_by=by, **{field: value}
                )
                for c in added
            ]
            assert read(registry, lambda uow: uow.customers.get_many(_ids(added))) == {
                c.id: c for c in expected
            }

        check()

    def test_m2_customer_write_field_is_all_or_nothing(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(
            _unique_customers(min_size=2, max_size=4),
            st.sampled_from(sorted(MASS_UPDATE_FIELDS - {"market_segment_ids"})),
            st.sampled_from(["stale", "ahead", "unknown", "twice"]),
            st.data(),
        )
        def check(customers: list[Customer], field: str, fault: str, data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            added = stored(registry, lambda uow: _numbered(uow, customers))
            other = data.draw(s.customers(SETTINGS))
            changes = [FieldWrite(c.id, c.version, getattr(other, field)) for c in added]
            bad = data.draw(st.integers(0, len(changes) - 1))
            target = changes[bad]
            if fault == "unknown":
                changes[bad] = target._replace(customer_id=CustomerId(uuid.uuid4()))
            elif fault == "twice":
                changes.append(target)
            else:
                changes[bad] = target._replace(
                    version=target.version + (-1 if fault == "stale" else 1)
                )
            error = NotFoundError if fault == "unknown" else ConflictError
            at = datetime(2027, 5, 4, tzinfo=UTC)
            with pytest.raises(error):
                stored(registry, lambda uow: uow.customers.write_field(field, changes, at, None))
            assert read(registry, lambda uow: uow.customers.get_many(_ids(added))) == {
                c.id: c for c in added
            }

        check()

    def test_customer_read_and_write_field_refuse_other_fields(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        customer = _one_customer(registry)
        with pytest.raises(ValidationError):
            read(registry, lambda uow: uow.customers.read_field([customer.id], "name"))
        change = FieldWrite(customer.id, customer.version, None)
        at = datetime(2027, 5, 4, tzinfo=UTC)
        with pytest.raises(ValidationError):
            stored(registry, lambda uow: uow.customers.write_field("name", [change], at, None))
        assert read(registry, partial(_get_customer, customer.id)) == customer

    def test_u4_customer_remove_takes_addresses_and_contacts_along(
        self, registry_factory: RegistryFactory
    ) -> None:
        require_offered(registry_factory, _removal)

        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            doomed, bystander = _one_customer(registry), _one_customer(registry)
            segments = [m.id for m in SETTINGS.market_segments]
            with_segments = attrs.evolve(
                doomed,
                market_segment_ids=data.draw(st.frozensets(st.sampled_from(segments))),
                version=doomed.version + 1,
            )
            places = _unique_ordinals(
                data.draw(st.lists(s.addresses(doomed.id), max_size=3, unique_by=lambda a: a.id))
            )
            people = data.draw(
                st.lists(s.contacts(doomed.id), max_size=3, unique_by=lambda c: c.id)
            )
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
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.customers.remove(doomed.id))

        check()

    def test_u4_customer_remove_refused_while_anything_refers_to_it(
        self, registry_factory: RegistryFactory
    ) -> None:
        require_offered(registry_factory, _removal_with_dependants)

        @given(st.sampled_from(["project", "invoice", "note", "activity", "file"]))
        def check(kind: str) -> None:
            registry = fresh(registry_factory)
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

        check()


__all__ = ["CustomerRepositoryContract", "populations"]
