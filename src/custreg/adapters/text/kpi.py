"""The KPI strip of the customer list as one line of text: ``render_strip``.

For demos, command lines and logs; hosts render ``custreg.domain.kpi.CustomerKpis`` themselves.
The figures, what is hidden and the change in percent are the domain's (K1-K8); this module only
words them: amounts to the cent with a space as thousands separator and a leading minus, the
change with its sign, "hidden" for a figure the principal may not see and "n/a" for a change
without a base.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal

from custreg.domain.kpi import BillingThisMonth
from custreg.domain.kpi import CustomerKpis
from custreg.domain.values import Money

_CENT = Decimal("0.01")


def _money(value: Money | None) -> str:
    if value is None:
        return "hidden"
    sign = "-" if value.amount < 0 else ""
    whole = f"{abs(value.amount).quantize(_CENT, rounding=ROUND_HALF_UP):,.2f}"
    return f"{sign}{whole.replace(',', ' ')} {value.currency}"


def _billing(billing: BillingThisMonth | None) -> str:
    if billing is None:
        return "hidden"
    percent = billing.change_percent
    change = "n/a" if percent is None else f"{percent:+} %"
    return f"{_money(billing.this_month)} (last month {_money(billing.last_month)}, {change})"


def render_strip(kpis: CustomerKpis) -> str:
    """The KPI strip as one line of text, for command lines and logs.

    Always the four figures in the strip's order, separated by `` | ``; a money figure the
    principal may not see reads "hidden", never zero (U5).
    """
    margin = kpis.margin_this_year
    return (
        f"Margin this year {_money(margin.margin if margin else None)}"
        f" | Billing this month {_billing(kpis.billing_this_month)}"
        f" | Active customers {kpis.active_customers}"
        f" | Prospects in pipeline {kpis.prospects}"
    )
