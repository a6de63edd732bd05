"""KPI queries of the SQL adapter: each question is ONE aggregate statement (K1-K8).

The database sums and counts; Python receives one number per question and never loads invoices,
projects or cost entries. Money is summed as integer units (x 10^4, exact on every engine) and
turned into a Decimal once. The rules are those of ``custreg.domain.kpi``, written as SQL:

- billing: SUM over invoices JOIN invoice_statuses WHERE is_sent AND number IS NOT NULL AND
  on_date in [start, end) (AND owner_id = :owner for "own invoices");
- total cost: SUM over cost_entries JOIN projects WHERE NOT is_internal AND on_date in the period;
- active customers: COUNT(DISTINCT customer_id) over open, non-internal projects;
- prospects: the same over open, non-internal projects in an IN_PROGRESS sales state, with NOT
  EXISTS a billed invoice of the customer and NOT EXISTS a project of the customer in a WON state.

The four questions of one ``with`` block run in one read transaction (REPEATABLE READ on
PostgreSQL, so they all see the same snapshot; SQLite transactions are serialisable anyway).
"""

from __future__ import annotations

from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, text

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.rows import money_amount
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.ids import OrganisationId
from custreg.domain.kpi import InvoiceVisibility, Period
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import SalesState

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

_ALL = CustomerQuery()
_invoice = t.invoices.c
_status = t.invoice_statuses.c
_project = t.projects.c
_sales = t.sales_statuses.c
_cost = t.cost_entries.c

#: An invoice with its status row, and the K4 conditions of a billed invoice.
_WITH_STATUS = t.invoices.join(
    t.invoice_statuses,
    and_(_status.organisation_id == _invoice.organisation_id, _status.id == _invoice.status_id),
)
_BILLED = (_status.is_sent.is_(True), _invoice.number.is_not(None))


class SqlKpiQueries:
    """A read view of one organisation's rows for the KPI questions (use in a ``with`` block)."""

    def __init__(self, database: SqlDatabase, organisation_id: OrganisationId) -> None:
        self._org = organisation_id
        self._uow = SqlUnitOfWork(database, organisation_id)

    def __enter__(self) -> Self:
        self._uow.__enter__()
        if self._uow.dialect == "postgresql":
            # Must be the transaction's first statement: every question sees one snapshot.
            self._uow.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._uow.__exit__(exc_type, exc, tb)  # rolls back: nothing was written

    # -- building blocks -----------------------------------------------------------------------
    def _in_scope(self, customer_id: Any, customers: CustomerQuery) -> list[ColumnElement[bool]]:
        """``customer_id`` is a selected customer; nothing to add when every customer is."""
        if customers == _ALL:
            return []
        conditions = self._uow.customers._where(customers)
        return [customer_id.in_(select(t.customers.c.id).where(*conditions))]

    def _active_projects(self, customers: CustomerQuery) -> list[ColumnElement[bool]]:
        """Open, non-internal projects of the selected customers (K5)."""
        return [
            _project.organisation_id == self._org,
            _project.is_closed.is_(False),
            _project.is_internal.is_(False),
            *self._in_scope(_project.customer_id, customers),
        ]

    def _money(self, statement: Select[Any]) -> Decimal:
        units = self._uow.execute(statement).scalar_one()
        return money_amount(int(units or 0))

    def _count(self, statement: Select[Any]) -> int:
        return int(self._uow.execute(statement).scalar_one())

    # -- the port --------------------------------------------------------------------------------
    def billing(
        self, period: Period, customers: CustomerQuery, visibility: InvoiceVisibility, /
    ) -> Decimal:
        where = [
            _invoice.organisation_id == self._org,
            _invoice.on_date >= period.start,
            _invoice.on_date < period.end,
            *_BILLED,
            *self._in_scope(_invoice.customer_id, customers),
        ]
        if visibility.owner_id is not None:
            where.append(_invoice.owner_id == visibility.owner_id)
        statement = (
            select(func.sum(_invoice.total_excl_vat_units)).select_from(_WITH_STATUS).where(*where)
        )
        return self._money(statement)

    def total_cost(self, period: Period, customers: CustomerQuery, /) -> Decimal:
        on_project = and_(
            _project.organisation_id == _cost.organisation_id, _project.id == _cost.project_id
        )
        statement = (
            select(func.sum(_cost.amount_units))
            .select_from(t.cost_entries.join(t.projects, on_project))
            .where(
                _cost.organisation_id == self._org,
                _cost.on_date >= period.start,
                _cost.on_date < period.end,
                _project.is_internal.is_(False),
                *self._in_scope(_project.customer_id, customers),
            )
        )
        return self._money(statement)

    def active_customers(self, customers: CustomerQuery, /) -> int:
        statement = select(func.count(_project.customer_id.distinct())).where(
            *self._active_projects(customers)
        )
        return self._count(statement)

    def prospects(self, customers: CustomerQuery, /) -> int:
        billed = (
            exists()
            .select_from(_WITH_STATUS)
            .where(
                _invoice.organisation_id == _project.organisation_id,
                _invoice.customer_id == _project.customer_id,
                *_BILLED,
            )
        )
        won_project = t.projects.alias("won_project")
        won_status = t.sales_statuses.alias("won_status")
        won = (
            exists()
            .select_from(
                won_project.join(
                    won_status,
                    and_(
                        won_status.c.organisation_id == won_project.c.organisation_id,
                        won_status.c.id == won_project.c.sales_status_id,
                    ),
                )
            )
            .where(
                won_project.c.organisation_id == _project.organisation_id,
                won_project.c.customer_id == _project.customer_id,
                won_status.c.state == SalesState.WON.value,
            )
        )
        on_status = and_(
            _sales.organisation_id == _project.organisation_id,
            _sales.id == _project.sales_status_id,
        )
        statement = (
            select(func.count(_project.customer_id.distinct()))
            .select_from(t.projects.join(t.sales_statuses, on_status))
            .where(
                *self._active_projects(customers),
                _sales.state == SalesState.IN_PROGRESS.value,
                ~billed,
                ~won,
            )
        )
        return self._count(statement)
