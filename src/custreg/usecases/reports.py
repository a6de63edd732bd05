"""Running a report (X1-X4, U5): check the definition, stream the rows from the report queries in
chunks, present them and hand them to a sink (CSV, XLSX, a host's screen), reporting progress."""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from custreg.domain.errors import StorageError, ValidationError
from custreg.domain.permissions import CustomerPermission, Principal, require
from custreg.domain.reports import ReportDefinition, ReportHeader, plan_report, row_presenter
from custreg.ports.registry import Registry
from custreg.ports.reports import ReportQueries, ReportSink

#: Called with (rows done, total rows) after every chunk, and once with (0, total) at the start.
Progress = Callable[[int, int], None]

#: Rows read from the database per chunk: large enough to amortise a statement, small enough to
#: keep memory flat.
DEFAULT_CHUNK_SIZE = 2_000
#: The most rows read at a time (bounds what a host can ask an adapter for in one query).
MAX_CHUNK_SIZE = 100_000


@frozen
class ReportResult:
    """What an export did: the header written and how many rows."""

    header: ReportHeader
    rows: int


def report_queries(registry: Registry) -> ReportQueries:
    """The registry's report queries (StorageError when the host built it without them)."""
    queries = registry.reports
    if queries is None:
        raise StorageError("this registry has no report queries", "report")
    return queries


def run_report(
    registry: Registry,
    principal: Principal,
    definition: ReportDefinition,
    sink: ReportSink,
    progress: Progress | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> ReportResult:
    """Export ``definition`` to ``sink``, streaming.

    Only customers and contacts the principal may see appear (X1, X2); money columns need All
    (U5); bad definitions are refused before the sink is touched (ValidationError listing valid
    columns / filters / sort keys). Rows are read ``chunk_size`` at a time, so memory stays flat;
    ``progress(done, total)`` is called after each chunk. If reading fails half-way the sink is
    aborted and the error re-raised.
    """
    require(principal, CustomerPermission.READ_ONLY, "report", "run")
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, int)
        or not 1 <= chunk_size <= MAX_CHUNK_SIZE
    ):
        raise ValidationError(
            "report", "chunk_size", f"must be an integer 1-{MAX_CHUNK_SIZE}", chunk_size
        )
    queries = report_queries(registry)
    with registry.read() as uow:
        settings = uow.settings.get()
    plan = plan_report(definition, principal, settings)
    header = ReportHeader(plan.title, plan.level, plan.columns, plan.currency)
    present = row_presenter(plan)
    total = queries.count(plan)
    done = 0
    sink.start(header)
    try:
        if progress is not None:
            progress(0, total)
        for chunk in queries.chunks(plan, chunk_size):
            sink.write_rows([present(raw) for raw in chunk])
            done += len(chunk)
            if progress is not None:
                progress(done, max(total, done))
    except BaseException:
        sink.abort()
        raise
    sink.finish()
    return ReportResult(header, done)


__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "Progress",
    "ReportResult",
    "report_queries",
    "run_report",
]
