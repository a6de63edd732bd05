"""Report rows from loaded entities: the reference semantics of ``ReportPlan`` (X1-X5) in plain
Python, shared by the core's default report queries and the in-memory adapter, so both give the
rows the SQL adapter's statements must give."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import counts_as_billing
from custreg.domain.project import Project
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import ReportPlan


@frozen
class ReportRow:
    """Everything one report row may show."""

    customer: Customer
    address: Address | None = None
    contact: Contact | None = None
    note: Note | None = None
    project: Project | None = None
    billing: Decimal | None = None


def _street(row: ReportRow) -> str | None:
    if row.address is None:
        return None
    return ", ".join(row.address.lines) or None


def _address(name: str) -> Callable[[ReportRow], Any]:
    return lambda row: getattr(row.address, name) if row.address else None


def _of(entity: str, name: str) -> Callable[[ReportRow], Any]:
    return lambda row: getattr(getattr(row, entity), name)


def _str_of(entity: str, name: str) -> Callable[[ReportRow], Any]:
    def value(row: ReportRow) -> str | None:
        found = getattr(getattr(row, entity), name)
        return None if found is None else str(found)

    return value


def _einvoice(name: str) -> Callable[[ReportRow], Any]:
    return lambda row: getattr(row.customer.einvoice_addresses.default, name, None)


RAW_VALUES: dict[str, Callable[[ReportRow], Any]] = {
    "customer.id": _of("customer", "id"),
    "customer.number": lambda row: row.customer.number.value,
    "customer.name": _of("customer", "name"),
    "customer.status": _of("customer", "status"),
    "customer.vat_number": _str_of("customer", "vat_number"),
    "customer.business_id": _str_of("customer", "business_id"),
    "customer.email": _str_of("customer", "email"),
    "customer.website": _str_of("customer", "website"),
    "customer.owner": _of("customer", "owner_id"),
    "customer.industry": _of("customer", "industry_id"),
    "customer.market_segments": _of("customer", "market_segment_ids"),
    "customer.invoice_template": _of("customer", "invoice_template_id"),
    "customer.default_vat_rate": _of("customer", "default_vat_rate_id"),
    "customer.payment_term_days": _of("customer", "payment_term_days"),
    "customer.einvoice_address": _einvoice("address"),
    "customer.einvoice_operator": _einvoice("operator"),
    "customer.einvoice_addresses": lambda row: row.customer.einvoice_addresses.labels(),
    "customer.is_internal": _of("customer", "is_internal"),
    "customer.created_at": _of("customer", "created_at"),
    "customer.updated_at": _of("customer", "updated_at"),
    "customer.billing_total": lambda row: row.billing,
    "address.street": _street,
    "address.postal_code": _address("postal_code"),
    "address.city": _address("city"),
    "address.country": _address("country"),
    "contact.first_name": _of("contact", "first_name"),
    "contact.last_name": _of("contact", "last_name"),
    "contact.title": _of("contact", "title"),
    "contact.status": _of("contact", "active"),
    "contact.emails": lambda row: [e.address for e in row.contact.emails] if row.contact else (),
    "contact.phones": _of("contact", "phones"),
    "contact.roles": _of("contact", "roles"),
    "contact.keywords": _of("contact", "keywords"),
    "contact.id": _of("contact", "id"),
    "note.text": _of("note", "text"),
    "note.created_at": _of("note", "created_at"),
    "note.created_by": _of("note", "created_by"),
    "note.id": _of("note", "id"),
    "project.number": _of("project", "number"),
    "project.name": _of("project", "name"),
    "project.sales_status": _of("project", "sales_status_id"),
    "project.probability": _of("project", "probability"),
    "project.is_closed": _of("project", "is_closed"),
    "project.expected_value": _of("project", "expected_value"),
}


def listed(plan: ReportPlan, contact: Contact) -> bool:
    """X2: a contact the plan lists (not deleted; of the plan's contact status, if any)."""
    return plan.lists_contact(contact.active, contact.is_deleted)


def billing_totals(
    plan: ReportPlan, invoices: Iterable[Invoice], customers: Mapping[CustomerId, Customer]
) -> dict[CustomerId, Decimal]:
    """The billing total per customer in scope, if the plan shows it (visible, billed invoices
    in the plan's currency)."""
    if not any(c.key == "customer.billing_total" for c in plan.columns):
        return {}
    visibility = plan.invoices
    if visibility is None:
        return {}
    statuses = {s.id: s for s in plan.settings.invoice_statuses}
    totals: dict[CustomerId, Decimal] = {}
    for invoice in invoices:
        if (
            invoice.customer_id in customers
            and invoice.total_excl_vat.currency == plan.currency
            and counts_as_billing(invoice, statuses, None, visibility)
        ):
            before = totals.get(invoice.customer_id, Decimal(0))
            totals[invoice.customer_id] = before + invoice.total_excl_vat.amount
    return totals


def report_rows(
    plan: ReportPlan,
    customers: Mapping[CustomerId, Customer],
    contacts: Mapping[CustomerId, list[Contact]],
    addresses: Mapping[AddressId, Address],
    notes: Iterable[Note],
    projects: Mapping[ProjectId, Project],
    invoices: Iterable[Invoice],
) -> list[ReportRow]:
    """The rows of ``plan`` in its order, from the customers the plan's query accepts, their
    listed contacts (``listed``), the addresses, notes, projects and invoices they refer to."""
    keyword = plan.keyword
    if keyword is not None:
        carrying = {cid for cid, cs in contacts.items() if any(keyword in c.keywords for c in cs)}
        customers = {cid: c for cid, c in customers.items() if cid in carrying}

    def hq(customer: Customer) -> Address | None:
        found = customer.headquarters_address_id
        return addresses.get(found) if found is not None else None

    billing = billing_totals(plan, invoices, customers)
    rows: list[ReportRow] = []
    if plan.level is ReportLevel.CUSTOMERS:
        rows = [ReportRow(c, hq(c), billing=billing.get(c.id)) for c in customers.values()]
    elif plan.level is ReportLevel.CONTACTS:
        for cid, customer_contacts in contacts.items():
            customer = customers.get(cid)
            if customer is None:
                continue
            for contact in customer_contacts:
                if keyword is not None and keyword not in contact.keywords:
                    continue
                own = addresses.get(contact.address_id) if contact.address_id else None
                address = own if own is not None else hq(customer)
                rows.append(ReportRow(customer, address, contact, billing=billing.get(cid)))
    else:
        for note in notes:
            customer = customers.get(note.customer_id)
            if customer is None or note_level(plan, note, projects) is not plan.level:
                continue
            project = projects.get(note.project_id) if note.project_id else None
            rows.append(
                ReportRow(customer, hq(customer), None, note, project, billing.get(customer.id))
            )
    sort_rows(rows, plan)
    return rows


def raw_values(plan: ReportPlan) -> list[Callable[[ReportRow], Any]]:
    """One function per plan column giving the column's raw value of a row."""
    return [
        RAW_VALUES[c.key] if c.custom_field_id is None else _custom(c.custom_field_id)
        for c in plan.columns
    ]


def identity(customer: Customer) -> CustomerIdentity:
    """What duplicate detection compares of one customer."""
    business_id = customer.business_id
    return CustomerIdentity(
        customer.id,
        customer.number.value,
        customer.name,
        customer.vat_number.value if customer.vat_number else None,
        f"{business_id.country}:{business_id.value}" if business_id else None,
        customer.status,
    )


def _custom(field_id: Any) -> Callable[[ReportRow], Any]:
    return lambda row: row.customer.custom_fields.get(field_id)


def note_level(plan: ReportPlan, note: Note, projects: Mapping[ProjectId, Project]) -> ReportLevel:
    """X3: which of the three note levels a note belongs to."""
    if note.project_id is None:
        return ReportLevel.CUSTOMER_NOTES
    project = projects.get(note.project_id)
    status = project.sales_status_id if project is not None else None
    if status is not None and status in plan.sales_case_status_ids:
        return ReportLevel.SALES_CASE_NOTES
    return ReportLevel.PROJECT_NOTES


def sort_rows(rows: list[ReportRow], plan: ReportPlan) -> None:
    """Stable sorts from the least to the most significant key give the plan's order."""
    for key in reversed(plan.order):
        rows.sort(key=RAW_VALUES[key.column], reverse=key.descending)
