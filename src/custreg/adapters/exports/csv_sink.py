"""The CSV exporter: RFC 4180 (CRLF line ends, fields quoted when they hold the delimiter, a
quote or a line break), UTF-8 with an optional byte-order mark for spreadsheet programs, a
configurable delimiter, and formula-neutralised text cells (X4)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from collections.abc import Sequence
from typing import IO
from typing import Any

from custreg.adapters.exports.cell_text import cell_text
from custreg.domain.errors import ValidationError
from custreg.domain.reports import CellType
from custreg.domain.reports import CellValue
from custreg.domain.reports import Column
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import spreadsheet_text

#: What Excel needs to read a CSV file as UTF-8 rather than the local code page.
BOM = "\ufeff"
#: Distinct text cells remembered per column (names, cities, roles repeat down a report): the
#: first this many, so memory stays flat whatever the report's size.
MEMO_SIZE = 256
Cell = Callable[[CellValue], str]


def _column_renderer(header: ReportHeader, column: Column) -> Cell:
    """``cell_text`` of one column's cells."""
    type_, currency = column.type, header.currency
    return lambda value: cell_text(value, type_, currency)


def _memoised(render: Cell) -> Cell:
    """``render`` for a text or list column, run once per distinct value where values repeat:
    the previous row's value (a customer's cells repeat on each of its contacts) and the first
    MEMO_SIZE distinct values (pools such as cities or roles) are answered from memory. Text and
    list values (str, tuples of str, None) are equal exactly when their texts are."""
    seen: dict[CellValue, str] = {}
    previous: list[Any] = [None, ""]

    def cell(value: CellValue) -> str:
        if value == previous[0]:
            return previous[1]  # type: ignore[no-any-return]
        text = seen.get(value)
        if text is None:
            text = render(value)
            if len(seen) < MEMO_SIZE:
                seen[value] = text
        previous[0], previous[1] = value, text
        return text

    return cell


class CsvSink:
    """Writes a report to a text stream opened with ``newline=""`` (and ``encoding="utf-8"``).

    ``bom`` writes a UTF-8 byte-order mark first (Excel then reads accents right); ``delimiter``
    is one character, e.g. ``;`` for locales whose decimal separator is a comma. Cells are
    rendered by ``custreg.adapters.exports.cell_text.cell_text``: reading the file back with
    ``csv`` gives those texts exactly (X4).
    """

    def __init__(self, stream: IO[str], *, delimiter: str = ",", bom: bool = False) -> None:
        if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
            raise ValidationError(
                "export", "delimiter", "must be one character other than a quote or line break",
                delimiter,
            )
        self._stream = stream
        self._bom = bom
        self._writer = csv.writer(
            stream, delimiter=delimiter, quotechar='"', lineterminator="\r\n",
            quoting=csv.QUOTE_MINIMAL, doublequote=True, strict=True,
        )
        self._cells: list[Cell] | None = None

    def start(self, header: ReportHeader) -> None:
        if self._bom:
            self._stream.write(BOM)
        self._cells = [
            _memoised(_column_renderer(header, column))
            if column.type in (CellType.TEXT, CellType.LIST)
            else _column_renderer(header, column)
            for column in header.columns
        ]
        self._writer.writerow([spreadsheet_text(label) for label in header.labels])

    def write_rows(self, rows: Sequence[Sequence[CellValue]]) -> None:
        cells = self._cells
        if cells is None:
            raise ValidationError("export", None, "write_rows before start")
        self._writer.writerows(
            [cell(value) for cell, value in zip(cells, row, strict=True)] for row in rows
        )

    def finish(self) -> None:
        self._stream.flush()

    def abort(self) -> None:
        self._stream.flush()


__all__ = ["BOM", "CsvSink"]
