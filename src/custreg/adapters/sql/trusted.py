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
from collections import deque
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from typing import Any
from typing import TypeVar
from uuid import UUID
from uuid import SafeUUID

import orjson
from sqlalchemy import String
from sqlalchemy import type_coerce

from custreg.domain.checked import field_names
from custreg.domain.checked import maker as maker
from custreg.domain.ids import ContactId
from custreg.domain.ids import UserId
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money

Row = Mapping[Any, Any]

_T = TypeVar("_T")
_V = TypeVar("_V")
_new = object.__new__


_UUID_INT: Callable[[UUID, int], None] = vars(UUID)["int"].__set__  # the slots' setters
_UUID_SAFE: Callable[[UUID, SafeUUID], None] = vars(UUID)["is_safe"].__set__
_UNKNOWN = SafeUUID.unknown


def fresh_uuid(text: str) -> UUID:
    """The UUID for the 32 hex digits the database stores (it wrote them from a UUID), without
    ``UUID.__init__``'s parsing: the slots are set directly (half the time of ``UUID(hex)``),
    the top cost of reading thousands of ids on SQLite. For ids met once per read (a row's
    own id); ids repeated on many rows go through ``stored_uuid`` or ``Ids``."""
    if len(text) != 32:  # pragma: no cover - every stored id is 32 hex digits
        return UUID(text)
    value: UUID = _new(UUID)
    _UUID_INT(value, int(text, 16))
    _UUID_SAFE(value, _UNKNOWN)
    return value


@lru_cache(maxsize=8192)
def stored_uuid(text: str) -> UUID:
    """``fresh_uuid`` for ids repeated across reads (organisation, users, statuses): the last
    8,192 are kept (UUIDs are immutable, so sharing them is safe)."""
    return fresh_uuid(text)


def new_id(value: Any) -> UUID:
    """A row's own id as a ``UUID``: hex text decoded by ``fresh_uuid``, a driver's UUID as is."""
    return fresh_uuid(value) if value.__class__ is str else value


def new_ids(values: Sequence[Any]) -> list[UUID]:
    """``new_id`` of each of a column of ids (the rows' own): 32 hex digits each, the UUIDs are
    allocated at once and their slots set down the column, so no Python call runs per id;
    anything else goes through ``new_id`` one by one."""
    if set(map(type, values)) != {str} or set(map(len, values)) != {32}:
        return list(map(new_id, values))
    made: list[UUID] = list(map(_new, repeat(UUID, len(values))))
    deque(map(_UUID_INT, made, map(int, values, repeat(16))), maxlen=0)
    deque(map(_UUID_SAFE, made, repeat(_UNKNOWN)), maxlen=0)
    return made


class Ids(dict[Any, Any]):
    """Ids repeated on many rows of one read (customer, project, status, owner), each distinct
    value decoded once: ``ids(value)`` (or ``ids[value]``, a plain dict lookup once decoded:
    the loaders' fast path) is the ``UUID`` (None for None), from hex text or from the
    driver's ``UUID``."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, value: Any) -> UUID:
        found = self[value] = uuid_of(value)
        return found

    def __call__(self, value: Any) -> Any:
        return self[value]


def setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The setter of the slot ``name`` of the slotted class ``cls`` (for a ``Deferred`` view's
    fill function: the view is frozen)."""
    slot: Any = getattr(cls, name)
    return slot.__set__  # type: ignore[no-any-return]


def stored(cls: type[_T], *values: Any) -> _T:
    """An instance of the attrs class ``cls`` from values read back from rows, one per field in
    field order, without running its converters and validators again (see ``maker``). Fails
    loudly (ValueError) if ``cls`` gains or loses a field."""
    names = field_names(cls)
    if len(values) != len(names):
        raise ValueError(f"{cls.__name__} has fields {names}, not {len(values)} values")
    return maker(cls)(*values)


def stored_money(amount: Decimal, currency: str) -> Money:
    """``Money`` for an amount and currency read back from a row (see ``maker``)."""
    return _money(amount, currency)


def raw_column(column: Any) -> Any:
    """``column`` as the driver gives it (hex text on SQLite, a UUID on PostgreSQL), for loops
    that decode each distinct id once with ``uuid_of``."""
    return type_coerce(column, String).label(column.name)


def uuid_of(value: Any) -> UUID:
    """A stored id as a ``UUID``: hex text decoded by ``stored_uuid``, a driver's UUID as is."""
    return stored_uuid(value) if isinstance(value, str) else value


def emails_of(addresses: list[str]) -> tuple[EmailAddress, ...]:
    """A contact's stored e-mail list (JSON, decoded) as ``EmailAddress`` values."""
    make = maker(EmailAddress)
    return tuple(make(a) for a in addresses)


def text_uuid(text: str) -> UUID:
    """The UUID of its canonical text (``str(uuid)``, as JSON id lists store them), decoded like
    ``fresh_uuid``."""
    return fresh_uuid(text.replace("-", ""))


def contact_ids_of(ids: list[str]) -> frozenset[ContactId]:
    """An activity's stored contact list (JSON, decoded) as a set of ids."""
    return frozenset(ContactId(text_uuid(i)) for i in ids)


def user_ids_of(ids: list[str]) -> frozenset[UserId]:
    """A task's stored assignee list (JSON, decoded) as a set of ids."""
    return frozenset(UserId(text_uuid(i)) for i in ids)


def _loads(text: str) -> Any:
    """``json.loads``, through orjson (a few times faster) when it reads the text."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # e.g. integers beyond 64 bits: json reads them
        return json.loads(text)


class Decoded:
    """JSON column text to a value, each distinct text parsed (and converted) once: one per
    read, so values shared by many rows (roles, contact lists) cost one parse."""

    def __init__(self) -> None:
        self._seen: dict[Any, dict[str, Any]] = {}  # by conversion, then by text

    def __call__(self, text: str, convert: Callable[[Any], _V]) -> _V:
        seen = self._seen.get(convert)
        if seen is None:
            seen = self._seen[convert] = {}
        value = seen.get(text)
        if value is None:
            value = seen[text] = convert(_loads(text))
        return value


_money = maker(Money)
