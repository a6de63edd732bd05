"""The schema can be distributed by organisation (Citus ``create_distributed_table`` on
``organisation_id``), and the adapter's statements stay within one organisation.

- Every primary key, unique constraint and foreign key includes the table's distribution column
  (``organisation_id``; the organisations table's own ``id``), and every foreign key pairs it
  with the referred table's: a distributed engine can enforce each key on one node.
- Every statement a representative run sends (the demo for two organisations, bulk import, mass
  update, KPIs, card, report) is restricted to one organisation in PostgreSQL's own plan: each
  scan of a table is bounded by ``organisation_id`` and every bound names the same organisation,
  so a distributed engine routes the statement to one node and no statement joins across
  organisations.
"""

from __future__ import annotations

import argparse
import json
import re
import uuid
from collections.abc import Iterator
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Column
from sqlalchemy import ForeignKeyConstraint
from sqlalchemy import MetaData
from sqlalchemy import PrimaryKeyConstraint
from sqlalchemy import Table
from sqlalchemy import UniqueConstraint as Unique
from sqlalchemy import Uuid
from sqlalchemy import event

from custreg.adapters.cli import demo
from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import tables as t

#: Tables distributed by a column other than ``organisation_id``, and why.
DISTRIBUTION_COLUMN = {
    "organisations": "id",  # the organisation's own row: its id IS the organisation id
}

#: Tables every organisation shares (Citus reference tables, copied to every node), and why.
#: None today: every table, settings catalogues included, belongs to one organisation.
REFERENCE_TABLES: dict[str, str] = {}


def distribution_column(table: Table) -> str:
    return DISTRIBUTION_COLUMN.get(table.name, "organisation_id")


def key_problems(metadata: MetaData) -> list[str]:
    """Every key of ``metadata`` a distributed-by-organisation engine could not enforce locally."""
    problems = []
    for table in metadata.tables.values():
        if table.name in REFERENCE_TABLES:
            continue
        column = distribution_column(table)
        if column not in table.c:
            problems.append(f"{table.name}: no {column}")
            continue
        keys = [c for c in table.constraints if isinstance(c, PrimaryKeyConstraint | Unique)]
        keys += [i for i in table.indexes if i.unique]
        if not table.primary_key.columns:
            problems.append(f"{table.name}: no primary key")
        for key in keys:
            if column not in {c.name for c in key.columns}:
                problems.append(f"{table.name}: key {key.name} without {column}")
        for fk in (c for c in table.constraints if isinstance(c, ForeignKeyConstraint)):
            referred = fk.referred_table
            if referred.name in REFERENCE_TABLES:
                continue
            pairs = {(e.parent.name, e.column.name) for e in fk.elements}
            if (column, distribution_column(referred)) not in pairs:
                problems.append(f"{table.name}: foreign key {fk.name} leaves the organisation")
    return problems


def test_every_key_includes_the_organisation() -> None:
    assert key_problems(t.metadata) == []
    assert set(REFERENCE_TABLES) <= set(t.metadata.tables)
    assert set(DISTRIBUTION_COLUMN) <= set(t.metadata.tables)


def test_the_key_check_finds_keys_without_the_organisation() -> None:
    """The guard itself: a global sequence key, a unique column and a foreign key that does not
    carry the organisation are each reported."""
    bad = MetaData()
    Table("organisations", bad, Column("id", Uuid, primary_key=True))
    Table(
        "customers",
        bad,
        Column("organisation_id", Uuid, nullable=False),
        Column("id", Uuid, nullable=False),
        Column("email", Uuid),
        PrimaryKeyConstraint("organisation_id", "id"),
        Unique("email", name="uq_email"),
    )
    Table(
        "log",
        bad,
        Column("seq", Uuid, primary_key=True),
        Column("organisation_id", Uuid, nullable=False),
        Column("customer_id", Uuid),
        ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_log_customer"),
    )
    assert key_problems(bad) == [
        "customers: key uq_email without organisation_id",
        "log: key None without organisation_id",
        "log: foreign key fk_log_customer leaves the organisation",
    ]


# -- the statements of a representative run, checked in PostgreSQL's plans ---------------------

#: Statements that touch no organisation's rows (transaction control, catalogue look-ups).
NOT_ORGANISATION_DATA = re.compile(
    r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|ANALYZE|SET|SHOW|select pg_catalog|"
    r"select current_schema|SELECT alembic_version|SELECT pg_get_serial|CREATE|DROP)"
    r"|\b(pg_catalog|information_schema|alembic_version)\b",
    re.IGNORECASE,
)
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan"}
ORG_BOUND = re.compile(r"organisation_id = ('([0-9a-f-]{36})'::uuid|\w+\.organisation_id)")
ORG_ANY = re.compile(r"organisation_id = ANY")


