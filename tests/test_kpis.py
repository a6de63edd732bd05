"""K1-K8: the KPI figures of the customer list, on every adapter, against a naive reference.

The reference (``reference_figures``) is written straight from rules.md over plain lists and shares
no code with the use case or the adapters except ``CustomerQuery.matches`` (C6's own reference
predicate for "the current selection").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import assume
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.adapters.system import FixedClock
from custreg.adapters.text.kpi import render_strip
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import CustomerKpis
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.kpis import customer_kpis

RegistryFactory = Callable[..., Registry]

with_fixture = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

ANNA = UserId(uuid.UUID(int=0xA11A))
BO = UserId(uuid.UUID(int=0xB0))
USERS = (ANNA, BO)
INVOICE_STATUS_NAMES = ("Draft", "Sent", "Paid")
SALES_STATES = (SalesState.IN_PROGRESS, SalesState.IN_PROGRESS, SalesState.WON, SalesState.LOST)
NAMES = ("Acme", "acme Oy", "Birch", "Cedar AB", "Dune", "Elm")
ZONES = ("Europe/Helsinki", "UTC", "America/New_York")
EUR = "EUR"


# -- the world: a registry as plain lists -------------------------------------------------------


@dataclass
class World:
    """One organisation's data. Ids are fresh UUIDs so worlds never collide in a shared database."""

    invoice_statuses: list[InvoiceStatus]
    sales_statuses: list[SalesStatus]
    timezone: str = "Europe/Helsinki"
    customers: list[Customer] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    costs: list[CostEntry] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)

    def settings(self, organisation_id: OrganisationId) -> OrganisationSettings:
        return OrganisationSettings(
            organisation_id=organisation_id,
            name="KPI test Oy",
            currency=EUR,
            timezone=self.timezone,
            users=tuple(User(u, f"User {i}") for i, u in enumerate(USERS)),
            invoice_statuses=tuple(self.invoice_statuses),
            sales_statuses=tuple(self.sales_statuses),
        )


def new_world(sent_flags: Sequence[bool] = (False, True, True), timezone: str = "UTC") -> World:
    return World(
        invoice_statuses=[
            InvoiceStatus(InvoiceStatusId(uuid.uuid4()), name, is_sent=sent, has_number=sent)
            for name, sent in zip(INVOICE_STATUS_NAMES, sent_flags, strict=True)
        ],
        sales_statuses=[
            SalesStatus(SalesStatusId(uuid.uuid4()), f"{state.value} {i}", state)
            for i, state in enumerate(SALES_STATES)
        ],
        timezone=timezone,
    )


def add_customer(
    world: World,
    name: str = "Acme",
    status: CustomerStatus = CustomerStatus.ACTIVE,
    owner: UserId | None = None,
    internal: bool = False,
) -> Customer:
    customer = Customer(
        id=CustomerId(uuid.uuid4()),
        number=CustomerNumber(len(world.customers) + 1),
        name=name,
        created_at=datetime(2020, 1, 1, tzinfo=UTC),
        status=status,
        owner_id=owner,
        is_internal=internal,
    )
    world.customers.append(customer)
    return customer


def add_project(
    world: World,
    customer: Customer,
    *,
    internal: bool = False,
    closed: bool = False,
    state: SalesState | None = None,
) -> Project:
    status = next((s.id for s in world.sales_statuses if s.state is state), None)
    project = Project(
        id=ProjectId(uuid.uuid4()),
        customer_id=customer.id,
        number=len(world.projects) + 1,
        name=f"Project {len(world.projects) + 1}",
        is_internal=internal,
        is_closed=closed,
        sales_status_id=status,
    )
    world.projects.append(project)
    return project


def add_cost(world: World, project: Project, on: date, amount: Decimal | str) -> CostEntry:
    entry = CostEntry(
        CostEntryId(uuid.uuid4()), project.id, CostKind.WORK_HOURS, on, Money(amount, EUR)
    )
    world.costs.append(entry)
    return entry


def add_invoice(
    world: World,
    customer: Customer,
    on: date,
    amount: Decimal | str,
    *,
    status: str = "Sent",
    number: int | None = 0,
    owner: UserId | None = None,
) -> Invoice:
    """``number=0`` means "the next free number"; None means no number."""
    value = Decimal(amount)
    invoice = Invoice(
        id=InvoiceId(uuid.uuid4()),
        customer_id=customer.id,
        status_id=next(s.id for s in world.invoice_statuses if s.name == status),
        on=on,
        total_excl_vat=Money(value, EUR),
        total_incl_vat=Money(value, EUR),
        number=len(world.invoices) + 1 if number == 0 else number,
        is_credit_note=value < 0,
        owner_id=owner,
    )
    world.invoices.append(invoice)
    return invoice


