"""How a report's raw rows become presented cells (X1, X4): names for ids, local times, canonical
money, sorted lists; and the header an exporter needs before the first row.

``row_presenter`` gives every adapter's rows the same cells for the same data (``chunk_presenter``
the same cells for a chunk of rows at a time).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from attrs import frozen

from custreg.domain.contact import ContactStatus
from custreg.domain.customer import CustomerStatus
from custreg.domain.kpi import canonical_amount
from custreg.domain.reports.columns import Column
from custreg.domain.reports.columns import Presentation
from custreg.domain.reports.columns import ReportLevel
from custreg.domain.reports.plan import ReportPlan
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import Money

#: A presented cell: its Python type follows the column's ``CellType``; None is empty.
CellValue = str | int | Decimal | Money | date | datetime | bool | tuple[str, ...] | None
#: Turns one raw stored value into its presented cell.
Converter = Callable[[Any], CellValue]


def local_time(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """An instant as the organisation's naive wall-clock time, to whole seconds (spreadsheets
    have no time zones and keep milliseconds at best)."""
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None, microsecond=0)


def _names(items: Iterable[Any]) -> Callable[[Any], str | None]:
    names = {item.id: item.name for item in items}

    def convert(value: Any) -> str | None:
        return None if value is None else names.get(value, str(value))

    return convert


class _ContactStatusText(dict[bool, str]):
    """The status text of a contact's active flag; any other value is read by its truth, as
    ``ContactStatus.of`` reads it."""

    def __missing__(self, active: Any) -> str:
        return self[bool(active)]


_CONTACT_STATUS = _ContactStatusText(
    {active: ContactStatus.of(active).value for active in (True, False)}
)


def _converter(column: Column, settings: OrganisationSettings) -> Converter | None:
    kind = column.presentation
    currency = settings.currency
    zone = settings.zone
    if kind is Presentation.AS_IS:
        return None
    lookups = {
        Presentation.USER: settings.users,
        Presentation.INDUSTRY: settings.industries,
        Presentation.INVOICE_TEMPLATE: settings.invoice_templates,
        Presentation.VAT_RATE: settings.vat_rates,
        Presentation.SALES_STATUS: settings.sales_statuses,
    }
    if kind in lookups:
        return _names(lookups[kind])
    if kind is Presentation.SEGMENTS:
        position = {s.id: (i, s.name) for i, s in enumerate(settings.market_segments)}

        def segments(value: Any) -> tuple[str, ...]:
            known = sorted(position.get(v, (len(position), str(v))) for v in value or ())
            return tuple(name for _, name in known)

        return segments
    if kind is Presentation.CONTACT_STATUS:
        return _CONTACT_STATUS.__getitem__
    if kind is Presentation.ID:
        return lambda v: None if v is None else str(v)
    if kind is Presentation.STATUS:
        return lambda v: v.value if isinstance(v, CustomerStatus) else CustomerStatus(v).value
    if kind is Presentation.LIST:
        return lambda v: tuple(v) if v else ()
    if kind is Presentation.SORTED_LIST:
        return lambda v: tuple(sorted(v)) if v else ()
    if kind is Presentation.LOCAL_TIME:
        return lambda v: local_time(v, zone)
    if kind is Presentation.MONEY_TOTAL:
        return lambda v: Money(canonical_amount(Decimal(v or 0)), currency)
    return lambda v: None if v is None else Money(canonical_amount(v.amount), v.currency)


def row_presenter(plan: ReportPlan) -> Callable[[Sequence[Any]], tuple[CellValue, ...]]:
    """A function turning one raw row of ``plan`` into its presented cells."""
    converters = [(i, _converter(c, plan.settings)) for i, c in enumerate(plan.columns)]
    active = [(i, f) for i, f in converters if f is not None]
    if not active:
        return tuple

    def present(raw: Sequence[Any]) -> tuple[CellValue, ...]:
        cells = list(raw)
        for i, convert in active:
            cells[i] = convert(cells[i])
        return tuple(cells)

    return present


def chunk_presenter(
    plan: ReportPlan,
) -> Callable[[Sequence[Sequence[Any]]], list[tuple[CellValue, ...]]]:
    """A function turning a chunk of raw rows of ``plan`` into their presented cells: the same
    cells as ``row_presenter`` gives row by row, converted a column at a time (no list and tuple
    made and unmade per row)."""
    converters = [(i, _converter(c, plan.settings)) for i, c in enumerate(plan.columns)]
    active = [(i, f) for i, f in converters if f is not None]
    width = len(converters)

    def present(chunk: Sequence[Sequence[Any]]) -> list[tuple[CellValue, ...]]:
        if not active or not width or not chunk:
            return list(map(tuple, chunk))
        columns: list[Sequence[Any]] = list(zip(*chunk, strict=True))
        for i, convert in active:
            columns[i] = list(map(convert, columns[i]))
        return list(zip(*columns, strict=True))

    return present


@frozen
class ReportHeader:
    """What an exporter needs before the first row: the title, the columns (key, label, type)
    and the organisation's currency (money cells in another currency say so)."""

    title: str
    level: ReportLevel
    columns: tuple[Column, ...]
    currency: str

    @property
    def labels(self) -> tuple[str, ...]:
        """The column labels, in column order: the export's header row."""
        return tuple(c.label for c in self.columns)
