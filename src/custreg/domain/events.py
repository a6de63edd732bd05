"""Domain events: what a state change of an aggregate caused, and the audit trail derived from
them (M7).

An aggregate's state-changing method returns its new state and the events it caused; the use case
hands the events to its unit of work (``Transaction.record``), which writes the audit entries at
commit. The kind of event fixes the shape of its entries, so a removal can only be audited as a
removal and a creation only as a creation:

- ``Created``: one entry on field ``*``, nothing before, the new entity after;
- ``Removed``: one entry on field ``*``, the entity as it was before, nothing after;
- ``Changed``: one entry per changed field (bookkeeping fields left out), before and after;
- ``FieldChanged``: one entry for one field of one entity (set-based writes that never build the
  whole entity, such as a mass update).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from typing import TypeVar
from uuid import UUID

import attrs
from attrs import field
from attrs import frozen

from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.audit import EntityRenderer
from custreg.domain.audit import changed_fields
from custreg.domain.audit import render
from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import UserId
from custreg.domain.permissions import Principal

T = TypeVar("T")

#: Audit actions a creation may be recorded under.
CREATION_ACTIONS = frozenset({"add", "create", "import"})
#: Audit actions a removal may be recorded under ("delete": a customer or contact tombstone or a
#: status removal; "remove": a row removed for good).
REMOVAL_ACTIONS = frozenset({"remove", "delete"})


@frozen
class Stamp:
    """Who caused a change, when, and (optionally) the operation it belongs to: ``batch_id``
    groups the events of one operation so the operation can be read back (and a mass update
    undone) as a whole."""

    actor: UserId | None
    at: datetime
    batch_id: UUID | None = None

    @classmethod
    def by(cls, principal: Principal, at: datetime, batch_id: UUID | None = None) -> Stamp:
        """The stamp of a change ``principal`` makes at ``at``."""
        return cls(principal.user_id, at, batch_id)


def _entity_id(subject: object) -> UUID:
    entity_id = getattr(subject, "id", None)
    if not isinstance(entity_id, UUID):
        raise TypeError(f"an audited entity needs a UUID id, got {subject!r}")
    return entity_id


def _require_one_of(allowed: frozenset[str], name: str, value: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {sorted(allowed)}")
    return value


def _one_of(allowed: frozenset[str]) -> Callable[[Any, Any, str], None]:
    def check(_instance: Any, attribute: Any, value: str) -> None:
        _require_one_of(allowed, attribute.name, value)

    return check


@frozen
class Created:
    """An entity came into being (``action`` is one of ``CREATION_ACTIONS``)."""

    entity: str
    after: object
    stamp: Stamp
    action: str = field(default="create", validator=_one_of(CREATION_ACTIONS))

    @property
    def entity_id(self) -> UUID:
        """The id of the created entity."""
        return _entity_id(self.after)


@frozen
class Removed:
    """An entity was removed or tombstoned (``action`` is one of ``REMOVAL_ACTIONS``);
    ``before`` is the entity as it was."""

    entity: str
    before: object
    stamp: Stamp
    action: str = field(default="remove", validator=_one_of(REMOVAL_ACTIONS))

    @property
    def entity_id(self) -> UUID:
        """The id of the removed entity."""
        return _entity_id(self.before)


@frozen
class Changed:
    """An entity changed from ``before`` to ``after`` (same id, same type); ``action`` names the
    change ("update", "inactivate", "move", ...)."""

    entity: str
    before: object
    after: object
    stamp: Stamp
    action: str = "update"

    def __attrs_post_init__(self) -> None:
        if type(self.before) is not type(self.after) or _entity_id(self.before) != _entity_id(
            self.after
        ):
            raise ValueError("a change keeps the entity's type and id")

    @property
    def entity_id(self) -> UUID:
        """The id of the changed entity."""
        return _entity_id(self.after)

    @property
    def fields(self) -> list[str]:
        """The names of the fields the change touched (bookkeeping fields left out)."""
        return changed_fields(self.before, self.after)


@frozen
class FieldChanged:
    """One field of one entity changed, known by id and rendered values only (``before`` and
    ``after`` are already JSON-safe renderings)."""

    entity: str
    entity_id: UUID
    field: str
    before: Any
    after: Any
    stamp: Stamp
    action: str = "update"


#: Every kind of domain event.
DomainEvent = Created | Removed | Changed | FieldChanged


def _one_per_entity(instance: FieldChanges, _attribute: Any, afters: Sequence[Any]) -> None:
    if not len(instance.entity_ids) == len(instance.befores) == len(afters):
        raise ValueError("FieldChanges has one before and one after per entity")


@frozen
class FieldChanges:
    """The ``FieldChanged`` events of one set-based write, as columns: one field of many
    entities of one kind, changed under one stamp and action, and per entity its id and the
    renderings before and after (JSON-safe, as ``FieldChanged`` holds them). A transaction
    records them as a whole (``Transaction.record``), so a mass update's audit rows go to the
    log as columns (``columns``) with no event or entry object per entity; ``events`` gives
    exactly the events they stand for, in order."""

    entity: str
    field: str
    stamp: Stamp
    action: str
    entity_ids: Sequence[UUID]
    befores: Sequence[Any]
    afters: Sequence[Any] = attrs.field(validator=_one_per_entity)

    def __len__(self) -> int:
        """The number of entities (events)."""
        return len(self.entity_ids)

    def events(self) -> list[FieldChanged]:
        """One ``FieldChanged`` per entity, in order."""
        entity, name, stamp, action = self.entity, self.field, self.stamp, self.action
        rows = zip(self.entity_ids, self.befores, self.afters, strict=True)
        return [
            FieldChanged(entity, entity_id, name, before, after, stamp, action)
            for entity_id, before, after in rows
        ]

    def columns(self, new_id: Callable[[], UUID]) -> AuditColumns:
        """The audit entries of ``events()`` as columns, each with a fresh id from ``new_id``
        drawn in order: ``columns(new_id).entries()`` equals ``audit_entries(events(), new_id)``."""
        stamp = self.stamp
        ids = [AuditEntryId(new_id()) for _ in self.entity_ids]
        return AuditColumns(
            stamp.at, stamp.actor, self.action, self.entity, self.field, stamp.batch_id, ids,
            self.entity_ids, self.befores, self.afters,
        )


#: What a transaction records: domain events, or one set-based write's changes as a whole.
Recorded = DomainEvent | FieldChanges


#: A state change's outcome: the new state and the events it caused (none: nothing changed).
Outcome = tuple[T, tuple[DomainEvent, ...]]


def changed(entity: str, before: T, after: T, stamp: Stamp, action: str = "update") -> Outcome[T]:
    """``after`` and the ``Changed`` event from ``before``, or ``before`` and no event when
    ``after`` equals it (nothing changed)."""
    if after == before:
        return before, ()
    return after, (Changed(entity, before, after, stamp, action),)


def _rendered(render_entity: Callable[[object], Any], wholes: Sequence[object]) -> list[Any]:
    """``render_entity`` of each entity; all at once (``EntityRenderer.many``) when they are all
    of the renderer's own class."""
    if isinstance(render_entity, EntityRenderer) and all(
        type(whole) is render_entity.cls for whole in wholes
    ):
        return render_entity.many(wholes)
    return list(map(render_entity, wholes))