def store(registry: Registry, world: World) -> Registry:
    """Put the world into the registry through the repository ports."""
    with registry.uow() as uow:
        for customer in world.customers:
            uow.customers.add(customer)
        for project in world.projects:
            uow.projects.add(project)
        for entry in world.costs:
            uow.projects.add_cost(entry)
        for invoice in world.invoices:
            uow.invoices.add(invoice)
        uow.commit()
    return registry


def open_world(registry_factory: RegistryFactory, world: World, **kwargs: Any) -> Registry:
    return store(registry_factory(settings=world.settings, **kwargs), world)


# -- the naive reference, straight from rules.md ------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What the strip shows, as plain numbers (None: hidden)."""

    billing_year: Decimal | None
    cost_year: Decimal | None
    margin_year: Decimal | None
    this_month: Decimal | None
    last_month: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    active: int
    prospects: int


def figures_of(kpis: CustomerKpis) -> Figures:
    m, b = kpis.margin_this_year, kpis.billing_this_month
    return Figures(
        billing_year=m.billing.amount if m else None,
        cost_year=m.total_cost.amount if m else None,
        margin_year=m.margin.amount if m else None,
        this_month=b.this_month.amount if b else None,
        last_month=b.last_month.amount if b else None,
        change=b.change.amount if b else None,
        change_percent=b.change_percent if b else None,
        active=kpis.active_customers,
        prospects=kpis.prospects,
    )


