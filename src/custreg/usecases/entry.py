"""What the data-entry use cases (invoices, cost entries, proposals) share: loading the facts an
entry is checked against in a constant number of statements, checking a batch row by row with
every failure kept, and the audit entries of what they write."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from custreg.domain.audit import renderer
from custreg.domain.entry import (
    EntryFacts,
    EntryRowsError,
    RowError,
    named_customers,
    named_projects,
    row_errors,
)
from custreg.domain.errors import CustregError, ValidationError, ValidationErrors
from custreg.domain.events import Created, Stamp
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork

T = TypeVar("T")
E = TypeVar("E")


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
    ``stamp`` (give it a batch id to read them back as one batch, ``AuditLog.for_batch``)."""
    if created:
        events = [Created(entity, item, stamp, action) for item in created]
        uow.record(events, renderer(type(created[0])))
