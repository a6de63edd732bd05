"""Invoice rows and their project link rows."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.rows.encoding import money_exponent
from custreg.adapters.sql.rows.encoding import money_exponent_column
from custreg.adapters.sql.rows.encoding import money_units
from custreg.adapters.sql.rows.encoding import money_units_column
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.values import Money

INVOICE_COLUMNS = (
    "organisation_id",
    "id",
    "customer_id",
    "status_id",
    "on_date",
    "total_excl_vat_units",
    "total_excl_vat_exponent",
    "total_incl_vat_units",
    "total_incl_vat_exponent",
    "currency",
    "number",
    "is_credit_note",
    "owner_id",
)


def invoice_values(organisation_id: UUID, invoice: Invoice) -> tuple[Any, ...]:
    """An invoice as a plain tuple in ``INVOICE_COLUMNS`` order (the bulk insert's row)."""
    excl, incl = invoice.total_excl_vat, invoice.total_incl_vat
    return (
        organisation_id,
        invoice.id,
        invoice.customer_id,
        invoice.status_id,
        invoice.on,
        money_units(excl),
        money_exponent(excl),
        money_units(incl),
        money_exponent(incl),
        excl.currency,
        invoice.number,
        invoice.is_credit_note,
        invoice.owner_id,
    )


def invoice_columns(organisation_id: UUID, invoices: Sequence[Invoice]) -> list[list[Any]]:
    """``invoice_values`` of every invoice, a column at a time (``INVOICE_COLUMNS`` order): the
    bulk insert's values without a tuple per row first."""
    excl = list(map(_EXCL, invoices))
    incl = list(map(_INCL, invoices))
    return [
        [organisation_id] * len(invoices),
        *(
            list(map(attrgetter(name), invoices))
            for name in ("id", "customer_id", "status_id", "on")
        ),
        money_units_column(excl),
        money_exponent_column(excl),
        money_units_column(incl),
        money_exponent_column(incl),
        list(map(_CURRENCY, excl)),
        *(
            list(map(attrgetter(name), invoices))
            for name in ("number", "is_credit_note", "owner_id")
        ),
    ]


_EXCL = attrgetter("total_excl_vat")
_INCL = attrgetter("total_incl_vat")
_CURRENCY = attrgetter("currency")


def invoice_row(organisation_id: UUID, invoice: Invoice) -> dict[str, Any]:
    return dict(zip(INVOICE_COLUMNS, invoice_values(organisation_id, invoice), strict=True))


def invoice_project_rows(organisation_id: UUID, invoice: Invoice) -> list[dict[str, Any]]:
    return [
        {"organisation_id": organisation_id, "invoice_id": invoice.id, "project_id": project_id}
        for project_id in invoice.project_ids
    ]


def invoice_from_row(
    row: Row,
    project_ids: Iterable[ProjectId],
    money: Callable[[Decimal, str], Money] = Money,
) -> Invoice:
    """The invoice of ``row``; ``money`` builds its totals (a read model may pass a constructor
    that trusts the stored amount and currency)."""
    currency = row["currency"]
    return Invoice(
        id=InvoiceId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        status_id=InvoiceStatusId(row["status_id"]),
        on=row["on_date"],
        total_excl_vat=money(
            money_amount(row["total_excl_vat_units"], row["total_excl_vat_exponent"]), currency
        ),
        total_incl_vat=money(
            money_amount(row["total_incl_vat_units"], row["total_incl_vat_exponent"]), currency
        ),
        number=row["number"],
        project_ids=frozenset(project_ids),
        is_credit_note=row["is_credit_note"],
        owner_id=row["owner_id"],
    )