def reference_figures(
    world: World, principal: Principal, selection: CustomerQuery, day: date
) -> Figures:
    """Every figure computed by iterating over the lists, as the rules and Terms read."""
    chosen = [c.id for c in world.customers if selection.matches(c)]
    sent = {s.id: s.is_sent for s in world.invoice_statuses}
    state = {s.id: s.state for s in world.sales_statuses}
    project_by_id = {p.id: p for p in world.projects}

    def may_see(invoice: Invoice) -> bool:  # K4 + U5: invoice access, whatever the level
        if principal.customers == CustomerPermission.NONE:
            return False
        if principal.invoices == InvoiceAccess.ALL:
            return True
        if principal.invoices == InvoiceAccess.OWN:
            return invoice.owner_id == principal.user_id
        return False

    def billing(year: int, month: int | None) -> Decimal:
        total = Decimal(0)
        for invoice in world.invoices:
            if (
                invoice.customer_id in chosen
                and sent[invoice.status_id]
                and invoice.number is not None
                and may_see(invoice)
                and invoice.on.year == year
                and (month is None or invoice.on.month == month)
            ):
                total += invoice.total_excl_vat.amount
        return total

    cost = Decimal(0)
    for entry in world.costs:
        project = project_by_id[entry.project_id]
        if project.customer_id in chosen and not project.is_internal and entry.on.year == day.year:
            cost += entry.amount.amount

    # K5: the organisation's own internal customer never counts, whatever its projects say.
    internal = {c.id for c in world.customers if c.is_internal}
    counted = [c for c in chosen if c not in internal]
    active: set[CustomerId] = set()
    for project in world.projects:
        if project.customer_id in counted and not project.is_closed and not project.is_internal:
            active.add(project.customer_id)

    prospects = 0
    for customer_id in counted:
        own = [p for p in world.projects if p.customer_id == customer_id]
        in_progress = any(
            p.sales_status_id is not None
            and state[p.sales_status_id] == SalesState.IN_PROGRESS
            and not p.is_closed
            and not p.is_internal
            for p in own
        )
        won = any(
            p.sales_status_id is not None and state[p.sales_status_id] == SalesState.WON
            for p in own
        )
        billed = any(  # K6 + U5: only a billed invoice the principal may see is billing
            i.customer_id == customer_id
            and sent[i.status_id]
            and i.number is not None
            and may_see(i)
            for i in world.invoices
        )
        if in_progress and not billed and not won:
            prospects += 1

    if principal.invoices == InvoiceAccess.NONE:  # U5: no invoice visible, no money figure
        return Figures(None, None, None, None, None, None, None, len(active), prospects)
    last_year, last_month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    this, last = billing(day.year, day.month), billing(last_year, last_month)
    year = billing(day.year, None)
    percent = (
        None
        if last == 0
        else ((this - last) / abs(last) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )
    return Figures(
        year, cost, year - cost, this, last, this - last, percent, len(active), prospects
    )


# -- strategies --------------------------------------------------------------------------------

REFERENCE_DAYS = st.one_of(
    st.sampled_from(
        [
            date(2026, 1, 1),
            date(2026, 1, 31),
            date(2025, 12, 31),
            date(2025, 12, 1),
            date(2024, 2, 29),
            date(2024, 3, 1),
            date(2024, 3, 31),
            date(2026, 11, 25),
        ]
    ),
    st.dates(date(2023, 1, 1), date(2027, 12, 31)),
)


def near(day: date) -> st.SearchStrategy[date]:
    """Dates that straddle the month and year boundaries around ``day``."""
    first = day.replace(day=1)
    before = first - timedelta(days=1)
    edges = [
        first,
        before,
        before.replace(day=1),
        before.replace(day=1) - timedelta(days=1),
        date(day.year, 1, 1),
        date(day.year, 12, 31),
        date(day.year - 1, 12, 31),
        date(day.year + 1, 1, 1),
        day,
        date(day.year - 1, day.month, min(day.day, 28)),
    ]
    return st.one_of(
        st.sampled_from(edges),
        st.integers(-400, 60).map(lambda offset: day + timedelta(days=offset)),
    )


AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9999999.9999"), places=4)
COSTS = st.decimals(min_value=Decimal(-500), max_value=Decimal("999999.9999"), places=4)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[World, date]:
    """A random registry and a reference day: customers, projects internal or not, open or
    closed, in every sales state, invoices in every status, across year and month boundaries,
    credit notes, owned by either user or nobody."""
    day = draw(REFERENCE_DAYS)
    world = new_world(
        sent_flags=draw(st.tuples(st.booleans(), st.just(True), st.booleans())),
        timezone=draw(st.sampled_from(ZONES)),
    )
    for _ in range(draw(st.integers(1, 6))):
        add_customer(
            world,
            name=draw(st.sampled_from(NAMES)),
            status=draw(st.sampled_from(CustomerStatus)),
            owner=draw(st.sampled_from((None, *USERS))),
            internal=draw(st.sampled_from((False, False, True))),
        )
    if world.customers:
        customers = st.sampled_from(world.customers)
        for _ in range(draw(st.integers(0, 12))):
            add_project(
                world,
                draw(customers),
                internal=draw(st.booleans()),
                closed=draw(st.booleans()),
                state=draw(st.sampled_from((None, *SalesState))),
            )
        for _ in range(draw(st.integers(0, 10))):
            amount = draw(AMOUNTS)
            add_invoice(
                world,
                draw(customers),
                draw(near(day)),
                -amount if draw(st.booleans()) and draw(st.booleans()) else amount,
                status=draw(st.sampled_from(INVOICE_STATUS_NAMES)),
                number=draw(st.sampled_from((0, 0, None))),
                owner=draw(st.sampled_from((None, *USERS))),
            )
    if world.projects:
        projects = st.sampled_from(world.projects)
        for _ in range(draw(st.integers(0, 12))):
            add_cost(world, draw(projects), draw(near(day)), draw(COSTS))
    return world, day


PRINCIPALS = st.builds(
    Principal,
    user_id=st.sampled_from((*USERS, UserId(uuid.UUID(int=0xC0)))),
    customers=st.sampled_from(
        [
            CustomerPermission.ALL,
            CustomerPermission.ALL,
            CustomerPermission.READ_ONLY,
            CustomerPermission.EDIT,
        ]
    ),
    invoices=st.sampled_from(InvoiceAccess),
)
ALL_SEEING = Principal(ANNA, CustomerPermission.ALL)


def selections(world: World) -> st.SearchStrategy[CustomerQuery | list[CustomerId] | None]:
    ids = [c.id for c in world.customers]
    return st.one_of(
        st.none(),
        st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]),
        st.builds(
            CustomerQuery,
            status=st.sampled_from((None, *CustomerStatus)),
            owner_id=st.sampled_from((None, *USERS)),
            text=st.sampled_from((None, "acme", "Cedar", "e", "1")),
        ),
    )


def as_query(selection: CustomerQuery | list[CustomerId] | None) -> CustomerQuery:
    if selection is None:
        return CustomerQuery()
    if isinstance(selection, CustomerQuery):
        return selection
    return CustomerQuery(ids=frozenset(selection))


