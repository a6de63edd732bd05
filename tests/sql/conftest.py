"""Fixtures of the SQL adapter tests: the SQL backends only, fresh databases, statement counting.

``registry_factory`` (tests/conftest.py) runs a test on memory, SQLite and PostgreSQL; the fixtures
here are for what only a database has (migrations, error translation, statement counts).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from custreg.adapters.sql import SqlDatabase

# As in tests/conftest.py (not importable as a module).
POSTGRES_URL = os.environ.get(
    "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
POSTGRES_REQUIRED = (
    os.environ.get("CI") == "true" or os.environ.get("CUSTREG_REQUIRE_POSTGRES") == "1"
)

SQL_BACKENDS = ("sqlite", "postgres")


@pytest.fixture(params=SQL_BACKENDS)
def sql_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database(sql_backend: str, _databases: dict[str, Any]) -> SqlDatabase:
    """The session's shared database of the backend (tests use fresh organisations in it)."""
    return _databases["get"](sql_backend)  # type: ignore[no-any-return]


FreshDatabase = Callable[..., SqlDatabase]


def postgres_or_skip(make: Callable[[], SqlDatabase]) -> SqlDatabase:
    try:
        return make()
    except Exception as error:
        if POSTGRES_REQUIRED:
            pytest.fail(f"PostgreSQL is required but unusable: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")


@pytest.fixture
def fresh_database(sql_backend: str, tmp_path: Path) -> Iterator[FreshDatabase]:
    """Opens brand-new empty databases (a new SQLite file / PostgreSQL schema) and drops them."""
    opened: list[SqlDatabase] = []
    names: list[str] = []

    def url_and_schema() -> tuple[str, str | None]:
        if sql_backend == "sqlite":
            name = tmp_path / f"fresh-{len(names)}.db"
            names.append(str(name))
            return f"sqlite:///{name}", None
        schema = f"custreg_fresh_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        names.append(schema)
        return POSTGRES_URL, schema

    def make(**options: Any) -> SqlDatabase:
        url, schema = url_and_schema()
        kwargs = {"schema": schema, **options} if schema else options
        database = (
            postgres_or_skip(lambda: SqlDatabase(url, **kwargs))
            if sql_backend == "postgres"
            else SqlDatabase(url, **kwargs)
        )
        opened.append(database)
        return database

    make.url_and_schema = url_and_schema  # type: ignore[attr-defined]
    yield make
    for database in opened:
        database.dispose(drop_schema=True)
