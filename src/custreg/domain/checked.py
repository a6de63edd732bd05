"""Building attrs entities from values already checked, without checking them again.

An entity's converters and validators guard every way a value gets in. Where a value was just
checked by the same rules (a bulk entry's one-pass check of a row, a row this library wrote and
reads back), running them once more per entity is pure cost: ``maker`` gives a constructor that
sets the fields as they are. Only for values that passed those rules; anything from outside goes
through the entity's own constructor.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any
from typing import TypeVar

import attrs

_T = TypeVar("_T")
_new = object.__new__
_first = itemgetter(0)
_set = object.__setattr__
_FIELDS: dict[type, tuple[str, ...]] = {}
_MAKERS: dict[tuple[type, tuple[str, ...]], Callable[..., Any]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """The names of the attrs class ``cls``'s fields, in order (read once per class)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
    return names


def maker(cls: type[_T], later: tuple[str, ...] = ()) -> Callable[..., _T]:
    """A constructor of the attrs class ``cls`` taking one value per field (in field order, or
    by field name) that sets the fields without running converters, validators or
    ``__attrs_post_init__``: they ran when the values were checked (a bulk entry's one-pass
    check, or the write of a row the SQL adapter reads back). Generated once per class (a
    straight-line function setting each slot), so a row costs a call, not a loop; it refuses a
    missing or unknown value like any function.

    ``later`` names fields left unset for a view filled on first use (the card's ``Deferred``
    views): the constructor takes the other fields, then ``_deferred`` (``(fill, source)``)."""
    made = _MAKERS.get((cls, later))
    if made is None:
        names = tuple(n for n in field_names(cls) if n not in later)
        if later:
            names += ("_deferred",)
        scope: dict[str, Any] = {"_trusted_new": _new, "_trusted_cls": cls}
        lines = []
        for n, name in enumerate(names):
            slot = getattr(cls, name, None)
            if type(slot).__name__ == "member_descriptor":
                scope[f"_trusted_s{n}"] = slot.__set__  # type: ignore[union-attr]
                lines.append(f"    _trusted_s{n}(_trusted_o, {name})")
            else:  # pragma: no cover - every domain class is slotted (attrs.frozen)
                scope["_trusted_set"] = _set
                lines.append(f"    _trusted_set(_trusted_o, {name!r}, {name})")
        source = f"def make_{cls.__name__}({', '.join(names)}):\n"
        source += "    _trusted_o = _trusted_new(_trusted_cls)\n"
        source += "\n".join(lines) + "\n    return _trusted_o\n"
        exec(compile(source, f"<trusted {cls.__qualname__}>", "exec"), scope)
        made = _MAKERS[(cls, later)] = scope[f"make_{cls.__name__}"]
    return made


def column_maker(cls: type[_T]) -> Callable[[Sequence[Sequence[Any]]], list[_T]]:
    """``maker``'s instances for values given a column at a time: ``make(columns)`` takes one
    column per field of ``cls`` (in field order, all of one length) and returns an instance per
    row, built without converters, validators or ``__attrs_post_init__`` as ``maker``'s are.
    The objects are allocated at once and each field set down its column by the slot's own
    setter, so no Python frame runs per row (a page of entities read back costs a C loop per
    field, not a call per entity). Refuses (ValueError) a wrong number of columns or columns of
    different lengths."""
    names = field_names(cls)
    setters = [_slot_setter(cls, name) for name in names]
    one = maker(cls)

    def make(columns: Sequence[Sequence[Any]]) -> list[_T]:
        if len(columns) != len(names):
            raise ValueError(f"{cls.__name__} has fields {names}, not {len(columns)} columns")
        count = len(columns[0]) if columns else 0
        if len(set(map(len, columns))) > 1:
            raise ValueError(f"columns of {cls.__name__} of different lengths")
        if count == 1:  # one row (a single read): one call of ``maker``'s constructor
            return [one(*map(_first, columns))]
        made: list[_T] = list(map(_new, repeat(cls, count)))
        for set_field, column in zip(setters, columns, strict=True):
            deque(map(set_field, made, column), maxlen=0)
        return made

    return make


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    slot = getattr(cls, name, None)
    if type(slot).__name__ == "member_descriptor":
        return slot.__set__  # type: ignore[union-attr,no-any-return]
    return lambda target, value: _set(target, name, value)
