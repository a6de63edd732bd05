"""The report plan (X1-X3, U2, U5): ``plan_report`` checks a definition against the organisation's
settings and the principal and returns the ``ReportPlan`` an adapter answers.

Every problem with columns, sort keys and filters is reported at once; the order always ends with
the level's unique tie-breaker, so paging by keyset is exact.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from custreg.domain.contact import ContactStatus
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import SalesStatusId
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.reports.columns import Column
from custreg.domain.reports.columns import ReportLevel
from custreg.domain.reports.columns import column_catalogue
from custreg.domain.reports.columns import find_column
from custreg.domain.reports.definition import ReportDefinition
from custreg.domain.reports.definition import SortKey
from custreg.domain.reports.filters import check_filters
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.validation import ErrorCollector

_DEFAULT_ORDER = {
    ReportLevel.CUSTOMERS: ("customer.number",),
    ReportLevel.CONTACTS: ("customer.number", "contact.last_name", "contact.first_name"),
    ReportLevel.SALES_CASE_NOTES: ("customer.number", "note.created_at"),
    ReportLevel.PROJECT_NOTES: ("customer.number", "note.created_at"),
    ReportLevel.CUSTOMER_NOTES: ("customer.number", "note.created_at"),
}
#: The unique key that ends every order, so paging by keyset is exact.
TIEBREAKER = {
    ReportLevel.CUSTOMERS: "customer.number",
    ReportLevel.CONTACTS: "contact.id",
    ReportLevel.SALES_CASE_NOTES: "note.id",
    ReportLevel.PROJECT_NOTES: "note.id",
    ReportLevel.CUSTOMER_NOTES: "note.id",
}


@frozen
class ReportPlan:
    """A checked definition, ready for an adapter (``custreg.ports.reports.ReportQueries``).

    Rows: one per customer (CUSTOMERS), per listed contact of a selected customer (CONTACTS:
    every contact that is not deleted, active and inactive, narrowed to one status by
    ``contact_status``), per note of a selected customer on a sales case (a project
    whose sales status is in ``sales_case_status_ids``), on another project, or on no project
    (the three note levels). Customers are selected by ``customers`` (``CustomerQuery.matches``)
    and, if ``keyword`` is set, by having a listed contact with it (CONTACTS: the contact must
    carry it). Rows come in ``order``: keys of ORDER_KEYS, text compared by code point, the last
    key unique. ``address.*`` is the contact's own address, else the customer's headquarters.
    """

    level: ReportLevel
    title: str
    columns: tuple[Column, ...]
    customers: CustomerQuery
    keyword: str | None
    order: tuple[SortKey, ...]
    invoices: InvoiceVisibility | None
    sales_case_status_ids: frozenset[SalesStatusId]
    settings: OrganisationSettings
    contact_status: ContactStatus | None = None

    def lists_contact(self, active: bool, deleted: bool) -> bool:
        """X2: whether a contact with these flags is one of the plan's listed contacts."""
        if deleted:
            return False
        return self.contact_status is None or self.contact_status is ContactStatus.of(active)

    @property
    def currency(self) -> str:
        """The organisation's currency: money totals are in it."""
        return self.settings.currency


def _unknown(kind: str, key: str, valid: Iterable[str], field_name: str) -> ValidationError:
    return ValidationError(
        "report", field_name, f"unknown {kind} {key!r}; valid {kind}s: {', '.join(valid)}", key
    )


def plan_report(
    definition: ReportDefinition, principal: Principal, settings: OrganisationSettings
) -> ReportPlan:
    """Check ``definition`` and make the plan.

    Unknown or misplaced columns, sort keys and filters get ValidationError(s) listing the valid
    names (all problems at once). None permission sees nothing (U2) and money columns need All
    (U5): PermissionDeniedError.
    """
    if principal.customers < CustomerPermission.READ_ONLY:
        raise PermissionDeniedError(
            "report", "run", f"Customers permission READ_ONLY (has {principal.customers.name})"
        )
    catalogue = column_catalogue(definition.level, settings)
    errors = ErrorCollector()
    columns: list[Column] = []
    if not definition.columns:
        errors.errors.append(ValidationError("report", "columns", "choose at least one column"))
    for key in definition.columns:
        column = find_column(catalogue, key)
        if column is None:
            errors.errors.append(_unknown("column", key, catalogue, "columns"))
        elif column in columns:
            errors.errors.append(ValidationError("report", "columns", "chosen twice", key))
        else:
            columns.append(column)
    sortable = [k for k, c in catalogue.items() if c.sortable]
    order: list[SortKey] = []
    for wanted in definition.sort:
        column = find_column(catalogue, wanted.column)
        if column is None or not column.sortable:
            errors.errors.append(_unknown("sort column", wanted.column, sortable, "sort"))
        else:
            order.append(SortKey(column.key, wanted.descending))
    check_filters(definition.level, definition.filters, settings, errors)
    errors.raise_if_any()
    money = [c.key for c in columns if c.money]
    if money and not principal.sees_money:
        raise PermissionDeniedError(
            "report", f"show {', '.join(money)}", "invoice access ALL or OWN (U5)", "columns"
        )
    if not order:
        order = [SortKey(k) for k in _DEFAULT_ORDER[definition.level]]
    tiebreaker = TIEBREAKER[definition.level]
    if all(k.column != tiebreaker for k in order):
        order.append(SortKey(tiebreaker))
    in_progress = frozenset(
        s.id for s in settings.sales_statuses if s.state is SalesState.IN_PROGRESS
    )
    return ReportPlan(
        level=definition.level,
        title=definition.title or definition.level.value.replace("_", " ").capitalize(),
        columns=tuple(columns),
        customers=definition.filters.customer_query(),
        keyword=definition.filters.keyword,
        order=tuple(order),
        invoices=InvoiceVisibility.of(principal),
        sales_case_status_ids=in_progress,
        settings=settings,
        contact_status=definition.filters.contact_status,
    )
