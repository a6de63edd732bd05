"""Migration 0008 (distributable keys): a database filled at the revision before it upgrades
keeping every row, numbers the audit log per organisation from then on, and downgrades back
keeping every row again. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import column
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import table
from sqlalchemy import text

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.schema import alembic_config
from custreg.adapters.sql.schema import current_revision
from custreg.adapters.sql.schema import head_revision
from custreg.adapters.sql.schema import upgrade
from custreg.bootstrap import registry_of
from custreg.domain.audit import AuditEntry
from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import OrganisationId

#: The revision 0008 follows (whatever it is once revisions are chained).
BEFORE = str(ScriptDirectory.from_config(alembic_config()).get_revision("0008").down_revision)
AT = datetime(2025, 5, 5, 12, 0, tzinfo=UTC)
#: The audit table as the revisions before 0008 fill it: ``seq`` left to the database.
OLD_AUDIT = table(
    "audit_entries", *(column(c.name, c.type) for c in t.audit_entries.c if c.name != "seq")
)


def _bare_engine(url: str, schema: str | None) -> Engine:
    if schema is None:
        return create_engine(url)
    engine = create_engine(url, connect_args={"options": f"-c search_path={schema}"})
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def _fill(connection: Connection, orgs: list[uuid.UUID]) -> list[uuid.UUID]:
    """Two organisations, a customer each and audit entries written alternately (so the old
    database-wide numbers interleave); returns the entry ids in written order."""
    written = []
    for n, org in enumerate(orgs):
        connection.execute(insert(t.organisations).values(id=org))
        connection.execute(
            insert(t.customers).values(
                organisation_id=org,
                id=uuid.UUID(int=n + 1),  # the same customer id in both organisations
                number=1,
                name="Old Oy",
                name_search="old oy",
                created_at=AT,
                status="active",
                custom_fields="{}",
                einvoice_addresses='{"default":0,"added":[]}',
                is_internal=False,
                version=1,
            )
        )
    for i in range(7):
        entry = uuid.uuid4()
        written.append(entry)
        connection.execute(insert(OLD_AUDIT), [_entry(orgs[i % 2], entry, i)])
    return written


def _entry(org: uuid.UUID, entry: uuid.UUID, i: int) -> dict[str, Any]:
    return {
        "organisation_id": org,
        "id": entry,
        "at": AT,
        "actor": None,
        "action": "update",
        "entity": "customer",
        "entity_id": uuid.UUID(int=1),
        "field": "name",
        "before": f'"n{i}"',
        "after": f'"n{i + 1}"',
        "batch_id": None,
    }


def _counts(connection: Connection) -> dict[str, int]:
    names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
    return {n: connection.execute(text(f'SELECT COUNT(*) FROM "{n}"')).scalar_one() for n in names}


def _ordered(connection: Connection, org: uuid.UUID) -> list[tuple[int, uuid.UUID]]:
    a = t.audit_entries.c
    found = connection.execute(select(a.seq, a.id).where(a.organisation_id == org).order_by(a.seq))
    return [(row.seq, row.id) for row in found]


def test_a_filled_database_upgrades_numbers_per_organisation_and_downgrades(
    fresh_database: Any,
) -> None:
    url, schema = fresh_database.url_and_schema()
    engine = _bare_engine(url, schema)
    orgs = [uuid.uuid4(), uuid.uuid4()]
    with engine.begin() as connection:
        upgrade(connection, BEFORE)
        written = _fill(connection, orgs)
        before = _counts(connection)
        order = {org: [i for _, i in _ordered(connection, org)] for org in orgs}
    assert order[orgs[0]] == written[0::2] and order[orgs[1]] == written[1::2]

    with engine.begin() as connection:
        upgrade(connection)
        assert current_revision(connection) == head_revision()
        after = _counts(connection)
        assert {n: after[n] for n in before} == {**before, "counters": before["counters"] + 2}
        for org in orgs:  # old numbers kept, so the recorded order is too
            assert [i for _, i in _ordered(connection, org)] == order[org]
            counter = connection.execute(
                select(t.counters.c.value).where(
                    t.counters.c.organisation_id == org, t.counters.c.name == "audit_seq"
                )
            ).scalar_one()
            assert counter == max(s for s, _ in _ordered(connection, org))
    engine.dispose()

    database = SqlDatabase(url, schema=schema) if schema else SqlDatabase(url)
    try:
        registry = registry_of(database, OrganisationId(orgs[1]))
        new = AuditEntry(
            AuditEntryId(uuid.uuid4()), AT, None, "add", "customer", uuid.UUID(int=1), "x", None, 1
        )
        with registry.uow() as uow:
            uow.audit.record([new])
            uow.commit()
        with registry.read() as uow:
            trail = uow.audit.for_entity("customer", uuid.UUID(int=1))
        assert [e.id for e in trail] == [*order[orgs[1]], new.id]
        with database.engine.begin() as connection:
            seqs = _ordered(connection, orgs[1])
            assert seqs[-1][0] == seqs[-2][0] + 1  # the organisation's next number
            command.downgrade(alembic_config(connection), BEFORE)
            assert current_revision(connection) == BEFORE
            assert _counts(connection) == {**before, "audit_entries": before["audit_entries"] + 1}
            assert [i for _, i in _ordered(connection, orgs[0])] == order[orgs[0]]
            assert [i for _, i in _ordered(connection, orgs[1])] == [*order[orgs[1]], new.id]
            all_seqs = connection.execute(select(func.count(t.audit_entries.c.seq.distinct())))
            assert all_seqs.scalar_one() == before["audit_entries"] + 1
            # the database-wide numbering works again: an entry without a number gets one
            connection.execute(insert(OLD_AUDIT), [_entry(orgs[0], uuid.uuid4(), 99)])
            assert len(_ordered(connection, orgs[0])) == len(order[orgs[0]]) + 1
            upgrade(connection)  # and back up, the round trip is repeatable
            assert current_revision(connection) == head_revision()
    finally:
        database.dispose(drop_schema=True)
