"""The card's tabs as plain text (``custreg.adapters.text.card.render_tab``, re-exported as
``custreg.render_tab``): one line per item, in the read model's order, for demos and logs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from cardkit import ADMIN
from cardkit import ANNA
from cardkit import DOING
from cardkit import FINNISH
from cardkit import KEY_ACCOUNTS
from cardkit import LEAD
from cardkit import PAID
from cardkit import TODO
from cardkit import VAT_GENERAL
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import eur
from cardkit import new_customer

import custreg as cr
from custreg.adapters.text.card import render_tab
from custreg.domain.card import Tab
from custreg.domain.ids import OrganisationId
from custreg.ports.registry import Registry
from custreg.usecases.commands import NewAddress

ORGANISATION = OrganisationId(cr.SequentialIds().new_id())
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _registry() -> Registry:
    return cr.open_memory(
        ORGANISATION,
        settings=card_settings(ORGANISATION),
        clock=cr.FixedClock(NOW),
        ids=cr.SequentialIds(),
    )


def _filled() -> tuple[Registry, cr.Customer]:
    registry = _registry()
    customer = new_customer(registry, "Acme Oy")
    cr.add_address(
        registry, ADMIN, customer.id, NewAddress("FI", ("Main street 1",), "00100", "Helsinki")
    )
    ann = cr.add_contact(
        registry,
        ADMIN,
        customer.id,
        cr.NewContact("Ann", "Able", emails=("ann@example.fi",), keywords={"newsletter"}),
    )
    old = cr.add_contact(registry, ADMIN, customer.id, cr.NewContact("Otto", "Old"))
    cr.inactivate_contact(registry, ADMIN, old.id)
    site = cr.create_project(registry, ADMIN, customer.id, cr.NewProject("Web shop", owner_id=ANNA))
    cr.create_sales_case(
        registry,
        ADMIN,
        customer.id,
        cr.NewProject("Support deal", sales_status_id=LEAD, expected_value=eur(12000)),
    )
    cr.add_activity(
        registry,
        ADMIN,
        customer.id,
        cr.NewActivity(
            cr.ActivityKind.CALENDAR,
            "Kick-off",
            starts_at=NOW + timedelta(days=3),
            project_id=site.id,
            contact_ids=frozenset({ann.id}),
        ),
    )
    call = cr.add_activity(
        registry,
        ADMIN,
        customer.id,
        cr.NewActivity(cr.ActivityKind.TODO, "Call back", starts_at=NOW - timedelta(days=2)),
    )
    cr.complete_activity(registry, ADMIN, call.id)
    cr.add_note(registry, ADMIN, customer.id, "Prefers e-mail")
    cr.add_note(registry, ADMIN, customer.id, "Go-live in March", site.id)
    cr.add_task(registry, ADMIN, site.id, "Design", TODO, [ANNA])
    cr.add_task(registry, ADMIN, site.id, "Contract", DOING, [])
    cr.set_project_forecast(registry, ADMIN, site.id, date(2027, 1, 1), eur(8000), eur(5000))
    add_invoice(registry, customer.id, date(2026, 11, 5), "1500.00", status=PAID, number=7)
    cr.update_customer_settings(
        registry,
        ADMIN,
        customer.id,
        cr.CustomerSettingsChange(
            invoice_template_id=FINNISH,
            default_vat_rate_id=VAT_GENERAL,
            payment_term_days=14,
            market_segment_ids=frozenset({KEY_ACCOUNTS}),
        ),
    )
    return registry, customer


def _text(tab: Callable[[Registry, cr.Principal, cr.CustomerId], Tab]) -> list[str]:
    registry, customer = _filled()
    return render_tab(tab(registry, ADMIN, customer.id)).split("\n")


def test_contacts_tab_lists_header_addresses_contacts_activities_and_notes() -> None:
    assert _text(cr.contacts_tab) == [
        "Acme Oy (customer 1, active), owner Anna Account",
        "  created 2026-11-20 by Anna Account, updated 2026-11-20 by Anna Account",
        "  address: Main street 1, 00100 Helsinki, FI (headquarters)",
        "  contact: Ann Able <ann@example.fi> [newsletter]",
        "  contact: Otto Old (inactive)",
        "  planned calendar: 2026-11-23 10:00 Kick-off (project #1 Web shop)",
        "  past todo: 2026-11-18 10:00 Call back",
        "  note: Prefers e-mail",
        "  note: Go-live in March (project #1 Web shop)",
    ]


def test_sales_tab_lists_each_project_in_its_list_with_status_value_and_owner() -> None:
    assert _text(cr.sales_tab) == [
        "Acme Oy: sales cases and projects",
        "  open sales case: #2 Support deal [Lead, 10 %, value 12000 EUR, owner -]",
        "  open project: #1 Web shop [-, 0 %, owner Anna Account]",
    ]


def test_collaboration_tab_lists_columns_with_counts_and_assignees() -> None:
    assert _text(cr.collaboration_tab) == [
        "Acme Oy: 2 tasks",
        "  Not started (1)",
        "    #1 Design -> Anna Account",
        "  In progress (1)",
        "    #1 Contract",
        "  Done (0)",
    ]


def test_financials_tab_lists_months_future_ones_starred_and_invoices() -> None:
    zero = f"{0:>12} {0:>12}"
    assert _text(cr.financials_tab) == [
        "Acme Oy: financials in EUR",
        "  month         billing        costs       margin   fc billing     fc costs",
        *(f"  2026-{m:02}  {0:>12} {zero} {zero}" for m in range(6, 11)),
        f"  2026-11  {'1500.00':>12} {0:>12} {'1500.00':>12} {zero}",
        f"  2026-12* {0:>12} {zero} {zero}",
        f"  2027-01* {0:>12} {0:>12} {0:>12} {8000:>12} {5000:>12}",
        "  invoice 7 2026-11-05 1500.00 EUR [Paid]",
    ]


def test_settings_tab_lists_billing_settings_segments_and_every_active_custom_field() -> None:
    assert _text(cr.settings_tab) == [
        "Acme Oy: settings",
        "  invoice template Finnish, default VAT General 25.5 %, payment term 14 days",
        "  e-invoicing -",
        "  segments: Key accounts",
        "  Tier: -",
        "  Employees: -",
        "  Signed on: -",
        "  Partner: -",
        "  Region: -",
    ]


def test_the_package_exports_the_adapter_s_render_tab() -> None:
    assert cr.render_tab is render_tab
