"""Stored values as the customer card's reads give them (``card_rows``): amounts as trusted
``Money``, ids and instants decoded per dialect (hex text and naive UTC text on SQLite, the
driver's own values on PostgreSQL), projects as links made when first asked for."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import text_uuid
from custreg.adapters.sql.trusted import uuid_of
from custreg.domain.card import ProjectRef
from custreg.domain.values import Money

#: A project link from its id, number and name, trusted.
project_ref = maker(ProjectRef)
_money = maker(Money)


def money_of(units: int, exponent: int | None, currency: str) -> Money:
    """The stored amount (integer units, written exponent) as ``Money``, trusted."""
    return _money(money_amount(units, exponent), currency)


def uuid_in(known: dict[str, UUID], text: str) -> UUID:
    """The UUID of its canonical text, decoded once per distinct text of a read (``known``)."""
    found = known.get(text)
    if found is None:
        found = known[text] = text_uuid(text)
    return found


def as_is(value: Any) -> Any:
    """A value the driver already decoded (UUIDs on PostgreSQL)."""
    return value


def hex_of(value: UUID) -> str:
    """A UUID as the 32 hex digits SQLite stores."""
    return value.hex


def text_instant(value: str | None) -> datetime | None:
    """An instant stored as naive UTC text (SQLite), aware."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def utc(value: datetime | None) -> datetime | None:
    """An instant the driver decoded (PostgreSQL), in UTC."""
    return None if value is None else value.astimezone(UTC)


class ProjectLinks(Mapping[Any, ProjectRef]):
    """Projects as links by id (``UUID``), made from their stored ``(number, name)`` by stored
    id when first asked for, then kept."""

    def __init__(self, names: Mapping[Any, tuple[int, str]], stored: Callable[[UUID], Any]):
        self._names = names
        self._stored = stored
        self._made: dict[Any, ProjectRef] = {}

    def __getitem__(self, project_id: Any) -> ProjectRef:
        made = self._made.get(project_id)
        if made is None:
            if project_id is None:
                raise KeyError(project_id)
            number, name = self._names[self._stored(project_id)]
            made = self._made[project_id] = project_ref(project_id, number, name)
        return made

    def __iter__(self) -> Iterator[Any]:
        return (uuid_of(raw) for raw in self._names)

    def __len__(self) -> int:
        return len(self._names)
