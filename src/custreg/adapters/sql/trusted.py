"""Reading rows back as the database stored them, without validating them again.

Whatever a row holds was validated when it was written (by the entity's converters and
validators, and by the schema's constraints), so a read model that turns thousands of rows into
view objects trusts it: ids are decoded from the 32 hex digits SQLite stores without
``UUID.__init__``'s parsing (PostgreSQL's driver already gives ``UUID`` objects), and attrs values
are built field by field without running their converters again. Only rows this library wrote
pass through here; hostile input is refused when it is written, never when it is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar
from uuid import UUID, SafeUUID

import attrs
from sqlalchemy import String, Uuid, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from custreg.domain.activity import Activity, ActivityKind
from custreg.domain.contact import Contact
from custreg.domain.ids import ContactId
from custreg.domain.values import EmailAddress, Money

Row = Mapping[Any, Any]

_T = TypeVar("_T")
_V = TypeVar("_V")
_new = object.__new__
_set = object.__setattr__


@lru_cache(maxsize=8192)
def stored_uuid(text: str) -> UUID:
    """The UUID for the 32 hex digits the database stores (it wrote them from a UUID), without
    ``UUID.__init__``'s parsing: the top cost of reading thousands of ids on SQLite. The ids a
    card repeats on every row (customer, project, status, owner) are decoded once: the last
    8,192 are kept (UUIDs are immutable, so sharing them is safe)."""
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


def stored_fields(cls: type[_T], **values: Any) -> _T:
    """``stored`` with the values by field name; fails loudly if a field is missing or unknown."""
    names = _field_names(cls)
    if len(values) != len(names):
        raise ValueError(f"{cls.__name__} has fields {names}, not {tuple(values)}")
    return stored(cls, *(values[name] for name in names))


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


def _emails(addresses: list[str]) -> tuple[EmailAddress, ...]:
    return tuple(stored(EmailAddress, a) for a in addresses)


def _contact_ids(ids: list[str]) -> frozenset[ContactId]:
    return frozenset(ContactId(UUID(i)) for i in ids)


class Decoded:
    """JSON column text to a value, each distinct text parsed (and converted) once: one per
    read, so values shared by many rows (roles, contact lists) cost one parse."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, Any], Any] = {}

    def __call__(self, text: str, convert: Callable[[Any], _V]) -> _V:
        key = (text, convert)
        value = self._seen.get(key)
        if value is None:
            value = self._seen[key] = convert(json.loads(text))
        return value


def stored_contact(row: Row, keywords: Iterable[str], json_of: Decoded) -> Contact:
    """The contact of a ``contacts`` row and its keywords (see ``stored``)."""
    return stored_fields(
        Contact,
        id=row["id"],
        customer_id=row["customer_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        title=row["title"],
        emails=json_of(row["emails"], _emails),
        phones=json_of(row["phones"], tuple),
        roles=json_of(row["roles"], frozenset),
        keywords=frozenset(keywords),
        address_id=row["address_id"],
        active=bool(row["active"]),
        deleted_at=row["deleted_at"],
    )


def stored_activity(row: Row, json_of: Decoded) -> Activity:
    """The activity of an ``activities`` row (see ``stored``)."""
    return stored_fields(
        Activity,
        id=row["id"],
        customer_id=row["customer_id"],
        kind=ActivityKind(row["kind"]),
        title=row["title"],
        owner_id=row["owner_id"],
        project_id=row["project_id"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        done=bool(row["done"]),
        contact_ids=json_of(row["contact_ids"], _contact_ids),
        description=row["description"],
    )
