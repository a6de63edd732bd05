"""Tuples, frozensets and FrozenMaps as JSON lists and objects, item by item."""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import get_args
from typing import get_origin

import cattrs

from custreg.adapters.serialization.scalars import _BadValue
from custreg.adapters.serialization.scalars import _Nested
from custreg.adapters.serialization.scalars import _type_name
from custreg.domain.frozenmap import FrozenMap


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _item_type(cls: Any) -> Any:
    args = get_args(cls)
    return args[0] if args else Any


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_set(cls: Any) -> bool:
    return get_origin(cls) in (frozenset, set) or cls in (frozenset, set)


def _structure_items(converter: cattrs.Converter, value: Any, item_type: Any) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise _BadValue(f"must be a list, not {_type_name(value)}", value)
    hook = converter.get_structure_hook(item_type)
    items, errors = [], []
    for index, item in enumerate(value):
        try:
            items.append(hook(item, item_type))
        except Exception as error:  # collected with its index, re-raised below
            errors.append((f"[{index}]", error))
    if errors:
        raise _Nested(errors)
    return items


def _tuple_hooks(converter: cattrs.Converter) -> None:
    def structure_factory(cls: Any) -> Callable[[Any, type], tuple[Any, ...]]:
        item_type = _item_type(cls)
        return lambda value, _: tuple(_structure_items(converter, value, item_type))

    def unstructure_factory(cls: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
        item_type = _item_type(cls)
        return lambda value: [converter.unstructure(v, unstructure_as=item_type) for v in value]

    converter.register_structure_hook_factory(_is_homogeneous_tuple, structure_factory)
    converter.register_unstructure_hook_factory(_is_homogeneous_tuple, unstructure_factory)


def _set_hooks(converter: cattrs.Converter) -> None:
    def structure_factory(cls: Any) -> Callable[[Any, type], frozenset[Any]]:
        item_type = _item_type(cls)
        return lambda value, _: frozenset(_structure_items(converter, value, item_type))

    def unstructure_factory(cls: Any) -> Callable[[frozenset[Any]], list[Any]]:
        item_type = _item_type(cls)

        def unstructure(value: frozenset[Any]) -> list[Any]:
            items = [converter.unstructure(v, unstructure_as=item_type) for v in value]
            return sorted(items, key=_sort_key)

        return unstructure

    converter.register_structure_hook_factory(_is_set, structure_factory)
    converter.register_unstructure_hook_factory(_is_set, unstructure_factory)


def _is_frozenmap(cls: Any) -> bool:
    return cls is FrozenMap or get_origin(cls) is FrozenMap


def _frozenmap_hooks(converter: cattrs.Converter) -> None:
    def types(cls: Any) -> tuple[Any, Any]:
        args = get_args(cls)
        return (args[0], args[1]) if len(args) == 2 else (str, Any)

    def structure_factory(cls: Any) -> Callable[[Any, type], FrozenMap[Any, Any]]:
        key_type, value_type = types(cls)

        def structure(value: Any, _: type) -> FrozenMap[Any, Any]:
            if not isinstance(value, Mapping):
                raise _BadValue(f"must be an object, not {_type_name(value)}", value)
            key_hook = converter.get_structure_hook(key_type)
            value_hook = converter.get_structure_hook(value_type)
            result, errors = {}, []
            for raw_key, raw_value in value.items():
                try:
                    result[key_hook(raw_key, key_type)] = value_hook(raw_value, value_type)
                except Exception as error:  # collected with its key, re-raised below
                    errors.append((f"[{raw_key}]", error))
            if errors:
                raise _Nested(errors)
            return FrozenMap(result)

        return structure

    def unstructure_factory(cls: Any) -> Callable[[FrozenMap[Any, Any]], dict[str, Any]]:
        key_type, value_type = types(cls)
        return lambda value: {
            converter.unstructure(k, unstructure_as=key_type): converter.unstructure(
                v, unstructure_as=value_type
            )
            for k, v in value.items()
        }

    converter.register_structure_hook_factory(_is_frozenmap, structure_factory)
    converter.register_unstructure_hook_factory(_is_frozenmap, unstructure_factory)
