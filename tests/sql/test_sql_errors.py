"""Database errors never cross the boundary: constraint violations become IntegrityError naming
the entity and field, losing to a concurrent transaction (lock timeouts, a locked SQLite file)
becomes a retryable ConflictError, other operational failures (lost connections) StorageError,
and a unit of work in which a statement failed commits nothing."""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy import update
from sqlkit import statements

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.driver_values import uuid_text
from custreg.adapters.sql.errors import translate
from custreg.adapters.sql.unit_of_work import COPY_MIN_ROWS
from custreg.bootstrap import registry_of
from custreg.domain.address import Address
from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import StorageError
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _registry(database: SqlDatabase) -> Registry:
    organisation_id = OrganisationId(uuid.uuid4())
    return registry_of(
        database, organisation_id, settings=OrganisationSettings(organisation_id, "Errors Oy")
    )


def _customer(number: int) -> Customer:
    return Customer(CustomerId(uuid.uuid4()), CustomerNumber(number), f"C{number}", NOW)


# -- translation of synthetic driver errors ------------------------------------------------------


def test_a_unique_violation_names_the_entity_and_field() -> None:
    orig = sqlite3.IntegrityError(
        "UNIQUE constraint failed: customers.organisation_id, customers.number"
    )
    error = translate(sa_exc.IntegrityError("INSERT ...", {}, orig))
    assert isinstance(error, IntegrityError)
    assert (error.entity, error.field) == ("customer", "number")
    assert "already taken" in error.reason


def test_a_foreign_key_violation_names_the_table_written() -> None:
    orig = sqlite3.IntegrityError("FOREIGN KEY constraint failed")
    error = translate(sa_exc.IntegrityError("INSERT ...", {}, orig), "addresses")
    assert isinstance(error, IntegrityError)
    assert error.entity == "address"
    assert "does not exist" in error.reason


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            sa_exc.DBAPIError(
                "SELECT 1", {}, Exception("server closed"), connection_invalidated=True
            ),
            "connection lost",
        ),
        (sa_exc.ResourceClosedError("This Connection is closed"), "closed"),
    ],
)
def test_operational_failures_are_storage_errors_not_integrity_errors(
    error: Exception, words: str
) -> None:
    translated = translate(error)
    assert type(translated) is StorageError
    assert words in str(translated)


# -- real databases ------------------------------------------------------------------------------


