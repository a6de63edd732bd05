"""A read unit of work on PostgreSQL is one REPEATABLE READ, READ ONLY snapshot begun by the
driver's own BEGIN (no statement of its own), and the connection goes back to the pool as it came:
the next unit of work, or a database opened read-only, is not changed by it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.ids import OrganisationId


def _session(connection: Any) -> tuple[str, str]:
    isolation = connection.execute(text("SHOW transaction_isolation")).scalar_one()
    read_only = connection.execute(text("SHOW transaction_read_only")).scalar_one()
    return isolation, read_only


def test_a_read_is_one_read_only_snapshot_and_leaves_the_connection_as_it_was(
    database: SqlDatabase,
) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads begin deferred; covered by the SQLite isolation tests")
    registry = registry_of(database, OrganisationId(uuid.uuid4()))
    for _ in range(2):  # the pool hands the same connection back
        with registry.read() as uow:
            assert _session(uow) == ("repeatable read", "on")
        with registry.uow() as uow:
            assert _session(uow) == ("read committed", "off")
    with database.engine.connect() as connection:
        assert _session(connection) == ("read committed", "off")
