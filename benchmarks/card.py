"""Benchmark: the five customer-card tabs (and a Financials drill-down) of one big customer, per
adapter, against hand-written SQL for the same tab.

The customer has 2,000 contacts (keywords, 10 % inactive), 500 projects (every sales state,
values), 20,000 tasks (40 per project, three columns, assignees), 5,000 invoices (Draft / Sent /
Paid, credit notes, one project each, over the last 18 months), 5,000 cost entries, 3,000
forecasts (six coming months per project), 2,000 activities (half linked to a project, naming a
contact), 1,000 notes, 200 links and 20 addresses; ``--scale 0.1`` divides every count by ten.
Another customer with the same data sits in the same organisation, so every query must filter.

Timed: each card use case (permission check, read transaction, set-based reads, read model),
median of ``--repeats`` runs after one warm-up, the floor and the adapters taking turns in each
round (floor, sqlite, floor, sqlite...: a loaded machine slows both alike); the generated data
is moved out of the garbage collector's way with ``gc.freeze()`` (a host does not hold a hundred
thousand entities). "stmts" counts the statements the tab sent to the database (a SQLAlchemy
``before_cursor_execute`` listener; BEGIN / SET TRANSACTION included): it does not grow with the
data. The floor is hand-written SQL reading the same rows (joins, GROUP BY for the Financials
sums) through the raw DB-API connection, returning plain tuples; the memory adapter is compared
with the SQLite floor.

Prints the table as it goes, then the same as the Markdown table of docs/performance.md.

Usage: python benchmarks/card.py [--scale 1.0] [--adapters memory,sqlite,postgres]
                                 [--repeats 5] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from collections.abc import Sequence
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import insert

from custreg.adapters.memory import MemoryStore
from custreg.adapters.memory.repositories import forecast_key
from custreg.adapters.system import FixedClock
from custreg.adapters.system import RandomIds
from custreg.bootstrap import open_memory
from custreg.bootstrap import registry_of
from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.card import Figure
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.forecast import ProjectForecast
from custreg.domain.forecast import add_months
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import NoteId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases import card

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USERS = tuple(UserId(uuid.UUID(int=n)) for n in range(1, 6))
ADMIN = Principal(USERS[0], CustomerPermission.ALL)
DRAFT, SENT, PAID = (InvoiceStatusId(uuid.UUID(int=n)) for n in (20, 21, 22))
LEAD, WON, LOST = (SalesStatusId(uuid.UUID(int=n)) for n in (30, 31, 32))
TODO, DOING, DONE = (TaskStatusId(uuid.UUID(int=n)) for n in (40, 41, 42))
SIZES = {
    "contacts": 2_000,
    "projects": 500,
    "tasks": 20_000,
    "invoices": 5_000,
    "costs": 5_000,
    "activities": 2_000,
    "notes": 1_000,
    "files": 200,
    "addresses": 20,
}


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
        task_statuses=(
            TaskStatus(TODO, "Not started", order=1),
            TaskStatus(DOING, "In progress", order=2),
            TaskStatus(DONE, "Done", is_done=True, order=3),
        ),
    )


def eur(amount: int | Decimal) -> Money:
    return Money(Decimal(amount), "EUR")


class Data:
    """The entities of one big customer (and its twin), generated once, loaded into each
    adapter."""

    def __init__(self, scale: float, seed: int = 7) -> None:
        rnd = random.Random(seed)
        self.counts = {k: max(1, int(v * scale)) for k, v in SIZES.items()}
        self.customers = [self._customer(n) for n in (1, 2)]
        self.entities: dict[str, list[Any]] = {k: [] for k in _TABLES}
        project_number = 0
        for customer in self.customers:
            project_number = self._fill(rnd, customer.id, project_number)

    @staticmethod
    def _customer(n: int) -> Customer:
        return Customer(
            id=CustomerId(uuid.uuid4()),
            number=CustomerNumber(n),
            name=f"Big Customer {n} Oy",
            created_at=NOW,
            created_by=USERS[0],
            owner_id=USERS[n % len(USERS)],
        )

    def _fill(self, rnd: random.Random, customer: CustomerId, number: int) -> int:
        c, e = self.counts, self.entities
        for n in range(c["addresses"]):
            e["addresses"].append(
                Address(
                    AddressId(uuid.uuid4()),
                    customer,
                    "FI",
                    (f"Street {n}",),
                    "00100",
                    "Helsinki",
                    ordinal=n + 1,
                )
            )
        contacts = [
            Contact(
                ContactId(uuid.uuid4()),
                customer,
                f"First{n}",
                f"Last{n}",
                keywords=frozenset(rnd.sample(["vip", "newsletter", "event", "xmas"], 2)),
                roles=frozenset({"buyer"}),
                active=rnd.random() > 0.1,
            )
            for n in range(c["contacts"])
        ]
        e["contacts"] += contacts
        projects = []
        for n in range(c["projects"]):
            number += 1
            status = rnd.choice([None, LEAD, WON, LOST])
            projects.append(
                Project(
                    ProjectId(uuid.uuid4()),
                    customer,
                    number,
                    f"Project {number}",
                    owner_id=rnd.choice(USERS),
                    is_internal=n % 20 == 0,
                    is_closed=status is LOST or n % 7 == 0,
                    sales_status_id=status,
                    probability=100 if status is WON else 20,
                    expected_value=eur(rnd.randint(1_000, 90_000)),
                )
            )
        e["projects"] += projects
        per_project = max(1, c["tasks"] // c["projects"])
        for project in projects:
            for m in range(per_project):
                e["tasks"].append(
                    Task(
                        TaskId(uuid.uuid4()),
                        project.id,
                        f"Task {m}",
                        rnd.choice([TODO, DOING, DONE]),
                        frozenset(rnd.sample(USERS, 2)),  # type: ignore[arg-type]
                    )
                )
            for k in range(6):
                e["forecasts"].append(
                    ProjectForecast(
                        project.id,
                        add_months(date(2026, 12, 1), k),
                        eur(rnd.randint(0, 5000)),
                        eur(rnd.randint(0, 3000)),
                    )
                )
            if rnd.random() < 0.2:
                e["proposals"].append(
                    Proposal(ProposalId(uuid.uuid4()), project.id, "Quote", date(2026, 1, 5))
                )
        for n in range(c["invoices"]):
            amount = rnd.randint(-2_000, 20_000) if n % 20 == 0 else rnd.randint(0, 20_000)
            e["invoices"].append(
                Invoice(
                    InvoiceId(uuid.uuid4()),
                    customer,
                    rnd.choice([DRAFT, SENT, PAID]),
                    NOW.date() - timedelta(days=rnd.randint(0, 540)),
                    eur(amount),
                    eur(amount * Decimal("1.255")),
                    number=n + 1 if n % 25 else None,
                    project_ids=frozenset({rnd.choice(projects).id}),
                    is_credit_note=amount < 0,
                    owner_id=rnd.choice(USERS),
                )
            )
        for _ in range(c["costs"]):
            e["costs"].append(
                CostEntry(
                    CostEntryId(uuid.uuid4()),
                    rnd.choice(projects).id,
                    rnd.choice(list(CostKind)),
                    NOW.date() - timedelta(days=rnd.randint(0, 300)),
                    eur(rnd.randint(1, 900)),
                )
            )
        for n in range(c["activities"]):
            linked = n % 2 == 0
            e["activities"].append(
                Activity(
                    ActivityId(uuid.uuid4()),
                    customer,
                    rnd.choice(list(ActivityKind)),
                    f"Activity {n}",
                    owner_id=rnd.choice(USERS),
                    project_id=rnd.choice(projects).id if linked else None,
                    starts_at=NOW + timedelta(hours=rnd.randint(-2000, 2000)),
                    done=rnd.random() < 0.5,
                    contact_ids=frozenset({rnd.choice(contacts).id}),  # type: ignore[arg-type]
                )
            )
        for n in range(c["notes"]):
            e["notes"].append(
                Note(
                    NoteId(uuid.uuid4()),
                    customer,
                    f"Note {n}",
                    NOW - timedelta(minutes=n),
                    rnd.choice(USERS),
                    rnd.choice(projects).id if n % 3 == 0 else None,
                )
            )
        for n in range(c["files"]):
            e["files"].append(
                FileLink(
                    FileLinkId(uuid.uuid4()),
                    customer,
                    FileLinkKind.LINK,
                    f"Link {n}",
                    NOW - timedelta(hours=n),
                    USERS[0],
                    url="https://example.com/doc",
                )
            )
        return number


#: Memory table name -> (attribute of Data.entities, SQL table name, row function name).
_TABLES = {
    "addresses": ("addresses", "address_row"),
    "contacts": ("contacts", "contact_row"),
    "projects": ("projects", "project_row"),
    "tasks": ("tasks", "task_row"),
    "forecasts": ("project_forecasts", "forecast_row"),
    "proposals": ("proposals", "proposal_row"),
    "invoices": ("invoices", "invoice_row"),
    "costs": ("cost_entries", "cost_row"),
    "activities": ("activities", "activity_row"),
    "notes": ("notes", "note_row"),
    "files": ("files", "file_row"),
}
_MEMORY_TABLES = {"costs": "cost_entries"}


def memory_registry_with(data: Data) -> Registry:
    organisation_id = OrganisationId(uuid.uuid4())
    store = MemoryStore()
    store.tables["customers"] = {c.id: c for c in data.customers}
    for name, items in data.entities.items():
        table = _MEMORY_TABLES.get(name, name)
        key = forecast_key if name == "forecasts" else (lambda item: item.id)
        store.tables[table] = {key(item): item for item in items}
    return open_memory(
        organisation_id, settings(organisation_id), FixedClock(NOW), RandomIds(), store
    )


def sql_registry_with(database: Any, data: Data) -> Registry:
    from custreg.adapters.sql import rows
    from custreg.adapters.sql import tables as t

    organisation_id = OrganisationId(uuid.uuid4())
    registry: Registry = registry_of(
        database,
        organisation_id, settings=settings(organisation_id), clock=FixedClock(NOW), ids=RandomIds()
    )
    org = organisation_id
    with database.unit_of_work(organisation_id) as uow:
        for customer in data.customers:
            uow.customers.add(customer)
        for name, (table, row) in _TABLES.items():
            encode = getattr(rows, row)
            items = data.entities[name]
            if items:  # (an empty list would be INSERT ... DEFAULT VALUES)
                uow.execute(insert(getattr(t, table)), [encode(org, item) for item in items])
        keywords = [k for c in data.entities["contacts"] for k in rows.keyword_rows(org, c)]
        if keywords:
            uow.execute(insert(t.contact_keywords), keywords)
        links = [x for i in data.entities["invoices"] for x in rows.invoice_project_rows(org, i)]
        uow.execute(insert(t.invoice_projects), links)
        uow.commit()
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return registry


# -- the tabs and their floors ---------------------------------------------------------------------

DRILL_MONTH = date(2026, 10, 1)
TABS: dict[str, Callable[[Registry, CustomerId], Any]] = {
    "contacts": lambda r, c: card.contacts_tab(r, ADMIN, c),
    "sales": lambda r, c: card.sales_tab(r, ADMIN, c),
    "collaboration": lambda r, c: card.collaboration_tab(r, ADMIN, c),
    "financials": lambda r, c: card.financials_tab(r, ADMIN, c),
    "drill-down": lambda r, c: card.financials_drilldown(r, ADMIN, c, DRILL_MONTH, Figure.MARGIN),
    "settings": lambda r, c: card.settings_tab(r, ADMIN, c),
}

_JOIN_P = "JOIN projects p ON p.organisation_id = x.organisation_id AND p.id = x.project_id"
_BILLED = "JOIN invoice_statuses s ON s.organisation_id = i.organisation_id AND s.id = i.status_id"
FLOORS: dict[str, list[str]] = {
    "contacts": [
        "SELECT * FROM customers WHERE organisation_id = :o AND id = :c",
        "SELECT * FROM addresses WHERE organisation_id = :o AND customer_id = :c ORDER BY ordinal",
        "SELECT x.*, k.keyword FROM contacts x LEFT JOIN contact_keywords k"
        " ON k.organisation_id = x.organisation_id AND k.contact_id = x.id"
        " WHERE x.organisation_id = :o AND x.customer_id = :c",
        "SELECT * FROM activities WHERE organisation_id = :o AND customer_id = :c",
        "SELECT * FROM notes WHERE organisation_id = :o AND customer_id = :c"
        " ORDER BY created_at DESC",
        "SELECT * FROM files WHERE organisation_id = :o AND customer_id = :c"
        " ORDER BY created_at DESC",
        "SELECT id, number, name FROM projects WHERE organisation_id = :o AND customer_id = :c",
        "SELECT id, name FROM users WHERE organisation_id = :o",
    ],
    "sales": [
        "SELECT * FROM customers WHERE organisation_id = :o AND id = :c",
        "SELECT x.*, EXISTS (SELECT 1 FROM invoice_projects l WHERE l.organisation_id ="
        " x.organisation_id AND l.project_id = x.id), EXISTS (SELECT 1 FROM proposals q"
        " WHERE q.organisation_id = x.organisation_id AND q.project_id = x.id)"
        " FROM projects x WHERE x.organisation_id = :o AND x.customer_id = :c ORDER BY x.number",
        "SELECT id, name, state FROM sales_statuses WHERE organisation_id = :o",
        "SELECT id, name FROM users WHERE organisation_id = :o",
    ],
    "collaboration": [
        "SELECT * FROM customers WHERE organisation_id = :o AND id = :c",
        "SELECT id, number, name FROM projects WHERE organisation_id = :o AND customer_id = :c",
        f"SELECT x.* FROM tasks x {_JOIN_P} WHERE p.organisation_id = :o AND p.customer_id = :c",
        # the customer's notes and its projects' (the tab shows both)
        "SELECT x.* FROM notes x WHERE x.organisation_id = :o AND (x.customer_id = :c OR"
        " x.project_id IN (SELECT id FROM projects WHERE organisation_id = :o"
        " AND customer_id = :c))",
        "SELECT * FROM activities WHERE organisation_id = :o AND customer_id = :c",
        # the names of the contacts those activities name (a JSON list of ids per activity)
        "SELECT c.id, c.first_name, c.last_name FROM contacts c WHERE c.organisation_id = :o"
        " AND c.id IN (SELECT :named FROM activities a, :each WHERE a.organisation_id = :o"
        " AND a.customer_id = :c)",
        "SELECT * FROM task_statuses WHERE organisation_id = :o ORDER BY sort_order",
        "SELECT id, name FROM users WHERE organisation_id = :o",
    ],
    "financials": [
        "SELECT * FROM customers WHERE organisation_id = :o AND id = :c",
        f"SELECT i.on_date, SUM(i.total_excl_vat_units) FROM invoices i {_BILLED}"
        " WHERE i.organisation_id = :o AND i.customer_id = :c AND s.is_sent AND i.number IS NOT"
        " NULL AND i.on_date >= :first AND i.on_date < :end GROUP BY i.on_date",
        f"SELECT x.on_date, SUM(x.amount_units) FROM cost_entries x {_JOIN_P}"
        " WHERE p.organisation_id = :o AND p.customer_id = :c AND NOT p.is_internal"
        " AND x.on_date >= :first AND x.on_date < :end GROUP BY x.on_date",
        f"SELECT x.month, SUM(x.billing_units), SUM(x.costs_units) FROM project_forecasts x"
        f" {_JOIN_P} WHERE p.organisation_id = :o AND p.customer_id = :c AND NOT p.is_internal"
        " AND x.month >= :first AND x.month < :end GROUP BY x.month",
        f"SELECT i.*, s.name, s.is_sent FROM invoices i {_BILLED}"
        " WHERE i.organisation_id = :o AND i.customer_id = :c ORDER BY i.on_date DESC",
        "SELECT l.invoice_id, l.project_id FROM invoice_projects l JOIN invoices i"
        " ON i.organisation_id = l.organisation_id AND i.id = l.invoice_id"
        " WHERE i.organisation_id = :o AND i.customer_id = :c",
    ],
    "drill-down": [
        "SELECT id, number, name FROM projects WHERE organisation_id = :o AND customer_id = :c",
        f"SELECT i.* FROM invoices i {_BILLED} WHERE i.organisation_id = :o AND i.customer_id"
        " = :c AND s.is_sent AND i.number IS NOT NULL AND i.on_date >= :month"
        " AND i.on_date < :next",
        f"SELECT x.* FROM cost_entries x {_JOIN_P} WHERE p.organisation_id = :o"
        " AND p.customer_id = :c AND NOT p.is_internal AND x.on_date >= :month"
        " AND x.on_date < :next",
    ],
    "settings": [
        "SELECT * FROM customers WHERE organisation_id = :o AND id = :c",
        "SELECT segment_id FROM customer_segments WHERE organisation_id = :o AND customer_id = :c",
        "SELECT * FROM custom_field_definitions WHERE organisation_id = :o ORDER BY position",
        "SELECT * FROM invoice_templates WHERE organisation_id = :o",
        "SELECT * FROM vat_rates WHERE organisation_id = :o",
    ],
}


class Floor:
    """Hand-written SQL through the raw DB-API connection of the same database."""

    def __init__(self, database: Any, registry: Registry, customer: CustomerId) -> None:
        self.postgres = database.engine.dialect.name == "postgresql"
        self.raw = database.engine.raw_connection()

        def key(value: uuid.UUID) -> Any:
            return value if self.postgres else value.hex

        first = add_months(NOW.date().replace(day=1), -5)
        self.params = {
            "o": key(registry.organisation_id),
            "c": key(customer),
            "first": first,
            "end": add_months(first, 18),
            "month": DRILL_MONTH,
            "next": add_months(DRILL_MONTH, 1),
        }
        if not self.postgres:
            self.params = {
                k: v.isoformat() if isinstance(v, date) else v for k, v in self.params.items()
            }

    def _sql(self, text: str) -> str:
        if not self.postgres:
            return (
                text.replace("s.is_sent", "s.is_sent = 1")
                .replace("NOT p.is_internal", "p.is_internal = 0")
                .replace(":named", "replace(j.value, '-', '')")
                .replace(":each", "json_each(a.contact_ids) j")
            )
        text = text.replace(":named", "j.value::uuid").replace(
            ":each", "json_array_elements_text(a.contact_ids::json) j(value)"
        )
        for name in ("first", "end", "month", "next", "o", "c"):  # longest names first
            text = text.replace(f":{name}", f"%({name})s")
        return text

    def run(self, tab: str) -> int:
        cursor = self.raw.cursor()
        rows = 0
        for text in FLOORS[tab]:
            cursor.execute(self._sql(text), self.params)
            rows += len(cursor.fetchall())
        self.raw.commit()
        cursor.close()
        return rows

    def close(self) -> None:
        self.raw.close()


# -- timing and the table --------------------------------------------------------------------------


def median_times(calls: Sequence[Callable[[], Any]], repeats: int) -> list[float]:
    """The median time of each call over ``repeats`` rounds, the calls taking turns within a
    round (floor, library, floor, library...), so a loaded machine slows both alike."""
    for call in calls:
        call()  # warm-up: caches, statement compilation
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeats):
        for call, taken in zip(calls, times, strict=True):
            gc.collect()
            began = time.perf_counter()
            call()
            taken.append(time.perf_counter() - began)
    return [statistics.median(taken) for taken in times]


def statements(engine: Any, call: Callable[[], Any]) -> int:
    seen = [0]

    def count(*_: Any) -> None:
        seen[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen[0]


#: (tab, adapter, statements, seconds, floor seconds) of every measurement, for the summary.
results: list[tuple[str, str, str, float, float]] = []


def markdown(rows: Sequence[tuple[str, str, str, float, float]]) -> str:
    """The measurements as the Markdown table of docs/performance.md: one row per tab, one
    column group per adapter (ms, floor ms, ratio)."""
    adapters = list(dict.fromkeys(name for _, name, _, _, _ in rows))
    found = {(tab, name): (count, t, f) for tab, name, count, t, f in rows}
    head = "| tab | " + " | ".join(f"{a} stmts | {a} ms (floor) | {a} ratio" for a in adapters)
    lines = [head + " |", "|---" * (1 + 3 * len(adapters)) + "|"]
    for tab in TABS:
        cells = [tab]
        for adapter in adapters:
            count, elapsed, floor = found.get((tab, adapter), ("-", 0.0, 0.0))
            cells += (
                [count, f"{elapsed * 1000:.1f} ({floor * 1000:.1f})", f"{elapsed / floor:.1f}x"]
                if floor
                else ["-", "-", "-"]
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def measure(args: argparse.Namespace, data: Data, tmp: Path) -> list[str]:
    from custreg.adapters.sql import SqlDatabase

    wanted = set(args.adapters)
    lines: list[str] = []
    groups: list[tuple[str, Any]] = []
    if wanted & {"memory", "sqlite"}:
        groups.append(("sqlite", lambda: SqlDatabase(f"sqlite:///{tmp / 'card.db'}")))
    if "postgres" in wanted:
        schema = f"custreg_card_bench_{os.getpid()}"
        groups.append(("postgres", lambda: SqlDatabase(args.postgres_url, schema=schema)))
    big = data.customers[0].id
    for engine_name, open_database in groups:
        try:
            database = open_database()
        except Exception as error:  # a missing server skips its rows
            print(f"# {engine_name}: skipped ({error})", file=sys.stderr)
            continue
        try:
            began = time.perf_counter()
            registry = sql_registry_with(database, data)
            print(f"# loaded {engine_name} in {time.perf_counter() - began:.1f} s", file=sys.stderr)
            floor = Floor(database, registry, big)
            targets: list[tuple[str, Registry]] = []
            if engine_name == "sqlite" and "memory" in wanted:
                targets.append(("memory", memory_registry_with(data)))
            if engine_name in wanted:
                targets.append((engine_name, registry))
            gc.collect()
            gc.freeze()  # the generated data is the benchmark's, not the host's: keep it out of GC
            for tab, read in TABS.items():
                calls = [partial(floor.run, tab)] + [partial(read, r, big) for _, r in targets]
                floor_time, *elapsed_times = median_times(calls, args.repeats)
                for (name, _), call, elapsed in zip(targets, calls[1:], elapsed_times, strict=True):
                    count = "-" if name == "memory" else str(statements(database.engine, call))
                    lines.append(
                        f"{tab:<14} {name:<9} {count:>5} {elapsed * 1000:>10.1f} "
                        f"{len(FLOORS[tab]):>6} {floor_time * 1000:>10.1f} "
                        f"{elapsed / floor_time:>6.1f}"
                    )
                    print(lines[-1], flush=True)
                    results.append((tab, name, count, elapsed, floor_time))
            floor.close()
        finally:
            database.dispose(drop_schema=True)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every count (0.1: quick)"
    )
    parser.add_argument(
        "--adapters", default="memory,sqlite,postgres", help="any of memory, sqlite, postgres"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="PostgreSQL server (a scratch schema is created and dropped)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="runs per tab (median shown)")
    args = parser.parse_args(argv)
    args.adapters = [a.strip() for a in args.adapters.split(",") if a.strip()]
    data = Data(args.scale)
    sizes = ", ".join(f"{v} {k}" for k, v in data.counts.items())
    print(f"# one customer with {sizes} (and a twin customer with the same)")
    header = (
        f"{'tab':<14} {'adapter':<9} {'stmts':>5} {'time (ms)':>10} "
        f"{'floor':>6} {'floor (ms)':>10} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp_dir:
        measure(args, data, Path(tmp_dir))
    print()
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
