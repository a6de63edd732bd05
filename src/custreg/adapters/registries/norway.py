"""Norway: Brønnøysundregistrene's Enhetsregisteret open API (v2), licence NLOD.

Facts this adapter relies on (see docs/registries.md for the field mapping):
- Send ``Accept: application/vnd.brreg.enhetsregisteret.enhet.v2+json`` (``underenhet.v2`` for
  sub-units).
- Search pages count from 0 and ``page * size`` may not pass 10,000 (the API answers 400); we
  refuse such a page before asking. An empty search has no ``_embedded`` key.
- ``GET /enheter/{orgnr}``: a deleted entity answers 200 with ``slettedato``; 410 means removed
  from public view for legal reasons; 404 may mean the number is a sub-unit, found at
  ``/underenheter/{orgnr}``.
- ``slettedato`` (the unit was deleted from the register) and a sub-unit's ``nedleggelsesdato``
  (its activity closed down; it may stay registered for years, and is deleted later) are two
  facts: ``deleted_on`` and ``closed_on``; ``ended_on`` is the closure, else the deletion.
- Address lines are a list that may hold null and ""; c/o and "Postboks" are ordinary lines;
  ``postadresse`` is often absent. The VAT number ``NO{orgnr}MVA`` exists only when
  ``registrertIMvaregisteret`` is true. ``epostadresse`` is optional.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from typing import Unpack

from custreg.adapters.registries.http import HttpAnswer
from custreg.adapters.registries.http import HttpOptions
from custreg.adapters.registries.http import RegistryHttp
from custreg.adapters.registries.http import error_message
from custreg.adapters.registries.payload import Fields
from custreg.adapters.registries.payload import business_id_of
from custreg.adapters.registries.payload import country_or
from custreg.adapters.registries.payload import each_entry
from custreg.adapters.registries.payload import page_number
from custreg.adapters.registries.payload import require_country
from custreg.adapters.registries.payload import search_text
from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage
from custreg.domain.company import CompanyStatus
from custreg.domain.company import RegistryAddress
from custreg.domain.company import RejectedEntry
from custreg.domain.company import primary_status
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryError
from custreg.domain.errors import ValidationError

DEFAULT_BASE_URL = "https://data.brreg.no/enhetsregisteret/api"
ACCEPT_ENTITY = "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8"
ACCEPT_SUB_UNIT = "application/vnd.brreg.enhetsregisteret.underenhet.v2+json;charset=UTF-8"

#: The API serves at most this deep into a result list (``page * size``).
MAX_DEPTH = 10_000
DEFAULT_PAGE_SIZE = 20

_CO = re.compile(r"^c/o[\s:]+", re.IGNORECASE)
_PO_BOX = re.compile(r"^(postboks|boks|pb\.?)\s", re.IGNORECASE)


def too_deep(page: int, size: int) -> ValidationError:
    """The error for a page the registry will not serve: the user has to narrow the search."""
    return ValidationError(
        "registry_search",
        "page",
        f"too many results: refine the search (the registry serves at most {MAX_DEPTH} hits, "
        f"page {page} of {size} is beyond)",
        page,
    )


def _is_depth_error(payload: Any) -> bool:
    if not isinstance(payload, Mapping):
        return False
    for detail in payload.get("valideringsfeil") or []:
        params = detail.get("parametere") if isinstance(detail, Mapping) else None
        if isinstance(params, list) and {"page", "size"} & {str(p) for p in params}:
            return True
    return "dybde" in (error_message(payload) or "").lower()


def _raw_number(entry: Any) -> object:
    """The organisation number as written in an entry, for the report of a rejected entry."""
    return entry.get("organisasjonsnummer") if isinstance(entry, Mapping) else None


class BrregMapper:
    """Pure mapping from Enhetsregisteret v2 JSON to CompanyRecord (no I/O)."""

    registry = "NO"

    def page(self, payload: object) -> tuple[int, list[CompanyRecord], list[RejectedEntry]]:
        """``page.totalElements``, the entities of one search answer, and the entries that
        could not be read, each mapped on its own (a bad entry costs that entry only)."""
        top = Fields(self.registry, payload)
        embedded = top.obj("_embedded")
        entities: list[CompanyRecord] = []
        rejected: list[RejectedEntry] = []
        if embedded:
            entities, rejected = each_entry(embedded, "enheter", self.entity, _raw_number)
        info = top.obj("page")
        total = info.integer("totalElements") if info else None
        if info is not None and total is not None and total < 0:
            raise info.fail("totalElements", "a count >= 0", total)
        return (len(entities) + len(rejected) if total is None else total), entities, rejected

    def entity(self, entity: Fields, sub_unit: bool = False) -> CompanyRecord:
        """A main unit (``enhet``) or, with ``sub_unit``, an ``underenhet``."""
        bid = business_id_of(entity, "organisasjonsnummer", "NO")
        name = entity.text("navn", required=True) or ""
        form = entity.obj("organisasjonsform")
        industry = entity.obj("naeringskode1")
        where = entity.obj("beliggenhetsadresse" if sub_unit else "forretningsadresse")
        postal = entity.obj("postadresse")
        conditions = self._conditions(entity)
        deleted_on, closed_on = entity.date("slettedato"), entity.date("nedleggelsesdato")
        parent = None
        if entity.has("overordnetEnhet"):
            parent = business_id_of(entity, "overordnetEnhet", "NO")
        return CompanyRecord(
            registry=self.registry,
            business_id=bid,
            name=name,
            status=primary_status(conditions),
            conditions=conditions,
            vat_number=bid.vat_number() if entity.boolean("registrertIMvaregisteret") else None,
            visiting_address=self.address(where) if where else None,
            postal_address=self.address(postal) if postal else None,
            website=entity.text("hjemmeside"),
            email=entity.text("epostadresse"),
            industry_code=industry.text("kode") if industry else None,
            industry_name=industry.text("beskrivelse") if industry else None,
            company_form=form.text("kode") if form else None,
            company_form_name=form.text("beskrivelse") if form else None,
            registered_on=entity.date("registreringsdatoEnhetsregisteret")
            or entity.date("stiftelsesdato")
            or entity.date("oppstartsdato"),
            ended_on=closed_on or deleted_on,
            deleted_on=deleted_on,
            closed_on=closed_on,
            parent_business_id=parent,
        )

    def _conditions(self, entity: Fields) -> frozenset[CompanyStatus]:
        found: set[CompanyStatus] = set()
        if entity.date("slettedato"):
            found.add(CompanyStatus.DELETED)
        if entity.date("nedleggelsesdato"):
            found.add(CompanyStatus.DISSOLVED)
        if entity.boolean("konkurs"):
            found.add(CompanyStatus.BANKRUPT)
        if entity.boolean("underAvvikling") or entity.boolean(
            "underTvangsavviklingEllerTvangsopplosning"
        ):
            found.add(CompanyStatus.LIQUIDATION)
        if entity.date("underRekonstruksjonsforhandlingDato"):
            found.add(CompanyStatus.RESTRUCTURING)
        return frozenset(found)

    def address(self, address: Fields) -> RegistryAddress | None:
        """One address; c/o and post-office-box lines are told apart from street lines."""
        co: str | None = None
        po_box: str | None = None
        street: list[str] = []
        for line in address.texts("adresse"):
            if co is None and _CO.match(line):
                co = _CO.sub("", line).strip() or None
            elif po_box is None and _PO_BOX.match(line):
                po_box = line
            else:
                street.append(line)
        country, unknown = country_or(address.text("landkode"), "NO")
        if unknown:
            street.append(unknown)
        postal_code, city = address.text("postnummer"), address.text("poststed")
        if not (street or co or po_box or postal_code or city):
            return None
        return RegistryAddress(
            country=country,
            lines=tuple(street),
            postal_code=postal_code,
            city=city,
            po_box=po_box,
            co=co,
        )


class BrregRegistry:
    """The CompanyRegistry port over Enhetsregisteret.

    ``page_size`` is the search page size (1-10000); ``max_depth`` is the deepest ``page * size``
    asked for (None: let the API judge). Give ``http`` to share a configured RegistryHttp, or
    ``HttpOptions`` (``client``, ``timeout``, ``retry``, ``sleep``, ``cache``, ``deadline``,
    ``max_body_bytes``) to build one.
    """

    country = "NO"

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_depth: int | None = MAX_DEPTH,
        http: RegistryHttp | None = None,
        **options: Unpack[HttpOptions],
    ) -> None:
        if isinstance(page_size, bool) or not isinstance(page_size, int) or not (
            1 <= page_size <= MAX_DEPTH
        ):
            raise ValidationError("registry", "page_size", f"must be 1-{MAX_DEPTH}", page_size)
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.max_depth = max_depth
        self.mapper = BrregMapper()
        self.http = http or RegistryHttp(self.country, **options)

    def close(self) -> None:
        self.http.close()

    def search(self, name: str, page: int = 0) -> CompanySearchPage:
        """Main units whose name matches ``name`` (the API's own matching), 0-based pages."""
        query, number = search_text(name), page_number(page)
        if self.max_depth is not None and number * self.page_size > self.max_depth:
            raise too_deep(number, self.page_size)
        answer = self.http.get(
            f"{self.base_url}/enheter",
            {"navn": query, "page": str(number), "size": str(self.page_size)},
            accept=ACCEPT_ENTITY,
            expected=(200, 400),
        )
        if answer.status == 400:
            raise self._refused(answer, number)
        total, hits, rejected = self.mapper.page(answer.payload)
        return CompanySearchPage(tuple(hits), total, number, self.page_size, tuple(rejected))

    def lookup(self, business_id: BusinessId) -> CompanyRecord:
        """The entity, a deleted one included (status DELETED); a sub-unit if the number is one."""
        require_country(business_id, "NO", "Norwegian organisation number")
        number = business_id.value
        answer = self.http.get(
            f"{self.base_url}/enheter/{number}", accept=ACCEPT_ENTITY, expected=(200, 404, 410)
        )
        sub_unit = False
        if answer.status == 404:
            self._check_not_found(answer)
            sub_unit = True
            answer = self.http.get(
                f"{self.base_url}/underenheter/{number}",
                accept=ACCEPT_SUB_UNIT,
                expected=(200, 404, 410),
            )
        if answer.status == 404:
            self._check_not_found(answer)
            raise CompanyNotFoundError(self.country, number)
        if answer.status == 410:
            raise self._gone(number, answer)
        record = self.mapper.entity(Fields(self.country, answer.payload), sub_unit=sub_unit)
        if record.business_id != business_id:
            raise RegistryDataError(
                self.country, f"asked for {number}, got {record.business_id.value}"
            )
        return record

    def _check_not_found(self, answer: HttpAnswer) -> None:
        """A 404 counts as "no such company" only in the API's own JSON error shape: an HTML
        404 (a proxy, a wrong base URL) must not turn an unknown answer into "not found"."""
        if not isinstance(answer.payload, Mapping):
            raise RegistryDataError(self.country, "HTTP 404 without the API's JSON error body")

    def _gone(self, number: str, answer: HttpAnswer) -> CompanyGoneError:
        deleted = None
        if isinstance(answer.payload, Mapping):
            raw = answer.payload.get("slettedato")
            deleted = raw if isinstance(raw, str) and raw.strip() else None
        when = f" (deleted {deleted})" if deleted else ""
        return CompanyGoneError(
            self.country, number, f"removed from public view for legal reasons{when}"
        )

    def _refused(self, answer: HttpAnswer, page: int) -> Exception:
        if _is_depth_error(answer.payload):
            return too_deep(page, self.page_size)
        message = error_message(answer.payload) or "bad request"
        return RegistryError(
            "registry", self.country, f"NO registry refused the request (HTTP 400): {message}"
        )
