"""Searching a public registry by name or business id (R1)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.company import CompanySearchPage
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.ports.company_registry import CompanyRegistry

#: Country code -> the registry adapter of that country.
CompanyRegistries = Mapping[str, CompanyRegistry]

#: How many digits a national business id has (what tells an id query from a name query).
_ID_DIGITS = {"FI": {7, 8}, "NO": {9}, "SE": {10, 12}, "DK": {8}}
_SEPARATORS = re.compile(r"[\s.\-/]")


def registry_for(registries: CompanyRegistries, country: str) -> CompanyRegistry:
    """The registry of ``country`` or a ValidationError naming the countries that have one."""
    code = country.strip().upper() if isinstance(country, str) else ""
    found = registries.get(code)
    if found is None:
        available = ", ".join(sorted(registries)) or "none"
        raise ValidationError(
            "registry_search",
            "country",
            f"no public registry for {country!r} (registries: {available})",
            country,
        )
    return found


def registry_query(query: object, country: str) -> BusinessId | str:
    """What a user typed in the search field: a business id (a VAT number is turned into one) or
    a name. Anything shaped like an id must be a valid one: it is refused before any request."""
    if not isinstance(query, str) or not query.strip():
        raise ValidationError("registry_search", "query", "must not be blank", query)
    text = " ".join(query.split())
    compact = _SEPARATORS.sub("", text).upper()
    prefix, rest = compact[:2], compact[2:].removesuffix("MVA")
    if len(compact) > 2 and prefix.isalpha() and rest.isdigit():
        vat = VatNumber.parse(text)
        if vat.country != country:
            raise ValidationError(
                "registry_search",
                "query",
                f"is a {vat.country} VAT number; search the {vat.country} registry",
                query,
            )
        business_id = vat.business_id()
        if business_id is None:  # pragma: no cover - every registry country derives its id
            raise ValidationError("registry_search", "query", "has no business id", query)
        return business_id
    digits = compact.removesuffix("MVA")
    if digits.isdigit() and len(digits) in _ID_DIGITS.get(country, set()):
        return BusinessId.parse(text, country)
    return text


def search_registry(
    registries: CompanyRegistries,
    principal: Principal,
    country: str,
    query: str,
    page: int = 0,
) -> CompanySearchPage:
    """R1: the companies matching a name (one page, 0-based), or the one company with this
    business id / VAT number (an unknown id gives an empty page).

    R4: entries of the page the registry sent malformed are in ``page.rejected`` (position, raw
    id, reason) beside the good ``hits``; they are never hits, so they cannot be imported.
    """
    require(principal, CustomerPermission.READ_ONLY, "customer", "search a public registry")
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        raise ValidationError("registry_search", "page", "must be a whole number >= 0", page)
    registry = registry_for(registries, country)
    target = registry_query(query, registry.country)
    if isinstance(target, str):
        return registry.search(target, page)
    if page != 0:
        return CompanySearchPage((), 1, page, 1)
    try:
        return CompanySearchPage((registry.lookup(target),), 1, 0, 1)
    except CompanyNotFoundError:
        return CompanySearchPage((), 0, 0, 1)
