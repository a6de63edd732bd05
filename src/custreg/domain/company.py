"""What a public business registry says about a company, in registry-neutral terms (R1-R5).

Adapters (``custreg.adapters.registries``) turn each registry's payload into these records; the use
cases in ``custreg.usecases.registry_import`` only ever see this shape.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from datetime import datetime

from attrs import field
from attrs import frozen

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.validation import text_tuple
from custreg.domain.values import country_code


class CompanyStatus(enum.Enum):
    """The company's life state as reported by its registry (R5)."""

    ACTIVE = "active"
    DISSOLVED = "dissolved"
    BANKRUPT = "bankrupt"
    LIQUIDATION = "liquidation"
    RESTRUCTURING = "restructuring"
    DELETED = "deleted"

    @property
    def is_alive(self) -> bool:
        """Whether the company still trades: importing any other state needs consent (R5)."""
        return self in {CompanyStatus.ACTIVE, CompanyStatus.RESTRUCTURING}


#: Most severe first: the primary status of a company with several conditions.
_SEVERITY = (
    CompanyStatus.DELETED,
    CompanyStatus.DISSOLVED,
    CompanyStatus.BANKRUPT,
    CompanyStatus.LIQUIDATION,
    CompanyStatus.RESTRUCTURING,
)


def primary_status(conditions: Iterable[CompanyStatus]) -> CompanyStatus:
    """The one status to show for a set of conditions (a ceased company may also be bankrupt)."""
    present = set(conditions)
    return next((s for s in _SEVERITY if s in present), CompanyStatus.ACTIVE)


#: How a post-office box is written in each country when the registry gives only its number.
_PO_BOX_LABELS = {"FI": "PL", "SE": "Box", "NO": "Postboks", "DK": "Postboks"}


def _conditions(value: Iterable[CompanyStatus]) -> frozenset[CompanyStatus]:
    return frozenset(value) - {CompanyStatus.ACTIVE}


def _einvoices(value: Iterable[EInvoiceAddress]) -> tuple[EInvoiceAddress, ...]:
    return tuple(value)


def _country(value: str) -> str:
    return country_code("registry_address", "country", value)


def _records(value: Iterable[CompanyRecord]) -> tuple[CompanyRecord, ...]:
    return tuple(value)


@frozen
class RegistryAddress:
    """An address as a registry gives it.

    ``lines`` are street lines only; ``co`` (without the "c/o" prefix) and ``po_box`` (as the
    registry writes it: ``226`` in Finland, ``Postboks 1752 Vika`` in Norway) are kept apart so a
    caller can tell them from the street. ``country`` is an ISO 3166-1 alpha-2 code (a
    ValidationError on ``registry_address.country`` otherwise; registry adapters map an unknown
    country to the registry's own and keep the text as a street line).
    """

    country: str = field(converter=_country)
    lines: tuple[str, ...] = field(default=(), converter=text_tuple)
    postal_code: str | None = None
    city: str | None = None
    po_box: str | None = None
    co: str | None = None

    def po_box_line(self) -> str | None:
        """The post-office box as a printable line (``PL 226``, ``Postboks 1752 Vika``)."""
        if not self.po_box:
            return None
        if any(ch.isalpha() for ch in self.po_box):
            return self.po_box
        return f"{_PO_BOX_LABELS.get(self.country, 'P.O. Box')} {self.po_box}"

    def street_lines(self) -> tuple[str, ...]:
        """Every line above the postal code, as a customer address stores them."""
        co = (f"c/o {self.co}",) if self.co else ()
        box = self.po_box_line()
        return (*co, *self.lines, *((box,) if box else ()))

    def one_line(self) -> str:
        """Human-readable single line, for search result lists and diffs."""
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (*self.street_lines(), place, self.country) if p)


