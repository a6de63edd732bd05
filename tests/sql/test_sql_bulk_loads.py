"""A bulk load (an executemany, or from ``COPY_MIN_ROWS`` rows on PostgreSQL a COPY) keeps the
unit of work's promises on every engine: a load the database refuses fails the unit of work with
the translated error and nothing of it is stored; inside a savepoint only the savepoint is undone;
the statement is seen by the cursor events once, before and after; a load first in a unit of work
begins its transaction, so the commit stores it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.rows import CUSTOMER_COLUMNS
from custreg.adapters.sql.rows import customer_values
from custreg.adapters.sql.unit_of_work import COPY_MIN_ROWS
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.errors import CustregError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.query import CustomerQuery
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SIZE = COPY_MIN_ROWS + 20  # a bulk load: COPY on PostgreSQL


def _registry(database: SqlDatabase) -> Registry:
    return registry_of(database, OrganisationId(uuid.uuid4()))


def _customers(first: int, count: int = SIZE) -> list[Customer]:
    return [
        Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"Customer {n}", NOW)
        for n in range(first, first + count)
    ]


def _load(uow: Any, customers: list[Customer]) -> None:
    """A bulk load with nothing around it (a repository's ``add_many`` runs in a savepoint)."""
    rows = [customer_values(uow.organisation_id, c) for c in customers]
    uow.insert_rows(t.customers, CUSTOMER_COLUMNS, rows)


def _numbers(registry: Registry) -> list[int]:
    with registry.uow() as uow:
        ids = uow.customers.ids_matching(CustomerQuery())
        return sorted(c.number.value for c in uow.customers.get_many(ids).values())


def _stored(registry: Registry) -> int:
    return len(_numbers(registry))


def _refused(first: int) -> list[Customer]:
    """A bulk load the database refuses: the last row's number is the first row's."""
    customers = _customers(first)
    customers[-1] = Customer(CustomerId(uuid.uuid4()), CustomerNumber(first), "Twin", NOW)
    return customers


def test_a_refused_bulk_load_fails_the_unit_of_work_and_stores_nothing(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    with pytest.raises(CustregError) as raised, registry.uow() as uow:
        _load(uow, _customers(1))
        _load(uow, _refused(1000))
        uow.commit()
    assert not isinstance(raised.value, ValidationError)
    assert _stored(registry) == 0


def test_a_refused_bulk_load_fails_the_unit_of_work_with_its_error(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    with registry.uow() as uow:
        with pytest.raises(CustregError) as raised:
            _load(uow, _refused(1))
        assert not isinstance(raised.value, ValidationError)
        with pytest.raises(CustregError):  # the transaction failed: nothing can be committed
            uow.commit()
    assert _stored(registry) == 0


def test_a_refused_bulk_load_in_a_savepoint_undoes_only_the_savepoint(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    with registry.uow() as uow:
        uow.customers.add_many(_customers(1))
        with pytest.raises(CustregError), uow.savepoint():
            _load(uow, _refused(1000))
        uow.customers.add_many(_customers(2000))
        uow.commit()
    assert _stored(registry) == 2 * SIZE


@contextmanager
def _cursor_events(database: SqlDatabase) -> Iterator[list[tuple[str, str]]]:
    seen: list[tuple[str, str]] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(("before", statement.split()[0]))

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(("after", statement.split()[0]))

    event.listen(database.engine, "before_cursor_execute", before)
    event.listen(database.engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", before)
        event.remove(database.engine, "after_cursor_execute", after)


def test_a_bulk_load_passes_the_cursor_events_once(
    database: SqlDatabase,
) -> None:
    registry = _registry(database)
    with registry.uow() as uow:
        uow.customers.ids_matching(
            CustomerQuery()
        )  # begun: only the load and the next statement count
        with _cursor_events(database) as seen:
            _load(uow, _customers(1))
            uow.customers.ids_matching(CustomerQuery())
        uow.commit()
    load = "COPY" if database.engine.dialect.name == "postgresql" else "INSERT"
    assert seen == [("before", load), ("after", load), ("before", "SELECT"), ("after", "SELECT")]
    assert _stored(registry) == SIZE


def test_bulk_loads_first_in_a_unit_of_work_all_land(database: SqlDatabase) -> None:
    """The first load begins the transaction (the driver's own BEGIN would go unseen, and the
    commit store nothing); none of the loads after it is lost."""
    registry = _registry(database)
    with registry.uow() as uow:
        for batch in range(5):
            _load(uow, _customers(1 + batch * SIZE))
        uow.commit()
    assert _numbers(registry) == list(range(1, 1 + 5 * SIZE))
