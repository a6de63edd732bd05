"""Benchmark: mass update of 1,000 / 10,000 / 100,000 customers against the hand-written SQL floor.

The job: "change industry" of every customer of an organisation, selected by explicit ids with the
version the user saw (the heaviest path: every id is checked for existence and version), with the
audit entries in the same transaction. Every run changes every customer (the industry alternates
between two values), so the work per run is the same.

The floor is hand-written SQL doing the same job on the same data in SQLite, through the raw DB-API
connection (no SQLAlchemy on the hot path), on the SQL adapter's schema:
  1. read id, version and industry of the selection (existence and version check, before values),
  2. UPDATE customers SET industry_id, version = version + 1, updated_at, updated_by
     WHERE organisation_id = ? AND id IN (...)   (in chunks of IN_CHUNK ids),
  3. one executemany INSERT of the same audit rows custreg writes (one per changed customer, plus
     the batch's row mapping each customer to the version written).
  One transaction.

Usage: python benchmarks/mass_update.py [--sizes 1000,10000,100000] [--adapters memory,sqlite]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from custreg.adapters.memory import MemoryStore, memory_registry
from custreg.adapters.system import FixedClock, RandomIds
from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId, IndustryId, OrganisationId, UserId
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.permissions import CustomerPermission, Principal
from custreg.domain.settings import Industry, OrganisationSettings, User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.mass_update import MassUpdate, mass_update, undo_mass_update

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
    registry = memory_registry(
        organisation_id, settings(organisation_id), FixedClock(NOW), RandomIds(), store
    )
    target = Target(registry, customers)
    target.name = "memory"
    return target


def sql_target(database: Any, customers: Sequence[Customer]) -> Target:
    """The SQL adapter's registry of a new organisation on ``database``, loaded set-based."""
    organisation_id = OrganisationId(uuid.uuid4())
    registry = database.registry(
        organisation_id, settings=settings(organisation_id), clock=FixedClock(NOW), ids=RandomIds()
    )
    with registry.uow() as uow:
        uow.customers.add_many(list(customers))
        uow.commit()
    target = Target(registry, customers)
    target.name = database.engine.dialect.name
    return target


# -- the floor -----------------------------------------------------------------------------------


class Floor:
    """Hand-written SQL through the raw sqlite3 connection of the same database (same schema,
    same pragmas: WAL, synchronous=NORMAL, foreign keys, BEGIN IMMEDIATE), over its own
    organisation holding the same customers."""

    name = "floor"

    def __init__(self, database: Any, customers: Sequence[Customer]) -> None:
        loaded = sql_target(database, customers)  # the same rows, written by the adapter
        self.org = loaded.registry.organisation_id.hex
        self.db = database.engine.raw_connection()
        self.ids = [c.id.hex for c in customers]
        self.version = 1

    def run(self, industry: IndustryId) -> None:
        db, org, new = self.db.cursor(), self.org, industry.hex
        now, actor = _sqlite_time(NOW), USER.hex
        batch, action = uuid.uuid4().hex, "mass_update.change_industry"
        db.execute("BEGIN IMMEDIATE")
        current: list[tuple[str, int, str | None]] = []
        for chunk in _chunks(self.ids, IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            current += db.execute(
                "SELECT id, version, industry_id FROM customers"
                f" WHERE organisation_id = ? AND id IN ({marks})",
                (org, *chunk),
            ).fetchall()
        assert len(current) == len(self.ids)
        assert all(version == self.version for _, version, _ in current)
        changed = [row for row in current if row[2] != new]
        for chunk in _chunks([row[0] for row in changed], IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            db.execute(
                "UPDATE customers SET industry_id = ?, version = version + 1, updated_at = ?,"
                f" updated_by = ? WHERE organisation_id = ? AND id IN ({marks})",
                (new, now, actor, org, *chunk),
            )
        audit: list[tuple[Any, ...]] = [
            (
                org,
                now,
                actor,
                action,
                "customer",
                customer_id,
                uuid.uuid4().hex,
                "industry_id",
                json.dumps(_dashed(before)),
                json.dumps(str(industry)),
                batch,
            )
            for customer_id, _, before in changed
        ]
        versions = {str(uuid.UUID(customer_id)): version + 1 for customer_id, version, _ in changed}
        audit.append(
            (
                org,
                now,
                actor,
                action,
                "mass_update",
                batch,
                uuid.uuid4().hex,
                "versions",
                "null",
                json.dumps(versions),
                batch,
            )
        )
        db.executemany(
            "INSERT INTO audit_entries (organisation_id, at, actor, action, entity, entity_id,"
            " id, field, before, after, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            audit,
        )
        db.execute("COMMIT")
        db.close()
        assert len(changed) == len(self.ids), "every customer must change"
        self.version += 1

    def close(self) -> None:
        self.db.close()


def _sqlite_time(at: datetime) -> str:
    """How SQLAlchemy's DateTime stores a (UTC, naive) datetime in SQLite."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _dashed(hex_id: str | None) -> str | None:
    return None if hex_id is None else str(uuid.UUID(hex_id))


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- timing and the table ------------------------------------------------------------------------


def measure(size: int, adapters: Sequence[str], repeats: int, tmp: Path) -> list[str]:
    """Rows of the table for one size: the floor and each adapter run in turn, ``repeats``
    rounds, on equal histories (every round adds the same audit rows to each organisation)."""
    from custreg.adapters.sql import SqlDatabase

    customers = make_customers(size)
    database = SqlDatabase(f"sqlite:///{tmp / f'custreg-{size}.db'}")
    try:
        floor = Floor(database, customers)
        targets: list[Target] = []
        if "memory" in adapters:
            targets.append(memory_target(customers))
        if "sqlite" in adapters:
            targets.append(sql_target(database, customers))
        times: dict[str, list[float]] = {t.name: [] for t in [floor, *targets]}  # type: ignore[list-item]
        for round_ in range(repeats):
            industry = INDUSTRIES[(round_ + 1) % 2]
            for runner in [floor, *targets]:
                gc.collect()
                began = time.perf_counter()
                runner.run(industry)
                times[runner.name].append(time.perf_counter() - began)
        floor.close()
        floor_time = statistics.median(times["floor"])
        lines = []
        for target in targets:
            elapsed = statistics.median(times[target.name])
            began = time.perf_counter()
            target.undo()
            undo_time = time.perf_counter() - began
            lines.append(
                f"{size:>8}  {target.name:<8} {elapsed:>9.3f} {floor_time:>9.3f} "
                f"{elapsed / floor_time:>6.2f} {undo_time:>9.3f}"
            )
        return lines
    finally:
        database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--adapters", default="memory,sqlite", help="memory and/or sqlite")
    parser.add_argument("--repeats", type=int, default=5, help="rounds per size (median shown)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    adapters = [a.strip() for a in args.adapters.split(",") if a.strip()]
    header = (
        f"{'size':>8}  {'adapter':<8} {'time (s)':>9} {'floor (s)':>9} {'ratio':>6} {'undo (s)':>9}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp_dir:
        for size in sizes:
            repeats = args.repeats if size <= 10_000 else max(1, args.repeats // 2)
            for line in measure(size, adapters, repeats, Path(tmp_dir)):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
