"""``SqlDatabase(read_only=True)``: an existing database opened for reading only, as the command
line's listings and reports open it. Nothing is created, migrated or registered, and the database
itself refuses writes (SQLite ``query_only``, PostgreSQL read-only transactions)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.errors import SchemaVersionError
from custreg.domain.errors import StorageError
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import list_customers

OWNER = UserId(uuid.UUID(int=1))
ME = Principal(OWNER, CustomerPermission.ALL)


def _filled(make: Any) -> tuple[SqlDatabase, OrganisationId]:
    database: SqlDatabase = make()
    org = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(org, "Read Oy", users=(User(OWNER, "Olli"),))
    registry = registry_of(database, org, settings=settings)
    create_customer(registry, ME, CreateCustomer("Nokia Oyj", owner_id=OWNER))
    return database, org


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_database_reads_and_refuses_writes(fresh_database: Any, sql_backend: str) -> None:
    database, org = _filled(fresh_database)
    url = str(database.engine.url.render_as_string(hide_password=False))
    database.dispose()
    path = Path(database.engine.url.database or "") if sql_backend == "sqlite" else None
    before = _digest(path) if path else None
    reader = SqlDatabase(url, schema=database.schema, read_only=True)
    try:
        registry = registry_of(reader, org)
        page = list_customers(registry, ME, CustomerQuery(text="nokia"))
        assert [c.name for c in page.items] == ["Nokia Oyj"]
        with pytest.raises(StorageError):
            create_customer(registry, ME, CreateCustomer("Written Oy", owner_id=OWNER))
        assert list_customers(registry, ME, CustomerQuery()).total == 1
        unknown = registry_of(reader, OrganisationId(uuid.uuid4()))  # registers nothing
        assert list_customers(unknown, ME, CustomerQuery()).total == 0
    finally:
        reader.dispose()
    if path is not None:
        assert _digest(path) == before
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_read_only_sqlite_never_creates_a_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(StorageError):
        SqlDatabase(f"sqlite:///{missing}", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_read_only_refuses_a_database_without_custreg_schema(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (x)")
    before = _digest(other)
    with pytest.raises(SchemaVersionError):
        SqlDatabase(f"sqlite:///{other}", read_only=True)
    assert _digest(other) == before
