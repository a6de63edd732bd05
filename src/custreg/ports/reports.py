"""Report ports: a streaming row source the database answers set-based, and the exporter port.

``ReportQueries`` is a read model (like the KPI queries): it answers a checked ``ReportPlan`` with
rows of raw stored values in chunks, so an export of 100,000 customers never holds them all. The
use case presents the raw values (names for ids, local times, canonical money) with the domain's
``row_presenter``, so every adapter gives the same cells. ``ReportSink`` receives the presented
rows; CSV and XLSX exporters implement it, and so can a host that shows a report on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Sequence
from typing import Any
from typing import Protocol

from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.reports import CellValue
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import ReportPlan


class ReportQueries(Protocol):
    """Answers report plans over one organisation's registry."""

    def count(self, plan: ReportPlan, /) -> int:
        """How many rows ``plan`` has (for the progress total)."""
        ...

    def chunks(self, plan: ReportPlan, chunk_size: int, /) -> Iterator[Sequence[Sequence[Any]]]:
        """The rows of ``plan`` in ``plan.order``, at most ``chunk_size`` per chunk.

        Each row holds one raw value per ``plan.columns`` entry, of the type the column's ``raw``
        names. Adapters read chunk by chunk (keyset paging, no statement per row), so memory
        stays flat whatever the size of the report.
        """
        ...

    def identities(self, include_inactive: bool, chunk_size: int, /) -> Iterator[
        Sequence[CustomerIdentity]
    ]:
        """Id, number, name, VAT number, business id and status of every customer (only active
        ones unless ``include_inactive``), ordered by number, in chunks: what duplicate
        detection compares."""
        ...


class ReportSink(Protocol):
    """Where a report goes: ``start`` once, ``write_rows`` per chunk, then ``finish``; if the
    report fails half-way ``abort`` is called instead of ``finish``."""

    def start(self, header: ReportHeader, /) -> None:
        """Begin the output (write the header row)."""
        ...

    def write_rows(self, rows: Sequence[Sequence[CellValue]], /) -> None:
        """Write presented rows, each with one cell per header column."""
        ...

    def finish(self) -> None:
        """Complete the output (flush, save the workbook)."""
        ...

    def abort(self) -> None:
        """Give up: release what ``start`` acquired; the output is incomplete."""
        ...
