"""The customer listing's page statement (C6), built and compiled once per shape.

A page of customers is the listing's hot read: one statement for the page (each customer with its
segment ids, aggregated by a correlated subquery) and, when the page does not tell the total,
the count. Built with SQLAlchemy for every page, the statement, its cache key, the lookup of its
compiled form, the execution context and the result's metadata cost more Python than the
database's work on a page of 100. Here each shape of page statement (which conditions the query
has, first page or not, whether the count rides along) is built and compiled ONCE per dialect
(and attached schema), with bound parameters for the values of one page; a page binds its values
(through the column types' bind conversions) and runs the compiled text at the driver
(``SqlTransaction.fetch_driver``).

Where the query is likely to fill pages (no text and no id list: the whole register, an owner, a
status, a segment), the count rides on the page statement as an uncorrelated scalar subquery over
an alias of the table: the database computes it once (PostgreSQL's InitPlan, SQLite's
once-evaluated subquery), and a full page costs one statement, one round trip, instead of two. A
text or id search, where the page usually tells the total (fewer matches than a page), keeps the
count as a statement of its own, sent only when the page does not tell it.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Sequence
from typing import Any
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import ARRAY
from sqlalchemy import Dialect
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Uuid
from sqlalchemy import any_
from sqlalchemy import bindparam
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import NullType

from custreg.adapters.sql import rows
from custreg.adapters.sql import set_sql
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.driver_values import Converter
from custreg.adapters.sql.driver_values import bind_converter
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.query import compact_id

#: The customer columns a page selects (untyped; decoded a column at a time).
READ = rows.CUSTOMER_READ_COLUMNS

_MAX_BIGINT = 2**63 - 1


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``\\`` as the escape character."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Shape(NamedTuple):
    """What a page statement's text depends on: the query's kinds of condition, a first page
    or not, and whether the count rides along (see the module docstring)."""

    ids: bool
    status: bool
    owner: bool
    industry: bool
    segment: bool
    text: bool
    number: bool
    compact: bool
    later: bool

    @property
    def counted(self) -> bool:
        """The count rides on the page statement (a query likely to fill pages)."""
        return not (self.text or self.ids)


def text_number(text: str) -> int | None:
    """The customer number a search text names exactly (all digits, within BIGINT), if any."""
    if not text.isdigit():
        return None
    try:
        number = int(text)
    except ValueError:  # digits int() does not read, e.g. superscripts
        return None
    return number if 0 < number <= _MAX_BIGINT else None


def shape_of(query: CustomerQuery, page: PageRequest) -> Shape:
    text = query.text
    return Shape(
        ids=query.ids is not None,
        status=query.status is not None,
        owner=query.owner_id is not None,
        industry=query.industry_id is not None,
        segment=query.market_segment_id is not None,
        text=text is not None,
        number=text is not None and text_number(text) is not None,
        compact=text is not None and bool(compact_id(text)),
        later=page.offset > 0,
    )


def values_of(
    dialect: str, organisation_id: UUID, query: CustomerQuery, page: PageRequest
) -> dict[str, Any]:
    """The bound parameters' values of a page (as Python values; ``Compiled.bind`` converts
    them as the driver takes them)."""
    values: dict[str, Any] = {"org": organisation_id, "limit": page.limit}
    if page.offset > 0:
        values["offset"] = page.offset
    if query.ids is not None:
        ids = list(query.ids)
        values["ids"] = ids if dialect == "postgresql" else rows.dumps([i.hex for i in ids])
    if query.status is not None:
        values["status"] = query.status.value
    if query.owner_id is not None:
        values["owner"] = query.owner_id
    if query.industry_id is not None:
        values["industry"] = query.industry_id
    if query.market_segment_id is not None:
        values["segment"] = query.market_segment_id
    text = query.text
    if text is not None:
        values["needle"] = f"%{escape_like(text.casefold())}%"
        number = text_number(text)
        if number is not None:
            values["number"] = number
        wanted = compact_id(text)
        if wanted:
            values["compact"] = wanted
    return values


def conditions(dialect: str, table: Any, shape: Shape) -> list[ColumnElement[bool]]:
    """``CustomerQuery.matches`` as SQL conditions on ``table`` (the customers table or an alias
    of it), every value a bound parameter named as ``values_of`` names it."""
    c = table.c
    where: list[ColumnElement[bool]] = [c.organisation_id == bindparam("org")]
    if shape.ids:
        if dialect == "postgresql":
            where.append(c.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
        else:
            listed = func.json_each(bindparam("ids", type_=String)).table_valued("value")
            where.append(c.id.in_(select(listed.c.value)))
    if shape.status:
        where.append(c.status == bindparam("status"))
    if shape.owner:
        where.append(c.owner_id == bindparam("owner"))
    if shape.industry:
        where.append(c.industry_id == bindparam("industry"))
    if shape.segment:
        links = t.customer_segments
        where.append(
            exists().where(
                links.c.organisation_id == c.organisation_id,
                links.c.customer_id == c.id,
                links.c.segment_id == bindparam("segment", type_=Uuid),
            )
        )
    if shape.text:
        matches: list[ColumnElement[bool]] = [
            c.name_search.like(bindparam("needle", type_=String), escape="\\")
        ]
        if shape.number:
            matches.append(c.number == bindparam("number"))
        if shape.compact:
            compact = bindparam("compact", type_=String)
            matches += [c.vat_compact == compact, c.business_id_compact == compact]
        where.append(or_(*matches))
    return where


def segments_of(dialect: str, organisation: Any, customer_id: Any) -> Any:
    """The segment ids of the customer ``customer_id`` (a column of the enclosing query),
    aggregated by a correlated subquery: hex ids joined by commas on SQLite (``group_concat``),
    a list of UUIDs on PostgreSQL (``array_agg``); NULL when none."""
    links = t.customer_segments
    aggregate = (
        func.array_agg(links.c.segment_id)
        if dialect == "postgresql"
        else func.group_concat(links.c.segment_id)
    )
    segments = select(type_coerce(aggregate, NullType())).where(
        links.c.organisation_id == organisation, links.c.customer_id == customer_id
    )
    return segments.scalar_subquery()


def page_statement(sql_dialect: Dialect, shape: Shape) -> Any:
    """The page's ``SELECT``: the ``READ`` columns (untyped), the segment ids, and when
    ``shape.counted`` the number of matches, ordered by number. Past the first page the page's
    rows are chosen in a subquery and only they get their segment ids aggregated (PostgreSQL
    computes a row's columns before OFFSET drops it)."""
    dialect = sql_dialect.name
    c = t.customers.c
    where = conditions(dialect, t.customers, shape)
    extra: list[Any] = []
    if shape.counted:
        counted = t.customers.alias("counted")
        matches = conditions(dialect, counted, shape)
        extra.append(select(func.count()).select_from(counted).where(*matches).scalar_subquery())
    base = set_sql.untyped(sql_dialect, t.customers, READ)
    limit = bindparam("limit", type_=Integer)
    if not shape.later:
        segments = segments_of(dialect, c.organisation_id, c.id)
        return base.add_columns(segments, *extra).where(*where).order_by(c.number).limit(limit)
    chosen = (
        base.where(*where)
        .order_by(c.number)
        .limit(limit)
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    segments = segments_of(dialect, bindparam("org"), chosen.c.id)
    return select(*chosen.c, segments, *extra).order_by(chosen.c.number)


def count_statement(sql_dialect: Dialect, shape: Shape) -> Any:
    """``SELECT count(*)`` of the matches (a shape whose count does not ride on the page)."""
    where = conditions(sql_dialect.name, t.customers, shape)
    return select(func.count()).select_from(t.customers).where(*where)


class Compiled:
    """A statement compiled once: its SQL text and how a page's values become the driver's
    parameters (in the order of the marks on SQLite, by name on PostgreSQL; each value through
    its bound parameter's type's bind conversion)."""

    def __init__(self, sql_dialect: Dialect, statement: Any, schemas: Any) -> None:
        options: dict[str, Any] = {}
        if schemas:
            options = {"schema_translate_map": dict(schemas), "render_schema_translate": True}
        compiled = statement.compile(dialect=sql_dialect, **options)
        self.sql: str = compiled.string
        if "POSTCOMPILE" in self.sql:  # pragma: no cover - plain bound parameters only
            raise ValueError("a page statement must not need rendering at execution")
        self._positional: tuple[str, ...] | None = (
            tuple(compiled.positiontup) if sql_dialect.positional else None
        )
        self._convert: dict[str, Converter] = {}
        #: Parameters the dialect adds with a fixed value (SQLite's ``OFFSET 0``).
        self._fixed = {
            name: bind.value for name, bind in compiled.binds.items() if bind.value is not None
        }
        for name, bind in compiled.binds.items():
            convert = bind_converter(sql_dialect, bind)
            if convert is not None:
                self._convert[name] = convert

    def bind(self, values: dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters for these values (``values`` is left as it is)."""
        bound = {**self._fixed, **values}
        for name, convert in self._convert.items():
            value = bound.get(name)
            if value is not None:
                bound[name] = convert(value)
        if self._positional is None:
            return bound
        return tuple(map(bound.__getitem__, self._positional))


_COMPILED: dict[Hashable, Compiled] = {}


def compiled_once(
    sql_dialect: Dialect, key: Hashable, build: Callable[[Dialect], Any], schemas: Any
) -> Compiled:
    """The statement ``build`` makes for ``sql_dialect``, compiled the first time ``key`` (what
    else its text depends on) is asked for on this dialect and schema mapping, then kept."""
    full = (sql_dialect.name, sql_dialect.driver, sql_dialect.paramstyle, key, schemas)
    found = _COMPILED.get(full)
    if found is None:
        found = _COMPILED[full] = Compiled(sql_dialect, build(sql_dialect), schemas)
    return found


def compiled(sql_dialect: Dialect, shape: Shape, count: bool, schemas: Any) -> Compiled:
    """The page (or, ``count``, the count) statement of ``shape``, compiled the first time it
    is asked for on this dialect and schema mapping, then kept."""
    build = count_statement if count else page_statement
    return compiled_once(sql_dialect, (shape, count), lambda d: build(d, shape), schemas)
