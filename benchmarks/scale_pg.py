"""Benchmark: the KPIs, the customer list and the card at 1,000,000 customers on PostgreSQL, with
the plans PostgreSQL chose (``EXPLAIN (ANALYZE, BUFFERS)`` of every statement the library sent).

The KPI benchmark's data (``kpi.Data``: per customer 2 projects, 10 invoices, 20 cost entries)
is generated for ``--base`` customers in Python and loaded as the adapter writes it; it is then
copied ``--factor - 1`` times inside PostgreSQL (``INSERT ... SELECT``, every id mapped through
``md5``, numbers shifted past the originals), so 1M customers / 10M invoices / 20M cost entries
load in minutes instead of hours. Then ANALYZE, and for each job: the library against its
hand-written floor (``kpi.SqlTarget.floor``, ``sql_listing.Floor``), best of ``--repeat``, and
the plan of each statement the library sent, printed with its key lines (scans, joins, sorts,
buffers, execution time).

Usage: python benchmarks/scale_pg.py [--base 100000] [--factor 10] [--repeat 3] [--full-plans]
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from _common import POSTGRES_URL
from _common import best_of
from _common import record
from _common import table
from kpi import ADMIN
from kpi import Data
from kpi import SqlTarget
from kpi import check_floor
from sql_listing import Floor as ListingFloor
from sqlalchemy import event

from custreg.domain.ids import CustomerId
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.usecases.card import financials_tab
from custreg.usecases.card import sales_tab
from custreg.usecases.customers import list_customers
from custreg.usecases.kpis import customer_kpis

#: per table: the id columns to map to new ids (the table's own and its references to copied
#: rows) and the numbers to shift past the originals.
COPIED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "customers": (("id",), ("number",)),
    "projects": (("id", "customer_id"), ("number",)),
    "invoices": (("id", "customer_id"), ("number",)),
    "cost_entries": (("id", "project_id"), ()),
}

#: plan lines worth keeping in the docs.
KEY_WORDS = ("Scan", "Join", "Aggregate", "Sort", "Limit", "Buffers", "Execution Time", "Rows")


def multiply(target: SqlTarget, factor: int) -> None:
    """Copy the organisation's rows ``factor - 1`` times inside PostgreSQL (see the module)."""
    engine = target.database.engine
    org = target.organisation_id
    with engine.begin() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        shifts = {}
        for name, (_, numbers) in COPIED.items():
            for column in numbers:
                cursor.execute(
                    f"SELECT COALESCE(MAX({column}), 0) FROM {name} WHERE organisation_id = %s",
                    (org,),
                )
                shifts[name, column] = cursor.fetchone()[0]
        columns_of = {}
        for name in COPIED:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s "
                "ORDER BY ordinal_position",
                (name,),
            )
            columns_of[name] = [row[0] for row in cursor.fetchall()]
        for k in range(1, factor):
            for name, (ids, numbers) in COPIED.items():
                columns = columns_of[name]
                values = []
                for column in columns:
                    if column in ids:
                        values.append(f"md5('{k}' || {column}::text)::uuid")
                    elif column in numbers:
                        values.append(f"{column} + {k * shifts[name, column]}")
                    elif name == "customers" and column in ("name", "name_search"):
                        shifted = f"number + {k * shifts[name, 'number']}"
                        prefix = "'Customer '" if column == "name" else "'customer '"
                        values.append(f"{prefix} || ({shifted})::text")
                    else:
                        values.append(column)
                started = time.perf_counter()
                cursor.execute(
                    f"INSERT INTO {name} ({', '.join(columns)}) "
                    f"SELECT {', '.join(values)} FROM {name} WHERE organisation_id = %(org)s "
                    f"AND {_original(name, shifts)}",
                    {"org": org},
                )
                print(
                    f"  copy {k}: {name} {cursor.rowcount:,} rows, "
                    f"{time.perf_counter() - started:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _original(name: str, shifts: dict[tuple[str, str], int]) -> str:
    """SQL true for the rows generated in Python (not those copied already); uncorrelated, so
    PostgreSQL hashes the few original ids once instead of probing per row."""
    if name in ("customers", "projects"):
        return f"number <= {shifts[name, 'number']}"
    parent, key = ("customers", "customer_id") if name == "invoices" else ("projects", "project_id")
    return (
        f"{key} IN (SELECT id FROM {parent} WHERE organisation_id = %(org)s "
        f"AND number <= {shifts[parent, 'number']})"
    )


@contextmanager
def statements(target: SqlTarget) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the library sends while the block runs, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        seen.append((statement, parameters))

    engine = target.database.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def plans(target: SqlTarget, sent: Sequence[tuple[str, Any]], full: bool) -> list[str]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of each SELECT in ``sent`` (key lines unless ``full``), on
    a connection of the same engine (whose search path names the benchmark's schema)."""
    lines: list[str] = []
    raw = target.database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in sent:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = [row[0] for row in cursor.fetchall()]
            lines.append("-- " + " ".join(statement.split())[:160] + " ...")
            lines += plan if full else [p for p in plan if any(w in p for w in KEY_WORDS)]
            lines.append("")
        raw.rollback()
    finally:
        raw.close()
    return lines


def measure(
    name: str,
    size: int,
    target: SqlTarget,
    job: Callable[[], Any],
    floor: Callable[[], Any],
    repeat: int,
    full: bool,
) -> tuple[list[Any], list[str]]:
    """One row of the table (library, floor, ratio) and the plans of the library's statements."""
    ours = best_of(job, repeat, warm_up=True)
    theirs = best_of(floor, repeat, warm_up=True)
    record(name, "postgres", size, ours, theirs)
    with statements(target) as sent:
        job()
    return [name, size, 1000 * ours, 1000 * theirs, ours / theirs], plans(target, sent, full)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", type=int, default=100_000, help="customers generated in Python")
    parser.add_argument("--factor", type=int, default=10, help="copies inside PostgreSQL")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--full-plans", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = Data(args.base)
    schema = f"custreg_bench_scale_{uuid.uuid4().hex[:8]}"
    target = SqlTarget("postgres", args.postgres_url, data, schema=schema)
    first = data.customers[len(data.customers) // 2]
    del data
    multiply(target, args.factor)
    size = args.base * args.factor
    print(f"set up {size:,} customers in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    rows: list[list[Any]] = []
    all_plans: list[str] = []
    try:
        registry = target.registry
        kpi_floor = target.floor()
        check_floor(customer_kpis(registry, ADMIN), kpi_floor())
        listing = ListingFloor(target.database, target.organisation_id)
        page = PageRequest(limit=100, offset=0)
        wanted = CustomerQuery(text=f"Customer {size - 7}")
        jobs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
            ("KPIs", lambda: customer_kpis(registry, ADMIN), kpi_floor),
            (
                "list: first page",
                lambda: list_customers(registry, ADMIN, CustomerQuery(), page),
                lambda: listing.page(CustomerQuery(), 0),
            ),
            (
                "list: name search",
                lambda: list_customers(registry, ADMIN, wanted, page),
                lambda: listing.page(wanted, 0),
            ),
        ]
        for name, job, floor in jobs:
            row, lines = measure(name, size, target, job, floor, args.repeat, args.full_plans)
            rows.append(row)
            all_plans += [f"## {name}", *lines]
            print(f"  {name}: {row[2]:.1f} ms (floor {row[3]:.1f} ms)", file=sys.stderr)
        customer_id = CustomerId(first.id)
        for name, tab in (("card: sales", sales_tab), ("card: financials", financials_tab)):
            with statements(target) as sent:
                began = time.perf_counter()
                tab(registry, ADMIN, customer_id)
                elapsed = time.perf_counter() - began
            rows.append([name, size, 1000 * elapsed, "-", "-"])
            all_plans += [f"## {name}", *plans(target, sent, args.full_plans)]
        listing.close()
    finally:
        target.close()
    print()
    print(table(["job", "customers", "custreg ms", "floor ms", "ratio"], rows))
    print()
    print("\n".join(all_plans))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