def kpis_of(
    registry: Registry,
    principal: Principal,
    day: date | datetime | None = None,
    selection: CustomerQuery | list[CustomerId] | None = None,
) -> Figures:
    return figures_of(customer_kpis(registry, principal, selection=selection, reference=day))


# -- K7 / all rules: every adapter equals the reference ---------------------------------------


@with_fixture
@given(data=st.data(), generated=worlds(), principal=PRINCIPALS)
def test_k7_every_adapter_equals_the_naive_reference(
    registry_factory: RegistryFactory,
    data: st.DataObject,
    generated: tuple[World, date],
    principal: Principal,
) -> None:
    """K1, K3, K4, K5, K6, K7 at once: random registries, selections and principals."""
    world, day = generated
    selection = data.draw(selections(world))
    registry = open_world(registry_factory, world)
    expected = reference_figures(world, principal, as_query(selection), day)
    assert kpis_of(registry, principal, day, selection) == expected


@with_fixture
@given(generated=worlds())
def test_k1_margin_is_billing_minus_total_cost_of_non_internal_projects(
    registry_factory: RegistryFactory, generated: tuple[World, date]
) -> None:
    world, day = generated
    figures = kpis_of(open_world(registry_factory, world), ALL_SEEING, day)
    expected = reference_figures(world, ALL_SEEING, CustomerQuery(), day)
    assert figures.billing_year == expected.billing_year
    assert figures.cost_year == expected.cost_year
    assert figures.margin_year == expected.billing_year - expected.cost_year  # type: ignore[operator]


@with_fixture
@given(generated=worlds(), data=st.data())
def test_k2_cost_on_an_internal_project_never_changes_margin(
    registry_factory: RegistryFactory, generated: tuple[World, date], data: st.DataObject
) -> None:
    world, day = generated
    assume(world.customers)
    before = kpis_of(open_world(registry_factory, world), ALL_SEEING, day)
    internal = [p for p in world.projects if p.is_internal]
    if internal and data.draw(st.booleans()):
        project = data.draw(st.sampled_from(internal))
    else:
        project = add_project(
            world,
            data.draw(st.sampled_from(world.customers)),
            internal=True,
            closed=data.draw(st.booleans()),
        )
    add_cost(world, project, data.draw(near(day)), data.draw(COSTS.filter(bool)))
    after = kpis_of(open_world(registry_factory, world), ALL_SEEING, day)
    assert after.margin_year == before.margin_year
    assert after.cost_year == before.cost_year


def test_k2_cost_on_an_ordinary_project_does_change_margin(
    registry_factory: RegistryFactory,
) -> None:
    """The counterpart that shows the K2 test can fail: the same cost elsewhere counts."""
    world = new_world()
    acme = add_customer(world)
    add_cost(world, add_project(world, acme, internal=True), date(2026, 3, 3), "100")
    add_cost(world, add_project(world, acme), date(2026, 3, 3), "40.5")
    add_invoice(world, acme, date(2026, 2, 1), "1000")
    figures = kpis_of(open_world(registry_factory, world), ALL_SEEING, date(2026, 11, 25))
    assert (figures.billing_year, figures.cost_year, figures.margin_year) == (
        Decimal(1000),
        Decimal("40.5"),
        Decimal("959.5"),
    )


# -- K3: months, years, time zones -------------------------------------------------------------


def test_k3_january_compares_with_december_of_the_previous_year(
    registry_factory: RegistryFactory,
) -> None:
    world = new_world()
    acme = add_customer(world)
    add_invoice(world, acme, date(2025, 12, 1), "200")
    add_invoice(world, acme, date(2025, 12, 31), "100")
    add_invoice(world, acme, date(2026, 1, 1), "330")
    add_invoice(world, acme, date(2026, 1, 31), "0.5")
    add_invoice(world, acme, date(2026, 12, 15), "7")  # December of *this* year: not last month
    add_invoice(world, acme, date(2026, 2, 1), "9")
    figures = kpis_of(open_world(registry_factory, world), ALL_SEEING, date(2026, 1, 15))
    assert figures.this_month == Decimal("330.5")
    assert figures.last_month == Decimal(300)
    assert figures.change == Decimal("30.5")
    assert figures.change_percent == Decimal("10.17")
    assert figures.billing_year == Decimal("346.5")  # the whole calendar year 2026


