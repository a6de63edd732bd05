"""A use case's transaction: a unit of work that also collects the domain events of what it
changed and derives the audit trail from them, once, at commit (M7)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from itertools import groupby
from typing import Any
from typing import Self
from typing import TypeVar
from uuid import UUID

from attrs import frozen

from custreg.domain.audit import AuditColumns
from custreg.domain.audit import columns_of
from custreg.domain.audit import render
from custreg.domain.events import Created
from custreg.domain.events import DomainEvent
from custreg.domain.events import FieldChanges
from custreg.domain.events import Recorded
from custreg.domain.events import Stamp
from custreg.domain.events import audit_entries
from custreg.domain.events import creation_action
from custreg.domain.events import creation_columns
from custreg.ports.activities import ActivityRepository
from custreg.ports.activities import NoteRepository
from custreg.ports.activities import TaskRepository
from custreg.ports.audit import AuditLog
from custreg.ports.audit import record_columns
from custreg.ports.clock import IdGenerator
from custreg.ports.customers import AddressRepository
from custreg.ports.customers import ContactRepository
from custreg.ports.customers import CustomerRepository
from custreg.ports.files import FileLinkRepository
from custreg.ports.invoices import InvoiceRepository
from custreg.ports.projects import ProjectRepository
from custreg.ports.settings import SettingsRepository
from custreg.ports.unit_of_work import ExcInfo
from custreg.ports.unit_of_work import UnitOfWork

T = TypeVar("T")


class ForwardingUnitOfWork:
    """A unit of work that forwards every port and the transaction to another one (``inner``);
    a subclass overrides what it adds. Entering it enters ``inner`` and forwards to what that
    returned."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._outer = inner
        self._inner = inner

    def __enter__(self) -> Self:
        """Enter ``inner``; every port then forwards to what it returned."""
        self._inner = self._outer.__enter__()
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        """Leave ``inner`` (it rolls back whatever was not committed)."""
        self._outer.__exit__(*exc_info)

    @property
    def settings(self) -> SettingsRepository:
        """The inner unit of work's settings."""
        return self._inner.settings

    @property
    def customers(self) -> CustomerRepository:
        """The inner unit of work's customers."""
        return self._inner.customers

    @property
    def addresses(self) -> AddressRepository:
        """The inner unit of work's addresses."""
        return self._inner.addresses

    @property
    def contacts(self) -> ContactRepository:
        """The inner unit of work's contacts."""
        return self._inner.contacts

    @property
    def projects(self) -> ProjectRepository:
        """The inner unit of work's projects."""
        return self._inner.projects

    @property
    def invoices(self) -> InvoiceRepository:
        """The inner unit of work's invoices."""
        return self._inner.invoices

    @property
    def activities(self) -> ActivityRepository:
        """The inner unit of work's activities."""
        return self._inner.activities

    @property
    def notes(self) -> NoteRepository:
        """The inner unit of work's notes."""
        return self._inner.notes

    @property
    def tasks(self) -> TaskRepository:
        """The inner unit of work's tasks."""
        return self._inner.tasks

    @property
    def files(self) -> FileLinkRepository:
        """The inner unit of work's files."""
        return self._inner.files

    @property
    def audit(self) -> AuditLog:
        """The inner unit of work's audit log."""
        return self._inner.audit

    def commit(self) -> None:
        """Commit the inner unit of work."""
        self._inner.commit()

    def rollback(self) -> None:
        """Roll the inner unit of work back."""
        self._inner.rollback()


@frozen
class _Creations:
    """Entities created under one stamp and action, kept for the audit trail as a whole."""

    entity: str
    created: Sequence[object]
    stamp: Stamp
    action: str
    render_entity: Callable[[object], Any]

    def events(self) -> list[DomainEvent]:
        """One ``Created`` event per entity."""
        return [Created(self.entity, item, self.stamp, self.action) for item in self.created]

    def columns(self, new_id: Callable[[], UUID]) -> AuditColumns:
        """The audit entries of the events, as columns (``creation_columns``)."""
        return creation_columns(
            self.entity, self.created, self.stamp, new_id, self.render_entity, self.action
        )


#: What a transaction keeps for its audit trail: an event and its renderer, or a set-based
#: write's creations or field changes as a whole (columns).
_Pending = tuple[DomainEvent, Callable[[object], Any]] | _Creations | FieldChanges


