"""A read-only unit of work takes its connection on its first statement. On SQLite a read that
needs no transaction (the card's Customer settings tab with its settings cached) then runs on a
pooled driver connection of its own, given back at once, unless something listens to the
engine's statements; either way it returns the same, sees every change and fails as typed."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy import text

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.bootstrap import registry_of
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import StorageError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.usecases import card
from custreg.usecases.card import CustomerSettingsChange
from custreg.usecases.card import update_customer_settings
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer

ANNA = UserId(uuid.UUID(int=7))
ADMIN = Principal(ANNA, CustomerPermission.ALL)


def _registry(database: SqlDatabase) -> tuple[Any, CustomerId]:
    organisation = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(organisation, "Alone Oy", users=(User(ANNA, "Anna"),))
    registry = registry_of(database, organisation, settings=settings)
    customer = create_customer(registry, ADMIN, CreateCustomer("Alone Oy", owner_id=ANNA))
    card.settings_tab(registry, ADMIN, customer.id)  # the settings cached, as after any read
    return registry, customer.id


def _events(database: SqlDatabase, name: str) -> tuple[list[Any], Callable[[], None]]:
    seen: list[Any] = []

    def listener(*args: Any) -> None:
        seen.append(args)

    event.listen(database.engine, name, listener)
    return seen, lambda: event.remove(database.engine, name, listener)


def test_settings_tab_alone_takes_no_sqlalchemy_connection_and_gives_its_own_back(
    fresh_database: Any,
) -> None:
    database = fresh_database()
    registry, customer = _registry(database)
    connects, stop = _events(database, "engine_connect")
    try:
        tab = card.settings_tab(registry, ADMIN, customer)
    finally:
        stop()
    pool = database.engine.pool
    assert pool.checkedout() == 0  # type: ignore[attr-defined]
    expected = 0 if database.dialect == "sqlite" else 1
    assert len(connects) == expected
    # With a cursor listener (tracing, statement counts) the statement runs through a
    # SQLAlchemy connection, is seen, and gives the same tab.
    statements, stop = _events(database, "before_cursor_execute")
    try:
        assert card.settings_tab(registry, ADMIN, customer) == tab
    finally:
        stop()
    assert len(statements) == 1
    assert pool.checkedout() == 0  # type: ignore[attr-defined]


def test_settings_tab_sees_a_change_written_by_anyone(fresh_database: Any) -> None:
    """A customer read unchanged is decoded once; any change, even one written straight to the
    table without a new version, is seen on the next read."""
    database = fresh_database()
    registry, customer = _registry(database)
    before = card.settings_tab(registry, ADMIN, customer)
    update_customer_settings(
        registry, ADMIN, customer, CustomerSettingsChange(payment_term_days=30)
    )
    assert card.settings_tab(registry, ADMIN, customer).payment_term_days == 30
    key = customer.hex if database.dialect == "sqlite" else customer
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE customers SET payment_term_days = 12 WHERE id = :id"), {"id": key}
        )
    after = card.settings_tab(registry, ADMIN, customer)
    assert after.payment_term_days == 12
    assert after.customer == before.customer and after.version == before.version + 1


def test_settings_tab_alone_refuses_an_unknown_customer_and_a_broken_schema(
    fresh_database: Any,
) -> None:
    database = fresh_database()
    registry, _ = _registry(database)
    with pytest.raises(NotFoundError):
        card.settings_tab(registry, ADMIN, CustomerId(uuid.uuid4()))
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    _, customer = _registry(database)
    with database.engine.begin() as connection:
        connection.execute(text("ALTER TABLE customers RENAME TO customers_gone"))
    with pytest.raises(StorageError):
        card.settings_tab(registry, ADMIN, customer)
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_read_only_unit_of_work_without_a_statement_needs_no_connection(
    fresh_database: Any,
) -> None:
    database = fresh_database()
    organisation = OrganisationId(uuid.uuid4())
    connects, stop = _events(database, "engine_connect")
    try:
        with SqlUnitOfWork(database, organisation, read_only=True) as uow:
            uow.commit()
            uow.rollback()
        with pytest.raises(StorageError, match="entered twice"), uow:
            uow.__enter__()
    finally:
        stop()
    assert connects == []
    with pytest.raises(StorageError, match="outside its 'with' block"):
        uow.customers.get(CustomerId(uuid.uuid4()))


def test_a_failed_read_alone_fails_the_unit_of_work(fresh_database: Any) -> None:
    """Like any failed statement: the unit of work then refuses to commit."""
    database = fresh_database()
    registry, customer = _registry(database)
    with database.engine.begin() as connection:
        connection.execute(text("ALTER TABLE customers RENAME TO customers_gone"))
    with SqlUnitOfWork(database, registry.organisation_id, read_only=True) as uow:
        with pytest.raises(StorageError):
            uow.customers.get_with_settings_token(customer, alone=True)
        with pytest.raises(StorageError, match="failed"):
            uow.commit()


def test_settings_tab_alone_is_logged_when_the_engine_logs(
    fresh_database: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """With the engine's log on (``echo``, or its logger at INFO) the read runs where SQLAlchemy
    logs it, like every other statement."""
    database = fresh_database()
    registry, customer = _registry(database)
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
        card.settings_tab(registry, ADMIN, customer)
    assert any("FROM customers" in r.getMessage() for r in caplog.records)
