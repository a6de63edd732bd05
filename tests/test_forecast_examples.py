"""Examples of project forecasts: months, amounts and the event of setting one, stated directly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.events import FieldChanged
from custreg.domain.events import Stamp
from custreg.domain.forecast import ProjectForecast
from custreg.domain.forecast import add_months
from custreg.domain.forecast import month_start
from custreg.domain.ids import ProjectId
from custreg.domain.values import Money
from refusals import refused

PROJECT = ProjectId(UUID(int=7))
STAMP = Stamp(None, datetime(2026, 1, 2, 3, 4))


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


@pytest.mark.parametrize(
    ("value", "month"),
    [
        (date(2026, 3, 1), date(2026, 3, 1)),
        (date(2026, 3, 31), date(2026, 3, 1)),
        (date(2024, 2, 29), date(2024, 2, 1)),
    ],
)
def test_month_start_is_the_first_of_the_month(value: date, month: date) -> None:
    assert month_start(value) == month


@pytest.mark.parametrize("value", [datetime(2026, 3, 5, 0, 0), "2026-03-05", None, 20260305])
def test_month_start_refuses_anything_but_a_date(value: Any) -> None:
    with refused("forecast", "month", "must be a date", value):
        month_start(value)


@pytest.mark.parametrize(
    ("month", "count", "result"),
    [
        (date(2026, 1, 1), 0, date(2026, 1, 1)),
        (date(2026, 1, 1), 1, date(2026, 2, 1)),
        (date(2026, 1, 1), 11, date(2026, 12, 1)),
        (date(2026, 1, 1), 12, date(2027, 1, 1)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 1, 1), -1, date(2025, 12, 1)),
        (date(2026, 3, 15), -14, date(2025, 1, 1)),
        (date(2026, 11, 30), 2, date(2027, 1, 1)),
    ],
)
def test_add_months(month: date, count: int, result: date) -> None:
    assert add_months(month, count) == result


def test_forecast_keeps_its_values_on_the_first_of_the_month() -> None:
    forecast = ProjectForecast(PROJECT, date(2026, 5, 17), eur("10.50"), eur("0"))
    assert forecast.project_id == PROJECT
    assert forecast.month == date(2026, 5, 1)
    assert forecast.billing == eur("10.50")
    assert forecast.costs == eur("0")


@pytest.mark.parametrize(
    ("make", "field", "reason", "value"),
    [
        (lambda: ProjectForecast(PROJECT, date(2026, 5, 1), 10, eur("1")), "billing",
         "must be Money", 10),
        (lambda: ProjectForecast(PROJECT, date(2026, 5, 1), eur("1"), Decimal(1)), "costs",
         "must be Money", Decimal(1)),
        (lambda: ProjectForecast(PROJECT, date(2026, 5, 1), eur("-0.01"), eur("1")), "billing",
         "must not be negative", Money(Decimal("-0.01"), "EUR")),
        (lambda: ProjectForecast(PROJECT, date(2026, 5, 1), eur("1"), eur("-1")), "costs",
         "must not be negative", Money(Decimal("-1"), "EUR")),
        (lambda: ProjectForecast(PROJECT, date(2026, 5, 1), eur("1"), Money(Decimal(1), "SEK")),
         "costs", "currency differs from billing", Money(Decimal(1), "SEK")),
        (lambda: ProjectForecast(PROJECT, "2026-05", eur("1"), eur("1")), "month",
         "must be a date", "2026-05"),
    ],
)
def test_forecast_refusals(make: Callable[[], object], field: str, reason: str, value: Any) -> None:
    with refused("forecast", field, reason, value):
        make()


def test_replacing_nothing_records_the_new_forecast() -> None:
    forecast = ProjectForecast(PROJECT, date(2026, 5, 17), eur("10.50"), eur("2"))
    rendered = {
        "project_id": str(PROJECT),
        "month": "2026-05-01",
        "billing": {"amount": "10.50", "currency": "EUR"},
        "costs": {"amount": "2", "currency": "EUR"},
    }
    assert forecast.replacing(None, STAMP) == FieldChanged(
        "project", PROJECT, "forecast 2026-05-01", None, rendered, STAMP, "forecast"
    )


def test_replacing_a_previous_forecast_records_both() -> None:
    previous = ProjectForecast(PROJECT, date(2026, 5, 1), eur("1"), eur("0"))
    forecast = ProjectForecast(PROJECT, date(2026, 5, 1), eur("3"), eur("0"))
    event = forecast.replacing(previous, STAMP)
    assert event.before == {
        "project_id": str(PROJECT),
        "month": "2026-05-01",
        "billing": {"amount": "1", "currency": "EUR"},
        "costs": {"amount": "0", "currency": "EUR"},
    }
    assert event.after["billing"] == {"amount": "3", "currency": "EUR"}
