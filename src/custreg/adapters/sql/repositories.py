"""Repositories of the SQL adapter: every port of ``custreg.ports.repositories`` over Core tables.

Every statement filters on the unit of work's organisation. Reads of many rows and writes of many
rows are a constant number of statements (link tables are loaded for all rows at once, never per
row), so cost grows with the data only inside the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID, uuid4

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.domain.activity import Activity, FileLink, Note, Task
from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.errors import (
    BusinessRuleError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import (
    CostEntryId,
    CustomerId,
    InvoiceId,
    InvoiceStatusId,
    MarketSegmentId,
    ProjectId,
    ProposalId,
    SalesStatusId,
    TaskStatusId,
    UserId,
)
from custreg.domain.invoice import Invoice
from custreg.domain.mass_update import FieldState, FieldWrite, writable_field
from custreg.domain.project import CostEntry, Project, Proposal
from custreg.domain.query import CustomerQuery, Page, PageRequest, compact_id
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork

E = TypeVar("E")
_MAX_BIGINT = 2**63 - 1


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _grouped(pairs: Iterable[Any]) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _insert_dicts(uow: SqlUnitOfWork, table: Table, values: Sequence[dict[str, Any]]) -> None:
    """Bulk INSERT of row dicts built by one ``rows`` function (so all with the same keys, in the
    same order) as a driver-level executemany of tuples (see ``SqlUnitOfWork.insert_rows``)."""
    if values:
        uow.insert_rows(table, tuple(values[0]), [tuple(row.values()) for row in values])


class _Repository:
    """Shared access to the unit of work and the organisation key."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def _uses(self, column: ColumnElement[Any], value: UUID) -> bool:
        """Whether any row of the organisation has ``column == value`` (an indexed EXISTS)."""
        table = column.table
        statement = select(exists().where(table.c.organisation_id == self._org, column == value))
        return bool(self._uow.execute(statement).scalar())

    @property
    def _org(self) -> UUID:
        return self._uow.organisation_id

    def _of_org(self, table: Table) -> ColumnElement[bool]:
        return table.c.organisation_id == self._org


class _Crud(_Repository, Generic[E]):
    """add/get/update/remove of an entity kept in one table (no link table)."""

    def __init__(
        self,
        uow: SqlUnitOfWork,
        table: Table,
        entity: str,
        to_row: Callable[[UUID, E], dict[str, Any]],
        from_row: Callable[[rows.Row], E],
    ) -> None:
        super().__init__(uow)
        self.table, self.entity = table, entity
        self._to_row, self._from_row = to_row, from_row

    def _by_id(self, item_id: UUID) -> ColumnElement[bool]:
        return self._of_org(self.table) & (self.table.c.id == item_id)

    def _select(self, *where: ColumnElement[bool]) -> Select[Any]:
        return select(self.table).where(self._of_org(self.table), *where)

    def _list(self, *where: ColumnElement[bool], order: Sequence[Any] = ()) -> list[E]:
        statement = self._select(*where).order_by(*order, self.table.c.id)
        return [self._from_row(row) for row in self._uow.execute(statement).mappings()]

    def add(self, item: E) -> None:
        with self._uow.savepoint():  # a taken id fails alone; the unit of work goes on
            self._uow.execute(insert(self.table), self._to_row(self._org, item))

    def get(self, item_id: Any) -> E:
        row = self._uow.execute(self._select(self.table.c.id == item_id)).mappings().first()
        if row is None:
            raise NotFoundError(self.entity, item_id)
        return self._from_row(row)

    def update(self, item: E) -> None:
        values = self._to_row(self._org, item)
        item_id = values.pop("id")
        values.pop("organisation_id")
        result = self._uow.execute(update(self.table).where(self._by_id(item_id)).values(values))
        if result.rowcount == 0:
            raise NotFoundError(self.entity, item_id)

    def remove(self, item_id: Any) -> None:
        result = self._uow.execute(delete(self.table).where(self._by_id(item_id)))
        if result.rowcount == 0:
            raise NotFoundError(self.entity, item_id)


