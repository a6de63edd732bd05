"""Examples of host-side data entry (K4, K8, S2, U5): each field check at its bounds, invoices,
cost entries and proposals with every refusal's field and reason, and the permissions."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.entry import MAX_INVOICE_NUMBER
from custreg.domain.entry import EntryFacts
from custreg.domain.entry import NewCostEntry
from custreg.domain.entry import NewInvoice
from custreg.domain.entry import NewProposal
from custreg.domain.entry import cost_entry_of
from custreg.domain.entry import entry_amount
from custreg.domain.entry import entry_date
from custreg.domain.entry import entry_id
from custreg.domain.entry import entry_text
from custreg.domain.entry import invoice_field_by_field
from custreg.domain.entry import invoice_of
from custreg.domain.entry import may_see_costs
from custreg.domain.entry import named_customers
from custreg.domain.entry import named_projects
from custreg.domain.entry import proposal_of
from custreg.domain.entry import require_cost_write
from custreg.domain.entry import require_invoice_write
from custreg.domain.entry import require_proposal_write
from custreg.domain.errors import EntryRowsError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import RowError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.errors import row_errors
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import CostKind
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import Money
from refusals import refused

CUSTOMER, OTHER_CUSTOMER = CustomerId(UUID(int=1)), CustomerId(UUID(int=2))
PROJECT, FOREIGN_PROJECT = ProjectId(UUID(int=3)), ProjectId(UUID(int=4))
SENT = InvoiceStatus(InvoiceStatusId(UUID(int=5)), "Sent", is_sent=True)
OLD = InvoiceStatus(InvoiceStatusId(UUID(int=6)), "Old", active=False)
ANNA = UserId(UUID(int=7))
DAY = date(2026, 3, 1)


def _facts() -> EntryFacts:
    settings = OrganisationSettings(
        OrganisationId(UUID(int=9)),
        "Org",
        users=(User(ANNA, "Anna"),),
        invoice_statuses=(SENT, OLD),
    )
    return EntryFacts(
        settings,
        frozenset({CUSTOMER, OTHER_CUSTOMER}),
        {PROJECT: CUSTOMER, FOREIGN_PROJECT: OTHER_CUSTOMER},
    )


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_facts_index_users_and_statuses() -> None:
    facts = _facts()
    assert facts.users == frozenset({ANNA})
    assert facts.invoice_statuses == {SENT.id: SENT, OLD.id: OLD}
    assert MAX_INVOICE_NUMBER == 999_999_999_999_999_999


def test_entry_text() -> None:
    assert entry_text("proposal", "name", " Quote  1 ") == "Quote 1"
    assert entry_text("proposal", "name", "n" * 255) == "n" * 255
    with refused("proposal", "name", "must be at most 255 characters"):
        entry_text("proposal", "name", "n" * 256)
    assert entry_text("proposal", "name", "n" * 5, 5) == "n" * 5
    with refused("proposal", "name", "must be at most 5 characters", "n" * 6):
        entry_text("proposal", "name", "n" * 6, 5)
    for char in ("\u200b", "\ue000", "\u0378"):
        value = f"a{char}b"
        reason = f"must not contain the invisible or control character U+{ord(char):04X}"
        with refused("proposal", "name", reason, value):
            entry_text("proposal", "name", value)


def test_entry_id_and_date() -> None:
    assert entry_id("invoice", "customer_id", CUSTOMER) == CUSTOMER
    with refused("invoice", "customer_id", "must be an id (UUID)", str(CUSTOMER)):
        entry_id("invoice", "customer_id", str(CUSTOMER))
    assert entry_date("invoice", "on", DAY) == DAY
    for bad in (datetime(2026, 3, 1), "2026-03-01", None):
        with refused("invoice", "on", "must be a date (not a datetime)", bad):
            entry_date("invoice", "on", bad)


@pytest.mark.parametrize(
    ("value", "amount"),
    [(eur("1.50"), "1.50"), (Decimal("2.5"), "2.5"), (3, "3"), (" 4.25 ", "4.25"), ("-1", "-1")],
)
def test_k8_entry_amount(value: Any, amount: str) -> None:
    assert entry_amount("invoice", "total_excl_vat", value, "EUR") == eur(amount)


@pytest.mark.parametrize(
    ("value", "reason", "carried"),
    [
        (Money(1, "SEK"), "must be in the organisation's currency EUR, not SEK", Money(1, "SEK")),
        (1.5, "must be Money or an exact amount (Decimal, int or text), never float", 1.5),
        (True, "must be Money or an exact amount (Decimal, int or text), never float", True),
        (None, "must be Money or an exact amount (Decimal, int or text), never float", None),
        ("1" * 41, "is not an amount (too long)", "1" * 40),
        (2**64, "must be below 10^14", 2**64),
        (10**14, "must be below 10^14", 10**14),
        ("1.23456", "at most 4 decimals are kept exactly", "1.23456"),
        ("abc", "is not a number", "abc"),
    ],
)
def test_k8_entry_amount_refusals(value: Any, reason: str, carried: Any) -> None:
    with refused("invoice", "total_excl_vat", reason, carried):
        entry_amount("invoice", "total_excl_vat", value, "EUR")


def test_k8_entry_amount_bounds() -> None:
    assert entry_amount("c", "f", "1" * 14, "EUR") == eur("1" * 14)
    assert entry_amount("c", "f", " " * 30 + "1" * 10, "EUR") == eur("1" * 10)
    with refused("c", "f", "must be below 10^14", 2**63):
        entry_amount("c", "f", 2**63, "EUR")


NUMBER = "must be a whole number 1 to 999999999999999999 or None"
FLOAT = "must be Money or an exact amount (Decimal, int or text), never float"
NEARER = "must not be nearer zero than the total excl. VAT"
SIGN = "an invoice has totals >= 0"


def _invoice(**changes: Any) -> NewInvoice:
    fields: dict[str, Any] = {
        "customer_id": CUSTOMER,
        "status_id": SENT.id,
        "on": DAY,
        "total_excl_vat": "100",
        "total_incl_vat": "124",
    }
    return NewInvoice(**(fields | changes))


def test_k4_invoice_of() -> None:
    new = _invoice(number=7, project_ids=[PROJECT], owner_id=ANNA)
    invoice = invoice_of(new, InvoiceId(UUID(int=20)), _facts())
    assert (invoice.id, invoice.customer_id, invoice.status_id, invoice.on) == (
        InvoiceId(UUID(int=20)),
        CUSTOMER,
        SENT.id,
        DAY,
    )
    assert (invoice.total_excl_vat, invoice.total_incl_vat) == (eur("100"), eur("124"))
    assert (invoice.number, invoice.project_ids, invoice.owner_id) == (7, {PROJECT}, ANNA)
    assert invoice.is_credit_note is False
    plain = invoice_of(_invoice(), InvoiceId(UUID(int=20)), _facts())
    assert (plain.number, plain.project_ids, plain.owner_id) == (None, frozenset(), None)
    assert _invoice(project_ids=PROJECT).project_ids == (PROJECT,)
    assert _invoice(project_ids="x").project_ids == ("x",)


def test_k4_credit_note_and_boundaries() -> None:
    credit = _invoice(is_credit_note=True, total_excl_vat="-100", total_incl_vat="-124")
    assert invoice_of(credit, InvoiceId(UUID(int=20)), _facts()).is_credit_note is True
    zero = _invoice(total_excl_vat="0", total_incl_vat="0", is_credit_note=True)
    assert invoice_of(zero, InvoiceId(UUID(int=20)), _facts()).total_excl_vat == eur("0")
    assert invoice_of(zero, InvoiceId(UUID(int=20)), _facts()).is_credit_note is True
    same = _invoice(total_excl_vat="100", total_incl_vat="100", number=MAX_INVOICE_NUMBER)
    assert invoice_of(same, InvoiceId(UUID(int=20)), _facts()).number == MAX_INVOICE_NUMBER
    old = invoice_of(_invoice(status_id=OLD.id), InvoiceId(UUID(int=20)), _facts(), OLD.id)
    assert old.status_id == OLD.id


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"customer_id": UUID(int=99)}, "customer_id", "no such customer"),
        ({"customer_id": "x"}, "customer_id", "must be an id (UUID)"),
        ({"status_id": UUID(int=99)}, "status_id", "unknown invoice status"),
        ({"status_id": OLD.id}, "status_id", "is disabled"),
        ({"on": datetime(2026, 3, 1)}, "on", "must be a date (not a datetime)"),
        ({"number": 0}, "number", NUMBER),
        ({"number": MAX_INVOICE_NUMBER + 1}, "number", NUMBER),
        ({"number": True}, "number", NUMBER),
        ({"number": "7"}, "number", NUMBER),
        ({"is_credit_note": 0}, "is_credit_note", "must be True or False"),
        ({"owner_id": UUID(int=99)}, "owner_id", "unknown user"),
        ({"owner_id": "anna"}, "owner_id", "must be an id (UUID)"),
        ({"project_ids": [UUID(int=99)]}, "project_ids", "no such project"),
        ({"project_ids": [FOREIGN_PROJECT]}, "project_ids", "is a project of another customer"),
        ({"project_ids": ["x"]}, "project_ids", "must be an id (UUID)"),
        ({"total_excl_vat": "0", "total_incl_vat": "-1"}, "total_incl_vat", SIGN),
        ({"total_excl_vat": "100", "total_incl_vat": "99.99"}, "total_incl_vat", NEARER),
        ({"total_excl_vat": 1.5}, "total_excl_vat", FLOAT),
        ({"total_incl_vat": 1.5}, "total_incl_vat", FLOAT),
    ],
)  # fmt: skip
def test_k4_invoice_refusals(changes: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        invoice_of(_invoice(**changes), InvoiceId(UUID(int=20)), _facts())
    assert not isinstance(info.value, ValidationErrors)
    assert (info.value.entity, info.value.field, info.value.reason) == ("invoice", field, reason)


def test_k4_credit_note_signs() -> None:
    for field in ("total_excl_vat", "total_incl_vat"):
        new = _invoice(
            **{"is_credit_note": True, "total_excl_vat": "-1", "total_incl_vat": "-2", field: "1"}
        )
        with pytest.raises(ValidationError) as info:
            invoice_of(new, InvoiceId(UUID(int=20)), _facts())
        errors = info.value.errors if isinstance(info.value, ValidationErrors) else (info.value,)
        assert ("invoice", field, "a credit note has totals <= 0") in [
            (e.entity, e.field, e.reason) for e in errors
        ]
        assert next(e.value for e in errors if e.field == field) == eur("1")


def test_k4_every_failing_field_at_once() -> None:
    new = _invoice(customer_id=UUID(int=99), number=0, on="x")
    with pytest.raises(ValidationErrors) as info:
        invoice_of(new, InvoiceId(UUID(int=20)), _facts())
    assert info.value.fields == ("customer_id", "on", "number")
    with refused("invoice", None, "must be a NewInvoice", "x"):
        invoice_of("x", InvoiceId(UUID(int=20)), _facts())  # type: ignore[arg-type]


def test_k1_cost_entry_of() -> None:
    for kind in (CostKind.TRAVEL, "travel"):
        entry = cost_entry_of(
            NewCostEntry(PROJECT, kind, DAY, "-12.5"), CostEntryId(UUID(int=21)), _facts()
        )
        assert (entry.id, entry.project_id, entry.kind, entry.on, entry.amount) == (
            CostEntryId(UUID(int=21)), PROJECT, CostKind.TRAVEL, DAY, eur("-12.5"),
        )  # fmt: skip
    reason = "must be one of work_hours, travel, purchase"
    for kind in ("TRAVEL", "x", 1, None):
        with refused("cost_entry", "kind", reason, kind):
            cost_entry_of(
                NewCostEntry(PROJECT, kind, DAY, "1"), CostEntryId(UUID(int=21)), _facts()
            )
    with refused("cost_entry", "project_id", "no such project", UUID(int=99)):
        cost_entry_of(
            NewCostEntry(UUID(int=99), "travel", DAY, "1"), CostEntryId(UUID(int=21)), _facts()
        )  # type: ignore[arg-type]
    with refused("cost_entry", "amount", "must be in the organisation's currency EUR, not SEK"):
        cost_entry_of(
            NewCostEntry(PROJECT, "travel", DAY, Money(1, "SEK")),
            CostEntryId(UUID(int=21)),
            _facts(),
        )
    with pytest.raises(ValidationErrors) as info:
        cost_entry_of(NewCostEntry(PROJECT, "x", "x", 1.5), CostEntryId(UUID(int=21)), _facts())  # type: ignore[arg-type]
    assert info.value.fields == ("kind", "on", "amount")
    with refused("cost_entry", None, "must be a NewCostEntry", "x"):
        cost_entry_of("x", CostEntryId(UUID(int=21)), _facts())  # type: ignore[arg-type]
    with refused("cost_entry", "on", "must be a date (not a datetime)", "x"):
        cost_entry_of(NewCostEntry(PROJECT, "travel", "x", 1), CostEntryId(UUID(int=21)), _facts())


def test_s2_proposal_of() -> None:
    today = date(2026, 4, 1)
    proposal = proposal_of(
        NewProposal(PROJECT, " Quote "), ProposalId(UUID(int=22)), _facts(), today
    )
    assert (proposal.id, proposal.project_id, proposal.name, proposal.created_on) == (
        ProposalId(UUID(int=22)), PROJECT, "Quote", today,
    )  # fmt: skip
    dated = proposal_of(NewProposal(PROJECT, "Q", DAY), ProposalId(UUID(int=22)), _facts(), today)
    assert dated.created_on == DAY
    with refused("proposal", "created_on", "must be a date (not a datetime)"):
        proposal_of(
            NewProposal(PROJECT, "Q", datetime(2026, 1, 1)),
            ProposalId(UUID(int=22)),
            _facts(),
            today,
        )
    with refused("proposal", "project_id", "must be an id (UUID)", "p"):
        proposal_of(NewProposal("p", "Q"), ProposalId(UUID(int=22)), _facts(), today)  # type: ignore[arg-type]
    with refused("proposal", "name", "must not be blank"):
        proposal_of(NewProposal(PROJECT, " "), ProposalId(UUID(int=22)), _facts(), today)
    with refused("proposal", None, "must be a NewProposal", 1):
        proposal_of(1, ProposalId(UUID(int=22)), _facts(), today)  # type: ignore[arg-type]


def test_named_customers_and_projects() -> None:
    items = [
        _invoice(project_ids=[PROJECT, "x"]),
        _invoice(customer_id="x"),
        NewCostEntry(FOREIGN_PROJECT, "travel", DAY, "1"),
        NewProposal(ProjectId(UUID(int=30)), "Q"),
        NewProposal("p", "Q"),  # type: ignore[arg-type]
        "junk",
    ]
    assert named_customers(items) == {CUSTOMER}
    assert named_projects(items) == {PROJECT, FOREIGN_PROJECT, ProjectId(UUID(int=30))}


def test_entry_rows_error() -> None:
    rows = [
        RowError(i, "on", f"r{i}", ValidationError("invoice", "on", f"r{i}"))
        for i in (2, 2, 3, 4, 5, 6)
    ]
    error = EntryRowsError("invoice", rows)
    assert (error.entity, error.field, error.value) == ("invoice", "on", 2)
    assert error.indexes == (2, 3, 4, 5, 6)
    assert error.reason == (
        "nothing was stored: 5 row(s) failed (row 2 on: r2; row 2 on: r2; row 3 on: r3; "
        "row 4 on: r4; row 5 on: r5; and 1 more)"
    )
    assert EntryRowsError("invoice", rows[1:]).reason == (
        "nothing was stored: 5 row(s) failed (row 2 on: r2; row 3 on: r3; row 4 on: r4; "
        "row 5 on: r5; row 6 on: r6)"
    )
    assert (
        EntryRowsError("invoice", rows[:1]).reason
        == "nothing was stored: 1 row(s) failed (row 2 on: r2)"
    )


def test_row_errors() -> None:
    one = ValidationError("invoice", "on", "bad")
    assert row_errors(3, one) == [RowError(3, "on", "bad", one)]
    two = ValidationError("invoice", "number", "bad number")
    assert row_errors(4, ValidationErrors([one, two])) == [
        RowError(4, "on", "bad", one),
        RowError(4, "number", "bad number", two),
    ]
    missing = NotFoundError("customer", 5)
    assert row_errors(0, missing) == [RowError(0, "id", "no customer with id 5", missing)]


def test_u5_write_permissions() -> None:
    editor = Principal(ANNA, CustomerPermission.EDIT, invoices=InvoiceAccess.OWN)
    require_invoice_write(editor, "record", ANNA)
    with pytest.raises(PermissionDeniedError) as info:
        require_invoice_write(editor, "record", None)
    assert (info.value.entity, info.value.field, info.value.reason) == (
        "invoice", "owner_id", "record needs the right to see this invoice (its owner)",
    )  # fmt: skip
    with pytest.raises(PermissionDeniedError) as info:
        require_invoice_write(
            Principal(ANNA, CustomerPermission.READ_ONLY, invoices=InvoiceAccess.ALL),
            "record",
            ANNA,
        )
    assert info.value.reason == "record needs Customers permission EDIT (has READ_ONLY)"
    assert info.value.entity == "invoice"
    assert may_see_costs(editor) is True
    blind = Principal(ANNA, CustomerPermission.ALL, invoices=InvoiceAccess.NONE)
    assert may_see_costs(blind) is False
    require_cost_write(editor, "record")
    with pytest.raises(PermissionDeniedError) as info:
        require_cost_write(blind, "record")
    assert (info.value.entity, info.value.field, info.value.reason) == (
        "cost_entry", None, "record needs the right to see financial values",
    )  # fmt: skip
    with pytest.raises(PermissionDeniedError) as info:
        require_cost_write(
            Principal(ANNA, CustomerPermission.READ_ONLY, invoices=InvoiceAccess.ALL), "record"
        )
    assert info.value.entity == "cost_entry"
    assert info.value.reason == "record needs Customers permission EDIT (has READ_ONLY)"
    require_proposal_write(editor, "record")
    with pytest.raises(PermissionDeniedError) as info:
        require_proposal_write(Principal(ANNA), "record")
    assert (info.value.entity, info.value.reason) == (
        "proposal",
        "record needs Customers permission EDIT (has READ_ONLY)",
    )


# -- the one-pass check and the field-by-field check agree (K4) --------------------------------

VALID_ROWS = [
    {},
    {"number": 1, "project_ids": [PROJECT], "owner_id": ANNA},
    {"number": MAX_INVOICE_NUMBER},
    {"total_excl_vat": "100", "total_incl_vat": "100"},
    {"total_excl_vat": "0", "total_incl_vat": "0"},
    {"total_excl_vat": "0", "total_incl_vat": "0", "is_credit_note": True},
    {"total_excl_vat": "-100", "total_incl_vat": "-124", "is_credit_note": True},
    {"total_excl_vat": "-100", "total_incl_vat": "-100", "is_credit_note": True},
    {"total_excl_vat": eur("1.5"), "total_incl_vat": " 1.86 "},
]


@pytest.mark.parametrize("changes", VALID_ROWS)
def test_k4_both_checks_give_the_same_invoice(changes: dict[str, Any]) -> None:
    new = _invoice(**changes)
    invoice = invoice_of(new, InvoiceId(UUID(int=20)), _facts())
    assert invoice_field_by_field(new, InvoiceId(UUID(int=20)), _facts()) == invoice
    assert invoice == Invoice(
        id=InvoiceId(UUID(int=20)),
        customer_id=CUSTOMER,
        status_id=SENT.id,
        on=DAY,
        total_excl_vat=entry_amount("invoice", "total_excl_vat", new.total_excl_vat, "EUR"),
        total_incl_vat=entry_amount("invoice", "total_incl_vat", new.total_incl_vat, "EUR"),
        number=changes.get("number"),
        project_ids=frozenset(changes.get("project_ids", ())),
        is_credit_note=changes.get("is_credit_note", False),
        owner_id=changes.get("owner_id"),
    )


def test_k4_a_kept_disabled_status_in_both_checks() -> None:
    new = _invoice(status_id=OLD.id)
    kept = invoice_field_by_field(new, InvoiceId(UUID(int=20)), _facts(), OLD.id)
    assert kept.status_id == OLD.id
    with refused("invoice", "number", NUMBER, 0):
        invoice_of(_invoice(status_id=OLD.id, number=0), InvoiceId(UUID(int=20)), _facts(), OLD.id)
    with refused("invoice", "status_id", "is disabled", OLD.id):
        invoice_field_by_field(new, InvoiceId(UUID(int=20)), _facts())


@pytest.mark.parametrize(
    ("changes", "field", "reason", "value"),
    [
        ({"customer_id": UUID(int=99)}, "customer_id", "no such customer", UUID(int=99)),
        ({"status_id": UUID(int=99)}, "status_id", "unknown invoice status", UUID(int=99)),
        ({"status_id": "sent"}, "status_id", "must be an id (UUID)", "sent"),
        ({"status_id": OLD.id}, "status_id", "is disabled", OLD.id),
        ({"number": 0}, "number", NUMBER, 0),
        ({"is_credit_note": 0}, "is_credit_note", "must be True or False", 0),
        ({"owner_id": UUID(int=99)}, "owner_id", "unknown user", UUID(int=99)),
        ({"project_ids": [UUID(int=99)]}, "project_ids", "no such project", UUID(int=99)),
        ({"project_ids": [FOREIGN_PROJECT]}, "project_ids", "is a project of another customer",
         FOREIGN_PROJECT),
        ({"total_excl_vat": "100", "total_incl_vat": "99.99"}, "total_incl_vat", NEARER,
         eur("99.99")),
        ({"total_excl_vat": "1", "is_credit_note": True, "total_incl_vat": "-1"},
         "total_excl_vat", "a credit note has totals <= 0", eur("1")),
    ],
)  # fmt: skip
def test_k4_refusals_carry_the_value(
    changes: dict[str, Any], field: str, reason: str, value: Any
) -> None:
    for check in (invoice_of, invoice_field_by_field):
        with refused("invoice", field, reason, value):
            check(_invoice(**changes), InvoiceId(UUID(int=20)), _facts())
