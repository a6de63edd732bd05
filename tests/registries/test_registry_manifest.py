"""Every recorded exchange (the shared registry samples and our own fixtures) checked against the
adapters through their real HTTP code, served by a local HTTP server."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from registry_server import FI_PREFIX
from registry_server import OWN_FIXTURES
from registry_server import SHARED_SAMPLES
from registry_server import Exchange
from registry_server import load_manifest

from custreg.adapters.registries import BrregRegistry
from custreg.adapters.registries import YtjRegistry
from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage
from custreg.domain.company import CompanyStatus
from custreg.domain.company import RegistryAddress
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryError
from custreg.domain.errors import RegistryUnavailableError
from custreg.domain.errors import ValidationError

#: The samples' neutral status words, in custreg's terms.
STATUS = {
    "active": CompanyStatus.ACTIVE,
    "ceased": CompanyStatus.DISSOLVED,
    "dissolved": CompanyStatus.DISSOLVED,
    "bankrupt": CompanyStatus.BANKRUPT,
    "liquidation": CompanyStatus.LIQUIDATION,
    "restructuring": CompanyStatus.RESTRUCTURING,
    "deleted": CompanyStatus.DELETED,
}


def _params() -> list[Any]:
    params = [pytest.param(e, id=f"own:{e.name}") for e in load_manifest(OWN_FIXTURES).exchanges]
    if (SHARED_SAMPLES / "manifest.json").exists():
        params += [
            pytest.param(e, id=f"shared:{e.name}") for e in load_manifest(SHARED_SAMPLES).exchanges
        ]
    else:
        params.append(
            pytest.param(
                None,
                id="shared:absent",
                marks=pytest.mark.skip(reason=f"no shared registry samples at {SHARED_SAMPLES}"),
            )
        )
    return params


def check_address(actual: RegistryAddress | None, expected: Mapping[str, Any] | None) -> None:
    if expected is None:
        assert actual is None
        return
    assert actual is not None, f"expected an address {expected}"
    assert ", ".join(actual.lines) == (expected.get("street") or "")
    assert actual.po_box == expected.get("po_box")
    assert actual.co == expected.get("co")
    for key in ("postal_code", "city", "country"):
        if key in expected:
            assert getattr(actual, key) == expected[key], key


def check_record(record: CompanyRecord, expect: Mapping[str, Any]) -> None:
    """Compare every key of ``expect`` (an unknown key fails, so nothing goes unchecked)."""
    for key, value in expect.items():
        if key in {"outcome", "count", "total", "hits"}:
            continue
        if key == "name":
            assert record.name == value
        elif key in {"business_id", "parent_business_id"}:
            actual = getattr(record, key)
            assert (actual.value if actual else None) == value, key
        elif key == "vat_number":
            assert (record.vat_number.value if record.vat_number else None) == value
        elif key in {"visiting_address", "postal_address"}:
            check_address(getattr(record, key), value)
        elif key in {"website", "email", "industry_code", "company_form"}:
            assert getattr(record, key) == value, key
        elif key == "status":
            assert record.status is STATUS[value], (record.status, value)
        elif key == "bankrupt":
            assert record.has(CompanyStatus.BANKRUPT) is value
        elif key == "conditions":
            assert {c.value for c in record.conditions} == set(value)
        elif key in {"former_names", "parallel_names"}:
            assert list(getattr(record, key)) == value, key
        else:
            raise AssertionError(f"unknown expect key {key!r}")


def _adapter(
    exchange: Exchange,
    make_fi: Callable[..., YtjRegistry],
    make_no: Callable[..., BrregRegistry],
    **options: Any,
) -> YtjRegistry | BrregRegistry:
    if exchange.registry == "FI":
        return make_fi(**options)
    size = int(exchange.query.get("size", "20"))
    return make_no(page_size=size, **options)


def _call(
    adapter: YtjRegistry | BrregRegistry, exchange: Exchange
) -> CompanyRecord | CompanySearchPage:
    """The adapter call a user would make that sends this exchange's request."""
    query = exchange.query
    if isinstance(adapter, YtjRegistry):
        if "businessId" in query:
            return adapter.lookup(BusinessId.parse(query["businessId"], "FI"))
        return adapter.search(query["name"], page=int(query.get("page", "1")) - 1)
    if "navn" in query:
        return adapter.search(query["navn"], page=int(query.get("page", "0")))
    return adapter.lookup(BusinessId.parse(exchange.path.rstrip("/").rsplit("/", 1)[1], "NO"))


