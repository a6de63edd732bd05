"""Contacts and phone numbers."""

from __future__ import annotations

from hypothesis import strategies as st

from custreg.domain.contact import Contact
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.testing.strategies.channels import email_addresses
from custreg.testing.strategies.primitives import DIGITS
from custreg.testing.strategies.primitives import aware_datetimes
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import single_spaced_texts
from custreg.testing.strategies.primitives import texts
from custreg.testing.strategies.primitives import words


def phones() -> st.SearchStrategy[str]:
    """Phone numbers as typed (digits, spaces, ``+``, ``-``), stripped and single-spaced."""
    return single_spaced_texts(DIGITS + " +-", 16)


@st.composite
def contacts(
    draw: st.DrawFn,
    customer_id: CustomerId | None = None,
    address_id: AddressId | None = None,
) -> Contact:
    """A contact person (P1); ``deleted_at`` set now and then (P3)."""
    return Contact(
        id=draw(ids(ContactId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        first_name=draw(texts(30)),
        last_name=draw(texts(30)),
        title=draw(optional(texts(30))),
        emails=tuple(draw(st.lists(email_addresses(), max_size=3))),
        phones=tuple(draw(st.lists(phones(), max_size=3))),
        roles=draw(st.frozensets(words(), max_size=3)),
        keywords=draw(st.frozensets(words(), max_size=4)),
        address_id=address_id,
        active=draw(st.booleans()),
        deleted_at=draw(optional(aware_datetimes())) if draw(st.integers(0, 4)) == 0 else None,
    )
