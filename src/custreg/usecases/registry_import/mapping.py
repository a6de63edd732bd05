"""A registry record as customer values: address content, email, website, industry (R2),
liveness (R5).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.company import CompanyRecord
from custreg.domain.company import RegistryAddress
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.ports.registry import Registry

_NIL = UUID(int=0)

#: An address's printable content: country, lines, postal code, city.
Content = tuple[str, tuple[str, ...], str | None, str | None]


def _refuse_inactive(record: CompanyRecord) -> None:
    """R5: a company that no longer trades is imported or used only with explicit consent."""
    if not record.is_alive:
        raise CompanyGoneError(
            record.registry,
            record.business_id.value,
            f"{record.name} is {record.describe_status()} according to the registry; "
            "pass accept_inactive=True to use it anyway",
        )


def _content_of(address: Address) -> Content:
    return (address.country, address.lines, address.postal_code, address.city)


def _content_fields(content: Content) -> dict[str, Any]:
    """The Address fields that ``content`` sets."""
    country, lines, postal_code, city = content
    return {"country": country, "lines": lines, "postal_code": postal_code, "city": city}


def _fit_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """At most four lines: the rest joins the last one."""
    return lines if len(lines) <= 4 else (*lines[:3], ", ".join(lines[3:]))


def address_content(source: RegistryAddress) -> Content:
    """The customer-address content of a registry address, normalised by Address's own rules
    (a ValidationError if it breaks them)."""
    probe = Address(
        id=AddressId(_NIL),
        customer_id=CustomerId(_NIL),
        country=source.country,
        lines=_fit_lines(source.street_lines()),
        postal_code=source.postal_code,
        city=source.city,
    )
    return _content_of(probe)


def _optional_value(kind: str, raw: str | None) -> tuple[str | None, str | None]:
    """(normalised value, None) or (None, reason) for a registry email or website."""
    if raw is None:
        return None, None
    try:
        return (str(EmailAddress(raw)) if kind == "email" else str(Website(raw))), None
    except ValidationError as error:
        return None, f"registry value {raw!r} {error.reason}"


def _industry(
    settings: OrganisationSettings,
    record: CompanyRecord,
    industries: Mapping[str, IndustryId] | None,
) -> tuple[IndustryId | None, str | None]:
    """R2: the organisation's industry for the main business line: the host's mapping by the
    longest code prefix, else an active industry with the same name; else a reason."""
    active = {i.id for i in settings.industries if i.active}
    code = record.industry_code
    if code and industries:
        for length in range(len(code), 0, -1):
            mapped = industries.get(code[:length])
            if mapped is not None and mapped in active:
                return mapped, None
    if record.industry_name:
        wanted = record.industry_name.casefold()
        for industry in settings.industries:
            if industry.active and industry.name.casefold() == wanted:
                return industry.id, None
    if not code and not record.industry_name:
        return None, None
    named = f"({record.industry_name})" if record.industry_name else ""
    label = " ".join(p for p in (code, named) if p)
    return None, f"no active industry of the organisation matches {label}"


def _new_addresses(
    registry: Registry, customer_id: CustomerId, record: CompanyRecord
) -> list[Address]:
    """Visiting address first (it becomes the headquarters, A1), then the postal address; one
    address with both kinds when they are the same."""
    wanted: list[tuple[Content, set[AddressKind]]] = []
    for source, kind in (
        (record.visiting_address, AddressKind.VISITING),
        (record.postal_address, AddressKind.POSTAL),
    ):
        if source is None:
            continue
        content = address_content(source)
        same = next((w for w in wanted if w[0] == content), None)
        if same is not None:
            same[1].add(kind)
        else:
            wanted.append((content, {kind}))
    return [
        Address(
            id=AddressId(registry.ids.new_id()),
            customer_id=customer_id,
            **_content_fields(content),
            kinds=frozenset(kinds),
            ordinal=ordinal,
        )
        for ordinal, (content, kinds) in enumerate(wanted, start=1)
    ]
