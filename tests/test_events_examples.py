"""Examples of domain events and the audit entries they make (M7), stated directly."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from attrs import frozen

from custreg.domain.audit import AuditEntry
from custreg.domain.audit import renderer
from custreg.domain.events import CREATION_ACTIONS
from custreg.domain.events import REMOVAL_ACTIONS
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import FieldChanged
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.events import _one_of
from custreg.domain.events import audit_entries
from custreg.domain.events import changed
from custreg.domain.ids import UserId
from custreg.domain.permissions import Principal

AT = datetime(2026, 1, 2, 3, 4, 5)
USER = UserId(UUID(int=5))
BATCH = UUID(int=6)
STAMP = Stamp(USER, AT, BATCH)
ID = UUID(int=1)


@frozen
class Thing:
    id: UUID
    name: str
    size: int = 0
    version: int = 1


@frozen
class Other:
    id: UUID
    name: str


def ids() -> Callable[[], UUID]:
    counter: Iterator[int] = iter(range(100, 200))
    return lambda: UUID(int=next(counter))


def test_stamp() -> None:
    assert Stamp(None, AT).batch_id is None
    stamp = Stamp.by(Principal(USER), AT)
    assert (stamp.actor, stamp.at, stamp.batch_id) == (USER, AT, None)
    assert Stamp.by(Principal(USER), AT, BATCH) == STAMP


def test_m7_actions() -> None:
    assert frozenset({"add", "create", "import"}) == CREATION_ACTIONS
    assert frozenset({"remove", "delete"}) == REMOVAL_ACTIONS


def test_m7_created_and_removed_defaults_and_ids() -> None:
    thing = Thing(ID, "a")
    created = Created("thing", thing, STAMP)
    assert created.action == "create"
    assert created.entity_id == ID
    removed = Removed("thing", thing, STAMP)
    assert removed.action == "remove"
    assert removed.entity_id == ID


@pytest.mark.parametrize("action", sorted(CREATION_ACTIONS))
def test_m7_creation_actions_accepted(action: str) -> None:
    assert Created("thing", Thing(ID, "a"), STAMP, action).action == action


@pytest.mark.parametrize("action", sorted(REMOVAL_ACTIONS))
def test_m7_removal_actions_accepted(action: str) -> None:
    assert Removed("thing", Thing(ID, "a"), STAMP, action).action == action


def test_m7_one_of_checks_membership() -> None:
    @frozen
    class Attribute:
        name: str

    check = _one_of(frozenset({"b", "a"}))
    check(None, Attribute("action"), "a")
    message = "action 'c' is not one of ['a', 'b']"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        check(None, Attribute("action"), "c")


def test_m7_other_actions_refused() -> None:
    message = "action 'update' is not one of ['add', 'create', 'import']"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Created("thing", Thing(ID, "a"), STAMP, "update")
    message = "action 'create' is not one of ['delete', 'remove']"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Removed("thing", Thing(ID, "a"), STAMP, "create")


@pytest.mark.parametrize("subject", [object(), Other("x", "a"), None])  # type: ignore[arg-type]
def test_m7_audited_entity_needs_a_uuid_id(subject: Any) -> None:
    message = f"an audited entity needs a UUID id, got {subject!r}"
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        Created("thing", subject, STAMP).entity_id  # noqa: B018
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        Removed("thing", subject, STAMP).entity_id  # noqa: B018


def test_m7_changed() -> None:
    event = Changed("thing", Thing(ID, "a", 1, 1), Thing(ID, "b", 2, 2), STAMP)
    assert event.action == "update"
    assert event.entity_id == ID
    assert event.fields == ["name", "size"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Thing(ID, "a"), Thing(UUID(int=2), "a")),
        (Thing(ID, "a"), Other(ID, "a")),
    ],
)
def test_m7_changed_keeps_type_and_id(before: object, after: object) -> None:
    with pytest.raises(ValueError, match=r"^a change keeps the entity's type and id$"):
        Changed("thing", before, after, STAMP)


def test_m7_changed_entity_id_is_the_after_id() -> None:
    with pytest.raises(TypeError):
        Changed("thing", Other("x", "a"), Other("x", "b"), STAMP)  # type: ignore[arg-type]


def test_m7_field_changed_default_action() -> None:
    assert FieldChanged("thing", ID, "name", "a", "b", STAMP).action == "update"


def test_m7_changed_helper() -> None:
    before, after = Thing(ID, "a"), Thing(ID, "b")
    assert changed("thing", before, Thing(ID, "a"), STAMP) == (before, ())
    assert changed("thing", before, after, STAMP) == (
        after,
        (Changed("thing", before, after, STAMP, "update"),),
    )
    assert changed("thing", before, after, STAMP, "move")[1][0].action == "move"


def test_m7_audit_entries_of_every_kind() -> None:
    before, after = Thing(ID, "a", 1, 1), Thing(ID, "b", 2, 2)
    stamp = Stamp(None, AT, UUID(int=7))
    events = [
        Created("thing", before, STAMP, "import"),
        Changed("thing", before, after, stamp, "move"),
        FieldChanged("thing", ID, "colour", "red", "blue", STAMP, "mass"),
        Removed("thing", after, STAMP, "delete"),
    ]
    rendered_before = {"id": str(ID), "name": "a", "size": 1, "version": 1}
    rendered_after = {"id": str(ID), "name": "b", "size": 2, "version": 2}
    assert audit_entries(events, ids()) == [
        AuditEntry(
            UUID(int=100), AT, USER, "import", "thing", ID, "*", None, rendered_before, BATCH
        ),
        AuditEntry(UUID(int=101), AT, None, "move", "thing", ID, "name", "a", "b", UUID(int=7)),
        AuditEntry(UUID(int=102), AT, None, "move", "thing", ID, "size", 1, 2, UUID(int=7)),
        AuditEntry(UUID(int=103), AT, USER, "mass", "thing", ID, "colour", "red", "blue", BATCH),
        AuditEntry(
            UUID(int=104), AT, USER, "delete", "thing", ID, "*", rendered_after, None, BATCH
        ),
    ]


def test_m7_audit_entries_render_entities_with_the_given_renderer() -> None:
    thing = Thing(ID, "a")
    entries = audit_entries(
        [Created("thing", thing, STAMP), Removed("thing", thing, STAMP)],
        ids(),
        lambda value: f"R{value.name}",  # type: ignore[attr-defined]
    )
    assert [(e.before, e.after) for e in entries] == [(None, "Ra"), ("Ra", None)]


def test_m7_audit_entries_of_changed_fields_use_render() -> None:
    @frozen
    class Dated:
        id: UUID
        on: datetime

    event = Changed("thing", Dated(ID, AT), Dated(ID, datetime(2027, 1, 1)), STAMP)
    [entry] = audit_entries([event], ids(), lambda value: "never")
    assert (entry.field, entry.before, entry.after) == ("on", AT.isoformat(), "2027-01-01T00:00:00")


def test_m7_no_events_no_entries() -> None:
    assert audit_entries([], ids()) == []


def test_m7_audit_entries_with_a_renderer_of_the_class_are_those_of_render() -> None:
    # a run of created and removed entities of the renderer's class is rendered all at once
    a, b = Thing(ID, "a", 1, 1), Thing(UUID(int=2), "b", 2, 2)
    events = [
        Created("thing", a, STAMP),
        Changed("thing", a, Thing(ID, "c", 1, 2), STAMP, "update"),
        Removed("thing", b, STAMP),
        Created("thing", b, STAMP),
    ]
    assert audit_entries(events, ids(), renderer(Thing)) == audit_entries(events, ids())
