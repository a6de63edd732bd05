"""U5 as revised, K4 and K6: invoice visibility is a permission of its own.

``InvoiceAccess`` (ALL, OWN, NONE) is independent of the Customers level: the KPI strip, the card's
Financials tab and drill-downs, the Sales tab's "has invoice" flag, report money columns and the
prospect count (K6's "no billing") are computed from the invoices the principal may see, and a
principal learns nothing about an invoice they may not see. Memory, SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from card.cardkit import ADMIN
from card.cardkit import ANNA
from card.cardkit import BO
from card.cardkit import SENT
from card.cardkit import add_invoice
from card.cardkit import card_settings
from card.cardkit import new_customer
from card.cardkit import per_example
from custreg.adapters.exports.collect import CollectingSink
from custreg.adapters.system import FixedClock
from custreg.domain.card import Figure
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportLevel
from custreg.ports.registry import Registry
from custreg.testing.contracts import RegistryFactory
from custreg.usecases.card import financials_drilldown
from custreg.usecases.card import financials_tab
from custreg.usecases.card import sales_tab
from custreg.usecases.kpis import customer_kpis
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_sales_case
from custreg.usecases.reports import run_report

DAY = date(2026, 11, 20)
CLOCK = datetime(2026, 11, 20, 12, 0).astimezone()
LEVELS = [CustomerPermission.READ_ONLY, CustomerPermission.EDIT, CustomerPermission.ALL]


def _world(registry_factory: RegistryFactory) -> tuple[Registry, Any, Any]:
    """A prospect-to-be with a sales case whose only billed invoice is Bo's (10) and a Draft of
    Anna's; a second customer with Anna's billed invoice (7)."""
    registry = registry_factory(settings=card_settings, clock=FixedClock(CLOCK))
    bo_billed = new_customer(registry, "Bo Billed Oy")
    case = create_sales_case(registry, ADMIN, bo_billed.id, NewProject("Deal", owner_id=ANNA))
    add_invoice(registry, bo_billed.id, DAY, 10, owner=BO, projects=(case.id,))
    anna_billed = new_customer(registry, "Anna Billed Oy")
    add_invoice(registry, anna_billed.id, DAY, 7, owner=ANNA)
    return registry, bo_billed, case


def _billing(principal: Principal) -> Decimal | None:
    if principal.invoices is InvoiceAccess.NONE:
        return None
    return Decimal(17) if principal.invoices is InvoiceAccess.ALL else Decimal(7)


@per_example
@given(level=st.sampled_from(LEVELS), access=st.sampled_from(InvoiceAccess))
@example(level=CustomerPermission.READ_ONLY, access=InvoiceAccess.ALL)
@example(level=CustomerPermission.ALL, access=InvoiceAccess.NONE)
@example(level=CustomerPermission.EDIT, access=InvoiceAccess.OWN)
def test_u5_k4_k6_kpis_count_exactly_the_visible_invoices_at_every_level(
    registry_factory: RegistryFactory, level: CustomerPermission, access: InvoiceAccess
) -> None:
    """Billing is the sum of the visible billed invoices whatever the Customers level; the
    customer whose only billed invoice is Bo's is a prospect to whoever may not see it."""
    registry, _, _ = _world(registry_factory)
    principal = Principal(ANNA, level, invoices=access)
    kpis = customer_kpis(registry, principal, reference=DAY)
    billing = kpis.billing_this_month
    assert (None if billing is None else billing.this_month.amount) == _billing(principal)
    assert (kpis.margin_this_year is None) == (access is InvoiceAccess.NONE)
    assert kpis.prospects == (0 if access is InvoiceAccess.ALL else 1)
    assert kpis.active_customers == 1


@pytest.mark.parametrize("access", list(InvoiceAccess))
@pytest.mark.parametrize("level", LEVELS)
def test_u5_sales_tab_has_invoice_only_through_a_visible_invoice(
    registry_factory: RegistryFactory, level: CustomerPermission, access: InvoiceAccess
) -> None:
    registry, customer, case = _world(registry_factory)
    principal = Principal(ANNA, level, invoices=access)
    (row,) = sales_tab(registry, principal, customer.id).rows
    assert row.id == case.id
    assert row.has_invoice == (access is InvoiceAccess.ALL)
    assert (row.value is None) == (access is InvoiceAccess.NONE) or case.expected_value is None


@pytest.mark.parametrize("access", list(InvoiceAccess))
@pytest.mark.parametrize("level", LEVELS)
def test_u5_financials_and_drilldowns_follow_invoice_access_not_the_customers_level(
    registry_factory: RegistryFactory, level: CustomerPermission, access: InvoiceAccess
) -> None:
    registry, customer, _ = _world(registry_factory)
    principal = Principal(ANNA, level, invoices=access)
    if access is InvoiceAccess.NONE:
        with pytest.raises(PermissionDeniedError) as refused:
            financials_tab(registry, principal, customer.id)
        assert "invoice access" in refused.value.reason
        with pytest.raises(PermissionDeniedError):
            financials_drilldown(registry, principal, customer.id, DAY, Figure.BILLING)
        return
    tab = financials_tab(registry, principal, customer.id)
    visible = Decimal(10) if access is InvoiceAccess.ALL else Decimal(0)
    assert tab.month(DAY).billing.amount == visible
    assert [r.invoice.owner_id for r in tab.invoices] == ([BO] if visible else [])
    drill = financials_drilldown(registry, principal, customer.id, DAY, Figure.BILLING)
    assert sum((i.total_excl_vat.amount for i in drill.invoices), Decimal(0)) == visible


@pytest.mark.parametrize("access", list(InvoiceAccess))
def test_u5_report_money_columns_for_a_read_only_principal(
    registry_factory: RegistryFactory, access: InvoiceAccess
) -> None:
    registry, _, _ = _world(registry_factory)
    principal = Principal(ANNA, CustomerPermission.READ_ONLY, invoices=access)
    definition = ReportDefinition(
        ReportLevel.CUSTOMERS, ("customer.name", "customer.billing_total")
    )
    sink = CollectingSink()
    if access is InvoiceAccess.NONE:
        with pytest.raises(PermissionDeniedError) as refused:
            run_report(registry, principal, definition, sink)
        assert refused.value.field == "columns"
        return
    run_report(registry, principal, definition, sink)
    totals = {row[0]: row[1].amount for row in sink.rows}
    expected_bo = Decimal(10) if access is InvoiceAccess.ALL else Decimal(0)
    assert totals == {"Anna Billed Oy": Decimal(7), "Bo Billed Oy": expected_bo}


def test_u5_default_invoice_access_follows_the_customers_level() -> None:
    """A principal built without an invoice permission sees what it saw before it existed."""
    assert Principal(ANNA, CustomerPermission.ALL).invoices is InvoiceAccess.ALL
    assert Principal(ANNA, CustomerPermission.EDIT).invoices is InvoiceAccess.NONE
    assert not Principal(ANNA, CustomerPermission.NONE, invoices=InvoiceAccess.ALL).sees_money
    assert SENT is not None
