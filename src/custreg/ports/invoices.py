"""Invoices and credit notes (an optional capability; cost entries live with projects)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice


class InvoiceRepository(Protocol):
    """Invoices and credit notes."""

    def add(self, invoice: Invoice, /) -> None:
        """Store a new invoice with its project links (IntegrityError for a taken id or an unknown
        customer or project)."""
        ...

    def get(self, invoice_id: InvoiceId, /) -> Invoice:
        """The invoice with this id, or NotFoundError."""
        ...

    def update(self, invoice: Invoice, /) -> None:
        """Replace a stored invoice and its project links (NotFoundError if absent)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Invoice]:
        """The customer's invoices and credit notes, oldest date first (ties by id)."""
        ...

    def for_project(self, project_id: ProjectId, /) -> list[Invoice]:
        """The invoices linked to the project, oldest date first (ties by id)."""
        ...

    def uses_status(self, status_id: InvoiceStatusId, /) -> bool:
        """Whether any invoice has this status now (S4)."""
        ...

    def add_many(self, invoices: Sequence[Invoice], /) -> None:
        """Store many new invoices with their project links at once, all or none: IntegrityError
        for a taken id or an unknown customer or project, and none of them is stored."""
        ...

    def remove(self, invoice_id: InvoiceId, /) -> None:
        """Delete the invoice and its project links (NotFoundError if absent)."""
        ...
