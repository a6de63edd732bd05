"""Entities as JSON-safe data and back, through one private cattrs converter (the JSON edge).

``to_json(value)`` turns any entity, value object or settings value into dicts, lists, strings,
ints, bools and None that ``json.dumps`` accepts; ``from_json(cls, data)`` turns such data back
into ``cls``, re-validating every value object on the way in. The round trip is exact: Decimals
keep their digits (``"1.50"`` stays ``1.50``), datetimes their instant, sets their members.

Shapes: Decimal as a string, datetime and date as ISO 8601 text (datetimes must carry a UTC
offset), UUIDs as strings, enums by value, tuples and frozensets as lists (sets sorted), Money as
``{"amount": "1.50", "currency": "EUR"}``, VatNumber / EmailAddress / Website as their text,
CustomerNumber as an int, BusinessId as ``{"country", "value"}``, a custom field value as
``{"text" | "number" | "date" | "boolean": value}`` so ``"1.5"`` the text and ``1.5`` the number
stay apart.

Bad data raises custreg's ValidationError (one bad field) or ValidationErrors (several), whose
``field`` is the path of each bad field (``einvoice.address``, ``users[0].name``,
``custom_fields[<id>]``); unknown keys are refused, and no value is coerced into another type
(``1.9`` is not an int, ``"5"`` is not an int, ``1`` is not a string).

This converter is private to custreg: it is never the global ``cattrs`` one, so a host's own
cattrs hooks cannot change how custreg data is read and written.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args, get_origin
from uuid import UUID

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    StructureHandlerNotFoundError,
)
from cattrs.gen import make_dict_structure_fn

from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.errors import ValidationError, ValidationErrors
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.settings import CustomValue
from custreg.domain.values import CustomerNumber, EmailAddress, Website

T = TypeVar("T")


class _BadValue(Exception):
    """A leaf value that cannot become its type; the path is added by whoever catches it."""

    def __init__(self, reason: str, value: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


class _Nested(Exception):
    """Errors found inside one collection or value object, each under its own path suffix."""

    def __init__(self, errors: Sequence[tuple[str, BaseException]]) -> None:
        super().__init__(f"{len(errors)} bad values")
        self.errors = tuple(errors)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _expect(value: Any, kind: type | tuple[type, ...], what: str) -> None:
    """Refuse any other JSON type (``bool`` is never an ``int`` here)."""
    if isinstance(value, bool) and kind is not bool:
        raise _BadValue(f"must be {what}, not a boolean", value)
    if not isinstance(value, kind):
        raise _BadValue(f"must be {what}, not {_type_name(value)}", value)


def _domain(make: Callable[[], T]) -> T:
    """Run a value object's own validation; its verdict becomes a leaf error at this path."""
    try:
        return make()
    except ValidationError as error:
        raise _BadValue(error.reason, error.value) from None


# -- scalars -------------------------------------------------------------------------------------


def _structure_str(value: Any, _: type) -> str:
    _expect(value, str, "text")
    return str(value)


def _structure_int(value: Any, _: type) -> int:
    _expect(value, int, "an integer")
    return int(value)


def _structure_bool(value: Any, _: type) -> bool:
    _expect(value, bool, "true or false")
    return bool(value)


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, float):
        raise _BadValue('must be a decimal string such as "1.50", never a float', value)
    _expect(value, (str, int), "a decimal string")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise _BadValue("is not a decimal number", value) from None
    if not result.is_finite():
        raise _BadValue("must be a finite number", value)
    return result


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _structure_date(value: Any, _: type) -> date:
    _expect(value, str, "an ISO date (YYYY-MM-DD)")
    if not _DATE.match(value):
        raise _BadValue("must be an ISO date (YYYY-MM-DD)", value)
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise _BadValue(f"is not a date ({error})", value) from None


def _structure_datetime(value: Any, _: type) -> datetime:
    _expect(value, str, "an ISO 8601 date-time")
    try:
        result = datetime.fromisoformat(value)
    except ValueError:
        raise _BadValue("must be an ISO 8601 date-time", value) from None
    if result.utcoffset() is None:
        raise _BadValue("must include a UTC offset", value)
    return result


def _structure_uuid(value: Any, _: type) -> UUID:
    _expect(value, str, "a UUID string")
    try:
        return UUID(value)
    except ValueError:
        raise _BadValue("is not a UUID", value) from None


