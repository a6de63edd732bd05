"""Benchmark: mass update of 1,000 / 10,000 / 100,000 customers against the hand-written SQL floor.

The job: "change industry" of every customer of an organisation, selected by explicit ids with the
version the user saw (the heaviest path: every id is checked for existence and version), with the
audit entries in the same transaction. Every run changes every customer (the industry alternates
between two values), so the work per run is the same.

The floor is hand-written SQL doing the same job on the same data in the same database, through the
raw DB-API connection (no SQLAlchemy on the hot path), on the SQL adapter's schema:
  1. read id, version and industry of the selection (existence and version check, before values),
  2. UPDATE customers SET industry_id, version = version + 1, updated_at, updated_by
     WHERE organisation_id = ? AND id IN (...)  (IN_CHUNK ids per list; = ANY(array) on PostgreSQL),
  3. one counter upsert numbering the audit rows (schema 0008), then one executemany INSERT of
     the same audit rows custreg writes (one per changed customer, plus the batch's row mapping
     each customer to the version written).
  One transaction. The memory adapter is compared with the SQLite floor.

Each target is timed against a floor of its own, round by round interleaved (same customers, same
audit history), with only that target's data alive, and the objects built to set up frozen out of
the garbage collector's generations (``gc.freeze``), so the collector's passes over the benchmark's
own data are billed to neither side. The median of ``--repeats`` rounds is shown.

Usage: python benchmarks/mass_update.py [--sizes 1000,10000,100000]
           [--adapters memory,sqlite,postgres] [--repeats 5] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import record

from custreg.adapters.memory import MemoryStore
from custreg.adapters.system import FixedClock
from custreg.adapters.system import RandomIds
from custreg.bootstrap import open_memory
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import Industry
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import undo_mass_update

IN_CHUNK = 5_000  # ids per IN (...) list in the floor (SQLite allows 32,766 parameters)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USER = UserId(uuid.UUID(int=1))
INDUSTRIES = (IndustryId(uuid.UUID(int=10)), IndustryId(uuid.UUID(int=11)))


def settings(organisation_id: OrganisationId) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id,
        "Benchmark Oy",
        users=(User(USER, "Bench User"),),
        industries=tuple(Industry(i, f"Industry {n}") for n, i in enumerate(INDUSTRIES)),
    )


def make_customers(size: int) -> list[Customer]:
    return [
        Customer(
            id=CustomerId(uuid.uuid4()),
            number=CustomerNumber(n + 1),
            name=f"Customer {n + 1}",
            created_at=NOW,
            created_by=USER,
            owner_id=USER,
            industry_id=INDUSTRIES[0],
        )
        for n in range(size)
    ]


# -- the adapters under test ---------------------------------------------------------------------


class Target:
    """One adapter with the customers loaded; ``run`` does one mass update, timed by the caller."""

    name = ""

    def __init__(self, registry: Registry, customers: Sequence[Customer]) -> None:
        self.registry = registry
        self.ids = [c.id for c in customers]
        self.version = 1
        self.principal = Principal(USER, CustomerPermission.EDIT)
        self.last_batch: uuid.UUID | None = None

    def run(self, industry: IndustryId) -> None:
        versions = dict.fromkeys(self.ids, self.version)
        cmd = MassUpdate.of_ids(ChangeIndustry(industry), self.ids, versions)
        result = mass_update(self.registry, self.principal, cmd)
        assert len(result.changed) == len(self.ids), "every customer must change"
        self.version += 1
        self.last_batch = result.batch_id

    def undo(self) -> None:
        assert self.last_batch is not None
        undo_mass_update(self.registry, self.principal, self.last_batch)
        self.version += 1
        self.last_batch = None


def memory_target(customers: Sequence[Customer]) -> Target:
    """The in-memory adapter, loaded directly (its ``add`` is per-row; loading is not measured)."""
    organisation_id = OrganisationId(uuid.uuid4())
    store = MemoryStore()
    store.tables["customers"] = {c.id: c for c in customers}
    store.counters["customer_number"] = len(customers)
    registry = open_memory(
        organisation_id, settings(organisation_id), FixedClock(NOW), RandomIds(), store
    )
    target = Target(registry, customers)
    target.name = "memory"
    return target


def sql_target(database: Any, customers: Sequence[Customer]) -> Target:
    """The SQL adapter's registry of a new organisation on ``database``, loaded set-based."""
    organisation_id = OrganisationId(uuid.uuid4())
    registry = registry_of(
        database,
        organisation_id, settings=settings(organisation_id), clock=FixedClock(NOW), ids=RandomIds()
    )
    with registry.uow() as uow:
        uow.customers.add_many(list(customers))
        uow.commit()
    target = Target(registry, customers)
    target.name = {"postgresql": "postgres"}.get(database.engine.dialect.name, "sqlite")
    return target


