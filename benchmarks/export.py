"""Benchmark: exporting the built-in reports of 100,000 customers / 300,000 contacts to CSV and
XLSX (time, peak memory), against a hand-written SQL query writing the same CSV with ``csv``.

Data per customer: a headquarters address, 3 contacts (one in ten with its own address, one or two
email addresses, phones, roles, keywords), an owner, an industry and 0-2 market segments. Set up
with bulk inserts of the adapter's own row encoding (``custreg.adapters.sql.rows``), then ANALYZE.

Timed (best of ``--repeat``, after one warm-up at the smallest size only):
- ``contacts csv`` / ``contacts xlsx``: ``run_report(..., builtin_report("contacts"), sink)``, the
  Contacts & addresses report (one row per contact, all its emails) through the whole stack:
  chunked keyset SELECTs, presentation, formula neutralisation, the exporter;
- ``customers csv`` / ``customers xlsx``: the Customers report with the billing column;
- ``floor``: ONE hand-written SELECT of the contacts report's columns through the raw DB-API
  connection, rows formatted and written with ``csv.writer`` in the same loop (json lists joined,
  formula cells neutralised). Its file is compared byte for byte with the ``contacts csv`` file,
  so both do the same job.
"peak MiB" is the peak of Python allocations (tracemalloc, a separate run): it stays flat when the
size grows because rows stream in chunks of ``DEFAULT_CHUNK_SIZE``.

Usage: python benchmarks/export.py [--scale 1.0] [--adapters sqlite,postgres] [--repeat 1]
                                   [--no-memory] [--postgres-url URL] [--jobs "contacts csv"]
``--scale 0.1`` runs 10,000 customers / 30,000 contacts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import best_of
from _common import chunks
from _common import peak_memory

from custreg.adapters.exports import CsvSink
from custreg.adapters.exports import XlsxSink
from custreg.adapters.system import FixedClock
from custreg.bootstrap import registry_of
from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.reports import builtin_report
from custreg.domain.settings import Industry
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.ports.reports import ReportSink
from custreg.usecases.reports import run_report

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
USERS = tuple(UserId(uuid.UUID(int=1 + n)) for n in range(5))
INDUSTRIES = tuple(IndustryId(uuid.UUID(int=100 + n)) for n in range(8))
SEGMENTS = tuple(MarketSegmentId(uuid.UUID(int=200 + n)) for n in range(6))
ADMIN = Principal(USERS[0], CustomerPermission.ALL)
FIRST = ("Anna", "Bo", "Cecilia", "David", "Eeva", "Frans", "Gunnar", "Helmi", "Ilkka", "Jonna")
LAST = ("Virtanen", "Korhonen", "Nieminen", "Mäkinen", "Hansen", "Johansson", "Berg", "Lind")
CITIES = ("Helsinki", "Espoo", "Tampere", "Oslo", "Stockholm", "Göteborg", "Århus")
FORMS = ("Oy", "Ab", "AS", "AB", "ApS", "GmbH", "Ltd")


def settings(organisation_id: OrganisationId) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id,
        "Benchmark Oy",
        users=tuple(User(u, f"User {n}") for n, u in enumerate(USERS)),
        industries=tuple(Industry(i, f"Industry {n}") for n, i in enumerate(INDUSTRIES)),
        market_segments=tuple(MarketSegment(s, f"Segment {n}") for n, s in enumerate(SEGMENTS)),
    )


class Data:
    """The generated registry as domain objects."""

    def __init__(self, customers: int) -> None:
        rnd = random.Random(customers)
        self.customers: list[Customer] = []
        self.addresses: list[Address] = []
        self.contacts: list[Contact] = []

        def new_id() -> uuid.UUID:
            return uuid.UUID(int=rnd.getrandbits(128))

        for n in range(customers):
            customer_id = CustomerId(new_id())
            hq = Address(
                AddressId(new_id()), customer_id, "FI", (f"Katu {n % 97 + 1}",),
                f"{n % 99999:05d}", rnd.choice(CITIES), frozenset({AddressKind.VISITING}), 1,
            )
            self.addresses.append(hq)
            self.customers.append(
                Customer(
                    id=customer_id,
                    number=CustomerNumber(n + 1),
                    name=f"Company {n + 1} {rnd.choice(FORMS)}",
                    created_at=NOW,
                    owner_id=rnd.choice(USERS),
                    industry_id=rnd.choice(INDUSTRIES),
                    market_segment_ids=frozenset(rnd.sample(SEGMENTS, rnd.randrange(3))),
                    headquarters_address_id=hq.id,
                )
            )
            for k in range(3):
                own = None
                if rnd.random() < 0.1:
                    own = Address(
                        AddressId(new_id()), customer_id, "SE", (f"Gatan {k + 1}",), "11122",
                        "Stockholm", frozenset({AddressKind.POSTAL}), 2 + k,
                    )
                    self.addresses.append(own)
                first, last = rnd.choice(FIRST), rnd.choice(LAST)
                emails = [f"{first.lower()}.{n}.{k}@example.com"]
                if rnd.random() < 0.5:
                    emails.append(f"{first.lower()}{k}@company{n}.fi")
                self.contacts.append(
                    Contact(
                        ContactId(new_id()), customer_id, first, last,
                        title=rnd.choice((None, "CEO", "CFO", "Buyer")),
                        emails=emails,
                        phones=(f"+358 40 {n:07d}",),
                        roles=frozenset(rnd.sample(("Buyer", "Decision maker", "User"), 1)),
                        keywords=frozenset(rnd.sample(("newsletter", "vip", "event"), 1)),
                        address_id=own.id if own else None,
                    )
                )


class Target:
    """One SQL database with the data loaded."""

    def __init__(self, name: str, url: str, data: Data, schema: str | None = None) -> None:
        from custreg.adapters.sql import SqlDatabase
        from custreg.adapters.sql import rows as r
        from custreg.adapters.sql import tables as t

        self.name = name
        self.database = SqlDatabase(url, schema=schema)
        org = OrganisationId(uuid.uuid4())
        self.organisation_id = org
        self.registry: Registry = registry_of(
            self.database, org, settings=settings(org), clock=FixedClock(NOW)
        )
        loads: Sequence[tuple[Any, Iterator[dict[str, Any]]]] = (
            (t.customers, (r.customer_row(org, c) for c in data.customers)),
            (t.customer_segments, (s for c in data.customers for s in r.segment_rows(org, c))),
            (t.addresses, (r.address_row(org, a) for a in data.addresses)),
            (t.contacts, (r.contact_row(org, c) for c in data.contacts)),
            (t.contact_keywords, (k for c in data.contacts for k in r.keyword_rows(org, c))),
        )
        with self.database.engine.begin() as connection:
            for table, rows in loads:
                for chunk in chunks(rows):
                    connection.execute(table.insert(), chunk)
        with self.database.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

    def floor(self, path: Path) -> Callable[[], int]:
        """The contacts report as one hand-written SELECT written with csv.writer."""
        postgres = self.database.engine.dialect.name == "postgresql"
        p = "%s" if postgres else "?"
        collate = ' COLLATE "C"' if postgres else ""
        org: Any = self.organisation_id if postgres else self.organisation_id.hex
        sql = (
            "SELECT c.number, c.name, k.first_name, k.last_name, k.title, k.emails, k.phones, "
            "k.roles, k.active, COALESCE(o.lines, h.lines), "
            "CASE WHEN o.id IS NULL THEN h.postal_code ELSE o.postal_code END, "
            "CASE WHEN o.id IS NULL THEN h.city ELSE o.city END, "
            "CASE WHEN o.id IS NULL THEN h.country ELSE o.country END "
            "FROM contacts k JOIN customers c ON c.organisation_id = k.organisation_id "
            "AND c.id = k.customer_id "
            "LEFT JOIN addresses h ON h.organisation_id = c.organisation_id "
            "AND h.id = c.headquarters_address_id "
            "LEFT JOIN addresses o ON o.organisation_id = k.organisation_id "
            "AND o.id = k.address_id "
            # X2: active and inactive contacts, with their status
            f"WHERE k.organisation_id = {p} AND k.deleted_at IS NULL "
            f"ORDER BY c.number, k.last_name{collate}, k.first_name{collate}, k.id"
        )
        header = builtin_report("contacts").columns
        labels = _labels(self.registry, header)

        def text(value: Any) -> str:
            if value is None:
                return ""
            return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

        def run() -> int:
            raw = self.database.engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute(sql, (org,))
                written = 0
                with path.open("w", encoding="utf-8", newline="") as stream:
                    writer = csv.writer(stream, lineterminator="\r\n")
                    writer.writerow(labels)
                    while rows := cursor.fetchmany(5000):
                        writer.writerows(
                            (
                                number, text(name), text(first), text(last), text(title),
                                text("; ".join(json.loads(emails))),
                                text("; ".join(sorted(json.loads(phones)))),
                                text("; ".join(sorted(json.loads(roles)))),
                                "active" if active else "inactive",
                                text(", ".join(json.loads(lines)) or None) if lines else "",
                                text(postal), text(city), text(country),
                            )
                            for (
                                number, name, first, last, title, emails, phones, roles, active,
                                lines, postal, city, country,
                            ) in rows
                        )
                        written += len(rows)
                cursor.close()
                raw.rollback()
                return written
            finally:
                raw.close()

        return run

    def close(self) -> None:
        self.database.dispose(drop_schema=True)


def _labels(registry: Registry, keys: Sequence[str]) -> list[str]:
    from custreg.domain.reports import column_catalogue
    from custreg.usecases.settings import get_settings

    catalogue = column_catalogue(builtin_report("contacts").level, get_settings(registry))
    return [catalogue[k].label for k in keys]


def export(registry: Registry, report: str, kind: str, path: Path) -> Callable[[], int]:
    definition = builtin_report(report, with_money=True)

    def run() -> int:
        if kind == "xlsx":
            sink: ReportSink = XlsxSink(path)
            return run_report(registry, ADMIN, definition, sink).rows
        with path.open("w", encoding="utf-8", newline="") as stream:
            return run_report(registry, ADMIN, definition, CsvSink(stream)).rows

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 customers")
    parser.add_argument("--adapters", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument(
        "--jobs", default="contacts csv,contacts xlsx,customers csv,customers xlsx",
        help="comma-separated jobs to time (the floor always runs)",
    )
    args = parser.parse_args(argv)
    customers = max(10, int(100_000 * args.scale))
    started = time.perf_counter()
    data = Data(customers)
    print(
        f"{customers:,} customers, {len(data.contacts):,} contacts "
        f"(generated in {time.perf_counter() - started:.1f}s)"
    )
    header = (
        f"{'adapter':<8} {'job':<15} {'rows':>8} {'time s':>8} {'rows/s':>9} {'vs floor':>8} "
        f"{'peak MiB':>9} {'file MiB':>9}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for adapter in args.adapters.split(","):
            started = time.perf_counter()
            if adapter == "sqlite":
                target = Target(adapter, f"sqlite:///{folder / 'export.db'}", data)
            elif adapter == "postgres":
                schema = f"custreg_bench_export_{uuid.uuid4().hex[:8]}"
                target = Target(adapter, args.postgres_url, data, schema=schema)
            else:
                parser.error(f"unknown adapter {adapter!r}")
            print(f"{adapter}: loaded in {time.perf_counter() - started:.1f}s", flush=True)
            try:
                floor_path = folder / "floor.csv"
                floor_job = target.floor(floor_path)
                floor_rows = floor_job()
                floor = best_of(floor_job, args.repeat)
                jobs = [
                    ("contacts csv", export(target.registry, "contacts", "csv",
                                            folder / "contacts.csv")),
                    ("contacts xlsx", export(target.registry, "contacts", "xlsx",
                                             folder / "contacts.xlsx")),
                    ("customers csv", export(target.registry, "customers", "csv",
                                             folder / "customers.csv")),
                    ("customers xlsx", export(target.registry, "customers", "xlsx",
                                              folder / "customers.xlsx")),
                ]
                wanted = {j.strip() for j in args.jobs.split(",")}
                jobs = [(name, job) for name, job in jobs if name in wanted]
                _row(adapter, "floor (SQL+csv)", floor_rows, floor, floor,
                     None if args.no_memory else peak_memory(floor_job) / 2**20, floor_path)
                for name, job in jobs:
                    rows = job()
                    same = (folder / "contacts.csv").read_bytes() == floor_path.read_bytes()
                    if name == "contacts csv" and not same:
                        ours = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
                        theirs = floor_path.read_text(encoding="utf-8").splitlines()
                        pairs = enumerate(zip(ours, theirs, strict=False))
                        first = next(
                            (i for i, (a, b) in pairs if a != b), min(len(ours), len(theirs))
                        )
                        raise SystemExit(
                            "the floor and the report wrote different files; first difference "
                            f"at line {first + 1}:\n  report: {ours[first:first + 1]}\n"
                            f"  floor:  {theirs[first:first + 1]}"
                        )
                    elapsed = best_of(job, args.repeat)
                    peak = None if args.no_memory else peak_memory(job) / 2**20
                    path = folder / name.replace(" ", ".")
                    _row(adapter, name, rows, elapsed, floor if "contacts" in name else None,
                         peak, path)
            finally:
                target.close()
    return 0


def _row(
    adapter: str, job: str, rows: int, elapsed: float, floor: float | None,
    peak: float | None, path: Path,
) -> None:
    ratio = f"{elapsed / floor:8.2f}" if floor else f"{'-':>8}"
    peak_text = f"{peak:9.1f}" if peak is not None else f"{'-':>9}"
    size = os.path.getsize(path) / 2**20 if path.exists() else 0.0
    print(
        f"{adapter:<8} {job:<15} {rows:>8,} {elapsed:8.2f} {rows / elapsed:9,.0f} {ratio} "
        f"{peak_text} {size:9.1f}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
