"""What the data-entry use cases (invoices, cost entries, proposals) share: loading the facts an
entry is checked against in a constant number of statements, checking a batch row by row with
every failure kept, and the audit entries of what they write."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from typing import Generic
from typing import TypeVar

from attrs import frozen

from custreg.domain.audit import renderer
from custreg.domain.entry import EntryFacts
from custreg.domain.entry import entry_id
from custreg.domain.entry import named_customers
from custreg.domain.entry import named_projects
from custreg.domain.errors import CustregError
from custreg.domain.errors import EntryRowsError
from custreg.domain.errors import RowError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.errors import row_errors
from custreg.domain.events import Changed
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.permissions import Principal
from custreg.ports.projects import ProjectRepository
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork

T = TypeVar("T")
E = TypeVar("E")
K = TypeVar("K")
N = TypeVar("N")


def load_facts(uow: UnitOfWork, items: Sequence[object]) -> EntryFacts:
    """The settings, the named customers that exist and the customer of each named project that
    exists: three reads whatever the number of items."""
    settings = uow.settings.get()
    customer_ids = named_customers(items)
    # read_field: the existing customers' version and one column, no whole customers built.
    customers = uow.customers.read_field(customer_ids, "status") if customer_ids else {}
    project_ids = named_projects(items)
    projects = uow.projects.customers_of(project_ids) if project_ids else {}
    return EntryFacts(settings, frozenset(customers), projects)


def today(registry: Registry, facts: EntryFacts) -> date:
    """Today in the organisation's time zone, from the registry's clock."""
    return registry.clock.now().astimezone(facts.settings.zone).date()


def as_list(entity: str, items: Iterable[T]) -> list[T]:
    """The rows of a bulk entry as a list (a text or a non-iterable is refused, not iterated)."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError(entity, None, "the rows must be a sequence of entries", items)
    return list(items)


def build_all(items: Sequence[T], build: Callable[[int, T], E], entity: str) -> list[E]:
    """``build(index, item)`` for every row; if any row fails, EntryRowsError naming every
    failing row, field and reason (nothing built is returned, so nothing is stored)."""
    built: list[E] = []
    failures: list[RowError] = []
    for index, item in enumerate(items):
        try:
            built.append(build(index, item))
        except CustregError as error:
            failures.extend(row_errors(index, error))
    if failures:
        raise EntryRowsError(entity, failures)
    return built


def own_error(error: EntryRowsError) -> CustregError:
    """The error of a one-row entry as the single use cases raise it: the row's own typed error
    (ValidationError, PermissionDeniedError...), or ValidationErrors for several fields."""
    errors = [row.error for row in error.rows]
    if len(errors) == 1:
        return errors[0]
    return ValidationErrors([e for e in errors if isinstance(e, ValidationError)])


def record_creations(
    uow: Transaction, stamp: Stamp, entity: str, created: Sequence[object], action: str = "create"
) -> None:
    """Record the creation of every entity in ``created`` (all of one class) in ``uow`` under
    ``stamp`` (give it a batch id to read them back as one batch, ``AuditLog.for_batch``): as a
    whole (``Transaction.record_created``), so the audit rows go to the log as columns."""
    if created:
        uow.record_created(entity, created, stamp, action, renderer(type(created[0])))


def record_one(
    record_many: Callable[[Registry, Principal, Sequence[N]], Sequence[E]],
    registry: Registry,
    principal: Principal,
    new: N,
) -> E:
    """Record one entry through its bulk use case ``record_many``; a failure leaves as the row's
    own error (``own_error``), not as EntryRowsError."""
    try:
        return record_many(registry, principal, [new])[0]
    except EntryRowsError as error:
        raise own_error(error) from None


@frozen
class EntryMethods(Generic[E, K]):
    """The ``ProjectRepository`` methods that store one kind of entry: get, update and remove
    one by id, and add many at once."""

    get: Callable[[K], E]
    update: Callable[[E], None]
    remove: Callable[[K], None]
    add_all: Callable[[Sequence[E]], None]


@frozen
class ProjectEntries(Generic[E, K, N]):
    """How one kind of entry stored on projects (cost entries, proposals) is recorded, corrected
    and removed, each write audited in its transaction: ``entity`` names it in checks and audit
    entries, ``require_write(principal, action)`` checks the right to write it, and ``methods``
    gives its ``EntryMethods`` on a ``ProjectRepository``."""

    entity: str
    require_write: Callable[[Principal, str], None]
    methods: Callable[[ProjectRepository], EntryMethods[E, K]]

    def _stamp(self, registry: Registry, principal: Principal, action: str, entry: K) -> Stamp:
        """Check the right to ``action`` and the id ``entry``; the stamp of the write."""
        self.require_write(principal, action)
        entry_id(self.entity, "id", entry)
        return Stamp.by(principal, registry.clock.now())

    def record(
        self,
        registry: Registry,
        principal: Principal,
        items: Iterable[N],
        builder: Callable[[EntryFacts], Callable[[N], E]],
    ) -> tuple[E, ...]:
        """Record every row of ``items`` in one transaction, all or nothing, and return the
        entries in input order. ``builder(facts)`` gives the function that makes one entry of a
        row; if any row fails, EntryRowsError names each failing row, field and reason and
        nothing is stored. The audit entries share one batch id."""
        self.require_write(principal, "create")
        rows = as_list(self.entity, items)
        if not rows:
            return ()
        stamp = Stamp.by(principal, registry.clock.now(), registry.ids.new_id())
        with registry.transaction() as uow:
            build = builder(load_facts(uow, rows))
            entries = build_all(rows, lambda _, new: build(new), self.entity)
            self.methods(uow.projects).add_all(entries)
            record_creations(uow, stamp, self.entity, entries)
            uow.commit()
        return tuple(entries)

    def correct(
        self,
        registry: Registry,
        principal: Principal,
        entry: K,
        build: Callable[[UnitOfWork, E], E],
    ) -> E:
        """Replace the entry with id ``entry`` by ``build(uow, before)`` and audit the change;
        an unchanged entry stores and audits nothing. NotFoundError if there is no such entry."""
        stamp = self._stamp(registry, principal, "update", entry)
        with registry.transaction() as uow:
            methods = self.methods(uow.projects)
            before = methods.get(entry)
            after = build(uow, before)
            if after == before:
                return before
            methods.update(after)
            uow.commit([Changed(self.entity, before, after, stamp)])
        return after

    def remove(self, registry: Registry, principal: Principal, entry: K) -> E:
        """Delete the entry with id ``entry``, audited, and return what was removed.
        NotFoundError if there is no such entry."""
        stamp = self._stamp(registry, principal, "remove", entry)
        with registry.transaction() as uow:
            methods = self.methods(uow.projects)
            removed = methods.get(entry)
            methods.remove(entry)
            uow.commit([Removed(self.entity, removed, stamp)])
        return removed
