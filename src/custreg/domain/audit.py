"""The audit trail: who changed what, when, from what to what (M7)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from collections.abc import Set
from datetime import date
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any
from uuid import UUID

import attrs
import cattrs
from attrs import frozen

from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import UserId
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id

#: Bookkeeping fields that are not "changes" in an audit sense.
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by"})


@frozen
class AuditEntry:
    """One changed field of one entity. ``before``/``after`` are JSON-safe renderings.

    ``batch_id`` groups the entries of one operation (a mass update) so it can be undone.
    """

    id: AuditEntryId = attrs.field(validator=an_id)
    at: datetime
    actor: UserId | None = attrs.field(validator=an_optional_id)
    action: str
    entity: str
    entity_id: UUID = attrs.field(validator=an_id)
    field: str
    before: Any
    after: Any
    batch_id: UUID | None = attrs.field(default=None, validator=an_optional_id)


def render(value: object) -> Any:
    """A JSON-safe rendering of a field value (ids and decimals as text, sets as sorted lists,
    enums by value, value objects as dicts)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Set):
        return sorted(str(render(v)) for v in value)
    if isinstance(value, Mapping):
        return {str(k): render(v) for k, v in value.items()}
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]
        return {f.name: render(getattr(value, f.name)) for f in fields}
    if isinstance(value, tuple | list):
        return [render(v) for v in value]
    return str(value)


def changed_fields(
    before: object, after: object, ignore: frozenset[str] = BOOKKEEPING
) -> list[str]:
    """Names of the attrs fields that differ between two versions of an entity."""
    fields = attrs.fields(type(before))  # type: ignore[arg-type]
    names = [f.name for f in fields if f.name not in ignore]
    return [n for n in names if getattr(before, n) != getattr(after, n)]



def _is_set(kind: Any) -> bool:
    origin = getattr(kind, "__origin__", kind)
    return isinstance(origin, type) and issubclass(origin, Set)


def _is_mapping(kind: Any) -> bool:
    origin = getattr(kind, "__origin__", kind)
    return isinstance(origin, type) and issubclass(origin, Mapping)


def _set(values: Set[Any]) -> list[str]:
    """``render`` of a set: its members' texts, sorted (ids are the common case; an empty set,
    most often met in a bulk write, costs no sort)."""
    if not values:
        return []
    return sorted([str(v) if isinstance(v, UUID) else str(render(v)) for v in values])


_RENDERERS: dict[type[Any], EntityRenderer] = {}

#: Renderings that may be shared between entries (immutable); a list or dict is made anew.
_IMMUTABLE = (str, int, bool, float, type(None))
#: Field types whose values cattrs copies as they are (no hook).
_COPIED = (str, int, bool)


@frozen
class EntityRenderer:
    """``render`` of the attrs entities of one class ``cls``: one entity (calling it) or many
    at once (``many``), both giving exactly ``render``'s result."""

    cls: type[Any]
    one: Callable[[Any], Any]
    #: Each field's name and hook (None: the value is copied as it is).
    fields: tuple[tuple[str, Callable[[Any], Any] | None], ...]

    def __call__(self, entity: Any) -> Any:
        return self.one(entity)

    def many(self, entities: Sequence[Any]) -> list[Any]:
        """The renderings of ``entities`` (each a new dict), a field at a time: a field holding
        one object throughout (an instant, an author, None) is rendered once when its rendering
        is immutable, so a bulk write pays per row only for the fields that differ."""
        if len(entities) < 2:
            return [self.one(entity) for entity in entities]
        columns = []
        for name, hook in self.fields:
            values = list(map(attrgetter(name), entities))
            columns.append(values if hook is None else _rendered_column(hook, values))
        names = [name for name, _ in self.fields]
        return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _rendered_column(hook: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """``hook`` of every value, the value once when all are the same object and its rendering
    is immutable (shared); a list or dict rendering is made per value, never shared. A column
    of few distinct objects (the customers, statuses or owners of a bulk entry's rows) renders
    each object once when its rendering is immutable (an id's text)."""
    first = values[0]
    if all(value is first for value in values):
        rendered = hook(first)
        if isinstance(rendered, _IMMUTABLE):
            return [rendered] * len(values)
    if len(set(map(id, values))) * 4 > len(values):  # many distinct: remembering costs more
        return list(map(hook, values))
    done: dict[int, Any] = {}
    column = []
    for value in values:
        key = id(value)
        rendered = done.get(key, _MISSING)
        if rendered is _MISSING:
            rendered = hook(value)
            if isinstance(rendered, _IMMUTABLE):
                done[key] = rendered
        column.append(rendered)
    return column


_MISSING: Any = object()


def renderer(cls: type[Any]) -> EntityRenderer:
    """``render`` of an attrs entity of class ``cls`` through one function cattrs generates from
    the declared field types (fields typed ``str`` or ``int`` are copied without a call), and of
    many entities at once (``EntityRenderer.many``, per field). A bulk write renders every field
    of every row, where ``render``'s type tests on each value cost more than the insert: this
    takes about half the time. Sets and mappings go to ``render`` itself; property tests hold the
    result equal to ``render``'s."""
    known = _RENDERERS.get(cls)
    if known is not None:
        return known
    converter = cattrs.Converter()
    converter.register_unstructure_hook(UUID, str)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_unstructure_hook_func(_is_set, _set)
    converter.register_unstructure_hook_func(_is_mapping, render)
    hook: Callable[[Any], Any] = converter.get_unstructure_hook(cls)
    fields = tuple(
        (f.name, None if f.type in _COPIED else converter.get_unstructure_hook(f.type))
        for f in attrs.fields(attrs.resolve_types(cls))
    )
    planned = _RENDERERS[cls] = EntityRenderer(cls, hook, fields)
    return planned
