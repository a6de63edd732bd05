"""The port to a public business registry (Finland's YTJ, Norway's Enhetsregisteret...)."""

from __future__ import annotations

from typing import Protocol

from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage


class CompanyRegistry(Protocol):
    """A public registry of one country.

    Errors (all under ``RegistryError`` except bad input):
    - ``RegistryUnavailableError``: the answer is *unknown* (network, timeout, 429, 5xx) (R4);
    - ``RegistryDataError``: the registry answered something unreadable (R4);
    - ``CompanyNotFoundError``: the registry answered and has no such company;
    - ``CompanyGoneError``: the registry removed the company from public view (R5);
    - ``ValidationError``: bad input found before any request (a business id of another country,
      a blank name, a page too deep to be served).
    """

    @property
    def country(self) -> str:
        """ISO 3166 code of the country whose companies this registry holds."""
        ...

    def search(self, name: str, page: int = 0) -> CompanySearchPage:
        """One page (0-based) of the companies whose name matches ``name`` (R1), in the
        registry's order; a page past the end is empty. Entries the registry sent malformed are
        reported in ``rejected`` beside the hits, never among them (R4)."""
        ...

    def lookup(self, business_id: BusinessId) -> CompanyRecord:
        """The one company with this business id (R1), including deleted or dissolved ones
        (their ``status`` says so, R5)."""
        ...