class Transaction(ForwardingUnitOfWork):
    """A unit of work (every port of ``inner``) that records domain events.

    ``record`` collects the events of the changes made in it (``record_created`` the creations of
    a bulk write, as a whole); ``commit`` writes their audit entries
    (``custreg.domain.events.audit_entries``) to the audit log and commits, in one transaction.
    The entries go to the log in one call, as columns (``custreg.ports.audit.record_columns``:
    the log's ``record_columns`` when it offers it, else ``record``). Without an audit capability
    (``NoAuditLog``) the entries are forgotten; leaving the block without commit forgets the
    events with everything else. No use case writes an audit entry by hand: this is the one place
    the trail is derived."""

    def __init__(self, inner: UnitOfWork, ids: IdGenerator) -> None:
        super().__init__(inner)
        self._ids = ids
        self._pending: list[_Pending] = []

    def __enter__(self) -> Self:
        """Begin with no event recorded (events of an earlier, uncommitted block are gone)."""
        self._pending = []
        return super().__enter__()

    def record(
        self, events: Iterable[Recorded], render_entity: Callable[[object], Any] = render
    ) -> None:
        """Keep ``events`` for the audit trail written at commit, in order; a ``FieldChanges``
        is kept as a whole, its entries made as columns. ``render_entity`` renders a whole
        created or removed entity (``audit.render`` or a faster equivalent)."""
        self._pending.extend(
            event if isinstance(event, FieldChanges) else (event, render_entity)
            for event in events
        )

    def record_created(
        self,
        entity: str,
        created: Sequence[object],
        stamp: Stamp,
        action: str = "create",
        render_entity: Callable[[object], Any] = render,
    ) -> None:
        """Keep the creation of every entity in ``created`` for the audit trail written at
        commit: the entries of one ``Created(entity, item, stamp, action)`` per entity, in order
        after what was recorded before, made as columns (``events.creation_columns``) with no
        event or entry object per entity. ``action`` must be one of ``CREATION_ACTIONS``."""
        creation_action(action)
        if created:
            self._pending.append(_Creations(entity, tuple(created), stamp, action, render_entity))

    def commit_change(
        self, store: Callable[[T], object], after: T, events: Iterable[Recorded]
    ) -> T:
        """The one way a use case writes a changed entity: when ``events`` is not empty,
        ``store(after)`` (for example ``self.customers.update``), record the events and commit;
        when it is empty (nothing changed), store, record and commit nothing. Returns ``after``
        either way."""
        events = tuple(events)
        if events:
            store(after)
            self.commit(events)
        return after

    @property
    def recorded(self) -> list[DomainEvent]:
        """The events recorded so far and not yet written, in order (a ``record_created`` as its
        ``Created`` events, a ``FieldChanges`` as its ``FieldChanged`` events)."""
        found: list[DomainEvent] = []
        for part in self._pending:
            if isinstance(part, _Creations | FieldChanges):
                found.extend(part.events())
            else:
                found.append(part[0])
        return found

    def commit(self, events: Iterable[Recorded] = ()) -> None:
        """Record ``events`` (as ``record`` does: the events of the last changes, if they were
        not recorded yet), write the audit entries of every recorded event, then commit
        everything at once."""
        self.record(events)
        pending, self._pending = self._pending, []
        if pending:
            record_columns(self._inner.audit, self._columns(pending))
        super().commit()

    def _columns(self, pending: list[_Pending]) -> list[AuditColumns]:
        """The audit entries of ``pending``, in order, as columns: each ``record_created`` and
        ``FieldChanges`` straight to columns, and one ``audit_entries`` call per run of events
        sharing a renderer (a bulk write's thousands of events are one run)."""
        columns: list[AuditColumns] = []
        new_id = self._ids.new_id
        for _, run in groupby(pending, key=_run_key):
            parts = list(run)
            first = parts[0]
            if isinstance(first, _Creations | FieldChanges):
                columns.extend(part.columns(new_id) for part in parts)  # type: ignore[union-attr]
            else:
                events = [part[0] for part in parts]  # type: ignore[index]
                columns.extend(columns_of(audit_entries(events, new_id, first[1])))
        return columns

    def rollback(self) -> None:
        """Forget the recorded events with every change."""
        self._pending = []
        super().rollback()


def _run_key(part: _Pending) -> object:
    """What groups pending parts into runs: the renderer of an event, or ``_Creations`` for
    parts kept as columns."""
    return _Creations if isinstance(part, _Creations | FieldChanges) else part[1]


def record_events(
    uow: UnitOfWork | Transaction, ids: IdGenerator, events: Iterable[DomainEvent]
) -> None:
    """Record ``events`` in ``uow``: a ``Transaction`` keeps them for its commit; any other unit
    of work (a caller's own, as public helpers such as ``move_project_in`` accept) gets their
    audit entries at once, in its transaction."""
    if isinstance(uow, Transaction):
        uow.record(events)
    else:
        uow.audit.record(audit_entries(events, ids.new_id))
