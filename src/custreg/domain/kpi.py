"""The KPI figures of the customer list (K1-K8): periods, the predicates that decide what counts,
and the result values.

Everything here is pure. Adapters answer the aggregate questions of ``custreg.ports.kpi``; the
memory adapter does so with the predicates below, the SQL adapter with the same rules in SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import localcontext
from zoneinfo import ZoneInfo

from attrs import field
from attrs import frozen

from custreg.domain.customer import Customer
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.invoice import is_billed
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import Project
from custreg.domain.project import sales_state
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.values import MONEY_DECIMALS
from custreg.domain.values import Money

# -- periods -----------------------------------------------------------------------------------


@frozen
class Period:
    """The dates ``start <= day < end`` (half-open, so consecutive periods never overlap)."""

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if not self.start < self.end:
            raise ValidationError("period", "end", "must be after start", self.end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    @property
    def last_day(self) -> date:
        """The last date inside the period (``end`` itself is outside)."""
        return self.end - timedelta(days=1)


def month_of(day: date) -> Period:
    """The calendar month containing ``day``."""
    start = day.replace(day=1)
    end = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return Period(start, end)


def previous_month(day: date) -> Period:
    """K3: the calendar month before the one containing ``day`` (January gives December)."""
    return month_of(day.replace(day=1) - timedelta(days=1))


def year_of(day: date) -> Period:
    """The calendar year containing ``day``."""
    return Period(date(day.year, 1, 1), date(day.year + 1, 1, 1))


def reference_day(reference: date | datetime, zone: ZoneInfo) -> date:
    """The organisation's calendar date at ``reference``.

    An instant is converted to the organisation's time zone first: 22:30 UTC on 31 January is
    already 1 February in Helsinki. A plain date is taken as the organisation's date. A naive
    datetime is refused, because it names no instant.
    """
    if isinstance(reference, datetime):
        if reference.tzinfo is None or reference.utcoffset() is None:
            raise ValidationError(
                "kpi", "reference", "a datetime must be timezone-aware", reference
            )
        return reference.astimezone(zone).date()
    if isinstance(reference, date):
        return reference
    raise ValidationError("kpi", "reference", "must be a date or an aware datetime", reference)


@frozen
class KpiPeriods:
    """The periods the figures cover, all derived from one reference date."""

    day: date
    this_year: Period
    this_month: Period
    last_month: Period

    @classmethod
    def around(cls, day: date) -> KpiPeriods:
        return cls(day, year_of(day), month_of(day), previous_month(day))


# -- what counts -------------------------------------------------------------------------------


@frozen
class InvoiceVisibility:
    """Which invoices a principal may see, as data an adapter can filter by (K4).

    ``owner_id`` None: every invoice; otherwise only invoices owned by that user.
    """

    owner_id: UserId | None = None

    @classmethod
    def of(cls, principal: Principal) -> InvoiceVisibility | None:
        """The principal's invoice visibility; None when they may see no invoice at all (U5)."""
        if not principal.sees_money:
            return None
        if principal.invoices is InvoiceAccess.OWN:
            return cls(principal.user_id)
        return cls()

    def allows(self, owner_id: UserId | None) -> bool:
        return self.owner_id is None or owner_id == self.owner_id


def counts_as_billing(
    invoice: Invoice,
    statuses: Mapping[InvoiceStatusId, InvoiceStatus],
    period: Period | None = None,
    visibility: InvoiceVisibility | None = None,
) -> bool:
    """K4: a billed invoice (Sent flag + number), dated in ``period`` and visible, if given.

    An invoice whose status is not configured does not count.
    """
    status = statuses.get(invoice.status_id)
    if status is None or not is_billed(invoice, status):
        return False
    if period is not None and invoice.on not in period:
        return False
    return visibility is None or visibility.allows(invoice.owner_id)


def billing_per_period(
    invoices: Iterable[Invoice],
    statuses: Mapping[InvoiceStatusId, InvoiceStatus],
    periods: Sequence[Period],
    visibility: InvoiceVisibility,
) -> tuple[Decimal, ...]:
    """K1/K3/K4: for each of ``periods``, in order, the sum of the totals excl. VAT of the
    ``invoices`` that count as billing in it (``counts_as_billing``); 0 where none does."""
    counted = list(invoices)
    return tuple(
        sum(
            (
                i.total_excl_vat.amount
                for i in counted
                if counts_as_billing(i, statuses, period, visibility)
            ),
            Decimal(0),
        )
        for period in periods
    )


