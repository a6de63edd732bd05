"""Benchmark: the four KPI figures (K1-K8) of 10,000 / 100,000 customers, per adapter, against the
hand-written SQL floor.

Data per customer: 10 invoices (Draft / Sent / Paid, 5 % credit notes, 5 % unnumbered, two
owners), 2 projects (10 % internal, 30 % closed, every sales state), 20 cost entries (10 per
project); dates spread over 2025-2026, reference date 2026-11-25. Set up with bulk inserts of the
adapter's own row encoding (``custreg.adapters.sql.rows``), then ANALYZE.

Timed: ``customer_kpis(registry, principal)`` for every customer (the whole use case: one read
transaction, settings and four aggregate statements), best of ``--repeat`` runs after one
warm-up. The floor is the fastest hand-written SQL found for the same four figures, in three
statements through the raw DB-API connection (no SQLAlchemy, no transaction setup, and no
condition for the organisation's own internal customer, which the data has none of); its
results are checked against the adapter's. "peak" is the peak of Python allocations
(tracemalloc) during one KPI run: flat in the data size for SQL, because the database aggregates
and Python never loads the rows.

Usage: python benchmarks/kpi.py [--sizes 10000,100000] [--adapters memory,sqlite,postgres]
                                [--repeat 5] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import analyze
from _common import best_of
from _common import chunks
from _common import peak_memory
from _common import record

from custreg.adapters.memory import MemoryStore
from custreg.adapters.system import FixedClock
from custreg.adapters.system import RandomIds
from custreg.bootstrap import open_memory
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import CustomerKpis
from custreg.domain.kpi import KpiPeriods
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.kpis import customer_kpis

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
USERS = (UserId(uuid.UUID(int=1)), UserId(uuid.UUID(int=2)))
DRAFT, SENT, PAID = (InvoiceStatusId(uuid.UUID(int=10 + n)) for n in range(3))
LEAD, WON, LOST = (SalesStatusId(uuid.UUID(int=20 + n)) for n in range(3))
FIRST_DAY, DAYS = date(2025, 1, 1), 730
ADMIN = Principal(USERS[0], CustomerPermission.ALL)
CENT = Decimal("0.01")


def settings(organisation_id: OrganisationId) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id,
        "Benchmark Oy",
        users=tuple(User(u, f"User {n}") for n, u in enumerate(USERS)),
        invoice_statuses=(
            InvoiceStatus(DRAFT, "Draft"),
            InvoiceStatus(SENT, "Sent", is_sent=True, has_number=True),
            InvoiceStatus(PAID, "Paid", is_sent=True, is_paid=True, has_number=True),
        ),
        sales_statuses=(
            SalesStatus(LEAD, "Lead", SalesState.IN_PROGRESS, 20),
            SalesStatus(WON, "Won", SalesState.WON, 100),
            SalesStatus(LOST, "Lost", SalesState.LOST, 0),
        ),
    )


class Data:
    """The generated registry as domain objects (the memory adapter holds exactly these)."""

    def __init__(self, size: int) -> None:
        rnd = random.Random(size)
        self.customers: list[Customer] = []
        self.projects: list[Project] = []
        self.invoices: list[Invoice] = []
        self.costs: list[CostEntry] = []

        def day() -> date:
            return FIRST_DAY + timedelta(days=rnd.randrange(DAYS))

        def cents(low: int, high: int) -> Decimal:
            return Decimal(rnd.randrange(low * 100, high * 100)).scaleb(-2)

        number = 0
        for n in range(size):
            customer = Customer(
                id=CustomerId(uuid.UUID(int=rnd.getrandbits(128))),
                number=CustomerNumber(n + 1),
                name=f"Customer {n + 1}",
                created_at=NOW,
                status=CustomerStatus.ACTIVE if rnd.random() < 0.9 else CustomerStatus.INACTIVE,
                owner_id=rnd.choice(USERS),
            )
            self.customers.append(customer)
            for _ in range(2):
                project = Project(
                    id=ProjectId(uuid.UUID(int=rnd.getrandbits(128))),
                    customer_id=customer.id,
                    number=len(self.projects) + 1,
                    name=f"Project {len(self.projects) + 1}",
                    is_internal=rnd.random() < 0.1,
                    is_closed=rnd.random() < 0.3,
                    sales_status_id=rnd.choice((None, None, LEAD, LEAD, WON, LOST)),
                )
                self.projects.append(project)
                for _ in range(10):
                    self.costs.append(
                        CostEntry(
                            CostEntryId(uuid.UUID(int=rnd.getrandbits(128))),
                            project.id,
                            rnd.choice(tuple(CostKind)),
                            day(),
                            Money(cents(1, 1000), "EUR"),
                        )
                    )
            for _ in range(10):
                status = rnd.choice((DRAFT, SENT, SENT, PAID, PAID))
                credit = rnd.random() < 0.05
                amount = cents(10, 10_000) * (-1 if credit else 1)
                numbered = status != DRAFT and rnd.random() < 0.95
                number += numbered
                self.invoices.append(
                    Invoice(
                        id=InvoiceId(uuid.UUID(int=rnd.getrandbits(128))),
                        customer_id=customer.id,
                        status_id=status,
                        on=day(),
                        total_excl_vat=Money(amount, "EUR"),
                        total_incl_vat=Money((amount * Decimal("1.255")).quantize(CENT), "EUR"),
                        number=number if numbered else None,
                        is_credit_note=credit,
                        owner_id=rnd.choice(USERS),
                    )
                )


# -- the adapters under test ---------------------------------------------------------------------


class Target:
    """One adapter with the data loaded."""

    name: str
    registry: Registry

    def floor(self) -> Callable[[], tuple[Any, ...]] | None:
        """The hand-written SQL doing the same job, or None (memory has no floor)."""
        return None

    def close(self) -> None:
        pass


class MemoryTarget(Target):
    name = "memory"

    def __init__(self, data: Data) -> None:
        organisation_id = OrganisationId(uuid.uuid4())
        store = MemoryStore()
        # Bulk load: straight into the committed tables (uow.add checks numbers one by one).
        for table, items in (
            ("customers", data.customers),
            ("projects", data.projects),
            ("invoices", data.invoices),
            ("cost_entries", data.costs),
        ):
            store.tables[table] = {item.id: item for item in items}
        self.registry = open_memory(
            organisation_id, settings(organisation_id), FixedClock(NOW), RandomIds(), store
        )


class SqlTarget(Target):
    def __init__(self, name: str, url: str, data: Data, schema: str | None = None) -> None:
        from custreg.adapters.sql import SqlDatabase
        from custreg.adapters.sql import rows as r
        from custreg.adapters.sql import tables as t

        self.name = name
        self.database = SqlDatabase(url, schema=schema)
        organisation_id = OrganisationId(uuid.uuid4())
        self.organisation_id = organisation_id
        self.registry = registry_of(
            self.database,
            organisation_id,
            settings=settings(organisation_id),
            clock=FixedClock(NOW),
        )
        org = organisation_id
        loads: Sequence[tuple[Any, Iterator[dict[str, Any]]]] = (
            (t.customers, (r.customer_row(org, c) for c in data.customers)),
            (t.projects, (r.project_row(org, p) for p in data.projects)),
            (t.invoices, (r.invoice_row(org, i) for i in data.invoices)),
            (t.cost_entries, (r.cost_row(org, e) for e in data.costs)),
        )
        engine = self.database.engine
        # One transaction per chunk: on PostgreSQL a single transaction loading millions of rows
        # with foreign keys grows worse than linearly (10k customers: 522 s, against 28 s).
        for table, rows in loads:
            for chunk in chunks(rows):
                with engine.begin() as connection:
                    connection.execute(table.insert(), chunk)
        analyze(self.database)

    def floor(self) -> Callable[[], tuple[Any, ...]]:
        """Three hand-written statements (money figures, active customers, prospects)."""
        postgres = self.database.engine.dialect.name == "postgresql"
        p = "%s" if postgres else "?"
        true, false = ("true", "false") if postgres else ("1", "0")
        org: Any = self.organisation_id if postgres else self.organisation_id.hex
        periods = KpiPeriods.around(DAY)
        year, this, last = periods.this_year, periods.this_month, periods.last_month
        billed = (
            f"FROM invoices i WHERE i.organisation_id = {p} AND i.number IS NOT NULL "
            "AND i.status_id IN (SELECT id FROM invoice_statuses "
            f"WHERE organisation_id = {p} AND is_sent = {true})"
        )
        in_state = (
            "IN (SELECT id FROM sales_statuses WHERE organisation_id = {p} AND state = '{state}')"
        )
        billing = f"(SELECT COALESCE(SUM(i.total_excl_vat_units), 0) {billed} "
        billing += f"AND i.on_date >= {p} AND i.on_date < {p})"
        costs = (
            "(SELECT COALESCE(SUM(e.amount_units), 0) FROM cost_entries e "
            f"WHERE e.organisation_id = {p} AND e.on_date >= {p} AND e.on_date < {p}{{}})"
        )
        internal = (
            f" AND e.project_id IN (SELECT id FROM projects WHERE organisation_id = {p} "
            f"AND is_internal = {true})"
        )
        statements = [
            (
                # The money figures in one statement: one index range per billing period (the
                # months are small ranges; a conditional sum over the year's rows is twice as
                # slow on SQLite), and the cost as all costs of the year minus the few on
                # internal projects (no probe of every entry against the many counted ones).
                f"SELECT {billing}, {costs.format('')} - {costs.format(internal)}, "
                f"{billing}, {billing}",
                (
                    *(org, org, year.start, year.end),
                    *(org, year.start, year.end, org, year.start, year.end, org),
                    *(org, org, this.start, this.end),
                    *(org, org, last.start, last.end),
                ),
            ),
            (
                "SELECT COUNT(DISTINCT customer_id) FROM projects "
                f"WHERE organisation_id = {p} AND is_closed = {false} AND is_internal = {false}",
                (org,),
            ),
            (
                "SELECT COUNT(DISTINCT pr.customer_id) FROM projects pr "
                f"WHERE pr.organisation_id = {p} AND pr.is_closed = {false} "
                f"AND pr.is_internal = {false} "
                f"AND pr.sales_status_id {in_state.format(p=p, state='in_progress')} "
                "AND NOT EXISTS (SELECT 1 FROM invoices i "
                f"WHERE i.organisation_id = {p} AND i.customer_id = pr.customer_id "
                "AND i.number IS NOT NULL AND i.status_id IN (SELECT id FROM invoice_statuses "
                f"WHERE organisation_id = {p} AND is_sent = {true})) "
                "AND NOT EXISTS (SELECT 1 FROM projects w "
                f"WHERE w.organisation_id = {p} AND w.customer_id = pr.customer_id "
                f"AND w.sales_status_id {in_state.format(p=p, state='won')})",
                (org, org, org, org, org, org),
            ),
        ]
        if not postgres:  # the SQLite adapter stores dates as ISO text
            statements = [
                (sql, tuple(v.isoformat() if isinstance(v, date) else v for v in args))
                for sql, args in statements
            ]
        raw = self.database.engine.raw_connection()
        self._raw = raw

        def run() -> tuple[Any, ...]:
            cursor = raw.cursor()
            results: list[Any] = []
            for sql, args in statements:
                cursor.execute(sql, args)
                results.extend(cursor.fetchone())
            cursor.close()
            raw.rollback()
            return tuple(results)

        return run

    def close(self) -> None:
        raw = getattr(self, "_raw", None)
        if raw is not None:
            raw.close()
        self.database.dispose(drop_schema=True)


# -- measuring -----------------------------------------------------------------------------------


def check_floor(kpis: CustomerKpis, floor: tuple[Any, ...]) -> None:
    """The floor must compute the same figures, or the comparison means nothing."""
    margin, billing = kpis.margin_this_year, kpis.billing_this_month
    assert margin is not None and billing is not None
    scale = Decimal(10_000)
    got = (
        Decimal(int(floor[0])) / scale,
        Decimal(int(floor[1])) / scale,
        Decimal(int(floor[2])) / scale,
        Decimal(int(floor[3])) / scale,
        floor[4],
        floor[5],
    )
    expected = (
        margin.billing.amount,
        margin.total_cost.amount,
        billing.this_month.amount,
        billing.last_month.amount,
        kpis.active_customers,
        kpis.prospects,
    )
    if got != expected:
        raise SystemExit(f"floor and adapter disagree: {got} != {expected}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="customer counts, comma-separated")
    parser.add_argument("--adapters", default="memory,sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    adapters = args.adapters.split(",")

    header = (
        f"{'customers':>9} {'adapter':<8} {'KPIs ms':>9} {'floor ms':>9} {'ratio':>6} "
        f"{'peak KiB':>9} {'setup s':>8}"
    )
    print(header)
    print("-" * len(header))
    results: list[CustomerKpis] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            data = Data(size)
            for adapter in adapters:
                started = time.perf_counter()
                if adapter == "memory":
                    target: Target = MemoryTarget(data)
                elif adapter == "sqlite":
                    path = Path(tmp) / f"kpi-{size}.db"
                    target = SqlTarget(adapter, f"sqlite:///{path}", data)
                elif adapter == "postgres":
                    schema = f"custreg_bench_kpi_{size}_{uuid.uuid4().hex[:8]}"
                    target = SqlTarget(adapter, args.postgres_url, data, schema=schema)
                else:
                    parser.error(f"unknown adapter {adapter!r}")
                setup = time.perf_counter() - started
                try:

                    def job(registry: Registry = target.registry) -> CustomerKpis:
                        return customer_kpis(registry, ADMIN)

                    kpis = job()
                    if results and figures(results[-1]) != figures(kpis):
                        raise SystemExit(f"{adapter} disagrees with the previous adapter")
                    results.append(kpis)
                    elapsed = best_of(job, args.repeat, warm_up=True)
                    peak = peak_memory(job)
                    floor_job = target.floor()
                    if floor_job is not None:
                        check_floor(kpis, floor_job())
                        floor = best_of(floor_job, args.repeat, warm_up=True)
                        floor_text, ratio = f"{floor * 1000:9.1f}", f"{elapsed / floor:6.2f}"
                    else:
                        floor, floor_text, ratio = None, f"{'-':>9}", f"{'-':>6}"
                    record("KPIs", adapter, size, elapsed, floor)
                    print(
                        f"{size:>9} {adapter:<8} {elapsed * 1000:9.1f} {floor_text} {ratio} "
                        f"{peak / 1024:9.1f} {setup:8.1f}",
                        flush=True,
                    )
                finally:
                    target.close()
            results.clear()
            del data
            gc.collect()
    return 0


def figures(kpis: CustomerKpis) -> tuple[Any, ...]:
    margin, billing = kpis.margin_this_year, kpis.billing_this_month
    assert margin is not None and billing is not None
    return (margin, billing.this_month, billing.last_month, kpis.active_customers, kpis.prospects)


if __name__ == "__main__":
    sys.exit(main())
