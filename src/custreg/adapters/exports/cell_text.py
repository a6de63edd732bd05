"""Presented report cells as the text an export writes (X4): ``cell_text`` per cell and
``text_renderer`` per row, as the CSV exporter writes them and reads them back.

Text and list cells go through the domain's spreadsheet-safe rule (``spreadsheet_text``, X4);
numbers and dates are machine-readable and never neutralised (``-5`` is a number).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from custreg.domain.reports import CellType
from custreg.domain.reports import CellValue
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import spreadsheet_text


def plain_decimal(value: Decimal) -> str:
    """A decimal without exponent (``1E+3`` is ``1000``)."""
    return format(value, "f")


def _money_text(currency: str) -> Callable[[Any], str]:
    def render(value: Any) -> str:
        if value is None:
            return ""
        amount = plain_decimal(value.amount)
        return amount if value.currency == currency else f"{amount} {value.currency}"

    return render


def column_text(type_: CellType, currency: str) -> Callable[[Any], str]:
    """``cell_text`` of a column's cells of type ``type_``, chosen once per column: the function
    an exporter calls per cell."""
    if type_ is CellType.TEXT:
        return lambda v: "" if v is None else spreadsheet_text(v)
    if type_ is CellType.LIST:
        return lambda v: "" if v is None else spreadsheet_text("; ".join(v))
    if type_ is CellType.MONEY:
        return _money_text(currency)
    if type_ is CellType.BOOLEAN:
        return lambda v: "" if v is None else ("true" if v else "false")
    if type_ is CellType.DECIMAL:
        return lambda v: "" if v is None else plain_decimal(v)
    if type_ is CellType.DATETIME:
        return lambda v: "" if v is None else v.isoformat(sep=" ")
    if type_ is CellType.DATE:
        return lambda v: "" if v is None else v.isoformat()
    return lambda v: "" if v is None else str(v)


def cell_text(value: CellValue, type_: CellType, currency: str) -> str:
    """The text of one presented cell, as the CSV exporter writes it (and X4 reads back).

    Text is ``spreadsheet_text`` (formula-neutralised); numbers and dates are machine-readable
    (``1234.50``, ``2026-11-25``, ``2026-11-25 14:00:00``) and never neutralised (``-5`` is a
    number); a money cell in a currency other than the report's says which (``12.00 USD``);
    lists are joined with ``"; "``; booleans are ``true`` / ``false``; an empty cell is ``""``.
    """
    return column_text(type_, currency)(value)


def text_renderer(header: ReportHeader) -> Callable[[Sequence[CellValue]], list[str]]:
    """A function rendering one presented row as its CSV texts (``cell_text`` per column)."""
    functions = [column_text(c.type, header.currency) for c in header.columns]

    def render(row: Sequence[CellValue]) -> list[str]:
        return [f(v) for f, v in zip(functions, row, strict=True)]

    return render
