"""Row codecs: an entity's row written once, column by column, and both directions built from it.

A codec lists the columns of an entity's row in order, each with the attribute it holds and, where
the stored form differs from the attribute, how to encode and decode it. ``row`` and ``from_row``
are then the same loop for every entity, so a column cannot be written one way and read another.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import Any
from typing import Generic
from typing import TypeVar
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import _load_uuids
from custreg.adapters.sql.rows.encoding import _uuids
from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import dumps
from custreg.domain.values import EmailAddress

E = TypeVar("E")

#: How a column stores its attribute: (encode, decode); None leaves the value as it is.
Kind = tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]


def _instant(value: Any) -> Any:
    """Stands for ``aware(entity, attribute, value)``, which the codec binds per column."""
    return value


#: An aware instant (refused when naive, so the stored UTC instant is the one meant).
INSTANT: Kind = (_instant, None)
#: Text kept as a JSON list, read back as a tuple.
JSON_TUPLE: Kind = (lambda value: dumps(list(value)), lambda text: tuple(json.loads(text)))
#: A Decimal kept as its text, digits and exponent unchanged.
DECIMAL_TEXT: Kind = (str, Decimal)
#: An optional e-mail address kept as its text.
OPTIONAL_EMAIL: Kind = (
    lambda email: email.address if email else None,
    lambda text: EmailAddress(text) if text is not None else None,
)


def enum_of(cls: type[Enum]) -> Kind:
    """An enum member kept as its value."""
    return (lambda member: member.value, cls)


def uuids_of(kind: Callable[[UUID], Any]) -> Kind:
    """A set of ids kept as a sorted JSON list, read back as a list of ``kind``."""
    return (_uuids, lambda text: [kind(u) for u in _load_uuids(text)])


class RowCodec(Generic[E]):
    """The row of one entity: ``columns`` is the column names in order, ``column:attribute``
    where they differ; ``kinds`` says, by column, how a value is stored when not as it is.

    ``row(organisation_id, item)`` gives ``{"organisation_id": ..., column: value, ...}``;
    ``from_row(row)`` rebuilds the entity through ``make`` (its constructor, so the domain
    validators still guard what comes out of the database).
    """

    def __init__(
        self, entity: str, make: Callable[..., E], columns: str, kinds: Mapping[str, Kind]
    ) -> None:
        unknown = set(kinds) - {c.partition(":")[0] for c in columns.split()}
        if unknown:
            raise ValueError(f"kinds for unknown columns: {sorted(unknown)}")
        self._make = make
        self._columns: list[tuple[str, str, Callable[[Any], Any] | None]] = []
        self._attributes: list[tuple[str, str, Callable[[Any], Any] | None]] = []
        for spec in columns.split():
            column, _, attribute = spec.partition(":")
            attribute = attribute or column
            encode, decode = kinds.get(column, (None, None))
            if encode is _instant:
                encode = partial(aware, entity, attribute)
            self._columns.append((column, attribute, encode))
            self._attributes.append((attribute, column, decode))

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in order (``organisation_id`` not included)."""
        return tuple(column for column, _, _ in self._columns)

    def row(self, organisation_id: UUID, item: E) -> dict[str, Any]:
        """The column values of ``item`` (with its organisation) to insert or update."""
        values: dict[str, Any] = {"organisation_id": organisation_id}
        for column, attribute, encode in self._columns:
            value = getattr(item, attribute)
            values[column] = value if encode is None else encode(value)
        return values

    def from_row(self, row: Row, **loaded: Any) -> E:
        """The entity stored in ``row``, with the ``loaded`` attributes kept elsewhere (link
        tables)."""
        return self._make(
            **{
                attribute: row[column] if decode is None else decode(row[column])
                for attribute, column, decode in self._attributes
            },
            **loaded,
        )


__all__ = [
    "DECIMAL_TEXT",
    "INSTANT",
    "JSON_TUPLE",
    "OPTIONAL_EMAIL",
    "Kind",
    "RowCodec",
    "enum_of",
    "uuids_of",
]
