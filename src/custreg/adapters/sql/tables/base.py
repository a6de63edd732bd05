"""What every table of the schema shares: the metadata, its naming convention, the instant type,
and the column and constraint shapes written once.

- ``organisation_id`` / ``id_`` / ``primary_key`` / ``foreign_key``: every table starts with
  ``organisation_id``, and every key includes it (distributable by organisation);
- ``entity_table``: a table of one kind of entity, keyed (organisation_id, id);
- ``link_table``: a set as a link table, keyed by the organisation and both ends;
- ``reference``, ``money``, ``created``: a required id of another row, an exact amount
  (``<name>_units`` and ``<name>_exponent``), who created a row and when.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import DateTime
from sqlalchemy import ForeignKeyConstraint
from sqlalchemy import Index
from sqlalchemy import MetaData
from sqlalchemy import PrimaryKeyConstraint
from sqlalchemy import SmallInteger
from sqlalchemy import Table
from sqlalchemy import Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import SchemaItem
from sqlalchemy.types import TypeDecorator

from custreg.domain.values import MONEY_DECIMALS

#: Money amounts are stored as integers in units of 10^-MONEY_DECIMALS (see domain.values).
MONEY_SCALE = 10**MONEY_DECIMALS

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: The one MetaData every table of the schema belongs to (Alembic's ``target_metadata``).
metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC (timestamptz on PostgreSQL, text on SQLite).

    Rows always give back aware datetimes in UTC; the row functions refuse naive ones on write.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = value.astimezone(UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def organisation_id() -> Column[Any]:
    """The ``organisation_id`` every table starts with."""
    return Column("organisation_id", Uuid, nullable=False)


def id_() -> Column[Any]:
    """A row's own ``id`` (unique within its organisation)."""
    return Column("id", Uuid, nullable=False)


def reference(name: str) -> Column[Any]:
    """A required id of another row (``customer_id``, ``project_id``, ...)."""
    return Column(name, Uuid, nullable=False)


def money(name: str, nullable: bool = False) -> tuple[Column[Any], Column[Any]]:
    """An exact amount: ``<name>_units`` (amount x ``MONEY_SCALE``) and ``<name>_exponent`` (the
    Decimal's exponent, so it comes back as written; NULL: shortest form)."""
    return (
        Column(f"{name}_units", BigInteger, nullable=nullable),
        Column(f"{name}_exponent", SmallInteger),
    )


def created(required: bool = True) -> tuple[Column[Any], Column[Any]]:
    """When a row was created (``created_at``, required unless said) and by whom
    (``created_by``, a user id or NULL)."""
    return Column("created_at", UtcDateTime, nullable=not required), Column("created_by", Uuid)


def primary_key(*columns: str) -> PrimaryKeyConstraint:
    """A primary key starting with ``organisation_id``."""
    return PrimaryKeyConstraint("organisation_id", *columns)


def foreign_key(
    columns: tuple[str, ...], table: str, ondelete: str | None = None
) -> ForeignKeyConstraint:
    """A foreign key within one organisation: (organisation_id, x) -> table(organisation_id, id)."""
    return ForeignKeyConstraint(
        ["organisation_id", *columns],
        [f"{table}.organisation_id", f"{table}.id"],
        ondelete=ondelete,
    )


def organisation_fk() -> ForeignKeyConstraint:
    """The foreign key of a table's ``organisation_id`` to ``organisations``."""
    return ForeignKeyConstraint(["organisation_id"], ["organisations.id"])


def entity_table(name: str, *items: SchemaItem) -> Table:
    """A table of one kind of entity: ``organisation_id``, ``id``, then ``items`` (columns,
    constraints, indexes), keyed (organisation_id, id)."""
    return Table(name, metadata, organisation_id(), id_(), *items, primary_key("id"))


def link_table(
    name: str,
    owner: tuple[str, str],
    member: str,
    member_type: Any = Uuid,
    member_table: str | None = None,
) -> Table:
    """A set as a link table: (organisation_id, ``owner`` column, ``member`` column) is the key;
    ``owner`` is (column, table) and its rows' links go with them (ON DELETE CASCADE); a member
    that is a row of ``member_table`` has a foreign key to it; the index (organisation_id,
    member, owner) finds the owners of a member."""
    column, table = owner
    owned = foreign_key((column,), table, ondelete="CASCADE")  # created first: rendered first
    members = () if member_table is None else (foreign_key((member,), member_table),)
    return Table(
        name,
        metadata,
        organisation_id(),
        reference(column),
        Column(member, member_type, nullable=False),
        primary_key(column, member),
        owned,
        *members,
        Index(None, "organisation_id", member, column),
    )
