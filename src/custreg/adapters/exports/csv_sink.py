"""The CSV exporter: RFC 4180 (CRLF line ends, fields quoted when they hold the delimiter, a
quote or a line break), UTF-8 with an optional byte-order mark for spreadsheet programs, a
configurable delimiter, and formula-neutralised text cells (X4)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from typing import IO

from custreg.adapters.exports.cell_text import text_renderer
from custreg.domain.errors import ValidationError
from custreg.domain.reports import CellValue, ReportHeader, spreadsheet_text

#: What Excel needs to read a CSV file as UTF-8 rather than the local code page.
BOM = "\ufeff"


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
        self._render: Callable[[Sequence[CellValue]], list[str]] | None = None

    def start(self, header: ReportHeader) -> None:
        if self._bom:
            self._stream.write(BOM)
        self._render = text_renderer(header)
        self._writer.writerow([spreadsheet_text(label) for label in header.labels])

    def write_rows(self, rows: Sequence[Sequence[CellValue]]) -> None:
        render = self._render
        if render is None:
            raise ValidationError("export", None, "write_rows before start")
        self._writer.writerows(render(row) for row in rows)

    def finish(self) -> None:
        self._stream.flush()

    def abort(self) -> None:
        self._stream.flush()


__all__ = ["BOM", "CsvSink"]