def test_k3_leap_year_february_is_last_month_of_march(registry_factory: RegistryFactory) -> None:
    world = new_world()
    acme = add_customer(world)
    add_invoice(world, acme, date(2024, 2, 29), "50")
    add_invoice(world, acme, date(2024, 2, 1), "50")
    add_invoice(world, acme, date(2024, 1, 31), "1000")
    add_invoice(world, acme, date(2024, 3, 1), "25")
    figures = kpis_of(open_world(registry_factory, world), ALL_SEEING, date(2024, 3, 31))
    assert (figures.this_month, figures.last_month) == (Decimal(25), Decimal(100))
    assert figures.change_percent == Decimal("-75.00")


def test_k3_the_reference_instant_is_read_in_the_organisation_time_zone(
    registry_factory: RegistryFactory,
) -> None:
    """22:30 UTC on 31 January is still January in UTC but already February in Helsinki."""
    instant = datetime(2026, 1, 31, 22, 30, tzinfo=UTC)
    results = {}
    for zone in ("Europe/Helsinki", "UTC"):
        world = new_world(timezone=zone)
        acme = add_customer(world)
        add_invoice(world, acme, date(2026, 1, 20), "100")
        add_invoice(world, acme, date(2026, 2, 1), "40")
        registry = open_world(registry_factory, world, clock=FixedClock(instant))
        results[zone] = kpis_of(registry, ALL_SEEING)  # reference from the clock port
        assert kpis_of(registry, ALL_SEEING, instant) == results[zone]
    assert (results["Europe/Helsinki"].this_month, results["Europe/Helsinki"].last_month) == (
        Decimal(40),
        Decimal(100),
    )
    assert (results["UTC"].this_month, results["UTC"].last_month) == (Decimal(100), Decimal(0))
    assert results["UTC"].change_percent is None  # no base last month


def test_k3_new_year_instant_moves_the_year_in_the_organisation_time_zone(
    registry_factory: RegistryFactory,
) -> None:
    world = new_world(timezone="Europe/Helsinki")
    acme = add_customer(world)
    add_invoice(world, acme, date(2025, 12, 31), "10")
    add_invoice(world, acme, date(2026, 1, 1), "1")
    registry = open_world(registry_factory, world)
    figures = kpis_of(registry, ALL_SEEING, datetime(2025, 12, 31, 22, 0, tzinfo=UTC))
    assert (figures.billing_year, figures.this_month, figures.last_month) == (
        Decimal(1),
        Decimal(1),
        Decimal(10),
    )


def test_k3_a_naive_datetime_is_refused(registry_factory: RegistryFactory) -> None:
    registry = open_world(registry_factory, new_world())
    with pytest.raises(ValidationError) as error:
        customer_kpis(registry, ALL_SEEING, reference=datetime(2026, 1, 1, 12, 0))
    assert error.value.field == "reference"


@with_fixture
@given(generated=worlds())
def test_k3_last_month_is_this_month_with_the_reference_moved_back_one_month(
    registry_factory: RegistryFactory, generated: tuple[World, date]
) -> None:
    world, day = generated
    registry = open_world(registry_factory, world)
    first = day.replace(day=1)
    moved = (first - timedelta(days=1)).replace(day=min(day.day, 28))
    assert (
        kpis_of(registry, ALL_SEEING, day).last_month
        == kpis_of(registry, ALL_SEEING, moved).this_month
    )


# -- K4: what counts as billing ------------------------------------------------------------------


@st.composite
def not_counting(draw: st.DrawFn, day: date) -> dict[str, Any]:
    """An invoice that must not change any billing figure for Anna seeing her own invoices:
    unsent, unnumbered, dated outside this year and last month, or owned by someone else."""
    outside = st.one_of(  # before December of last year or after this year: outside all three
        st.dates(date(2000, 1, 1), date(day.year - 1, 11, 30)),
        st.dates(date(day.year + 1, 1, 1), date(2099, 12, 31)),
    )
    kind = draw(st.sampled_from(["unsent", "unnumbered", "outside", "invisible"]))
    options: dict[str, Any] = {"on": draw(near(day)), "status": "Sent", "number": 0, "owner": ANNA}
    if kind == "unsent":
        options["status"] = "Draft"
    elif kind == "unnumbered":
        options["number"] = None
    elif kind == "outside":
        options["on"] = draw(outside)
    else:
        options["owner"] = draw(st.sampled_from((None, BO)))
    return options


