"""PostgreSQL row-level security by organisation (``row_level_security=True``), defence in depth
under every query's own organisation filter: a statement of a unit of work that forgot its
filter still sees, changes and inserts only its organisation's rows. PostgreSQL only; superusers
bypass row-level security, so the application side connects as an ordinary role created here."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url
from tests.sql.conftest import POSTGRES_URL
from tests.sql.conftest import postgres_or_skip

import custreg as cr
from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import row_security
from custreg.domain.errors import StorageError

ADMIN = cr.Principal(cr.UserId(uuid.UUID(int=1)), cr.CustomerPermission.ALL)
A = cr.OrganisationId(uuid.UUID(int=0xA))
B = cr.OrganisationId(uuid.UUID(int=0xB))


def _settings(org: cr.OrganisationId) -> cr.OrganisationSettings:
    return cr.OrganisationSettings(org, f"Org {org.int:x}", users=(cr.User(ADMIN.user_id, "A"),))


@pytest.fixture
def secured() -> Iterator[dict[str, Any]]:
    """A schema switched on by its owner (the test's superuser) and an application database
    over it opened as an ordinary role with only table privileges."""
    schema = f"custreg_rls_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    role = f"custreg_app_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    owner = postgres_or_skip(
        lambda: SqlDatabase(POSTGRES_URL, schema=schema, row_level_security=True)
    )
    admin = create_engine(make_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS'))
        connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
        connection.execute(
            text(
                "GRANT SELECT, INSERT, UPDATE, DELETE "
                f'ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'
            )
        )
    app_url = make_url(POSTGRES_URL).set(username=role).render_as_string(hide_password=False)
    app = SqlDatabase(app_url, schema=schema, row_level_security=True, migrate=False)
    try:
        yield {"owner": owner, "app": app, "schema": schema}
    finally:
        app.dispose()
        owner.dispose(drop_schema=True)
        with admin.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def _customers(registry: cr.Registry, names: list[str]) -> None:
    for name in names:
        cr.create_customer(registry, ADMIN, cr.CreateCustomer(name=name))


def test_every_organisation_table_is_guarded_and_the_owner_switched_it_on(
    secured: dict[str, Any],
) -> None:
    with secured["owner"].engine.connect() as connection:
        assert row_security.is_on(connection)
        guarded = row_security.guarded_tables()
        assert {"customers", "invoices", "cost_entries", "audit_entries"} <= set(guarded)
        assert "organisations" not in guarded  # keyed by its own id, read before any unit of work


def test_a_statement_without_its_filter_sees_and_writes_only_its_organisation(
    secured: dict[str, Any],
) -> None:
    app = secured["app"]
    a, b = (
        cr.registry_of(app, A, settings=_settings(A)),
        cr.registry_of(app, B, settings=_settings(B)),
    )
    _customers(a, ["Alpha Oy", "Another Oy"])
    _customers(b, ["Beta Oy"])
    # The use cases work as ever under the policies.
    assert [c.name for c in cr.list_customers(a, ADMIN, cr.CustomerQuery()).items] == [
        "Alpha Oy",
        "Another Oy",
    ]
    assert cr.list_customers(b, ADMIN, cr.CustomerQuery()).total == 1
    with a.uow() as uow:
        # A query that forgot ``organisation_id``: the database still filters it.
        assert uow.execute(text("SELECT count(*) FROM customers")).scalar_one() == 2  # type: ignore[attr-defined]
        changed = uow.execute(text("UPDATE customers SET website = NULL"))  # type: ignore[attr-defined]
        assert changed.rowcount == 2
    with b.uow() as uow:
        assert uow.execute(text("SELECT count(*) FROM customers")).scalar_one() == 1  # type: ignore[attr-defined]
        # Writing a row of another organisation is refused, and nothing is stored.
        with pytest.raises(StorageError):
            uow.execute(  # type: ignore[attr-defined]
                text(
                    "INSERT INTO customer_segments (organisation_id, customer_id, segment_id) "
                    "VALUES (:org, :id, :id)"
                ),
                {"org": A, "id": uuid.uuid4()},
            )
    assert cr.list_customers(a, ADMIN, cr.CustomerQuery()).total == 2


def test_outside_a_unit_of_work_nothing_is_declared_and_nothing_restricted(
    secured: dict[str, Any],
) -> None:
    app = secured["app"]
    _customers(cr.registry_of(app, A, settings=_settings(A)), ["Alpha Oy"])
    _customers(cr.registry_of(app, B, settings=_settings(B)), ["Beta Oy"])
    with app.engine.connect() as connection:  # the application role, no organisation declared
        assert connection.execute(text("SELECT count(*) FROM customers")).scalar_one() == 2


def test_switched_off_the_filters_of_the_queries_remain_the_only_guard(
    secured: dict[str, Any],
) -> None:
    app, owner = secured["app"], secured["owner"]
    a = cr.registry_of(app, A, settings=_settings(A))
    _customers(a, ["Alpha Oy"])
    _customers(cr.registry_of(app, B, settings=_settings(B)), ["Beta Oy"])
    with owner.engine.begin() as connection:
        row_security.switch_off(connection)
        assert not row_security.is_on(connection)
    with a.uow() as uow:
        assert uow.execute(text("SELECT count(*) FROM customers")).scalar_one() == 2  # type: ignore[attr-defined]
    with owner.engine.begin() as connection:
        row_security.switch_on(connection)
        row_security.switch_on(connection)  # idempotent
        assert row_security.is_on(connection)


def test_row_level_security_needs_postgresql(tmp_path: Any) -> None:
    with pytest.raises(StorageError, match="row_level_security needs PostgreSQL"):
        SqlDatabase(f"sqlite:///{tmp_path / 'x.db'}", row_level_security=True)
    with pytest.raises(StorageError, match="row_level_security needs PostgreSQL"):
        cr.open(f"sqlite:///{tmp_path / 'y.db'}", row_level_security=True)
