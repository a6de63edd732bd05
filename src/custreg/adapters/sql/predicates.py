"""The registry's rules as SQL conditions, each written once for every read model of the adapter.

The KPI figures, the customer card and the reports ask the same questions of the same rows
("is this invoice billed?", "may this principal see it?", "does this project count?"); each
question is answered here, from the same rule as its Python twin in the domain:

- ``billed``: K4, an invoice counts as billing when it has a number and its status has the Sent
  flag (``custreg.domain.kpi.counts_as_billing``);
- ``visible``: U5, the invoices a principal may see (``custreg.domain.kpi.InvoiceVisibility``);
- ``counted_project``: K1/K2/K5, internal projects count neither as cost nor as activity;
- ``active_project``: K5, an open, counted project of a customer other than the organisation's
  own internal customer makes its customer active;
- ``in_sales_state``: K6, a project whose sales status is in one state (statuses are data).

Each function takes the table (or alias) it conditions, so one query can ask about two
occurrences of a table (a project and "another project of the same customer").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import FromClause
from sqlalchemy import false
from sqlalchemy import select

from custreg.adapters.sql import tables as t
from custreg.domain.ids import OrganisationId
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.settings import SalesState

_status = t.invoice_statuses.c
_sales = t.sales_statuses.c


def billed(
    invoices: FromClause, organisation_id: OrganisationId | ColumnElement[Any]
) -> list[ColumnElement[bool]]:
    """K4 for the rows of ``invoices``: numbered, and in a status with the Sent flag
    (``organisation_id`` may be a bound parameter, for a statement built once).

    Written as ``status_id IN (sent statuses)`` rather than a join: SQLite then scans an
    invoice range once instead of once per status; PostgreSQL plans both the same.
    """
    sent = select(_status.id).where(
        _status.organisation_id == organisation_id, _status.is_sent.is_(True)
    )
    return [invoices.c.number.is_not(None), invoices.c.status_id.in_(sent)]


def visible(
    invoices: FromClause,
    visibility: InvoiceVisibility | None,
    owner: ColumnElement[Any] | None = None,
) -> list[ColumnElement[bool]]:
    """U5 for the rows of ``invoices``: what ``visibility`` lets a principal see (None: no
    invoice at all; an owner: only that user's invoices; otherwise every invoice). ``owner``,
    if given, stands for the visibility's owner (a bound parameter: a statement built once for
    every principal who sees only their own invoices)."""
    if visibility is None:
        return [false()]
    if visibility.owner_id is not None:
        return [invoices.c.owner_id == (visibility.owner_id if owner is None else owner)]
    return []


def counted_project(projects: FromClause) -> ColumnElement[bool]:
    """K1/K2/K5 for the rows of ``projects``: an internal project counts neither as cost nor as
    activity."""
    return projects.c.is_internal.is_(False)


def active_project(
    projects: FromClause, organisation_id: OrganisationId
) -> list[ColumnElement[bool]]:
    """K5 for the rows of ``projects``: open, counted, and not of the organisation's internal
    customer (whatever the project's own flags)."""
    customer = t.customers.c
    internal = select(customer.id).where(
        customer.organisation_id == organisation_id, customer.is_internal.is_(True)
    )
    return [
        projects.c.organisation_id == organisation_id,
        projects.c.is_closed.is_(False),
        counted_project(projects),
        projects.c.customer_id.not_in(internal),
    ]


def in_sales_state(
    projects: FromClause, organisation_id: OrganisationId, state: SalesState
) -> ColumnElement[bool]:
    """The project's sales status is one of the organisation's statuses in ``state``."""
    statuses = select(_sales.id).where(
        _sales.organisation_id == organisation_id, _sales.state == state.value
    )
    return projects.c.sales_status_id.in_(statuses)
