"""Bad input on the card gets a typed error naming entity and field, and stores nothing: the
whole card (every tab, the blob store and the audit log) is the same before and after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import EDITOR
from cardkit import GONE
from cardkit import READER
from cardkit import TIER
from cardkit import card_settings
from cardkit import new_customer

from custreg.adapters.blobs import MemoryBlobStore
from custreg.domain.activity import ActivityKind
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomFieldId
from custreg.domain.values import Money
from custreg.usecases import activities
from custreg.usecases import card
from custreg.usecases import contacts
from custreg.usecases import files
from custreg.usecases import notes
from custreg.usecases import projects
from custreg.usecases import tasks
from custreg.usecases.card import CustomerSettingsChange

BadInput = Callable[[Any, dict[str, Any]], Any]

CASES: dict[str, tuple[str, str, BadInput]] = {
    "blank note": ("note", "text", lambda r, w: notes.add_note(r, EDITOR, w["customer"], " \t")),
    "blank project note": (
        "note",
        "text",
        lambda r, w: notes.add_project_note(r, EDITOR, w["project"], ""),
    ),
    "contact without last name": (
        "contact",
        "last_name",
        lambda r, w: contacts.add_contact(r, EDITOR, w["customer"], contacts.NewContact("A", " ")),
    ),
    "contact with a bad email": (
        "contact",
        "emails",
        lambda r, w: contacts.add_contact(
            r, EDITOR, w["customer"], contacts.NewContact("A", "B", emails=("not-an-email",))
        ),
    ),
    "activity on another customer's project": (
        "activity",
        "project_id",
        lambda r, w: activities.add_activity(
            r,
            READER,
            w["customer"],
            activities.NewActivity(ActivityKind.TODO, "Call", project_id=w["their_project"]),
        ),
    ),
    "activity with a blank title": (
        "activity",
        "title",
        lambda r, w: activities.add_activity(
            r, READER, w["customer"], activities.NewActivity(ActivityKind.TODO, "")
        ),
    ),
    "activity with a naive time": (
        "activity",
        "starts_at",
        lambda r, w: activities.add_activity(
            r,
            READER,
            w["customer"],
            activities.NewActivity(ActivityKind.CALENDAR, "Meet", starts_at=datetime(2026, 1, 1)),
        ),
    ),
    "activity ending before it starts": (
        "activity",
        "ends_at",
        lambda r, w: activities.add_activity(
            r,
            READER,
            w["customer"],
            activities.NewActivity(
                ActivityKind.CALENDAR,
                "Meet",
                starts_at=datetime(2026, 1, 2, tzinfo=UTC),
                ends_at=datetime(2026, 1, 1, tzinfo=UTC),
            ),
        ),
    ),
    "activity owned by an inactive user": (
        "activity",
        "owner_id",
        lambda r, w: activities.add_activity(
            r, READER, w["customer"], activities.NewActivity(ActivityKind.TODO, "x", owner_id=GONE)
        ),
    ),
    "activity naming another customer's contact": (
        "activity",
        "contact_ids",
        lambda r, w: activities.add_activity(
            r,
            READER,
            w["customer"],
            activities.NewActivity(
                ActivityKind.TODO, "x", contact_ids=frozenset({w["their_contact"]})
            ),
        ),
    ),
    "file over the limit": (
        "file",
        "content",
        lambda r, w: files.add_file(r, EDITOR, w["blobs"], w["customer"], "a.pdf", b"x" * 65),
    ),
    "file with a path in its name": (
        "file",
        "name",
        lambda r, w: files.add_file(r, EDITOR, w["blobs"], w["customer"], "../../a.pdf", b"x"),
    ),
    "unknown custom field": (
        "customer",
        "custom_fields",
        lambda r, w: card.update_customer_settings(
            r,
            EDITOR,
            w["customer"],
            CustomerSettingsChange(custom_fields={CustomFieldId(r.ids.new_id()): "x"}),
        ),
    ),
    "custom field of the wrong type": (
        "customer",
        "custom_fields.Tier",
        lambda r, w: card.update_customer_settings(
            r, EDITOR, w["customer"], CustomerSettingsChange(custom_fields={TIER: 3})
        ),
    ),
    "project with a blank name": (
        "project",
        "name",
        lambda r, w: projects.create_project(r, EDITOR, w["customer"], projects.NewProject(" ")),
    ),
    "project value as a float": (
        "project",
        "expected_value",
        lambda r, w: projects.create_project(
            r,
            EDITOR,
            w["customer"],
            projects.NewProject("P", expected_value=12.5),  # type: ignore[arg-type]
        ),
    ),
    "project with an unknown owner": (
        "project",
        "owner_id",
        lambda r, w: projects.create_project(
            r, EDITOR, w["customer"], projects.NewProject("P", owner_id=r.ids.new_id())
        ),
    ),
    "task with a blank name": (
        "task",
        "name",
        lambda r, w: tasks.add_task(r, EDITOR, w["project"], ""),
    ),
    "task assigned to an inactive user": (
        "task",
        "assignee_ids",
        lambda r, w: tasks.add_task(r, EDITOR, w["project"], "T", assignee_ids=[GONE]),
    ),
    "negative forecast": (
        "forecast",
        "billing",
        lambda r, w: projects.set_project_forecast(
            r,
            ADMIN,
            w["project"],
            datetime(2026, 12, 1).date(),
            Money(-1, "EUR"),
            Money(0, "EUR"),
        ),
    ),
}


def _world(registry: Any) -> dict[str, Any]:
    customer, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    return {
        "blobs": MemoryBlobStore(max_size=64),
        "customer": customer.id,
        "project": projects.create_project(
            registry, EDITOR, customer.id, projects.NewProject("Mine")
        ).id,
        "their_project": projects.create_project(
            registry, EDITOR, other.id, projects.NewProject("Theirs")
        ).id,
        "their_contact": contacts.add_contact(
            registry, EDITOR, other.id, contacts.NewContact("T", "Their")
        ).id,
    }


def _everything(registry: Any, world: dict[str, Any]) -> tuple[Any, ...]:
    customer = world["customer"]
    with registry.uow() as uow:
        audit = uow.audit.for_entity("customer", customer)
        forecasts = uow.projects.forecasts_for(world["project"])
    return (
        card.contacts_tab(registry, ADMIN, customer),
        card.sales_tab(registry, ADMIN, customer),
        card.collaboration_tab(registry, ADMIN, customer),
        card.financials_tab(registry, ADMIN, customer),
        card.settings_tab(registry, ADMIN, customer),
        world["blobs"].keys(),
        audit,
        forecasts,
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_a_typed_error_naming_the_field_and_nothing_is_stored(
    registry_factory: Any, case: str
) -> None:
    entity, field, act = CASES[case]
    registry = registry_factory(settings=card_settings)
    world = _world(registry)
    before = _everything(registry, world)
    with pytest.raises(ValidationError) as error:
        act(registry, world)
    assert (error.value.entity, error.value.field) == (entity, field)
    assert error.value.reason
    assert _everything(registry, world) == before
