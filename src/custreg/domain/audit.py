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
from itertools import groupby
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


def _same_lengths(instance: AuditColumns, _attribute: Any, afters: Sequence[Any]) -> None:
    rows = len(instance.ids)
    if not len(instance.entity_ids) == len(instance.befores) == len(afters) == rows:
        raise ValueError("every column of AuditColumns has one value per row")


@frozen
class AuditColumns:
    """Audit entries in columnar form: what the entries of one operation share (instant, actor,
    action, entity kind, field, batch id) once, and per row the entry's id, the entity's id and
    the JSON-safe renderings before and after. A bulk write's audit rows go from these columns to
    the storage (``AuditLog.record_columns``) without one ``AuditEntry`` per row; ``entries``
    gives exactly the entries they stand for, in row order."""

    at: datetime
    actor: UserId | None = attrs.field(validator=an_optional_id)
    action: str
    entity: str
    field: str
    batch_id: UUID | None = attrs.field(validator=an_optional_id)
    ids: Sequence[AuditEntryId]
    entity_ids: Sequence[UUID]
    befores: Sequence[Any]
    afters: Sequence[Any] = attrs.field(validator=_same_lengths)

    def __len__(self) -> int:
        """The number of rows (entries)."""
        return len(self.ids)

    def entries(self) -> list[AuditEntry]:
        """The entries the columns stand for, in row order (each id checked as ``AuditEntry``
        checks it)."""
        head = (self.at, self.actor, self.action, self.entity)
        rows = zip(self.ids, self.entity_ids, self.befores, self.afters, strict=True)
        return [
            AuditEntry(entry_id, *head, entity_id, self.field, before, after, self.batch_id)
            for entry_id, entity_id, before, after in rows
        ]


def columns_of(entries: Sequence[AuditEntry]) -> list[AuditColumns]:
    """``entries`` as columns, in order: one ``AuditColumns`` per run of consecutive entries
    sharing instant, actor, action, entity kind, field and batch id (a mass update's entries
    are one run), so that ``[e for c in columns_of(entries) for e in c.entries()] == entries``."""
    found: list[AuditColumns] = []
    for _, run in groupby(entries, key=_shared):
        rows = list(run)
        first = rows[0]
        found.append(
            AuditColumns(
                first.at,
                first.actor,
                first.action,
                first.entity,
                first.field,
                first.batch_id,
                ids=[entry.id for entry in rows],
                entity_ids=[entry.entity_id for entry in rows],
                befores=[entry.before for entry in rows],
                afters=[entry.after for entry in rows],
            )
        )
    return found


def _shared(entry: AuditEntry) -> tuple[Any, ...]:
    """What the entries of one ``AuditColumns`` share; the instant by identity (equal instants
    in two time zones render differently)."""
    return (id(entry.at), entry.actor, entry.action, entry.entity, entry.field, entry.batch_id)


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
    #: The rows of rendered columns (in ``fields`` order) as dicts (``_assembler``).
    assemble: Callable[[list[list[Any]]], list[dict[str, Any]]]

    def __call__(self, entity: Any) -> Any:
        return self.one(entity)

    def many(self, entities: Sequence[Any]) -> list[Any]:
        """The renderings of ``entities`` (each a new dict), a field at a time: a field holding
        one object throughout (an instant, an author, None) is rendered once when its rendering
        is immutable, so a bulk write pays per row only for the fields that differ."""
        if len(entities) < 2 or not self.fields:
            return [self.one(entity) for entity in entities]
        columns = []
        for name, hook in self.fields:
            values = list(map(attrgetter(name), entities))
            columns.append(values if hook is None else _rendered_column(hook, values))
        return self.assemble(columns)


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
        if _plain(rendered):  # a new copy per row (an empty map, set or list most often)
            return [rendered, *(_copied(rendered) for _ in range(len(values) - 1))]
        return [rendered, *map(hook, values[1:])]
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


def _assembler(names: tuple[str, ...]) -> Callable[[list[list[Any]]], list[dict[str, Any]]]:
    """A function making the rows of columns (one per name, of equal length) into dicts keyed
    by ``names``: one generated comprehension building each dict from its values at once,
    about twice as fast as ``dict(zip(names, row))`` per row."""
    values = [f"v{n}" for n in range(len(names))]
    pairs = ", ".join(f"{name!r}: {value}" for name, value in zip(names, values, strict=True))
    target = ", ".join(values) or "_"
    source = (
        "def assemble(columns):\n"
        f"    return [{{{pairs}}} for ({target},) in zip(*columns, strict=True)]\n"
    )
    scope: dict[str, Any] = {}
    exec(compile(source, "<rendered rows>", "exec"), scope)
    assemble: Callable[[list[list[Any]]], list[dict[str, Any]]] = scope["assemble"]
    return assemble


def _plain(rendered: Any) -> bool:
    """Whether ``rendered`` is made only of dicts with text keys, lists and ``_IMMUTABLE``
    values (what ``_copied`` copies whole)."""
    if isinstance(rendered, _IMMUTABLE):
        return True
    if type(rendered) is list:
        return all(map(_plain, rendered))
    if type(rendered) is dict:
        return all(type(key) is str for key in rendered) and all(map(_plain, rendered.values()))
    return False


def _copied(rendered: Any) -> Any:
    """A deep copy of a ``_plain`` rendering: equal to it, sharing no dict or list with it."""
    if type(rendered) is dict:
        return {key: _copied(value) for key, value in rendered.items()}
    if type(rendered) is list:
        return [_copied(value) for value in rendered]
    return rendered


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
    assemble = _assembler(tuple(name for name, _ in fields))
    planned = _RENDERERS[cls] = EntityRenderer(cls, hook, fields, assemble)
    return planned
