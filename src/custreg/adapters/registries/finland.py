"""Finland: PRH's YTJ open data API v3 (``opendata-ytj-api``), licence CC BY 4.0.

Facts this adapter relies on (see docs/registries.md for the field mapping):
- A lookup by business id is a search, ``GET /companies?businessId=…``; an unknown id answers
  200 with ``totalResults: 0`` (never 404).
- Search results come 100 per page, pages counted from 1; a page past the end answers page 1
  again, so a page is empty when ``page * 100 >= totalResults``.
- ``names`` and ``companyForms`` hold history: the current legal name is ``type "1"`` without
  ``endDate``. Name searches also match former names.
- Addresses: ``type`` 1 = visiting, 2 = postal; post office names come in Finnish (language 1) and
  Swedish (2), upper case.
- The VAT number exists only while a ``registeredEntries`` entry of ``register "6"`` has no
  ``endDate``. Open data has no email.
- Liveness: ``tradeRegisterStatus`` 4 or an ``endDate`` means ceased; ``companySituations``
  carries KONK (bankrupt), SELTILA (liquidation), SANE (restructuring).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from typing import Any
from typing import Unpack

from custreg.adapters.registries.http import HttpOptions
from custreg.adapters.registries.http import RegistryHttp
from custreg.adapters.registries.payload import Fields
from custreg.adapters.registries.payload import business_id_of
from custreg.adapters.registries.payload import country_or
from custreg.adapters.registries.payload import each_entry
from custreg.adapters.registries.payload import page_number
from custreg.adapters.registries.payload import require_country
from custreg.adapters.registries.payload import search_text
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage
from custreg.domain.company import CompanyStatus
from custreg.domain.company import RegistryAddress
from custreg.domain.company import RejectedEntry
from custreg.domain.company import primary_status
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import ValidationError

DEFAULT_BASE_URL = "https://avoindata.prh.fi/opendata-ytj-api/v3"

#: YTJ pages are fixed at 100 companies.
PAGE_SIZE = 100

#: YTJ language codes: 1 Finnish, 2 Swedish, 3 English.
LANGUAGE_CODES = {"fi": "1", "sv": "2", "en": "3"}

#: Åland is Swedish-speaking only: its post offices are named in Swedish whatever the preference.
_ALAND_MUNICIPALITIES = frozenset(
    {"035", "043", "060", "062", "065", "076", "170", "295"}
    | {"318", "417", "438", "478", "736", "766", "771", "941"}
)

_SITUATIONS = {
    "KONK": CompanyStatus.BANKRUPT,
    "SELTILA": CompanyStatus.LIQUIDATION,
    "SANE": CompanyStatus.RESTRUCTURING,
}

_VAT_REGISTER = "6"
_CEASED = "4"
_LEGAL_NAME, _PARALLEL_NAME, _AUXILIARY_NAME = "1", "2", "3"
_VISITING, _POSTAL = 1, 2


def _raw_business_id(entry: Any) -> object:
    """The business id as YTJ wrote it in an entry, for the report of a rejected entry."""
    inner = entry.get("businessId") if isinstance(entry, Mapping) else None
    return inner.get("value") if isinstance(inner, Mapping) else None


def _language_order(preferred: str) -> tuple[str, ...]:
    first = LANGUAGE_CODES[preferred]
    return (first, *(c for c in ("1", "2", "3") if c != first))


def _described(item: Fields, order: Sequence[str]) -> str | None:
    """The description of a coded item in the first available language of ``order``."""
    texts: dict[str, str] = {}
    for description in item.objects("descriptions"):
        language, text = description.text("languageCode"), description.text("description")
        if language and text:
            texts.setdefault(language, text)
    return next((texts[c] for c in order if c in texts), next(iter(texts.values()), None))


def _current(items: list[Fields]) -> list[Fields]:
    """Entries without an end date, newest registration first."""
    live = [i for i in items if i.date("endDate") is None]
    return sorted(live, key=lambda i: i.date("registrationDate") or date.min, reverse=True)


class YtjMapper:
    """Pure mapping from YTJ v3 JSON to CompanyRecord (no I/O; property-tested on its own)."""

    registry = "FI"

    def __init__(self, language: str = "fi") -> None:
        if language not in LANGUAGE_CODES:
            raise ValidationError("registry", "language", "must be one of fi, sv, en", language)
        self.language = language
        self.order = _language_order(language)

    def page(self, payload: object) -> tuple[int, list[CompanyRecord], list[RejectedEntry]]:
        """``totalResults``, the companies of one ``/companies`` answer, and the entries that
        could not be read, each mapped on its own (a bad entry costs that entry only)."""
        top = Fields(self.registry, payload)
        companies, rejected = each_entry(top, "companies", self.company, _raw_business_id)
        total = top.integer("totalResults")
        if total is None:
            if "companies" not in top.data:
                raise RegistryDataError(self.registry, "$: neither totalResults nor companies")
            total = len(companies) + len(rejected)
        if total < 0:
            raise top.fail("totalResults", "a count >= 0", total)
        return total, companies, rejected

    def company(self, company: Fields) -> CompanyRecord:
        business_id = company.obj("businessId")
        if business_id is None:
            raise company.fail("businessId", "an object")
        bid = business_id_of(business_id, "value", "FI")
        name, former, parallel, auxiliary = self._names(company)
        form = next(iter(_current(company.objects("companyForms"))), None)
        line = company.obj("mainBusinessLine")
        website = company.obj("website")
        conditions = self._conditions(company)
        return CompanyRecord(
            registry=self.registry,
            business_id=bid,
            name=name,
            status=primary_status(conditions),
            conditions=conditions,
            vat_number=self._vat_number(company, bid),
            visiting_address=self._address(company, _VISITING),
            postal_address=self._address(company, _POSTAL),
            website=website.text("url") if website else None,
            email=None,
            industry_code=line.text("type") if line else None,
            industry_name=_described(line, self.order) if line else None,
            company_form=form.text("type") if form else None,
            company_form_name=_described(form, self.order) if form else None,
            registered_on=company.date("registrationDate") or business_id.date("registrationDate"),
            ended_on=company.date("endDate"),
            former_names=former,
            parallel_names=parallel,
            auxiliary_names=auxiliary,
            last_modified=company.timestamp("lastModified"),
        )

    def _names(
        self, company: Fields
    ) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Current legal name; former legal names (latest first); parallel and auxiliary names."""
        entries = [
            (n.text("name"), n.text("type"), n.date("registrationDate"), n.date("endDate"))
            for n in company.objects("names")
        ]
        named = [(text, kind, start, end) for text, kind, start, end in entries if text]
        legal = [e for e in named if e[1] == _LEGAL_NAME]
        current = sorted(
            (e for e in legal if e[3] is None), key=lambda e: e[2] or date.min, reverse=True
        )
        ended = sorted(
            (e for e in legal if e[3] is not None), key=lambda e: e[3] or date.min, reverse=True
        )
        chosen = current or ended or sorted(
            (e for e in named if e[3] is None), key=lambda e: e[2] or date.min, reverse=True
        )
        if not chosen:
            raise company.fail("names", "a current name", company.data.get("names"))
        name = str(chosen[0][0])

        def unique(kind: str | None, live: bool) -> tuple[str, ...]:
            pool = ended if kind == _LEGAL_NAME and not live else sorted(
                (e for e in named if e[1] == kind and (e[3] is None) == live),
                key=lambda e: e[2] or date.min,
                reverse=True,
            )
            seen: list[str] = []
            for text, *_ in pool:
                if text and text != name and text not in seen:
                    seen.append(text)
            return tuple(seen)

        return (
            name,
            unique(_LEGAL_NAME, live=False),
            unique(_PARALLEL_NAME, live=True),
            unique(_AUXILIARY_NAME, live=True),
        )

    def _vat_number(self, company: Fields, bid: BusinessId) -> VatNumber | None:
        for entry in company.objects("registeredEntries"):
            if entry.text("register") == _VAT_REGISTER and entry.date("endDate") is None:
                return bid.vat_number()
        return None

    def _conditions(self, company: Fields) -> frozenset[CompanyStatus]:
        found: set[CompanyStatus] = set()
        if company.date("endDate") is not None or company.text("tradeRegisterStatus") == _CEASED:
            found.add(CompanyStatus.DISSOLVED)
        for situation in company.objects("companySituations"):
            kind = _SITUATIONS.get(situation.text("type") or "")
            if kind is not None and situation.date("endDate") is None:
                found.add(kind)
        return frozenset(found)

    def _address(self, company: Fields, kind: int) -> RegistryAddress | None:
        candidates = [a for a in company.objects("addresses") if a.integer("type") == kind]
        chosen = next(iter(_current(candidates)), None)
        return self.address(chosen) if chosen else None

    def address(self, address: Fields) -> RegistryAddress | None:
        """One YTJ address; None when it holds nothing printable."""
        street = " ".join(
            p
            for p in (
                address.text("street"),
                address.text("buildingNumber"),
                address.text("entrance"),
                "".join(
                    p for p in (address.text("apartmentNumber"), address.text("apartmentIdSuffix"))
                    if p
                ) or None,
            )
            if p
        )
        if not street:
            # Foreign addresses come as one free line; YTJ writes its spaces as underscores.
            free = address.text("freeAddressLine")
            street = " ".join(free.replace("_", " ").split()) if free else ""
        country, unknown_country = country_or(address.text("country"), "FI")
        lines = tuple(p for p in (street, unknown_country) if p)
        co = address.text("co")
        if co and co.lower().startswith("c/o"):
            co = co[3:].strip(" :") or None
        postal_code = address.text("postCode")
        city = self._city(address, postal_code)
        po_box = address.text("postOfficeBox")
        if not (lines or co or po_box or postal_code or city):
            return None
        return RegistryAddress(
            country=country, lines=lines, postal_code=postal_code, city=city, po_box=po_box, co=co
        )

    def _city(self, address: Fields, postal_code: str | None) -> str | None:
        """The post office name in the preferred language (Swedish on Åland), else any."""
        offices: dict[str, str] = {}
        aland = bool(postal_code and postal_code.startswith("22"))
        for office in address.objects("postOffices"):
            language, city = office.text("languageCode"), office.text("city")
            if office.text("municipalityCode") in _ALAND_MUNICIPALITIES:
                aland = True
            if language and city:
                offices.setdefault(language, city)
        order = ("2", "1", "3") if aland else self.order
        return next((offices[c] for c in order if c in offices), next(iter(offices.values()), None))


