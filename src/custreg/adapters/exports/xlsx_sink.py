"""The Excel exporter: an ``.xlsx`` workbook written with openpyxl in write-only mode (rows are
streamed to a temporary file, so memory stays flat), with typed cells — dates as dates, amounts
as numbers in a currency format, booleans as booleans — a bold, frozen header row, column widths
by type, and formula-neutralised text written as explicit string cells (X4). Needs the
``custreg[excel]`` extra."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from collections.abc import Sequence
from decimal import Decimal
from typing import IO
from typing import Any

from custreg.adapters.exports.cell_text import plain_decimal
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError
from custreg.domain.reports import CellType
from custreg.domain.reports import CellValue
from custreg.domain.reports import Column
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import cell_safe_text
from custreg.domain.reports import spreadsheet_text
from custreg.domain.values import Money

#: Excel keeps 15 significant digits; a number with more is written as text so it stays exact.
EXCEL_DIGITS = 15
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
_WIDTHS = {
    CellType.INTEGER: 12,
    CellType.DECIMAL: 14,
    CellType.MONEY: 18,
    CellType.DATE: 12,
    CellType.DATETIME: 20,
    CellType.BOOLEAN: 9,
    CellType.LIST: 40,
}
_WIDE_TEXT = {"note.text": 80, "address.street": 36, "customer.name": 36}


def column_width(column: Column) -> int:
    """A width (in characters) that fits the column's typical content and its label."""
    wanted = _WIDE_TEXT.get(column.key) or _WIDTHS.get(column.type, 24)
    return min(max(wanted, len(column.label) + 2), 100)


def money_format(currency: str) -> str:
    """Two to four decimals with thousands separators and the ISO currency code."""
    return f'#,##0.00## "{currency}"'


def _exact_in_excel(value: Decimal) -> bool:
    return len(value.normalize().as_tuple().digits) <= EXCEL_DIGITS


def _sheet_title(title: str) -> str:
    cleaned = _SHEET_TITLE.sub(" ", " ".join(cell_safe_text(title).split())).strip("' ")
    cleaned = cleaned or "Report"
    return cleaned[:31]


class XlsxSink:
    """Writes a report as one worksheet to ``target`` (a path or a binary stream)."""

    def __init__(self, target: str | os.PathLike[str] | IO[bytes]) -> None:
        try:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Font
            from openpyxl.utils import get_column_letter
        except ImportError as error:  # pragma: no cover - depends on the installed extras
            raise StorageError(
                "XLSX export needs openpyxl: install custreg[excel]", "export"
            ) from error
        self._target = target
        self._workbook: Any = Workbook(write_only=True)
        self._sheet: Any = None
        self._cell = WriteOnlyCell
        self._bold = Font(bold=True)
        self._letter = get_column_letter
        self._convert: list[Callable[[Any], Any]] = []

    def start(self, header: ReportHeader) -> None:
        sheet = self._workbook.create_sheet(title=_sheet_title(header.title))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(header.columns, start=1):
            sheet.column_dimensions[self._letter(index)].width = column_width(column)
        self._sheet = sheet
        labels = []
        for label in header.labels:
            cell = self._string(spreadsheet_text(label))
            if cell is not None:
                cell.font = self._bold
            labels.append(cell)
        sheet.append(labels)
        self._convert = [self._converter(c.type) for c in header.columns]

    def _converter(self, type_: CellType) -> Callable[[Any], Any]:
        # Empty text is an empty cell: openpyxl skips None, so nothing is written for it.
        if type_ is CellType.TEXT:
            return lambda v: self._string(spreadsheet_text(v)) if v else None
        if type_ is CellType.LIST:
            return lambda v: self._string(spreadsheet_text("; ".join(v))) if v else None
        if type_ is CellType.DECIMAL:
            return lambda v: (
                v if v is None or _exact_in_excel(v) else self._string(plain_decimal(v))
            )
        if type_ is CellType.MONEY:
            return self._money
        return lambda v: v

    def _string(self, text: str) -> Any:
        """An explicit string cell (X4): openpyxl infers a formula from a text starting with
        ``=``, so text is never handed to it as a bare value; empty text is an empty cell."""
        if not text:
            return None
        cell = self._cell(self._sheet, value=text)
        cell.data_type = "s"  # after the value: its setter infers "f" from a leading "="
        return cell

    def _money(self, value: Money | None) -> Any:
        if value is None:
            return None
        if not _exact_in_excel(value.amount):
            return self._string(f"{plain_decimal(value.amount)} {value.currency}")
        cell = self._cell(self._sheet, value=value.amount)
        cell.number_format = money_format(value.currency)
        return cell

    def write_rows(self, rows: Sequence[Sequence[CellValue]]) -> None:
        sheet, convert = self._sheet, self._convert
        if sheet is None:
            raise ValidationError("export", None, "write_rows before start")
        for row in rows:
            sheet.append([f(v) for f, v in zip(convert, row, strict=True)])

    def finish(self) -> None:
        try:
            self._workbook.save(self._target)
        except OSError as error:
            raise StorageError(f"cannot write the workbook: {error}", "export") from error

    def abort(self) -> None:
        """Drop the streamed rows (openpyxl's temporary file) without writing the workbook."""
        writer = getattr(self._sheet, "_writer", None)
        if writer is not None:
            writer.close()
            writer.cleanup()


__all__ = ["EXCEL_DIGITS", "XlsxSink", "column_width", "money_format"]