@contextmanager
def captured(database: SqlDatabase) -> Iterator[dict[str, Any]]:
    """Every distinct statement ``database`` sends while the block runs, with its first
    parameters (before_cursor_execute)."""
    seen: dict[str, Any] = {}

    def record(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool):
        if statement not in seen:
            seen[statement] = params[0] if many and params else params

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def _nodes(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _bounds(node: Mapping[str, Any]) -> list[str]:
    """The conditions bounding a scan (a bitmap scan's are on its index scans below)."""
    keys = ("Index Cond", "Recheck Cond", "Filter", "TID Cond")
    return [str(n[k]) for n in _nodes(node) for k in keys if k in n]


def plan_problems(statement: str, plan: Mapping[str, Any]) -> list[str]:
    """What keeps the statement's plan from staying within one organisation."""
    problems = []
    organisations: set[str] = set()
    for node in _nodes(plan):
        if node.get("Node Type") not in SCANS or node.get("Relation Name") not in t.metadata.tables:
            continue
        bounds = " AND ".join(_bounds(node))
        found = ORG_BOUND.findall(bounds)
        organisations |= {literal for _, literal in found if literal}
        if not found:
            problems.append(f"{node['Relation Name']} scanned without organisation: {bounds!r}")
    if len(organisations) > 1:
        problems.append(f"several organisations in one statement: {sorted(organisations)}")
    return [f"{p}\n    in {statement[:300]}" for p in problems]


def insert_problems(statement: str) -> list[str]:
    """An INSERT ... VALUES or COPY writes rows of one organisation only if it names the column
    (the value is one organisation's: every row of the adapter is written by its registry)."""
    found = re.match(r"\s*(?:INSERT INTO|COPY)\s+\"?(\w+)\"?\s*\(([^)]*)\)", statement, re.I)
    table = t.metadata.tables.get(found.group(1)) if found else None
    if found is None or table is None or distribution_column(table) not in found.group(2):
        return [f"rows written without organisation_id: {statement[:300]}"]
    return []


def _explain(database: SqlDatabase, statement: str, params: Any) -> Mapping[str, Any]:
    with database.engine.connect() as connection:
        found = connection.exec_driver_sql(f"EXPLAIN (VERBOSE, FORMAT JSON) {statement}", params)
        plan = found.scalar_one()
        connection.rollback()
    document = json.loads(plan) if isinstance(plan, str) else plan
    return document[0]["Plan"]  # type: ignore[no-any-return]


def _is_plain_write(statement: str) -> bool:
    s = statement.lstrip().upper()
    return s.startswith("COPY ") or (s.startswith("INSERT ") and " SELECT " not in s)


def _representative_run(database: SqlDatabase, tmp_path: Any, monkeypatch: Any) -> None:
    """The demo (customers, addresses, KPIs, mass update and undo, card, report, duplicates)
    for two organisations sharing the demo's user, industry and status ids, then a bulk import
    large enough for COPY into each."""
    import custreg as cr

    monkeypatch.chdir(tmp_path)
    args = argparse.Namespace(db=str(tmp_path / "demo.db"))
    url = database.engine.url.render_as_string(hide_password=False)
    for n in range(2):
        organisation = cr.OrganisationId(uuid.UUID(int=0xC0DE0 + n))
        monkeypatch.setattr(demo, "ORG", organisation)
        registry = cr.registry_of(database, organisation, settings=demo.demo_settings())
        assert demo._run(args, registry, url, database.schema) == 0
        admin = cr.Principal(demo.ANNA, cr.CustomerPermission.ALL)
        records = [
            {"name": f"Imported {i} Oy", "address_lines": f"Street {i}", "country": "FI"}
            for i in range(150)
        ]
        assert cr.import_customers(registry, admin, records).ok


@pytest.mark.parametrize("sql_backend", ["postgres"])  # the engine a distributed setup runs
def test_every_statement_of_a_run_stays_within_one_organisation(
    fresh_database: Any, tmp_path: Any, monkeypatch: Any, capsys: Any
) -> None:
    database = fresh_database()
    with captured(database) as seen:
        _representative_run(database, tmp_path, monkeypatch)
    capsys.readouterr()
    problems: list[str] = []
    checked = 0
    for statement, params in seen.items():
        if NOT_ORGANISATION_DATA.search(statement):
            continue
        checked += 1
        if _is_plain_write(statement):
            problems += insert_problems(statement)
        else:
            problems += plan_problems(statement, _explain(database, statement, params))
    assert checked > 100, checked  # the run really exercised the adapter
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("sql_backend", ["postgres"])
def test_the_plan_check_finds_statements_leaving_the_organisation(database: SqlDatabase) -> None:
    """The guard itself, on PostgreSQL's plans of statements the adapter must never send."""
    one, other = uuid.uuid4(), uuid.uuid4()
    within = (
        "SELECT c.id FROM customers c JOIN contacts k ON k.organisation_id = c.organisation_id"
        " AND k.customer_id = c.id WHERE c.organisation_id = %(o)s"
    )
    across = (
        "SELECT c.id FROM customers c JOIN contacts k ON k.customer_id = c.id"
        " WHERE c.organisation_id = %(o)s"
    )
    both = "SELECT id FROM customers WHERE organisation_id = %(o)s OR organisation_id = %(p)s"
    two = (
        "SELECT c.id FROM customers c, contacts k WHERE c.organisation_id = %(o)s"
        " AND k.organisation_id = %(p)s AND k.customer_id = c.id"
    )
    unbounded = "UPDATE customers SET version = version + 1 WHERE id = %(o)s"

    def problems(sql: str) -> list[str]:
        return plan_problems(sql, _explain(database, sql, {"o": one, "p": other}))

    assert problems(within) == []
    for sql in (across, both, two, unbounded):
        assert problems(sql) != [], sql
    assert insert_problems("INSERT INTO notes (id, text) VALUES (%(id)s, %(t)s)") != []
    assert insert_problems("COPY customers (organisation_id, id) FROM STDIN") == []