def counts_as_cost(project: Project) -> bool:
    """K1/K2: costs count only on projects that are not internal."""
    return not project.is_internal


def counts_as_active(project: Project) -> bool:
    """K5: an open project (a sales case or not) that is not internal."""
    return not project.is_closed and not project.is_internal


def counts_as_customer(customer: Customer) -> bool:
    """K5, K6: the organisation's own internal customer (``Customer.is_internal``) is never an
    active customer nor a prospect, whatever its projects' flags."""
    return not customer.is_internal


def is_sales_case_in_progress(
    project: Project, statuses: Mapping[SalesStatusId, SalesStatus]
) -> bool:
    """K6: an open, non-internal project whose sales state is IN_PROGRESS (so K6 implies K5)."""
    return counts_as_active(project) and (
        sales_state(project, dict(statuses)) is SalesState.IN_PROGRESS
    )


def is_won(project: Project, statuses: Mapping[SalesStatusId, SalesStatus]) -> bool:
    """K6: a project (open or closed, internal or not) whose sales state is WON."""
    return sales_state(project, dict(statuses)) is SalesState.WON


def count_prospects(
    projects: Iterable[Project],
    sales_statuses: Mapping[SalesStatusId, SalesStatus],
    invoice_statuses: Mapping[InvoiceStatusId, InvoiceStatus],
    visibility: InvoiceVisibility | None,
    invoices_of: Callable[[set[CustomerId]], Iterable[Invoice]],
) -> int:
    """K6: how many customers of ``projects`` (the counted ones, K5) have a sales case in
    progress, none won, and no billed invoice ``visibility`` allows (with no visibility, no
    invoice is seen). ``invoices_of(customer_ids)`` gives at least those customers' invoices."""
    counted = list(projects)
    in_progress = {p.customer_id for p in counted if is_sales_case_in_progress(p, sales_statuses)}
    won = {p.customer_id for p in counted if is_won(p, sales_statuses)}
    billed = {
        i.customer_id
        for i in invoices_of(in_progress)
        if visibility is not None
        and i.customer_id in in_progress
        and counts_as_billing(i, invoice_statuses, visibility=visibility)
    }
    return len(in_progress - won - billed)


# -- results -----------------------------------------------------------------------------------

_CENT = Decimal("0.01")
_UNIT = Decimal(1).scaleb(-MONEY_DECIMALS)


def canonical_amount(amount: Decimal) -> Decimal:
    """The same value with two decimals, or four when it has sub-cent digits.

    Adapters may return ``Decimal('0.3')`` or ``Decimal('0.3000')``; this makes every adapter's
    figure look the same as well as compare equal (K7). Never rounds: sums of money have at most
    four decimals.
    """
    cents = amount.quantize(_CENT)
    return cents if cents == amount else amount.quantize(_UNIT)


def change_percent(current: Decimal, previous: Decimal) -> Decimal | None:
    """The change from ``previous`` to ``current`` in percent of ``abs(previous)``, to 0.01.

    None when ``previous`` is zero (no base). Dividing by the absolute value keeps the sign
    meaningful when credit notes made last month negative: a rise is always positive.
    """
    if previous == 0:
        return None
    with localcontext() as context:
        context.prec = 60
        ratio = (current - previous) * 100 / abs(previous)
        return ratio.quantize(_CENT, rounding=ROUND_HALF_UP)


@frozen
class MarginThisYear:
    """K1: billing minus total cost (non-internal projects) in ``period``, with both parts."""

    period: Period
    billing: Money
    total_cost: Money
    margin: Money = field()

    @margin.default
    def _margin(self) -> Money:
        return self.billing - self.total_cost


@frozen
class BillingThisMonth:
    """K3: billing this month against last month, the change and the change in percent."""

    this_period: Period
    last_period: Period
    this_month: Money
    last_month: Money
    change: Money = field()
    change_percent: Decimal | None = field()

    @change.default
    def _change(self) -> Money:
        return self.this_month - self.last_month

    @change_percent.default
    def _percent(self) -> Decimal | None:
        return change_percent(self.this_month.amount, self.last_month.amount)


@frozen
class CustomerKpis:
    """The KPI strip of the customer list for one principal, selection and reference date.

    Money figures are None (hidden, not zero) for a principal below All on customers (U5).
    """

    periods: KpiPeriods
    currency: str
    margin_this_year: MarginThisYear | None
    billing_this_month: BillingThisMonth | None
    active_customers: int
    prospects: int

    @property
    def reference_date(self) -> date:
        return self.periods.day
