"""Benchmark: where the bulk import's time goes on SQLite, and whether overlapping the checks with
the database's work could bring it within 1.5x of executemany.

Two measurements on the records of ``sql_import.py`` (``_common.customer_records``):

1. **Per record**: the Python of each step of ``import_customers`` alone (reading a record into a
   command, drafting it with every create_customer check, building the Customer, rendering its
   audit entry), against the database's own cost per record: the hand-written executemany floor
   of ``sql_import.py`` (the same rows, batches of 1,000) divided by the number of records. The
   last line is the lowest ratio the import could reach if it did nothing but these steps.
2. **Overlap**: the same floor rows written batch by batch while the records are drafted, once
   one after the other and once with the writes on a second thread (drafting batch k+1 while
   batch k is written), with executemany and with one multi-row INSERT per table and batch.
   SQLite releases the interpreter while it steps a statement; each step that ends must take it
   back from the drafting thread, which hands it over at the interpreter's switch interval
   (5 ms by default; ``--switch`` sets another, which a library cannot do for its host).

Usage: python benchmarks/import_limits.py [--size 10000] [--repeat 3] [--switch 0.005]
"""

from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import threading
import timeit
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import customer_records
from _common import scratch_database
from _common import table
from _common import timed
from sql_import import ADMIN
from sql_import import OWNER
from sql_import import Floor
from sql_import import new_registry

from custreg.adapters.system import RandomIds
from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.usecases.bulk_import import command_of
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.bulk_import import render_customer
from custreg.usecases.customers import draft_customer

BATCH = 1000
ADMIN_USER = User(OWNER, "Owner")
#: The bulk writes tried per engine.
TRIED = {"sqlite": ("executemany", "multi-row INSERT"), "postgres": ("executemany", "COPY")}


def new_settings() -> OrganisationSettings:
    """The settings of a new organisation whose one user is the importing admin."""
    return OrganisationSettings(OrganisationId(uuid.uuid4()), "Import Oy", users=(ADMIN_USER,))


def step_costs(records: list[dict[str, str]], repeat: int) -> list[tuple[str, float]]:
    """µs per record of each step of the import's Python, best of ``repeat``."""
    ids, settings = RandomIds(), new_settings()
    commands = [command_of(r) for r in records]
    drafts = [draft_customer(c, ids, settings) for c in commands]
    now = datetime.now(UTC)
    customers = [d.build(CustomerNumber(n + 1), now, OWNER) for n, d in enumerate(drafts)]

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("read a record into a command", lambda: list(map(command_of, records))),
        (
            "draft it (every create_customer check)",
            lambda: [draft_customer(c, ids, settings) for c in commands],
        ),
        (
            "build the Customer",
            lambda: [d.build(CustomerNumber(i + 1), now, OWNER) for i, d in enumerate(drafts)],
        ),
        ("render its audit entry", lambda: render_customer.many(customers)),
    ]
    return [
        (step, 1e6 * min(timeit.repeat(action, number=1, repeat=repeat)) / len(records))
        for step, action in steps
    ]


def overlap(
    engine: str,
    floor: Floor,
    records: list[dict[str, str]],
    tmp: Path,
    threaded: bool,
) -> float:
    """Seconds to draft every record and write the floor's rows (its ``bulk`` way), batch by
    batch: one after the other, or (``threaded``) the writes on a second thread."""
    ids, settings = RandomIds(), new_settings()

    def draft(start: int) -> None:
        for record in records[start : start + BATCH]:
            draft_customer(command_of(record), ids, settings)

    starts = range(0, len(records), BATCH)
    with scratch_database(engine, tmp, "overlap") as target:
        floor.begin(target)
        try:
            if not threaded:
                return timed(lambda: [(draft(s), floor.write(s, BATCH)) for s in starts])[0]
            pending: queue.Queue[int | None] = queue.Queue(maxsize=1)

            def drain() -> None:
                while (start := pending.get()) is not None:
                    floor.write(start, BATCH)

            def run() -> None:
                thread = threading.Thread(target=drain)
                thread.start()
                for start in starts:
                    draft(start)
                    pending.put(start)
                pending.put(None)
                thread.join()

            return timed(run)[0]
        finally:
            floor.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--switch", type=float, default=sys.getswitchinterval())
    args = parser.parse_args(argv)
    sys.setswitchinterval(args.switch)
    records = customer_records(args.size, OWNER)
    results: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        for engine in args.engines.split(","):
            with scratch_database(engine, tmp, "source") as source:
                first = new_registry(source)
                report = import_customers(first, ADMIN, records, batch_size=BATCH)
                assert report.ok, report.errors[:3]
                if engine == "sqlite":
                    print_steps(Floor(source, first.organisation_id), records, tmp, args.repeat)
                for bulk in TRIED[engine]:
                    floor = Floor(source, first.organisation_id, bulk)
                    times = [
                        min(overlap(engine, floor, records, tmp, on) for _ in range(args.repeat))
                        for on in (False, True)
                    ]
                    results.append([engine, bulk, times[0], times[1], times[0] / times[1]])
    print(
        f"\nDrafting {args.size} records and writing the floor's rows, batches of {BATCH}, "
        f"switch interval {args.switch * 1000:g} ms, best of {args.repeat}\n"
    )
    headers = ["engine", "writes", "one after the other s", "on a second thread s", "gain"]
    print(table(headers, results))
    return 0


def print_steps(floor: Floor, records: list[dict[str, str]], tmp: Path, repeat: int) -> None:
    """The per-record table: each step's Python against the floor's database time."""
    size = len(records)
    floor_s = min(
        timed(lambda t=target: floor.run(t, BATCH))[0] for target in _scratch(tmp, repeat)
    )
    library_s = min(
        timed(lambda t=target: import_customers(new_registry(t), ADMIN, records))[0]
        for target in _scratch(tmp, repeat)
    )
    steps = step_costs(records, repeat)
    database = 1e6 * floor_s / size
    python = sum(cost for _, cost in steps)
    rows: list[list[Any]] = [[step, cost] for step, cost in steps]
    rows += [
        ["all the steps above", python],
        ["the database (executemany floor)", database],
        ["the whole import", 1e6 * library_s / size],
    ]
    print(f"\nSQLite, {size} records, µs per record, best of {repeat}\n")
    print(table(["step", "µs per record"], rows))
    print(
        f"\nLowest ratio with these steps alone: {(database + python) / database:.2f}"
        f" (the import: {library_s / floor_s:.2f})"
    )


def _scratch(tmp: Path, count: int) -> Iterator[Any]:
    for _ in range(count):
        with scratch_database("sqlite", tmp, "run") as target:
            yield target


if __name__ == "__main__":
    raise SystemExit(main())
