"""The KPI strip of the customer list (K1-K8): margin this year, billing this month against last
month, active customers and prospects in the pipeline."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from datetime import datetime
from decimal import Decimal

from custreg.domain.ids import CustomerId
from custreg.domain.kpi import BillingThisMonth
from custreg.domain.kpi import CustomerKpis
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import KpiPeriods
from custreg.domain.kpi import MarginThisYear
from custreg.domain.kpi import canonical_amount
from custreg.domain.kpi import reference_day
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.query import CustomerQuery
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.read_models.kpis import repository_kpis

Selection = CustomerQuery | Collection[CustomerId] | None


def selection_query(selection: Selection) -> CustomerQuery:
    """K7: the customers the figures cover; None is every customer, a collection those ids."""
    if selection is None:
        return CustomerQuery()
    if isinstance(selection, CustomerQuery):
        return selection
    return CustomerQuery(ids=frozenset(selection))


def customer_kpis(
    registry: Registry,
    principal: Principal,
    *,
    selection: Selection = None,
    reference: date | datetime | None = None,
) -> CustomerKpis:
    """The four KPI figures over ``selection`` at ``reference`` (default: the clock's now).

    Periods are calendar periods in the organisation's time zone (K3). The counts need Read-only.
    U5: the money figures are computed from the invoices the principal may see (InvoiceAccess ALL
    or OWN, at any Customers level) and are None for NONE; a prospect's "no billing" (K6) is
    judged on the visible invoices. All figures come from one read view of the data.
    """
    require(principal, CustomerPermission.READ_ONLY, "customer", "view KPI figures")
    customers = selection_query(selection)
    margin: MarginThisYear | None = None
    billing: BillingThisMonth | None = None
    open_kpis = registry.kpis or repository_kpis(registry.read)
    with open_kpis() as kpis:  # one read view: settings and figures agree
        settings = kpis.settings()
        moment = reference if reference is not None else registry.clock.now()
        periods = KpiPeriods.around(reference_day(moment, settings.zone))
        currency = settings.currency

        def money(amount: Decimal) -> Money:
            return Money(canonical_amount(amount), currency)

        active = kpis.active_customers(customers)
        visible = InvoiceVisibility.of(principal)
        prospects = kpis.prospects(customers, visible)  # K6: "no billing" among visible ones
        if visible is not None:
            year, this_month, last_month = kpis.billing(
                (periods.this_year, periods.this_month, periods.last_month), customers, visible
            )
            margin = MarginThisYear(
                periods.this_year,
                billing=money(year),
                total_cost=money(kpis.total_cost(periods.this_year, customers)),
            )
            billing = BillingThisMonth(
                periods.this_month,
                periods.last_month,
                this_month=money(this_month),
                last_month=money(last_month),
            )
    return CustomerKpis(
        periods=periods,
        currency=currency,
        margin_this_year=margin,
        billing_this_month=billing,
        active_customers=active,
        prospects=prospects,
    )


__all__ = ["customer_kpis", "selection_query"]
