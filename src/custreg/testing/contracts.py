"""The port contract suite: what every adapter of custreg's repositories must do.

Mix these classes into a pytest test class and provide a ``registry_factory`` fixture: a callable
``registry_factory(settings=None, clock=None, ids=None) -> Registry`` that returns a registry of a
fresh, empty organisation on your adapter (``settings`` may be an OrganisationSettings or a
callable taking the new organisation id). custreg runs the same suite on its memory, SQLite and
PostgreSQL adapters (tests/test_contracts.py); a host application runs it on its own adapters::

    import pytest
    from custreg.testing.contracts import RepositoryContract, CustomerStateMachineContract

    class TestMyAdapter(RepositoryContract, CustomerStateMachineContract):
        @pytest.fixture
        def registry_factory(self):
            return lambda settings=None, clock=None, ids=None: my_registry(settings, clock, ids)

Each Hypothesis example asks the factory for a new organisation, so examples never see each
other's data. Property tests use the Hypothesis profile loaded when they run.

What is checked is the contract written in ``custreg.ports.repositories``: unknown ids raise
NotFoundError, taken ids IntegrityError, stale versions ConflictError with nothing stored, lists
hold exactly the right rows in the documented order, and a unit of work commits everything or
nothing. Lists whose order the port leaves open (contacts of a customer) are compared as sets.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, Protocol, TypeVar

import attrs
import pytest
from hypothesis import given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from custreg.domain.activity import Activity, ActivityKind, FileLink, FileLinkKind, Note, Task
from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.errors import (
    ConflictError,
    CustregError,
    IntegrityError,
    NotFoundError,
    ValidationError,
)
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import (
    ActivityId,
    AddressId,
    AuditEntryId,
    CostEntryId,
    CustomerId,
    FileLinkId,
    IndustryId,
    InvoiceId,
    NoteId,
    OrganisationId,
    ProjectId,
    ProposalId,
    TaskId,
)
from custreg.domain.invoice import Invoice
from custreg.domain.mass_update import FIELDS as MASS_UPDATE_FIELDS
from custreg.domain.mass_update import FieldState, FieldWrite
from custreg.domain.permissions import CustomerPermission, Principal
from custreg.domain.project import CostEntry, CostKind, Project, Proposal
from custreg.domain.query import CustomerQuery, PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber, Money
from custreg.ports.clock import Clock, IdGenerator
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.usecases.addresses import add_address, remove_address, set_headquarters
from custreg.usecases.commands import CreateCustomer, NewAddress, UpdateCustomer
from custreg.usecases.customers import (
    create_customer,
    inactivate_customer,
    reactivate_customer,
    update_customer,
)

T = TypeVar("T")


class RegistryFactory(Protocol):
    """Gives the registry of a fresh, empty organisation on the adapter under test."""

    def __call__(
        self,
        settings: OrganisationSettings
        | Callable[[OrganisationId], OrganisationSettings]
        | None = None,
        clock: Clock | None = None,
        ids: IdGenerator | None = None,
    ) -> Registry: ...


# -- helpers ---------------------------------------------------------------------------------------

#: The settings every contract registry starts with (fixed ids, so entities can refer to them).
SETTINGS = s.sample_settings(OrganisationId(uuid.UUID(int=0)))


def fresh(registry_factory: RegistryFactory) -> Registry:
    """A new organisation with the contract settings."""
    return registry_factory(settings=s.settings_factory(SETTINGS))


def stored(registry: Registry, action: Callable[[UnitOfWork], T]) -> T:
    """Run ``action`` in a unit of work and commit it."""
    with registry.uow() as uow:
        result = action(uow)
        uow.commit()
    return result


def read(registry: Registry, action: Callable[[UnitOfWork], T]) -> T:
    """Run ``action`` in a unit of work that is not committed."""
    with registry.uow() as uow:
        return action(uow)


def _each(action: Callable[[T], None], items: Iterable[T]) -> None:
    for item in items:
        action(item)


def _get_customer(customer_id: CustomerId, uow: UnitOfWork) -> Customer:
    return uow.customers.get(customer_id)


def _get_address(address_id: AddressId, uow: UnitOfWork) -> Address:
    return uow.addresses.get(address_id)


def _dependant(kind: str, customer_id: CustomerId) -> tuple[str, object]:
    """A record of ``kind`` referring to the customer, and the repository that stores it."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    if kind == "invoice":
        one = Money(Decimal(1), "EUR")
        status = SETTINGS.invoice_statuses[0].id
        return "invoices", Invoice(
            InvoiceId(uuid.uuid4()), customer_id, status, at.date(), one, one
        )
    if kind == "note":
        return "notes", Note(NoteId(uuid.uuid4()), customer_id, "Keep", at)
    if kind == "activity":
        return "activities", Activity(
            ActivityId(uuid.uuid4()), customer_id, ActivityKind.TODO, "Call"
        )
    link = FileLink(
        FileLinkId(uuid.uuid4()), customer_id, FileLinkKind.LINK, "x.txt", at, url="https://x.fi"
    )
    return "files", link


def _set_forecast(forecast: ProjectForecast, uow: UnitOfWork) -> None:
    uow.projects.set_forecast(forecast)


def _record(entries: Sequence[AuditEntry], uow: UnitOfWork) -> None:
    uow.audit.record(entries)


def _ids(items: Iterable[Any]) -> list[Any]:
    return [item.id for item in items]


def _by_id(items: Iterable[T]) -> list[T]:
    return sorted(items, key=lambda item: item.id)  # type: ignore[attr-defined]


