"""Optimistic locking under real concurrency: writers in threads on the same customers never
lose an update. A writer whose read is stale gets ConflictError (and retries); the final state
counts exactly the successful updates. PostgreSQL runs the writers truly in parallel; SQLite
serialises them on its write lock, with the same outcome."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

import attrs

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.card import contacts_tab
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.kpis import customer_kpis

WRITERS = 4
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _registry_with_customers(database: SqlDatabase, count: int) -> tuple[Registry, list[Customer]]:
    organisation_id = OrganisationId(uuid.uuid4())
    registry = registry_of(
        database, organisation_id, settings=OrganisationSettings(organisation_id, "Busy Oy")
    )
    customers = [
        Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"C{n}", NOW, payment_term_days=0)
        for n in range(1, count + 1)
    ]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.commit()
    return registry, customers


def _incremented(customer: Customer) -> Customer:
    return attrs.evolve(customer, payment_term_days=(customer.payment_term_days or 0) + 1).touched(
        NOW, None
    )


def test_of_writers_who_read_the_same_version_exactly_one_wins_each_round(
    database: SqlDatabase,
) -> None:
    """Every writer reads, all wait until everyone has read, then all write: one succeeds,
    the others get ConflictError naming the customer and both versions."""
    registry, (customer,) = _registry_with_customers(database, 1)
    rounds = 4
    barrier = threading.Barrier(WRITERS)
    wins: list[int] = []
    conflicts: list[ConflictError] = []
    lock = threading.Lock()

    def writer() -> None:
        for _ in range(rounds):
            with registry.uow() as uow:
                seen = uow.customers.get(customer.id)
            barrier.wait()
            try:
                with registry.uow() as uow:
                    uow.customers.update(_incremented(seen))
                    uow.commit()
                with lock:
                    wins.append(seen.version)
            except ConflictError as conflict:
                with lock:
                    conflicts.append(conflict)
            barrier.wait()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == list(range(1, rounds + 1))  # one winner per round
    assert len(conflicts) == rounds * (WRITERS - 1)
    assert all(c.entity_id == customer.id and c.actual_version is not None for c in conflicts)
    with registry.uow() as uow:
        final = uow.customers.get(customer.id)
    assert final.payment_term_days == rounds
    assert final.version == 1 + rounds


def test_writers_retrying_on_conflict_lose_no_update(database: SqlDatabase) -> None:
    """Free-running writers incrementing shared customers with a retry loop: the final values
    equal the number of successful updates, whatever the interleaving."""
    registry, customers = _registry_with_customers(database, 2)
    per_writer = 8
    successes = {c.id: 0 for c in customers}
    retries = [0]
    lock = threading.Lock()

    def writer(index: int) -> None:
        for step in range(per_writer):
            target = customers[(index + step) % len(customers)].id
            while True:
                try:
                    with registry.uow() as uow:
                        current = uow.customers.get(target)
                        uow.customers.update(_incremented(current))
                        uow.commit()
                    break
                except ConflictError:
                    with lock:
                        retries[0] += 1
            with lock:
                successes[target] += 1

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with registry.uow() as uow:
        final = uow.customers.get_many(list(successes))
    assert sum(successes.values()) == WRITERS * per_writer
    for customer_id, count in successes.items():
        assert final[customer_id].payment_term_days == count
        assert final[customer_id].version == 1 + count


def test_concurrent_mass_updates_are_all_or_nothing(database: SqlDatabase) -> None:
    """update_many from several writers on overlapping selections: a writer either changes all
    of its selection or none (ConflictError); no customer ends up half-updated."""
    registry, customers = _registry_with_customers(database, 6)
    barrier = threading.Barrier(WRITERS)
    outcomes: dict[int, bool] = {}

    def writer(index: int) -> None:
        selection = customers[index : index + 3]
        with registry.uow() as uow:
            seen = list(uow.customers.get_many([c.id for c in selection]).values())
        barrier.wait()
        try:
            with registry.uow() as uow:
                uow.customers.update_many([_incremented(c) for c in seen])
                uow.commit()
            outcomes[index] = True
        except ConflictError:
            outcomes[index] = False

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with registry.uow() as uow:
        final = uow.customers.get_many([c.id for c in customers])
    expected = {c.id: 0 for c in customers}
    for index, won in outcomes.items():
        if won:
            for customer in customers[index : index + 3]:
                expected[customer.id] += 1
    assert any(outcomes.values())
    assert {cid: c.payment_term_days for cid, c in final.items()} == expected


def test_reads_do_not_wait_for_a_writer(fresh_database: Any) -> None:
    """While a writer holds its transaction open, the read use cases (customer, list, KPIs, card)
    answer at once from the committed state: on SQLite they begin deferred, without the write
    lock (with it they would wait out the lock timeout and fail), on PostgreSQL MVCC."""
    database = fresh_database(lock_timeout=0.5)
    registry, (customer,) = _registry_with_customers(database, 1)
    reader = Principal(UserId(uuid.uuid4()), CustomerPermission.ALL)
    with registry.uow() as writer:
        writer.customers.update(attrs.evolve(_incremented(customer), name="Uncommitted Oy"))
        began = time.perf_counter()
        assert get_customer(registry, reader, customer.id) == customer
        assert list_customers(registry, reader).items == [customer]
        assert customer_kpis(registry, reader).active_customers == 0  # nothing billed
        assert contacts_tab(registry, reader, customer.id).header.name == customer.name
        assert time.perf_counter() - began < 0.5
        writer.commit()
    assert get_customer(registry, reader, customer.id).name == "Uncommitted Oy"
