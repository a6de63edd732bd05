"""cattrs' errors as custreg's ValidationError(s), each naming the path of its field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cattrs.errors import ClassValidationError
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.errors import IterableValidationError

from custreg.adapters.serialization.scalars import _BadValue
from custreg.adapters.serialization.scalars import _Nested
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors


def _join(path: str, suffix: str) -> str:
    if suffix.startswith("."):
        return f"{path}{suffix}" if path else suffix[1:]
    return f"{path}{suffix}"


def _grouped(
    error: ClassValidationError | IterableValidationError,
) -> Iterator[tuple[BaseException, str]]:
    """The errors inside a class or collection, each with its path suffix (``.field`` or
    ``[index]``; ``""`` when cattrs noted no place)."""
    if isinstance(error, ClassValidationError):
        named, unnamed = error.group_exceptions()
        yield from ((inner, f".{note.name}") for inner, note in named)
    else:
        indexed, unnamed = error.group_exceptions()
        yield from ((inner, f"[{note.index}]") for inner, note in indexed)
    yield from ((inner, "") for inner in unnamed)


def _flatten(error: BaseException, path: str) -> Iterator[tuple[str, str, Any]]:
    """Every leaf problem under ``error`` as ``(path, reason, value)``."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        for inner, suffix in _grouped(error):
            yield from _flatten(inner, _join(path, suffix))
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