class YtjRegistry:
    """The CompanyRegistry port over YTJ v3.

    ``language`` (fi, sv, en) picks post office names and code descriptions; Åland addresses are
    always Swedish. Give ``http`` to share a configured RegistryHttp, or ``HttpOptions``
    (``client``, ``timeout``, ``retry``, ``sleep``, ``cache``, ``deadline``, ``max_body_bytes``) to
    build one.
    """

    country = "FI"
    page_size = PAGE_SIZE

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        language: str = "fi",
        http: RegistryHttp | None = None,
        **options: Unpack[HttpOptions],
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.mapper = YtjMapper(language)
        self.http = http or RegistryHttp(self.country, **options)

    def close(self) -> None:
        self.http.close()

    def search(self, name: str, page: int = 0) -> CompanySearchPage:
        """Companies whose current or former name matches ``name`` (YTJ's own matching)."""
        query, number = search_text(name), page_number(page)
        answer = self.http.get(
            f"{self.base_url}/companies", {"name": query, "page": str(number + 1)}
        )
        total, companies, rejected = self.mapper.page(answer.payload)
        if number * PAGE_SIZE >= total:  # YTJ answers page 1 again past the end
            companies, rejected = [], []
        return CompanySearchPage(tuple(companies), total, number, PAGE_SIZE, tuple(rejected))

    def lookup(self, business_id: BusinessId) -> CompanyRecord:
        require_country(business_id, "FI", "Finnish business id (Y-tunnus)")
        answer = self.http.get(f"{self.base_url}/companies", {"businessId": business_id.value})
        _, companies, rejected = self.mapper.page(answer.payload)
        for company in companies:
            if company.business_id == business_id:
                return company
        if rejected:
            raise RegistryDataError(
                self.country, f"the entry for {business_id.value}: {rejected[0].reason}"
            )
        if companies:
            raise RegistryDataError(
                self.country, f"asked for {business_id.value}, got {companies[0].business_id.value}"
            )
        raise CompanyNotFoundError(self.country, business_id.value)
