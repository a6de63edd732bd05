"""Mass update of customers: property tests of rules M1-M8, undo, and set-basedness.

Every test takes ``registry_factory``, so it runs on each backend (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.audit import changed_fields
from custreg.domain.audit import render
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import MassUpdateError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.mass_update import AddSegments
from custreg.domain.mass_update import ChangeDefaultVat
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.mass_update import ChangeInvoiceTemplate
from custreg.domain.mass_update import ChangeOwner
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import MassAction
from custreg.domain.mass_update import OutcomeKind
from custreg.domain.mass_update import RemoveSegments
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.ports.registry import Registry
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import inactivate_customer
from custreg.usecases.customers import update_customer
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import MassUpdateResult
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import mass_update_trail
from custreg.usecases.mass_update import undo_mass_update

# The registry_factory fixture gives a fresh organisation per call, so sharing it between
# Hypothesis examples is safe.
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


# -- the organisation's catalogue ----------------------------------------------------------------


@attrs.frozen
class Catalogue:
    """Settings ids of one test organisation: active ones and one disabled of each kind."""

    users: tuple[UserId, ...]
    inactive_user: UserId
    industries: tuple[IndustryId, ...]
    inactive_industry: IndustryId
    templates: tuple[InvoiceTemplateId, ...]
    inactive_template: InvoiceTemplateId
    vat_rates: tuple[VatRateId, ...]
    inactive_vat_rate: VatRateId
    segments: tuple[MarketSegmentId, ...]
    inactive_segment: MarketSegmentId
    settings: OrganisationSettings

    @property
    def all_segments(self) -> tuple[MarketSegmentId, ...]:
        return (*self.segments, self.inactive_segment)


def catalogue(organisation_id: OrganisationId) -> Catalogue:
    """Deterministic per organisation, so organisations sharing one database never collide."""

    def ids(kind: str, n: int) -> list[UUID]:
        return [uuid.uuid5(organisation_id, f"{kind}-{i}") for i in range(n)]

    users = [UserId(i) for i in ids("user", 4)]
    industries = [IndustryId(i) for i in ids("industry", 4)]
    templates = [InvoiceTemplateId(i) for i in ids("template", 3)]
    vat_rates = [VatRateId(i) for i in ids("vat", 3)]
    segments = [MarketSegmentId(i) for i in ids("segment", 5)]
    org_settings = OrganisationSettings(
        organisation_id,
        "Mass update test org",
        users=tuple(User(u, f"User {n}", active=n < 3) for n, u in enumerate(users)),
        industries=tuple(
            Industry(i, f"Industry {n}", active=n < 3) for n, i in enumerate(industries)
        ),
        invoice_templates=tuple(
            InvoiceTemplate(t, f"Template {n}", language=("en", "fi", "sv")[n], active=n < 2)
            for n, t in enumerate(templates)
        ),
        vat_rates=tuple(
            VatRate(v, f"VAT {rate}", rate, active=n < 2)
            for n, (v, rate) in enumerate(zip(vat_rates, ("25.5", "14", "24"), strict=True))
        ),
        market_segments=tuple(
            MarketSegment(s, f"Segment {n}", active=n < 4) for n, s in enumerate(segments)
        ),
    )
    return Catalogue(
        users=tuple(users[:3]),
        inactive_user=users[3],
        industries=tuple(industries[:3]),
        inactive_industry=industries[3],
        templates=tuple(templates[:2]),
        inactive_template=templates[2],
        vat_rates=tuple(vat_rates[:2]),
        inactive_vat_rate=vat_rates[2],
        segments=tuple(segments[:4]),
        inactive_segment=segments[4],
        settings=org_settings,
    )


def new_registry(registry_factory: Callable[..., Registry]) -> tuple[Registry, Catalogue]:
    registry = registry_factory(settings=lambda org: catalogue(org).settings)
    return registry, catalogue(registry.organisation_id)


def editor(cat: Catalogue, level: CustomerPermission = CustomerPermission.EDIT) -> Principal:
    return Principal(cat.users[0], level)


# -- strategies ------------------------------------------------------------------------------------


def profiles(cat: Catalogue) -> st.SearchStrategy[dict[str, Any]]:
    """The mass-updatable fields of one customer, drawn from the active catalogue."""
    return st.fixed_dictionaries(
        {
            "owner_id": st.none() | st.sampled_from(cat.users),
            "industry_id": st.none() | st.sampled_from(cat.industries),
            "invoice_template_id": st.none() | st.sampled_from(cat.templates),
            "default_vat_rate_id": st.none() | st.sampled_from(cat.vat_rates),
            "market_segment_ids": st.frozensets(st.sampled_from(cat.segments)),
            "inactive": st.booleans(),
        }
    )


def actions(cat: Catalogue) -> st.SearchStrategy[MassAction]:
    """Every one of the seven actions, with valid (active) values."""
    segment_sets = st.frozensets(st.sampled_from(cat.segments), min_size=1)
    return st.one_of(
        st.sampled_from(cat.users).map(ChangeOwner),
        st.sampled_from(cat.industries).map(ChangeIndustry),
        st.sampled_from(cat.templates).map(ChangeInvoiceTemplate),
        st.sampled_from(cat.vat_rates).map(ChangeDefaultVat),
        st.sampled_from(CustomerStatus).map(ChangeStatus),
        segment_sets.map(AddSegments),
        st.frozensets(st.sampled_from(cat.all_segments), min_size=1).map(RemoveSegments),
    )


def add_customer(registry: Registry, cat: Catalogue, n: int, profile: dict[str, Any]) -> Customer:
    """A customer with ``profile``'s values, created through the ordinary use cases."""
    principal = editor(cat)
    created = create_customer(registry, principal, CreateCustomer(name=f"Customer {n}"))
    update_customer(
        registry,
        principal,
        UpdateCustomer(
            customer_id=created.id,
            owner_id=profile["owner_id"],
            industry_id=profile["industry_id"],
            invoice_template_id=profile["invoice_template_id"],
            default_vat_rate_id=profile["default_vat_rate_id"],
            market_segment_ids=profile["market_segment_ids"],
        ),
    )
    if profile["inactive"]:
        return inactivate_customer(registry, principal, created.id)
    return snapshot(registry, cat)[created.id]


