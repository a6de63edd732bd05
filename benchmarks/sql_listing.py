"""Benchmark: customer listing and search pages (``list_customers``, C6) against hand-written SQL,
on SQLite and PostgreSQL, with 10,000 and 100,000 customers.

Each operation asks for one page of 100 customers and the total number of matches: the first
page, a page in the middle, a name search (about 1 % of the customers match), a VAT number
lookup, owner + status, and a market segment. The use case opens a unit of work, selects the page
with each customer's segment ids (aggregated by a correlated subquery) and, for a query likely
to fill pages (no text search), the number of matches; a search counts them only when the page
does not tell their number (neither full nor empty); then it builds the Customer entities. The
floor is hand-written SQL through the raw DB-API connection doing the same one or two statements
in one transaction and returning plain tuples (no entities); the two must return the same
customers.

Usage: python benchmarks/sql_listing.py [--sizes 10000,100000] [--engines sqlite,postgres]
                                        [--repeat 15]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections.abc import Callable
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import POSTGRES_URL
from _common import analyze
from _common import best_of
from _common import fi_business_ids
from _common import record
from _common import scratch_database
from _common import table

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import CustomerId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.query import compact_id
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.ports.registry import Registry
from custreg.usecases.customers import list_customers

USERS = [UserId(uuid.UUID(int=n)) for n in range(1, 6)]
SEGMENTS = [MarketSegmentId(uuid.UUID(int=100 + n)) for n in range(5)]
READER = Principal(USERS[0], CustomerPermission.READ_ONLY)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WORDS = [f"w{n:03d}x" for n in range(100)]
PAGE = 100


def populate(database: SqlDatabase, size: int) -> tuple[Registry, list[Customer]]:
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(
        organisation_id,
        "Listing Oy",
        users=tuple(User(u, f"User {n}") for n, u in enumerate(USERS)),
        market_segments=tuple(MarketSegment(s, f"Segment {n}") for n, s in enumerate(SEGMENTS)),
    )
    registry = registry_of(database, organisation_id, settings=settings)
    vats = fi_business_ids(size // 2 + 1)
    customers = [
        Customer(
            id=CustomerId(uuid.uuid4()),
            number=CustomerNumber(n),
            name=f"Company {n} {WORDS[n % len(WORDS)]} Oy",
            created_at=NOW,
            status=CustomerStatus.INACTIVE if n % 10 == 0 else CustomerStatus.ACTIVE,
            vat_number=VatNumber(f"FI{vats[n // 2]}") if n % 2 == 0 else None,
            email=EmailAddress(f"info@company{n}.fi") if n % 3 == 0 else None,
            owner_id=USERS[n % len(USERS)],
            market_segment_ids=frozenset(SEGMENTS[(n + k) % 5] for k in range(n % 3)),
        )
        for n in range(1, size + 1)
    ]
    for start in range(0, size, 5000):
        with registry.uow() as uow:
            uow.customers.add_many(customers[start : start + 5000])
            uow.commit()
    analyze(database)
    return registry, customers


class Floor:
    """Count, page and segment links by hand, through the raw DB-API connection."""

    COLUMNS = (
        "c.id, c.number, c.name, c.created_at, c.created_by, c.updated_at, c.updated_by, "
        "c.status, c.vat_number, c.business_id_country, c.business_id, c.website, c.email, "
        "c.owner_id, c.industry_id, c.invoice_template_id, c.default_vat_rate_id, "
        "c.payment_term_days, c.einvoice_addresses, c.headquarters_address_id, c.custom_fields, "
        "c.is_internal, c.version"
    )

    def __init__(self, database: SqlDatabase, organisation_id: uuid.UUID) -> None:
        self.sqlite = database.engine.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.raw = database.engine.raw_connection()
        self.org = self.key(organisation_id)

    def key(self, value: uuid.UUID) -> Any:
        return value.hex if self.sqlite else value

    def where(self, query: CustomerQuery) -> tuple[str, list[Any]]:
        m = self.mark
        clauses, params = [f"c.organisation_id = {m}"], [self.org]
        if query.status is not None:
            clauses.append(f"c.status = {m}")
            params.append(query.status.value)
        if query.owner_id is not None:
            clauses.append(f"c.owner_id = {m}")
            params.append(self.key(query.owner_id))
        if query.market_segment_id is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM customer_segments s WHERE s.organisation_id = "
                f"c.organisation_id AND s.customer_id = c.id AND s.segment_id = {m})"
            )
            params.append(self.key(query.market_segment_id))
        if query.text is not None:
            like = "%" + query.text.casefold().replace("\\", "\\\\").replace("%", "\\%") + "%"
            wanted = compact_id(query.text)
            clauses.append(
                f"(c.name_search LIKE {m} ESCAPE '\\' OR c.vat_compact = {m} "
                f"OR c.business_id_compact = {m})"
            )
            params += [like, wanted, wanted]
        return " AND ".join(clauses), params

    def page(self, query: CustomerQuery, offset: int) -> tuple[int, list[Any]]:
        """The page's rows chosen in a subquery, each with its segment ids aggregated by a
        correlated subquery (as fast as a third statement for the links on both engines, one
        round trip less; only the page's rows are aggregated: PostgreSQL computes a row's
        columns before OFFSET drops it). Where the query is likely to fill pages (no text
        search) the total rides on the page statement as an uncorrelated scalar subquery (one
        statement and one round trip instead of two; the database computes it once); a search
        counts in a statement of its own, only when the page does not tell the total (neither
        full nor empty), and so does a page past the end."""
        where, params = self.where(query)
        m = self.mark
        aggregate = "group_concat(s.segment_id)" if self.sqlite else "array_agg(s.segment_id)"
        counted = query.text is None
        total_column = f", (SELECT count(*) FROM customers c WHERE {where})" if counted else ""
        cursor = self.raw.cursor()
        if self.sqlite:
            cursor.execute("BEGIN")
        cursor.execute(
            f"SELECT p.*, (SELECT {aggregate} FROM customer_segments s"
            f" WHERE s.organisation_id = {m} AND s.customer_id = p.id){total_column}"
            f" FROM (SELECT {self.COLUMNS} FROM customers c WHERE {where}"
            f" ORDER BY c.number LIMIT {PAGE} OFFSET {offset}) p ORDER BY p.number",
            [self.org, *(params if counted else []), *params],
        )
        rows = cursor.fetchall()
        if counted and rows:
            total = rows[0][-1]
        elif 0 < len(rows) < PAGE or (not rows and offset == 0):
            total = offset + len(rows)
        else:
            cursor.execute(f"SELECT count(*) FROM customers c WHERE {where}", params)
            (total,) = cursor.fetchone()
        self.raw.commit()
        return total, [r[0] for r in rows]

    def close(self) -> None:
        self.raw.close()


def operations(size: int, customers: Sequence[Customer]) -> list[tuple[str, CustomerQuery, int]]:
    vat = next(c.vat_number for c in customers[size // 3 :] if c.vat_number is not None)
    assert vat is not None
    return [
        ("first page", CustomerQuery(), 0),
        ("middle page", CustomerQuery(), size // 2),
        ("name search (1 %)", CustomerQuery(text=WORDS[42].upper()), 0),
        ("VAT number", CustomerQuery(text=vat.value), 0),
        ("owner + active", CustomerQuery(owner_id=USERS[3], status=CustomerStatus.ACTIVE), 0),
        ("market segment", CustomerQuery(market_segment_id=SEGMENTS[2]), 0),
    ]


def measure(
    engine: str, sizes: Sequence[int], args: argparse.Namespace, tmp: Path
) -> list[list[Any]]:
    results: list[list[Any]] = []
    for size in sizes:
        with scratch_database(engine, tmp, "listing", args.postgres_url) as database:
            registry, customers = populate(database, size)
            floor = Floor(database, registry.organisation_id)
            for name, query, offset in operations(size, customers):
                page = PageRequest(limit=PAGE, offset=offset)

                def adapter(
                    q: CustomerQuery = query, p: PageRequest = page, r: Registry = registry
                ) -> Any:
                    return list_customers(r, READER, q, p)

                def by_hand(q: CustomerQuery = query, o: int = offset, f: Floor = floor) -> Any:
                    return f.page(q, o)

                check(adapter, by_hand, engine)
                ours = best_of(adapter, args.repeat)
                theirs = best_of(by_hand, args.repeat)
                results.append([engine, size, name, 1000 * ours, 1000 * theirs, ours / theirs])
                record(f"list: {name}", engine, size, ours, theirs)
                print(f"  {engine} {size} {name}: {1000 * ours:.2f} ms", file=sys.stderr)
            floor.close()
    return results


def check(adapter: Callable[[], Any], by_hand: Callable[[], Any], engine: str) -> None:
    page = adapter()
    total, ids = by_hand()
    keys = [c.id.hex if engine == "sqlite" else c.id for c in page.items]
    assert (page.total, keys) == (total, ids), "the floor must return the same page"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines.split(","):
            rows += measure(engine, sizes, args, Path(tmp))
    print(f"\nCustomer listing, pages of {PAGE}, best of {args.repeat}\n")
    print(
        table(
            ["engine", "customers", "page", "list_customers ms", "hand-written SQL ms", "ratio"],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
