"""The CSV exporter: RFC 4180 (CRLF line ends, fields quoted when they hold the delimiter, a
quote or a line break), UTF-8 with an optional byte-order mark for spreadsheet programs, a
configurable delimiter, and formula-neutralised text cells (X4)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from collections.abc import Sequence
from typing import IO
from typing import Any

from custreg.adapters.exports.cell_text import column_text
from custreg.domain.errors import ValidationError
from custreg.domain.reports import CellType
from custreg.domain.reports import CellValue
from custreg.domain.reports import Column
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import spreadsheet_text

#: What Excel needs to read a CSV file as UTF-8 rather than the local code page.
BOM = "\ufeff"
#: The cell types whose equal values have equal texts (not so for decimals and money, where
#: ``1.0`` equals ``1.00``): their texts are rendered once per distinct value of a chunk.
_BY_VALUE = frozenset(
    {CellType.TEXT, CellType.LIST, CellType.DATE, CellType.DATETIME, CellType.BOOLEAN}
)
#: Renders a column of a chunk: the presented cells in, what ``csv.writer`` is given out.
ColumnTexts = Callable[[Sequence[CellValue]], Sequence[Any]]


def _once_per_value(render: Callable[[Any], str], values: Sequence[CellValue]) -> list[str]:
    """``render`` of each of ``values``, run once per distinct value where values repeat (a
    customer's cells on each of its contacts, pools such as cities or roles); a column of
    mostly distinct values is rendered value by value."""
    distinct = set(values)
    if len(distinct) * 2 > len(values):
        return list(map(render, values))
    texts = {value: render(value) for value in distinct}
    return list(map(texts.__getitem__, values))


def _column_texts(header: ReportHeader, column: Column) -> ColumnTexts:
    """``cell_text`` of a chunk's cells of ``column``. Integers go to ``csv.writer`` as they
    are: it writes None as an empty field and a number as ``str`` gives it, which is their
    ``cell_text``."""
    render = column_text(column.type, header.currency)
    if column.type is CellType.INTEGER:
        return _as_is
    if column.type in _BY_VALUE:
        return lambda values: _once_per_value(render, values)
    return lambda values: list(map(render, values))


def _as_is(values: Sequence[CellValue]) -> Sequence[CellValue]:
    return values


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
                "export",
                "delimiter",
                "must be one character other than a quote or line break",
                delimiter,
            )
        self._stream = stream
        self._bom = bom
        self._writer = csv.writer(
            stream,
            delimiter=delimiter,
            quotechar='"',
            lineterminator="\r\n",
            quoting=csv.QUOTE_MINIMAL,
            doublequote=True,
            strict=True,
        )
        self._columns: list[ColumnTexts] | None = None

    def start(self, header: ReportHeader) -> None:
        if self._bom:
            self._stream.write(BOM)
        self._columns = [_column_texts(header, column) for column in header.columns]
        self._writer.writerow([spreadsheet_text(label) for label in header.labels])

    def write_rows(self, rows: Sequence[Sequence[CellValue]]) -> None:
        """Write ``rows``, rendered a column at a time (each row needs one cell per column)."""
        renderers = self._columns
        if renderers is None:
            raise ValidationError("export", None, "write_rows before start")
        if not rows:
            return
        if set(map(len, rows)) != {len(renderers)}:
            raise ValueError(f"each row needs {len(renderers)} cells, one per column")
        if not renderers:
            self._writer.writerows([()] * len(rows))
            return
        columns = zip(*rows, strict=True)
        texts = [render(values) for render, values in zip(renderers, columns, strict=True)]
        self._writer.writerows(zip(*texts, strict=True))

    def finish(self) -> None:
        self._stream.flush()

    def abort(self) -> None:
        self._stream.flush()


__all__ = ["BOM", "CsvSink"]
