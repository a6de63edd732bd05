"""Tab 4 of the card, Financials (U5): monthly billing, costs, margin and forecasts over a window
of months, the customer's invoices, and the drill-down of one figure of one month to the rows it
sums.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from attrs import frozen

from custreg.domain.card.refs import CustomerRef
from custreg.domain.card.refs import ProjectRef
from custreg.domain.card.refs import customer_ref
from custreg.domain.card.refs import project_ref
from custreg.domain.customer import Customer
from custreg.domain.deferred import Deferred
from custreg.domain.forecast import ProjectForecast
from custreg.domain.forecast import add_months
from custreg.domain.invoice import Invoice
from custreg.domain.invoice import is_billed
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import Money

#: The Financials tab shows this many months up to and including the current one ...
PAST_MONTHS = 6
#: ... and at most this many coming months, up to the last one that has a forecast.
FORECAST_HORIZON = 12


class Figure(enum.Enum):
    """A figure of the Financials tab that can be drilled down to the rows it sums."""

    BILLING = "billing"
    COSTS = "costs"
    MARGIN = "margin"
    FORECAST_BILLING = "forecast_billing"
    FORECAST_COSTS = "forecast_costs"


@frozen
class MonthWindow:
    """The months the Financials tab covers: ``first`` .. ``current`` (the past six, this one
    included) and up to ``FORECAST_HORIZON`` months after it where forecasts exist."""

    current: date

    @property
    def first(self) -> date:
        """The first month shown: ``PAST_MONTHS - 1`` months before the current one."""
        return add_months(self.current, -(PAST_MONTHS - 1))

    @property
    def end(self) -> date:
        """The first day after the window's last possible month (exclusive bound)."""
        return add_months(self.current, FORECAST_HORIZON + 1)

    @property
    def past_end(self) -> date:
        """The first day after the current month: later months are the coming ones."""
        return add_months(self.current, 1)


def month_window(now: datetime, zone: ZoneInfo) -> MonthWindow:
    """The window for ``now`` as seen in the organisation's time zone."""
    local = now.astimezone(zone).date()
    return MonthWindow(local.replace(day=1))


@frozen
class MonthFigures:
    """One month of the Financials tab; margin = billing - costs (K1's rule, per month)."""

    month: date
    billing: Money
    costs: Money
    forecast_billing: Money
    forecast_costs: Money
    is_future: bool

    @property
    def margin(self) -> Money:
        """Billing minus costs of the month."""
        return self.billing - self.costs

    def figure(self, which: Figure) -> Money:
        """The month's value of ``which``."""
        return {
            Figure.BILLING: self.billing,
            Figure.COSTS: self.costs,
            Figure.MARGIN: self.margin,
            Figure.FORECAST_BILLING: self.forecast_billing,
            Figure.FORECAST_COSTS: self.forecast_costs,
        }[which]


@frozen
class InvoiceRow(Deferred):
    """An invoice of the customer as the Financials tab lists it. An adapter may leave fields to
    be filled on first use (``Deferred``)."""

    invoice: Invoice
    status_name: str
    is_billed: bool


@frozen
class FinancialsTab:
    """Financials (only for All, U5): monthly actuals and forecasts plus the customer's invoices
    the principal may see, newest first."""

    customer: CustomerRef
    currency: str
    months: tuple[MonthFigures, ...]
    invoices: tuple[InvoiceRow, ...]

    def month(self, month: date) -> MonthFigures:
        """The figures of the month holding ``month``; KeyError when the tab does not show it."""
        for figures in self.months:
            if figures.month == month.replace(day=1):
                return figures
        raise KeyError(month)


#: (date, amount) rows that ``build_financials_tab`` sums per month.
Amounts = Iterable[tuple[date, Money]]


def _bucket(rows: Amounts, currency: str) -> dict[date, Money]:
    sums: dict[date, Money] = {}
    for day, amount in rows:
        month = day.replace(day=1)
        sums[month] = sums.get(month, Money.zero(currency)) + amount
    return sums


