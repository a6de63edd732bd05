"""The KPI strip as one line of text (``custreg.adapters.text.kpi.render_strip``, re-exported as
``custreg.render_strip``): amounts to the cent with thousands separators and their sign, the
change in percent with its sign, "hidden" for money a principal may not see (U5, K8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import custreg as cr
from custreg.adapters.text.kpi import render_strip
from custreg.domain.kpi import BillingThisMonth
from custreg.domain.kpi import CustomerKpis
from custreg.domain.kpi import KpiPeriods
from custreg.domain.kpi import MarginThisYear
from custreg.domain.kpi import Period
from custreg.domain.values import Money

JANUARY = Period(date(2026, 1, 1), date(2026, 2, 1))


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def _kpis(margin: MarginThisYear | None, billing: BillingThisMonth | None) -> CustomerKpis:
    return CustomerKpis(KpiPeriods.around(date(2026, 1, 15)), "EUR", margin, billing, 12, 3)


def test_k8_strip_text_with_money() -> None:
    year = Period(date(2026, 1, 1), date(2027, 1, 1))
    margin = MarginThisYear(year, eur("1000"), eur("2234567.005"))
    billing = BillingThisMonth(JANUARY, JANUARY, eur("1234.5"), eur("-1000"))
    kpis = _kpis(margin, billing)
    assert kpis.reference_date == date(2026, 1, 15)
    assert render_strip(kpis) == (
        "Margin this year -2 233 567.01 EUR"
        " | Billing this month 1 234.50 EUR (last month -1 000.00 EUR, +223.45 %)"
        " | Active customers 12 | Prospects in pipeline 3"
    )


def test_k8_strip_text_hidden_and_without_base() -> None:
    assert render_strip(_kpis(None, None)) == (
        "Margin this year hidden | Billing this month hidden"
        " | Active customers 12 | Prospects in pipeline 3"
    )
    billing = BillingThisMonth(JANUARY, JANUARY, eur("0.004"), eur("0"))
    year = Period(date(2026, 1, 1), date(2027, 1, 1))
    margin = MarginThisYear(year, eur("0.005"), eur("0"))
    assert render_strip(_kpis(margin, billing)) == (
        "Margin this year 0.01 EUR | Billing this month 0.00 EUR (last month 0.00 EUR, n/a)"
        " | Active customers 12 | Prospects in pipeline 3"
    )
    falling = BillingThisMonth(JANUARY, JANUARY, eur("50"), eur("100"))
    assert "(last month 100.00 EUR, -50.00 %)" in render_strip(_kpis(margin, falling))
    flat = BillingThisMonth(JANUARY, JANUARY, eur("100"), eur("100"))
    assert "(last month 100.00 EUR, +0.00 %)" in render_strip(_kpis(margin, flat))


def test_the_package_exports_the_adapter_s_render_strip() -> None:
    assert cr.render_strip is render_strip
    assert "render_strip" in cr.__all__
