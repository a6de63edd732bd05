"""Enhetsregisteret answers in the API's published shape, written by an independent client (see
``tests/fixtures/registries/no-published/PROVENANCE.md``), through the real HTTP code: every
optional field present and absent, deleted and closed sub-units (R2, R4, R5)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pytest_httpserver import HTTPServer
from registry_server import NO_PREFIX
from registry_server import OWN_FIXTURES

from custreg.adapters.registries import BrregRegistry
from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanyStatus

PUBLISHED = OWN_FIXTURES / "no-published"
NO_JSON = "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8"
SUB_JSON = "application/vnd.brreg.enhetsregisteret.underenhet.v2+json;charset=UTF-8"

#: The documentation's fictional numbers (bad check digits) and valid stand-ins.
VALID = {
    "112233445": "923609016",
    "776655441": "975318648",
    "987123456": "812345672",
    "123456789": "931456784",
}


def _load(name: str, *, fix_numbers: bool) -> bytes:
    text = (PUBLISHED / name).read_text(encoding="utf-8")
    if fix_numbers:
        for fictional, valid in VALID.items():
            text = text.replace(fictional, valid)
    return text.encode()


def _serve_entity(server: HTTPServer, number: str, body: bytes, *, sub_unit: bool) -> None:
    if sub_unit:
        server.expect_request(f"{NO_PREFIX}/enheter/{number}").respond_with_data(
            json.dumps({"status": 404, "feilmelding": "Ikke funnet"}),
            status=404,
            content_type="application/json",
        )
        server.expect_request(f"{NO_PREFIX}/underenheter/{number}").respond_with_data(
            body, content_type=SUB_JSON
        )
    else:
        server.expect_request(f"{NO_PREFIX}/enheter/{number}").respond_with_data(
            body, content_type=NO_JSON
        )


def _lookup(server: HTTPServer, number: str) -> CompanyRecord:
    registry = BrregRegistry(base_url=server.url_for(NO_PREFIX))
    try:
        return registry.lookup(BusinessId.parse(number, "NO"))
    finally:
        registry.close()


def test_r2_a_main_unit_with_every_optional_field(httpserver: HTTPServer) -> None:
    number = VALID["112233445"]
    _serve_entity(
        httpserver, number, _load("enheter-details-response.json", fix_numbers=True), sub_unit=False
    )
    record = _lookup(httpserver, number)
    assert record.name == "SESAM STASJON"
    assert record.vat_number is not None and record.vat_number.value == f"NO{number}MVA"
    assert record.visiting_address is not None
    assert record.visiting_address.lines == ("Tyvholmen 1",)
    assert (record.visiting_address.postal_code, record.visiting_address.city) == ("0101", "OSLO")
    postal = record.postal_address
    assert postal is not None and postal.co == "reder K. Rusing"
    assert postal.po_box == "Postboks 1752 Vika" and postal.lines == ()
    assert (record.industry_code, record.industry_name) == ("52.292", "Skipsmegling")
    assert (record.company_form, record.company_form_name) == ("AS", "Aksjeselskap")
    assert record.registered_on == date(2017, 10, 20)
    assert record.status is CompanyStatus.ACTIVE and record.is_alive
    assert (record.ended_on, record.deleted_on, record.closed_on) == (None, None, None)
    assert record.email is None and record.website is None


def test_r5_a_deleted_main_unit_with_every_optional_field_absent(httpserver: HTTPServer) -> None:
    number = VALID["123456789"]
    body = _load("enheter-details-deleted-response.json", fix_numbers=True)
    _serve_entity(httpserver, number, body, sub_unit=False)
    record = _lookup(httpserver, number)
    assert record.status is CompanyStatus.DELETED and not record.is_alive
    assert record.deleted_on == record.ended_on == date(2017, 10, 20)
    assert record.closed_on is None
    assert record.visiting_address is None and record.postal_address is None
    assert record.vat_number is None and record.industry_code is None
    assert record.company_form == "UTBG"


def test_r5_a_closed_sub_unit_is_closed_not_deleted(httpserver: HTTPServer) -> None:
    number = VALID["776655441"]
    body = _load("underenheter-details-response.json", fix_numbers=True)
    _serve_entity(httpserver, number, body, sub_unit=True)
    record = _lookup(httpserver, number)
    assert record.closed_on == record.ended_on == date(2018, 10, 20)
    assert record.deleted_on is None
    assert record.has(CompanyStatus.DISSOLVED) and not record.has(CompanyStatus.DELETED)
    assert record.parent_business_id == BusinessId.parse(VALID["112233445"], "NO")
    assert record.visiting_address is not None
    assert record.visiting_address.lines == ("Tyvholmen 1",)


def test_r5_a_deleted_sub_unit_keeps_both_dates_apart(httpserver: HTTPServer) -> None:
    """Closed on 5 October, deleted from the register on 20 October: two facts, both kept; the
    company stopped trading when it closed."""
    number = VALID["987123456"]
    body = _load("underenheter-details-deleted-response.json", fix_numbers=True)
    _serve_entity(httpserver, number, body, sub_unit=True)
    record = _lookup(httpserver, number)
    assert record.closed_on == date(2017, 10, 5)
    assert record.deleted_on == date(2017, 10, 20)
    assert record.ended_on == date(2017, 10, 5)
    assert record.status is CompanyStatus.DELETED and record.has(CompanyStatus.DISSOLVED)
    assert record.describe_status() == "deleted, dissolved (2017-10-05)"


def test_r4_a_published_search_page_reports_the_fictional_entry(httpserver: HTTPServer) -> None:
    """The search answer in the documented shape (``_embedded.enheter``, ``page``), its one
    entry with the documentation's invalid number: reported, not a hit, not a failed page."""
    entry: dict[str, Any] = json.loads(_load("enheter-details-response.json", fix_numbers=False))
    page = {
        "_embedded": {"enheter": [entry]},
        "page": {"size": 1, "totalElements": 1, "totalPages": 1, "number": 0},
    }
    httpserver.expect_request(f"{NO_PREFIX}/enheter").respond_with_data(
        json.dumps(page), content_type=NO_JSON
    )
    registry = BrregRegistry(base_url=httpserver.url_for(NO_PREFIX))
    try:
        result = registry.search("sesam")
    finally:
        registry.close()
    assert result.hits == () and result.total == 1
    assert [(r.position, r.business_id) for r in result.rejected] == [(0, "112233445")]
    assert "not a valid business id" in result.rejected[0].reason