# -- the floor -----------------------------------------------------------------------------------


class Floor:
    """Hand-written SQL through the raw DB-API connection of the same database (same schema, same
    connection settings: on SQLite WAL, synchronous=NORMAL, foreign keys, BEGIN IMMEDIATE), over
    its own organisation holding the same customers, loaded by the adapter."""

    name = "floor"

    def __init__(self, database: Any, customers: Sequence[Customer]) -> None:
        loaded = sql_target(database, customers)
        self.postgres = database.engine.dialect.name == "postgresql"
        self.raw = database.engine.raw_connection()
        self.mark = "%s" if self.postgres else "?"
        self.org = self._key(loaded.registry.organisation_id)
        self.ids = [self._key(c.id) for c in customers]
        self.version = 1

    def _key(self, value: uuid.UUID) -> Any:
        """How the driver takes a UUID: natively (psycopg) or as SQLAlchemy stores it (hex)."""
        return value if self.postgres else value.hex

    def _in(self, ids: Sequence[Any]) -> list[tuple[str, list[Any]]]:
        """``id IN (...)`` conditions with their parameters: one array on PostgreSQL, chunks of
        IN_CHUNK placeholders on SQLite."""
        if self.postgres:
            return [("id = ANY(%s)", [list(ids)])]
        return [
            (f"id IN ({','.join('?' * len(chunk))})", list(chunk))
            for chunk in _chunks(ids, IN_CHUNK)
        ]

    def run(self, industry: IndustryId) -> None:
        m, org, new, actor = self.mark, self.org, self._key(industry), self._key(USER)
        now: Any = NOW if self.postgres else _sqlite_time(NOW)
        batch, action = self._key(uuid.uuid4()), "mass_update.change_industry"
        cursor = self.raw.cursor()
        if not self.postgres:
            cursor.execute("BEGIN IMMEDIATE")
        current: list[tuple[Any, int, Any]] = []
        for condition, params in self._in(self.ids):
            cursor.execute(
                f"SELECT id, version, industry_id FROM customers"
                f" WHERE organisation_id = {m} AND {condition}",
                (org, *params),
            )
            current += cursor.fetchall()
        assert len(current) == len(self.ids)
        assert all(version == self.version for _, version, _ in current)
        changed = [row for row in current if row[2] != new]
        for condition, params in self._in([row[0] for row in changed]):
            cursor.execute(
                f"UPDATE customers SET industry_id = {m}, version = version + 1,"
                f" updated_at = {m}, updated_by = {m} WHERE organisation_id = {m} AND {condition}",
                (new, now, actor, org, *params),
            )
        common = (org, now, actor, action)
        audit: list[tuple[Any, ...]] = [
            (
                *common,
                "customer",
                customer_id,
                self._key(uuid.uuid4()),
                "industry_id",
                json.dumps(_text(before)),
                json.dumps(str(industry)),
                batch,
            )
            for customer_id, _, before in changed
        ]
        versions = {_text(customer_id): version + 1 for customer_id, version, _ in changed}
        audit.append(
            (
                *common,
                "mass_update",
                batch,
                self._key(uuid.uuid4()),
                "versions",
                "null",
                json.dumps(versions),
                batch,
            )
        )
        # Entries are numbered per organisation from its audit_seq counter (schema 0008).
        cursor.execute(
            f"INSERT INTO counters (organisation_id, name, value) VALUES ({m}, 'audit_seq', {m})"
            " ON CONFLICT (organisation_id, name) DO UPDATE SET value = counters.value"
            " + excluded.value RETURNING value",
            (org, len(audit)),
        )
        first = cursor.fetchone()[0] - len(audit) + 1
        numbered = [(*row, first + n) for n, row in enumerate(audit)]
        marks = ", ".join([m] * 12)
        cursor.executemany(
            "INSERT INTO audit_entries (organisation_id, at, actor, action, entity, entity_id,"
            f" id, field, before, after, batch_id, seq) VALUES ({marks})",
            numbered,
        )
        if self.postgres:
            self.raw.commit()
        else:
            cursor.execute("COMMIT")
        cursor.close()
        assert len(changed) == len(self.ids), "every customer must change"
        self.version += 1

    def close(self) -> None:
        self.raw.close()


