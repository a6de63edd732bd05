"""Notes (N1-N3): a text on the customer card or on one of its projects.

A customer-card note shows only on the customer card (N2); a project note shows on the project
and on its customer's card with the project link (N3), and moves with the project (S3).
"""

from __future__ import annotations

from custreg.domain.activity import Note
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.text import required_text
from custreg.ports.registry import Registry
from custreg.usecases.projects import project_of_customer
from custreg.usecases.writes import customer_rows
from custreg.usecases.writes import writing


def _text(text: str) -> str:
    """N1: a note has only a text, and it must not be blank."""
    return required_text("note", "text", text, 10_000, multiline=True)


def add_note(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    text: str,
    project_id: ProjectId | None = None,
) -> Note:
    """Add a note on the customer card (N2) or, with ``project_id``, on one of the customer's
    projects (N3)."""
    require(principal, CustomerPermission.EDIT, "note", "add")
    cleaned = _text(text)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        uow.customers.get(customer_id)
        project_of_customer(uow, "note", customer_id, project_id)
        note = Note(
            id=NoteId(registry.ids.new_id()),
            customer_id=customer_id,
            text=cleaned,
            created_at=stamp.at,
            created_by=stamp.actor,
            project_id=project_id,
        )
        uow.notes.add(note)
        uow.commit([note.added(stamp)])
    return note


def add_project_note(
    registry: Registry, principal: Principal, project_id: ProjectId, text: str
) -> Note:
    """Add a note on a project card (N3): it belongs to the project's customer."""
    require(principal, CustomerPermission.EDIT, "note", "add")
    _text(text)
    with registry.read() as uow:
        customer_id = uow.projects.get(project_id).customer_id
    return add_note(registry, principal, customer_id, text, project_id)


def update_note(registry: Registry, principal: Principal, note_id: NoteId, text: str) -> Note:
    """Replace a note's text (N1: not blank)."""
    require(principal, CustomerPermission.EDIT, "note", "update")
    cleaned = _text(text)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        after, events = uow.notes.get(note_id).edit(cleaned, stamp)
        return uow.commit_change(uow.notes.update, after, events)


def remove_note(registry: Registry, principal: Principal, note_id: NoteId) -> None:
    """Delete a note (Edit)."""
    with writing(registry, principal, "note", "remove") as (uow, stamp):
        before = uow.notes.get(note_id)
        uow.notes.remove(note_id)
        uow.commit([before.removed(stamp)])


def customer_notes(registry: Registry, principal: Principal, customer_id: CustomerId) -> list[Note]:
    """The customer card's notes: its own and its projects' (N2, N3), oldest first."""
    return customer_rows(registry, principal, "note", customer_id, lambda uow: uow.notes)


def project_notes(registry: Registry, principal: Principal, project_id: ProjectId) -> list[Note]:
    """The project card's notes: only those added on the project (N2, N3), oldest first."""
    require(principal, CustomerPermission.READ_ONLY, "note", "list")
    with registry.read() as uow:
        uow.projects.get(project_id)
        return uow.notes.for_project(project_id)
