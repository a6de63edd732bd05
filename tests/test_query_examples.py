"""C6 search criteria and paging stated as examples: the expected result of each input, and the
field and reason of each refusal (the properties elsewhere compare adapters with
``CustomerQuery.matches``; these pin ``matches`` itself)."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.query import MAX_OFFSET
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest
from custreg.domain.query import compact_id
from custreg.domain.query import text_matches
from custreg.domain.values import CustomerNumber
from refusals import refused

ANNA, BO = UserId(uuid.UUID(int=1)), UserId(uuid.UUID(int=2))
IT = IndustryId(uuid.UUID(int=3))
RETAIL, PUBLIC = MarketSegmentId(uuid.UUID(int=4)), MarketSegmentId(uuid.UUID(int=5))


def nokia(**changes: Any) -> Customer:
    values: dict[str, Any] = {
        "id": CustomerId(uuid.UUID(int=10)),
        "number": CustomerNumber(1042),
        "name": "Nokia Oyj",
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        "vat_number": VatNumber.parse("FI01120389"),
        "business_id": BusinessId.parse("0112038-9", "FI"),
        "owner_id": ANNA,
        "industry_id": IT,
        "market_segment_ids": frozenset({RETAIL}),
    }
    values.update(changes)
    return Customer(**values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nokia", True),  # substring, any case
        ("OKIA O", True),
        ("Nokia Oyj", True),
        ("Nokia Oyj Ab", False),  # longer than the name
        ("1042", True),  # the customer number exactly
        ("104", False),  # part of a number is no match
        ("10420", False),
        ("01042", True),  # the number, leading zero typed
        ("FI01120389", True),  # VAT number, as stored
        ("fi 0112 0389", True),  # spaces and case ignored
        ("FI-0112-0389", True),  # dashes ignored
        ("0112038-9", True),  # business id
        ("01120389", True),  # business id without its dash
        ("0112.038.9", True),  # dots ignored
        ("0112038-8", False),  # another business id
        ("FI0112038", False),  # part of a VAT number
        ("²", False),  # a digit but no number
        ("9" * 19, False),  # longer than any customer number: compared as text only
        ("9" * 200, False),
    ],
)
def test_c6_text_matches_name_substring_or_exact_identifiers(text: str, expected: bool) -> None:
    assert text_matches(text, nokia()) is expected
    assert CustomerQuery(text=text).matches(nokia()) is expected


def test_c6_number_search_of_the_largest_number_is_compared_as_a_number() -> None:
    big = nokia(number=CustomerNumber(10**18 - 1))
    assert text_matches("9" * 18, big)
    assert not text_matches("9" * 17, big)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fi 0112-038.9", "FI01120389"),
        ("a.b-c d", "ABCD"),
        ("", ""),
        ("NO 923 609 016 MVA", "NO923609016MVA"),
    ],
)
def test_c6_compact_id_drops_spaces_dashes_dots_and_case(value: str, expected: str) -> None:
    assert compact_id(value) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (CustomerQuery(), True),
        (CustomerQuery(status=CustomerStatus.ACTIVE), True),
        (CustomerQuery(status=CustomerStatus.INACTIVE), False),
        (CustomerQuery(owner_id=ANNA), True),
        (CustomerQuery(owner_id=BO), False),
        (CustomerQuery(industry_id=IT), True),
        (CustomerQuery(industry_id=IndustryId(uuid.UUID(int=99))), False),
        (CustomerQuery(market_segment_id=RETAIL), True),
        (CustomerQuery(market_segment_id=PUBLIC), False),
        (CustomerQuery(ids=frozenset({CustomerId(uuid.UUID(int=10))})), True),
        (CustomerQuery(ids=frozenset()), False),  # an empty selection selects nobody
        (CustomerQuery(ids=frozenset({CustomerId(uuid.UUID(int=11))})), False),
        (CustomerQuery(text="nokia", owner_id=ANNA), True),
        (CustomerQuery(text="nokia", owner_id=BO), False),  # every criterion must hold
        (CustomerQuery(text="ericsson", owner_id=ANNA), False),
    ],
)
def test_c6_every_given_criterion_must_hold(query: CustomerQuery, expected: bool) -> None:
    assert query.matches(nokia()) is expected


def test_c6_no_owner_never_matches_an_owner_filter() -> None:
    assert not CustomerQuery(owner_id=ANNA).matches(nokia(owner_id=None))
    assert not CustomerQuery(industry_id=IT).matches(nokia(industry_id=None))


@pytest.mark.parametrize(
    ("text", "stored"),
    [(None, None), ("  nokia  ", "nokia"), ("a   b", "a b"), ("   ", None), ("\u200b", None)],
)
def test_c6_search_text_is_normalised_and_blank_means_any(text: Any, stored: Any) -> None:
    assert CustomerQuery(text=text).text == stored


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"text": "a\x00b"}, "text", "must not contain control characters (U+0000)"),
        ({"text": "x" * 201}, "text", "must be at most 200 characters"),
        ({"text": 42}, "text", "must be text"),
        ({"status": "active"}, "status", "must be a CustomerStatus"),
        ({"owner_id": "anna"}, "owner_id", "must be an id (UUID)"),
        ({"industry_id": 3}, "industry_id", "must be an id (UUID)"),
        ({"market_segment_id": "retail"}, "market_segment_id", "must be an id (UUID)"),
        ({"ids": "abc"}, "ids", "must be a collection of customer ids"),
        ({"ids": ["not-an-id"]}, "ids", "must be customer ids (UUIDs)"),
    ],
)
def test_c6_bad_criteria_are_refused_naming_the_field(
    kwargs: dict[str, Any], field: str, reason: str
) -> None:
    [value] = kwargs.values()
    with refused("query", field, reason, value):
        CustomerQuery(**kwargs)


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (10_000, 0), (100, MAX_OFFSET)])
def test_page_limits_at_their_bounds_are_accepted(limit: int, offset: int) -> None:
    page = PageRequest(limit=limit, offset=offset)
    assert (page.limit, page.offset) == (limit, offset)


def test_page_defaults() -> None:
    assert (PageRequest().limit, PageRequest().offset) == (100, 0)


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"limit": 0}, "limit", "must be 1-10000"),
        ({"limit": 10_001}, "limit", "must be 1-10000"),
        ({"limit": -1}, "limit", "must be 1-10000"),
        ({"limit": True}, "limit", "must be 1-10000"),
        ({"limit": 5.0}, "limit", "must be 1-10000"),
        ({"limit": "5"}, "limit", "must be 1-10000"),
        ({"offset": -1}, "offset", f"must be 0-{MAX_OFFSET}"),
        ({"offset": MAX_OFFSET + 1}, "offset", f"must be 0-{MAX_OFFSET}"),
        ({"offset": False}, "offset", f"must be 0-{MAX_OFFSET}"),
        ({"offset": 10**30}, "offset", f"must be 0-{MAX_OFFSET}"),
    ],
)
def test_page_limits_beyond_their_bounds_are_refused(
    kwargs: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        PageRequest(**kwargs)
    assert (refused.value.entity, refused.value.field, refused.value.reason) == (
        "page",
        field,
        reason,
    )
    assert refused.value.value == next(iter(kwargs.values()))


@pytest.mark.parametrize(
    ("offset", "items", "total", "more"),
    [(0, 2, 2, False), (0, 2, 3, True), (5, 0, 5, False), (4, 1, 6, True), (4, 2, 6, False)],
)
def test_page_has_more_exactly_when_rows_follow(
    offset: int, items: int, total: int, more: bool
) -> None:
    assert Page(list(range(items)), total, offset, 2).has_more is more
