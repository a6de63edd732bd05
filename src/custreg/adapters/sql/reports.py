"""Report queries of the SQL adapter: chunked, set-based SELECTs.

A chunk costs a constant number of statements, whatever the chunk size: its rows from the main
SELECT (the level's rows joined with their customer and address, every chosen column that lives
in those rows), plus one statement per link-table column (market segments, contact keywords) and
one for the billing totals of the chunk's customers. Contacts carry their email addresses in the
same row (a JSON list), so "each contact with all its emails" costs nothing extra. The main
SELECT and how its rows, read untyped, become raw cells a column at a time are
``custreg.adapters.sql.report_layout``'s.

PostgreSQL runs the main SELECT once, ordered, and reads it through a server-side cursor, a chunk
at a time, in one read-only snapshot: the database sorts once, and under MVCC the open reader
blocks no writer. SQLite pages by keyset instead: the next chunk starts after the last row's
order key (``plan.order``, whose last key is unique), written as ``(k1 > v1) OR (k1 = v1 AND
k2 > v2) ...`` plus a redundant ``k1 >= v1`` that lets the database start from the index on the
leading key; each chunk is one short read transaction, so no transaction stays open between
chunks and a long export never blocks SQLite's single writer.
Text keys compare by code point: SQLite's BINARY collation, ``COLLATE "C"`` on PostgreSQL — the
same order as Python's ``str`` (and the memory adapter).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import exists
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.sql.selectable import FromClause
from sqlalchemy.types import NullType

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.driver_values import Converter
from custreg.adapters.sql.listing import Compiled
from custreg.adapters.sql.predicates import billed
from custreg.adapters.sql.predicates import visible
from custreg.adapters.sql.report_layout import HEADQUARTERS
from custreg.adapters.sql.report_layout import OWN_ADDRESS
from custreg.adapters.sql.report_layout import ReportLayout
from custreg.adapters.sql.report_layout import result_converter
from custreg.adapters.sql.rows import money_amount
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.contact import ContactStatus
from custreg.domain.customer import CustomerStatus
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import ReportPlan

if TYPE_CHECKING:
    from custreg.adapters.sql.database import SqlDatabase

_c = t.customers
_k = t.contacts
_n = t.notes
_p = t.projects
_hq = HEADQUARTERS
_own = OWN_ADDRESS
#: Order keys: key -> (table, column name, is text).
_ORDER: dict[str, tuple[FromClause, str, bool]] = {
    "customer.number": (_c, "number", False),
    "customer.name": (_c, "name", True),
    "customer.created_at": (_c, "created_at", False),
    "contact.last_name": (_k, "last_name", True),
    "contact.first_name": (_k, "first_name", True),
    "contact.id": (_k, "id", False),
    "note.created_at": (_n, "created_at", False),
    "note.id": (_n, "id", False),
    "project.number": (_p, "number", False),
}


class SqlReportQueries:
    """``custreg.ports.reports.ReportQueries`` over a SqlDatabase, for one organisation."""

    def __init__(self, database: SqlDatabase, organisation_id: OrganisationId) -> None:
        self._database = database
        self._org = organisation_id

    def _uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._database, self._org, read_only=True)

    # -- the FROM and WHERE of a level ---------------------------------------------------------
    def _source(self, uow: SqlUnitOfWork, plan: ReportPlan) -> tuple[Any, list[Any]]:
        org = self._org
        where: list[ColumnElement[bool]] = list(uow.customers.conditions(plan.customers))
        hq_join = and_(_hq.c.organisation_id == org, _hq.c.id == _c.c.headquarters_address_id)
        level = plan.level
        if level is ReportLevel.CUSTOMERS:
            source: Any = _c.outerjoin(_hq, hq_join)
            if plan.keyword is not None:
                where.append(self._has_keyword_contact(_c.c.id, plan.keyword, plan))
            return source, where
        if level is ReportLevel.CONTACTS:
            source = (
                _k.join(_c, and_(_c.c.organisation_id == org, _c.c.id == _k.c.customer_id))
                .outerjoin(_hq, hq_join)
                .outerjoin(_own, and_(_own.c.organisation_id == org, _own.c.id == _k.c.address_id))
            )
            where += [_k.c.organisation_id == org, *_listed(_k, plan)]
            if plan.keyword is not None:
                where.append(_carries(org, _k.c.id, plan.keyword))
            return source, where
        source = (
            _n.join(_c, and_(_c.c.organisation_id == org, _c.c.id == _n.c.customer_id))
            .outerjoin(_hq, hq_join)
            .outerjoin(_p, and_(_p.c.organisation_id == org, _p.c.id == _n.c.project_id))
        )
        where.append(_n.c.organisation_id == org)
        statuses = plan.sales_case_status_ids
        in_sales = uow.ids_in(_p.c.sales_status_id, statuses) if statuses else false()
        if level is ReportLevel.CUSTOMER_NOTES:
            where.append(_n.c.project_id.is_(None))
        elif level is ReportLevel.SALES_CASE_NOTES:
            where += [_n.c.project_id.is_not(None), in_sales]
        else:
            where += [
                _n.c.project_id.is_not(None),
                or_(_p.c.sales_status_id.is_(None), ~in_sales),
            ]
        return source, where

    def _has_keyword_contact(
        self, customer_id: Any, keyword: str, plan: ReportPlan
    ) -> ColumnElement[bool]:
        k2 = t.contacts.alias("k2")
        return exists().where(
            k2.c.organisation_id == self._org,
            k2.c.customer_id == customer_id,
            *_listed(k2, plan),
            _carries(self._org, k2.c.id, keyword),
        )

    # -- ordering and keyset -------------------------------------------------------------------
    def _order(self, uow: SqlUnitOfWork, plan: ReportPlan) -> list[tuple[Any, bool]]:
        keys = []
        for key in plan.order:
            table, name, is_text = _ORDER[key.column]
            expression: Any = table.c[name]
            if is_text and uow.dialect == "postgresql":
                expression = expression.collate("C")
            keys.append((expression, key.descending))
        return keys

    @staticmethod
    def _after(order: Sequence[tuple[Any, bool]], last: Sequence[Any]) -> list[Any]:
        """Rows strictly after ``last`` in ``order``, plus the index-friendly leading bound."""
        branches = []
        for i, (expression, descending) in enumerate(order):
            equal = [e == v for (e, _), v in zip(order[:i], last[:i], strict=True)]
            beyond = expression < last[i] if descending else expression > last[i]
            branches.append(and_(*equal, beyond))
        leading, descending = order[0]
        bound = leading <= last[0] if descending else leading >= last[0]
        return [bound, or_(*branches)]

    # -- the port --------------------------------------------------------------------------------
    def count(self, plan: ReportPlan) -> int:
        with self._uow() as uow:
            source, where = self._source(uow, plan)
            statement = select(func.count()).select_from(source).where(*where)
            return int(uow.execute(statement).scalar_one())

    def chunks(self, plan: ReportPlan, chunk_size: int) -> Iterator[Sequence[Sequence[Any]]]:
        if self._database.engine.dialect.name == "postgresql":
            return self._streamed(plan, chunk_size)
        return self._keyset(plan, chunk_size)

    def _streamed(self, plan: ReportPlan, chunk_size: int) -> Iterator[Sequence[Sequence[Any]]]:
        """PostgreSQL: ONE ordered SELECT read through a server-side cursor, ``chunk_size`` rows
        at a time, in one read-only snapshot: the database sorts once instead of once per chunk,
        and a reader never blocks writers there (MVCC). Each chunk's link columns are read in
        the same transaction, so every chunk sees the same snapshot."""
        layout = ReportLayout(plan, self._database.engine.dialect)
        with self._uow() as uow:
            source, where = self._source(uow, plan)
            order = self._order(uow, plan)
            statement: Select[Any] = (
                select(*layout.expressions)
                .select_from(source)
                .where(*where)
                .order_by(*[e.desc() if d else e.asc() for e, d in order])
                .execution_options(stream_results=True, yield_per=chunk_size)
            )
            for found in uow.execute(statement).partitions():
                columns = layout.columns(found)
                links = self._links(uow, plan, layout, columns)
                yield layout.rows(columns, links, len(found))

    def _keyset(self, plan: ReportPlan, chunk_size: int) -> Iterator[Sequence[Sequence[Any]]]:
        """SQLite: chunks by keyset, each one short read transaction, so a long export never
        holds SQLite's database lock between chunks (see the module's docstring). The two chunk
        statements (the first chunk's, and the one after a given last row) are built and
        compiled once per export and run at the driver (``SqlTransaction.fetch_driver``, as the
        customer listing's pages are): no statement built and no result row made by SQLAlchemy
        per chunk. Only the last row's order keys are converted (the next chunk's bound)."""
        dialect = self._database.engine.dialect
        layout = ReportLayout(plan, dialect)
        first_key = len(layout.expressions)
        statements: tuple[Compiled, Compiled] | None = None
        converters: list[Converter | None] = []
        last: dict[str, Any] | None = None
        while True:
            with self._uow() as uow:
                if statements is None:
                    statements, converters = self._keyset_statements(uow, plan, layout, chunk_size)
                compiled = statements[0] if last is None else statements[1]
                found = uow.fetch_driver(compiled.sql, compiled.bind(last or {}))
                if not found:
                    return
                columns = layout.columns(found)
                links = self._links(uow, plan, layout, columns)
            last = {
                f"after_{i}": value if convert is None or value is None else convert(value)
                for i, (convert, value) in enumerate(
                    zip(converters, found[-1][first_key:], strict=True)
                )
            }
            yield layout.rows(columns, links, len(found))
            if len(found) < chunk_size:
                return

    def _keyset_statements(
        self, uow: SqlUnitOfWork, plan: ReportPlan, layout: ReportLayout, chunk_size: int
    ) -> tuple[tuple[Compiled, Compiled], list[Converter | None]]:
        """The first chunk's statement and the next chunks' (after the bound parameters
        ``after_<i>``, the last row's order keys), compiled, and the result conversion of each
        order key."""
        source, where = self._source(uow, plan)
        order = self._order(uow, plan)
        keys = [_untyped(e).label(f"_k{i}") for i, (e, _) in enumerate(order)]
        after = [bindparam(f"after_{i}", type_=e.type) for i, (e, _) in enumerate(order)]
        base: Select[Any] = (
            select(*layout.expressions, *keys)
            .select_from(source)
            .order_by(*[e.desc() if d else e.asc() for e, d in order])
            .limit(chunk_size)
        )
        sql_dialect, schemas = self._database.engine.dialect, uow.schemas()
        first = Compiled(sql_dialect, base.where(*where), schemas)
        later = Compiled(sql_dialect, base.where(*where, *self._after(order, after)), schemas)
        converters = [result_converter(sql_dialect, e) for e, _ in order]
        return (first, later), converters

    def _links(
        self,
        uow: SqlUnitOfWork,
        plan: ReportPlan,
        layout: ReportLayout,
        columns: Sequence[Sequence[Any]],
    ) -> dict[str, Mapping[Any, Any]]:
        """The link-table and aggregate columns of one chunk: one statement each."""
        keys = {c.key for c in plan.columns}
        links: dict[str, Mapping[Any, Any]] = {}
        at = layout.customer_index
        customers = set(columns[at]) if at >= 0 else set()
        if "customer.market_segments" in keys:
            cs = t.customer_segments
            statement = select(cs.c.customer_id, cs.c.segment_id).where(
                cs.c.organisation_id == self._org, uow.ids_in(cs.c.customer_id, customers)
            )
            links["customer.market_segments"] = _grouped(uow.execute(statement))
        if "contact.keywords" in keys:
            kw = t.contact_keywords
            contacts = set(columns[layout.contact_index])
            statement = select(kw.c.contact_id, kw.c.keyword).where(
                kw.c.organisation_id == self._org, uow.ids_in(kw.c.contact_id, contacts)
            )
            links["contact.keywords"] = _grouped(uow.execute(statement))
        if "customer.billing_total" in keys:
            links["customer.billing_total"] = self._billing(uow, plan, customers)
        return links

    def _billing(
        self, uow: SqlUnitOfWork, plan: ReportPlan, customers: Collection[UUID]
    ) -> dict[UUID, Any]:
        """Billed invoices (Sent flag, numbered) in the organisation currency that the plan's
        invoice visibility allows, summed per customer as exact integer units."""
        if plan.invoices is None:
            return {}
        i = t.invoices.c
        where = [
            i.organisation_id == self._org,
            uow.ids_in(i.customer_id, customers),
            *billed(t.invoices, self._org),
            *visible(t.invoices, plan.invoices),
            i.currency == plan.currency,
        ]
        statement = (
            select(i.customer_id, func.sum(i.total_excl_vat_units))
            .where(*where)
            .group_by(i.customer_id)
        )
        sums: Any = uow.execute(statement)
        return {customer_id: money_amount(int(units)) for customer_id, units in sums}

    def identities(
        self, include_inactive: bool, chunk_size: int
    ) -> Iterator[Sequence[CustomerIdentity]]:
        c = _c.c
        last = 0
        while True:
            where = [c.organisation_id == self._org, c.number > last]
            if not include_inactive:
                where.append(c.status == CustomerStatus.ACTIVE.value)
            statement = (
                select(
                    c.id,
                    c.number,
                    c.name,
                    c.vat_number,
                    c.business_id_country,
                    c.business_id,
                    c.status,
                )
                .where(*where)
                .order_by(c.number)
                .limit(chunk_size)
            )
            with self._uow() as uow:
                found = list(uow.execute(statement))
            if not found:
                return
            yield [
                CustomerIdentity(
                    CustomerId(row.id),
                    row.number,
                    row.name,
                    row.vat_number,
                    f"{row.business_id_country}:{row.business_id}" if row.business_id else None,
                    CustomerStatus(row.status),
                )
                for row in found
            ]
            last = found[-1].number
            if len(found) < chunk_size:
                return


def _untyped(expression: Any) -> Any:
    """``expression`` selected without SQLAlchemy's per-row result processing."""
    return type_coerce(expression, NullType())


def _listed(contacts: Any, plan: ReportPlan) -> list[ColumnElement[bool]]:
    """X2: the contacts the plan lists: not deleted, of the plan's contact status if any
    (``ReportPlan.lists_contact``)."""
    where = [contacts.c.deleted_at.is_(None)]
    if plan.contact_status is not None:
        where.append(contacts.c.active.is_(plan.contact_status is ContactStatus.ACTIVE))
    return where


def _carries(organisation_id: UUID, contact_id: Any, keyword: str) -> ColumnElement[bool]:
    kw = t.contact_keywords
    return exists().where(
        kw.c.organisation_id == organisation_id,
        kw.c.contact_id == contact_id,
        kw.c.keyword == keyword,
    )


def _grouped(pairs: Any) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


__all__ = ["SqlReportQueries"]
