"""R4: one bad record costs one record. Each entry of a search page is mapped on its own: the
good ones are returned in order, each bad one is reported beside them (position, the id as the
registry wrote it, the reason) and never becomes an importable hit."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from registry_server import FI_PREFIX
from registry_server import NO_PREFIX
from registry_server import SHARED_SAMPLES

from custreg.adapters.registries import BrregRegistry
from custreg.adapters.registries import YtjRegistry
from custreg.adapters.registries.finland import YtjMapper
from custreg.adapters.registries.norway import BrregMapper
from custreg.domain.errors import RegistryDataError
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.usecases.registry_import import search_registry

READER = Principal(UserId(uuid.UUID(int=3)), customers=CustomerPermission.READ_ONLY)
NO_JSON = "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8"

NORDLYS: dict[str, Any] = json.loads(
    (SHARED_SAMPLES / "no" / "enheter-navn-nordlys.json").read_bytes()
)
NOKIA: dict[str, Any] = json.loads(
    (SHARED_SAMPLES / "fi" / "companies-businessId-0112038-9.json").read_bytes()
)
NO_ENTITY = NORDLYS["_embedded"]["enheter"][0]
FI_COMPANY = NOKIA["companies"][0]


def _set(**values: Any) -> Any:
    return lambda e: {**e, **values}


def _without(key: str) -> Any:
    return lambda e: {k: v for k, v in e.items() if k != key}


def _fi_id(value: str) -> Any:
    return lambda c: {**c, "businessId": {**c["businessId"], "value": value}}


#: How an entry can be broken, per registry: (entry -> broken entry, words the reason contains).
NO_BREAKS: dict[str, tuple[Any, str]] = {
    "check-digit": (_set(organisasjonsnummer="918273647"), "not a valid business id"),
    "missing-name": (_without("navn"), "navn"),
    "name-is-number": (_set(navn=7), "navn"),
    "not-an-object": (lambda e: "enhet", "expected an object"),
    "null-entry": (lambda e: None, "expected an object"),
    "date-garbage": (_set(slettedato="\u202e2024-13-45"), "slettedato"),
    "control-chars-id": (
        _set(organisasjonsnummer="\x00918\u200b273646"),
        "not a valid business id",
    ),
}
FI_BREAKS: dict[str, tuple[Any, str]] = {
    "check-digit": (_fi_id("0112038-8"), "not a valid business id"),
    "no-names": (_set(names=[]), "names"),
    "business-id-missing": (_without("businessId"), "businessId"),
    "not-an-object": (lambda c: 12, "expected an object"),
    "addresses-not-a-list": (_set(addresses={"type": 1}), "addresses"),
}


def _apply(entry: dict[str, Any], how: Any) -> Any:
    return how(copy.deepcopy(entry))


def _no_page(size: int, broken: dict[int, str]) -> dict[str, Any]:
    entries: list[Any] = []
    for index in range(size):
        entry = copy.deepcopy(NO_ENTITY)
        entry["navn"] = f"ENTRY {index}"
        if index in broken:
            entries.append(_apply(entry, NO_BREAKS[broken[index]][0]))
        else:
            entries.append(entry)
    return {"_embedded": {"enheter": entries}, "page": {"totalElements": size, "number": 0}}


def _fi_page(size: int, broken: dict[int, str]) -> dict[str, Any]:
    companies: list[Any] = []
    for index in range(size):
        company = copy.deepcopy(FI_COMPANY)
        company["names"][0]["name"] = f"ENTRY {index}"
        for name in company["names"]:
            name["name"] = f"ENTRY {index}"
        if index in broken:
            companies.append(_apply(company, FI_BREAKS[broken[index]][0]))
        else:
            companies.append(company)
    return {"totalResults": size, "companies": companies}


def _broken_positions(breaks: dict[str, Any]) -> st.SearchStrategy[tuple[int, dict[int, str]]]:
    return st.integers(1, 12).flatmap(
        lambda size: st.tuples(
            st.just(size),
            st.dictionaries(
                st.integers(0, size - 1), st.sampled_from(sorted(breaks)), max_size=size
            ),
        )
    )


@given(_broken_positions(NO_BREAKS))
@example((3, {1: "check-digit"}))
@example((3, {0: "missing-name", 2: "null-entry"}))
@example((1, {}))
def test_r4_one_bad_norwegian_entry_costs_that_entry_only(case: tuple[int, dict[int, str]]) -> None:
    size, broken = case
    total, hits, rejected = BrregMapper().page(_no_page(size, broken))
    assert total == size
    assert [h.name for h in hits] == [f"ENTRY {i}" for i in range(size) if i not in broken]
    assert [r.position for r in rejected] == sorted(broken)
    for entry in rejected:
        assert NO_BREAKS[broken[entry.position]][1] in entry.reason
        assert f"$._embedded.enheter[{entry.position}]" in entry.reason


@given(_broken_positions(FI_BREAKS))
@example((2, {0: "check-digit"}))
@example((4, {3: "no-names", 1: "not-an-object"}))
def test_r4_one_bad_finnish_entry_costs_that_entry_only(case: tuple[int, dict[int, str]]) -> None:
    size, broken = case
    total, hits, rejected = YtjMapper().page(_fi_page(size, broken))
    assert total == size
    assert [h.name for h in hits] == [f"ENTRY {i}" for i in range(size) if i not in broken]
    assert [r.position for r in rejected] == sorted(broken)
    for entry in rejected:
        assert FI_BREAKS[broken[entry.position]][1] in entry.reason
        assert f"$.companies[{entry.position}]" in entry.reason


def test_r4_the_rejected_entry_names_the_registry_id_printably() -> None:
    page = _no_page(2, {1: "control-chars-id"})
    _, hits, rejected = BrregMapper().page(page)
    assert [h.name for h in hits] == ["ENTRY 0"]
    assert rejected[0].business_id == "918273646"  # NUL and zero-width space dropped
    assert "not a valid business id" in rejected[0].reason


def test_r4_a_page_whose_list_is_not_a_list_still_fails_whole() -> None:
    with pytest.raises(RegistryDataError, match="enheter"):
        BrregMapper().page({"_embedded": {"enheter": {"0": NO_ENTITY}}})
    with pytest.raises(RegistryDataError, match="companies"):
        YtjMapper().page({"totalResults": 1, "companies": "many"})


@pytest.mark.parametrize("country", ["FI", "NO"])
def test_r4_a_search_over_http_returns_the_good_hits_and_reports_the_bad(
    httpserver: HTTPServer, country: str
) -> None:
    """Through the use case and the real HTTP code: a page of three with one entry failing its
    check digit and one without a name gives one hit and two reported entries."""
    if country == "NO":
        body = _no_page(3, {0: "check-digit", 2: "missing-name"})
        httpserver.expect_request(NO_PREFIX + "/enheter").respond_with_data(
            json.dumps(body), content_type=NO_JSON
        )
        adapter: YtjRegistry | BrregRegistry = BrregRegistry(base_url=httpserver.url_for(NO_PREFIX))
    else:
        body = _fi_page(3, {0: "check-digit", 2: "no-names"})
        httpserver.expect_request(FI_PREFIX + "/companies").respond_with_data(
            json.dumps(body), content_type="application/json"
        )
        adapter = YtjRegistry(base_url=httpserver.url_for(FI_PREFIX))
    try:
        page = search_registry({country: adapter}, READER, country, "entry")
    finally:
        adapter.close()
    assert [h.name for h in page.hits] == ["ENTRY 1"]
    assert [r.position for r in page.rejected] == [0, 2]
    assert page.total == 3
    assert "not a valid business id" in page.rejected[0].reason
    assert page.rejected[0].business_id in {"918273647", "0112038-8"}


def test_r4_a_megabyte_organisation_number_costs_one_short_report() -> None:
    huge = "9" * 1_000_000 + "\u200b" * 1_000_000
    _, hits, rejected = BrregMapper().page(
        {"_embedded": {"enheter": [{**NO_ENTITY, "organisasjonsnummer": huge}, NO_ENTITY]}}
    )
    assert [h.name for h in hits] == [NO_ENTITY["navn"]]
    assert len(rejected) == 1 and rejected[0].business_id == "9" * 40
    assert len(rejected[0].reason) < 600