def _sqlite_time(at: datetime) -> str:
    """How SQLAlchemy's DateTime stores a (UTC, naive) datetime in SQLite."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _text(value: Any) -> str | None:
    """An id as the audit renders it (dashed text), from a driver value (UUID or hex text)."""
    if value is None:
        return None
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- timing and the table ------------------------------------------------------------------------


def rounds(floor: Floor, targets: Sequence[Target], repeats: int) -> dict[str, float]:
    """Median time of the floor and of each target over ``repeats`` interleaved rounds, on equal
    histories (every round adds the same audit rows to each organisation)."""
    runners: list[Floor | Target] = [floor, *targets]
    times: dict[str, list[float]] = {runner.name: [] for runner in runners}
    for _ in range(repeats):
        for runner in runners:
            industry = INDUSTRIES[runner.version % 2]  # the other one: every customer changes
            gc.collect()
            began = time.perf_counter()
            runner.run(industry)
            times[runner.name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in times.items()}


def measure(size: int, args: argparse.Namespace, tmp: Path) -> list[str]:
    """The table's rows for one size: memory and SQLite against the floor on SQLite, PostgreSQL
    against the floor on PostgreSQL."""
    from custreg.adapters.sql import SqlDatabase

    customers = make_customers(size)
    repeats = args.repeats if size <= 10_000 else max(1, args.repeats // 2)
    groups: list[tuple[Any, list[str]]] = []
    wanted = set(args.adapters)
    if wanted & {"memory", "sqlite"}:
        groups.append(
            (SqlDatabase(f"sqlite:///{tmp / f'custreg-{size}.db'}"), ["memory", "sqlite"])
        )
    if "postgres" in wanted:
        schema = f"custreg_bench_{os.getpid()}_{size}"
        groups.append((SqlDatabase(args.postgres_url, schema=schema), ["postgres"]))
    lines = []
    for database, names in groups:
        try:
            for name in names:
                if name in wanted:
                    lines.append(measure_one(size, name, database, customers, repeats))
        finally:
            database.dispose(drop_schema=True)
    return lines


def measure_one(
    size: int, name: str, database: Any, customers: Sequence[Customer], repeats: int
) -> str:
    """One target's row: its rounds interleaved with those of a floor of its own (both start
    from the same customers and no audit history), then one undo. Only this
    target's data is alive meanwhile (the in-memory adapter's store, audit log included, would
    otherwise be traversed by the garbage collector during the SQL adapter's rounds), and the
    objects built to set up are frozen out of the collector's generations (``gc.freeze``), so
    its traversal of the benchmark's own data is billed to no runner."""
    floor = Floor(database, customers)
    target = memory_target(customers) if name == "memory" else sql_target(database, customers)
    gc.collect()
    gc.freeze()
    try:
        medians = rounds(floor, [target], repeats)
        began = time.perf_counter()
        target.undo()
        undo_time = time.perf_counter() - began
    finally:
        gc.unfreeze()
        floor.close()
    elapsed, floor_time = medians[target.name], medians["floor"]
    record("mass update", target.name, size, elapsed, floor_time)
    return (
        f"{size:>8}  {target.name:<10} {elapsed:>9.3f} {floor_time:>9.3f} "
        f"{elapsed / floor_time:>6.2f} {undo_time:>9.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument(
        "--adapters", default="memory,sqlite", help="any of memory, sqlite, postgres"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="PostgreSQL server for --adapters postgres (a scratch schema is created and dropped)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="rounds per size (median shown)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.adapters = [a.strip() for a in args.adapters.split(",") if a.strip()]
    columns = ("time (s)", "floor (s)", "ratio", "undo (s)")
    header = f"{'size':>8}  {'adapter':<10} " + " ".join(
        f"{c:>{6 if c == 'ratio' else 9}}" for c in columns
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp_dir:
        for size in sizes:
            for line in measure(size, args, Path(tmp_dir)):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
