"""A host application's own SQLAlchemy engine, as docs/hosting-sql.md tells a host to set it up:
on SQLite the pysqlite recipe (SQLAlchemy, not the driver, begins transactions, so SAVEPOINTs
work; foreign keys on), on PostgreSQL a plain engine; one fresh database (file or schema) each."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import text

POSTGRES_URL = os.environ.get(
    "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
POSTGRES_REQUIRED = (
    os.environ.get("CI") == "true" or os.environ.get("CUSTREG_REQUIRE_POSTGRES") == "1"
)


def sqlite_host_engine(path: Path, attached: tuple[str, ...] = ()) -> Engine:
    """The host's SQLite engine, with the recipe of docs/hosting-sql.md; each name in
    ``attached`` is a database file next to ``path`` attached on every connection."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # pysqlite must not begin transactions itself
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        for name in attached:
            dbapi_connection.execute(
                "ATTACH DATABASE ? AS " + name, (str(path.with_name(f"{name}.db")),)
            )

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


@contextmanager
def host_engine(kind: str, tmp_path: Path) -> Iterator[tuple[Engine, str | None]]:
    """(engine, schema): a fresh SQLite file; one with a fresh database attached under a fresh
    schema name for custreg's tables ("sqlite-attached"); or PostgreSQL with a fresh schema
    name for custreg's tables (dropped afterwards, with the host's table)."""
    if kind == "sqlite":
        engine = sqlite_host_engine(tmp_path / f"host-{uuid.uuid4().hex[:8]}.db")
        try:
            yield engine, None
        finally:
            engine.dispose()
        return
    if kind == "sqlite-attached":
        schema = f"crm_{uuid.uuid4().hex[:10]}"
        engine = sqlite_host_engine(tmp_path / f"host-{uuid.uuid4().hex[:8]}.db", (schema,))
        try:
            yield engine, schema
        finally:
            engine.dispose()
        return
    engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 10})
    schema = f"crm_{uuid.uuid4().hex[:10]}"
    try:
        with engine.connect() as probe:
            probe.execute(text("SELECT 1"))
    except Exception as error:
        engine.dispose()
        if POSTGRES_REQUIRED:
            pytest.fail(f"PostgreSQL is required but unusable: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    try:
        yield engine, schema
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'DROP TABLE IF EXISTS "host_orders_{schema}"'))
            connection.commit()
        engine.dispose()
