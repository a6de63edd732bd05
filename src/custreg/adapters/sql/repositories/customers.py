"""SQL repository of customers (with their market-segment link rows)."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement
from sqlalchemy import CompoundSelect
from sqlalchemy import Dialect
from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union

from custreg.adapters.sql import listing
from custreg.adapters.sql import rows
from custreg.adapters.sql import set_sql
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.driver_values import converted_columns
from custreg.adapters.sql.driver_values import converted_row
from custreg.adapters.sql.repositories.base import _insert_dicts
from custreg.adapters.sql.repositories.base import _Repository
from custreg.adapters.sql.repositories.base import _VersionedUpdate
from custreg.adapters.sql.repositories.base import _VersionMismatch
from custreg.adapters.sql.trusted import new_id
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ConflictError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldWrite
from custreg.domain.mass_update import writable_field
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest
from custreg.domain.query import compact_id
from custreg.domain.values import CustomerNumber

#: The customer columns a read selects (untyped; decoded a column at a time, see ``_load``).
_READ = rows.CUSTOMER_READ_COLUMNS

#: ``SqlCustomers._columns`` per dialect (its name).
_COLUMNS: dict[str, Select[Any]] = {}

_UPDATE_CUSTOMER = _VersionedUpdate(t.customers)


def _columns(sql_dialect: Dialect) -> Select[Any]:
    """``SqlCustomers._columns`` on ``sql_dialect``, built the first time it is asked for."""
    found = _COLUMNS.get(sql_dialect.name)
    if found is None:
        c = t.customers.c
        base = set_sql.untyped(sql_dialect, t.customers, _READ)
        segments = listing.segments_of(sql_dialect.name, c.organisation_id, c.id)
        found = _COLUMNS[sql_dialect.name] = base.add_columns(segments)
    return found


def _get_statement(sql_dialect: Dialect, token: bool) -> Select[Any]:
    """The customer of an id (bound parameters ``org`` and ``customer``), and with ``token``
    the token of its organisation's settings (a scalar subquery: NULL when there are none)."""
    c = t.customers.c
    statement = _columns(sql_dialect)
    if token:
        s = t.organisation_settings.c
        found = select(s.token).where(s.organisation_id == c.organisation_id).scalar_subquery()
        statement = statement.add_columns(found)
    return statement.where(c.organisation_id == bindparam("org"), c.id == bindparam("customer"))


_NO_SEGMENTS: frozenset[MarketSegmentId] = frozenset()

#: How many distinct customer rows ``_decoded`` remembers (then it starts afresh).
_REMEMBERED = 1024
_DECODED: dict[tuple[Any, ...], Customer] = {}


def _decoded(sql_dialect: Dialect, values: tuple[Any, ...]) -> Customer:
    """One customer row, as the driver gave it, decoded. On SQLite, whose driver gives text and
    numbers only, the customers of the last distinct rows are remembered: a row read again
    unchanged (a card shown again, a customer read before each of a user's edits) is decoded
    once. A customer is immutable, and a row changed in any column is another key."""
    if sql_dialect.name != "sqlite":
        return rows.customer_from_row(converted_row(sql_dialect, t.customers, _READ, values))
    found = _DECODED.get(values)
    if found is None:
        found = rows.customer_from_row(converted_row(sql_dialect, t.customers, _READ, values))
        if len(_DECODED) >= _REMEMBERED:
            _DECODED.clear()
        _DECODED[values] = found
    return found


#: How a mass-updatable field is stored, where it is not the column of that name.
_FIELD_COLUMN = {"market_segment_ids": None}  # the customer_segments link rows


def _segment_set(value: Any) -> frozenset[MarketSegmentId]:
    if not isinstance(value, frozenset):
        raise ValidationError("customer", "market_segment_ids", "must be a frozenset", value)
    return value


