"""Shared helpers of the SQL benchmarks: timing, scratch databases, realistic records, tables.

Not a pytest module; the benchmark scripts import it (``python benchmarks/<name>.py``).
"""

from __future__ import annotations

import gc
import json
import os
import time
import tracemalloc
import uuid
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from typing import TypeVar

from stdnum.fi import ytunnus

from custreg.adapters.sql import SqlDatabase

T = TypeVar("T")

POSTGRES_URL = os.environ.get(
    "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``action`` took (garbage collection paused, as timeit does) and its result."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = action()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def best_of(action: Callable[[], Any], repeat: int, warm_up: bool = False) -> float:
    """The best time of ``repeat`` runs (the least disturbed by other processes); ``warm_up``
    runs it once untimed first (caches, statement compilation, connection pool)."""
    if warm_up:
        action()
    return min(timed(action)[0] for _ in range(repeat))


def chunks(rows: Iterable[T], size: int = 20_000) -> Iterator[list[T]]:
    """``rows`` in lists of ``size`` (bulk loading without holding every row at once)."""
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def peak_memory(action: Callable[[], Any]) -> int:
    """The peak of Python allocations (bytes, tracemalloc) during one run of ``action``."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@contextmanager
def scratch_database(
    engine: str, tmp: Path, tag: str, postgres_url: str = POSTGRES_URL
) -> Iterator[SqlDatabase]:
    """A new, empty custreg database: a SQLite file in ``tmp`` or a PostgreSQL schema that is
    dropped afterwards."""
    if engine == "sqlite":
        database = SqlDatabase(f"sqlite:///{tmp / f'{tag}-{uuid.uuid4().hex[:8]}.db'}")
    else:
        schema = f"custreg_bench_{tag}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        database = SqlDatabase(postgres_url, schema=schema)
    try:
        yield database
    finally:
        database.dispose(drop_schema=True)


def analyze(database: SqlDatabase) -> None:
    """Fresh planner statistics after a bulk load (both engines). On PostgreSQL only the tables
    of the database's own schema (the connection's search path): a bare ANALYZE would also
    sample every other schema of the server's database."""
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if database.engine.dialect.name == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            for (name,) in cursor.fetchall():
                cursor.execute(f'ANALYZE "{name}"')
        raw.commit()
    finally:
        raw.close()


def fi_business_ids(count: int, start: int = 1_000_000) -> list[str]:
    """``count`` distinct valid Finnish business ids (Y-tunnus) without the dash: 8 digits."""
    found: list[str] = []
    body = start
    while len(found) < count:
        body += 1
        digits = f"{body:07d}"
        for check in "0123456789":
            if ytunnus.is_valid(f"{digits}-{check}"):
                found.append(digits + check)
                break
    return found


def customer_records(count: int, owner: uuid.UUID) -> list[dict[str, str]]:
    """CSV-like records: every customer has a name and an address, half a VAT number, a third
    an e-mail, a quarter an owner."""
    vats = iter(fi_business_ids(count // 2 + 1))
    return [
        {
            "name": f"Company {n} Oy",
            "vat_number": f"FI{next(vats)}" if n % 2 == 0 else "",
            "email": f"info{n}@company{n}.fi" if n % 3 == 0 else "",
            "address_lines": f"Street {n % 500}",
            "postal_code": f"{n % 99999:05d}",
            "city": ("Espoo", "Helsinki", "Tampere", "Oulu")[n % 4],
            "country": "FI",
            "owner_id": str(owner) if n % 4 == 0 else "",
        }
        for n in range(count)
    ]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (readable in a terminal and pasteable into docs/performance.md)."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 100 else f"{value:.1f}"
    return str(value)


# -- growth records ------------------------------------------------------------------------------

#: Where the benchmark scripts append one JSON line per measurement (``benchmarks/growth.py``
#: sets it; unset, nothing is recorded).
RECORD_ENV = "CUSTREG_BENCH_RECORD"


def record(job: str, engine: str, size: int, library_s: float, floor_s: float | None) -> None:
    """Append one measurement (seconds, library and floor) to the file named by
    ``CUSTREG_BENCH_RECORD``, for the growth plots; a no-op when the variable is unset."""
    path = os.environ.get(RECORD_ENV)
    if not path:
        return
    line = {"job": job, "engine": engine, "size": size, "library_s": library_s, "floor_s": floor_s}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