def _in_turn(renderings: Iterable[Any]) -> Callable[[object], Any]:
    """A ``render_entity`` handing out ``renderings`` (made beforehand, in order) in turn."""
    rest = iter(renderings)
    return lambda _: next(rest)


def audit_entries(
    events: Iterable[DomainEvent],
    new_id: Callable[[], UUID],
    render_entity: Callable[[object], Any] = render,
) -> list[AuditEntry]:
    """The audit entries of ``events``, in order, each with a fresh id from ``new_id``.

    ``render_entity`` renders a whole created or removed entity (``audit.render`` unless a faster
    equivalent is given); field values are rendered with ``audit.render``."""
    entries: list[AuditEntry] = []
    events = list(events)
    if isinstance(render_entity, EntityRenderer):  # the whole entities at once, if all its own
        wholes = [
            e.after if isinstance(e, Created) else e.before
            for e in events
            if isinstance(e, Created | Removed)
        ]
        render_entity = _in_turn(_rendered(render_entity, wholes))
    for event in events:
        stamp = event.stamp
        head = (stamp.at, stamp.actor, event.action, event.entity, event.entity_id)
        if isinstance(event, Created):
            entries.append(
                AuditEntry(
                    AuditEntryId(new_id()),
                    *head,
                    "*",
                    None,
                    render_entity(event.after),
                    stamp.batch_id,
                )
            )
        elif isinstance(event, Removed):
            entries.append(
                AuditEntry(
                    AuditEntryId(new_id()),
                    *head,
                    "*",
                    render_entity(event.before),
                    None,
                    stamp.batch_id,
                )
            )
        elif isinstance(event, Changed):
            entries.extend(
                AuditEntry(
                    AuditEntryId(new_id()),
                    *head,
                    name,
                    render(getattr(event.before, name)),
                    render(getattr(event.after, name)),
                    stamp.batch_id,
                )
                for name in event.fields
            )
        else:
            entries.append(
                AuditEntry(
                    AuditEntryId(new_id()),
                    *head,
                    event.field,
                    event.before,
                    event.after,
                    stamp.batch_id,
                )
            )
    return entries


def creation_action(action: str) -> str:
    """``action`` when it is one of ``CREATION_ACTIONS``; ValueError otherwise, as ``Created``
    refuses it."""
    return _require_one_of(CREATION_ACTIONS, "action", action)


def creation_columns(
    entity: str,
    created: Sequence[object],
    stamp: Stamp,
    new_id: Callable[[], UUID],
    render_entity: Callable[[object], Any] = render,
    action: str = "create",
) -> AuditColumns:
    """The audit entries of the creation of every entity in ``created`` (one ``Created`` event
    each, all under ``stamp`` and ``action``) as columns, each with a fresh id from ``new_id``:
    ``creation_columns(...).entries()`` equals ``audit_entries`` of those events, without one
    event or entry object per entity (``creation_action`` checks ``action``)."""
    creation_action(action)
    entity_ids = [_entity_id(item) for item in created]
    ids = [AuditEntryId(new_id()) for _ in entity_ids]
    afters = _rendered(render_entity, created)
    befores = [None] * len(afters)
    return AuditColumns(
        stamp.at, stamp.actor, action, entity, "*", stamp.batch_id, ids, entity_ids, befores, afters
    )