@frozen
class CompanyRecord:
    """One company from a public registry (a search hit or a lookup).

    ``registry`` is the registry's country code (``FI``, ``NO``). ``status`` is the primary life
    state; ``conditions`` holds every state the registry reports (a ceased company can also be
    bankrupt). ``name`` is the current legal name only; former, parallel (other-language) and
    auxiliary names are kept apart. ``vat_number`` is set only while the company is in the VAT
    register. ``parent_business_id`` is set for a sub-unit (a Norwegian *underenhet*).
    ``ended_on`` is the day the company stopped trading: its closure (``closed_on``) if the
    registry reports one, else its end or deletion date; ``deleted_on`` and ``closed_on`` keep the
    two Norwegian facts apart.
    """

    registry: str
    business_id: BusinessId
    name: str
    status: CompanyStatus = CompanyStatus.ACTIVE
    vat_number: VatNumber | None = None
    visiting_address: RegistryAddress | None = None
    postal_address: RegistryAddress | None = None
    website: str | None = None
    email: str | None = None
    industry_code: str | None = None
    industry_name: str | None = None
    company_form: str | None = None
    registered_on: date | None = None
    ended_on: date | None = None
    former_names: tuple[str, ...] = field(default=(), converter=text_tuple)
    conditions: frozenset[CompanyStatus] = field(default=frozenset(), converter=_conditions)
    company_form_name: str | None = None
    parallel_names: tuple[str, ...] = field(default=(), converter=text_tuple)
    auxiliary_names: tuple[str, ...] = field(default=(), converter=text_tuple)
    parent_business_id: BusinessId | None = None
    last_modified: datetime | None = None
    #: When the registry deleted the unit (Enhetsregisteret ``slettedato``); None if not deleted.
    deleted_on: date | None = None
    #: When a sub-unit's activity was closed down (Enhetsregisteret ``nedleggelsesdato``); a
    #: closed sub-unit may stay in the register (not deleted) for years.
    closed_on: date | None = None
    #: C7: e-invoicing addresses the registry publishes for the company (most publish none).
    einvoice_addresses: tuple[EInvoiceAddress, ...] = field(default=(), converter=_einvoices)

    @property
    def is_alive(self) -> bool:
        """R5: whether the company may be imported without the caller's explicit consent."""
        return self.status.is_alive and all(c.is_alive for c in self.conditions)

    def has(self, condition: CompanyStatus) -> bool:
        """Whether the registry reports ``condition`` (primary or not)."""
        return self.status is condition or condition in self.conditions

    def describe_status(self) -> str:
        """What to show next to the name in a hit list (``bankrupt, dissolved``; ``active``)."""
        reported = {self.status, *self.conditions} - {CompanyStatus.ACTIVE}
        shown = sorted(reported, key=_SEVERITY.index)
        text = ", ".join(s.value for s in shown) or CompanyStatus.ACTIVE.value
        return f"{text} ({self.ended_on.isoformat()})" if self.ended_on else text


@frozen
class RejectedEntry:
    """An entry of a registry answer that could not be read (R4): its 0-based ``position`` in
    the answer, the business id as the registry wrote it when there was one (at most 40
    characters), and ``reason`` naming the JSON path and what was wrong. It is reported beside
    the good hits of the page, never dropped silently and never importable."""

    position: int
    reason: str
    business_id: str | None = None


def _rejected(value: Iterable[RejectedEntry]) -> tuple[RejectedEntry, ...]:
    return tuple(value)


@frozen
class CompanySearchPage:
    """One page of registry search hits; ``page`` counts from 0 whatever the registry does.

    ``rejected`` lists the entries of the page the registry sent malformed (one bad record costs
    one record, R4); ``total`` is the registry's own count and includes them.
    """

    hits: tuple[CompanyRecord, ...] = field(converter=_records)
    total: int
    page: int = 0
    page_size: int = 20
    rejected: tuple[RejectedEntry, ...] = field(default=(), converter=_rejected)

    @property
    def has_more(self) -> bool:
        """Whether a next page exists."""
        return (self.page + 1) * self.page_size < self.total
