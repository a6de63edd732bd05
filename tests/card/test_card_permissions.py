"""Permissions on every card read and write (U1-U5): None sees nothing, Read-only reads and may
add activities only, Edit writes, All also sees money, deleting a customer needs the flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import DOING
from cardkit import EDITOR
from cardkit import OFFER
from cardkit import SALES_STATUS_KIND
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import eur
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.blobs import MemoryBlobStore
from custreg.domain.activity import ActivityKind
from custreg.domain.card import Figure
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.usecases import activities
from custreg.usecases import card
from custreg.usecases import contacts
from custreg.usecases import files
from custreg.usecases import notes
from custreg.usecases import projects
from custreg.usecases import statuses
from custreg.usecases import tasks
from custreg.usecases.addresses import add_address
from custreg.usecases.commands import NewAddress
from custreg.usecases.customers import get_customer

Level = CustomerPermission
READS: dict[str, tuple[Level, Callable[..., Any]]] = {
    "contacts_tab": (Level.READ_ONLY, lambda r, p, w: card.contacts_tab(r, p, w["customer"])),
    "sales_tab": (Level.READ_ONLY, lambda r, p, w: card.sales_tab(r, p, w["customer"])),
    "collaboration_tab": (
        Level.READ_ONLY,
        lambda r, p, w: card.collaboration_tab(r, p, w["customer"]),
    ),
    "settings_tab": (Level.READ_ONLY, lambda r, p, w: card.settings_tab(r, p, w["customer"])),
    "financials_tab": (Level.ALL, lambda r, p, w: card.financials_tab(r, p, w["customer"])),
    "drilldown": (
        Level.ALL,
        lambda r, p, w: card.financials_drilldown(
            r, p, w["customer"], date(2026, 11, 1), Figure.MARGIN
        ),
    ),
    "list_contacts": (Level.READ_ONLY, lambda r, p, w: contacts.list_contacts(r, p, w["customer"])),
    "contacts_with_keyword": (
        Level.READ_ONLY,
        lambda r, p, w: contacts.contacts_with_keyword(r, p, "vip"),
    ),
    "get_contact": (Level.READ_ONLY, lambda r, p, w: contacts.get_contact(r, p, w["contact"])),
    "customer_activities": (
        Level.READ_ONLY,
        lambda r, p, w: activities.customer_activities(r, p, w["customer"]),
    ),
    "project_activities": (
        Level.READ_ONLY,
        lambda r, p, w: activities.project_activities(r, p, w["project"]),
    ),
    "customer_notes": (Level.READ_ONLY, lambda r, p, w: notes.customer_notes(r, p, w["customer"])),
    "project_notes": (Level.READ_ONLY, lambda r, p, w: notes.project_notes(r, p, w["project"])),
    "customer_files": (Level.READ_ONLY, lambda r, p, w: files.customer_files(r, p, w["customer"])),
    "file_content": (
        Level.READ_ONLY,
        lambda r, p, w: files.file_content(r, p, w["blobs"], w["file"]),
    ),
    "is_done": (Level.READ_ONLY, lambda r, p, w: tasks.is_done(r, p, w["task"])),
}

WRITES: dict[str, tuple[Level, Callable[..., Any]]] = {
    "add_activity": (
        Level.READ_ONLY,  # U2: the one write Read-only may do
        lambda r, p, w: activities.add_activity(
            r, p, w["customer"], activities.NewActivity(ActivityKind.TODO, "Call")
        ),
    ),
    "complete_activity": (
        Level.EDIT,
        lambda r, p, w: activities.complete_activity(r, p, w["activity"]),
    ),
    "add_contact": (
        Level.EDIT,
        lambda r, p, w: contacts.add_contact(r, p, w["customer"], contacts.NewContact("A", "B")),
    ),
    "inactivate_contact": (
        Level.EDIT,
        lambda r, p, w: contacts.inactivate_contact(r, p, w["contact"]),
    ),
    "tag_contact": (
        Level.EDIT,
        lambda r, p, w: contacts.tag_contact(r, p, w["contact"], add_keywords=["x"]),
    ),
    "delete_contact": (Level.EDIT, lambda r, p, w: contacts.delete_contact(r, p, w["contact"])),
    "add_note": (Level.EDIT, lambda r, p, w: notes.add_note(r, p, w["customer"], "Hi")),
    "add_address": (
        Level.EDIT,
        lambda r, p, w: add_address(r, p, w["customer"], NewAddress("FI", ("A 1",), "00100")),
    ),
    "add_file": (
        Level.EDIT,
        lambda r, p, w: files.add_file(r, p, w["blobs"], w["customer"], "a.txt", b"x"),
    ),
    "add_link": (
        Level.EDIT,
        lambda r, p, w: files.add_link(r, p, w["customer"], "Site", "https://example.com"),
    ),
    "remove_file": (
        Level.EDIT,
        lambda r, p, w: files.remove_file(r, p, w["blobs"], w["file"]),
    ),
    "create_project": (
        Level.EDIT,
        lambda r, p, w: projects.create_project(r, p, w["customer"], projects.NewProject("P")),
    ),
    "set_sales_status": (
        Level.EDIT,
        lambda r, p, w: projects.set_sales_status(r, p, w["project"], OFFER),
    ),
    "move_project": (
        Level.EDIT,
        lambda r, p, w: projects.move_project(r, p, w["project"], w["other"]),
    ),
    "add_task": (Level.EDIT, lambda r, p, w: tasks.add_task(r, p, w["project"], "T")),
    "move_task": (Level.EDIT, lambda r, p, w: tasks.move_task(r, p, w["task"], DOING)),
    "update_settings": (
        Level.EDIT,
        lambda r, p, w: card.update_customer_settings(
            r, p, w["customer"], card.CustomerSettingsChange(payment_term_days=30)
        ),
    ),
    "set_forecast": (
        Level.ALL,
        lambda r, p, w: projects.set_project_forecast(
            r, p, w["project"], date(2026, 12, 1), eur(1), eur(1)
        ),
    ),
    "disable_status": (
        Level.ALL,
        lambda r, p, w: statuses.disable_status(r, p, SALES_STATUS_KIND, OFFER),
    ),
}


def _world(registry: Any) -> dict[str, Any]:
    blobs = MemoryBlobStore()
    customer = new_customer(registry, "Mine Oy")
    other = new_customer(registry, "Other Oy")
    project = projects.create_project(registry, ADMIN, customer.id, projects.NewProject("Site"))
    contact = contacts.add_contact(registry, ADMIN, customer.id, contacts.NewContact("C", "D"))
    activity = activities.add_activity(
        registry, ADMIN, customer.id, activities.NewActivity(ActivityKind.TODO, "Do")
    )
    item = files.add_file(registry, ADMIN, blobs, customer.id, "f.txt", b"data")
    task = tasks.add_task(registry, ADMIN, project.id, "Task")
    add_invoice(registry, customer.id, date(2026, 11, 2), 100)
    return {
        "blobs": blobs,
        "customer": customer.id,
        "other": other.id,
        "project": project.id,
        "contact": contact.id,
        "activity": activity.id,
        "file": item.id,
        "task": task.id,
    }


@per_example
@given(
    level=st.sampled_from(list(Level)),
    name=st.sampled_from(sorted(READS)),
)
def test_u1_u2_u5_reads_need_their_level(registry_factory: Any, level: Level, name: str) -> None:
    registry = registry_factory(settings=card_settings)
    world = _world(registry)
    needed, read = READS[name]
    principal = Principal(EDITOR.user_id, level)
    if level >= needed:
        read(registry, principal, world)
    else:
        with pytest.raises(PermissionDeniedError) as error:
            read(registry, principal, world)
        assert needed.name in error.value.reason


@per_example
@given(
    level=st.sampled_from(list(Level)),
    name=st.sampled_from(sorted(WRITES)),
)
def test_u2_u3_writes_need_their_level_and_denied_writes_change_nothing(
    registry_factory: Any, level: Level, name: str
) -> None:
    registry = registry_factory(settings=card_settings)
    world = _world(registry)
    needed, write = WRITES[name]
    principal = Principal(EDITOR.user_id, level)
    before = _snapshot(registry, world)
    if level >= needed:
        write(registry, principal, world)
    else:
        with pytest.raises(PermissionDeniedError):
            write(registry, principal, world)
        assert _snapshot(registry, world) == before


def _snapshot(registry: Any, world: dict[str, Any]) -> tuple[Any, ...]:
    return (
        card.contacts_tab(registry, ADMIN, world["customer"]),
        card.sales_tab(registry, ADMIN, world["customer"]),
        card.collaboration_tab(registry, ADMIN, world["customer"]),
        card.settings_tab(registry, ADMIN, world["customer"]),
        card.financials_tab(registry, ADMIN, world["customer"]).months,
        world["blobs"].keys(),
    )


def test_u2_none_sees_no_customer_contact_address_or_project(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    world = _world(registry)
    nobody = Principal(EDITOR.user_id, Level.NONE)
    for _, read in READS.values():
        with pytest.raises(PermissionDeniedError):
            read(registry, nobody, world)
    with pytest.raises(PermissionDeniedError):
        get_customer(registry, nobody, world["customer"])


def test_u5_sales_values_only_for_all(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    projects.create_project(
        registry, ADMIN, customer.id, projects.NewProject("Deal", expected_value=eur(5000))
    )
    for level in (Level.READ_ONLY, Level.EDIT):
        tab = card.sales_tab(registry, Principal(EDITOR.user_id, level), customer.id)
        assert not tab.money_visible and tab.rows[0].value is None
    tab = card.sales_tab(registry, ADMIN, customer.id)
    assert tab.money_visible and tab.rows[0].value == eur(5000)


@per_example
@given(level=st.sampled_from(list(Level)), flag=st.booleans(), busy=st.booleans())
def test_u4_deleting_a_customer_needs_edit_and_the_delete_flag(
    registry_factory: Any, level: Level, flag: bool, busy: bool
) -> None:
    registry = registry_factory(settings=card_settings)
    blobs = MemoryBlobStore()
    customer = new_customer(registry)
    contacts.add_contact(registry, ADMIN, customer.id, contacts.NewContact("C", "D"))
    notes.add_note(registry, ADMIN, customer.id, "note")
    activities.add_activity(
        registry, ADMIN, customer.id, activities.NewActivity(ActivityKind.TODO, "Do")
    )
    files.add_file(registry, ADMIN, blobs, customer.id, "f.txt", b"data")
    add_address(registry, ADMIN, customer.id, NewAddress("FI", ("A 1",), "00100"))
    if busy:
        projects.create_project(registry, ADMIN, customer.id, projects.NewProject("Site"))
    customer = get_customer(registry, ADMIN, customer.id)  # with its headquarters now
    principal = Principal(EDITOR.user_id, level, can_delete_customers=flag)
    if level < Level.EDIT or not flag:
        with pytest.raises(PermissionDeniedError):
            card.delete_customer(registry, principal, customer.id, blobs)
        assert get_customer(registry, ADMIN, customer.id) == customer
        return
    if busy:  # history stays: inactivate instead
        with pytest.raises(BusinessRuleError):
            card.delete_customer(registry, principal, customer.id, blobs)
        assert get_customer(registry, ADMIN, customer.id) == customer
        return
    card.delete_customer(registry, principal, customer.id, blobs)
    with pytest.raises(NotFoundError):
        get_customer(registry, ADMIN, customer.id)
    with pytest.raises(NotFoundError):
        card.contacts_tab(registry, ADMIN, customer.id)
    assert blobs.keys() == frozenset()
