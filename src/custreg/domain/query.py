"""Search criteria and paging for customer lists (C6), as plain values any adapter can answer."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import Generic
from typing import TypeVar
from uuid import UUID

from attrs import Attribute
from attrs import field
from attrs import frozen

from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.text import search_text

T = TypeVar("T")


def _text(value: str | None) -> str | None:
    return search_text("query", "text", value)


def _ids(value: Iterable[CustomerId] | None) -> frozenset[CustomerId] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes):
        raise ValidationError("query", "ids", "must be a collection of customer ids", value)
    ids = frozenset(value)
    if not all(isinstance(i, UUID) for i in ids):
        raise ValidationError("query", "ids", "must be customer ids (UUIDs)", value)
    return ids


def _a_status(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, CustomerStatus):
        raise ValidationError("query", "status", "must be a CustomerStatus", value)


def _an_id(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, UUID):
        raise ValidationError("query", attribute.name, "must be an id (UUID)", value)


@frozen
class CustomerQuery:
    """Which customers to list. Every criterion given must hold; None means "any".

    ``text`` matches case-insensitively a substring of the name, or exactly the customer number,
    VAT number or business id (ignoring spaces and dashes). It follows the text policy of
    ``custreg.domain.text`` with at most ``SEARCH_MAX_LENGTH`` characters: a control character,
    a lone surrogate or a longer text is a ValidationError on ``query.text`` before any adapter
    sees it; whitespace runs collapse to one space and a text that shows nothing means "any".
    """

    text: str | None = field(default=None, converter=_text)
    status: CustomerStatus | None = field(default=None, validator=_a_status)
    owner_id: UserId | None = field(default=None, validator=_an_id)
    industry_id: IndustryId | None = field(default=None, validator=_an_id)
    market_segment_id: MarketSegmentId | None = field(default=None, validator=_an_id)
    ids: frozenset[CustomerId] | None = field(default=None, converter=_ids)

    def matches(self, customer: Customer) -> bool:
        """The reference predicate; adapters must select exactly the customers it accepts."""
        if self.ids is not None and customer.id not in self.ids:
            return False
        if self.status is not None and customer.status is not self.status:
            return False
        if self.owner_id is not None and customer.owner_id != self.owner_id:
            return False
        if self.industry_id is not None and customer.industry_id != self.industry_id:
            return False
        if self.market_segment_id is not None and (
            self.market_segment_id not in customer.market_segment_ids
        ):
            return False
        return self.text is None or text_matches(self.text, customer)


#: A customer number has at most this many digits (it fits a signed 64-bit integer).
MAX_NUMBER_DIGITS = 18
#: The largest offset a page may start at.
MAX_OFFSET = 1_000_000_000


def compact_id(value: str) -> str:
    """Upper-case and drop spaces, dashes and dots, for comparing typed ids."""
    return value.upper().replace(" ", "").replace("-", "").replace(".", "")


def text_matches(text: str, customer: Customer) -> bool:
    """C6 search: name substring (case-insensitive) or exact number / VAT / business id."""
    if text.casefold() in customer.name.casefold():
        return True
    if (
        text.isdecimal()  # "²" is a digit, not a number
        and len(text) <= MAX_NUMBER_DIGITS  # int() of thousands of digits raises
        and int(text) == customer.number.value
    ):
        return True
    wanted = compact_id(text)
    ids = [customer.vat_number, customer.business_id]
    return any(i is not None and compact_id(i.value) == wanted for i in ids)


def _limit(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise ValidationError("page", "limit", "must be 1-10000", value)
    return value


def _offset(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        raise ValidationError("page", "offset", f"must be 0-{MAX_OFFSET}", value)
    return value


@frozen
class PageRequest:
    """Which slice of a list to return; lists are ordered by customer number."""

    limit: int = field(default=100, converter=_limit)
    offset: int = field(default=0, converter=_offset)


@frozen
class Page(Generic[T]):
    """One page of results plus the total number of matches."""

    items: Sequence[T]
    total: int
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total
