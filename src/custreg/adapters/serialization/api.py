"""The public functions of the JSON edge."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.errors import StructureHandlerNotFoundError

from custreg.adapters.serialization.converter import _CONVERTER
from custreg.adapters.serialization.errors import _validation_error
from custreg.adapters.serialization.scalars import T
from custreg.adapters.serialization.scalars import _BadValue
from custreg.adapters.serialization.scalars import _Nested
from custreg.domain.errors import ValidationError


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
