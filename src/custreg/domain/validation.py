"""Collecting every validation error of a form instead of stopping at the first, the shared
attrs validators of every id field of an entity, and the typed attrs converters of the fields
that hold several texts or contact ids."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any
from typing import TypeVar
from uuid import UUID

from attrs import Attribute

from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import ContactId

T = TypeVar("T")


class ErrorCollector:
    """Run checks, keep their ValidationErrors, raise them together at the end."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(
        self, make: Callable[[], T], entity: str | None = None, field: str | None = None
    ) -> T | None:
        """``make()``, or None after recording its ValidationError.

        ``entity``/``field`` relabel errors of value objects (``email.address``) with the field of
        the form they came from (``customer.email``).
        """
        try:
            return make()
        except ValidationErrors as many:
            self.errors.extend(many.errors)
        except ValidationError as error:
            if entity is not None:
                error = ValidationError(entity, field, error.reason, error.value)
            self.errors.append(error)
        return None

    def raise_if_any(self) -> None:
        """Raise the one error, or ValidationErrors for several."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationErrors(self.errors)


_NAMES: dict[type, str] = {}
_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")
_ID_REASON = "must be an id (UUID)"


def entity_name(cls: type) -> str:
    """The entity a ValidationError of an id field names: the class name in snake case
    (``Customer``: ``customer``, ``CostEntry``: ``cost_entry``)."""
    name = _NAMES.get(cls)
    if name is None:
        name = _NAMES[cls] = _WORD_START.sub("_", cls.__name__).lower()
    return name


def an_id(instance: object, attribute: Attribute[Any], value: object) -> None:
    """attrs validator of a required id field (``Customer.id``, ``Project.customer_id``): the
    value is a ``UUID`` (every id NewType is one at runtime), else a ValidationError naming the
    entity and the field. One ``isinstance`` check: a text id is refused, never stored."""
    if not isinstance(value, UUID):
        raise ValidationError(entity_name(type(instance)), attribute.name, _ID_REASON, value)


def an_optional_id(instance: object, attribute: Attribute[Any], value: object) -> None:
    """``an_id`` for an id field that may be None (``Customer.owner_id``)."""
    if value is not None and not isinstance(value, UUID):
        raise ValidationError(entity_name(type(instance)), attribute.name, _ID_REASON, value)


def ids_only(instance: object, attribute: Attribute[Any], value: Iterable[object]) -> None:
    """``an_id`` for each member of a set of ids (``Customer.market_segment_ids``): the first
    member that is not a ``UUID`` is a ValidationError naming the field and that member."""
    for item in value:
        if not isinstance(item, UUID):
            raise ValidationError(entity_name(type(instance)), attribute.name, _ID_REASON, item)


# Typed converters: attrs' mypy plugin types ``__init__`` from a converter's annotation, so a
# field given any iterable needs a named converter of its item type (a bare ``tuple`` or
# ``frozenset`` is generic, and makes mypy reject ``NewAddress("FI", ("Street 1",))``). They
# only change the container; the items are checked where the field's rule is.


def text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """Texts kept in their order (address lines, e-mails, former names) as a tuple."""
    return tuple(value)


def text_frozenset(value: Iterable[str]) -> frozenset[str]:
    """A set of texts (keywords, roles) as a frozenset."""
    return frozenset(value)


def contact_id_set(value: Iterable[ContactId]) -> frozenset[ContactId]:
    """A set of contact ids (an activity's participants) as a frozenset."""
    return frozenset(value)