def build_financials_tab(
    customer: Customer | CustomerRef,
    settings: OrganisationSettings,
    window: MonthWindow,
    billing: Amounts,
    costs: Amounts,
    forecasts: Iterable[tuple[date, Money, Money]],
    invoices: Iterable[Invoice],
) -> FinancialsTab:
    """Assemble the Financials tab.

    ``billing``: (date, excl. VAT total) of the billed, visible invoices dated in the window (any
    granularity: one row per invoice or per day; rows dated in a coming month count there).
    ``costs``: (date, amount) of cost entries on the customer's non-internal projects.
    ``forecasts``: (month, billing, costs) of forecasts on those projects. ``invoices``: every
    invoice of the customer the principal may see.
    """
    currency = settings.currency
    zero = Money.zero(currency)
    billed = _bucket(billing, currency)
    spent = _bucket(costs, currency)
    f_billing: dict[date, Money] = {}
    f_costs: dict[date, Money] = {}
    for month, fb, fc in forecasts:
        key = month.replace(day=1)
        f_billing[key] = f_billing.get(key, zero) + fb
        f_costs[key] = f_costs.get(key, zero) + fc
    future = [m for m in f_billing if window.past_end <= m < window.end]
    last = max(future, default=window.current)
    months: list[MonthFigures] = []
    month = window.first
    while month <= last:
        months.append(
            MonthFigures(
                month=month,
                billing=billed.get(month, zero),
                costs=spent.get(month, zero),
                forecast_billing=f_billing.get(month, zero),
                forecast_costs=f_costs.get(month, zero),
                is_future=month > window.current,
            )
        )
        month = add_months(month, 1)
    statuses = {s.id: s for s in settings.invoice_statuses}
    rows = []
    for invoice in sorted(invoices, key=lambda i: (i.on, i.id), reverse=True):
        status = statuses.get(invoice.status_id)
        rows.append(
            InvoiceRow(
                invoice,
                status.name if status else "(unknown status)",
                status is not None and is_billed(invoice, status),
            )
        )
    return FinancialsTab(customer_ref(customer), currency, tuple(months), tuple(rows))


@frozen
class DrillDown:
    """The rows one figure of one month sums: billed invoices, cost entries or forecasts.

    For MARGIN both invoices and costs are given and ``total`` is their difference.
    """

    month: date
    figure: Figure
    invoices: tuple[Invoice, ...]
    costs: tuple[CostEntry, ...]
    forecasts: tuple[ProjectForecast, ...]
    projects: tuple[ProjectRef, ...]
    total: Money


def build_drilldown(
    month: date,
    figure: Figure,
    currency: str,
    invoices: Sequence[Invoice],
    costs: Sequence[CostEntry],
    forecasts: Sequence[ProjectForecast],
    projects: Iterable[Project],
) -> DrillDown:
    """The drill-down of ``figure`` in ``month``; the rows given must be exactly the ones summed."""
    refs = {p.id: project_ref(p) for p in projects}
    return drilldown_of(month, figure, currency, invoices, costs, forecasts, refs)


def drilldown_of(
    month: date,
    figure: Figure,
    currency: str,
    invoices: Sequence[Invoice],
    costs: Sequence[CostEntry],
    forecasts: Sequence[ProjectForecast],
    projects: Mapping[Any, ProjectRef],
) -> DrillDown:
    """``build_drilldown`` with the customer's projects as links by id (a read model may make
    them only when asked for): the rows sorted by day and id, the projects they name by
    number, the figure's total (``Money.total``: one Money per sum)."""
    billing = Money.total([i.total_excl_vat for i in invoices], currency)
    spent = Money.total([c.amount for c in costs], currency)
    used = {c.project_id for c in costs} | {p for i in invoices for p in i.project_ids}
    named = [ref for ref in (projects.get(p) for p in used) if ref is not None]
    return drilldown_in_order(
        month,
        figure,
        currency,
        sorted(invoices, key=_by_day),
        sorted(costs, key=_by_day),
        forecasts,
        projects,
        Summed(billing, spent, named),
    )


@frozen
class Summed:
    """What a drill-down reads of its invoices and cost entries, gathered by whoever read
    them: ``billing`` is ``Money.total`` of the invoices' totals excluding VAT, ``spent`` of
    the entries' amounts, ``projects`` the links of the customer's projects they name
    (``project_ids``, ``project_id``), each once."""

    billing: Money
    spent: Money
    projects: Iterable[ProjectRef]


def drilldown_in_order(
    month: date,
    figure: Figure,
    currency: str,
    invoices: Sequence[Invoice],
    costs: Sequence[CostEntry],
    forecasts: Sequence[ProjectForecast],
    projects: Mapping[Any, ProjectRef],
    summed: Summed,
) -> DrillDown:
    """``drilldown_of`` for invoices and cost entries already by day and id, their sums and
    the projects they name given (``summed``): a read model that reads them in that order and
    sums them as it reads need not read them again (its rows may be ``Deferred``)."""
    total = {
        Figure.BILLING: summed.billing,
        Figure.COSTS: summed.spent,
        Figure.MARGIN: summed.billing - summed.spent,
        Figure.FORECAST_BILLING: Money.total([f.billing for f in forecasts], currency),
        Figure.FORECAST_COSTS: Money.total([f.costs for f in forecasts], currency),
    }[figure]
    refs = list(summed.projects)
    if forecasts:  # their projects too, each once
        seen = {ref.id for ref in refs}
        for p in {f.project_id for f in forecasts} - seen:
            ref = projects.get(p)
            if ref is not None:
                refs.append(ref)
    refs.sort(key=_by_number)
    return DrillDown(
        month=month.replace(day=1),
        figure=figure,
        invoices=tuple(invoices),
        costs=tuple(costs),
        forecasts=tuple(sorted(forecasts, key=lambda f: f.project_id)),
        projects=tuple(refs),
        total=total,
    )


def _by_day(row: Invoice | CostEntry) -> tuple[date, Any]:
    return (row.on, row.id)


def _by_number(ref: ProjectRef) -> int:
    return ref.number
