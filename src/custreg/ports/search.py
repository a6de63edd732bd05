"""Searching customers: one page of a query, or every id it matches."""

from __future__ import annotations

from typing import Protocol

from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest


class CustomerSearch(Protocol):
    """C6: finding customers by a ``CustomerQuery`` (what the customer list and a mass update's
    query selection use). Matching is ``CustomerQuery.matches``: text is compared case-blind on
    the name, digits-only text also equals the customer number, and VAT numbers and business ids
    match whatever the dots, dashes, spaces and case typed; every other criterion is exact."""

    def find(self, query: CustomerQuery, page: PageRequest, /) -> Page[Customer]:
        """One page of the customers matching ``query``, ordered by number."""
        ...

    def ids_matching(self, query: CustomerQuery, /) -> list[CustomerId]:
        """Ids of every customer matching ``query``, ordered by number."""
        ...
