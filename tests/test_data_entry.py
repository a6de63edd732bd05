"""Host-side data entry on every backend: invoices and credit notes (K4), cost entries (K1, K2),
proposals (S2), validation of hostile input, permissions (U2, U5), audit, and the bulk forms
(all or nothing, every bad row reported)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.audit import render
from custreg.domain.customer import Customer
from custreg.domain.entry import NewCostEntry
from custreg.domain.entry import NewInvoice
from custreg.domain.entry import NewProposal
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import EntryRowsError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.reports import spreadsheet_text
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.usecases.costs import correct_cost_entry
from custreg.usecases.costs import record_cost_entries
from custreg.usecases.costs import record_cost_entry
from custreg.usecases.costs import remove_cost_entry
from custreg.usecases.entry import renderer
from custreg.usecases.invoices import correct_invoice
from custreg.usecases.invoices import record_invoice
from custreg.usecases.invoices import record_invoices
from custreg.usecases.invoices import remove_invoice
from custreg.usecases.kpis import customer_kpis
from custreg.usecases.projects import SalesStatusChange
from custreg.usecases.projects import move_project
from custreg.usecases.projects import set_sales_status
from custreg.usecases.projects import set_sales_statuses
from custreg.usecases.proposals import correct_proposal
from custreg.usecases.proposals import record_proposal
from custreg.usecases.proposals import record_proposals
from custreg.usecases.proposals import remove_proposal

RegistryFactory = Callable[..., Registry]
with_fixture = settings(
    max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ANNA = UserId(uuid.UUID(int=0xA11A))
BO = UserId(uuid.UUID(int=0xB0))
DRAFT = InvoiceStatusId(uuid.UUID(int=0xD1))
SENT = InvoiceStatusId(uuid.UUID(int=0x5E))
OLD = InvoiceStatusId(uuid.UUID(int=0x01D))
SALES = SalesStatusId(uuid.UUID(int=0x5A1E))
OFFERED = SalesStatusId(uuid.UUID(int=0x0FFE))
LOST = SalesStatusId(uuid.UUID(int=0x1057))
RETIRED = SalesStatusId(uuid.UUID(int=0x2E7))
ADMIN = Principal(ANNA, CustomerPermission.ALL)
REFERENCE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the test clock's now
THIS_MONTH = date(2026, 11, 10)


def _settings(organisation_id: OrganisationId) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id,
        "Entry Oy",
        currency="EUR",
        timezone="Europe/Helsinki",
        users=(User(ANNA, "Anna"), User(BO, "Bo")),
        invoice_statuses=(
            InvoiceStatus(DRAFT, "Draft"),
            InvoiceStatus(SENT, "Sent", is_sent=True, has_number=True),
            InvoiceStatus(OLD, "Old sent", is_sent=True, active=False),
        ),
        sales_statuses=(SalesStatus(SALES, "Won", SalesState.WON),),
    )


@attrs.frozen
class World:
    registry: Registry
    customer: CustomerId
    other: CustomerId
    project: ProjectId
    internal: ProjectId
    foreign: ProjectId


def world(registry_factory: RegistryFactory) -> World:
    """Two customers; the first has a project and an internal project, the other one project."""
    registry = registry_factory(settings=_settings)
    now = REFERENCE
    customers = [
        Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"Customer {n}", now) for n in (1, 2)
    ]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.customers.next_numbers(2)
        projects = [
            Project(ProjectId(uuid.uuid4()), customers[0].id, 1, "Build"),
            Project(ProjectId(uuid.uuid4()), customers[0].id, 2, "Admin", is_internal=True),
            Project(ProjectId(uuid.uuid4()), customers[1].id, 3, "Theirs"),
        ]
        for project in projects:
            uow.projects.add(project)
        uow.commit()
    return World(registry, customers[0].id, customers[1].id, *(p.id for p in projects))


def invoice(w: World, amount: Decimal | str = "100.00", **changes: Any) -> NewInvoice:
    value = Decimal(amount)
    base = NewInvoice(
        customer_id=w.customer,
        status_id=SENT,
        on=THIS_MONTH,
        total_excl_vat=Money(value, "EUR"),
        total_incl_vat=Money((value * Decimal("1.24")).quantize(Decimal("0.01")), "EUR"),
        number=1,
        project_ids=(w.project,),
        is_credit_note=value < 0,
        owner_id=ANNA,
    )
    return attrs.evolve(base, **changes)


def billing_this_month(registry: Registry, principal: Principal = ADMIN) -> Decimal:
    kpis = customer_kpis(registry, principal)
    assert kpis.billing_this_month is not None
    return kpis.billing_this_month.this_month.amount


def margin_this_year(registry: Registry) -> Decimal:
    kpis = customer_kpis(registry, ADMIN)
    assert kpis.margin_this_year is not None
    return kpis.margin_this_year.margin.amount


def stored_invoices(w: World) -> list[Any]:
    with w.registry.read() as uow:
        return [*uow.invoices.for_customer(w.customer), *uow.invoices.for_customer(w.other)]


def audit_of(w: World, entity: str, entity_id: uuid.UUID) -> list[Any]:
    with w.registry.read() as uow:
        return uow.audit.for_entity(entity, entity_id)


def fields_of(error: ValidationError) -> set[str | None]:
    if isinstance(error, EntryRowsError):
        return {r.field for r in error.rows}
    if isinstance(error, ValidationErrors):
        return set(error.fields)
    return {error.field}


# -- K4: billing counts exactly what was recorded --------------------------------------------------

entries = st.lists(
    st.tuples(
        st.decimals(0, 10**6, places=2),
        st.booleans(),  # credit note
        st.sampled_from([SENT, DRAFT]),
        st.booleans(),  # numbered
        st.sampled_from([THIS_MONTH, date(2026, 10, 31), date(2026, 11, 30)]),
    ),
    max_size=8,
)


@with_fixture
@given(rows=entries)
@example(
    rows=[
        (Decimal(100), False, SENT, True, THIS_MONTH),
        (Decimal(30), True, SENT, True, THIS_MONTH),
    ]
)
@example(
    rows=[
        (Decimal(100), False, DRAFT, True, THIS_MONTH),
        (Decimal(5), False, SENT, False, THIS_MONTH),
    ]
)
def test_k4_billing_counts_exactly_the_recorded_invoices(
    registry_factory: RegistryFactory, rows: list[tuple[Decimal, bool, Any, bool, date]]
) -> None:
    w = world(registry_factory)
    items = [
        invoice(
            w,
            -amount if credit else amount,
            status_id=status,
            number=n + 1 if numbered else None,
            on=on,
        )
        for n, (amount, credit, status, numbered, on) in enumerate(rows)
    ]
    recorded = record_invoices(w.registry, ADMIN, items)
    assert [i.total_excl_vat.amount for i in recorded] == [i.total_excl_vat.amount for i in items]  # type: ignore[union-attr]
    expected = sum(
        (
            -amount if credit else amount
            for amount, credit, status, numbered, on in rows
            if status == SENT and numbered and (on.year, on.month) == (2026, 11)
        ),
        Decimal(0),
    )
    assert billing_this_month(w.registry) == expected
    if rows == [
        (Decimal(100), False, SENT, True, THIS_MONTH),
        (Decimal(30), True, SENT, True, THIS_MONTH),
    ]:
        assert expected == 70  # the credit note reduces billing


@with_fixture
@given(amounts=st.lists(st.decimals(1, 10**6, places=2), min_size=2, max_size=5), data=st.data())
def test_k4_removing_or_correcting_an_invoice_changes_billing_by_its_amount(
    registry_factory: RegistryFactory, amounts: list[Decimal], data: st.DataObject
) -> None:
    w = world(registry_factory)
    recorded = record_invoices(
        w.registry, ADMIN, [invoice(w, a, number=n + 1) for n, a in enumerate(amounts)]
    )
    total = sum(amounts, Decimal(0))
    assert billing_this_month(w.registry) == total
    gone = data.draw(st.sampled_from(recorded))
    assert remove_invoice(w.registry, ADMIN, gone.id) == gone
    assert billing_this_month(w.registry) == total - gone.total_excl_vat.amount
    kept = next(i for i in recorded if i.id != gone.id)
    correct_invoice(w.registry, ADMIN, kept.id, invoice(w, "1.00", number=kept.number))
    expected = total - gone.total_excl_vat.amount - kept.total_excl_vat.amount + 1
    assert billing_this_month(w.registry) == expected
    assert remove_invoice.__name__ and gone.id not in {i.id for i in stored_invoices(w)}


# -- K1, K2: cost entries --------------------------------------------------------------------------


@with_fixture
@given(amount=st.decimals(Decimal("0.01"), 10**6, places=2), internal=st.booleans())
@example(amount=Decimal("250.00"), internal=False)
@example(amount=Decimal("250.00"), internal=True)
def test_k1_k2_a_recorded_cost_lowers_margin_unless_the_project_is_internal(
    registry_factory: RegistryFactory, amount: Decimal, internal: bool
) -> None:
    w = world(registry_factory)
    record_invoice(w.registry, ADMIN, invoice(w, "1000"))
    before = margin_this_year(w.registry)
    project = w.internal if internal else w.project
    entry = record_cost_entry(
        w.registry, ADMIN, NewCostEntry(project, "travel", THIS_MONTH, str(amount))
    )
    assert entry.kind is CostKind.TRAVEL and entry.amount == Money(amount, "EUR")
    assert margin_this_year(w.registry) == (before if internal else before - amount)
    remove_cost_entry(w.registry, ADMIN, entry.id)
    assert margin_this_year(w.registry) == before


def test_k1_correcting_a_cost_entry_changes_margin_by_the_difference(
    registry_factory: RegistryFactory,
) -> None:
    w = world(registry_factory)
    entry = record_cost_entry(
        w.registry, ADMIN, NewCostEntry(w.project, CostKind.WORK_HOURS, THIS_MONTH, Decimal(40))
    )
    before = margin_this_year(w.registry)
    fixed = correct_cost_entry(
        w.registry, ADMIN, entry.id, NewCostEntry(w.project, "purchase", THIS_MONTH, "65.5")
    )
    assert fixed.id == entry.id and fixed.kind is CostKind.PURCHASE
    assert margin_this_year(w.registry) == before - Decimal("25.5")
    changed = {e.field for e in audit_of(w, "cost_entry", entry.id) if e.action == "update"}
    assert changed == {"kind", "amount"}


# -- hostile input: a typed error naming the field, nothing stored ---------------------------------

HUGE = "9" * 1000
HOSTILE_INVOICES: list[tuple[str, dict[str, Any], str]] = [
    ("unknown customer", {"customer_id": CustomerId(uuid.uuid4())}, "customer_id"),
    ("customer not an id", {"customer_id": "42"}, "customer_id"),
    ("unknown status", {"status_id": InvoiceStatusId(uuid.uuid4())}, "status_id"),
    ("disabled status", {"status_id": OLD}, "status_id"),
    ("unknown owner", {"owner_id": UserId(uuid.uuid4())}, "owner_id"),
    ("project of another customer", {"project_ids": ("FOREIGN",)}, "project_ids"),
    ("unknown project", {"project_ids": (ProjectId(uuid.uuid4()),)}, "project_ids"),
    ("project not an id", {"project_ids": "abc"}, "project_ids"),
    ("other currency", {"total_excl_vat": Money(100, "USD")}, "total_excl_vat"),
    ("float", {"total_excl_vat": 100.0}, "total_excl_vat"),
    ("NaN", {"total_excl_vat": "NaN"}, "total_excl_vat"),
    ("infinity", {"total_incl_vat": Decimal("Infinity")}, "total_incl_vat"),
    ("exponent", {"total_incl_vat": "1e999"}, "total_incl_vat"),
    ("thousand digits int", {"total_excl_vat": 10**1000}, "total_excl_vat"),
    ("thousand digits text", {"total_excl_vat": HUGE}, "total_excl_vat"),
    ("five decimals", {"total_excl_vat": "1.00001"}, "total_excl_vat"),
    ("NUL in amount", {"total_excl_vat": "1\x000"}, "total_excl_vat"),
    ("datetime for date", {"on": datetime(2026, 11, 1, 23, 30, tzinfo=UTC)}, "on"),
    ("text for date", {"on": "2026-11-01"}, "on"),
    ("number zero", {"number": 0}, "number"),
    ("number negative", {"number": -3}, "number"),
    ("number huge", {"number": 10**30}, "number"),
    ("number bool", {"number": True}, "number"),
    ("number text", {"number": "12"}, "number"),
    ("credit note positive", {"is_credit_note": True}, "total_excl_vat"),
    (
        "invoice negative",
        {"total_excl_vat": Money(-5, "EUR"), "total_incl_vat": Money(-5, "EUR")},
        "total_excl_vat",
    ),
    ("incl below excl", {"total_incl_vat": Money(50, "EUR")}, "total_incl_vat"),
    ("flag not bool", {"is_credit_note": "yes"}, "is_credit_note"),
]


@pytest.mark.parametrize(
    ("changes", "field"), [pytest.param(c, f, id=i) for i, c, f in HOSTILE_INVOICES]
)
def test_hostile_invoice_fields_are_refused_by_name_and_change_nothing(
    registry_factory: RegistryFactory, changes: dict[str, Any], field: str
) -> None:
    w = world(registry_factory)
    if changes.get("project_ids") == ("FOREIGN",):
        changes = {"project_ids": (w.foreign,)}
    bad = invoice(w, **changes)
    with pytest.raises(ValidationError) as raised:
        record_invoice(w.registry, ADMIN, bad)
    assert not isinstance(raised.value, EntryRowsError)
    assert field in fields_of(raised.value)
    assert all(e.entity == "invoice" for e in getattr(raised.value, "errors", (raised.value,)))
    good = record_invoice(w.registry, ADMIN, invoice(w))
    with pytest.raises(ValidationError) as raised:
        correct_invoice(w.registry, ADMIN, good.id, bad)
    assert field in fields_of(raised.value)
    assert stored_invoices(w) == [good]
    assert [e.action for e in audit_of(w, "invoice", good.id)] == ["create"]


HOSTILE_NAMES = [
    ("NUL", "Offer\x00"),
    ("escape", "Offer \x1b[31mred"),
    ("zero-width space", "Off\u200ber"),
    ("bidi override", "\u202eOffer"),
    ("lone surrogate", "Offer \ud800"),
    ("private use", "Offer \ue000"),
    ("blank", " \t "),
    ("megabyte", "x" * 1_000_000),
    ("not text", 42),
]


def test_invisible_characters_around_a_proposal_name_are_dropped_and_exports_neutralise_it(
    registry_factory: RegistryFactory,
) -> None:
    """One text policy: invisible characters at the ends are stripped (not refused), so a
    formula hidden behind one is stored visible, where the exports neutralise it (X4)."""
    w = world(registry_factory)
    proposal = record_proposal(w.registry, ADMIN, NewProposal(w.project, "\u2060=HYPERLINK(1)"))
    assert proposal.name == "=HYPERLINK(1)"
    assert spreadsheet_text(proposal.name) == "'=HYPERLINK(1)"


@pytest.mark.parametrize("name", [pytest.param(n, id=i) for i, n in HOSTILE_NAMES])
def test_hostile_proposal_names_are_refused_by_name(
    registry_factory: RegistryFactory, name: Any
) -> None:
    w = world(registry_factory)
    with pytest.raises(ValidationError) as raised:
        record_proposal(w.registry, ADMIN, NewProposal(w.project, name))
    assert (raised.value.entity, raised.value.field) == ("proposal", "name")
    with w.registry.read() as uow:
        assert uow.projects.proposals_for(w.project) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"project_id": ProjectId(uuid.uuid4())}, "project_id"),
        ({"project_id": None}, "project_id"),
        ({"kind": "bribes"}, "kind"),
        ({"kind": None}, "kind"),
        ({"on": datetime(2026, 1, 1, tzinfo=UTC)}, "on"),
        ({"amount": 1.5}, "amount"),
        ({"amount": "-Infinity"}, "amount"),
        ({"amount": Money(1, "SEK")}, "amount"),
        ({"amount": 10**14}, "amount"),
    ],
)
def test_hostile_cost_entry_fields_are_refused_by_name(
    registry_factory: RegistryFactory, changes: dict[str, Any], field: str
) -> None:
    w = world(registry_factory)
    bad = attrs.evolve(NewCostEntry(w.project, "travel", THIS_MONTH, "10"), **changes)
    with pytest.raises(ValidationError) as raised:
        record_cost_entry(w.registry, ADMIN, bad)
    assert (raised.value.entity, raised.value.field) == ("cost_entry", field)
    with w.registry.read() as uow:
        assert uow.projects.costs_for(w.project) == []


def test_every_bad_field_of_one_invoice_is_reported_at_once(
    registry_factory: RegistryFactory,
) -> None:
    w = world(registry_factory)
    bad = invoice(w, customer_id="x", status_id=None, on="today", number=-1, owner_id=7)
    with pytest.raises(ValidationErrors) as raised:
        record_invoice(w.registry, ADMIN, bad)
    assert set(raised.value.fields) == {"customer_id", "status_id", "on", "number", "owner_id"}


# -- bulk forms: all or nothing, every bad row reported --------------------------------------------


@with_fixture
@given(size=st.integers(1, 12), data=st.data())
@example(size=3, data=None)
def test_bulk_invoices_report_every_bad_row_and_store_nothing(
    registry_factory: RegistryFactory, size: int, data: st.DataObject | None
) -> None:
    w = world(registry_factory)
    bad = data.draw(st.sets(st.integers(0, size - 1), min_size=1)) if data is not None else {0, 2}
    rows = [
        invoice(w, number=n + 1, status_id=InvoiceStatusId(uuid.uuid4()))
        if n in bad
        else invoice(w, number=n + 1)
        for n in range(size)
    ]
    with pytest.raises(EntryRowsError) as raised:
        record_invoices(w.registry, ADMIN, rows)
    assert raised.value.indexes == tuple(sorted(bad))
    assert {(r.field, r.reason) for r in raised.value.rows} == {
        ("status_id", "unknown invoice status")
    }
    assert stored_invoices(w) == []
    assert len(
        record_invoices(w.registry, ADMIN, [r for n, r in enumerate(rows) if n not in bad])
    ) == size - len(bad)


def test_bulk_costs_and_proposals_report_row_and_field(registry_factory: RegistryFactory) -> None:
    w = world(registry_factory)
    costs = [
        NewCostEntry(w.project, "travel", THIS_MONTH, "10"),
        NewCostEntry(w.project, "travel", THIS_MONTH, 1.5),
        NewCostEntry(ProjectId(uuid.uuid4()), "gifts", THIS_MONTH, "1"),
    ]
    with pytest.raises(EntryRowsError) as raised:
        record_cost_entries(w.registry, ADMIN, costs)
    assert [(r.index, r.field) for r in raised.value.rows] == [
        (1, "amount"),
        (2, "project_id"),
        (2, "kind"),
    ]
    proposals = [NewProposal(w.project, "Fine"), NewProposal(w.project, "Bad\x00")]
    with pytest.raises(EntryRowsError) as raised:
        record_proposals(w.registry, ADMIN, proposals)
    assert [(r.index, r.field) for r in raised.value.rows] == [(1, "name")]
    with w.registry.read() as uow:
        assert uow.projects.costs_for(w.project) == []
        assert uow.projects.proposals_for(w.project) == []
    recorded = record_cost_entries(w.registry, ADMIN, costs[:1] * 3)
    assert len({c.id for c in recorded}) == 3
    with pytest.raises(ValidationError):
        record_invoices(w.registry, ADMIN, "not rows")  # type: ignore[arg-type]


def test_bulk_entry_is_audited_as_one_batch(registry_factory: RegistryFactory) -> None:
    w = world(registry_factory)
    recorded = record_invoices(w.registry, ADMIN, [invoice(w, number=n) for n in (1, 2, 3)])
    entries = [audit_of(w, "invoice", i.id) for i in recorded]
    assert all(len(e) == 1 and e[0].action == "create" and e[0].actor == ANNA for e in entries)
    batch = {e[0].batch_id for e in entries}
    assert len(batch) == 1 and None not in batch
    with w.registry.read() as uow:
        assert [e.entity_id for e in uow.audit.for_batch(batch.pop())] == [i.id for i in recorded]


# -- permissions (U2, U5) and audit of single writes -----------------------------------------------


def test_u2_below_edit_no_entry_is_written(registry_factory: RegistryFactory) -> None:
    w = world(registry_factory)
    reader = Principal(ANNA, CustomerPermission.READ_ONLY)
    for write in (
        lambda: record_invoice(w.registry, reader, invoice(w)),
        lambda: record_invoices(w.registry, reader, [invoice(w)]),
        lambda: record_cost_entry(
            w.registry, reader, NewCostEntry(w.project, "travel", THIS_MONTH, "1")
        ),
        lambda: record_proposal(w.registry, reader, NewProposal(w.project, "Offer")),
    ):
        with pytest.raises(PermissionDeniedError):
            write()
    assert stored_invoices(w) == []


def test_u5_invoices_hidden_from_the_principal_are_refused_or_not_found(
    registry_factory: RegistryFactory,
) -> None:
    w = world(registry_factory)
    own = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.OWN)
    theirs = record_invoice(w.registry, ADMIN, invoice(w, owner_id=BO))
    with pytest.raises(PermissionDeniedError) as raised:
        record_invoice(w.registry, own, invoice(w, owner_id=BO))
    assert raised.value.field == "owner_id"
    for write in (
        lambda: correct_invoice(w.registry, own, theirs.id, invoice(w, owner_id=ANNA)),
        lambda: remove_invoice(w.registry, own, theirs.id),
    ):
        with pytest.raises(NotFoundError):
            write()
    mine = record_invoice(w.registry, own, invoice(w, owner_id=ANNA))
    with pytest.raises(PermissionDeniedError):  # handing it to someone it may not see
        correct_invoice(w.registry, own, mine.id, invoice(w, owner_id=BO))
    assert sorted(stored_invoices(w), key=lambda i: i.id) == sorted(
        [theirs, mine], key=lambda i: i.id
    )
    blind = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.NONE)
    with pytest.raises(PermissionDeniedError):
        record_invoice(w.registry, blind, invoice(w, owner_id=None))
    editor = Principal(ANNA, CustomerPermission.EDIT)
    if not editor.sees_money:
        with pytest.raises(PermissionDeniedError):
            record_cost_entry(
                w.registry, editor, NewCostEntry(w.project, "travel", THIS_MONTH, "1")
            )


def test_invoice_writes_are_audited_create_update_remove(registry_factory: RegistryFactory) -> None:
    w = world(registry_factory)
    recorded = record_invoice(w.registry, ADMIN, invoice(w))
    assert correct_invoice(w.registry, ADMIN, recorded.id, invoice(w)) == recorded  # no change
    corrected = correct_invoice(w.registry, ADMIN, recorded.id, invoice(w, "80", number=9))
    remove_invoice(w.registry, ADMIN, recorded.id)
    trail = audit_of(w, "invoice", recorded.id)
    assert [(e.action, e.field) for e in trail] == [
        ("create", "*"),
        ("update", "total_excl_vat"),
        ("update", "total_incl_vat"),
        ("update", "number"),
        ("remove", "*"),
    ]
    assert trail[-1].before["number"] == corrected.number == 9  # a removal keeps what it removed
    assert trail[-1].after is None
    with pytest.raises(NotFoundError):
        remove_invoice(w.registry, ADMIN, recorded.id)
    with pytest.raises(NotFoundError):
        correct_invoice(w.registry, ADMIN, InvoiceId(uuid.uuid4()), invoice(w))


def test_a_correction_may_keep_a_status_disabled_since(registry_factory: RegistryFactory) -> None:
    w = world(registry_factory)
    recorded = record_invoice(w.registry, ADMIN, invoice(w))
    with w.registry.uow() as uow:  # the ledger's status of old invoices, disabled since (S4)
        uow.invoices.update(attrs.evolve(recorded, status_id=OLD))
        uow.commit()
    corrected = correct_invoice(w.registry, ADMIN, recorded.id, invoice(w, status_id=OLD, number=5))
    assert corrected.status_id == OLD and corrected.number == 5


# -- proposals (S2) --------------------------------------------------------------------------------


def test_s2_a_recorded_proposal_keeps_the_project_until_removed(
    registry_factory: RegistryFactory,
) -> None:
    w = world(registry_factory)
    proposal = record_proposal(w.registry, ADMIN, NewProposal(w.project, "  Offer 1 "))
    assert proposal.name == "Offer 1"
    assert proposal.created_on == date(2026, 11, 25)  # today in Helsinki at the test clock
    with pytest.raises(BusinessRuleError):
        move_project(w.registry, ADMIN, w.project, w.other)
    renamed = correct_proposal(w.registry, ADMIN, proposal.id, NewProposal(w.project, "Offer 2"))
    assert (renamed.name, renamed.created_on) == ("Offer 2", proposal.created_on)
    assert remove_proposal(w.registry, ADMIN, proposal.id) == renamed
    assert move_project(w.registry, ADMIN, w.project, w.other).project.customer_id == w.other
    trail = audit_of(w, "proposal", proposal.id)
    assert [(e.action, e.field) for e in trail] == [
        ("create", "*"),
        ("update", "name"),
        ("remove", "*"),
    ]
    with pytest.raises(NotFoundError):
        correct_proposal(w.registry, ADMIN, ProposalId(uuid.uuid4()), NewProposal(w.project, "x"))
    with pytest.raises(NotFoundError):
        correct_cost_entry(
            w.registry,
            ADMIN,
            CostEntryId(uuid.uuid4()),
            NewCostEntry(w.project, "travel", THIS_MONTH, "1"),
        )


# -- hostile ids and the sales status --------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["abc", 42, None, "' OR 1=1 --", "\x00"])
def test_ids_that_are_not_ids_are_validation_errors_naming_the_id(
    registry_factory: RegistryFactory, bad_id: Any
) -> None:
    w = world(registry_factory)
    cost = NewCostEntry(w.project, "travel", THIS_MONTH, "1")
    writes: list[tuple[str, Callable[[], Any]]] = [
        ("invoice", lambda: correct_invoice(w.registry, ADMIN, bad_id, invoice(w))),
        ("invoice", lambda: remove_invoice(w.registry, ADMIN, bad_id)),
        ("cost_entry", lambda: correct_cost_entry(w.registry, ADMIN, bad_id, cost)),
        ("cost_entry", lambda: remove_cost_entry(w.registry, ADMIN, bad_id)),
        ("proposal", lambda: remove_proposal(w.registry, ADMIN, bad_id)),
        ("project", lambda: set_sales_status(w.registry, ADMIN, bad_id, SALES)),
    ]
    for entity, write in writes:
        with pytest.raises(ValidationError) as raised:
            write()
        assert (raised.value.entity, raised.value.field) == (entity, "id")


def test_s1_set_sales_status_validates_the_status_and_is_audited(
    registry_factory: RegistryFactory,
) -> None:
    w = world(registry_factory)
    for bad in (SalesStatusId(uuid.uuid4()), "won", None):
        with pytest.raises(ValidationError) as raised:
            set_sales_status(w.registry, ADMIN, w.project, bad)  # type: ignore[arg-type]
        assert (raised.value.entity, raised.value.field) == ("project", "sales_status_id")
    with pytest.raises(NotFoundError):
        set_sales_status(w.registry, ADMIN, ProjectId(uuid.uuid4()), SALES)
    with pytest.raises(PermissionDeniedError):
        set_sales_status(
            w.registry, Principal(ANNA, CustomerPermission.READ_ONLY), w.project, SALES
        )
    moved = set_sales_status(w.registry, ADMIN, w.project, SALES)
    assert moved.sales_status_id == SALES and moved.probability == 100 and not moved.is_closed
    trail = audit_of(w, "project", w.project)
    assert {e.field for e in trail} >= {"sales_status_id", "probability"}


def _with_sales_statuses(organisation_id: OrganisationId) -> OrganisationSettings:
    return attrs.evolve(
        _settings(organisation_id),
        sales_statuses=(
            SalesStatus(SALES, "Won", SalesState.WON),
            SalesStatus(OFFERED, "Offered", SalesState.IN_PROGRESS, default_probability=40),
            SalesStatus(LOST, "Lost", SalesState.LOST),
            SalesStatus(RETIRED, "Retired", SalesState.IN_PROGRESS, active=False),
        ),
    )


@with_fixture
@given(moves=st.lists(st.sampled_from([SALES, OFFERED, LOST]), min_size=1, max_size=3))
@example(moves=[SALES, LOST, OFFERED])
def test_s1_set_sales_statuses_moves_every_project_as_set_sales_status_would(
    registry_factory: RegistryFactory, moves: list[SalesStatusId]
) -> None:
    registry = registry_factory(settings=_with_sales_statuses)
    w = attrs.evolve(world(lambda **_: registry), registry=registry)
    projects = [w.project, w.internal, w.foreign][: len(moves)]
    changes = [SalesStatusChange(p, m) for p, m in zip(projects, moves, strict=True)]
    after = set_sales_statuses(registry, ADMIN, changes)
    for project, status, moved in zip(projects, moves, after, strict=True):
        assert (moved.id, moved.sales_status_id) == (project, status)
        assert moved.is_closed is (status == LOST)  # S1: Lost closes, Won keeps it open
        assert moved.probability == {SALES: 100, OFFERED: 40}.get(status, 0)
    with registry.read() as uow:
        assert uow.projects.get_many(projects) == {p.id: p for p in after}
    batch = {e.batch_id for p in projects for e in audit_of(w, "project", p)}
    assert len(batch) == 1 and None not in batch
    assert set_sales_statuses(registry, ADMIN, changes) == after  # idempotent, nothing written


def test_set_sales_statuses_reports_every_bad_row_and_changes_nothing(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=_with_sales_statuses)
    w = attrs.evolve(world(lambda **_: registry), registry=registry)
    rows = [
        SalesStatusChange(w.project, SALES),
        SalesStatusChange(ProjectId(uuid.uuid4()), SALES),
        SalesStatusChange(w.internal, RETIRED),
        SalesStatusChange(w.project, LOST),
        SalesStatusChange("x", SALES),  # type: ignore[arg-type]
    ]
    with pytest.raises(EntryRowsError) as raised:
        set_sales_statuses(registry, ADMIN, rows)
    assert [(r.index, r.field) for r in raised.value.rows] == [
        (1, "id"),
        (2, "sales_status_id"),
        (3, "id"),
        (4, "id"),
    ]
    assert isinstance(raised.value.rows[0].error, NotFoundError)
    with registry.read() as uow:
        assert all(
            p.sales_status_id is None
            for p in uow.projects.get_many([w.project, w.internal]).values()
        )
    with pytest.raises(PermissionDeniedError):
        set_sales_statuses(registry, Principal(ANNA, CustomerPermission.READ_ONLY), rows[:1])


@settings(max_examples=100)
@given(
    entity=st.one_of(
        s.invoices(project_ids=[ProjectId(uuid.uuid4()), ProjectId(uuid.uuid4())]),
        s.cost_entries(),
        s.proposals(),
    )
)
def test_the_bulk_audit_rendering_equals_audit_render(entity: Any) -> None:
    assert renderer(type(entity))(entity) == render(entity)
    # Many at once (a field at a time; the same object twice, a field shared by all).
    rendered = renderer(type(entity)).many([entity, entity, entity])
    assert rendered == [render(entity)] * 3
    assert rendered[0] is not rendered[1]
