"""A use case's transaction: a unit of work that also collects the domain events of what it
changed and derives the audit trail from them, once, at commit (M7)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any
from typing import Self
from typing import TypeVar

from custreg.domain.audit import AuditEntry
from custreg.domain.audit import render
from custreg.domain.events import DomainEvent
from custreg.domain.events import audit_entries
from custreg.ports.activities import ActivityRepository
from custreg.ports.activities import NoteRepository
from custreg.ports.activities import TaskRepository
from custreg.ports.audit import AuditLog
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


class Transaction(ForwardingUnitOfWork):
    """A unit of work (every port of ``inner``) that records domain events.

    ``record`` collects the events of the changes made in it; ``commit`` writes their audit
    entries (``custreg.domain.events.audit_entries``) to the audit log and commits, in one
    transaction. Without an audit capability (``NoAuditLog``) the entries are forgotten; leaving
    the block without commit forgets the events with everything else. No use case writes an audit
    entry by hand: this is the one place the trail is derived."""

    def __init__(self, inner: UnitOfWork, ids: IdGenerator) -> None:
        super().__init__(inner)
        self._ids = ids
        self._pending: list[tuple[DomainEvent, Callable[[object], Any]]] = []

    def __enter__(self) -> Self:
        """Begin with no event recorded (events of an earlier, uncommitted block are gone)."""
        self._pending = []
        return super().__enter__()

    def record(
        self, events: Iterable[DomainEvent], render_entity: Callable[[object], Any] = render
    ) -> None:
        """Keep ``events`` for the audit trail written at commit. ``render_entity`` renders a
        whole created or removed entity (``audit.render`` or a faster equivalent)."""
        self._pending.extend((event, render_entity) for event in events)

    def commit_change(
        self, store: Callable[[T], object], after: T, events: Iterable[DomainEvent]
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
        """The events recorded so far and not yet written, in order."""
        return [event for event, _ in self._pending]

    def commit(self, events: Iterable[DomainEvent] = ()) -> None:
        """Record ``events`` (as ``record`` does: the events of the last changes, if they were
        not recorded yet), write the audit entries of every recorded event, then commit
        everything at once."""
        self.record(events)
        pending, self._pending = self._pending, []
        if pending:
            entries: list[AuditEntry] = []
            # One audit_entries call per run of events sharing a renderer (a bulk write's
            # thousands of events are one run), in recorded order.
            for render_entity, run in groupby(pending, key=itemgetter(1)):
                events = [event for event, _ in run]
                entries.extend(audit_entries(events, self._ids.new_id, render_entity))
            self._inner.audit.record(entries)
        super().commit()

    def rollback(self) -> None:
        """Forget the recorded events with every change."""
        self._pending = []
        super().rollback()


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