@with_fixture
@given(generated=worlds(), data=st.data())
def test_k4_unsent_unnumbered_outside_or_invisible_invoices_change_no_billing(
    registry_factory: RegistryFactory, generated: tuple[World, date], data: st.DataObject
) -> None:
    world, day = generated
    world.invoice_statuses[0] = attrs.evolve(world.invoice_statuses[0], is_sent=False)
    assume(world.customers)
    principal = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.OWN)
    before = kpis_of(open_world(registry_factory, world), principal, day)
    options = data.draw(not_counting(day))
    customer = data.draw(st.sampled_from(world.customers))
    add_invoice(world, customer, amount=data.draw(AMOUNTS.filter(bool)), **options)
    after = kpis_of(open_world(registry_factory, world), principal, day)
    money = ("billing_year", "margin_year", "this_month", "last_month", "change", "change_percent")
    assert {f: getattr(after, f) for f in money} == {f: getattr(before, f) for f in money}


def test_k4_a_visible_sent_numbered_invoice_in_the_month_does_count(
    registry_factory: RegistryFactory,
) -> None:
    """The counterpart of the K4 property: each of the four conditions is needed."""
    world = new_world()
    acme = add_customer(world)
    add_invoice(world, acme, date(2026, 11, 2), "10", owner=ANNA)
    add_invoice(world, acme, date(2026, 11, 3), "1", status="Draft", owner=ANNA)
    add_invoice(world, acme, date(2026, 11, 4), "2", number=None, owner=ANNA)
    add_invoice(world, acme, date(2026, 12, 1), "4", owner=ANNA)
    add_invoice(world, acme, date(2026, 11, 5), "8", owner=BO)
    add_invoice(world, acme, date(2026, 11, 6), "-3", owner=ANNA)  # a credit note reduces it
    registry = open_world(registry_factory, world)
    own = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.OWN)
    nothing = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.NONE)
    day = date(2026, 11, 25)
    assert kpis_of(registry, own, day).this_month == Decimal(7)
    assert kpis_of(registry, ALL_SEEING, day).this_month == Decimal(15)
    assert kpis_of(registry, ALL_SEEING, day).billing_year == Decimal(19)
    assert kpis_of(registry, nothing, day).this_month is None  # U5: no invoice, no figure


@with_fixture
@given(generated=worlds(), principal=PRINCIPALS, data=st.data())
def test_k4_renaming_statuses_changes_no_figure(
    registry_factory: RegistryFactory,
    generated: tuple[World, date],
    principal: Principal,
    data: st.DataObject,
) -> None:
    world, day = generated
    registry = open_world(registry_factory, world)
    before = kpis_of(registry, principal, day)
    names = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).filter(str.strip)
    with registry.uow() as uow:
        current = uow.settings.get()
        uow.settings.save(
            attrs.evolve(
                current,
                invoice_statuses=tuple(
                    attrs.evolve(s, name=data.draw(names)) for s in current.invoice_statuses
                ),
                sales_statuses=tuple(
                    attrs.evolve(s, name=data.draw(names)) for s in current.sales_statuses
                ),
            )
        )
        uow.commit()
    assert kpis_of(registry, principal, day) == before


def test_k4_changing_the_sent_flag_does_change_billing(registry_factory: RegistryFactory) -> None:
    """Flags, not names, decide: the counterpart of the renaming property."""
    world = new_world()
    add_invoice(world, add_customer(world), date(2026, 11, 2), "10", status="Draft")
    registry = open_world(registry_factory, world)
    assert kpis_of(registry, ALL_SEEING).this_month == Decimal(0)
    with registry.uow() as uow:
        current = uow.settings.get()
        statuses = tuple(attrs.evolve(s, is_sent=True) for s in current.invoice_statuses)
        uow.settings.save(attrs.evolve(current, invoice_statuses=statuses))
        uow.commit()
    assert kpis_of(registry, ALL_SEEING).this_month == Decimal(10)


@with_fixture
@given(
    generated=worlds(),
    level=st.sampled_from([CustomerPermission.READ_ONLY, CustomerPermission.EDIT]),
)
def test_k4_u5_money_is_hidden_below_all_but_the_counts_are_not(
    registry_factory: RegistryFactory, generated: tuple[World, date], level: CustomerPermission
) -> None:
    world, day = generated
    registry = open_world(registry_factory, world)
    below = kpis_of(registry, Principal(ANNA, level), day)
    full = kpis_of(registry, ALL_SEEING, day)
    # U5: without an invoice permission no money figure; K6: more prospects, never fewer, since
    # an invoice they may not see is no billing to them.
    assert below == Figures(None, None, None, None, None, None, None, full.active, below.prospects)
    assert below.prospects >= full.prospects


