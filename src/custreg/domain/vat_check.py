"""A live check of an EU VAT number against the member states' registers (VIES).

The service answers *valid* (with the registered name and address when the member state shares
them), *invalid*, or nothing usable: a member state down, a timeout, a rate limit. The last is
``UNKNOWN`` and must never be read as invalid.
"""

from __future__ import annotations

import enum
from datetime import datetime

from attrs import field
from attrs import frozen

from custreg.domain.business_ids import VatNumber
from custreg.domain.errors import ValidationError

#: VIES member-state codes (``EL`` is Greece, ``XI`` Northern Ireland) by VAT-number prefix.
VIES_PREFIXES = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE"}
    | {"IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI"}
)

#: The longest registered name or address kept from an answer.
MAX_TEXT = 500


class VatCheckStatus(enum.Enum):
    """What the check said: valid, invalid, or unknown (the service could not tell)."""

    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"

    @property
    def is_definite(self) -> bool:
        """Whether the answer says something about the number (valid or invalid)."""
        return self is not VatCheckStatus.UNKNOWN


def _aware(_: object, attribute: object, value: datetime) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValidationError(
            "vat_check", "checked_at", "must be a time-zone aware datetime", value
        )


def _definite(_: object, attribute: object, value: VatCheckStatus) -> None:
    if not isinstance(value, VatCheckStatus) or not value.is_definite:
        raise ValidationError(
            "vat_check", "status", "only a valid or invalid answer is recorded", value
        )


def clean_text(raw: object) -> str | None:
    """A name or address as a service wrote it, made safe to store and show: line breaks become
    ``, ``; control, format (zero-width, bidi), surrogate, unassigned and other unprintable
    characters are dropped (from the first ``8 * MAX_TEXT`` characters only); ``---``
    (VIES for "not shared") and blanks are None; at most ``MAX_TEXT`` characters."""
    if not isinstance(raw, str):
        return None
    lines = []
    # Only the start is read: a megabyte of line breaks or invisible characters costs nothing.
    for line in raw[: MAX_TEXT * 8].replace("\r", "\n").split("\n"):
        kept = " ".join("".join(ch for ch in line if ch.isprintable() or ch.isspace()).split())
        if kept:
            lines.append(kept)
    text = ", ".join(lines)
    if not text or set(text) <= {"-", " "}:
        return None
    return text[:MAX_TEXT]


@frozen
class VatCheckResult:
    """The last definite check of a customer's VAT number, kept on the customer: the answer
    (valid or invalid, never unknown), when it was given (aware), and the number it is about
    (so a later change of the customer's number makes it stale, see ``applies_to``)."""

    status: VatCheckStatus = field(validator=_definite)
    checked_at: datetime = field(validator=_aware)
    vat_number: VatNumber

    def applies_to(self, vat_number: VatNumber | None) -> bool:
        """Whether this answer is about ``vat_number`` (the customer's current number)."""
        return vat_number is not None and vat_number == self.vat_number


@frozen
class VatCheckAnswer:
    """One answer of a VAT check service about ``vat_number``.

    ``name`` and ``address`` are the registered ones when the member state shares them (cleaned
    by ``clean_text``); ``reason`` says why an answer is unknown (the service's code, such as
    ``MS_UNAVAILABLE``, or a timeout); ``request_identifier`` is the service's consultation
    number when it gives one.
    """

    vat_number: VatNumber
    status: VatCheckStatus
    checked_at: datetime = field(validator=_aware)
    name: str | None = None
    address: str | None = None
    reason: str | None = None
    request_identifier: str | None = None

    def result(self) -> VatCheckResult | None:
        """What to record on the customer: the definite answer, or None for unknown."""
        if not self.status.is_definite:
            return None
        return VatCheckResult(self.status, self.checked_at, self.vat_number)


def vies_prefix(vat_number: VatNumber) -> str:
    """The VIES member-state code of ``vat_number`` or a ValidationError: VIES covers the EU
    member states and Northern Ireland only (not Norway, Switzerland...)."""
    prefix = vat_number.value[:2]
    if prefix not in VIES_PREFIXES:
        raise ValidationError(
            "vat_check",
            "vat_number",
            f"VIES checks EU VAT numbers only; {prefix} is not an EU member state",
            vat_number.value,
        )
    return prefix
