"""Views an adapter builds with fields left for later (``custreg.domain.deferred``): once
read, a deferred task card or invoice row is the view ``__init__`` makes, for equality, hashing,
``repr``, pickling and ``attrs.evolve``; a view stays frozen, and a missing name still fails.
Two threads filling one view at once: ``tests/test_deferred_examples.py``."""

from __future__ import annotations

import pickle
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import setter
from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.card import ActivityView
from custreg.domain.card import InvoiceRow
from custreg.domain.card import ProjectPhase
from custreg.domain.card import ProjectRef
from custreg.domain.card import ProjectRow
from custreg.domain.card import TaskCard
from custreg.domain.contact import Contact
from custreg.domain.ids import ActivityId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.invoice import Invoice
from custreg.domain.values import Money

TASK = TaskId(uuid.UUID(int=7))
PROJECT = ProjectRef(ProjectId(uuid.UUID(int=8)), 12, "Roof")
STATUS = TaskStatusId(uuid.UUID(int=9))


def _deferred_card(fills: list[str]) -> TaskCard:
    set_id = setter(TaskCard, "id")

    def fill(card: Any, stored: str) -> None:
        fills.append(stored)
        set_id(card, uuid.UUID(hex=stored))

    return maker(TaskCard, later=("id",))("Fix it", PROJECT, STATUS, (), False, (fill, TASK.hex))


def test_a_deferred_task_card_is_filled_once_on_first_use_and_equals_the_eager_one() -> None:
    fills: list[str] = []
    eager = TaskCard(TASK, "Fix it", PROJECT, STATUS, (), False)
    card = _deferred_card(fills)
    assert fills == []  # nothing decoded until a field is read
    assert card.name == "Fix it" and fills == []  # set fields need no filling
    assert card == eager and hash(card) == hash(eager)
    assert fills == [TASK.hex]
    assert card.id == TASK and repr(card) == repr(eager)
    assert fills == [TASK.hex]  # filled once


def test_a_deferred_view_pickles_evolves_and_stays_frozen() -> None:
    card = _deferred_card([])
    assert pickle.loads(pickle.dumps(card)) == TaskCard(TASK, "Fix it", PROJECT, STATUS, (), False)
    assert attrs.evolve(card, name="Other").id == TASK
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        card.nothing  # type: ignore[attr-defined]  # noqa: B018
    eager = TaskCard(TASK, "Fix it", PROJECT, STATUS, (), False)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        eager.nothing  # type: ignore[attr-defined]  # noqa: B018


def test_a_deferred_invoice_row_builds_its_invoice_on_first_use() -> None:
    invoice = Invoice(
        InvoiceId(uuid.UUID(int=1)),
        CustomerId(uuid.UUID(int=2)),
        InvoiceStatusId(uuid.UUID(int=3)),
        date(2026, 10, 1),
        Money(Decimal("10.00"), "EUR"),
        Money(Decimal("12.55"), "EUR"),
        number=4,
    )
    built: list[int] = []
    set_invoice = setter(InvoiceRow, "invoice")

    def fill(row: Any, source: Invoice) -> None:
        built.append(1)
        set_invoice(row, source)

    row = maker(InvoiceRow, later=("invoice",))("Sent", True, (fill, invoice))
    assert row.status_name == "Sent" and row.is_billed and built == []
    assert row.invoice is invoice and built == [1]
    assert row == InvoiceRow(invoice, "Sent", True)


def test_a_deferred_project_row_fills_its_id_and_value_together_on_first_use() -> None:
    value = Money(Decimal("900.00"), "EUR")
    eager = ProjectRow(
        PROJECT.id, 12, "Roof", ProjectPhase.OPEN_PROJECT, None, 20, value, None,
        False, False, True, False, 3,
    )  # fmt: skip
    fills: list[int] = []
    set_id, set_value = setter(ProjectRow, "id"), setter(ProjectRow, "value")

    def fill(row: Any, source: tuple[str, Money]) -> None:
        fills.append(1)
        set_id(row, ProjectId(uuid.UUID(hex=source[0])))
        set_value(row, source[1])

    row = maker(ProjectRow, later=("id", "value"))(
        12, "Roof", ProjectPhase.OPEN_PROJECT, None, 20, None, False, False, True, False, 3,
        (fill, (PROJECT.id.hex, value)),
    )  # fmt: skip
    assert not row.movable and row.phase is ProjectPhase.OPEN_PROJECT and fills == []
    assert row.value == value and fills == [1]
    assert row.id == PROJECT.id and row == eager and hash(row) == hash(eager)
    assert fills == [1]


def test_a_deferred_contact_builds_its_costly_fields_on_first_use_and_equals_the_eager_one() -> (
    None
):
    eager = Contact(
        ContactId(uuid.UUID(int=5)), CustomerId(uuid.UUID(int=6)), "Ada", "Byron",
        emails=("ada@example.com",), phones=("+358 1",), roles={"cto"}, keywords={"vip"},
    )  # fmt: skip
    later = ("id", "customer_id", "emails", "phones", "roles", "keywords", "address_id")
    later += ("deleted_at",)
    setters = [setter(Contact, name) for name in later]
    fills: list[int] = []

    def fill(contact: Any, source: Contact) -> None:
        fills.append(1)
        for name, set_field in zip(later, setters, strict=True):
            set_field(contact, getattr(source, name))

    def deferred() -> Contact:
        return maker(Contact, later=later)("Ada", "Byron", None, True, (fill, eager))

    contact = deferred()
    assert contact.full_name == "Ada Byron" and contact.active and fills == []
    assert contact == eager and hash(contact) == hash(eager) and repr(contact) == repr(eager)
    assert fills == [1] and contact.keywords == {"vip"} and fills == [1]
    assert pickle.loads(pickle.dumps(deferred())) == eager
    assert attrs.evolve(deferred(), title="CEO") == attrs.evolve(eager, title="CEO")


def test_a_deferred_activity_view_builds_its_activity_on_first_use() -> None:
    activity = Activity(
        ActivityId(uuid.UUID(int=3)), CustomerId(uuid.UUID(int=6)), ActivityKind.TODO, "Call"
    )
    eager = ActivityView(activity, PROJECT, None, ("Ada Byron",))
    built: list[int] = []
    set_activity = setter(ActivityView, "activity")

    def fill(view: Any, source: Activity) -> None:
        built.append(1)
        set_activity(view, source)

    view = maker(ActivityView, later=("activity",))(PROJECT, None, ("Ada Byron",), (fill, activity))
    assert view.contact_names == ("Ada Byron",) and built == []
    assert view.is_planned and built == [1]
    assert view == eager and pickle.loads(pickle.dumps(view)) == eager