@pytest.mark.parametrize("exchange", _params())
def test_recorded_exchange_gives_expected_outcome(
    exchange: Exchange,
    recorded: HTTPServer,
    make_fi: Callable[..., YtjRegistry],
    make_no: Callable[..., BrregRegistry],
    sleeps: list[float],
) -> None:
    expect = exchange.expect
    outcome = expect["outcome"]
    adapter = _adapter(exchange, make_fi, make_no)
    if outcome == "see next exchange":
        pytest.skip("this exchange is the first half of the next one")
    if outcome == "found":
        record = _call(adapter, exchange)
        assert isinstance(record, CompanyRecord)
        check_record(record, expect)
    elif outcome == "hits":
        page = _call(adapter, exchange)
        assert isinstance(page, CompanySearchPage)
        assert len(page.hits) == expect["count"]
        if "total" in expect:
            assert page.total == expect["total"]
        assert page.total >= len(page.hits)
        for record, hit in zip(page.hits, expect.get("hits", []), strict=False):
            check_record(record, hit)
        if "hits" in expect:
            assert len(expect["hits"]) == len(page.hits)
        if page.hits:
            check_record(page.hits[0], expect)
    elif outcome == "not_found":
        with pytest.raises(CompanyNotFoundError):
            _call(adapter, exchange)
    elif outcome == "removed":
        with pytest.raises(CompanyGoneError, match="removed from public view"):
            _call(adapter, exchange)
    elif outcome == "unavailable_after_retries":
        with pytest.raises(RegistryUnavailableError) as caught:
            _call(adapter, exchange)
        assert "429" in str(caught.value)
        retry_after = float(exchange.headers["Retry-After"])
        assert sleeps == [retry_after] * (adapter.http.retry.attempts - 1)
        assert len(recorded.log) == adapter.http.retry.attempts
    elif outcome == "registry_error":
        base = recorded.url_for(FI_PREFIX if exchange.registry == "FI" else "/enhetsregisteret/api")
        path = exchange.path.split("/v3", 1)[1] if exchange.registry == "FI" else exchange.path
        with pytest.raises(RegistryError) as caught:
            adapter.http.get(base + path, dict(exchange.query))
        assert not isinstance(caught.value, RegistryUnavailableError | RegistryDataError)
        assert expect["message_contains"] in str(caught.value)
    elif outcome == "refine_search":
        # The adapter refuses the page before asking...
        with pytest.raises(ValidationError) as caught:
            _call(adapter, exchange)
        assert caught.value.field == "page" and "refine" in caught.value.reason
        assert recorded.log == []
        # ...and reads the registry's own refusal the same way when it does ask.
        trusting = _adapter(exchange, make_fi, make_no, max_depth=None)
        with pytest.raises(ValidationError) as caught:
            _call(trusting, exchange)
        assert caught.value.field == "page" and "refine" in caught.value.reason
        assert len(recorded.log) == 1
    else:
        raise AssertionError(f"unknown outcome {outcome!r}")


def test_every_exchange_is_served_with_the_documented_accept_header(
    recorded: HTTPServer, no: BrregRegistry
) -> None:
    no.lookup(BusinessId.parse("923609016", "NO"))
    no.lookup(BusinessId.parse("975318648", "NO"))
    accepts = [request.headers["Accept"] for request, _ in recorded.log]
    assert accepts == [
        "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8",
        "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8",
        "application/vnd.brreg.enhetsregisteret.underenhet.v2+json;charset=UTF-8",
    ]


def test_install_serves_the_manifest_body_unchanged(recorded: HTTPServer) -> None:
    exchange = next(e for e in load_manifest(OWN_FIXTURES).exchanges if e.registry == "FI")
    response = httpx.get(recorded.url_for(exchange.path), params=dict(exchange.query))
    assert response.status_code == exchange.status
    assert response.content == exchange.body
