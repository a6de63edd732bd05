"""A ReportSink that keeps the presented rows in a list: for hosts showing a report on screen
and for tests comparing exporters with what the report produced."""

from __future__ import annotations

from collections.abc import Sequence

from custreg.domain.reports import CellValue
from custreg.domain.reports import ReportHeader


class CollectingSink:
    """Collects the header and rows; ``finished`` / ``aborted`` say how the report ended."""

    def __init__(self) -> None:
        self.header: ReportHeader | None = None
        self.rows: list[tuple[CellValue, ...]] = []
        self.finished = False
        self.aborted = False

    def start(self, header: ReportHeader) -> None:
        self.header = header

    def write_rows(self, rows: Sequence[Sequence[CellValue]]) -> None:
        self.rows.extend(tuple(row) for row in rows)

    def finish(self) -> None:
        self.finished = True

    def abort(self) -> None:
        self.aborted = True
