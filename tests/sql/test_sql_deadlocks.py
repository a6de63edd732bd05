"""Concurrent multi-row writes in opposite orders: no deadlock reaches a caller as a StorageError.

Every multi-row write of the SQL adapter locks its rows in ascending id order, so two writers of
overlapping customer sets queue instead of deadlocking; whatever the database still refuses
because of a concurrent transaction (deadlock, serialization failure, lock timeout, SQLite busy)
is a ConflictError with ``retryable`` True. Each call either succeeds or raises ConflictError,
and the audit trail accounts for every stored version: nothing is lost."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from typing import Any

import attrs
import pytest
from sqlalchemy import exc as sa_exc

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql.errors import translate
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import StorageError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import ChangeOwner
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ROUNDS = 25
CUSTOMERS = 8
OWNERS = (UserId(uuid.uuid4()), UserId(uuid.uuid4()))


def _registry(database: SqlDatabase) -> tuple[Registry, list[Customer]]:
    organisation_id = OrganisationId(uuid.uuid4())
    users = tuple(User(owner, f"Owner {i}") for i, owner in enumerate(OWNERS))
    registry = registry_of(
        database,
        organisation_id, settings=OrganisationSettings(organisation_id, "Busy Oy", users=users)
    )
    customers = [
        Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"C{n}", NOW)
        for n in range(1, CUSTOMERS + 1)
    ]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.commit()
    return registry, sorted(customers, key=lambda c: c.id)


def _race(calls: tuple[Callable[[int], None], Callable[[int], None]]) -> list[BaseException]:
    """Run both calls ROUNDS times, both starting each round together; the unexpected errors."""
    barrier = threading.Barrier(2, timeout=60)
    unexpected: list[BaseException] = []

    def run(call: Callable[[int], None]) -> None:
        for round_ in range(ROUNDS):
            barrier.wait()
            try:
                call(round_)
            except ConflictError as conflict:
                if getattr(conflict, "retryable", None) is not True:
                    unexpected.append(conflict)
            except Exception as error:  # collected: the test fails on them
                unexpected.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return unexpected


def test_mass_updates_of_overlapping_selections_in_opposite_orders_never_deadlock(
    database: SqlDatabase,
) -> None:
    """Two owners' mass updates over overlapping selections listed in opposite orders, started
    together, many times: every call succeeds or raises a retryable ConflictError; each
    customer's version counts exactly its audited changes, and the audit chain links each
    change's "before" to the previous "after" (no write lost or overwritten unseen)."""
    registry, customers = _registry(database)
    admin = Principal(OWNERS[0], CustomerPermission.ALL)
    forward = [c.id for c in customers[: CUSTOMERS - 2]]
    backward = [c.id for c in reversed(customers[2:])]
    successes = [0, 0]

    def writer(index: int, selection: list[CustomerId]) -> Callable[[int], None]:
        def call(_: int) -> None:
            cmd = MassUpdate.of_ids(ChangeOwner(OWNERS[index]), selection)
            mass_update(registry, admin, cmd)
            successes[index] += 1

        return call

    unexpected = _race((writer(0, forward), writer(1, backward)))
    assert unexpected == []
    assert sum(successes) > 0
    with registry.uow() as uow:
        final = uow.customers.get_many([c.id for c in customers])
        for customer in customers:
            trail = [
                e for e in uow.audit.for_entity("customer", customer.id) if e.field == "owner_id"
            ]
            stored = final[customer.id]
            assert stored.version == 1 + len(trail)
            assert [e.before for e in trail[1:]] == [e.after for e in trail[:-1]]
            if trail:
                assert trail[-1].after == str(stored.owner_id)


def test_update_many_of_the_same_customers_in_opposite_orders_never_deadlocks(
    database: SqlDatabase,
) -> None:
    """The repository's multi-row write, given the same customers in opposite orders by two
    threads that each read then write: each call stores all of its rows or raises a retryable
    ConflictError (none half-written); the final counter equals the successful writes."""
    registry, customers = _registry(database)
    ids = [c.id for c in customers]
    successes = [0, 0]

    def writer(index: int) -> Callable[[int], None]:
        order = ids if index == 0 else list(reversed(ids))

        def call(_: int) -> None:
            with registry.uow() as uow:
                current = uow.customers.get_many(order)
                changed = [
                    attrs.evolve(
                        current[i], payment_term_days=(current[i].payment_term_days or 0) + 1
                    ).touched(NOW, None)
                    for i in order
                ]
                uow.customers.update_many(changed)
                uow.commit()
            successes[index] += 1

        return call

    unexpected = _race((writer(0), writer(1)))
    assert unexpected == []
    with registry.uow() as uow:
        final = uow.customers.get_many(ids)
    assert {c.payment_term_days for c in final.values()} == {sum(successes)}
    assert {c.version for c in final.values()} == {1 + sum(successes)}


class _PgError(Exception):
    def __init__(self, sqlstate: str, message: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "words"),
    [
        (_PgError("40P01", "deadlock detected"), "deadlock"),
        (_PgError("40001", "could not serialize access"), "serialization failure"),
        (_PgError("55P03", "canceling statement due to lock timeout"), "lock timeout"),
        (sqlite3.OperationalError("database is locked"), "busy timeout"),
    ],
)
def test_concurrency_failures_translate_to_a_retryable_conflict(
    orig: Exception, words: str
) -> None:
    error = translate(sa_exc.OperationalError("UPDATE customers ...", {}, orig), "customers")
    assert isinstance(error, ConflictError)
    assert error.retryable
    assert (error.entity, error.field, error.entity_id) == ("customer", "version", None)
    assert words in error.reason and "retry" in error.reason


def test_other_operational_failures_stay_storage_errors() -> None:
    orig: Any = _PgError("57014", "canceling statement due to statement timeout")
    error = translate(sa_exc.OperationalError("SELECT 1", {}, orig))
    assert type(error) is StorageError