def test_a_taken_customer_number_is_an_integrity_error_on_customer_number(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    first = _customer(7)
    with registry.uow() as uow:
        uow.customers.add(first)
        with pytest.raises(IntegrityError) as taken:
            uow.customers.add(_customer(7))
    assert (taken.value.entity, taken.value.field) == ("customer", "number")
    assert taken.value.__cause__ is not None  # the driver error stays available for logs


def test_an_address_of_an_unknown_customer_is_an_integrity_error(database: SqlDatabase) -> None:
    registry = _registry(database)
    orphan = Address(AddressId(uuid.uuid4()), CustomerId(uuid.uuid4()), "FI", city="Espoo")
    with registry.uow() as uow, pytest.raises(IntegrityError) as refused:
        uow.addresses.add(orphan)
    assert refused.value.entity == "address"


def test_after_a_failed_statement_commit_refuses_and_nothing_is_stored(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    with registry.uow() as uow:
        uow.customers.add(_customer(1))
        with pytest.raises(StorageError):
            uow.execute(text("SELECT * FROM no_such_table"))  # type: ignore[attr-defined]
        with pytest.raises(StorageError) as refused:
            uow.commit()
    assert "nothing was committed" in str(refused.value)
    with registry.uow() as uow:
        assert uow.customers.ids_matching(CustomerQuery()) == []


def test_a_lock_held_too_long_by_another_transaction_is_a_retryable_conflict(
    fresh_database: Any,
) -> None:
    """PostgreSQL: lock_timeout on a row another transaction locked; SQLite: busy_timeout on
    the write lock another connection holds. Nothing is changed; the caller may retry."""
    database: SqlDatabase = fresh_database(lock_timeout=0.3)
    registry = _registry(database)
    customer = _customer(1)
    with registry.uow() as uow:
        uow.customers.add(customer)
        uow.commit()
    blocker = database.engine.connect()
    try:
        blocker.execute(  # takes the row lock (PostgreSQL) / the write lock (SQLite)
            update(t.customers).where(t.customers.c.id == customer.id).values(name="Blocker")
        )
        with pytest.raises(ConflictError) as timed_out, registry.uow() as uow:
            uow.customers.update(attrs.evolve(customer, name="Mine", version=2))
            uow.commit()
        assert timed_out.value.retryable
        assert "retry" in timed_out.value.reason
    finally:
        blocker.rollback()
        blocker.close()
    with registry.uow() as uow:
        assert uow.customers.get(customer.id) == customer


def test_a_connection_lost_in_the_middle_is_a_storage_error(fresh_database: Any) -> None:
    database: SqlDatabase = fresh_database()
    if database.engine.dialect.name != "postgresql":
        pytest.skip("an embedded SQLite file has no server connection to lose")
    registry = _registry(database)
    with registry.uow() as uow:
        uow.customers.add(_customer(1))
        pid = uow.execute(text("SELECT pg_backend_pid()")).scalar_one()  # type: ignore[attr-defined]
        with database.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
        with pytest.raises(StorageError):
            uow.customers.add(_customer(2))
            uow.commit()
    with registry.uow() as uow:  # the pool replaced the dead connection; nothing was stored
        assert uow.customers.ids_matching(CustomerQuery()) == []


def test_a_unit_of_work_used_outside_its_block_is_a_storage_error(database: SqlDatabase) -> None:
    registry = _registry(database)
    uow = registry.uow()
    with pytest.raises(StorageError):
        uow.customers.get(CustomerId(uuid.uuid4()))
    with uow:
        pass
    with pytest.raises(StorageError):
        uow.commit()


def test_threads_sharing_the_database_do_not_leak_errors_into_each_other(
    database: SqlDatabase,
) -> None:
    """A failed unit of work in one thread leaves another thread's unit of work untouched."""
    registry = _registry(database)
    results: dict[str, object] = {}

    def failing() -> None:
        try:
            with registry.uow() as uow:
                uow.customers.add(_customer(1))
                uow.execute(text("SELECT * FROM no_such_table"))  # type: ignore[attr-defined]
        except StorageError as error:
            results["failing"] = error

    def working() -> None:
        with registry.uow() as uow:
            uow.customers.add(_customer(2))
            uow.commit()
        results["working"] = True

    threads = [threading.Thread(target=failing), threading.Thread(target=working)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert isinstance(results["failing"], StorageError)
    with registry.uow() as uow:
        assert [
            c.number.value for c in uow.customers.find(CustomerQuery(), PageRequest()).items
        ] == [2]


# -- bulk writes (PostgreSQL loads them with COPY from COPY_MIN_ROWS rows on) ---------------------


def _many(start: int, count: int) -> list[Customer]:
    return [_customer(n) for n in range(start, start + count)]


def test_a_bulk_write_with_a_taken_number_stores_none_of_it_and_the_work_goes_on(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    size = COPY_MIN_ROWS + 20
    stored = _many(1, size)
    with registry.uow() as uow:
        uow.customers.add_many(stored)
        clash = [*_many(size + 1, size - 1), _customer(5)]  # the last one takes number 5 again
        with pytest.raises(IntegrityError) as taken:
            uow.customers.add_many(clash)
        assert (taken.value.entity, taken.value.field) == ("customer", "number")
        assert taken.value.__cause__ is not None
        uow.customers.add(_customer(size + 1))  # the unit of work goes on
        uow.commit()
    with registry.uow() as uow:
        found = uow.customers.get_many(uow.customers.ids_matching(CustomerQuery()))
    numbers = {c.number.value for c in found.values()}
    assert numbers == set(range(1, size + 2))


def test_a_bulk_write_is_one_statement_and_reads_back_equal(database: SqlDatabase) -> None:
    registry = _registry(database)
    customers = _many(1, COPY_MIN_ROWS * 3)
    addresses = [
        Address(AddressId(uuid.uuid4()), c.id, "FI", lines=("Mäkitie 1 \u2013 B",), city="Åbo")
        for c in customers
    ]
    with statements(database) as log, registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.addresses.add_many(addresses)
        uow.commit()
    writes = [s for s in log.statements if s.lstrip().upper().startswith(("INSERT", "COPY"))]
    assert len(writes) == 2
    loader = "COPY" if database.engine.dialect.name == "postgresql" else "INSERT"
    assert all(w.startswith(loader) for w in writes), writes
    with registry.uow() as uow:
        assert uow.customers.get_many([c.id for c in customers]) == {c.id: c for c in customers}
        assert uow.addresses.for_customer(customers[-1].id) == [addresses[-1]]


@given(value=st.uuids() | st.none() | st.text(max_size=40) | st.integers())
def test_copy_gives_uuids_as_text_postgresql_reads_back_and_other_values_as_they_are(
    value: object,
) -> None:
    text = uuid_text(value)
    if isinstance(value, uuid.UUID):
        assert isinstance(text, str) and len(text) == 32 and uuid.UUID(text) == value
    else:
        assert text is value


def test_a_bulk_write_at_the_driver_is_logged_with_its_rows_counted(
    database: SqlDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    """A COPY (PostgreSQL) is sent at the driver, yet logged like any statement, its rows
    counted rather than listed; on SQLite the same write is SQLAlchemy's own executemany."""
    registry = _registry(database)
    size = COPY_MIN_ROWS + 5
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"), registry.uow() as uow:
        uow.customers.add_many(_many(1, size))
        uow.commit()
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.lstrip().upper().startswith(("COPY", "INSERT")) for m in logged)
    if database.engine.dialect.name == "postgresql":
        assert any(m.startswith("COPY") for m in logged)
        assert f"[at the driver] '{size} rows'" in logged