# -- customers -----------------------------------------------------------------------------------
_CUSTOMER_KEYS = ("organisation_id", "id")
_CUSTOMER_COLUMNS = tuple(c.name for c in t.customers.c)
_CUSTOMER_VALUES = tuple(c.name for c in t.customers.c if c.name not in _CUSTOMER_KEYS)


def _customer_update() -> Any:
    """UPDATE customers ... WHERE version = previous: the optimistic lock, for executemany."""
    c = t.customers.c
    return (
        update(t.customers)
        .where(
            c.organisation_id == bindparam("w_org"),
            c.id == bindparam("w_id"),
            c.version == bindparam("w_previous"),
        )
        .values({name: bindparam(name) for name in _CUSTOMER_VALUES})
    )


_UPDATE_CUSTOMER = _customer_update()


_NO_SEGMENTS: frozenset[MarketSegmentId] = frozenset()

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


class _VersionMismatch(Exception):
    """Some row of an executemany UPDATE did not match its expected version."""


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
        """Customers selected by ``statement`` (in its order) with their segments: 2 statements."""
        found = list(self._uow.execute(statement).mappings())
        if not found:
            return []
        segments = self._segments_of([row["id"] for row in found])
        return [rows.customer_from_row(row, segments.get(row["id"], ())) for row in found]

    def _segments_of(self, customer_ids: Collection[UUID]) -> dict[UUID, list[MarketSegmentId]]:
        links = t.customer_segments
        statement = select(links.c.customer_id, links.c.segment_id).where(
            self._of_org(links), self._uow.ids_in(links.c.customer_id, customer_ids)
        )
        return _grouped(self._uow.execute(statement))

    def _select(self, *where: ColumnElement[bool]) -> Select[Any]:
        """The organisation's customers matching ``where``, unordered: ``ORDER BY number`` here
        made SQLite without statistics (a new database; SQLite never analyses by itself) scan
        the organisation's customers in number order instead of searching the VAT number's
        index, one full scan per duplicate check. Callers sort the few rows in Python."""
        return select(t.customers).where(self._of_org(t.customers), *where)

    def _load_by_number(self, statement: Select[Any] | CompoundSelect[Any]) -> list[Customer]:
        found = self._load(statement)
        found.sort(key=lambda customer: customer.number.value)
        return found

    def get(self, customer_id: CustomerId) -> Customer:
        found = self._load(self._select(t.customers.c.id == customer_id))
        if not found:
            raise NotFoundError("customer", customer_id)
        return found[0]

    def get_many(self, customer_ids: Collection[CustomerId]) -> dict[CustomerId, Customer]:
        if not customer_ids:
            return {}
        found = self._uow.rows_of_ids(t.customers, _CUSTOMER_COLUMNS, customer_ids, "number")
        if not found:
            return {}
        segments = self._segments_of([row["id"] for row in found])
        return {
            row["id"]: rows.customer_from_row(row, segments.get(row["id"], ())) for row in found
        }

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
        needle = f"%{_escape_like(text.casefold())}%"
        matches: list[ColumnElement[bool]] = [c.name_search.like(needle, escape="\\")]
        if text.isdigit():
            try:
                number = int(text)
            except ValueError:  # digits int() does not read, e.g. superscripts
                number = 0
            if 0 < number <= _MAX_BIGINT:
                matches.append(c.number == number)
        wanted = compact_id(text)
        if wanted:
            matches += [c.vat_compact == wanted, c.business_id_compact == wanted]
        return or_(*matches)

    def find(self, query: CustomerQuery, page: PageRequest) -> Page[Customer]:
        where = self.conditions(query)
        total = self._uow.execute(
            select(func.count()).select_from(t.customers).where(*where)
        ).scalar_one()
        items: list[Customer] = []
        if page.offset < total:
            statement = (
                select(t.customers)
                .where(*where)
                .order_by(t.customers.c.number)
                .limit(page.limit)
                .offset(page.offset)
            )
            items = self._load(statement)
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
            select(t.customers).where(self._of_org(t.customers), self._uow.texts_in(column, texts))
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
        links = [link for c in customers for link in rows.segment_rows(org, c)]
        with self._uow.savepoint():
            values = [rows.customer_values(org, c) for c in customers]
            self._uow.insert_rows(t.customers, rows.CUSTOMER_COLUMNS, values)
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
        org = self._org
        params = []
        ordered = sorted(customers, key=lambda c: c.id)
        if len(ordered) > 1:  # one row alone cannot close a cycle of waits
            self._uow.lock_rows(t.customers, [c.id for c in ordered])
        for customer in ordered:
            values = rows.customer_row(org, customer)
            params.append(
                {
                    "w_org": org,
                    "w_id": customer.id,
                    "w_previous": customer.version - 1,
                    **{name: values[name] for name in _CUSTOMER_VALUES},
                }
            )
        try:
            with self._uow.savepoint():
                result = self._uow.execute(_UPDATE_CUSTOMER, params)
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
        of work the rows are locked first, in ascending id order, so the versions read stay
        current until the write (two mass updates queue, neither deadlocks nor goes stale)."""
        name = writable_field(field)
        if not customer_ids:
            return {}
        if not self._uow.read_only:
            self._uow.lock_rows(t.customers, sorted(set(customer_ids)))
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


# -- addresses and contacts ----------------------------------------------------------------------
class SqlAddresses(_Crud[Address]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.addresses, "address", rows.address_row, rows.address_from_row)

    def add_many(self, addresses: Sequence[Address]) -> None:
        """Insert many addresses with one executemany statement, all or none."""
        if addresses:
            with self._uow.savepoint():
                values = [rows.address_values(self._org, a) for a in addresses]
                self._uow.insert_rows(t.addresses, rows.ADDRESS_COLUMNS, values)
            self._uow.inserted(t.addresses, len(addresses))

    def for_customer(self, customer_id: CustomerId) -> list[Address]:
        c = t.addresses.c
        return self._list(c.customer_id == customer_id, order=[c.ordinal])


class SqlContacts(_Repository):
    """Contacts, with keywords in the ``contact_keywords`` link table (P4 filters on it)."""

    def _load(self, statement: Select[Any]) -> list[Contact]:
        found = list(self._uow.execute(statement).mappings())
        if not found:
            return []
        links = t.contact_keywords
        keywords = _grouped(
            self._uow.execute(
                select(links.c.contact_id, links.c.keyword).where(
                    self._of_org(links),
                    self._uow.ids_in(links.c.contact_id, [row["id"] for row in found]),
                )
            )
        )
        return [rows.contact_from_row(row, keywords.get(row["id"], ())) for row in found]

    def _select(self, *where: ColumnElement[bool]) -> Select[Any]:
        return select(t.contacts).where(self._of_org(t.contacts), *where).order_by(t.contacts.c.id)

    def add(self, contact: Contact) -> None:
        with self._uow.savepoint():
            self._uow.execute(insert(t.contacts), rows.contact_row(self._org, contact))
            self._insert_keywords(contact)

    def _insert_keywords(self, contact: Contact) -> None:
        keywords = rows.keyword_rows(self._org, contact)
        if keywords:
            self._uow.execute(insert(t.contact_keywords), keywords)

    def get(self, contact_id: Any) -> Contact:
        found = self._load(self._select(t.contacts.c.id == contact_id))
        if not found:
            raise NotFoundError("contact", contact_id)
        return found[0]

    def update(self, contact: Contact) -> None:
        values = rows.contact_row(self._org, contact)
        del values["organisation_id"], values["id"]
        where = [self._of_org(t.contacts), t.contacts.c.id == contact.id]
        if self._uow.execute(update(t.contacts).where(*where).values(values)).rowcount == 0:
            raise NotFoundError("contact", contact.id)
        links = t.contact_keywords
        self._uow.execute(
            delete(links).where(self._of_org(links), links.c.contact_id == contact.id)
        )
        self._insert_keywords(contact)

    def for_customer(
        self, customer_id: CustomerId, include_inactive: bool = False
    ) -> list[Contact]:
        c = t.contacts.c
        where = [c.customer_id == customer_id, c.deleted_at.is_(None)]
        if not include_inactive:
            where.append(c.active.is_(True))
        found = self._load(self._select(*where))
        return sorted(found, key=lambda x: (x.last_name.casefold(), x.first_name.casefold(), x.id))

    def with_keyword(self, keyword: str) -> list[Contact]:
        c, links = t.contacts.c, t.contact_keywords
        carrying = select(links.c.contact_id).where(
            self._of_org(links), links.c.keyword == keyword.strip()
        )
        return self._load(
            self._select(c.id.in_(carrying), c.active.is_(True), c.deleted_at.is_(None))
        )


# -- projects and invoices -----------------------------------------------------------------------
class _Proposals(_Crud[Proposal]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.proposals, "proposal", rows.proposal_row, rows.proposal_from_row)


class _Costs(_Crud[CostEntry]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.cost_entries, "cost_entry", rows.cost_row, rows.cost_from_row)


_PROJECT_VALUES = tuple(c.name for c in t.projects.c if c.name not in ("organisation_id", "id"))


class SqlProjects(_Crud[Project]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.projects, "project", rows.project_row, rows.project_from_row)
        self._proposals = _Proposals(uow)
        self._costs = _Costs(uow)

    def update(self, project: Project) -> None:
        values = rows.project_row(self._org, project)
        del values["organisation_id"], values["id"]
        c = t.projects.c
        statement = (
            update(t.projects)
            .where(self._by_id(project.id), c.version == project.version - 1)
            .values(values)
        )
        if self._uow.execute(statement).rowcount == 0:
            stored = self._uow.execute(
                select(c.version).where(self._by_id(project.id))
            ).scalar_one_or_none()
            if stored is None:
                raise NotFoundError("project", project.id)
            raise ConflictError("project", project.id, project.version - 1, stored)

    def for_customer(self, customer_id: CustomerId) -> list[Project]:
        c = t.projects.c
        return self._list(c.customer_id == customer_id, order=[c.number])

    def next_number(self) -> int:
        return self._uow.draw("project_number")

    def _require(self, project_id: ProjectId) -> None:
        found = self._uow.execute(select(t.projects.c.id).where(self._by_id(project_id))).first()
        if found is None:
            raise NotFoundError("project", project_id)

    def add_proposal(self, proposal: Proposal) -> None:
        self._require(proposal.project_id)
        self._proposals.add(proposal)

    def proposals_for(self, project_id: ProjectId) -> list[Proposal]:
        return self._proposals._list(t.proposals.c.project_id == project_id)

    def add_cost(self, entry: CostEntry) -> None:
        self._require(entry.project_id)
        self._costs.add(entry)

    def costs_for(self, project_id: ProjectId) -> list[CostEntry]:
        return self._costs._list(t.cost_entries.c.project_id == project_id)

    def uses_sales_status(self, status_id: SalesStatusId) -> bool:
        return self._uses(t.projects.c.sales_status_id, status_id)

    def set_forecast(self, forecast: ProjectForecast) -> None:
        self._require(forecast.project_id)
        insert_ = postgresql.insert if self._uow.dialect == "postgresql" else sqlite.insert
        f = t.project_forecasts
        row = rows.forecast_row(self._org, forecast)
        statement = insert_(f).values(row)
        statement = statement.on_conflict_do_update(
            index_elements=[f.c.organisation_id, f.c.project_id, f.c.month],
            set_={k: statement.excluded[k] for k in ("billing_units", "costs_units", "currency")},
        )
        self._uow.execute(statement)

    def forecasts_for(self, project_id: ProjectId) -> list[ProjectForecast]:
        f = t.project_forecasts
        statement = (
            select(f).where(self._of_org(f), f.c.project_id == project_id).order_by(f.c.month)
        )
        return [rows.forecast_from_row(r) for r in self._uow.execute(statement).mappings()]

    def customers_of(self, project_ids: Collection[ProjectId]) -> dict[ProjectId, CustomerId]:
        if not project_ids:
            return {}
        c = t.projects.c
        statement = select(c.id, c.customer_id).where(
            self._of_org(t.projects), self._uow.ids_in(c.id, project_ids)
        )
        return {
            ProjectId(row.id): CustomerId(row.customer_id)
            for row in self._uow.execute(statement)
        }

    def _add_children(self, table: Table, values: list[dict[str, Any]]) -> None:
        """One bulk INSERT in a savepoint: a taken id or an unknown project (IntegrityError)
        stores none of them and the unit of work goes on."""
        if values:
            with self._uow.savepoint():
                _insert_dicts(self._uow, table, values)
            self._uow.inserted(table, len(values))

    def add_proposals(self, proposals: Sequence[Proposal]) -> None:
        self._add_children(t.proposals, [rows.proposal_row(self._org, p) for p in proposals])

    def get_proposal(self, proposal_id: ProposalId) -> Proposal:
        return self._proposals.get(proposal_id)

    def update_proposal(self, proposal: Proposal) -> None:
        self._proposals.update(proposal)

    def remove_proposal(self, proposal_id: ProposalId) -> None:
        self._proposals.remove(proposal_id)

    def add_costs(self, entries: Sequence[CostEntry]) -> None:
        self._add_children(t.cost_entries, [rows.cost_row(self._org, e) for e in entries])

    def get_cost(self, entry_id: CostEntryId) -> CostEntry:
        return self._costs.get(entry_id)

    def update_cost(self, entry: CostEntry) -> None:
        self._costs.update(entry)

    def remove_cost(self, entry_id: CostEntryId) -> None:
        self._costs.remove(entry_id)

    def get_many(self, project_ids: Collection[ProjectId]) -> dict[ProjectId, Project]:
        if not project_ids:
            return {}
        found = self._list(self._uow.ids_in(t.projects.c.id, project_ids))
        return {project.id: project for project in found}

    def update_many(self, projects: Sequence[Project]) -> None:
        """One executemany UPDATE guarded by the versions, in a savepoint: all or none."""
        if not projects:
            return
        org, c = self._org, t.projects.c
        statement = (
            update(t.projects)
            .where(
                c.organisation_id == bindparam("w_org"),
                c.id == bindparam("w_id"),
                c.version == bindparam("w_previous"),
            )
            .values({name: bindparam(name) for name in _PROJECT_VALUES})
        )
        params = []
        for project in projects:
            values = rows.project_row(org, project)
            params.append(
                {
                    "w_org": org,
                    "w_id": project.id,
                    "w_previous": project.version - 1,
                    **{name: values[name] for name in _PROJECT_VALUES},
                }
            )
        try:
            with self._uow.savepoint():
                if self._uow.execute(statement, params).rowcount != len(projects):
                    raise _VersionMismatch
        except _VersionMismatch:
            stored = self.get_many([p.id for p in projects])
            for project in projects:
                before = stored.get(project.id)
                if before is None:
                    raise NotFoundError("project", project.id) from None
                if before.version != project.version - 1:
                    raise ConflictError(
                        "project", project.id, project.version - 1, before.version
                    ) from None
            first = projects[0]  # a project named twice: the second finds the version moved
            raise ConflictError("project", first.id, first.version - 1, first.version) from None


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


# -- activities, notes, tasks, files -------------------------------------------------------------
class SqlActivities(_Crud[Activity]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.activities, "activity", rows.activity_row, rows.activity_from_row)

    def for_customer(self, customer_id: CustomerId) -> list[Activity]:
        return self._list(t.activities.c.customer_id == customer_id)

    def for_project(self, project_id: ProjectId) -> list[Activity]:
        return self._list(t.activities.c.project_id == project_id)


class SqlNotes(_Crud[Note]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.notes, "note", rows.note_row, rows.note_from_row)

    def for_customer(self, customer_id: CustomerId) -> list[Note]:
        c = t.notes.c
        return self._list(c.customer_id == customer_id, order=[c.created_at])

    def for_project(self, project_id: ProjectId) -> list[Note]:
        c = t.notes.c
        return self._list(c.project_id == project_id, order=[c.created_at])


class SqlTasks(_Crud[Task]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.tasks, "task", rows.task_row, rows.task_from_row)

    def for_projects(self, project_ids: Collection[ProjectId]) -> list[Task]:
        if not project_ids:
            return []
        return self._list(self._uow.ids_in(t.tasks.c.project_id, project_ids))

    def uses_status(self, status_id: TaskStatusId) -> bool:
        return self._uses(t.tasks.c.status_id, status_id)


class SqlFiles(_Crud[FileLink]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.files, "file", rows.file_row, rows.file_from_row)

    def for_customer(self, customer_id: CustomerId) -> list[FileLink]:
        c = t.files.c
        return self._list(c.customer_id == customer_id, order=[c.created_at])


# -- settings and audit --------------------------------------------------------------------------
_CATALOGUES: tuple[
    tuple[Table, str, Callable[..., dict[str, Any]], Callable[[rows.Row], Any]], ...
] = (
    (t.users, "users", rows.user_row, rows.user_from_row),
    (t.industries, "industries", rows.industry_row, rows.industry_from_row),
    (t.invoice_templates, "invoice_templates", rows.template_row, rows.template_from_row),
    (t.vat_rates, "vat_rates", rows.vat_rate_row, rows.vat_rate_from_row),
    (
        t.market_segment_groups,
        "market_segment_groups",
        rows.segment_group_row,
        rows.segment_group_from_row,
    ),
    (t.market_segments, "market_segments", rows.segment_row, rows.segment_from_row),
    (t.invoice_statuses, "invoice_statuses", rows.invoice_status_row, rows.invoice_status_from_row),
    (t.sales_statuses, "sales_statuses", rows.sales_status_row, rows.sales_status_from_row),
    (t.task_statuses, "task_statuses", rows.task_status_row, rows.task_status_from_row),
    (
        t.custom_field_definitions,
        "custom_fields",
        rows.custom_field_row,
        rows.custom_field_from_row,
    ),
)

#: S4: statuses referenced by these columns may be disabled but not removed.
_STATUS_USES = (
    (t.invoice_statuses, "invoice_statuses", t.invoices, t.invoices.c.status_id, "invoices"),
    (t.sales_statuses, "sales_statuses", t.projects, t.projects.c.sales_status_id, "projects"),
    (t.task_statuses, "task_statuses", t.tasks, t.tasks.c.status_id, "tasks"),
)


class SqlSettings(_Repository):
    """The settings: one row plus one table per catalogue; cached per database by a token that
    changes on every save, so reading them costs one indexed lookup when nothing changed."""

    def get(self) -> OrganisationSettings:
        s = t.organisation_settings
        head = (
            self._uow.execute(select(s).where(s.c.organisation_id == self._org)).mappings().first()
        )
        if head is None:
            raise NotFoundError("settings", "organisation")
        cache = self._uow.database.settings_cache
        cached = cache.get(head["token"])
        if cached is not None and cached.organisation_id == self._org:
            return cached
        settings = self._load(head)
        cache.put(head["token"], settings)
        return settings

    def _load(self, head: rows.Row) -> OrganisationSettings:
        catalogues: dict[str, tuple[Any, ...]] = {}
        for table, name, _, from_row in _CATALOGUES:
            statement = select(table).where(self._of_org(table)).order_by(table.c.position)
            catalogues[name] = tuple(from_row(r) for r in self._uow.execute(statement).mappings())
        return OrganisationSettings(
            organisation_id=self._org,  # type: ignore[arg-type]
            name=head["name"],
            currency=head["currency"],
            timezone=head["timezone"],
            **catalogues,
        )

    def save(self, settings: OrganisationSettings) -> None:
        self._check_statuses_kept(settings)
        org = self._org
        s = t.organisation_settings
        values = {
            "name": settings.name,
            "currency": settings.currency,
            "timezone": settings.timezone,
            "token": uuid4(),
        }
        changed = self._uow.execute(update(s).where(s.c.organisation_id == org).values(values))
        if changed.rowcount == 0:
            self._uow.execute(insert(s), {"organisation_id": org, **values})
        for table, name, to_row, _ in _CATALOGUES:
            self._uow.execute(delete(table).where(self._of_org(table)))
            items = getattr(settings, name)
            if items:
                self._uow.execute(
                    insert(table), [to_row(org, i, item) for i, item in enumerate(items)]
                )

    def _check_statuses_kept(self, settings: OrganisationSettings) -> None:
        """S4: a status in use cannot be removed, only disabled (one query per status kind)."""
        for statuses, name, users, column, used_by in _STATUS_USES:
            kept = [status.id for status in getattr(settings, name)]
            in_use = (
                select(statuses.c.id, statuses.c.name)
                .where(
                    self._of_org(statuses),
                    ~self._uow.ids_in(statuses.c.id, kept),
                    exists().where(
                        users.c.organisation_id == statuses.c.organisation_id,
                        column == statuses.c.id,
                    ),
                )
                .limit(1)
            )
            row = self._uow.execute(in_use).first()
            if row is not None:
                raise BusinessRuleError(
                    "settings",
                    name,
                    f"status {row.name!r} ({row.id}) is used by {used_by}: "
                    "disable it instead of removing it (S4)",
                )


#: The counter numbering an organisation's audit entries (``audit_entries.seq``).
AUDIT_SEQ = "audit_seq"


class SqlAudit(_Repository):
    def record(self, entries: Sequence[AuditEntry]) -> None:
        """One driver-level executemany of plain tuples (a mass update writes one entry per
        customer, so per-row SQLAlchemy processing would dominate). Entries are numbered per
        organisation from its ``audit_seq`` counter, whose row lock (held to commit) makes the
        numbers follow the commit order."""
        if not entries:
            return
        org = self._org
        first = self._uow.draw(AUDIT_SEQ, len(entries)) - len(entries) + 1
        values = [(*rows.audit_values(org, e), first + i) for i, e in enumerate(entries)]
        self._uow.insert_rows(t.audit_entries, (*rows.AUDIT_COLUMNS, "seq"), values)

    def _list(self, *where: ColumnElement[bool]) -> list[AuditEntry]:
        """Read with each distinct value converted once (``fetch_rows``): a mass update's batch
        is thousands of entries sharing their organisation, instant, actor and batch."""
        a = t.audit_entries
        found = self._uow.fetch_rows(a, (self._of_org(a), *where), a.c.seq)
        return [rows.audit_from_row(row) for row in found]

    def for_entity(self, entity: str, entity_id: UUID) -> list[AuditEntry]:
        c = t.audit_entries.c
        return self._list(c.entity == entity, c.entity_id == entity_id)

    def for_batch(self, batch_id: UUID) -> list[AuditEntry]:
        return self._list(t.audit_entries.c.batch_id == batch_id)