def _numbered(uow: UnitOfWork, customers: Sequence[Customer]) -> list[Customer]:
    """Store ``customers`` under numbers the repository hands out (numbers must be unique)."""
    result = []
    for customer in customers:
        numbered = attrs.evolve(customer, number=uow.customers.next_number())
        uow.customers.add(numbered)
        result.append(numbered)
    return result


def _unique_customers(min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[list[Customer]]:
    return st.lists(
        s.customers(SETTINGS), min_size=min_size, max_size=max_size, unique_by=lambda c: c.id
    )


@st.composite
def populations(draw: st.DrawFn, max_size: int = 8) -> list[Customer]:
    """Customers that share VAT numbers, owners and segments often enough for queries to bite."""
    people = draw(_unique_customers(0, max_size))
    pool = draw(st.lists(s.vat_numbers(), min_size=1, max_size=2))
    result = []
    for customer in people:
        if draw(st.booleans()):
            vat = draw(st.sampled_from(pool))
            customer = attrs.evolve(customer, vat_number=vat, business_id=s.business_id_of(vat))
        result.append(customer)
    return result


def _one_customer(registry: Registry) -> Customer:
    """Store one plain customer to hang children (addresses, projects...) on."""
    customer = Customer(
        id=CustomerId(uuid.uuid4()),
        number=CustomerNumber(1),
        name="Parent Oy",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return stored(registry, lambda uow: _numbered(uow, [customer])[0])


def _one_project(registry: Registry, customer: Customer) -> Project:
    project = Project(ProjectId(uuid.uuid4()), customer.id, 1, "Parent project")

    def add(uow: UnitOfWork) -> Project:
        numbered = attrs.evolve(project, number=uow.projects.next_number())
        uow.projects.add(numbered)
        return numbered

    return stored(registry, add)


# -- customers -------------------------------------------------------------------------------------


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


# -- addresses -------------------------------------------------------------------------------------


class AddressRepositoryContract:
    """AddressRepository: CRUD and the earliest-added-first list of a customer."""

    def test_address_crud_and_order_by_ordinal(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            owner, other = _one_customer(registry), _one_customer(registry)
            mine = data.draw(
                st.lists(s.addresses(owner.id), max_size=5, unique_by=lambda a: (a.id, a.ordinal))
            )
            mine = _unique_ordinals(mine)
            theirs = data.draw(
                st.lists(s.addresses(other.id), max_size=2, unique_by=lambda a: a.id)
            )
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
                with pytest.raises(NotFoundError):
                    read(registry, lambda uow: uow.addresses.get(changed.id))
                left = read(registry, lambda uow: uow.addresses.for_customer(owner.id))
                assert _ids(left) == _ids(sorted(mine[1:], key=lambda a: a.ordinal))

        check()

    def test_address_unknown_and_taken_ids(self, registry_factory: RegistryFactory) -> None:
        @given(s.addresses())
        def check(drawn: Address) -> None:
            registry = fresh(registry_factory)
            address = attrs.evolve(drawn, customer_id=_one_customer(registry).id)
            with pytest.raises(NotFoundError):
                read(registry, lambda uow: uow.addresses.get(address.id))
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.addresses.update(address))
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.addresses.remove(address.id))
            stored(registry, lambda uow: uow.addresses.add(address))
            with pytest.raises(IntegrityError):
                stored(registry, lambda uow: uow.addresses.add(address))
            assert read(registry, lambda uow: uow.addresses.for_customer(address.customer_id)) == [
                address
            ]

        check()

    def test_address_add_many_is_all_or_nothing(self, registry_factory: RegistryFactory) -> None:
        @given(
            st.lists(s.addresses(), min_size=1, max_size=4, unique_by=lambda a: a.id), st.booleans()
        )
        def check(drawn: list[Address], clash: bool) -> None:
            registry = fresh(registry_factory)
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

        check()


def _unique_ordinals(items: list[Address]) -> list[Address]:
    """Addresses of one customer have distinct ordinals (the use cases hand them out)."""
    return [attrs.evolve(a, ordinal=i + 1 + a.ordinal * 10) for i, a in enumerate(items)]


# -- contacts --------------------------------------------------------------------------------------


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
            mine = data.draw(st.lists(s.contacts(owner.id), max_size=6, unique_by=lambda c: c.id))
            theirs = data.draw(st.lists(s.contacts(other.id), max_size=3, unique_by=lambda c: c.id))
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


# -- projects and invoices -------------------------------------------------------------------------


class ProjectRepositoryContract:
    """ProjectRepository: versioned updates, numbers, proposals and cost entries."""

    def test_project_stored_exactly_and_versioned(self, registry_factory: RegistryFactory) -> None:
        @given(s.projects(settings=SETTINGS), st.integers(-1, 2))
        def check(drawn: Project, step: int) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            project = attrs.evolve(drawn, customer_id=customer.id)
            with pytest.raises(NotFoundError):
                read(registry, lambda uow: uow.projects.get(project.id))
            stored(registry, lambda uow: uow.projects.add(project))
            assert read(registry, lambda uow: uow.projects.get(project.id)) == project
            assert read(registry, lambda uow: uow.projects.for_customer(customer.id)) == [project]
            with pytest.raises(IntegrityError):
                stored(registry, lambda uow: uow.projects.add(project))
            changed = attrs.evolve(
                project, name=f"{project.name} 2", version=max(1, project.version + step)
            )
            if step == 1:
                stored(registry, lambda uow: uow.projects.update(changed))
                assert read(registry, lambda uow: uow.projects.get(project.id)) == changed
            else:
                with pytest.raises(ConflictError):
                    stored(registry, lambda uow: uow.projects.update(changed))
                assert read(registry, lambda uow: uow.projects.get(project.id)) == project

        check()

    def test_projects_of_a_customer_by_number(self, registry_factory: RegistryFactory) -> None:
        @given(st.lists(s.projects(settings=SETTINGS), max_size=5, unique_by=lambda p: p.id))
        def check(drawn: list[Project]) -> None:
            registry = fresh(registry_factory)
            customer, other = _one_customer(registry), _one_customer(registry)

            def add(uow: UnitOfWork) -> list[Project]:
                result = []
                for i, project in enumerate(drawn):
                    owner = customer if i % 2 == 0 else other
                    numbered = attrs.evolve(
                        project, customer_id=owner.id, number=uow.projects.next_number()
                    )
                    uow.projects.add(numbered)
                    result.append(numbered)
                return result

            projects = stored(registry, add)
            mine = sorted(
                (p for p in projects if p.customer_id == customer.id), key=lambda p: p.number
            )
            assert read(registry, lambda uow: uow.projects.for_customer(customer.id)) == mine

        check()

    def test_project_next_number_never_repeats(self, registry_factory: RegistryFactory) -> None:
        registry = fresh(registry_factory)
        seen = []
        for commit in (True, False, True):
            with registry.uow() as uow:
                seen += [uow.projects.next_number() for _ in range(3)]
                if commit:
                    uow.commit()
        assert len(set(seen)) == len(seen)

    def test_proposals_and_costs_belong_to_their_project(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            first, second = _one_project(registry, customer), _one_project(registry, customer)
            proposals = data.draw(
                st.lists(s.proposals(first.id), max_size=3, unique_by=lambda p: p.id)
            )
            costs = data.draw(
                st.lists(s.cost_entries(first.id, "EUR"), max_size=4, unique_by=lambda c: c.id)
            )
            stored(registry, lambda uow: _each(uow.projects.add_proposal, proposals))
            stored(registry, lambda uow: _each(uow.projects.add_cost, costs))
            with registry.uow() as uow:
                assert _by_id(uow.projects.proposals_for(first.id)) == _by_id(proposals)
                assert _by_id(uow.projects.costs_for(first.id)) == _by_id(costs)
                assert uow.projects.proposals_for(second.id) == []
                assert uow.projects.costs_for(second.id) == []

        check()

    def test_proposal_on_unknown_project_is_refused(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(s.proposals())
        def check(proposal: Any) -> None:
            registry = fresh(registry_factory)
            with pytest.raises((NotFoundError, IntegrityError)):
                stored(registry, lambda uow: uow.projects.add_proposal(proposal))
            assert read(registry, lambda uow: uow.projects.proposals_for(proposal.project_id)) == []

        check()

    def test_forecast_set_replaces_and_lists_by_month(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(
            st.lists(
                st.tuples(
                    st.dates(date(2025, 1, 1), date(2027, 12, 31)),
                    s.amounts(0, 10**6),
                    s.amounts(0, 10**6),
                ),
                max_size=6,
            )
        )
        def check(entries: list[tuple[date, Decimal, Decimal]]) -> None:
            registry = fresh(registry_factory)
            project = _one_project(registry, _one_customer(registry))
            expected: dict[date, ProjectForecast] = {}
            for day, billing, costs in entries:
                forecast = ProjectForecast(
                    project.id, day, Money(billing, "EUR"), Money(costs, "EUR")
                )
                stored(registry, partial(_set_forecast, forecast))
                expected[forecast.month] = forecast
            listed = read(registry, lambda uow: uow.projects.forecasts_for(project.id))
            assert listed == [expected[m] for m in sorted(expected)]

        check()

    def test_s4_uses_status_tells_whether_any_record_has_it(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        customer = _one_customer(registry)
        project = _one_project(registry, customer)
        sales = [st_.id for st_ in SETTINGS.sales_statuses]
        invoice_statuses = [st_.id for st_ in SETTINGS.invoice_statuses]
        task_statuses = [st_.id for st_ in SETTINGS.task_statuses]
        with registry.uow() as uow:
            assert not any(uow.projects.uses_sales_status(i) for i in sales)
            assert not any(uow.invoices.uses_status(i) for i in invoice_statuses)
            assert not any(uow.tasks.uses_status(i) for i in task_statuses)
        sales_case = attrs.evolve(project, sales_status_id=sales[0], version=project.version + 1)
        invoice = Invoice(
            InvoiceId(uuid.uuid4()),
            customer.id,
            invoice_statuses[1],
            date(2026, 1, 1),
            Money(Decimal(1), "EUR"),
            Money(Decimal(1), "EUR"),
        )
        task = Task(TaskId(uuid.uuid4()), project.id, "Dig", task_statuses[2])

        def use(uow: UnitOfWork) -> None:
            uow.projects.update(sales_case)
            uow.invoices.add(invoice)
            uow.tasks.add(task)

        stored(registry, use)
        with registry.uow() as uow:
            assert [uow.projects.uses_sales_status(i) for i in sales] == [True, False, False]
            assert [uow.invoices.uses_status(i) for i in invoice_statuses] == [False, True, False]
            assert [uow.tasks.uses_status(i) for i in task_statuses] == [False, False, True]


class InvoiceRepositoryContract:
    """InvoiceRepository: invoices and credit notes stored exactly, listed per customer/project."""

    def test_invoices_per_customer_and_project(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer, other = _one_customer(registry), _one_customer(registry)
            projects = [_one_project(registry, customer), _one_project(registry, customer)]
            project_ids = [p.id for p in projects]
            mine = data.draw(
                st.lists(
                    s.invoices(customer.id, SETTINGS, project_ids),
                    max_size=4,
                    unique_by=lambda i: i.id,
                )
            )
            theirs = data.draw(
                st.lists(s.invoices(other.id, SETTINGS), max_size=2, unique_by=lambda i: i.id)
            )
            stored(registry, lambda uow: _each(uow.invoices.add, [*mine, *theirs]))
            with registry.uow() as uow:
                for invoice in [*mine, *theirs]:
                    assert uow.invoices.get(invoice.id) == invoice
                assert _by_id(uow.invoices.for_customer(customer.id)) == _by_id(mine)
                for project_id in project_ids:
                    expected = [i for i in mine if project_id in i.project_ids]
                    assert _by_id(uow.invoices.for_project(project_id)) == _by_id(expected)
            if mine:
                changed = attrs.evolve(mine[0], number=None if mine[0].number else 77)
                stored(registry, lambda uow: uow.invoices.update(changed))
                assert read(registry, lambda uow: uow.invoices.get(changed.id)) == changed
            with pytest.raises(NotFoundError):
                read(registry, lambda uow: uow.invoices.get(InvoiceId(uuid.uuid4())))

        check()

    def test_invoice_taken_id_raises_integrity(self, registry_factory: RegistryFactory) -> None:
        @given(s.invoices(settings=SETTINGS))
        def check(drawn: Invoice) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            invoice = attrs.evolve(drawn, customer_id=customer.id)
            stored(registry, lambda uow: uow.invoices.add(invoice))
            with pytest.raises(IntegrityError):
                stored(registry, lambda uow: uow.invoices.add(invoice))
            assert read(registry, lambda uow: uow.invoices.get(invoice.id)) == invoice

        check()


def _update_projects(projects: Sequence[Project], uow: UnitOfWork) -> None:
    uow.projects.update_many(projects)


def _add_invoices(invoices: Sequence[Invoice], uow: UnitOfWork) -> None:
    uow.invoices.add_many(invoices)


class DataEntryRepositoryContract:
    """The bulk and removal methods host-side data entry writes through: ``add_many`` and
    ``remove`` of invoices, ``add_costs``/``add_proposals`` (all or none), get/update/remove of a
    cost entry or proposal, and ``customers_of``."""

    def test_invoice_add_many_stores_exactly_and_remove_takes_links(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            projects = [_one_project(registry, customer), _one_project(registry, customer)]
            project_ids = [p.id for p in projects]
            invoices = data.draw(
                st.lists(
                    s.invoices(customer.id, SETTINGS, project_ids),
                    max_size=6,
                    unique_by=lambda i: i.id,
                )
            )
            stored(registry, lambda uow: uow.invoices.add_many(invoices))
            listed = read(registry, lambda uow: uow.invoices.for_customer(customer.id))
            assert _by_id(listed) == _by_id(invoices)
            if invoices:
                doomed = invoices[0]
                stored(registry, lambda uow: uow.invoices.remove(doomed.id))
                with registry.uow() as uow:
                    assert _by_id(uow.invoices.for_customer(customer.id)) == _by_id(invoices[1:])
                    for project_id in project_ids:
                        assert doomed.id not in _ids(uow.invoices.for_project(project_id))
                    with pytest.raises(NotFoundError):
                        uow.invoices.get(doomed.id)
                    with pytest.raises(NotFoundError):
                        uow.invoices.remove(doomed.id)

        check()

    def test_invoice_add_many_is_all_or_nothing(self, registry_factory: RegistryFactory) -> None:
        @given(
            st.lists(
                s.invoices(settings=SETTINGS), min_size=1, max_size=4, unique_by=lambda i: i.id
            )
        )
        def check(drawn: list[Invoice]) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            invoices = [attrs.evolve(i, customer_id=customer.id) for i in drawn]
            stored(registry, lambda uow: uow.invoices.add_many(invoices[:1]))
            unknown_customer = attrs.evolve(drawn[0], id=InvoiceId(uuid.uuid4()))
            for batch in (invoices, [*invoices[1:], unknown_customer]):
                with pytest.raises(IntegrityError):
                    stored(registry, partial(_add_invoices, batch))
                listed = read(registry, lambda uow: uow.invoices.for_customer(customer.id))
                assert listed == invoices[:1]

        check()

    def test_costs_and_proposals_bulk_crud(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            project = _one_project(registry, customer)
            costs = data.draw(
                st.lists(s.cost_entries(project.id, "EUR"), max_size=5, unique_by=lambda c: c.id)
            )
            proposals = data.draw(
                st.lists(s.proposals(project.id), max_size=3, unique_by=lambda p: p.id)
            )

            def add(uow: UnitOfWork) -> None:
                uow.projects.add_costs(costs)
                uow.projects.add_proposals(proposals)

            stored(registry, add)
            with registry.uow() as uow:
                assert _by_id(uow.projects.costs_for(project.id)) == _by_id(costs)
                assert _by_id(uow.projects.proposals_for(project.id)) == _by_id(proposals)
                for cost in costs:
                    assert uow.projects.get_cost(cost.id) == cost
                for proposal in proposals:
                    assert uow.projects.get_proposal(proposal.id) == proposal
            if costs and proposals:
                cost = attrs.evolve(costs[0], amount=Money(Decimal("12.34"), "EUR"))
                proposal = attrs.evolve(proposals[0], name="Renamed offer")

                def change(uow: UnitOfWork) -> None:
                    uow.projects.update_cost(cost)
                    uow.projects.update_proposal(proposal)

                stored(registry, change)
                assert read(registry, lambda uow: uow.projects.get_cost(cost.id)) == cost
                got = read(registry, lambda uow: uow.projects.get_proposal(proposal.id))
                assert got == proposal

                def remove(uow: UnitOfWork) -> None:
                    uow.projects.remove_cost(cost.id)
                    uow.projects.remove_proposal(proposal.id)

                stored(registry, remove)
                with registry.uow() as uow:
                    assert _by_id(uow.projects.costs_for(project.id)) == _by_id(costs[1:])
                    assert _by_id(uow.projects.proposals_for(project.id)) == _by_id(proposals[1:])
                    with pytest.raises(NotFoundError):
                        uow.projects.get_cost(cost.id)
                    with pytest.raises(NotFoundError):
                        uow.projects.remove_proposal(proposal.id)

        check()

    def test_costs_and_proposals_add_is_all_or_nothing(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        project = _one_project(registry, _one_customer(registry))
        good = CostEntry(
            CostEntryId(uuid.uuid4()),
            project.id,
            CostKind.TRAVEL,
            date(2026, 1, 1),
            Money(Decimal(5), "EUR"),
        )
        orphan = attrs.evolve(
            good, id=CostEntryId(uuid.uuid4()), project_id=ProjectId(uuid.uuid4())
        )
        offer = Proposal(ProposalId(uuid.uuid4()), project.id, "Offer", date(2026, 1, 1))
        lost = attrs.evolve(offer, id=ProposalId(uuid.uuid4()), project_id=orphan.project_id)
        actions: list[Callable[[UnitOfWork], None]] = [
            lambda uow: uow.projects.add_costs([good, orphan]),
            lambda uow: uow.projects.add_costs([good, good]),
            lambda uow: uow.projects.add_proposals([offer, lost]),
            lambda uow: uow.projects.add_proposals([offer, offer]),
        ]
        for action in actions:
            with pytest.raises(IntegrityError):
                stored(registry, action)
        with registry.uow() as uow:
            assert uow.projects.costs_for(project.id) == []
            assert uow.projects.proposals_for(project.id) == []

    def test_project_get_many_and_update_many_all_or_none(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        customer = _one_customer(registry)
        projects = [_one_project(registry, customer) for _ in range(3)]
        unknown = ProjectId(uuid.uuid4())
        ids = [p.id for p in projects]
        found = read(registry, lambda uow: uow.projects.get_many([*ids, unknown]))
        assert found == {p.id: p for p in projects}
        renamed = [
            attrs.evolve(p, name=f"Renamed {p.number}", version=p.version + 1) for p in projects
        ]
        stale = [*renamed[:2], attrs.evolve(renamed[2], version=projects[2].version + 5)]
        for batch in (stale, [renamed[0], renamed[0]]):
            with pytest.raises(ConflictError):
                stored(registry, partial(_update_projects, batch))
            kept = read(registry, lambda uow: uow.projects.get_many(ids))
            assert kept == {p.id: p for p in projects}
        stored(registry, partial(_update_projects, renamed))
        after = read(registry, lambda uow: uow.projects.get_many(ids))
        assert after == {p.id: p for p in renamed}

    def test_customers_of_gives_the_customer_of_each_stored_project(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        first, second = _one_customer(registry), _one_customer(registry)
        projects = [_one_project(registry, first), _one_project(registry, second)]
        unknown = ProjectId(uuid.uuid4())
        wanted = [p.id for p in projects] + [unknown]
        found = read(registry, lambda uow: uow.projects.customers_of(wanted))
        assert found == {projects[0].id: first.id, projects[1].id: second.id}
        assert read(registry, lambda uow: uow.projects.customers_of([])) == {}


# -- activities, notes, tasks, files ---------------------------------------------------------------


class ActivityRepositoryContract:
    def test_activities_per_customer_and_project(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            project = _one_project(registry, customer)
            items = data.draw(
                st.lists(
                    st.sampled_from([None, project.id]).flatmap(
                        lambda p: s.activities(customer.id, p)
                    ),
                    max_size=5,
                    unique_by=lambda a: a.id,
                )
            )
            stored(registry, lambda uow: _each(uow.activities.add, items))
            with registry.uow() as uow:
                assert uow.activities.for_customer(customer.id) == _by_id(items)
                assert uow.activities.for_project(project.id) == _by_id(
                    a for a in items if a.project_id == project.id
                )
                for activity in items:
                    assert uow.activities.get(activity.id) == activity
            if items:
                first = items[0]
                changed = attrs.evolve(first, done=not first.done, title="Changed")
                stored(registry, lambda uow: uow.activities.update(changed))
                assert read(registry, lambda uow: uow.activities.get(first.id)) == changed
                stored(registry, lambda uow: uow.activities.remove(first.id))
                with pytest.raises(NotFoundError):
                    read(registry, lambda uow: uow.activities.get(first.id))
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.activities.remove(ActivityId(uuid.uuid4())))

        check()


class NoteRepositoryContract:
    def test_n3_customer_notes_include_project_notes(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer, other = _one_customer(registry), _one_customer(registry)
            project = _one_project(registry, customer)
            on_card = data.draw(
                st.lists(s.notes(customer.id), max_size=3, unique_by=lambda n: n.id)
            )
            on_project = data.draw(
                st.lists(s.notes(customer.id, project.id), max_size=3, unique_by=lambda n: n.id)
            )
            elsewhere = data.draw(st.lists(s.notes(other.id), max_size=2, unique_by=lambda n: n.id))
            everything = [*on_card, *on_project, *elsewhere]
            stored(registry, lambda uow: _each(uow.notes.add, everything))
            with registry.uow() as uow:
                assert _by_id(uow.notes.for_customer(customer.id)) == _by_id(on_card + on_project)
                assert _by_id(uow.notes.for_project(project.id)) == _by_id(on_project)
                for item in everything:
                    assert uow.notes.get(item.id) == item
            if everything:
                changed = attrs.evolve(everything[0], text="Edited")
                stored(registry, lambda uow: uow.notes.update(changed))
                assert read(registry, lambda uow: uow.notes.get(changed.id)) == changed
                stored(registry, lambda uow: uow.notes.remove(changed.id))
                with pytest.raises(NotFoundError):
                    read(registry, lambda uow: uow.notes.get(changed.id))
            with pytest.raises(NotFoundError):
                read(registry, lambda uow: uow.notes.get(NoteId(uuid.uuid4())))

        check()


class TaskRepositoryContract:
    def test_tasks_for_projects(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer = _one_customer(registry)
            projects = [_one_project(registry, customer) for _ in range(3)]
            items = data.draw(
                st.lists(
                    st.sampled_from(projects).flatmap(lambda p: s.tasks(p.id, SETTINGS)),
                    max_size=6,
                    unique_by=lambda t: t.id,
                )
            )
            stored(registry, lambda uow: _each(uow.tasks.add, items))
            chosen = data.draw(st.sets(st.sampled_from([p.id for p in projects])))
            with registry.uow() as uow:
                assert _by_id(uow.tasks.for_projects(chosen)) == _by_id(
                    t for t in items if t.project_id in chosen
                )
                for task in items:
                    assert uow.tasks.get(task.id) == task
            if items:
                moved = attrs.evolve(items[0], status_id=SETTINGS.task_statuses[-1].id)
                stored(registry, lambda uow: uow.tasks.update(moved))
                assert read(registry, lambda uow: uow.tasks.get(moved.id)) == moved
            with pytest.raises(NotFoundError):
                read(registry, lambda uow: uow.tasks.get(TaskId(uuid.uuid4())))

        check()


class FileLinkRepositoryContract:
    def test_files_and_links(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer, other = _one_customer(registry), _one_customer(registry)
            project = _one_project(registry, customer)
            mine = data.draw(
                st.lists(
                    st.sampled_from([None, project.id]).flatmap(
                        lambda p: s.file_links(customer.id, p)
                    ),
                    max_size=4,
                    unique_by=lambda f: f.id,
                )
            )
            theirs = data.draw(
                st.lists(s.file_links(other.id), max_size=2, unique_by=lambda f: f.id)
            )
            stored(registry, lambda uow: _each(uow.files.add, [*mine, *theirs]))
            with registry.uow() as uow:
                assert _by_id(uow.files.for_customer(customer.id)) == _by_id(mine)
                for item in mine:
                    assert uow.files.get(item.id) == item
            if mine:
                stored(registry, lambda uow: uow.files.remove(mine[0].id))
                with pytest.raises(NotFoundError):
                    read(registry, lambda uow: uow.files.get(mine[0].id))
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.files.remove(FileLinkId(uuid.uuid4())))

        check()


# -- settings and audit ----------------------------------------------------------------------------


class SettingsRepositoryContract:
    def test_settings_missing_raise_not_found(self, registry_factory: RegistryFactory) -> None:
        registry = registry_factory()
        with pytest.raises(NotFoundError):
            read(registry, lambda uow: uow.settings.get())

    def test_settings_saved_and_loaded_exactly(self, registry_factory: RegistryFactory) -> None:
        @given(s.organisation_settings(min_each=0), s.organisation_settings(min_each=0))
        def check(first: OrganisationSettings, second: OrganisationSettings) -> None:
            registry = registry_factory(settings=s.settings_factory(first))
            loaded = read(registry, lambda uow: uow.settings.get())
            assert loaded == attrs.evolve(first, organisation_id=loaded.organisation_id)
            replacement = attrs.evolve(second, organisation_id=loaded.organisation_id)
            with registry.uow() as uow:
                uow.settings.save(replacement)
                assert uow.settings.get() == replacement  # read your writes
            assert read(registry, lambda uow: uow.settings.get()) == loaded  # not committed
            stored(registry, lambda uow: uow.settings.save(replacement))
            assert read(registry, lambda uow: uow.settings.get()) == replacement

        check()


class AuditLogContract:
    def test_audit_for_entity_and_batch_in_recorded_order(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            entities = [uuid.uuid4(), uuid.uuid4()]
            batches = [uuid.uuid4(), None]
            rounds = data.draw(
                st.lists(
                    st.lists(
                        st.builds(
                            _about_customer,
                            s.audit_entries(),
                            st.sampled_from(entities),
                            st.sampled_from(batches),
                        ),
                        max_size=3,
                    ),
                    max_size=3,
                )
            )
            recorded: list[AuditEntry] = []
            for entries in rounds:
                entries = [attrs.evolve(e, id=AuditEntryId(uuid.uuid4())) for e in entries]
                stored(registry, partial(_record, entries))
                recorded += entries
            with registry.uow() as uow:
                uow.audit.record(
                    [attrs.evolve(recorded[0], id=AuditEntryId(uuid.uuid4()))] if recorded else []
                )
                # rolled back below: never seen
            with registry.uow() as uow:
                for entity_id in entities:
                    expected = [e for e in recorded if e.entity_id == entity_id]
                    assert uow.audit.for_entity("customer", entity_id) == expected
                    assert uow.audit.for_entity("contact", entity_id) == []
                batch = batches[0]
                assert batch is not None
                assert uow.audit.for_batch(batch) == [e for e in recorded if e.batch_id == batch]

        check()


# -- the unit of work ------------------------------------------------------------------------------


class UnitOfWorkContract:
    """Commit makes everything durable at once; anything else leaves nothing behind."""

    def test_leaving_without_commit_stores_nothing(self, registry_factory: RegistryFactory) -> None:
        @given(_unique_customers(1, 3), st.booleans())
        def check(customers: list[Customer], explicit: bool) -> None:
            registry = fresh(registry_factory)
            with registry.uow() as uow:
                added = _numbered(uow, customers)
                for customer in added:
                    uow.addresses.add(
                        Address(AddressId(uuid.uuid4()), customer.id, "FI", city="Turku")
                    )
                    uow.audit.record(_entry(customer.id))
                if explicit:
                    uow.rollback()
            with registry.uow() as uow:
                assert uow.customers.ids_matching(CustomerQuery()) == []
                for customer in added:
                    assert uow.addresses.for_customer(customer.id) == []
                    assert uow.audit.for_entity("customer", customer.id) == []

        check()

    def test_an_error_inside_the_block_rolls_everything_back(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(_unique_customers(2, 4))
        def check(customers: list[Customer]) -> None:
            registry = fresh(registry_factory)
            with pytest.raises(IntegrityError), registry.uow() as uow:
                added = _numbered(uow, customers)
                uow.customers.add(attrs.evolve(added[0], number=uow.customers.next_number()))
                uow.commit()
            assert read(registry, lambda uow: uow.customers.ids_matching(CustomerQuery())) == []

        check()

    def test_commit_makes_every_change_visible_together(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(_unique_customers(1, 3), s.texts())
        def check(customers: list[Customer], new_name: str) -> None:
            registry = fresh(registry_factory)
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

        check()

    def test_a_unit_of_work_is_usable_only_inside_its_block(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        with registry.uow() as uow:
            pass
        with pytest.raises(CustregError):
            uow.customers.get(CustomerId(uuid.uuid4()))


def _about_customer(
    entry: AuditEntry, entity_id: uuid.UUID, batch_id: uuid.UUID | None
) -> AuditEntry:
    return attrs.evolve(entry, entity="customer", entity_id=entity_id, batch_id=batch_id)


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


class RepositoryContract(
    UnitOfWorkContract,
    CustomerRepositoryContract,
    AddressRepositoryContract,
    ContactRepositoryContract,
    ProjectRepositoryContract,
    InvoiceRepositoryContract,
    DataEntryRepositoryContract,
    ActivityRepositoryContract,
    NoteRepositoryContract,
    TaskRepositoryContract,
    FileLinkRepositoryContract,
    SettingsRepositoryContract,
    AuditLogContract,
):
    """Every repository port and the unit of work, for one adapter."""


# -- the customer state machine --------------------------------------------------------------------


@attrs.define
class _ModelCustomer:
    """The plain model: what the registry must hold for one customer."""

    name: str
    number: int
    status: CustomerStatus
    addresses: list[AddressId] = attrs.field(factory=list)  # earliest-added first
    headquarters: AddressId | None = None


class CustomerMachine(RuleBasedStateMachine):
    """Drives the customer and address use cases and a dict model side by side (C1, C3, C5, C6,
    A1-A4), checking after every step that the registry and the model agree.

    Subclassed by ``customer_machine(registry_factory)``, which supplies the backend.
    """

    registry_factory: RegistryFactory

    def __init__(self) -> None:
        super().__init__()
        self.registry = fresh(self.registry_factory)
        self.principal = Principal(SETTINGS.users[0].id, CustomerPermission.ALL)
        self.model: dict[CustomerId, _ModelCustomer] = {}
        self.numbers_handed_out: set[int] = set()

    # -- helpers
    def _pick_customer(self, data: st.DataObject) -> CustomerId:
        return data.draw(st.sampled_from(sorted(self.model)), label="customer")

    def _with_addresses(self) -> list[CustomerId]:
        return sorted(cid for cid, m in self.model.items() if m.addresses)

    # -- rules
    @rule(name=s.texts(), address=s.optional(s.new_addresses()))
    def create(self, name: str, address: NewAddress | None) -> None:
        customer = create_customer(
            self.registry, self.principal, CreateCustomer(name=name, address=address)
        )
        number = customer.number.value
        assert number not in self.numbers_handed_out, "C3: a customer number was reused"
        self.numbers_handed_out.add(number)
        assert customer.status is CustomerStatus.ACTIVE  # C5: a new customer is active
        model = _ModelCustomer(customer.name, number, CustomerStatus.ACTIVE)
        if address is not None:
            assert customer.headquarters_address_id is not None  # A1
            model.addresses.append(customer.headquarters_address_id)
            model.headquarters = customer.headquarters_address_id
        self.model[customer.id] = model

    @rule(name=s.blank_texts())
    def create_with_blank_name_is_refused(self, name: str) -> None:
        with pytest.raises(ValidationError) as caught:
            create_customer(self.registry, self.principal, CreateCustomer(name=name))
        assert caught.value.field == "name"  # C1: and nothing stored (the invariants check)

    @rule(name=s.texts())
    def create_with_unknown_industry_is_refused(self, name: str) -> None:
        command = CreateCustomer(name=name, industry_id=IndustryId(uuid.uuid4()))
        with pytest.raises(ValidationError) as caught:
            create_customer(self.registry, self.principal, command)
        assert caught.value.field == "industry_id"

    @rule(name=s.texts(), with_address=st.booleans())
    def rolled_back_work_leaves_nothing(self, name: str, with_address: bool) -> None:
        with self.registry.uow() as uow:
            number = uow.customers.next_number()
            self.numbers_handed_out.add(number.value)  # drawn, so never to be seen again (C3)
            customer = Customer(
                CustomerId(uuid.uuid4()), number, name, datetime(2026, 1, 1, tzinfo=UTC)
            )
            uow.customers.add(customer)
            if with_address:
                uow.addresses.add(Address(AddressId(uuid.uuid4()), customer.id, "FI", city="Oulu"))
            uow.rollback()

    @precondition(lambda self: self.model)
    @rule(data=st.data(), name=s.texts())
    def rename(self, data: st.DataObject, name: str) -> None:
        customer_id = self._pick_customer(data)
        updated = update_customer(
            self.registry, self.principal, UpdateCustomer(customer_id, name=name)
        )
        self.model[customer_id].name = updated.name

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def stale_update_is_refused(self, data: st.DataObject) -> None:
        customer_id = self._pick_customer(data)
        with self.registry.uow() as uow:
            current = uow.customers.get(customer_id)
        command = UpdateCustomer(customer_id, expected_version=current.version - 1, name="Stale")
        with pytest.raises(ConflictError):
            update_customer(self.registry, self.principal, command)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def inactivate(self, data: st.DataObject) -> None:
        customer_id = self._pick_customer(data)
        inactivate_customer(self.registry, self.principal, customer_id)
        self.model[customer_id].status = CustomerStatus.INACTIVE

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def reactivate(self, data: st.DataObject) -> None:
        customer_id = self._pick_customer(data)
        reactivate_customer(self.registry, self.principal, customer_id)
        self.model[customer_id].status = CustomerStatus.ACTIVE

    @precondition(lambda self: self.model)
    @rule(data=st.data(), address=s.new_addresses())
    def add_address(self, data: st.DataObject, address: NewAddress) -> None:
        customer_id = self._pick_customer(data)
        added = add_address(self.registry, self.principal, customer_id, address)
        model = self.model[customer_id]
        model.addresses.append(added.id)
        if model.headquarters is None:
            model.headquarters = added.id  # A1

    @precondition(lambda self: self._with_addresses())
    @rule(data=st.data())
    def remove_address(self, data: st.DataObject) -> None:
        customer_id = data.draw(st.sampled_from(self._with_addresses()), label="customer")
        model = self.model[customer_id]
        address_id = data.draw(st.sampled_from(model.addresses), label="address")
        remove_address(self.registry, self.principal, address_id)
        model.addresses.remove(address_id)
        if model.headquarters == address_id:  # A4: the earliest-added remaining one
            model.headquarters = model.addresses[0] if model.addresses else None

    @precondition(lambda self: self._with_addresses())
    @rule(data=st.data())
    def set_headquarters(self, data: st.DataObject) -> None:
        customer_id = data.draw(st.sampled_from(self._with_addresses()), label="customer")
        model = self.model[customer_id]
        address_id = data.draw(st.sampled_from(model.addresses), label="address")
        set_headquarters(self.registry, self.principal, customer_id, address_id)
        model.headquarters = address_id  # A3

    @precondition(lambda self: len(self._with_addresses()) >= 2)
    @rule(data=st.data())
    def headquarters_of_another_customer_is_refused(self, data: st.DataObject) -> None:
        mine, theirs = data.draw(
            st.lists(st.sampled_from(self._with_addresses()), min_size=2, max_size=2, unique=True)
        )
        foreign = self.model[theirs].addresses[0]
        with pytest.raises(ValidationError):
            set_headquarters(self.registry, self.principal, mine, foreign)

    # -- invariants
    @invariant()
    def registry_matches_model(self) -> None:
        with self.registry.uow() as uow:
            everyone = uow.customers.ids_matching(CustomerQuery())
            active = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.ACTIVE))
            inactive = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.INACTIVE))
            stored_customers = uow.customers.get_many(everyone)
            addresses = {cid: uow.addresses.for_customer(cid) for cid in everyone}
        note(f"model: {self.model}")
        assert sorted(everyone) == sorted(self.model)  # nothing lost, nothing extra (C1)
        assert sorted(active + inactive) == sorted(everyone)  # C6
        assert not set(active) & set(inactive)
        numbers = [stored_customers[cid].number.value for cid in everyone]
        assert numbers == sorted(set(numbers))  # C3 unique, and listed by number
        for customer_id, model in self.model.items():
            customer = stored_customers[customer_id]
            assert customer.name == model.name
            assert customer.status is model.status
            assert customer.number.value == model.number
            # C5: status changes keep every address; A2: one headquarters, one of its own
            assert [a.id for a in addresses[customer_id]] == model.addresses
            assert customer.headquarters_address_id == model.headquarters
            if model.addresses:
                assert customer.headquarters_address_id in model.addresses
            assert all(a.customer_id == customer_id for a in addresses[customer_id])


def customer_machine(registry_factory: RegistryFactory) -> type[CustomerMachine]:
    """The customer state machine bound to one backend."""
    return type(
        "CustomerMachineOn",
        (CustomerMachine,),
        {"registry_factory": staticmethod(registry_factory)},
    )


def run_customer_machine(
    registry_factory: RegistryFactory, settings: hypothesis_settings | None = None
) -> None:
    """Run the customer state machine against ``registry_factory``'s backend."""
    run_state_machine_as_test(
        customer_machine(registry_factory),
        settings=settings or hypothesis_settings(stateful_step_count=25),
    )


class CustomerStateMachineContract:
    """The customer state machine as a contract test."""

    def test_customer_state_machine(self, registry_factory: RegistryFactory) -> None:
        run_customer_machine(registry_factory)


__all__ = [
    "SETTINGS",
    "ActivityRepositoryContract",
    "AddressRepositoryContract",
    "AuditLogContract",
    "ContactRepositoryContract",
    "CustomerMachine",
    "CustomerRepositoryContract",
    "CustomerStateMachineContract",
    "FileLinkRepositoryContract",
    "InvoiceRepositoryContract",
    "NoteRepositoryContract",
    "ProjectRepositoryContract",
    "RegistryFactory",
    "RepositoryContract",
    "SettingsRepositoryContract",
    "TaskRepositoryContract",
    "UnitOfWorkContract",
    "customer_machine",
    "fresh",
    "populations",
    "read",
    "run_customer_machine",
    "stored",
]
