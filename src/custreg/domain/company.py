"""What a public business registry says about a company, in registry-neutral terms (R1-R5)."""

from __future__ import annotations

import enum
from datetime import date

from attrs import frozen

from custreg.domain.business_ids import BusinessId, VatNumber


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
        return self in {CompanyStatus.ACTIVE, CompanyStatus.RESTRUCTURING}


@frozen
class RegistryAddress:
    """An address as a registry gives it; ``po_box`` is set for post-office-box addresses."""

    country: str
    lines: tuple[str, ...] = ()
    postal_code: str | None = None
    city: str | None = None
    po_box: str | None = None


@frozen
class CompanyRecord:
    """One company from a public registry (a search hit or a lookup)."""

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
    former_names: tuple[str, ...] = ()