def populate(
    registry: Registry, cat: Catalogue, data: st.DataObject, min_size: int = 1
) -> list[Customer]:
    drawn = data.draw(st.lists(profiles(cat), min_size=min_size, max_size=6), label="customers")
    return [add_customer(registry, cat, n, profile) for n, profile in enumerate(drawn)]


def subset(
    data: st.DataObject, customers: Sequence[Customer], min_size: int = 0
) -> list[CustomerId]:
    chosen = data.draw(
        st.lists(st.sampled_from([c.id for c in customers]), min_size=min_size, unique=True)
        if customers
        else st.just([]),
        label="selection",
    )
    return list(chosen)


def snapshot(registry: Registry, cat: Catalogue) -> dict[CustomerId, Customer]:
    """Every customer of the registry, by id."""
    with registry.uow() as uow:
        ids = uow.customers.ids_matching(CustomerQuery())
        return uow.customers.get_many(ids)


def audit_of(registry: Registry, customers: Sequence[CustomerId]) -> dict[CustomerId, list[Any]]:
    with registry.uow() as uow:
        return {cid: uow.audit.for_entity("customer", cid) for cid in customers}


def expected_value(action: MassAction, before: Any) -> Any:
    """What the help article says each action does (written out, not calling the action)."""
    match action:
        case ChangeOwner(owner_id=v) | ChangeIndustry(industry_id=v):
            return v
        case ChangeInvoiceTemplate(template_id=v) | ChangeDefaultVat(vat_rate_id=v):
            return v
        case ChangeStatus(status=v):
            return v
        case AddSegments(segment_ids=v):
            return before | v
        case RemoveSegments(segment_ids=v):
            return frozenset(s for s in before if s not in v)
    raise AssertionError(action)


FIELD_OF = {
    ChangeOwner: "owner_id",
    ChangeIndustry: "industry_id",
    ChangeInvoiceTemplate: "invoice_template_id",
    ChangeDefaultVat: "default_vat_rate_id",
    ChangeStatus: "status",
    AddSegments: "market_segment_ids",
    RemoveSegments: "market_segment_ids",
}


