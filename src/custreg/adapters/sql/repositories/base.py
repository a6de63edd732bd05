"""The shared base of the SQL repositories: organisation scoping, one-table CRUD, bulk inserts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import NamedTuple
from typing import TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from custreg.adapters.sql import rows
from custreg.domain.errors import NotFoundError

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


E = TypeVar("E")
_MAX_BIGINT = 2**63 - 1


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


class _VersionedUpdate:
    """``UPDATE table ... WHERE organisation, id and version = previous``: the optimistic lock,
    run as one executemany that writes every column but the keys."""

    def __init__(self, table: Table) -> None:
        c = table.c
        self.columns = tuple(col.name for col in c if col.name not in ("organisation_id", "id"))
        self.statement = (
            update(table)
            .where(
                c.organisation_id == bindparam("w_org"),
                c.id == bindparam("w_id"),
                c.version == bindparam("w_previous"),
            )
            .values({name: bindparam(name) for name in self.columns})
        )

    def params(
        self, organisation_id: UUID, items: Iterable[Any], to_row: Callable[[UUID, Any], Any]
    ) -> list[dict[str, Any]]:
        """One parameter set per item: its keys, the version it replaces, its new values."""
        params = []
        for item in items:
            values = to_row(organisation_id, item)
            params.append(
                {
                    "w_org": organisation_id,
                    "w_id": item.id,
                    "w_previous": item.version - 1,
                    **{name: values[name] for name in self.columns},
                }
            )
        return params


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
        return _of_organisation(table, self._org)


@lru_cache(maxsize=1024)
def _of_organisation(table: Table, organisation_id: UUID) -> ColumnElement[bool]:
    """``table.organisation_id = organisation_id``, built once per table and organisation (an
    expression is immutable; building it costs more than a small read's own Python)."""
    return table.c.organisation_id == organisation_id


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


class _OldestFirst(_Crud[E]):
    """A ``_Crud`` of rows of a customer (``customer_id``) listed oldest first (``created_at``,
    ties by id)."""

    def _oldest_first(self, *where: ColumnElement[bool]) -> list[E]:
        return self._list(*where, order=[self.table.c.created_at])

    def for_customer(self, customer_id: UUID) -> list[E]:
        return self._oldest_first(self.table.c.customer_id == customer_id)


class _VersionMismatch(Exception):
    """Some row of an executemany UPDATE did not match its expected version."""


class LinkedTable(NamedTuple, Generic[E]):
    """Where and how an entity with a set of linked values is stored: its row in ``table`` (an
    ``entity`` for NotFoundError), its values as rows of ``links`` (organisation, ``owner`` id,
    ``linked`` value), the ``rows`` functions between the two, reads ordered by ``order``."""

    table: Table
    entity: str
    to_row: Callable[[UUID, E], dict[str, Any]]
    from_row: Callable[[rows.Row, Sequence[Any]], E]
    links: Table
    owner: str
    linked: str
    link_rows: Callable[[UUID, E], list[dict[str, Any]]]
    order: Sequence[Any]


class _Linked(_Repository, Generic[E]):
    """add/get/update of an entity kept as its ``LinkedTable`` says, its linked values loaded for
    all rows of a read at once."""

    def __init__(self, uow: SqlUnitOfWork, stored: LinkedTable[E]) -> None:
        super().__init__(uow)
        self.table, self.entity = stored.table, stored.entity
        self.links, self.owner, self.linked = stored.links, stored.owner, stored.linked
        self._to_row, self._from_row, self._link_rows = (
            stored.to_row, stored.from_row, stored.link_rows
        )
        self._order = stored.order

    def _select(self, *where: ColumnElement[bool]) -> Select[Any]:
        return select(self.table).where(self._of_org(self.table), *where).order_by(*self._order)

    def _load(self, statement: Select[Any]) -> list[E]:
        found = list(self._uow.execute(statement).mappings())
        if not found:
            return []
        owner, linked = self.links.c[self.owner], self.links.c[self.linked]
        values = _grouped(
            self._uow.execute(
                select(owner, linked).where(
                    self._of_org(self.links),
                    self._uow.ids_in(owner, [row["id"] for row in found]),
                )
            )
        )
        return [self._from_row(row, values.get(row["id"], ())) for row in found]

    def add(self, item: E) -> None:
        with self._uow.savepoint():
            self._uow.execute(insert(self.table), self._to_row(self._org, item))
            self._insert_links(item)

    def _insert_links(self, item: E) -> None:
        links = self._link_rows(self._org, item)
        if links:
            self._uow.execute(insert(self.links), links)

    def get(self, item_id: Any) -> E:
        found = self._load(self._select(self.table.c.id == item_id))
        if not found:
            raise NotFoundError(self.entity, item_id)
        return found[0]

    def update(self, item: E) -> None:
        values = self._to_row(self._org, item)
        item_id = values.pop("id")
        del values["organisation_id"]
        where = [self._of_org(self.table), self.table.c.id == item_id]
        if self._uow.execute(update(self.table).where(*where).values(values)).rowcount == 0:
            raise NotFoundError(self.entity, item_id)
        self._uow.execute(
            delete(self.links).where(self._of_org(self.links), self.links.c[self.owner] == item_id)
        )
        self._insert_links(item)
