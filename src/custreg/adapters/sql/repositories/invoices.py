"""SQL repository of invoices (with their project link rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy import select

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import LinkedTable
from custreg.adapters.sql.repositories.base import _Linked
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


_INVOICES = LinkedTable(
    t.invoices, "invoice", rows.invoice_row, rows.invoice_from_row,
    links=t.invoice_projects, owner="invoice_id", linked="project_id",
    link_rows=rows.invoice_project_rows, order=(t.invoices.c.on_date, t.invoices.c.id),
)


class SqlInvoices(_Linked[Invoice]):
    """Invoices, with their projects in the ``invoice_projects`` link table."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, _INVOICES)

    def for_customer(self, customer_id: CustomerId) -> list[Invoice]:
        return self._load(self._select(t.invoices.c.customer_id == customer_id))

    def for_project(self, project_id: ProjectId) -> list[Invoice]:
        links = t.invoice_projects
        billed = select(links.c.invoice_id).where(
            self._of_org(links), links.c.project_id == project_id
        )
        return self._load(self._select(t.invoices.c.id.in_(billed)))

    def uses_status(self, status_id: InvoiceStatusId) -> bool:
        return self._uses(t.invoices.c.status_id, status_id)

    def add_many(self, invoices: Sequence[Invoice]) -> None:
        """Two bulk INSERTs (invoices, then their project links) in a savepoint: a taken id or
        an unknown customer or project (IntegrityError) stores none of them."""
        if not invoices:
            return
        org = self._org
        values = rows.invoice_columns(org, invoices)
        links = [(org, i.id, p) for i in invoices for p in i.project_ids]
        with self._uow.savepoint():
            self._uow.insert_columns(t.invoices, rows.INVOICE_COLUMNS, values)
            if links:
                columns = ("organisation_id", "invoice_id", "project_id")
                self._uow.insert_rows(t.invoice_projects, columns, links)
        self._uow.inserted(t.invoices, len(invoices))

    def remove(self, invoice_id: InvoiceId) -> None:
        links = t.invoice_projects
        self._uow.execute(
            delete(links).where(self._of_org(links), links.c.invoice_id == invoice_id)
        )
        where = [self._of_org(t.invoices), t.invoices.c.id == invoice_id]
        if self._uow.execute(delete(t.invoices).where(*where)).rowcount == 0:
            raise NotFoundError("invoice", invoice_id)