# -- M1 ------------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m1_unselected_customers_stay_identical(registry_factory: Any, data: st.DataObject) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    before = snapshot(registry, cat)
    mass_update(registry, editor(cat), MassUpdate.of_ids(data.draw(actions(cat)), selected))
    after = snapshot(registry, cat)
    assert set(after) == set(before)
    for customer_id in set(before) - set(selected):
        assert after[customer_id] == before[customer_id]


@fixture_ok
@given(data=st.data())
def test_m1_query_selection_changes_exactly_the_matching_customers(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    owner = data.draw(st.none() | st.sampled_from(cat.users), label="owner")
    industry = data.draw(st.none() | st.sampled_from(cat.industries), label="industry")
    segment = data.draw(st.none() | st.sampled_from(cat.segments), label="segment")
    query = CustomerQuery(owner_id=owner, industry_id=industry, market_segment_id=segment)
    # The model of "all customers of owner X in industry Y (in segment Z)", written out.
    expected = [
        c.id
        for c in sorted(customers, key=lambda c: c.number.value)
        if (owner is None or c.owner_id == owner)
        and (industry is None or c.industry_id == industry)
        and (segment is None or segment in c.market_segment_ids)
    ]
    before = snapshot(registry, cat)
    result = mass_update(
        registry, editor(cat), MassUpdate.matching(ChangeIndustry(cat.industries[2]), query)
    )
    after = snapshot(registry, cat)
    assert [o.customer_id for o in result.outcomes] == expected
    for customer_id, customer in before.items():
        if customer_id in expected:
            assert after[customer_id].industry_id == cat.industries[2]
        else:
            assert after[customer_id] == customer


# -- M2 ------------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m2_any_unknown_or_stale_customer_fails_all_and_each_is_named(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    stale = set(data.draw(st.sets(st.sampled_from(selected)) if selected else st.just(set())))
    unknown = [CustomerId(uuid.UUID(int=n)) for n in data.draw(st.sets(st.integers(1, 10**6)))]
    if not stale and not unknown:
        unknown = [CustomerId(uuid.uuid4())]
    before = snapshot(registry, cat)
    order = data.draw(st.permutations([*selected, *unknown]), label="order")
    # The versions the user saw (for some of the selection): right, or wrong for the stale ones.
    with_versions = stale | set(data.draw(st.sets(st.sampled_from(selected))) if selected else ())
    seen = {
        cid: (v - 1 if v > 1 else v + 1) if cid in stale else v
        for cid, v in ((cid, before[cid].version) for cid in with_versions)
    }
    audit_before = audit_of(registry, list(before))
    with pytest.raises(MassUpdateError) as raised:
        mass_update(registry, editor(cat), MassUpdate.of_ids(data.draw(actions(cat)), order, seen))
    assert list(raised.value.customer_ids) == [c for c in order if c in stale or c in unknown]
    for failure in raised.value.failures:
        assert failure.reason
        assert isinstance(failure.error, NotFoundError) == (failure.customer_id in unknown)
    assert snapshot(registry, cat) == before
    assert audit_of(registry, list(before)) == audit_before


@fixture_ok
@given(data=st.data())
def test_m2_a_customer_changed_while_the_update_runs_fails_it_and_nothing_is_written(
    registry_factory: Any, data: st.DataObject
) -> None:
    """Another user saves a customer after the mass update read it and before it writes: the
    version-checked write refuses, the whole update rolls back, the error names that customer."""
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    victim = data.draw(st.sampled_from(customers), label="victim")
    read_before_the_edit = snapshot(registry, cat)[victim.id]
    update_customer(
        registry, editor(cat), UpdateCustomer(customer_id=victim.id, name="Renamed meanwhile")
    )
    before = snapshot(registry, cat)
    # An action that changes the victim, so the mass update has to write it.
    action = ChangeIndustry(next(i for i in cat.industries if i != victim.industry_id))
    racing = attrs.evolve(registry, uow=_StaleRead(registry, read_before_the_edit))
    with pytest.raises(MassUpdateError) as raised:
        mass_update(racing, editor(cat), MassUpdate.of_ids(action, [c.id for c in customers]))
    assert raised.value.customer_ids == (victim.id,)
    assert snapshot(registry, cat) == before


class _StaleRead:
    """A unit-of-work factory whose ``customers.read_field`` returns ``stale`` for its customer:
    the mass update sees the customer as it was before another user's committed edit (a fake
    standing in for the interleaving of two transactions, valid on every backend)."""

    def __init__(self, inner: Registry, stale: Customer) -> None:
        self.inner, self.stale = inner, stale

    def __call__(self) -> Any:
        return _Wrapped(self.inner.uow(), self.stale)


class _Wrapped:
    def __init__(self, uow: Any, stale: Customer) -> None:
        self._uow, self._stale = uow, stale

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)

    @property
    def customers(self) -> Any:
        uow, stale = self._uow, self._stale

        class Customers:
            def __getattr__(self, name: str) -> Any:
                return getattr(uow.customers, name)

            def read_field(self, ids: Any, field: str) -> Any:
                found = dict(uow.customers.read_field(ids, field))
                if stale.id in found:
                    found[stale.id] = FieldState(stale.version, getattr(stale, field))
                return found

        return Customers()

    def __enter__(self) -> Any:
        self._uow.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._uow.__exit__(*exc)


