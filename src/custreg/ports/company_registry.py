"""The port to a public business registry (Finland's YTJ, Norway's Enhetsregisteret...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord


class CompanyRegistry(Protocol):
    """A public registry of one country.

    Errors: RegistryUnavailableError when the answer is unknown (network, timeout, 429, 5xx),
    RegistryDataError for unreadable payloads, CompanyNotFoundError for an unknown id.
    """

    country: str

    def search(self, name: str, limit: int = 20) -> Sequence[CompanyRecord]:
        """Companies whose name matches ``name`` (R1), best first, at most ``limit``."""
        ...

    def lookup(self, business_id: BusinessId) -> CompanyRecord:
        """The one company with this business id (R1)."""
        ...
