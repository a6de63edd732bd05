"""Invoices. Whether one counts as billed depends on its status's flags (K4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import field
from attrs import frozen

from custreg.domain.deferred import Deferred
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import UserId
from custreg.domain.settings import InvoiceStatus
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.validation import ids_only
from custreg.domain.values import Money


def _projects(value: Any) -> frozenset[ProjectId]:
    return frozenset(value)


def _number(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError("invoice", "number", "must be a positive integer or None", value)
    return value


@frozen
class Invoice(Deferred):
    """An invoice of a customer, possibly for several projects. A read model may leave fields
    to be filled on first use (``Deferred``): such an invoice equals, hashes, prints and
    pickles as the one made here.

    Totals are signed: a credit note has ``is_credit_note`` and totals <= 0, so summing totals
    gives billing with credit notes reducing it.
    """

    id: InvoiceId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    status_id: InvoiceStatusId = field(validator=an_id)
    on: date
    total_excl_vat: Money
    total_incl_vat: Money
    number: int | None = field(default=None, converter=_number)
    project_ids: frozenset[ProjectId] = field(
        default=frozenset(), converter=_projects, validator=ids_only
    )
    is_credit_note: bool = False
    owner_id: UserId | None = field(default=None, validator=an_optional_id)

    def __attrs_post_init__(self) -> None:
        if self.total_excl_vat.currency != self.total_incl_vat.currency:
            raise ValidationError("invoice", "total_incl_vat", "currency differs from excl. VAT")
        sign_ok = (
            self.total_excl_vat.amount <= 0 and self.total_incl_vat.amount <= 0
            if self.is_credit_note
            else self.total_excl_vat.amount >= 0 and self.total_incl_vat.amount >= 0
        )
        if not sign_ok:
            raise ValidationError(
                "invoice",
                "total_excl_vat",
                "a credit note has totals <= 0, an invoice totals >= 0",
                self.total_excl_vat,
            )


def is_billed(invoice: Invoice, status: InvoiceStatus) -> bool:
    """Billed: the status carries the Sent flag and the invoice has a number (visibility aside)."""
    return status.is_sent and invoice.number is not None
