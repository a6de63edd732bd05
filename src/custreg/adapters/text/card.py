"""The customer card's tabs as plain text: ``render_tab``, one line per item.

For demos, command lines and logs; hosts render the read models of ``custreg.domain.card``
themselves. The order and content of the lines are the read model's (the domain decides what a
tab holds); this module only words them.
"""

from __future__ import annotations

from custreg.domain.card import CollaborationTab
from custreg.domain.card import ContactsTab
from custreg.domain.card import FinancialsTab
from custreg.domain.card import ProjectRef
from custreg.domain.card import SalesTab
from custreg.domain.card import SettingsTab
from custreg.domain.card import Tab
from custreg.domain.card import UserRef


def _name(ref: UserRef | ProjectRef | None) -> str:
    if ref is None:
        return "-"
    return f"#{ref.number} {ref.name}" if isinstance(ref, ProjectRef) else ref.name


def _contacts_lines(tab: ContactsTab) -> list[str]:
    h = tab.header
    lines = [
        f"{h.name} (customer {h.number}, {h.status.value}), owner {_name(h.owner)}",
        f"  created {h.created_at:%Y-%m-%d} by {_name(h.created_by)}"
        + (f", updated {h.updated_at:%Y-%m-%d} by {_name(h.updated_by)}" if h.updated_at else ""),
    ]
    lines += [
        f"  address: {a.address.one_line()}" + (" (headquarters)" if a.is_headquarters else "")
        for a in tab.addresses
    ]
    for contact in tab.contacts_with_inactive:
        flags = "" if contact.active else " (inactive)"
        emails = ", ".join(str(e) for e in contact.emails)
        words = ", ".join(sorted(contact.keywords))
        lines.append(
            f"  contact: {contact.full_name}{flags}"
            + (f" <{emails}>" if emails else "")
            + (f" [{words}]" if words else "")
        )
    for title, views in (("planned", tab.planned_activities), ("past", tab.past_activities)):
        for view in views:
            activity = view.activity
            when = f" {activity.starts_at:%Y-%m-%d %H:%M}" if activity.starts_at else ""
            link = f" (project {_name(view.project)})" if view.project else ""
            lines.append(f"  {title} {activity.kind.value}:{when} {activity.title}{link}")
    for note in tab.notes:
        link = f" (project {_name(note.project)})" if note.project else ""
        lines.append(f"  note: {note.note.text}{link}")
    for item in tab.files:
        f = item.file
        what = f.url if f.url else f"{f.size} bytes, {f.media_type}"
        lines.append(f"  {f.kind.value}: {f.name} ({what})")
    return lines


def _sales_lines(tab: SalesTab) -> list[str]:
    lines = [f"{tab.customer.name}: sales cases and projects"]
    for title, rows in (
        ("open sales case", tab.open_sales_cases),
        ("closed sales case", tab.closed_sales_cases),
        ("open project", tab.open_projects),
        ("closed project", tab.closed_projects),
    ):
        for row in rows:
            status = row.sales_status.name if row.sales_status else "-"
            value = f", value {row.value}" if row.value is not None else ""
            moves = "" if row.movable else ", cannot change customer"
            lines.append(
                f"  {title}: #{row.number} {row.name} [{status}, {row.probability} %{value}, "
                f"owner {_name(row.owner)}{moves}]"
            )
    return lines


def _collaboration_lines(tab: CollaborationTab) -> list[str]:
    lines = [f"{tab.customer.name}: {tab.total} tasks"]
    for column in tab.columns:
        lines.append(f"  {column.name} ({column.count})")
        lines += [
            f"    #{card.project.number} {card.name}"
            + (f" -> {', '.join(a.name for a in card.assignees)}" if card.assignees else "")
            for card in column.tasks
        ]
    return lines


def _financials_lines(tab: FinancialsTab) -> list[str]:
    lines = [
        f"{tab.customer.name}: financials in {tab.currency}",
        f"  {'month':<8} {'billing':>12} {'costs':>12} {'margin':>12} "
        f"{'fc billing':>12} {'fc costs':>12}",
    ]
    for m in tab.months:
        lines.append(
            f"  {m.month:%Y-%m}{'*' if m.is_future else ' '} {m.billing.amount:>12} "
            f"{m.costs.amount:>12} {m.margin.amount:>12} {m.forecast_billing.amount:>12} "
            f"{m.forecast_costs.amount:>12}"
        )
    for row in tab.invoices:
        invoice = row.invoice
        number = invoice.number if invoice.number is not None else "-"
        lines.append(
            f"  invoice {number} {invoice.on} {invoice.total_excl_vat} [{row.status_name}]"
        )
    return lines


def _settings_lines(tab: SettingsTab) -> list[str]:
    template = tab.invoice_template.name if tab.invoice_template else "-"
    vat = tab.default_vat_rate.name if tab.default_vat_rate else "-"
    term = f"{tab.payment_term_days} days" if tab.payment_term_days is not None else "-"
    einvoice = ", ".join(f"{e.address} via {e.operator}" for e in tab.einvoice_addresses)
    lines = [
        f"{tab.customer.name}: settings",
        f"  invoice template {template}, default VAT {vat}, payment term {term}",
        f"  e-invoicing {einvoice or '-'}" + (" (first: default)" if einvoice else ""),
        "  segments: " + (", ".join(s.segment.name for s in tab.market_segments) or "-"),
    ]
    lines += [
        f"  {v.definition.name}: {'-' if v.value is None else v.value}" for v in tab.custom_fields
    ]
    return lines


def render_tab(tab: Tab) -> str:
    """A tab as plain text, one line per item (for demos and logs; hosts render the model)."""
    if isinstance(tab, ContactsTab):
        lines = _contacts_lines(tab)
    elif isinstance(tab, SalesTab):
        lines = _sales_lines(tab)
    elif isinstance(tab, CollaborationTab):
        lines = _collaboration_lines(tab)
    elif isinstance(tab, FinancialsTab):
        lines = _financials_lines(tab)
    else:
        lines = _settings_lines(tab)
    return "\n".join(lines)
