"""Benchmark: bulk-recording invoices (``record_invoices``) against a hand-written ``executemany``
INSERT of the same rows, on SQLite and PostgreSQL.

The organisation has 1,000 customers with two projects each and an invoice status per Sent flag.
Each row is an invoice of one customer, dated in 2026, numbered, with totals excl. and incl. VAT,
a third of them billing one project of the customer, a tenth credit notes. The use case checks
every row (customer, status, owner, projects of that customer, currency, signs), builds the
invoices, inserts them and their project links with one bulk statement each, writes one audit
entry per invoice (one more bulk statement) and commits once: all or nothing.

The floor is what a competent engineer writes by hand through the raw DB-API connection: the
rows already as plain tuples (ids, integer minor units), one ``executemany`` INSERT into
``invoices`` and one into ``invoice_projects``, one transaction, no checks, no audit. A second
floor also inserts one audit row per invoice (its JSON built beforehand), as the use case
does: the rows it writes, minus the checking, building and rendering. Each timed run records
new invoices into the same organisation (the tables grow across runs, for all of them), the use
case and the floors interleaved run by run.

Usage: python benchmarks/data_entry.py [--sizes 10000,100000] [--engines sqlite,postgres]
                                       [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import uuid
from collections.abc import Sequence
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import POSTGRES_URL
from _common import analyze
from _common import record
from _common import scratch_database
from _common import table
from _common import timed

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql.rows import AUDIT_COLUMNS
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.entry import NewInvoice
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.project import Project
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.invoices import record_invoices

OWNER = UserId(uuid.UUID(int=1))
ADMIN = Principal(OWNER, CustomerPermission.ALL)
SENT = InvoiceStatusId(uuid.UUID(int=10))
DRAFT = InvoiceStatusId(uuid.UUID(int=11))
CUSTOMERS = 1000
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
COLUMNS = (
    "organisation_id",
    "id",
    "customer_id",
    "status_id",
    "on_date",
    "total_excl_vat_units",
    "total_excl_vat_exponent",
    "total_incl_vat_units",
    "total_incl_vat_exponent",
    "currency",
    "number",
    "is_credit_note",
    "owner_id",
)


def world(database: SqlDatabase) -> tuple[Registry, list[tuple[CustomerId, list[ProjectId]]]]:
    """An organisation with CUSTOMERS customers of two projects each."""
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(
        organisation_id,
        "Ledger Oy",
        users=(User(OWNER, "Owner"),),
        invoice_statuses=(
            InvoiceStatus(SENT, "Sent", is_sent=True, has_number=True),
            InvoiceStatus(DRAFT, "Draft"),
        ),
    )
    registry = registry_of(database, organisation_id, settings=settings)
    customers = [
        Customer(CustomerId(uuid.uuid4()), CustomerNumber(n), f"Customer {n}", NOW)
        for n in range(1, CUSTOMERS + 1)
    ]
    layout: list[tuple[CustomerId, list[ProjectId]]] = []
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.customers.next_numbers(CUSTOMERS)
        for customer in customers:
            projects = [
                Project(ProjectId(uuid.uuid4()), customer.id, uow.projects.next_number(), "P")
                for _ in range(2)
            ]
            for project in projects:
                uow.projects.add(project)
            layout.append((customer.id, [p.id for p in projects]))
        uow.commit()
    return registry, layout


def rows(size: int, layout: list[tuple[CustomerId, list[ProjectId]]]) -> list[NewInvoice]:
    """``size`` ledger rows as a host hands them over."""
    start = date(2026, 1, 1)
    result = []
    for n in range(size):
        customer_id, projects = layout[n % len(layout)]
        credit = n % 10 == 9
        sign = -1 if credit else 1
        excl = Decimal(sign * (100 + n % 9000)) + Decimal("0.50")
        result.append(
            NewInvoice(
                customer_id=customer_id,
                status_id=SENT if n % 4 else DRAFT,
                on=start + timedelta(days=n % 330),
                total_excl_vat=Money(excl, "EUR"),
                total_incl_vat=Money(excl * Decimal("1.255"), "EUR"),
                number=n + 1,
                project_ids=(projects[n % 2],) if n % 3 == 0 else (),
                is_credit_note=credit,
                owner_id=OWNER,
            )
        )
    return result


class Floor:
    """The same rows as plain tuples, inserted by one executemany per table; ``audit``: also
    one audit row per invoice (the rows the use case writes besides, JSON built beforehand)."""

    def __init__(self, database: SqlDatabase, organisation_id: uuid.UUID, audit: bool) -> None:
        self.database = database
        self.sqlite = database.engine.dialect.name == "sqlite"
        self.organisation = organisation_id
        self.audit = audit
        mark = "?" if self.sqlite else "%s"
        self.invoice_sql = (
            f"INSERT INTO invoices ({', '.join(COLUMNS)}) VALUES ({', '.join([mark] * 13)})"
        )
        self.link_sql = (
            "INSERT INTO invoice_projects (organisation_id, invoice_id, project_id) "
            f"VALUES ({mark}, {mark}, {mark})"
        )
        # ``seq`` numbers the organisation's entries (part of the key): the floor counts from far
        # above the numbers the use case draws, as a host keeping its own counter would.
        self.seq = itertools.count(10**12)
        self.audit_sql = (
            f"INSERT INTO audit_entries ({', '.join(AUDIT_COLUMNS)}, seq) "
            f"VALUES ({', '.join([mark] * (len(AUDIT_COLUMNS) + 1))})"
        )

    def key(self, value: uuid.UUID | None) -> Any:
        if value is None:
            return None
        return value.hex if self.sqlite else value

    def prepare(self, items: Sequence[NewInvoice]) -> list[tuple[str, list[Any]]]:
        """Statements and tuples as the driver takes them (built before the clock starts)."""
        org = self.key(self.organisation)
        at = NOW.replace(tzinfo=None).isoformat(" ") if self.sqlite else NOW
        invoices, links, audit = [], [], []
        for item in items:
            invoice_id = uuid.uuid4()
            key = self.key(invoice_id)
            excl, incl = item.total_excl_vat, item.total_incl_vat
            assert isinstance(excl, Money) and isinstance(incl, Money)
            invoices.append(
                (
                    org,
                    key,
                    self.key(item.customer_id),
                    self.key(item.status_id),
                    item.on.isoformat() if self.sqlite else item.on,
                    int(excl.amount.scaleb(4)),
                    -2,
                    int(incl.amount.scaleb(4)),
                    int(incl.amount.as_tuple().exponent),
                    "EUR",
                    item.number,
                    int(item.is_credit_note) if self.sqlite else item.is_credit_note,
                    self.key(item.owner_id),
                )
            )
            links += [(org, key, self.key(p)) for p in item.project_ids]
            if self.audit:
                after = {"id": str(invoice_id), "customer_id": str(item.customer_id)}
                audit.append(
                    (
                        org,
                        self.key(uuid.uuid4()),
                        at,
                        self.key(OWNER),
                        "create",
                        "invoice",
                        key,
                        "*",
                        "null",
                        json.dumps(after | {"on": item.on.isoformat(), "total": str(excl)}),
                        None,
                        next(self.seq),
                    )
                )
        work = [(self.invoice_sql, invoices), (self.link_sql, links)]
        return [*work, (self.audit_sql, audit)] if self.audit else work

    def run(self, work: list[tuple[str, list[Any]]]) -> None:
        raw = self.database.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if self.sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            for sql, values in work:
                cursor.executemany(sql, values)
            raw.commit()
        finally:
            raw.close()


def _best(
    registry: Registry, items: list[NewInvoice], floors: list[Floor], repeat: int
) -> tuple[float, list[float]]:
    """Best of ``repeat`` for the use case and each floor, interleaved run by run."""
    ours: list[float] = []
    theirs: list[list[float]] = [[] for _ in floors]
    for _ in range(repeat):
        seconds, recorded = timed(lambda: record_invoices(registry, ADMIN, items))
        assert len(recorded) == len(items)
        ours.append(seconds)
        for floor, times in zip(floors, theirs, strict=True):
            work = floor.prepare(items)
            times.append(timed(lambda f=floor, w=work: f.run(w))[0])
    return min(ours), [min(t) for t in theirs]


def measure(engine: str, sizes: Sequence[int], args: argparse.Namespace, tmp: Path) -> list[Any]:
    results = []
    for size in sizes:
        with scratch_database(engine, tmp, "entry", args.postgres_url) as database:
            registry, layout = world(database)
            floors = [Floor(database, registry.organisation_id, audit) for audit in (False, True)]
            items = rows(size, layout)
            recorded = record_invoices(registry, ADMIN, items)  # warm up, fills the tables
            assert len(recorded) == size
            for floor in floors:
                floor.run(floor.prepare(items))
            analyze(database)
            best, (plain, audited) = _best(registry, items, floors, args.repeat)
        results.append(
            [engine, size, best, plain, best / plain, audited, best / audited, 1e6 * best / size]
        )
        record("bulk invoice entry", engine, size, best, plain)
        print(f"  {engine} {size}: {best:.2f}s (floor {plain:.2f}s)", file=sys.stderr)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: list[Any] = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines.split(","):
            results += measure(engine, sizes, args, Path(tmp))
    print(f"\nBulk-recording invoices, one transaction, best of {args.repeat}\n")
    headers = [
        "engine",
        "invoices",
        "record_invoices s",
        "executemany s",
        "ratio",
        "executemany + audit rows s",
        "ratio",
        "µs per invoice",
    ]
    print(table(headers, results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