def test_u2_none_permission_may_not_see_the_figures(registry_factory: RegistryFactory) -> None:
    registry = open_world(registry_factory, new_world())
    with pytest.raises(PermissionDeniedError):
        customer_kpis(registry, Principal(ANNA, CustomerPermission.NONE))


# -- K5, K6: the counts --------------------------------------------------------------------------


def test_k5_active_customers_need_an_open_project_that_is_not_internal(
    registry_factory: RegistryFactory,
) -> None:
    world = new_world()
    only_internal = add_customer(world, "Internal only")
    add_project(world, only_internal, internal=True)
    only_closed = add_customer(world, "Closed only")
    add_project(world, only_closed, closed=True, state=SalesState.IN_PROGRESS)
    sales_case = add_customer(world, "Sales case")
    add_project(world, sales_case, state=SalesState.IN_PROGRESS)
    project = add_customer(world, "Ordinary project")
    add_project(world, project, state=SalesState.WON)
    add_project(world, project)
    add_customer(world, "Nothing")
    ourselves = add_customer(world, "Our own company", internal=True)
    add_project(world, ourselves, state=SalesState.IN_PROGRESS)  # never active nor a prospect
    add_project(world, ourselves)
    registry = open_world(registry_factory, world)
    assert kpis_of(registry, ALL_SEEING).active == 2
    assert kpis_of(registry, ALL_SEEING, selection=[only_internal.id, only_closed.id]).active == 0
    assert kpis_of(registry, ALL_SEEING, selection=[project.id]).active == 1
    internal = kpis_of(registry, ALL_SEEING, selection=[ourselves.id])
    assert (internal.active, internal.prospects) == (0, 0)


def test_k6_prospects_have_a_sales_case_no_billing_and_nothing_won(
    registry_factory: RegistryFactory,
) -> None:
    world = new_world()
    prospect = add_customer(world, "Prospect")
    add_project(world, prospect, state=SalesState.IN_PROGRESS)
    add_project(world, prospect, state=SalesState.LOST, closed=True)
    add_invoice(world, prospect, date(2026, 11, 1), "5", status="Draft")  # not billed
    add_invoice(world, prospect, date(2026, 11, 1), "5", number=None)  # not billed
    won_before = add_customer(world, "Won before")
    add_project(world, won_before, state=SalesState.IN_PROGRESS)
    add_project(world, won_before, state=SalesState.WON, closed=True)
    billed_long_ago = add_customer(world, "Billed long ago")
    add_project(world, billed_long_ago, state=SalesState.IN_PROGRESS)
    add_invoice(world, billed_long_ago, date(2019, 5, 5), "1", owner=BO)  # invisible to Anna
    credited = add_customer(world, "Credited")
    add_project(world, credited, state=SalesState.IN_PROGRESS)
    add_invoice(world, credited, date(2026, 1, 5), "-1")
    internal_case = add_customer(world, "Internal sales case")
    add_project(world, internal_case, state=SalesState.IN_PROGRESS, internal=True)
    no_sales_case = add_customer(world, "Open projects but no sales case")
    add_project(world, no_sales_case)
    add_project(world, no_sales_case, state=SalesState.LOST)
    registry = open_world(registry_factory, world)
    own = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.OWN)
    assert kpis_of(registry, ALL_SEEING).prospects == 1
    # U5: "no billing" is judged on visible invoices: Bo's invoice is no billing to Anna (OWN),
    # and a principal who sees no invoice sees every sales-case customer as a prospect.
    assert kpis_of(registry, own).prospects == 3  # nor is the credit note nobody owns
    assert kpis_of(registry, Principal(ANNA)).prospects == 3
    assert kpis_of(registry, own, selection=[prospect.id]).prospects == 1
    assert kpis_of(registry, own, selection=[billed_long_ago.id]).prospects == 1
    assert kpis_of(registry, ALL_SEEING, selection=[billed_long_ago.id]).prospects == 0
    assert kpis_of(registry, own, selection=[no_sales_case.id]) == replace(
        kpis_of(registry, own, selection=[]), active=1
    )


