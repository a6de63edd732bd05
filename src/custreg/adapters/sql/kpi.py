"""KPI queries of the SQL adapter: each question is ONE aggregate statement (K1-K8).

The database sums and counts; Python receives one number per question and never loads invoices,
projects or cost entries. Money is summed as integer units (x 10^4, exact on every engine) and
turned into a Decimal once. The rules are those of ``custreg.domain.kpi``, written as SQL once
for every read model in ``custreg.adapters.sql.predicates``:

- billing: SUM(total_excl_vat_units) of invoices WHERE on_date in [start, end) AND number IS NOT
  NULL AND status_id IN (statuses with is_sent) (AND owner_id = :owner for "own invoices"); the
  periods of one call (year, this month, last month) are one statement, a scalar subquery each;
- total cost: SUM(amount_units) of all cost entries in the period minus those WHERE project_id IN
  (internal projects) (a selection: those WHERE project_id IN (its non-internal projects));
- active customers: COUNT(DISTINCT customer_id) over open, non-internal projects;
- prospects: the same over those projects in an IN_PROGRESS sales status, with NOT EXISTS a
  billed invoice of the customer and NOT EXISTS a project of the customer in a WON status.

A selection other than "every customer" adds ``customer_id IN (SELECT id FROM customers WHERE
...)`` with the customer list's own conditions (``SqlCustomers.conditions``, C6).

The settings and the questions of one ``with`` block run in one read transaction (REPEATABLE READ on
PostgreSQL, so they all see the same snapshot; SQLite transactions are serialisable anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Any
from typing import Self

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.predicates import active_project
from custreg.adapters.sql.predicates import billed
from custreg.adapters.sql.predicates import counted_project
from custreg.adapters.sql.predicates import in_sales_state
from custreg.adapters.sql.predicates import visible
from custreg.adapters.sql.rows import money_amount
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.ids import OrganisationId
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import Period
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.ports.unit_of_work import ExcInfo

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

_ALL = CustomerQuery()
_invoice = t.invoices.c
_project = t.projects.c
_cost = t.cost_entries.c


class SqlKpiQueries:
    """A read view of one organisation's rows for the KPI questions (use in a ``with`` block)."""

    def __init__(self, database: SqlDatabase, organisation_id: OrganisationId) -> None:
        self._org = organisation_id
        self._uow = SqlUnitOfWork(database, organisation_id, read_only=True)

    def __enter__(self) -> Self:
        self._uow.__enter__()  # read-only: every question sees one snapshot
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        self._uow.__exit__(*exc_info)  # rolls back: nothing was written

    # -- building blocks -----------------------------------------------------------------------
    def _in_scope(
        self, customer_id: ColumnElement[Any], customers: CustomerQuery
    ) -> list[ColumnElement[bool]]:
        """``customer_id`` is a selected customer; nothing to add when every customer is."""
        if customers == _ALL:
            return []
        conditions = self._uow.customers.conditions(customers)
        return [customer_id.in_(select(t.customers.c.id).where(*conditions))]

    def _active_projects(self, customers: CustomerQuery) -> list[ColumnElement[bool]]:
        """Open, non-internal projects of the selected customers, the organisation's own
        internal customer left out (K5)."""
        return [
            *active_project(t.projects, self._org),
            *self._in_scope(_project.customer_id, customers),
        ]

    def _money(self, statement: Select[Any]) -> Decimal:
        units = self._uow.execute(statement).scalar_one()
        return money_amount(int(units or 0))

    def _count(self, statement: Select[Any]) -> int:
        return int(self._uow.execute(statement).scalar_one())

    # -- the port --------------------------------------------------------------------------------
    def settings(self) -> OrganisationSettings:
        """The settings, read in this view's transaction (cached by their token)."""
        return self._uow.settings.get()

    def billing(
        self, periods: Sequence[Period], customers: CustomerQuery, visibility: InvoiceVisibility, /
    ) -> tuple[Decimal, ...]:
        """One statement, one index range per period: the month ranges are small, and SQLite
        sums three ranges twice as fast as it evaluates a conditional sum per row of the year."""
        if not periods:
            return ()
        common = [
            _invoice.organisation_id == self._org,
            *billed(t.invoices, self._org),
            *visible(t.invoices, visibility),
            *self._in_scope(_invoice.customer_id, customers),
        ]
        sums = [
            select(func.sum(_invoice.total_excl_vat_units))
            .where(_invoice.on_date >= period.start, _invoice.on_date < period.end, *common)
            .scalar_subquery()
            for period in periods
        ]
        found = self._uow.execute(select(*sums)).one()
        return tuple(money_amount(int(value or 0)) for value in found)

    def total_cost(self, period: Period, customers: CustomerQuery, /) -> Decimal:
        """Every customer: all costs of the period minus those on internal projects (a few),
        so the database sums one index range instead of probing every entry's project against
        the (many) counted projects. A selection: the costs of its counted projects."""
        in_period = [
            _cost.organisation_id == self._org,
            _cost.on_date >= period.start,
            _cost.on_date < period.end,
        ]
        if customers != _ALL:
            counted = select(_project.id).where(
                _project.organisation_id == self._org,
                counted_project(t.projects),
                *self._in_scope(_project.customer_id, customers),
            )
            return self._money(
                select(func.sum(_cost.amount_units)).where(
                    *in_period, _cost.project_id.in_(counted)
                )
            )
        internal = select(_project.id).where(
            _project.organisation_id == self._org, ~counted_project(t.projects)
        )
        everything = select(func.coalesce(func.sum(_cost.amount_units), 0)).where(*in_period)
        on_internal = select(func.coalesce(func.sum(_cost.amount_units), 0)).where(
            *in_period, _cost.project_id.in_(internal)
        )
        return self._money(select(everything.scalar_subquery() - on_internal.scalar_subquery()))

    def active_customers(self, customers: CustomerQuery, /) -> int:
        statement = select(func.count(_project.customer_id.distinct())).where(
            *self._active_projects(customers)
        )
        return self._count(statement)

    def prospects(self, customers: CustomerQuery, visibility: InvoiceVisibility | None, /) -> int:
        invoice = t.invoices.alias("billed_invoice")
        billing = exists().where(  # no visible invoice is no billing (K6, U5)
            invoice.c.organisation_id == self._org,
            invoice.c.customer_id == _project.customer_id,
            *billed(invoice, self._org),
            *visible(invoice, visibility),
        )
        other = t.projects.alias("won_project")
        won = exists().where(
            other.c.organisation_id == self._org,
            other.c.customer_id == _project.customer_id,
            in_sales_state(other, self._org, SalesState.WON),
        )
        statement = select(func.count(_project.customer_id.distinct())).where(
            *self._active_projects(customers),
            in_sales_state(t.projects, self._org, SalesState.IN_PROGRESS),
            ~billing,
            ~won,
        )
        return self._count(statement)
