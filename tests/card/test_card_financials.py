"""Financials tab (U5): monthly billing, costs, margin and forecasts, drill-down, invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import ANNA
from cardkit import BO
from cardkit import DRAFT
from cardkit import EDITOR
from cardkit import NOBODY
from cardkit import OWN_INVOICES
from cardkit import PAID
from cardkit import READER
from cardkit import SENT
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import eur
from cardkit import new_customer
from cardkit import per_heavy_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.card import Figure
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.forecast import add_months
from custreg.domain.ids import CostEntryId
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.usecases.card import financials_drilldown
from custreg.usecases.card import financials_tab
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_project
from custreg.usecases.projects import set_project_forecast

CURRENT = date(2026, 11, 1)  # the fixture clock says 2026-11-25 12:00 UTC
FIRST = add_months(CURRENT, -5)

invoice_specs = st.lists(
    st.tuples(
        st.integers(-8, 2),  # month offset from the current month
        st.integers(1, 28),
        st.integers(-500, 5000),
        st.sampled_from([DRAFT, SENT, PAID]),
        st.booleans(),  # has a number
        st.sampled_from([ANNA, BO]),
    ),
    max_size=8,
)
cost_specs = st.lists(
    st.tuples(st.integers(0, 3), st.integers(-8, 1), st.integers(1, 28), st.integers(0, 900)),
    max_size=8,
)
forecast_specs = st.lists(
    st.tuples(st.integers(0, 3), st.integers(-7, 15), st.integers(0, 800), st.integers(0, 600)),
    max_size=6,
)


@per_heavy_example
@given(
    invoices=invoice_specs,
    costs=cost_specs,
    forecasts=forecast_specs,
    own=st.booleans(),
)
def test_u5_financials_figures_and_drilldowns_match_a_naive_model(
    registry_factory: Any,
    invoices: list[tuple[int, int, int, Any, bool, Any]],
    costs: list[tuple[int, int, int, int]],
    forecasts: list[tuple[int, int, int, int]],
    own: bool,
) -> None:
    registry = registry_factory(settings=card_settings)
    customer, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    projects = [
        create_project(registry, EDITOR, customer.id, NewProject("Open")),
        create_project(registry, EDITOR, customer.id, NewProject("Second")),
        create_project(registry, EDITOR, customer.id, NewProject("Internal", is_internal=True)),
        create_project(registry, EDITOR, other.id, NewProject("Theirs")),
    ]
    principal = OWN_INVOICES if own else ADMIN
    billing: dict[date, Decimal] = {}
    visible = set()
    for n, (offset, day, amount, status, numbered, owner) in enumerate(invoices):
        on = add_months(CURRENT, offset).replace(day=day)
        invoice = add_invoice(
            registry,
            customer.id,
            on,
            amount,
            status=status,
            number=n + 1 if numbered else None,
            owner=owner,
        )
        add_invoice(registry, other.id, on, 999, status=SENT, number=1000 + n)  # never counted
        sees = not own or owner == BO
        if sees:
            visible.add(invoice.id)
        if sees and status != DRAFT and numbered and on >= FIRST:
            billing[on.replace(day=1)] = billing.get(on.replace(day=1), Decimal(0)) + amount
    spent: dict[date, Decimal] = {}
    with registry.uow() as uow:
        for p, offset, day, amount in costs:
            on = add_months(CURRENT, offset).replace(day=day)
            entry = CostEntry(
                CostEntryId(registry.ids.new_id()),
                projects[p].id,
                CostKind.WORK_HOURS,
                on,
                eur(amount),
            )
            uow.projects.add_cost(entry)
            if p < 2 and on >= FIRST:  # internal projects and other customers' are excluded
                spent[on.replace(day=1)] = spent.get(on.replace(day=1), Decimal(0)) + amount
        uow.commit()
    planned: dict[tuple[int, date], tuple[int, int]] = {}
    for p, offset, fb, fc in forecasts:
        month = add_months(CURRENT, offset)
        set_project_forecast(registry, ADMIN, projects[p].id, month, eur(fb), eur(fc))
        planned[(p, month)] = (fb, fc)  # setting again replaces
    counted = {k: v for k, v in planned.items() if k[0] < 2}
    future = [m for (_, m) in counted if CURRENT < m <= add_months(CURRENT, 12)]
    last = max(future, default=CURRENT)

    tab = financials_tab(registry, principal, customer.id)

    months = [
        add_months(FIRST, i)
        for i in range(6 + (last.year - CURRENT.year) * 12 + last.month - CURRENT.month)
    ]
    assert [m.month for m in tab.months] == months
    for figures in tab.months:
        m = figures.month
        f_billing = sum((v[0] for k, v in counted.items() if k[1] == m), 0)
        f_costs = sum((v[1] for k, v in counted.items() if k[1] == m), 0)
        assert figures.billing == eur(billing.get(m, 0))
        assert figures.costs == eur(spent.get(m, 0))
        assert figures.margin == eur(billing.get(m, 0) - spent.get(m, 0))
        assert (figures.forecast_billing, figures.forecast_costs) == (eur(f_billing), eur(f_costs))
        assert figures.is_future == (m > CURRENT)
        for figure in Figure:
            drill = financials_drilldown(registry, principal, customer.id, m, figure)
            assert drill.total == figures.figure(figure)
            assert all(i.id in visible and i.customer_id == customer.id for i in drill.invoices)
            assert all(c.project_id in {projects[0].id, projects[1].id} for c in drill.costs)
            assert all(f.month == m for f in drill.forecasts)
    assert {row.invoice.id for row in tab.invoices} == visible
    dates = [row.invoice.on for row in tab.invoices]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("principal", [EDITOR, READER, NOBODY], ids=lambda p: p.customers.name)
def test_u5_financials_are_refused_below_all_not_zeroed(
    registry_factory: Any, principal: Any
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    add_invoice(registry, customer.id, date(2026, 11, 2), 100)
    with pytest.raises(PermissionDeniedError) as error:
        financials_tab(registry, principal, customer.id)
    assert "ALL" in str(error.value)
    with pytest.raises(PermissionDeniedError):
        financials_drilldown(registry, principal, customer.id, CURRENT, Figure.BILLING)
    with pytest.raises(PermissionDeniedError):
        set_project_forecast(
            registry,
            principal,
            create_project(registry, ADMIN, customer.id, NewProject("P")).id,
            CURRENT,
            eur(1),
            eur(1),
        )
    assert financials_tab(registry, ADMIN, customer.id).month(CURRENT).billing == eur(100)
