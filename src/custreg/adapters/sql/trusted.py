"""Reading rows back as the database stored them, without validating them again.

Whatever a row holds was validated when it was written (by the entity's converters and
validators, and by the schema's constraints), so a read model that turns thousands of rows into
view objects trusts it: ids are decoded from the 32 hex digits SQLite stores without
``UUID.__init__``'s parsing (PostgreSQL's driver already gives ``UUID`` objects), and attrs values
are built field by field without running their converters again. Only rows this library wrote
pass through here; hostile input is refused when it is written, never when it is read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID, SafeUUID

import attrs
from sqlalchemy import String, Uuid, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from custreg.domain.values import Money

_T = TypeVar("_T")
_new = object.__new__
_set = object.__setattr__


def stored_uuid(text: str) -> UUID:
    """The UUID for the 32 hex digits the database stores (it wrote them from a UUID), without
    ``UUID.__init__``'s parsing: the top cost of reading thousands of ids on SQLite."""
    if len(text) != 32:  # pragma: no cover - every stored id is 32 hex digits
        return UUID(text)
    value: UUID = _new(UUID)
    _set(value, "int", int(text, 16))
    _set(value, "is_safe", SafeUUID.unknown)
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
    return names


def stored(cls: type[_T], *values: Any) -> _T:
    """An instance of the attrs class ``cls`` from values read back from rows, one per field in
    field order, without running its converters and validators again: they ran when the values
    were written, and re-running them per row was most of a card tab's time. Fails loudly if
    ``cls`` gains or loses a field."""
    value: _T = _new(cls)
    for name, item in zip(_field_names(cls), values, strict=True):
        _set(value, name, item)
    return value


def stored_money(amount: Decimal, currency: str) -> Money:
    """``Money`` for an amount and currency read back from a row (see ``stored``)."""
    return stored(Money, amount, currency)


class _TrustedUuid(TypeDecorator[UUID]):
    """Reads a ``Uuid`` column as the database gives it: a ``UUID`` from PostgreSQL's driver,
    hex text from SQLite turned into a ``UUID`` by ``stored_uuid``. Result columns only."""

    impl = String
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> UUID | None:
        return None if value is None else uuid_of(value)


_TRUSTED_UUID = _TrustedUuid()


def read_column(column: Any) -> Any:
    """``column`` for reading: a ``Uuid`` column is read through ``_TrustedUuid``."""
    if isinstance(column.type, Uuid):
        return type_coerce(column, _TRUSTED_UUID).label(column.name)
    return column


def raw_column(column: Any) -> Any:
    """``column`` as the driver gives it (hex text on SQLite, a UUID on PostgreSQL), for loops
    that decode each distinct id once with ``uuid_of``."""
    return type_coerce(column, String).label(column.name)


def uuid_of(value: Any) -> UUID:
    """A stored id as a ``UUID``: hex text decoded by ``stored_uuid``, a driver's UUID as is."""
    return stored_uuid(value) if isinstance(value, str) else value