# -- M3, M4 --------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m3_add_segments_keeps_existing(registry_factory: Any, data: st.DataObject) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    chosen = data.draw(st.frozensets(st.sampled_from(cat.segments), min_size=1), label="chosen")
    before = snapshot(registry, cat)
    mass_update(registry, editor(cat), MassUpdate.of_ids(AddSegments(chosen), selected))
    after = snapshot(registry, cat)
    for customer_id in selected:
        old, new = before[customer_id].market_segment_ids, after[customer_id].market_segment_ids
        assert old <= new
        assert chosen <= new
        assert new - old == chosen - old


@fixture_ok
@given(data=st.data())
def test_m4_remove_segments_subtracts_and_removing_an_absent_one_is_a_no_op(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    chosen = data.draw(st.frozensets(st.sampled_from(cat.all_segments), min_size=1), label="chosen")
    before = snapshot(registry, cat)
    result = mass_update(registry, editor(cat), MassUpdate.of_ids(RemoveSegments(chosen), selected))
    after = snapshot(registry, cat)
    outcomes = {o.customer_id: o for o in result.outcomes}
    for customer_id in selected:
        old, new = before[customer_id].market_segment_ids, after[customer_id].market_segment_ids
        assert new == {s for s in old if s not in chosen}
        if not old & chosen:  # nothing to remove: no-op, not even a version bump
            assert after[customer_id] == before[customer_id]
            assert outcomes[customer_id].kind is OutcomeKind.UNCHANGED


# -- M5 ------------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m5_sets_the_one_named_field_and_changes_no_other(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers, min_size=1)
    action = data.draw(actions(cat), label="action")
    field = FIELD_OF[type(action)]
    before = snapshot(registry, cat)
    mass_update(registry, editor(cat), MassUpdate.of_ids(action, selected))
    after = snapshot(registry, cat)
    for customer_id in selected:
        old, new = before[customer_id], after[customer_id]
        assert getattr(new, field) == expected_value(action, getattr(old, field))
        assert set(changed_fields(old, new)) <= {field}


def invalid_actions(cat: Catalogue) -> st.SearchStrategy[MassAction]:
    """Values that are disabled or not in the catalogue at all."""
    unknown = st.uuids(version=4)
    return st.one_of(
        (st.just(cat.inactive_user) | unknown).map(lambda v: ChangeOwner(UserId(v))),
        (st.just(cat.inactive_industry) | unknown).map(lambda v: ChangeIndustry(IndustryId(v))),
        (st.just(cat.inactive_template) | unknown).map(
            lambda v: ChangeInvoiceTemplate(InvoiceTemplateId(v))
        ),
        (st.just(cat.inactive_vat_rate) | unknown).map(lambda v: ChangeDefaultVat(VatRateId(v))),
        st.tuples(st.sampled_from(cat.segments), st.just(cat.inactive_segment) | unknown).map(
            lambda pair: AddSegments({pair[0], MarketSegmentId(pair[1])})
        ),
        unknown.map(lambda v: RemoveSegments({MarketSegmentId(v)})),
    )


@fixture_ok
@given(data=st.data())
def test_m5_the_value_must_exist_and_be_active_in_settings(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    action = data.draw(invalid_actions(cat), label="action")
    before = snapshot(registry, cat)
    with pytest.raises(ValidationError) as raised:
        mass_update(registry, editor(cat), MassUpdate.of_ids(action, selected))
    assert raised.value.field == FIELD_OF[type(action)]
    assert snapshot(registry, cat) == before


def test_m5_removing_a_disabled_segment_is_allowed(registry_factory: Any) -> None:
    """Taking customers out of a retired segment must stay possible."""
    registry, cat = new_registry(registry_factory)
    customer = add_customer(
        registry,
        cat,
        1,
        {
            "owner_id": None,
            "industry_id": None,
            "invoice_template_id": None,
            "default_vat_rate_id": None,
            "market_segment_ids": frozenset(cat.segments[:1]),
            "inactive": False,
        },
    )
    # The segment was active when assigned, then disabled.
    with registry.uow() as uow:
        disabled = tuple(
            attrs.evolve(s, active=False) if s.id == cat.segments[0] else s
            for s in cat.settings.market_segments
        )
        uow.settings.save(attrs.evolve(cat.settings, market_segments=disabled))
        uow.commit()
    action = RemoveSegments({cat.segments[0]})
    result = mass_update(registry, editor(cat), MassUpdate.of_ids(action, [customer.id]))
    assert result.outcomes[0].after == frozenset()


# -- M6 ------------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m6_applying_an_action_twice_gives_the_same_registry_as_once(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    cmd = MassUpdate.of_ids(data.draw(actions(cat), label="action"), selected)
    mass_update(registry, editor(cat), cmd)
    once, audit_once = snapshot(registry, cat), audit_of(registry, [c.id for c in customers])
    again = mass_update(registry, editor(cat), cmd)
    assert snapshot(registry, cat) == once
    assert audit_of(registry, [c.id for c in customers]) == audit_once
    assert again.batch_id is None
    assert all(o.kind is OutcomeKind.UNCHANGED for o in again.outcomes)


# -- M7 ------------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m7_one_outcome_per_selected_customer_with_before_and_after(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    # Selecting a customer twice selects it once.
    doubled = selected + data.draw(st.lists(st.sampled_from(selected)) if selected else st.just([]))
    action = data.draw(actions(cat), label="action")
    field = FIELD_OF[type(action)]
    before = snapshot(registry, cat)
    result = mass_update(registry, editor(cat), MassUpdate.of_ids(action, doubled))
    after = snapshot(registry, cat)
    assert [o.customer_id for o in result.outcomes] == selected
    assert len(result.changed) + len(result.unchanged) == result.selected == len(selected)
    for outcome in result.outcomes:
        old, new = before[outcome.customer_id], after[outcome.customer_id]
        assert outcome.field == field
        assert outcome.before == getattr(old, field)
        assert outcome.after == getattr(new, field)
        if outcome.kind is OutcomeKind.CHANGED:
            assert new.version == old.version + 1
            assert new.updated_by == editor(cat).user_id
        else:
            assert new == old  # already so: not written


@fixture_ok
@given(data=st.data())
def test_m7_each_change_is_audited_with_who_when_what_before_and_after(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers)
    action = data.draw(actions(cat), label="action")
    principal = Principal(data.draw(st.sampled_from(cat.users)), CustomerPermission.EDIT)
    before = audit_of(registry, [c.id for c in customers])
    result = mass_update(registry, principal, MassUpdate.of_ids(action, selected))
    after = audit_of(registry, [c.id for c in customers])
    changed = {o.customer_id: o for o in result.changed}
    for customer in customers:
        new_entries = after[customer.id][len(before[customer.id]) :]
        assert after[customer.id][: len(before[customer.id])] == before[customer.id]
        if customer.id not in changed:
            assert new_entries == []
            continue
        outcome = changed[customer.id]
        assert len(new_entries) == 1  # one entry per changed customer: its one field
        entry = new_entries[0]
        assert entry.field == outcome.field
        assert entry.actor == principal.user_id
        assert entry.at == registry.clock.now()
        assert entry.action == f"mass_update.{action.name}"
        assert (entry.before, entry.after) == (render(outcome.before), render(outcome.after))
        assert entry.batch_id == result.batch_id
    if result.batch_id is not None:
        with registry.uow() as uow:
            batch = uow.audit.for_batch(result.batch_id)
        assert {e.entity_id for e in batch if e.entity == "customer"} == set(changed)
        # ... and one entry about the batch: the version written for each customer.
        (summary,) = [e for e in batch if e.entity == "mass_update"]
        stored = snapshot(registry, cat)
        assert summary.after == {str(cid): stored[cid].version for cid in changed}
        # The trail as a use case: readable with Read-only, not with None (U2).
        reader = Principal(cat.users[2], CustomerPermission.READ_ONLY)
        assert mass_update_trail(registry, reader, result.batch_id) == batch
        with pytest.raises(PermissionDeniedError):
            mass_update_trail(registry, editor(cat, CustomerPermission.NONE), result.batch_id)


# -- M8 ------------------------------------------------------------------------------------------


@fixture_ok
@given(
    data=st.data(),
    level=st.sampled_from([CustomerPermission.NONE, CustomerPermission.READ_ONLY]),
)
def test_m8_a_principal_below_edit_cannot_mass_update_or_undo(
    registry_factory: Any, data: st.DataObject, level: CustomerPermission
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers, min_size=1)
    action = data.draw(actions(cat), label="action")
    before = snapshot(registry, cat)
    with pytest.raises(PermissionDeniedError):
        mass_update(registry, editor(cat, level), MassUpdate.of_ids(action, selected))
    with pytest.raises(PermissionDeniedError):
        mass_update(registry, editor(cat, level), MassUpdate.matching(action, CustomerQuery()))
    assert snapshot(registry, cat) == before
    # An editor's batch cannot be undone by them either.
    done = mass_update(registry, editor(cat), MassUpdate.of_ids(action, selected))
    if done.batch_id is not None:
        after = snapshot(registry, cat)
        with pytest.raises(PermissionDeniedError):
            undo_mass_update(registry, editor(cat, level), done.batch_id)
        assert snapshot(registry, cat) == after


# -- undo ----------------------------------------------------------------------------------------


@fixture_ok
@given(data=st.data())
def test_m7_undo_restores_exactly_the_previous_values(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers, min_size=1)
    action = data.draw(actions(cat), label="action")
    field = FIELD_OF[type(action)]
    before = snapshot(registry, cat)
    done = mass_update(registry, editor(cat), MassUpdate.of_ids(action, selected))
    if done.batch_id is None:
        assert snapshot(registry, cat) == before
        return
    undone = undo_mass_update(registry, editor(cat), done.batch_id)
    after = snapshot(registry, cat)
    assert undone.undoes == done.batch_id
    assert {o.customer_id for o in undone.outcomes} == {o.customer_id for o in done.changed}
    for customer_id, old in before.items():
        new = after[customer_id]
        assert getattr(new, field) == getattr(old, field)
        assert changed_fields(old, new) == []
        if customer_id not in {o.customer_id for o in done.changed}:
            assert new == old
    # The undo is itself a batch of the audit trail.
    assert undone.batch_id is not None
    with registry.uow() as uow:
        assert {e.action for e in uow.audit.for_batch(undone.batch_id)} == {"mass_update.undo"}


@fixture_ok
@given(data=st.data())
def test_m2_undo_refuses_and_writes_nothing_if_a_changed_customer_changed_again(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry, cat = new_registry(registry_factory)
    customers = populate(registry, cat, data)
    selected = subset(data, customers, min_size=1)
    done = mass_update(
        registry, editor(cat), MassUpdate.of_ids(ChangeStatus(CustomerStatus.INACTIVE), selected)
    )
    if not done.changed:
        return
    edited = data.draw(
        st.lists(st.sampled_from([o.customer_id for o in done.changed]), min_size=1, unique=True)
    )
    for customer_id in edited:
        update_customer(
            registry, editor(cat), UpdateCustomer(customer_id=customer_id, name="Edited later")
        )
    before = snapshot(registry, cat)
    with pytest.raises(MassUpdateError) as raised:
        undo_mass_update(registry, editor(cat), done.batch_id)  # type: ignore[arg-type]
    assert set(raised.value.customer_ids) == set(edited)
    assert snapshot(registry, cat) == before


def test_undo_of_an_unknown_batch_is_not_found(registry_factory: Any) -> None:
    registry, cat = new_registry(registry_factory)
    with pytest.raises(NotFoundError):
        undo_mass_update(registry, editor(cat), uuid.uuid4())


# -- the command ---------------------------------------------------------------------------------


def test_a_selection_is_ids_or_a_query_never_both_nor_neither() -> None:
    cat = catalogue(OrganisationId(uuid.uuid4()))
    action = ChangeStatus(CustomerStatus.ACTIVE)
    with pytest.raises(ValidationError):
        MassUpdate(action)
    with pytest.raises(ValidationError):
        MassUpdate(action, (CustomerId(uuid.uuid4()),), CustomerQuery())
    with pytest.raises(ValidationError):  # versions only for selected ids
        MassUpdate.of_ids(action, [], {CustomerId(uuid.uuid4()): 1})
    with pytest.raises(ValidationError):
        AddSegments(frozenset())
    with pytest.raises(ValidationError):
        ChangeOwner("not an id")  # type: ignore[arg-type]
    assert MassUpdate.of_ids(ChangeOwner(cat.users[0]), []).customer_ids == ()


# -- set-based -----------------------------------------------------------------------------------


class _CountingRegistry:
    """Counts calls to every port of the unit of work (a transparent proxy)."""

    def __init__(self, inner: Registry) -> None:
        self.calls: list[str] = []
        self.registry = attrs.evolve(inner, uow=lambda: self._Proxy(inner.uow(), self.calls, ""))

    class _Proxy:
        def __init__(self, target: Any, calls: list[str], name: str) -> None:
            self._target, self._calls, self._name = target, calls, name

        def __getattr__(self, name: str) -> Any:
            value = getattr(self._target, name)
            if callable(value):

                def call(*args: Any, **kwargs: Any) -> Any:
                    self._calls.append(f"{self._name}.{name}")
                    return value(*args, **kwargs)

                return call
            return _CountingRegistry._Proxy(value, self._calls, name)

        def __enter__(self) -> Any:
            self._target.__enter__()
            return self

        def __exit__(self, *exc: Any) -> None:
            self._target.__exit__(*exc)


@pytest.mark.parametrize("action_index", range(7))
def test_mass_update_makes_the_same_port_calls_for_1_and_for_25_customers(
    registry_factory: Any, action_index: int
) -> None:
    """Set-based: the number of repository calls does not grow with the selection."""
    registry, cat = new_registry(registry_factory)
    empty = {
        "owner_id": None,
        "industry_id": None,
        "invoice_template_id": None,
        "default_vat_rate_id": None,
        "market_segment_ids": frozenset(cat.segments[1:2]),
        "inactive": False,
    }
    customers = [add_customer(registry, cat, n, empty) for n in range(26)]
    action = [
        ChangeOwner(cat.users[1]),
        ChangeIndustry(cat.industries[1]),
        ChangeInvoiceTemplate(cat.templates[1]),
        ChangeDefaultVat(cat.vat_rates[1]),
        ChangeStatus(CustomerStatus.INACTIVE),
        AddSegments({cat.segments[0]}),
        RemoveSegments({cat.segments[1]}),
    ][action_index]
    counting = _CountingRegistry(registry)
    calls: list[list[str]] = []
    results: list[MassUpdateResult] = []
    for chunk in (customers[:1], customers[1:]):
        counting.calls.clear()
        results.append(
            mass_update(
                counting.registry, editor(cat), MassUpdate.of_ids(action, [c.id for c in chunk])
            )
        )
        calls.append(list(counting.calls))
        counting.calls.clear()
        undo_mass_update(counting.registry, editor(cat), results[-1].batch_id)  # type: ignore[arg-type]
        calls.append(list(counting.calls))
    assert [len(r.changed) for r in results] == [1, 25]
    assert calls[0] == calls[2]  # mass update of 1 vs 25
    assert calls[1] == calls[3]  # undo of 1 vs 25
    assert calls[0].count("customers.write_field") == 1
    assert calls[0].count("customers.read_field") == 1
    # one audit write: the entries as columns (``record_columns``) where the log offers it
    assert sum(call.startswith("audit.record") for call in calls[0]) == 1
