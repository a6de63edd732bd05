"""Benchmark: bulk import of customers (``import_customers``) against hand-written SQL inserting the
same rows, on SQLite and PostgreSQL.

Records are CSV-like mappings (see ``_common.customer_records``): every customer has an address,
half a VAT number, a third an e-mail, a quarter an owner. The use case parses and validates every
record with the create_customer rules (C1, C2, C7, M5), checks duplicates (C4) with one query per
batch, draws numbers, and writes customers, addresses and one audit entry per customer with a
constant number of statements per batch (``--batch`` records per transaction).

The floor is hand-written SQL through the raw DB-API connection inserting exactly the rows the
adapter wrote (read back from the first run, re-keyed to a new organisation): per batch one
INSERT per table as one executemany of plain tuples (psycopg 3 pipelines it on PostgreSQL; a
multi-row VALUES, used here before, was slower than custreg itself) and one counter UPDATE, one
transaction per batch, but no parsing, no validation, no duplicate check and no entity
building. It is what the database alone costs. On PostgreSQL the table also shows the same rows
loaded with COPY (PostgreSQL's bulk-load path, which custreg does not use): the lowest floor
there is. One untimed import first fills the tables (and gives the floors their rows), then
ANALYZE; each timed run imports into a new organisation.

The last column is custreg's own cost per customer (parsing, checking, building, rendering the
audit entry): it stays flat with the size, while the database's cost per row grows with its
tables (both columns before it include that growth).

Usage: python benchmarks/sql_import.py [--sizes 10000,100000] [--engines sqlite,postgres]
                                       [--repeat 2] [--batch 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from _common import POSTGRES_URL
from _common import analyze
from _common import customer_records
from _common import record
from _common import scratch_database
from _common import table
from _common import timed

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.usecases.bulk_import import import_customers

OWNER = UserId(uuid.UUID(int=1))
ADMIN = Principal(OWNER, CustomerPermission.ALL)
TABLES = ("customers", "customer_segments", "addresses", "audit_entries")
#: The floor's ways of writing the rows.
BULK = ("executemany", "COPY", "multi-row INSERT")


def new_registry(database: SqlDatabase) -> Any:
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(organisation_id, "Import Oy", users=(User(OWNER, "Owner"),))
    return registry_of(database, organisation_id, settings=settings)


class Floor:
    """The same rows, inserted by hand through the DB-API connection of the same database:
    ``bulk`` says how, one executemany per table and batch (the default), one ``COPY`` (on
    PostgreSQL), or one multi-row INSERT (as few as SQLite's parameter limit allows)."""

    def __init__(
        self, source: SqlDatabase, organisation_id: uuid.UUID, bulk: str = "executemany"
    ) -> None:
        self.sqlite = source.engine.dialect.name == "sqlite"
        assert bulk in BULK and not (bulk == "COPY" and self.sqlite), bulk
        self.bulk = bulk
        self.mark = "?" if self.sqlite else "%s"
        raw = source.engine.raw_connection()
        self.rows: dict[str, tuple[list[str], list[list[Any]]]] = {}
        cursor = raw.cursor()
        for name in TABLES:
            cursor.execute(
                f"SELECT * FROM {name} WHERE organisation_id = {self.mark}",
                (self.key(organisation_id),),
            )
            columns = [d[0] for d in cursor.description]
            self.rows[name] = (columns, [list(row) for row in cursor.fetchall()])
        raw.commit()
        raw.close()
        # Batch k of addresses must belong to batch k of customers (foreign key).
        customer_columns, customers = self.rows["customers"]
        position = {
            r[customer_columns.index("id")]: r[customer_columns.index("number")] for r in customers
        }
        customers.sort(key=lambda r: r[customer_columns.index("number")])
        address_columns, addresses = self.rows["addresses"]
        addresses.sort(key=lambda r: position[r[address_columns.index("customer_id")]])
        self.statements = {}
        for name, (columns, _) in self.rows.items():
            marks = ", ".join([self.mark] * len(columns))
            self.statements[name] = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
        self.org_index = {
            name: columns.index("organisation_id") for name, (columns, _) in self.rows.items()
        }

    def key(self, value: uuid.UUID) -> Any:
        return value.hex if self.sqlite else value

    def count(self) -> int:
        return len(self.rows["customers"][1])

    def run(self, target: SqlDatabase, batch: int) -> None:
        """Insert every row into ``target`` under a new organisation, ``batch`` customers per
        transaction, through a raw DB-API connection of ``target``'s engine."""
        self.begin(target)
        try:
            for start in range(0, self.count(), batch):
                self.write(start, batch)
        finally:
            self.close()

    def begin(self, target: SqlDatabase) -> None:
        """Connect to ``target`` and make the new organisation the rows are written under."""
        self.raw = target.engine.raw_connection()
        self.organisation = self.key(uuid.uuid4())
        cursor = self.raw.cursor()
        self._begin(cursor)
        cursor.execute(f"INSERT INTO organisations (id) VALUES ({self.mark})", (self.organisation,))
        for counter in ("customer_number", "audit_seq"):
            cursor.execute(
                "INSERT INTO counters (organisation_id, name, value) "
                f"VALUES ({self.mark}, {self.mark}, 0)",
                (self.organisation, counter),
            )
        self.raw.commit()

    def write(self, start: int, batch: int) -> None:
        """The rows of customers ``start`` to ``start + batch``, in one transaction."""
        key, size, cursor = self.organisation, self.count(), self.raw.cursor()
        self._begin(cursor)
        for name, (_, rows) in self.rows.items():
            chunk = rows[start : start + batch]
            if not chunk:
                continue
            index = self.org_index[name]
            values = [(*r[:index], key, *r[index + 1 :]) for r in chunk]
            if self.bulk == "COPY":
                self._copy(cursor, self.statements[name], values)
            elif self.bulk == "multi-row INSERT":
                self._multi_row(cursor, self.statements[name], values)
            else:
                cursor.executemany(self.statements[name], values)
        # The counters move as custreg's do: customer numbers, and the audit entries'
        # ``seq`` (schema 0008; the rows keep the numbers custreg gave them).
        for counter in ("customer_number", "audit_seq"):
            cursor.execute(
                f"UPDATE counters SET value = value + {self.mark} "
                f"WHERE organisation_id = {self.mark} AND name = {self.mark}",
                (min(batch, size - start), key, counter),
            )
        self.raw.commit()
        if start == 0 and not self.sqlite:
            self._analyze(cursor)

    def close(self) -> None:
        self.raw.close()

    def _analyze(self, cursor: Any) -> None:
        """ANALYZE after the first batch, as one does after loading into empty tables (and as
        custreg does): PostgreSQL caches its foreign-key check plans per connection, and a plan
        made while the tables looked empty scans them, making the rest of the load quadratic."""
        for name in TABLES:
            cursor.execute(f"ANALYZE {name}")
        self.raw.commit()

    def _copy(self, cursor: Any, statement: str, values: list[tuple[Any, ...]]) -> None:
        """PostgreSQL's COPY FROM STDIN of the same rows (psycopg adapts each value)."""
        table_and_columns = statement.partition(" VALUES ")[0].removeprefix("INSERT INTO ")
        with cursor.copy(f"COPY {table_and_columns} FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)

    def _multi_row(self, cursor: Any, statement: str, values: list[tuple[Any, ...]]) -> None:
        """One INSERT of many rows, as many as SQLite's 32,766 bound parameters allow."""
        head, _, one = statement.partition(" VALUES ")
        per = 32766 // len(values[0])
        for at in range(0, len(values), per):
            part = values[at : at + per]
            flat = [value for row in part for value in row]
            cursor.execute(f"{head} VALUES {', '.join([one] * len(part))}", flat)

    def _begin(self, cursor: Any) -> None:
        if self.sqlite:  # the adapter's connections leave transaction control to the caller
            cursor.execute("BEGIN IMMEDIATE")


def measure(
    engine: str, sizes: Sequence[int], args: argparse.Namespace, tmp: Path
) -> list[list[Any]]:
    """Best of ``args.repeat`` imports per size for custreg and each floor, each run into a
    new, empty database (``--populated``: all into one database that keeps growing)."""
    results = []
    url = args.postgres_url
    for size in sizes:
        records = customer_records(size, OWNER)
        with scratch_database(engine, tmp, "source", url) as source:
            # A first, untimed import gives the floors their rows.
            first = new_registry(source)
            report = import_customers(first, ADMIN, records, batch_size=args.batch)
            assert report.ok and len(report.created) == size, report.errors[:3]
            floors = [Floor(source, first.organisation_id)]
            if engine != "sqlite":
                floors.append(Floor(source, first.organisation_id, bulk="COPY"))
            assert floors[0].count() == size
            if args.populated:
                analyze(source)

            def target(source: SqlDatabase = source) -> Any:
                if args.populated:
                    return nullcontext(source)
                return scratch_database(engine, tmp, "run", url)

            adapter: list[float] = []
            floor_times: list[list[float]] = [[] for _ in floors]
            for _ in range(args.repeat):
                with target() as database:
                    registry = new_registry(database)
                    seconds, report = timed(
                        lambda r=registry, rs=records: import_customers(
                            r, ADMIN, rs, batch_size=args.batch
                        )
                    )
                assert report.ok and len(report.created) == size, report.errors[:3]
                adapter.append(seconds)
                for floor, times in zip(floors, floor_times, strict=True):
                    with target() as database:
                        times.append(timed(lambda f=floor, d=database: f.run(d, args.batch))[0])
        best, best_floor = min(adapter), min(floor_times[0])
        per_customer, over_floor = 1e6 * best / size, 1e6 * (best - best_floor) / size
        by_copy = "-"
        if len(floors) > 1:
            by_copy = f"{best / min(floor_times[1]):.2f} ({min(floor_times[1]):.2f} s)"
        ratio = best / best_floor
        results.append([engine, size, best, best_floor, ratio, per_customer, over_floor, by_copy])
        record("bulk import", engine, size, best, best_floor)
        print(f"  {engine} {size}: {best:.2f}s (floor {best_floor:.2f}s)", file=sys.stderr)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument(
        "--populated",
        action="store_true",
        help="import every run into one database that keeps growing (default: each into a new one)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines.split(","):
            rows += measure(engine, sizes, args, Path(tmp))
    into = "one growing database" if args.populated else "a new database each run"
    print(f"\nBulk import, batches of {args.batch}, best of {args.repeat}, into {into}\n")
    print(
        table(
            [
                "engine",
                "customers",
                "import_customers s",
                "hand-written SQL s",
                "ratio",
                "µs per customer",
                "µs over the floor",
                "ratio to COPY",
            ],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