def _column_value(field: str, value: Any) -> Any:
    """A mass-updatable field's value as its column stores it (statuses by their value,
    e-invoicing addresses as their JSON)."""
    if field == "einvoice_addresses":
        return rows.encode_einvoice_addresses(value)
    return value.value if field == "status" else value


class SqlCustomers(_Repository):
    """Customers, with market segments in the ``customer_segments`` link table."""

    def remove(self, customer_id: CustomerId) -> None:
        """One DELETE; the foreign keys cascade to its addresses, contacts and segment links and
        refuse (IntegrityError) while projects, invoices, notes, activities or files refer to it."""
        where = [self._of_org(t.customers), t.customers.c.id == customer_id]
        with self._uow.savepoint():
            result = self._uow.execute(delete(t.customers).where(*where))
        if result.rowcount == 0:
            raise NotFoundError("customer", customer_id)

    # -- reads ---------------------------------------------------------------------------------
    def _load(self, statement: Select[Any] | CompoundSelect[Any]) -> list[Customer]:
        """Customers selected by ``statement`` (of ``_columns``: see ``_select``), in its order,
        with their segments: ONE statement (the segment ids come aggregated per row). The rows
        are read untyped and decoded a column at a time (``SqlUnitOfWork.read_columns``), the
        entities built column-wise without re-validation (``rows.customers_from_columns``): a
        first page of 100 costs a fraction of SQLAlchemy's per-row typed processing, per-row
        building and a second statement for the segment links."""
        columns = self._uow.read_columns(statement, t.customers, _READ)
        return rows.customers_from_columns(columns) if columns[0] else []

    def _columns(self) -> Select[Any]:
        """``SELECT`` of the ``_READ`` columns of customers, untyped, and of each one's segment
        ids (``listing.segments_of``), with no condition. Built once per dialect."""
        return _columns(self._uow.database.engine.dialect)

    def _select(self, *where: ColumnElement[bool]) -> Select[Any]:
        """The organisation's customers matching ``where``, unordered: ``ORDER BY number`` here
        made SQLite without statistics (a new database; SQLite never analyses by itself) scan
        the organisation's customers in number order instead of searching the VAT number's
        index, one full scan per duplicate check. Callers sort the few rows in Python."""
        return self._columns().where(self._of_org(t.customers), *where)

    def _load_by_number(self, statement: Select[Any] | CompoundSelect[Any]) -> list[Customer]:
        found = self._load(statement)
        found.sort(key=lambda customer: customer.number.value)
        return found

    def get(self, customer_id: CustomerId) -> Customer:
        """One customer: one statement, compiled once per dialect with the organisation and the
        id as bound parameters and run at the driver (``SqlUnitOfWork.fetch_driver``): no
        statement built, cache key made or execution context set up per read, most of a single
        read's own Python."""
        customer, _ = self._get(customer_id, False, False)
        return customer

    def get_with_settings_token(
        self, customer_id: CustomerId, alone: bool = False
    ) -> tuple[Customer, UUID | None]:
        """``get`` and the token of the organisation's settings (``SqlSettings.cached``; None:
        it has none) in ONE statement, so both come from the same snapshot. ``alone``: the
        caller reads nothing else it must be consistent with (the card's Customer settings tab,
        its settings cached), so the statement needs no transaction of its own
        (``fetch_driver``'s ``alone``: no BEGIN on SQLite)."""
        return self._get(customer_id, True, alone)

    def _get(
        self, customer_id: CustomerId, token: bool, alone: bool
    ) -> tuple[Customer, UUID | None]:
        uow = self._uow
        dialect = uow.database.engine.dialect
        read = listing.compiled_once(
            dialect, ("customer", token), lambda d: _get_statement(d, token), uow.schemas()
        )
        fetched = uow.fetch_driver(
            read.sql, read.bind({"org": self._org, "customer": customer_id}), alone=alone
        )
        if not fetched:
            raise NotFoundError("customer", customer_id)
        row = fetched[0]
        customer = _decoded(dialect, tuple(row[: len(_READ) + 1]))
        stored = row[-1] if token else None
        return customer, None if stored is None else new_id(stored)

    def get_many(self, customer_ids: Collection[CustomerId]) -> dict[CustomerId, Customer]:
        if not customer_ids:
            return {}
        found = self._load_by_number(self._select(self._uow.ids_in(t.customers.c.id, customer_ids)))
        return {customer.id: customer for customer in found}

    def conditions(self, query: CustomerQuery) -> list[ColumnElement[bool]]:
        """``CustomerQuery.matches`` as SQL conditions (C6), each served by an index."""
        c = t.customers.c
        where: list[ColumnElement[bool]] = [self._of_org(t.customers)]
        if query.ids is not None:
            where.append(self._uow.ids_in(c.id, query.ids))
        if query.status is not None:
            where.append(c.status == query.status.value)
        if query.owner_id is not None:
            where.append(c.owner_id == query.owner_id)
        if query.industry_id is not None:
            where.append(c.industry_id == query.industry_id)
        if query.market_segment_id is not None:
            links = t.customer_segments
            where.append(
                exists().where(
                    links.c.organisation_id == c.organisation_id,
                    links.c.customer_id == c.id,
                    links.c.segment_id == query.market_segment_id,
                )
            )
        if query.text is not None:
            where.append(self._text_condition(query.text))
        return where

    @staticmethod
    def _text_condition(text: str) -> ColumnElement[bool]:
        """Name substring (case-folded in Python on both sides) or exact number / VAT / id."""
        c = t.customers.c
        needle = f"%{listing.escape_like(text.casefold())}%"
        matches: list[ColumnElement[bool]] = [c.name_search.like(needle, escape="\\")]
        number = listing.text_number(text)
        if number is not None:
            matches.append(c.number == number)
        wanted = compact_id(text)
        if wanted:
            matches += [c.vat_compact == wanted, c.business_id_compact == wanted]
        return or_(*matches)

    def find(self, query: CustomerQuery, page: PageRequest) -> Page[Customer]:
        """One statement for a page of a query likely to fill pages (the count rides along),
        else the page first, then the total: counted only when the page does not tell it (a
        page that is neither full nor empty, or an empty first page, ends the matches). Each
        statement is built and compiled once per shape and run at the driver with the page's
        values (``custreg.adapters.sql.listing``)."""
        uow = self._uow
        dialect = uow.database.engine.dialect
        shape = listing.shape_of(query, page)
        schemas = uow.schemas()
        values = listing.values_of(dialect.name, self._org, query, page)
        read = listing.compiled(dialect, shape, False, schemas)
        fetched = uow.fetch_driver(read.sql, read.bind(values))
        columns = converted_columns(dialect, t.customers, _READ, fetched)
        items = rows.customers_from_columns(columns[: len(_READ) + 1]) if fetched else []
        if shape.counted and fetched:
            total: int = columns[-1][0]
        elif 0 < len(items) < page.limit or (not items and page.offset == 0):
            total = page.offset + len(items)
        else:
            count = listing.compiled(dialect, shape, True, schemas)
            total = uow.fetch_driver(count.sql, count.bind(values))[0][0]
        return Page(items=items, total=total, offset=page.offset, limit=page.limit)

    def ids_matching(self, query: CustomerQuery) -> list[CustomerId]:
        statement = (
            select(t.customers.c.id).where(*self.conditions(query)).order_by(t.customers.c.number)
        )
        return [CustomerId(i) for i in self._uow.execute(statement).scalars()]

    def with_vat_number(self, vat_number: VatNumber) -> list[Customer]:
        c = t.customers.c
        return self._load_by_number(
            self._select(
                c.vat_compact == compact_id(vat_number.value), c.vat_number == vat_number.value
            )
        )

    def with_business_id(self, business_id: BusinessId) -> list[Customer]:
        c = t.customers.c
        return self._load_by_number(
            self._select(
                c.business_id_compact == compact_id(business_id.value),
                c.business_id == business_id.value,
                c.business_id_country == business_id.country,
            )
        )

    def with_tax_ids(
        self, vat_numbers: Collection[VatNumber], business_ids: Collection[BusinessId]
    ) -> list[Customer]:
        """One query on the compact columns, then the exact match in Python: a UNION of one
        index search per column (see ``_select``; with ``OR`` and ``ORDER BY number`` SQLite
        without statistics scanned the organisation's customers for every batch of an import,
        which made a 100,000-customer import into a new database quadratic)."""
        vats, ids = set(vat_numbers), set(business_ids)
        c = t.customers.c
        searches = [
            self._select(self._uow.texts_in(column, texts))
            for column, texts in (
                (c.vat_compact, {compact_id(v.value) for v in vats}),
                (c.business_id_compact, {compact_id(b.value) for b in ids}),
            )
            if texts
        ]
        if not searches:
            return []
        found = self._load_by_number(union(*searches) if len(searches) > 1 else searches[0])
        return [x for x in found if x.vat_number in vats or x.business_id in ids]

    def next_number(self) -> CustomerNumber:
        return CustomerNumber(self._uow.draw("customer_number"))

    def next_numbers(self, count: int) -> list[CustomerNumber]:
        if count <= 0:
            return []
        last = self._uow.draw("customer_number", count)
        return [CustomerNumber(n) for n in range(last - count + 1, last + 1)]

    def reserve_number(self, number: CustomerNumber) -> None:
        self._uow.reserve("customer_number", number.value)

    # -- writes --------------------------------------------------------------------------------
    def add(self, customer: Customer) -> None:
        self.add_many([customer])

    def add_many(self, customers: Sequence[Customer]) -> None:
        """Insert customers and their segments: two executemany statements in a savepoint, so
        a taken id or number (IntegrityError) stores none of them and the unit of work goes on."""
        if not customers:
            return
        org = self._org
        links = [
            link for c in customers if c.market_segment_ids for link in rows.segment_rows(org, c)
        ]
        with self._uow.savepoint():
            values = rows.customer_columns(org, customers)
            self._uow.insert_columns(t.customers, rows.CUSTOMER_COLUMNS, values)
            _insert_dicts(self._uow, t.customer_segments, links)
        if len(customers) > 1:
            self._uow.inserted(t.customers, len(customers))

    def update(self, customer: Customer) -> None:
        self.update_many([customer])

    def update_many(self, customers: Sequence[Customer]) -> None:
        """One executemany UPDATE guarded by the versions, in a savepoint: all or none. The rows
        are locked, then written, in ascending id order (no deadlock with another writer)."""
        if not customers:
            return
        ordered = sorted(customers, key=lambda c: c.id)
        if len(ordered) > 1:  # one row alone cannot close a cycle of waits
            self._uow.lock_rows(t.customers, [c.id for c in ordered])
        params = _UPDATE_CUSTOMER.params(self._org, ordered, rows.customer_row)
        try:
            with self._uow.savepoint():
                result = self._uow.execute(_UPDATE_CUSTOMER.statement, params)
                if result.rowcount != len(customers):
                    raise _VersionMismatch
                self._sync_segments([(c.id, c.market_segment_ids) for c in customers])
        except _VersionMismatch:
            # Diagnosed after the savepoint rolled back, so the stored versions are the old ones.
            raise self._first_conflict([(c.id, c.version - 1) for c in customers]) from None

    def read_field(
        self, customer_ids: Collection[CustomerId], field: str
    ) -> dict[CustomerId, FieldState]:
        """One narrow statement (id, version and the field's column), plus one for the segment
        links when the field is ``market_segment_ids``; read column by column. In a writing unit
        of work the rows are locked first, in ascending id order (the database sorts them;
        nothing is sorted in Python), so the versions read stay current until the write (two
        mass updates queue, neither deadlocks nor goes stale)."""
        name = writable_field(field)
        if not customer_ids:
            return {}
        if not self._uow.read_only:
            self._uow.lock_rows(t.customers, customer_ids)
        column = _FIELD_COLUMN.get(name, name)
        values: list[Any]
        if column is None:
            ids, versions = self._uow.columns_by_key(t.customers, "id", ("version",), customer_ids)
            segments = self._segment_sets(ids)
            values = [segments.get(customer_id, _NO_SEGMENTS) for customer_id in ids]
        else:
            ids, versions, values = self._uow.columns_by_key(
                t.customers, "id", ("version", column), customer_ids
            )
            if name == "status":
                values = list(map(CustomerStatus, values))
            elif name == "einvoice_addresses":
                values = list(map(rows.decode_einvoice_addresses, values))
        return dict(zip(ids, map(FieldState, versions, values), strict=True))

    def write_field(
        self, field: str, changes: Sequence[FieldWrite], at: datetime, by: UserId | None
    ) -> None:
        """One set-based UPDATE guarded by the versions (plus the segment link rows' diff), in
        a savepoint: all or none."""
        name = writable_field(field)
        if not changes:
            return
        column = _FIELD_COLUMN.get(name, name)
        ids, versions, values = zip(*changes, strict=True)
        stamp = {"updated_at": rows.aware("customer", "updated_at", at), "updated_by": by}
        written = None if column is None else [_column_value(name, v) for v in values]
        try:
            with self._uow.savepoint():
                updated = self._uow.update_versioned(
                    t.customers, column, stamp, ids, versions, written
                )
                if updated != len(changes):
                    raise _VersionMismatch
                if column is None:
                    self._sync_segments(list(zip(ids, map(_segment_set, values), strict=True)))
        except _VersionMismatch:
            raise self._first_conflict(list(zip(ids, versions, strict=True))) from None

    def _first_conflict(
        self, expected: Sequence[tuple[CustomerId, int]]
    ) -> NotFoundError | ConflictError:
        """The error for the first (customer, version) whose stored version is not that one."""
        ids = [customer_id for customer_id, _ in expected]
        keys, versions = self._uow.columns_by_key(t.customers, "id", ("version",), ids)
        stored = dict(zip(keys, versions, strict=True))
        seen: set[UUID] = set()
        for customer_id, version in expected:
            found = stored.get(customer_id)
            if found is None:
                return NotFoundError("customer", customer_id)
            if found != version or customer_id in seen:
                return ConflictError("customer", customer_id, version, found)
            seen.add(customer_id)
        customer_id, version = expected[0]
        return ConflictError("customer", customer_id, version, None)

    def _segment_sets(
        self, customer_ids: Collection[UUID]
    ) -> dict[UUID, frozenset[MarketSegmentId]]:
        """The stored segments of these customers (those with none are absent): one statement."""
        found: dict[UUID, set[MarketSegmentId]] = {}
        customers, segments = self._uow.columns_by_key(
            t.customer_segments, "customer_id", ("segment_id",), customer_ids
        )
        for customer_id, segment_id in zip(customers, segments, strict=True):
            found.setdefault(customer_id, set()).add(segment_id)
        return {customer_id: frozenset(ids) for customer_id, ids in found.items()}

    def _sync_segments(
        self, customers: Sequence[tuple[CustomerId, frozenset[MarketSegmentId]]]
    ) -> None:
        """Make the link rows equal the customers' segments: one read, at most two writes."""
        stored = self._segment_sets([customer_id for customer_id, _ in customers])
        removed: list[tuple[UUID, UUID]] = []
        added: list[tuple[UUID, UUID, UUID]] = []
        for customer_id, after in customers:
            before = stored.get(customer_id, _NO_SEGMENTS)
            removed += [(customer_id, s) for s in before - after]
            added += [(self._org, customer_id, s) for s in after - before]
        links = t.customer_segments
        self._uow.delete_pairs(links, ("customer_id", "segment_id"), removed)
        self._uow.insert_rows(links, ("organisation_id", "customer_id", "segment_id"), added)
