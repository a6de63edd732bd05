"""The port to a live VAT-number check (the European Commission's VIES for EU numbers)."""

from __future__ import annotations

from typing import Protocol

from custreg.domain.business_ids import VatNumber
from custreg.domain.vat_check import VatCheckAnswer


class VatCheck(Protocol):
    """Checks a validated VAT number against its member state's register.

    ``check`` never raises for the service's own trouble: unreachable, slow, rate-limited, a
    member state down, an unreadable answer all give ``VatCheckStatus.UNKNOWN`` with the reason,
    so an unknown answer can never be mistaken for "invalid". Only bad input raises
    ``ValidationError`` (a number of a country the service does not cover).
    """

    def check(self, vat_number: VatNumber) -> VatCheckAnswer:
        """The answer about ``vat_number``: valid (with the registered name and address when
        shared), invalid, or unknown."""
        ...
