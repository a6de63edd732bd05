"""Project forecasts: what a project is expected to bill and cost in a calendar month.

The Financials tab of the customer card sums them per month next to the actual billing and costs.
A forecast is identified by its project and month: setting it again replaces it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import field
from attrs import frozen

from custreg.domain.audit import render
from custreg.domain.errors import ValidationError
from custreg.domain.events import FieldChanged
from custreg.domain.events import Stamp
from custreg.domain.ids import ProjectId
from custreg.domain.validation import an_id
from custreg.domain.values import Money


def month_start(value: Any) -> date:
    """The first day of the calendar month of ``value`` (a date; datetimes are refused)."""
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise ValidationError("forecast", "month", "must be a date", value)
    return value.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after (or before) ``month``'s month."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _money(name: str, value: Any) -> Money:
    if not isinstance(value, Money):
        raise ValidationError("forecast", name, "must be Money", value)
    if value.amount < 0:
        raise ValidationError("forecast", name, "must not be negative", value)
    return value


def _billing(value: Any) -> Money:
    return _money("billing", value)


def _costs(value: Any) -> Money:
    return _money("costs", value)


@frozen
class ProjectForecast:
    """Expected billing and costs of one project in one month (amounts excl. VAT)."""

    project_id: ProjectId = field(validator=an_id)
    month: date = field(converter=month_start)
    billing: Money = field(converter=_billing)
    costs: Money = field(converter=_costs)

    def __attrs_post_init__(self) -> None:
        if self.billing.currency != self.costs.currency:
            raise ValidationError("forecast", "costs", "currency differs from billing", self.costs)

    def replacing(self, previous: ProjectForecast | None, stamp: Stamp) -> FieldChanged:
        """The event of setting this forecast over ``previous`` (None: the month had none),
        recorded on the project as field ``forecast <month>``."""
        return FieldChanged(
            "project", self.project_id, f"forecast {self.month.isoformat()}",
            None if previous is None else render(previous), render(self), stamp, "forecast",
        )
