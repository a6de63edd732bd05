"""Demo sections for the customer card, reports with export, and duplicates."""

from __future__ import annotations

import csv
import io
from datetime import date
from datetime import timedelta
from decimal import Decimal

import custreg as cr
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId


def card_demo(
    registry: cr.Registry, admin: cr.Principal, reader: cr.Principal, customer: cr.Customer
) -> None:
    """Fill one customer's card through the use cases and print every tab (P, T, N, S, U rules)."""
    owner = UserId(admin.user_id)
    lead, todo, doing = _status(registry, "Lead"), *_task_statuses(registry)
    ann = cr.add_contact(
        registry,
        admin,
        customer.id,
        cr.NewContact(
            "Ann", "Able", title="CFO", emails=("ann@example.fi",), keywords={"newsletter"}
        ),
    )
    old = cr.add_contact(registry, admin, customer.id, cr.NewContact("Otto", "Old"))
    cr.inactivate_contact(registry, admin, old.id)
    site = cr.create_project(
        registry, admin, customer.id, cr.NewProject("Web shop", owner_id=owner)
    )
    cr.create_sales_case(
        registry,
        admin,
        customer.id,
        cr.NewProject(
            "Support deal", sales_status_id=lead, expected_value=cr.Money(Decimal(12000), "EUR")
        ),
    )
    now = registry.clock.now()
    cr.add_activity(
        registry,
        reader,
        customer.id,  # U2: Read-only may add activities
        cr.NewActivity(
            cr.ActivityKind.CALENDAR,
            "Kick-off",
            starts_at=now + timedelta(days=3),
            project_id=site.id,
            contact_ids=frozenset({ann.id}),
        ),
    )
    cr.add_note(registry, admin, customer.id, "Prefers e-mail")
    cr.add_note(registry, admin, customer.id, "Go-live in March", site.id)
    cr.add_task(registry, admin, site.id, "Design", todo, [owner])
    cr.add_task(registry, admin, site.id, "Contract", doing, [owner])
    month = date(now.year, now.month, 1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    cr.set_project_forecast(
        registry,
        admin,
        site.id,
        next_month,
        cr.Money(Decimal(8000), "EUR"),
        cr.Money(Decimal(5000), "EUR"),
    )
    for tab in (
        cr.contacts_tab,
        cr.sales_tab,
        cr.collaboration_tab,
        cr.financials_tab,
        cr.settings_tab,
    ):
        print("  " + cr.render_tab(tab(registry, admin, customer.id)).replace("\n", "\n  "))
        print()
    try:
        cr.financials_tab(registry, reader, customer.id)
    except cr.errors.PermissionDeniedError as error:
        print(f"  Financials for a read-only user (U5): refused -> {error}")


def _status(registry: cr.Registry, name: str) -> SalesStatusId:
    return next(s.id for s in cr.get_settings(registry).sales_statuses if s.name == name)


def _task_statuses(registry: cr.Registry) -> tuple[TaskStatusId, TaskStatusId]:
    statuses = sorted(cr.get_settings(registry).task_statuses, key=lambda s: s.order)
    return statuses[0].id, statuses[1].id


def report_demo(registry: cr.Registry, admin: cr.Principal, csv_path: str) -> None:
    """X1-X4: the built-in Contacts & addresses report, streamed to CSV and read back."""
    with open(csv_path, "w", encoding="utf-8", newline="") as stream:
        result = cr.run_report(registry, admin, cr.builtin_report("contacts"), cr.CsvSink(stream))
    print(f"  {result.rows} row(s) written to {csv_path}:")
    with open(csv_path, encoding="utf-8", newline="") as stream:
        for row in list(csv.reader(stream))[:4]:
            print("   | " + " | ".join(cell[:18] for cell in row[:6]))
    buffer = io.StringIO()
    try:
        cr.run_report(
            registry,
            admin,
            cr.definition_from_mapping(
                {"level": "customers", "columns": ["customer.shoe_size"]},
                cr.get_settings(registry),
            ),
            cr.CsvSink(buffer),
        )
    except cr.errors.ValidationError as error:
        print(f"  unknown column: refused -> {str(error)[:110]}...")
    neutral = cr.neutralise_formula("=1+2")
    print(f"  formula-looking text is neutralised (X4): =1+2 becomes {neutral}")


def duplicates_demo(registry: cr.Registry, admin: cr.Principal) -> None:
    """Likely duplicates (legal forms and case ignored), then consolidation (D1-D2)."""
    twin = cr.create_customer(registry, admin, cr.CreateCustomer("OY ESIMERKKI AB"))
    cr.create_project(registry, admin, twin.id, cr.NewProject("Loyalty app"))
    pairs = cr.find_duplicates(registry, admin, cr.RapidfuzzSimilarity())
    for pair in pairs:
        reasons = ", ".join(r.value for r in pair.reasons)
        print(f"  {pair.first.name} ~ {pair.second.name}: {reasons} (score {pair.score:.2f})")
    keep = next(p.first for p in pairs if p.second.id == twin.id)
    report = cr.consolidate(registry, admin, twin.id, keep.id)
    moved = ", ".join(m.name for m in report.moved) or "nothing"
    left = len(report.not_moved)
    print(
        f"  consolidated {twin.name} into {keep.name}: moved {moved}; {left} left behind; "
        f"duplicate inactivated: {'yes' if report.inactivated else 'no'}"
    )
