"""Postal addresses and the commands that add them."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.testing.strategies.primitives import ADDRESS_COUNTRIES
from custreg.testing.strategies.primitives import DIGITS
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import texts
from custreg.usecases.commands import NewAddress


@st.composite
def _place(draw: st.DrawFn) -> tuple[tuple[str, ...], str | None, str | None]:
    lines = tuple(draw(st.lists(texts(30), max_size=4)))
    postal_code = draw(optional(st.text(DIGITS, min_size=3, max_size=6)))
    city = draw(optional(texts(20, string.ascii_letters + "åäöÅÄÖ -")))
    if not lines and postal_code is None and city is None:
        city = "Helsinki"
    return lines, postal_code, city


def address_kinds() -> st.SearchStrategy[frozenset[AddressKind]]:
    """Any set of address kinds (possibly empty)."""
    return st.frozensets(st.sampled_from(AddressKind))


@st.composite
def addresses(
    draw: st.DrawFn, customer_id: CustomerId | None = None, ordinal: int | None = None
) -> Address:
    """A valid address of ``customer_id`` (or a random customer), with ``ordinal`` when given."""
    lines, postal_code, city = draw(_place())
    return Address(
        id=draw(ids(AddressId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        country=draw(st.sampled_from(ADDRESS_COUNTRIES)),
        lines=lines,
        postal_code=postal_code,
        city=city,
        kinds=draw(address_kinds()),
        ordinal=ordinal if ordinal is not None else draw(st.integers(0, 1000)),
    )


@st.composite
def new_addresses(draw: st.DrawFn) -> NewAddress:
    """An address as a user types it into a form (valid)."""
    lines, postal_code, city = draw(_place())
    kinds: frozenset[Any] = draw(address_kinds())
    return NewAddress(
        country=draw(st.sampled_from(ADDRESS_COUNTRIES)),
        lines=lines,
        postal_code=postal_code,
        city=city,
        kinds=kinds,
    )
