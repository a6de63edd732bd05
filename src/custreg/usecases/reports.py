"""Running a report (X1-X4, U5): check the definition, stream the rows from the report queries in
chunks, present them and hand them to a sink (CSV, XLSX, a host's screen), reporting progress."""

from __future__ import annotations

from collections.abc import Callable

from attrs import evolve
from attrs import frozen

from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.mass_update import MassAction
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import chunk_presenter
from custreg.domain.reports import plan_report
from custreg.ports.registry import Registry
from custreg.ports.reports import ReportQueries
from custreg.ports.reports import ReportSink
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import MassUpdateResult
from custreg.usecases.mass_update import mass_update
from custreg.usecases.read_models.reports import RepositoryReportQueries

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
    """The registry's report queries: its pushdown, else the core default computing the rows
    from the repositories (``RepositoryReportQueries``)."""
    if registry.reports is not None:
        return registry.reports
    return RepositoryReportQueries(registry.read)


def _chunk_size(chunk_size: int) -> int:
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, int)
        or not 1 <= chunk_size <= MAX_CHUNK_SIZE
    ):
        raise ValidationError(
            "report", "chunk_size", f"must be an integer 1-{MAX_CHUNK_SIZE}", chunk_size
        )
    return chunk_size


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
    _chunk_size(chunk_size)
    queries = report_queries(registry)
    with registry.read() as uow:
        settings = uow.settings.get()
    plan = plan_report(definition, principal, settings)
    header = ReportHeader(plan.title, plan.level, plan.columns, plan.currency)
    present = chunk_presenter(plan)
    total = queries.count(plan)
    done = 0
    sink.start(header)
    try:
        if progress is not None:
            progress(0, total)
        for chunk in queries.chunks(plan, chunk_size):
            sink.write_rows(present(chunk))
            done += len(chunk)
            if progress is not None:
                progress(done, max(total, done))
    except BaseException:
        sink.abort()
        raise
    sink.finish()
    return ReportResult(header, done)


def report_customer_ids(
    registry: Registry,
    principal: Principal,
    definition: ReportDefinition,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> tuple[CustomerId, ...]:
    """M9: the customers of ``definition``'s rows, each once, in the order of their first row.

    The rows are those ``run_report`` would export for ``principal`` (same level, filters,
    keyword and contact status included, and sort); the chosen columns do not matter, so a
    report with money columns gives its customers to a principal without All too. Refusals as
    for ``run_report``.
    """
    require(principal, CustomerPermission.READ_ONLY, "report", "run")
    size = _chunk_size(chunk_size)
    queries = report_queries(registry)
    with registry.read() as uow:
        settings = uow.settings.get()
    plan = plan_report(evolve(definition, columns=("customer.id",)), principal, settings)
    found: dict[CustomerId, None] = {}
    for chunk in queries.chunks(plan, size):
        for row in chunk:
            found.setdefault(CustomerId(row[0]), None)
    return tuple(found)


def mass_update_report(
    registry: Registry, principal: Principal, action: MassAction, definition: ReportDefinition
) -> MassUpdateResult:
    """M9: apply ``action`` to exactly the customers of ``definition``'s rows (see
    ``report_customer_ids``), no more, no fewer, as one mass update (M1-M8 apply: all or
    nothing, audited, undoable). A report without rows changes nothing and is no error.

    The report is read just before the update's transaction; a customer someone else changes in
    between is updated from its new state (use ``report_customer_ids`` with
    ``MassUpdate.of_ids(..., expected_versions=...)`` to fail on such changes instead).
    """
    require(principal, CustomerPermission.EDIT, "customer", "mass update")
    selected = report_customer_ids(registry, principal, definition)
    return mass_update(registry, principal, MassUpdate.of_ids(action, selected))


__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "Progress",
    "ReportResult",
    "mass_update_report",
    "report_customer_ids",
    "report_queries",
    "run_report",
]
