"""Report queries of the in-memory adapter: the reference semantics of ``ReportPlan`` in plain
Python over a snapshot of the store (the SQL adapter must give the same rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from attrs import frozen

from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.ids import CustomerId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import counts_as_billing
from custreg.domain.project import Project
from custreg.domain.reports import ReportLevel, ReportPlan

if TYPE_CHECKING:
    from custreg.adapters.memory.store import MemoryStore

_TABLES = ("customers", "contacts", "addresses", "notes", "projects", "invoices")


@frozen
class _Row:
    """Everything one report row may show."""

    customer: Customer
    address: Address | None = None
    contact: Contact | None = None
    note: Note | None = None
    project: Project | None = None
    billing: Decimal | None = None


def _street(row: _Row) -> str | None:
    if row.address is None:
        return None
    return ", ".join(row.address.lines) or None


def _address(name: str) -> Callable[[_Row], Any]:
    return lambda row: getattr(row.address, name) if row.address else None


def _of(entity: str, name: str) -> Callable[[_Row], Any]:
    return lambda row: getattr(getattr(row, entity), name)


def _str_of(entity: str, name: str) -> Callable[[_Row], Any]:
    def value(row: _Row) -> str | None:
        found = getattr(getattr(row, entity), name)
        return None if found is None else str(found)

    return value


def _einvoice(name: str) -> Callable[[_Row], Any]:
    return lambda row: getattr(row.customer.einvoice, name) if row.customer.einvoice else None


_RAW: dict[str, Callable[[_Row], Any]] = {
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


def _listed(plan: ReportPlan, contact: Contact) -> bool:
    """X2: a contact the plan lists (not deleted; of the plan's contact status, if any)."""
    return plan.lists_contact(contact.active, contact.is_deleted)


class MemoryReportQueries:
    """Report queries over a MemoryStore; each call reads one consistent snapshot."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _snapshot(self) -> dict[str, Mapping[UUID, Any]]:
        # Committing swaps whole tables in, never edits a committed one: holding them is a view.
        with self._store.lock:
            return {name: self._store.tables.get(name, {}) for name in _TABLES}

    def _rows(self, plan: ReportPlan) -> list[_Row]:
        tables = self._snapshot()
        customers: dict[CustomerId, Customer] = {
            c.id: c for c in tables["customers"].values() if plan.customers.matches(c)
        }
        contacts: dict[CustomerId, list[Contact]] = {}
        for contact in tables["contacts"].values():
            if contact.customer_id in customers and _listed(plan, contact):
                contacts.setdefault(contact.customer_id, []).append(contact)
        keyword = plan.keyword
        if keyword is not None:
            carrying = {
                cid for cid, cs in contacts.items() if any(keyword in c.keywords for c in cs)
            }
            customers = {cid: c for cid, c in customers.items() if cid in carrying}
        addresses: Mapping[UUID, Address] = tables["addresses"]

        def hq(customer: Customer) -> Address | None:
            return addresses.get(customer.headquarters_address_id)  # type: ignore[arg-type]

        billing = self._billing(plan, tables["invoices"].values(), customers)
        rows: list[_Row] = []
        if plan.level is ReportLevel.CUSTOMERS:
            rows = [_Row(c, hq(c), billing=billing.get(c.id)) for c in customers.values()]
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
                    rows.append(_Row(customer, address, contact, billing=billing.get(cid)))
        else:
            projects: Mapping[UUID, Project] = tables["projects"]
            for note in tables["notes"].values():
                customer = customers.get(note.customer_id)
                if customer is None or _note_level(plan, note, projects) is not plan.level:
                    continue
                project = projects.get(note.project_id) if note.project_id else None
                rows.append(
                    _Row(customer, hq(customer), None, note, project, billing.get(customer.id))
                )
        _sort(rows, plan)
        return rows

    def _billing(
        self,
        plan: ReportPlan,
        invoices: Any,
        customers: Mapping[CustomerId, Customer],
    ) -> dict[CustomerId, Decimal]:
        if not any(c.key == "customer.billing_total" for c in plan.columns):
            return {}
        visibility = plan.invoices
        if visibility is None:
            return {}
        statuses = {s.id: s for s in plan.settings.invoice_statuses}
        totals: dict[CustomerId, Decimal] = {}
        for invoice in invoices:
            assert isinstance(invoice, Invoice)
            if (
                invoice.customer_id in customers
                and invoice.total_excl_vat.currency == plan.currency
                and counts_as_billing(invoice, statuses, None, visibility)
            ):
                before = totals.get(invoice.customer_id, Decimal(0))
                totals[invoice.customer_id] = before + invoice.total_excl_vat.amount
        return totals

    def count(self, plan: ReportPlan) -> int:
        return len(self._rows(plan))

    def chunks(self, plan: ReportPlan, chunk_size: int) -> Iterator[Sequence[Sequence[Any]]]:
        rows = self._rows(plan)
        extract = [
            _RAW[c.key] if c.custom_field_id is None else _custom(c.custom_field_id)
            for c in plan.columns
        ]
        for start in range(0, len(rows), chunk_size):
            yield [[f(row) for f in extract] for row in rows[start : start + chunk_size]]

    def identities(
        self, include_inactive: bool, chunk_size: int
    ) -> Iterator[Sequence[CustomerIdentity]]:
        customers = sorted(self._snapshot()["customers"].values(), key=lambda c: c.number.value)
        chosen = [c for c in customers if include_inactive or c.is_active]
        for start in range(0, len(chosen), chunk_size):
            yield [_identity(c) for c in chosen[start : start + chunk_size]]


def _identity(customer: Customer) -> CustomerIdentity:
    business_id = customer.business_id
    return CustomerIdentity(
        customer.id,
        customer.number.value,
        customer.name,
        customer.vat_number.value if customer.vat_number else None,
        f"{business_id.country}:{business_id.value}" if business_id else None,
        customer.status,
    )


def _custom(field_id: Any) -> Callable[[_Row], Any]:
    return lambda row: row.customer.custom_fields.get(field_id)


def _note_level(plan: ReportPlan, note: Note, projects: Mapping[UUID, Project]) -> ReportLevel:
    """X3: which of the three note levels a note belongs to."""
    if note.project_id is None:
        return ReportLevel.CUSTOMER_NOTES
    project = projects.get(note.project_id)
    status = project.sales_status_id if project is not None else None
    if status is not None and status in plan.sales_case_status_ids:
        return ReportLevel.SALES_CASE_NOTES
    return ReportLevel.PROJECT_NOTES


def _sort(rows: list[_Row], plan: ReportPlan) -> None:
    """Stable sorts from the least to the most significant key give the plan's order."""
    for key in reversed(plan.order):
        rows.sort(key=_RAW[key.column], reverse=key.descending)


__all__ = ["MemoryReportQueries"]