@with_fixture
@given(generated=worlds())
def test_k6_every_prospect_is_also_an_active_customer(
    registry_factory: RegistryFactory, generated: tuple[World, date]
) -> None:
    world, day = generated
    registry = open_world(registry_factory, world)
    for customer in world.customers:
        figures = kpis_of(registry, ALL_SEEING, day, [customer.id])
        assert figures.prospects <= figures.active <= 1


# -- K7: selection, determinism ------------------------------------------------------------------


@with_fixture
@given(generated=worlds(), principal=PRINCIPALS)
def test_k7_figures_add_up_over_single_customer_selections(
    registry_factory: RegistryFactory, generated: tuple[World, date], principal: Principal
) -> None:
    """Every figure is a sum over the selected customers, and depends on nothing else."""
    world, day = generated
    registry = open_world(registry_factory, world)
    whole = kpis_of(registry, principal, day)
    assert kpis_of(registry, principal, day) == whole
    assert kpis_of(registry, principal, day, [c.id for c in world.customers]) == whole
    parts = [kpis_of(registry, principal, day, [c.id]) for c in world.customers]
    assert sum(p.active for p in parts) == whole.active
    assert sum(p.prospects for p in parts) == whole.prospects
    if whole.billing_year is not None:
        assert sum((p.billing_year or 0 for p in parts), Decimal(0)) == whole.billing_year
        assert sum((p.cost_year or 0 for p in parts), Decimal(0)) == whole.cost_year
        assert sum((p.this_month or 0 for p in parts), Decimal(0)) == whole.this_month
    empty = kpis_of(registry, principal, day, [])
    assert (empty.active, empty.prospects, empty.billing_year or 0) == (0, 0, 0)


# -- K8: exact decimals --------------------------------------------------------------------------


def test_k8_amounts_are_exact_decimals(registry_factory: RegistryFactory) -> None:
    world = new_world()
    acme = add_customer(world)
    add_invoice(world, acme, date(2026, 11, 1), "0.1")
    add_invoice(world, acme, date(2026, 11, 2), "0.2")
    add_invoice(world, acme, date(2026, 10, 2), "99999999999.9999")
    add_invoice(world, acme, date(2026, 10, 3), "99999999999.9999")
    add_cost(world, add_project(world, acme), date(2026, 1, 1), "0.0001")
    kpis = customer_kpis(open_world(registry_factory, world), ALL_SEEING)
    margin, billing = kpis.margin_this_year, kpis.billing_this_month
    assert margin is not None and billing is not None
    amounts = [
        margin.billing,
        margin.total_cost,
        margin.margin,
        billing.this_month,
        billing.last_month,
        billing.change,
    ]
    assert all(type(m.amount) is Decimal and m.currency == EUR for m in amounts)
    assert billing.this_month.amount == Decimal("0.3")
    assert billing.last_month.amount == Decimal("199999999999.9998")
    assert margin.billing.amount == Decimal("200000000000.2998")
    assert margin.margin.amount == Decimal("200000000000.2997")
    assert type(billing.change_percent) is Decimal


@with_fixture
@given(generated=worlds())
def test_k8_no_figure_is_a_float_and_sums_are_exact(
    registry_factory: RegistryFactory, generated: tuple[World, date]
) -> None:
    world, day = generated
    kpis = customer_kpis(open_world(registry_factory, world), ALL_SEEING, reference=day)
    assert kpis.margin_this_year is not None and kpis.billing_this_month is not None
    m, b = kpis.margin_this_year, kpis.billing_this_month
    for money in (m.billing, m.total_cost, m.margin, b.this_month, b.last_month, b.change):
        assert type(money.amount) is Decimal
        exponent = money.amount.as_tuple().exponent
        assert isinstance(exponent, int) and exponent >= -4
    assert b.change_percent is None or type(b.change_percent) is Decimal


def test_the_strip_renders_every_figure(registry_factory: RegistryFactory) -> None:
    world = new_world()
    acme = add_customer(world)
    add_project(world, acme, state=SalesState.IN_PROGRESS)
    add_invoice(world, acme, date(2026, 11, 1), "1234.5", status="Draft")
    registry = open_world(registry_factory, world)
    line = render_strip(customer_kpis(registry, ALL_SEEING))
    assert line == (
        "Margin this year 0.00 EUR | Billing this month 0.00 EUR (last month 0.00 EUR, n/a)"
        " | Active customers 1 | Prospects in pipeline 1"
    )
    hidden = render_strip(customer_kpis(registry, Principal(ANNA)))
    assert hidden.startswith("Margin this year hidden | Billing this month hidden")
