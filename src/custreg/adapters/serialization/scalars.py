"""Leaf values: strict JSON types for str, int, bool, Decimal, dates, UUIDs and enums."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import TypeVar
from uuid import UUID

from custreg.domain.errors import ValidationError

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


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    """By value, and of the value's exact type (``True`` is not ``CustomerPermission(1)``)."""
    for member in cls:
        if type(member.value) is type(value) and member.value == value:
            return member
    allowed = ", ".join(repr(member.value) for member in cls)
    raise _BadValue(f"must be one of {allowed}", value)


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value