def _structure_any(value: Any, _: type) -> Any:
    """``Any`` fields (audit before/after) hold JSON already; only JSON is accepted."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        raise _BadValue("must be JSON data", value) from None
    return value


# -- enums ---------------------------------------------------------------------------------------


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    """By value, and of the value's exact type (``True`` is not ``CustomerPermission(1)``)."""
    for member in cls:
        if type(member.value) is type(value) and member.value == value:
            return member
    allowed = ", ".join(repr(member.value) for member in cls)
    raise _BadValue(f"must be one of {allowed}", value)


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


# -- collections ---------------------------------------------------------------------------------


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


# -- custom field values -------------------------------------------------------------------------


def _unstructure_custom_value(value: CustomValue) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"boolean": value}
    if isinstance(value, Decimal):
        return {"number": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return {"text": value}


_CUSTOM_VALUE_HOOKS: dict[str, Callable[[Any, type], Any]] = {
    "text": _structure_str,
    "number": _structure_decimal,
    "date": _structure_date,
    "boolean": _structure_bool,
}


def _structure_custom_value(value: Any, _: type) -> CustomValue:
    if not isinstance(value, Mapping) or len(value) != 1:
        kinds = ", ".join(_CUSTOM_VALUE_HOOKS)
        raise _BadValue(f"must be an object with one key of {kinds}", value)
    ((kind, inner),) = value.items()
    hook = _CUSTOM_VALUE_HOOKS.get(kind)
    if hook is None:
        raise _Nested([(f".{kind}", _BadValue("unknown custom value type", kind))])
    try:
        result: CustomValue = hook(inner, object)
    except _BadValue as error:
        raise _Nested([(f".{kind}", error)]) from None
    return result


# -- value objects -------------------------------------------------------------------------------


def _structure_vat(value: Any, _: type) -> VatNumber:
    _expect(value, str, "a VAT number")
    return _domain(lambda: VatNumber.parse(value))


def _structure_business_id(value: Any, _: type) -> BusinessId:
    fields = _exact_keys(value, ("country", "value"))
    country, text = fields["country"], fields["value"]
    errors: list[tuple[str, BaseException]] = []
    for name, item in (("country", country), ("value", text)):
        if not isinstance(item, str):
            errors.append((f".{name}", _BadValue(f"must be text, not {_type_name(item)}", item)))
    if errors:
        raise _Nested(errors)
    try:
        return BusinessId.parse(text, country)
    except ValidationError as error:
        where = ".country" if "not supported" in error.reason else ".value"
        raise _Nested([(where, _BadValue(error.reason, error.value))]) from None


def _exact_keys(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _BadValue(f"must be an object, not {_type_name(value)}", value)
    errors: list[tuple[str, BaseException]] = [
        (f".{name}", KeyError(name)) for name in names if name not in value
    ]
    errors += [
        (f".{key}", _BadValue("is not a known field", value[key]))
        for key in value
        if key not in names
    ]
    if errors:
        raise _Nested(errors)
    return dict(value)


def _structure_customer_number(value: Any, _: type) -> CustomerNumber:
    _expect(value, int, "an integer")
    return _domain(lambda: CustomerNumber(value))


def _structure_email(value: Any, _: type) -> EmailAddress:
    _expect(value, str, "an e-mail address")
    return _domain(lambda: EmailAddress(value))


def _structure_website(value: Any, _: type) -> Website:
    _expect(value, str, "a web address")
    return _domain(lambda: Website(value))


# -- attrs classes -------------------------------------------------------------------------------


def _attrs_structure(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    """The generated structure function of an attrs class, made strict about its input shape."""

    def factory(cls: Any) -> Callable[[Any, type], Any]:
        generated = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, Mapping):
                raise _BadValue(f"must be an object, not {_type_name(value)}", value)
            return generated(value, cls)

        return structure

    return factory


# -- the converter -------------------------------------------------------------------------------


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind, structure in (
        (str, _structure_str),
        (int, _structure_int),
        (bool, _structure_bool),
        # IntEnum / StrEnum are ints / strs too: registered so their enum hook wins.
        (enum.Enum, _structure_enum),
        (enum.IntEnum, _structure_enum),
        (enum.StrEnum, _structure_enum),
        (Decimal, _structure_decimal),
        (date, _structure_date),
        (datetime, _structure_datetime),
        (UUID, _structure_uuid),
        (VatNumber, _structure_vat),
        (BusinessId, _structure_business_id),
        (CustomerNumber, _structure_customer_number),
        (EmailAddress, _structure_email),
        (Website, _structure_website),
    ):
        converter.register_structure_hook(kind, structure)
    converter.register_structure_hook_func(lambda cls: cls is Any, _structure_any)
    converter.register_structure_hook_func(lambda cls: cls == CustomValue, _structure_custom_value)
    converter.register_unstructure_hook_func(
        lambda cls: cls == CustomValue, _unstructure_custom_value
    )
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_unstructure_hook(UUID, str)
    converter.register_unstructure_hook(VatNumber, lambda v: v.value)
    converter.register_unstructure_hook(
        BusinessId, lambda b: {"country": b.country, "value": b.value}
    )
    converter.register_unstructure_hook(CustomerNumber, lambda n: n.value)
    converter.register_unstructure_hook(EmailAddress, lambda e: e.address)
    converter.register_unstructure_hook(Website, lambda w: w.url)
    for kind in (enum.Enum, enum.IntEnum, enum.StrEnum):
        converter.register_unstructure_hook(kind, _unstructure_enum)
    _tuple_hooks(converter)
    _set_hooks(converter)
    _frozenmap_hooks(converter)
    converter.register_structure_hook_factory(attrs.has, _attrs_structure(converter))
    return converter


_CONVERTER = _make_converter()


# -- errors --------------------------------------------------------------------------------------


def _join(path: str, suffix: str) -> str:
    if suffix.startswith("."):
        return f"{path}{suffix}" if path else suffix[1:]
    return f"{path}{suffix}"


def _flatten(error: BaseException, path: str) -> Iterator[tuple[str, str, Any]]:
    """Every leaf problem under ``error`` as ``(path, reason, value)``."""
    if isinstance(error, ClassValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            yield from _flatten(inner, _join(path, f".{note.name}"))
        for inner in without:
            yield from _flatten(inner, path)
    elif isinstance(error, IterableValidationError):
        with_index, unindexed = error.group_exceptions()
        for item, index_note in with_index:
            yield from _flatten(item, _join(path, f"[{index_note.index}]"))
        for item in unindexed:
            yield from _flatten(item, path)
    elif isinstance(error, _Nested):
        for suffix, problem in error.errors:
            yield from _flatten(problem, _join(path, suffix))
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield _join(path, f".{key}"), "is not a known field", None
    elif isinstance(error, ValidationErrors):
        for inner in error.errors:
            yield from _flatten(inner, path)
    elif isinstance(error, ValidationError):
        # Raised by an entity's own converters or validators: its field is below ``path``.
        yield _join(path, f".{error.field}") if error.field else path, error.reason, error.value
    elif isinstance(error, _BadValue):
        yield path, error.reason, error.value
    elif isinstance(error, KeyError):
        yield path, "is required", None
    else:
        yield path, f"is invalid ({error})", None


def _entity_name(cls: Any) -> str:
    name = getattr(cls, "__name__", "value")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _validation_error(cls: Any, error: BaseException) -> ValidationError:
    entity = _entity_name(cls)
    problems = [
        ValidationError(entity, field or None, reason, value)
        for field, reason, value in _flatten(error, "")
    ]
    return problems[0] if len(problems) == 1 else ValidationErrors(problems)


# -- public API ----------------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """``value`` (an entity, value object, settings...) as JSON-safe data."""
    return _CONVERTER.unstructure(value)


def from_json(cls: type[T], data: Any) -> T:
    """``data`` (as made by ``to_json``, or parsed from JSON) as a ``cls``, fully validated.

    Raises ValidationError / ValidationErrors whose ``field`` is the path of each bad field.
    """
    try:
        result: T = _CONVERTER.structure(data, cls)
    except StructureHandlerNotFoundError:
        raise TypeError(f"custreg cannot read {cls!r} from JSON") from None
    except (cattrs.BaseValidationError, ForbiddenExtraKeysError, _BadValue, _Nested) as error:
        raise _validation_error(cls, error) from None
    except ValidationError as error:
        raise _validation_error(cls, error) from None
    except (KeyError, TypeError, ValueError) as error:
        raise _validation_error(cls, error) from None
    return result


def to_json_dict(entity: Any) -> dict[str, Any]:
    """An entity (an attrs class) as a JSON-safe dict."""
    if not attrs.has(type(entity)):
        raise TypeError(f"{type(entity).__name__} is not an entity; use to_json")
    data: dict[str, Any] = _CONVERTER.unstructure(entity)
    return data


def from_json_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """``to_json_dict`` reversed: the entity ``cls`` from a dict, fully validated."""
    return from_json(cls, data)


__all__ = ["from_json", "from_json_dict", "to_json", "to_json_dict"]
