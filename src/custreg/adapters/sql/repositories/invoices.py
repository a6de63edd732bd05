"""SQL repository of invoices (with their project link rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, delete, insert, select, update

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import CustomerId, InvoiceId, InvoiceStatusId, ProjectId
from custreg.domain.invoice import Invoice

if TYPE_CHECKING:
    pass
from custreg.adapters.sql.repositories.base import _grouped, _Repository


class SqlInvoices(_Repository):
    """Invoices, with their projects in the ``invoice_projects`` link table."""

    def _load(self, statement: Select[Any]) -> list[Invoice]:
        found = list(self._uow.execute(statement).mappings())
        if not found:
            return []
        links = t.invoice_projects
        projects = _grouped(
            self._uow.execute(
                select(links.c.invoice_id, links.c.project_id).where(
                    self._of_org(links),
                    self._uow.ids_in(links.c.invoice_id, [row["id"] for row in found]),
                )
            )
        )
        return [rows.invoice_from_row(row, projects.get(row["id"], ())) for row in found]

    def _select(self, *where: ColumnElement[bool]) -> Select[Any]:
        c = t.invoices.c
        return select(t.invoices).where(self._of_org(t.invoices), *where).order_by(c.on_date, c.id)

    def add(self, invoice: Invoice) -> None:
        with self._uow.savepoint():
            self._uow.execute(insert(t.invoices), rows.invoice_row(self._org, invoice))
            self._insert_links(invoice)

    def _insert_links(self, invoice: Invoice) -> None:
        links = rows.invoice_project_rows(self._org, invoice)
        if links:
            self._uow.execute(insert(t.invoice_projects), links)

    def get(self, invoice_id: Any) -> Invoice:
        found = self._load(self._select(t.invoices.c.id == invoice_id))
        if not found:
            raise NotFoundError("invoice", invoice_id)
        return found[0]

    def update(self, invoice: Invoice) -> None:
        values = rows.invoice_row(self._org, invoice)
        del values["organisation_id"], values["id"]
        where = [self._of_org(t.invoices), t.invoices.c.id == invoice.id]
        if self._uow.execute(update(t.invoices).where(*where).values(values)).rowcount == 0:
            raise NotFoundError("invoice", invoice.id)
        links = t.invoice_projects
        self._uow.execute(
            delete(links).where(self._of_org(links), links.c.invoice_id == invoice.id)
        )
        self._insert_links(invoice)

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
        values = [rows.invoice_values(org, i) for i in invoices]
        links = [(org, i.id, p) for i in invoices for p in i.project_ids]
        with self._uow.savepoint():
            self._uow.insert_rows(t.invoices, rows.INVOICE_COLUMNS, values)
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
