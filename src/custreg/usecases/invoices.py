"""Recording, correcting and removing invoices and credit notes: what a host's ledger feeds the
KPI figures and the customer card (K3, K4, U5).

Permissions: every write needs Edit on customers, and the principal must be one who may see the
invoice (``Principal.may_see_invoice``; no one writes figures they may not read): recording one
they may not see is refused with PermissionDeniedError on ``invoice.owner_id``; correcting or
removing one they may not see is refused as NotFoundError, so nothing about it leaks. Every write
is audited (actions ``create``, ``update``, ``remove`` on entity ``invoice``) in the same
transaction, and each status an invoice takes is remembered as used (S4).
"""

from __future__ import annotations

from collections.abc import Iterable

from custreg.domain.entry import NewInvoice
from custreg.domain.entry import entry_id
from custreg.domain.entry import invoice_of
from custreg.domain.entry import require_invoice_write
from custreg.domain.errors import NotFoundError
from custreg.domain.events import Changed
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.entry import as_list
from custreg.usecases.entry import build_all
from custreg.usecases.entry import load_facts
from custreg.usecases.entry import record_creations
from custreg.usecases.entry import record_one
from custreg.usecases.statuses import StatusKind
from custreg.usecases.statuses import record_status_use


def _note_status_uses(
    registry: Registry, uow: Transaction, principal: Principal, invoices: Iterable[Invoice]
) -> None:
    """S4: remember each status as used (one check per distinct status, not per invoice)."""
    first: dict[InvoiceStatusId, Invoice] = {}
    for invoice in invoices:
        first.setdefault(invoice.status_id, invoice)
    stamp = Stamp.by(principal, registry.clock.now())
    for status_id, invoice in first.items():
        record = f"invoice {invoice.number or invoice.id}"
        record_status_use(uow, stamp, StatusKind.INVOICE, status_id, record)


def _visible(uow: UnitOfWork, principal: Principal, invoice_id: InvoiceId) -> Invoice:
    """The stored invoice, or NotFoundError if absent or hidden from the principal."""
    invoice = uow.invoices.get(invoice_id)
    if not principal.may_see_invoice(invoice.owner_id):
        raise NotFoundError("invoice", invoice_id)
    return invoice


def record_invoice(registry: Registry, principal: Principal, new: NewInvoice) -> Invoice:
    """Record an invoice or credit note (see ``NewInvoice``); every bad field is reported at once
    as ValidationError(s) and nothing is stored. Needs Edit and the right to see it."""
    return record_one(record_invoices, registry, principal, new)


def correct_invoice(
    registry: Registry, principal: Principal, invoice_id: InvoiceId, new: NewInvoice
) -> Invoice:
    """Replace an invoice's details by ``new`` (the invoice as it should be; same id), checked as
    on recording; a status disabled since may be kept. NotFoundError if the invoice does not
    exist or the principal may not see it; unchanged details store and audit nothing."""
    require(principal, CustomerPermission.EDIT, "invoice", "update")
    entry_id("invoice", "id", invoice_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = _visible(uow, principal, invoice_id)
        facts = load_facts(uow, [new])
        after = invoice_of(new, invoice_id, facts, current_status=before.status_id)
        require_invoice_write(principal, "update", after.owner_id)
        if after == before:
            return before
        uow.invoices.update(after)
        if after.status_id != before.status_id:
            _note_status_uses(registry, uow, principal, [after])
        uow.commit([Changed("invoice", before, after, stamp)])
    return after


def remove_invoice(registry: Registry, principal: Principal, invoice_id: InvoiceId) -> Invoice:
    """Delete an invoice or credit note (its figures leave billing at once) and return what was
    removed. NotFoundError if it does not exist or the principal may not see it."""
    require(principal, CustomerPermission.EDIT, "invoice", "remove")
    entry_id("invoice", "id", invoice_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        invoice = _visible(uow, principal, invoice_id)
        uow.invoices.remove(invoice_id)
        uow.commit([Removed("invoice", invoice, stamp)])
    return invoice


def record_invoices(
    registry: Registry, principal: Principal, items: Iterable[NewInvoice]
) -> tuple[Invoice, ...]:
    """Record many invoices and credit notes in one transaction, all or nothing.

    Every row is checked as ``record_invoice`` does; if any fails, EntryRowsError names each
    failing row (0-based index), field and reason, and nothing is stored. Set-based: the
    statements sent do not grow with the number of rows (a few reads, one bulk insert of the
    invoices, one of their project links, one of the audit entries, which share one batch id).
    Returns the invoices recorded, in input order.
    """
    require(principal, CustomerPermission.EDIT, "invoice", "create")
    rows = as_list("invoice", items)
    if not rows:
        return ()
    new_id = registry.ids.new_id
    stamp = Stamp.by(principal, registry.clock.now(), registry.ids.new_id())
    # The right to write an invoice depends only on its owner: checked once per distinct owner.
    allowed: set[UserId | None] = set()
    with registry.transaction() as uow:
        facts = load_facts(uow, rows)

        def build(_: int, new: NewInvoice) -> Invoice:
            invoice = invoice_of(new, InvoiceId(new_id()), facts)
            if invoice.owner_id not in allowed:
                require_invoice_write(principal, "create", invoice.owner_id)
                allowed.add(invoice.owner_id)
            return invoice

        invoices = build_all(rows, build, "invoice")
        uow.invoices.add_many(invoices)
        _note_status_uses(registry, uow, principal, invoices)
        record_creations(uow, stamp, "invoice", invoices)
        uow.commit()
    return tuple(invoices)


__all__ = [
    "NewInvoice",
    "correct_invoice",
    "record_invoice",
    "record_invoices",
    "remove_invoice",
]
