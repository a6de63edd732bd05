"""Addresses of a customer and the headquarters rules A1-A4 as pure functions."""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import TypeVar

from attrs import evolve
from attrs import field
from attrs import frozen

from custreg.domain.errors import ValidationError
from custreg.domain.events import Created
from custreg.domain.events import Outcome
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.events import changed
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.text import optional_text
from custreg.domain.validation import an_id
from custreg.domain.values import country_code

T = TypeVar("T")


class AddressKind(enum.Enum):
    """What an address is used for; one address may have several kinds."""

    VISITING = "visiting"
    POSTAL = "postal"
    BILLING = "billing"


#: How many distinct values each address field converter remembers (then it starts afresh).
_REMEMBERED = 4096


def _remembered(convert: Callable[[Any], T]) -> Callable[[Any], T]:
    """``convert`` (a pure field conversion) remembering its results for texts and tuples of
    texts: the addresses of a bulk import share countries, cities, postal codes and often street
    lines, each then checked once. Other values (and failures) are converted every time."""
    done: dict[Any, T] = {}

    def converted(value: Any) -> T:
        kind = type(value)
        if kind is not str and kind is not tuple:
            return convert(value)
        try:
            return done[value]
        except KeyError:
            pass
        except TypeError:  # a tuple holding something unhashable: refused by ``convert``
            return convert(value)
        result = convert(value)
        if len(done) >= _REMEMBERED:
            done.clear()
        done[value] = result
        return result

    return converted


@_remembered
def _checked_lines(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    lines = tuple(line for line in (optional_text("address", "lines", v) for v in value) if line)
    if len(lines) > 4:
        raise ValidationError("address", "lines", "at most four street lines", value)
    return lines


def _kinds(value: Iterable[AddressKind]) -> frozenset[AddressKind]:
    kinds = frozenset(value)
    for kind in kinds:
        if not isinstance(kind, AddressKind):
            raise ValidationError("address", "kinds", "must be AddressKind values", kind)
    return kinds


@_remembered
def _checked_country(value: str) -> str:
    return country_code("address", "country", value)


@_remembered
def _checked_postal_code(value: str | None) -> str | None:
    return optional_text("address", "postal_code", value, 20)


@_remembered
def _checked_city(value: str | None) -> str | None:
    return optional_text("address", "city", value, 100)


# The converters (named functions, as the attrs plugin of mypy wants them).
def _lines(value: Any) -> tuple[str, ...]:
    return _checked_lines(value)


def _country(value: str) -> str:
    return _checked_country(value)


def _postal_code(value: str | None) -> str | None:
    return _checked_postal_code(value)


def _city(value: str | None) -> str | None:
    return _checked_city(value)


@frozen
class Address:
    """A postal, visiting or billing address of one customer.

    ``ordinal`` orders addresses by when they were added (A4 needs "earliest-added").
    """

    id: AddressId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    country: str = field(converter=_country)
    lines: tuple[str, ...] = field(default=(), converter=_lines)
    postal_code: str | None = field(default=None, converter=_postal_code)
    city: str | None = field(default=None, converter=_city)
    kinds: frozenset[AddressKind] = field(default=frozenset(), converter=_kinds)
    ordinal: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.lines and not self.postal_code and not self.city:
            raise ValidationError(
                "address", "lines", "an address needs a street, postal code or city"
            )

    def one_line(self) -> str:
        """Human-readable single line, for lists and reports."""
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(
            [*self.lines, place, self.country] if place else [*self.lines, self.country]
        )

    def added(self, stamp: Stamp) -> Created:
        """The event of this address's creation."""
        return Created("address", self, stamp, "add")

    def edit(
        self,
        stamp: Stamp,
        country: str,
        lines: Iterable[str],
        postal_code: str | None,
        city: str | None,
        kinds: Iterable[AddressKind] = (),
    ) -> Outcome[Address]:
        """This address with new fields (no ``kinds``: it keeps its own); it stays on its
        customer, in its place, and the headquarters if it was (A1-A4)."""
        revised = evolve(
            self, country=country, lines=lines, postal_code=postal_code, city=city,
            kinds=kinds or self.kinds,
        )
        return changed("address", self, revised, stamp)

    def removed(self, stamp: Stamp) -> Removed:
        """The event of this address's removal."""
        return Removed("address", self, stamp)


def headquarters_after_removal(
    current_hq: AddressId | None, removed: AddressId, remaining: Sequence[Address]
) -> AddressId | None:
    """A4: removing the headquarters makes the earliest-added remaining address the headquarters."""
    if current_hq != removed:
        return current_hq
    if not remaining:
        return None
    return min(remaining, key=lambda a: a.ordinal).id


def headquarters_after_adding(current_hq: AddressId | None, added: AddressId) -> AddressId:
    """A1: the first address added becomes the headquarters."""
    return current_hq if current_hq is not None else added
