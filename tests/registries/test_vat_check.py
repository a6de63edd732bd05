"""Live EU VAT check (VIES) against a local server answering in VIES's JSON format.

Each test asserts the typed outcome, the wall time under the deadline, and that an unknown
answer writes nothing; answers that come back are recorded on the customer with their date and
audited, on every backend."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from typing import Any

import httpx
import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from registry_server import OWN_FIXTURES
from werkzeug import Request
from werkzeug import Response

from custreg.adapters.registries import RetryPolicy
from custreg.adapters.registries.vies import UNAVAILABLE_CODES
from custreg.adapters.registries.vies import ViesVatCheck
from custreg.adapters.system import FixedClock
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.vat_check import VatCheckResult
from custreg.domain.vat_check import VatCheckStatus
from custreg.domain.vat_check import clean_text
from custreg.ports.registry import Registry
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.vat_check import VatCheckOutcome
from custreg.usecases.vat_check import check_customer_vat
from custreg.usecases.vat_check import check_customers_vat

VIES = OWN_FIXTURES / "vies"
PATH = "/taxation_customs/vies/rest-api/check-vat-number"
EDITOR = Principal(UserId(uuid.UUID(int=7)), customers=CustomerPermission.EDIT)
READER = Principal(UserId(uuid.UUID(int=8)), customers=CustomerPermission.READ_ONLY)
NOW = datetime(2026, 12, 6, 9, 15, tzinfo=UTC)
DEADLINE = 1.0
SLACK = 0.8
NOKIA = VatNumber.parse("FI01120389")


def _body(name: str, **changes: Any) -> bytes:
    data = json.loads((VIES / name).read_bytes())
    data.update(changes)
    return json.dumps(data).encode()


def _error(code: str) -> bytes:
    data = json.loads((VIES / "error.json").read_bytes())
    data["errorWrappers"][0]["error"] = code
    return json.dumps(data).encode()


@pytest.fixture(scope="module")
def vies_server() -> Iterator[HTTPServer]:
    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


@pytest.fixture
def vies(vies_server: HTTPServer) -> Iterator[HTTPServer]:
    vies_server.clear()
    yield vies_server
    vies_server.clear()


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()
    time.sleep(0.1)  # let the released handlers finish before the server's log is cleared


def _checker(server: HTTPServer | str, **options: Any) -> ViesVatCheck:
    base = server if isinstance(server, str) else server.url_for("/taxation_customs/vies/rest-api")
    options.setdefault("deadline", DEADLINE)
    options.setdefault("timeout", httpx.Timeout(30.0))
    options.setdefault("retry", RetryPolicy(attempts=3, backoff=0.05))
    options.setdefault("clock", lambda: NOW)
    return ViesVatCheck(base_url=base, **options)


def _serve(server: HTTPServer, body: bytes, status: int = 200) -> None:
    server.expect_request(PATH, method="POST").respond_with_response(
        Response(body, status, content_type="application/json")
    )


@pytest.fixture
def org(registry_factory: Callable[..., Registry]) -> Registry:
    return registry_factory(
        settings=lambda oid: OrganisationSettings(oid, "Test Oy"), clock=FixedClock(NOW)
    )


def _customer(org: Registry, name: str = "Nokia", vat: str | None = "FI01120389") -> Customer:
    return create_customer(org, EDITOR, CreateCustomer(name, vat))


def _timed(run: Callable[[], Any]) -> tuple[Any, float]:
    start = time.monotonic()
    result = run()
    return result, time.monotonic() - start


# --- valid, invalid ----------------------------------------------------------------------------


def test_r4_vies_valid_is_recorded_with_its_date_and_audited(
    org: Registry, vies: HTTPServer
) -> None:
    customer = _customer(org)
    _serve(vies, _body("valid.json"))
    checker = _checker(vies)
    try:
        outcome, elapsed = _timed(lambda: check_customer_vat(org, EDITOR, checker, customer.id))
    finally:
        checker.close()
    assert outcome.outcome is VatCheckOutcome.RECORDED and outcome.status is VatCheckStatus.VALID
    assert outcome.answer.name == "Nokia Oyj"
    assert outcome.answer.address == "Karakaari 7, 02610 ESPOO"
    assert outcome.answer.request_identifier == "WAPIAAAAZKx1cXyE"
    assert elapsed < DEADLINE
    stored = get_customer(org, EDITOR, customer.id)
    assert stored.vat_check == VatCheckResult(VatCheckStatus.VALID, NOW, NOKIA)
    assert stored.version == customer.version + 1
    with org.read() as uow:
        entries = uow.audit.for_entity("customer", customer.id)
    check = [e for e in entries if e.action == "vat check"]
    assert [e.field for e in check] == ["vat_check"]
    assert check[0].after == {
        "status": "valid",
        "checked_at": NOW.isoformat(),
        "vat_number": {"value": "FI01120389"},
    }
    request = json.loads(vies.log[0][0].get_data())
    assert request == {"countryCode": "FI", "vatNumber": "01120389"}


def test_r4_vies_invalid_is_recorded(org: Registry, vies: HTTPServer) -> None:
    customer = _customer(org)
    _serve(vies, _body("invalid.json"))
    checker = _checker(vies)
    try:
        outcome = check_customer_vat(org, EDITOR, checker, customer.id)
    finally:
        checker.close()
    assert outcome.status is VatCheckStatus.INVALID and outcome.answer.name is None
    assert get_customer(org, EDITOR, customer.id).vat_check == VatCheckResult(
        VatCheckStatus.INVALID, NOW, NOKIA
    )


def test_r4_vies_valid_without_shared_name_keeps_none(vies: HTTPServer) -> None:
    _serve(vies, _body("valid-not-shared.json"))
    checker = _checker(vies)
    try:
        answer = checker.check(VatNumber.parse("DE136695976"))
    finally:
        checker.close()
    assert answer.status is VatCheckStatus.VALID
    assert (answer.name, answer.address, answer.request_identifier) == (None, None, None)


# --- unknown: every unavailable code, the GET shape, HTTP trouble -------------------------------


@pytest.mark.parametrize("status", [200, 500])
@pytest.mark.parametrize("code", sorted(UNAVAILABLE_CODES))
def test_r4_vies_unavailable_codes_are_unknown_and_write_nothing(
    org: Registry, vies: HTTPServer, code: str, status: int
) -> None:
    customer = _customer(org)
    before = get_customer(org, EDITOR, customer.id)
    _serve(vies, _error(code), status)
    checker = _checker(vies)
    try:
        outcome, elapsed = _timed(lambda: check_customer_vat(org, EDITOR, checker, customer.id))
    finally:
        checker.close()
    assert outcome.outcome is VatCheckOutcome.UNKNOWN
    assert outcome.status is VatCheckStatus.UNKNOWN
    assert outcome.reason is not None and outcome.reason.startswith(code)
    assert elapsed < DEADLINE
    assert get_customer(org, EDITOR, customer.id) == before


UNKNOWN_ANSWERS: dict[str, Callable[[threading.Event], Callable[[Request], Response]]] = {
    "get-shape-userError": lambda stop: (
        lambda _: Response(
            (VIES / "get-ms-unavailable.json").read_bytes(), 200, content_type="application/json"
        )
    ),
    "http-503": lambda stop: lambda _: Response(b"", 503),
    "html-200": lambda stop: lambda _: Response(b"<html>maintenance</html>", 200),
    "valid-missing": lambda stop: (
        lambda _: Response(
            b'{"countryCode": "FI", "vatNumber": "01120389"}', 200, content_type="application/json"
        )
    ),
    "valid-is-text": lambda stop: (
        lambda _: Response(_body("valid.json", valid="false"), 200, content_type="application/json")
    ),
    "another-number": lambda stop: (
        lambda _: Response(
            _body("valid.json", vatNumber="99999999"), 200, content_type="application/json"
        )
    ),
    "slow-headers": lambda stop: lambda _: (stop.wait(20), Response(b"{}", 200))[1],
    "drip": lambda stop: (
        lambda _: Response(
            (b" " for _ in range(10_000) if not stop.wait(0.02)),
            200,
            content_type="application/json",
        )
    ),
    "not-json-list": lambda stop: (
        lambda _: Response(b"[true]", 200, content_type="application/json")
    ),
}


@pytest.mark.parametrize("fault", sorted(UNKNOWN_ANSWERS))
def test_r4_vies_trouble_is_unknown_within_the_deadline_and_writes_nothing(
    org: Registry, vies: HTTPServer, stop: threading.Event, fault: str
) -> None:
    customer = _customer(org)
    before = get_customer(org, EDITOR, customer.id)
    vies.expect_request(PATH, method="POST").respond_with_handler(UNKNOWN_ANSWERS[fault](stop))
    checker = _checker(vies, sleep=time.sleep)
    try:
        outcome, elapsed = _timed(lambda: check_customer_vat(org, EDITOR, checker, customer.id))
    finally:
        checker.close()
    assert outcome.outcome is VatCheckOutcome.UNKNOWN, outcome
    assert elapsed < DEADLINE + SLACK
    assert get_customer(org, EDITOR, customer.id) == before


@pytest.fixture
def refused_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/rest-api"


def test_r4_vies_offline_is_unknown_and_creating_a_customer_still_works(
    org: Registry, refused_url: str
) -> None:
    checker = _checker(refused_url, sleep=lambda _: None)
    try:
        customer = _customer(org)
        outcome, elapsed = _timed(lambda: check_customer_vat(org, EDITOR, checker, customer.id))
    finally:
        checker.close()
    assert outcome.outcome is VatCheckOutcome.UNKNOWN and "network error" in (outcome.reason or "")
    assert elapsed < DEADLINE
    assert get_customer(org, EDITOR, customer.id).vat_check is None


# --- cache ------------------------------------------------------------------------------------


def test_r4_vies_definite_answers_are_cached_for_the_ttl_unknown_never(vies: HTTPServer) -> None:
    now = [0.0]
    answers = [_body("valid.json"), _error("TIMEOUT"), _error("TIMEOUT"), _body("invalid.json")]
    vies.expect_request(PATH, method="POST").respond_with_handler(
        lambda _: Response(answers.pop(0), 200, content_type="application/json")
    )
    checker = _checker(vies, cache_ttl=60, monotonic=lambda: now[0])
    try:
        assert checker.check(NOKIA).status is VatCheckStatus.VALID
        now[0] = 59.0
        assert checker.check(NOKIA).status is VatCheckStatus.VALID  # cached
        assert len(vies.log) == 1
        now[0] = 60.0
        assert checker.check(NOKIA).status is VatCheckStatus.UNKNOWN
        assert checker.check(NOKIA).status is VatCheckStatus.UNKNOWN  # not cached: asked again
        assert checker.check(NOKIA).status is VatCheckStatus.INVALID
        assert len(vies.log) == 4
    finally:
        checker.close()


@pytest.mark.parametrize("value", [-1, float("inf"), float("nan"), True, "60"])
def test_r4_vies_cache_ttl_is_checked(value: Any) -> None:
    with pytest.raises(ValueError, match="cache_ttl"):
        ViesVatCheck(cache_ttl=value)


# --- input ------------------------------------------------------------------------------------


def test_c2_vies_refuses_numbers_outside_the_eu_before_any_request() -> None:
    checker = ViesVatCheck(base_url="http://127.0.0.1:9/none")
    try:
        with pytest.raises(ValidationError) as caught:
            checker.check(VatNumber.parse("NO923609016MVA"))
    finally:
        checker.close()
    assert caught.value.field == "vat_number" and "EU" in caught.value.reason


def test_r4_vies_greece_is_asked_as_el(vies: HTTPServer) -> None:
    _serve(vies, _body("valid.json", countryCode="EL", vatNumber="094259216"))
    checker = _checker(vies)
    try:
        assert checker.check(VatNumber.parse("EL094259216")).status is VatCheckStatus.VALID
    finally:
        checker.close()
    assert json.loads(vies.log[0][0].get_data()) == {"countryCode": "EL", "vatNumber": "094259216"}


@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=()) | st.sampled_from("\x00\u200b\u202e\n"),
        max_size=2000,
    )
)
@example("Nokia\x00 Oyj\u200b\u202e")
@example("---")
@example("  \n\r\t ")
@example("A" * 5000)
@example("\n" * 3_000_000 + "Nokia")
@example("\u200b" * 3_000_000)
def test_r4_vies_names_are_cleaned_to_safe_printable_text(raw: str) -> None:
    start = time.monotonic()
    cleaned = clean_text(raw)
    assert time.monotonic() - start < 0.5  # megabyte inputs cost nothing
    if cleaned is None:
        return
    assert 0 < len(cleaned) <= 500
    assert cleaned == cleaned.strip() and cleaned != "---"
    assert all(ch.isprintable() or ch == " " for ch in cleaned), cleaned


@given(st.sampled_from(sorted(UNAVAILABLE_CODES)) | st.text(min_size=1, max_size=80))
@example("MS_UNAVAILABLE")
@example("SOMETHING_NEW")
def test_r4_any_vies_error_code_is_unknown_never_invalid(code: str) -> None:
    """Through a real httpx client on an in-memory transport: whatever code VIES reports, with
    ``valid: false`` beside it, the answer is unknown."""

    def answer(request: httpx.Request) -> httpx.Response:
        body = {"valid": False, "actionSucceed": False, "errorWrappers": [{"error": code}]}
        return httpx.Response(200, json=body)

    client = httpx.Client(transport=httpx.MockTransport(answer))
    checker = ViesVatCheck(base_url="https://vies.test/rest-api", client=client, clock=lambda: NOW)
    try:
        assert checker.check(NOKIA).status is VatCheckStatus.UNKNOWN
    finally:
        client.close()


# --- mass check ------------------------------------------------------------------------------


def test_r4_mass_vat_check_returns_one_outcome_per_customer(
    org: Registry, vies: HTTPServer
) -> None:
    nokia = _customer(org, "Nokia", "FI01120389")
    german = _customer(org, "Example GmbH", "DE136695976")
    swedish = _customer(org, "Exempel AB", "SE556703748501")
    norwegian = _customer(org, "Equinor", "NO923609016MVA")
    nothing = _customer(org, "No VAT Oy", None)
    by_country = {
        "FI": _body("valid.json"),
        "DE": _body("invalid.json", countryCode="DE", vatNumber="136695976"),
        "SE": _error("MS_MAX_CONCURRENT_REQ"),
    }

    def handler(request: Request) -> Response:
        asked = json.loads(request.get_data())
        return Response(by_country[asked["countryCode"]], 200, content_type="application/json")

    vies.expect_request(PATH, method="POST").respond_with_handler(handler)
    checker = _checker(vies)
    selection = [nokia.id, german.id, swedish.id, norwegian.id, nothing.id, nokia.id]
    try:
        outcomes = check_customers_vat(org, EDITOR, checker, selection)
    finally:
        checker.close()
    assert [o.customer_id for o in outcomes] == [
        nokia.id,
        german.id,
        swedish.id,
        norwegian.id,
        nothing.id,
    ]
    assert [o.outcome for o in outcomes] == [
        VatCheckOutcome.RECORDED,
        VatCheckOutcome.RECORDED,
        VatCheckOutcome.UNKNOWN,
        VatCheckOutcome.NOT_CHECKED,
        VatCheckOutcome.NOT_CHECKED,
    ]
    assert [o.status for o in outcomes] == [
        VatCheckStatus.VALID,
        VatCheckStatus.INVALID,
        VatCheckStatus.UNKNOWN,
        VatCheckStatus.UNKNOWN,
        VatCheckStatus.UNKNOWN,
    ]
    assert get_customer(org, EDITOR, swedish.id).vat_check is None
    assert get_customer(org, EDITOR, german.id).vat_check == VatCheckResult(
        VatCheckStatus.INVALID, NOW, VatNumber.parse("DE136695976")
    )
    assert len(vies.log) == 3


def test_r4_mass_vat_check_with_an_unknown_customer_writes_nothing_and_asks_nobody(
    org: Registry, vies: HTTPServer
) -> None:
    nokia = _customer(org)
    ghost = CustomerId(uuid.UUID(int=99))
    checker = _checker(vies)
    try:
        with pytest.raises(NotFoundError) as caught:
            check_customers_vat(org, EDITOR, checker, [nokia.id, ghost])
    finally:
        checker.close()
    assert caught.value.entity_id == ghost
    assert len(vies.log) == 0 and get_customer(org, EDITOR, nokia.id).vat_check is None


def test_u2_a_read_only_principal_cannot_record_a_vat_check(
    org: Registry, vies: HTTPServer
) -> None:
    nokia = _customer(org)
    checker = _checker(vies)
    try:
        with pytest.raises(Exception) as caught:
            check_customer_vat(org, READER, checker, nokia.id)
    finally:
        checker.close()
    assert (
        "permission" in type(caught.value).__name__.lower() or "edit" in str(caught.value).lower()
    )
    assert len(vies.log) == 0


def test_r4_a_vat_number_changed_during_the_check_is_not_overwritten(
    org: Registry, vies: HTTPServer
) -> None:
    from custreg.usecases.commands import UpdateCustomer
    from custreg.usecases.customers import update_customer

    nokia = _customer(org)

    def handler(_: Request) -> Response:
        update_customer(org, EDITOR, UpdateCustomer(nokia.id, vat_number="FI16235074"))
        return Response(_body("valid.json"), 200, content_type="application/json")

    vies.expect_request(PATH, method="POST").respond_with_handler(handler)
    checker = _checker(vies)
    try:
        outcome = check_customer_vat(org, EDITOR, checker, nokia.id)
    finally:
        checker.close()
    assert outcome.outcome is VatCheckOutcome.CHANGED_MEANWHILE
    assert get_customer(org, EDITOR, nokia.id).vat_check is None


def test_r4_a_recorded_check_goes_stale_when_the_vat_number_changes(
    org: Registry, vies: HTTPServer
) -> None:
    from custreg.usecases.commands import UpdateCustomer
    from custreg.usecases.customers import update_customer

    nokia = _customer(org)
    _serve(vies, _body("valid.json"))
    checker = _checker(vies)
    try:
        check_customer_vat(org, EDITOR, checker, nokia.id)
    finally:
        checker.close()
    checked = get_customer(org, EDITOR, nokia.id)
    assert checked.current_vat_check == checked.vat_check
    assert checked.vat_check is not None and checked.vat_check.status is VatCheckStatus.VALID
    update_customer(org, EDITOR, UpdateCustomer(nokia.id, vat_number="FI16235074"))
    changed = get_customer(org, EDITOR, nokia.id)
    assert changed.vat_check == checked.vat_check  # history kept
    assert changed.current_vat_check is None  # but it is not about this number


def test_r4_only_definite_answers_are_recorded_on_a_customer() -> None:
    with pytest.raises(ValidationError) as caught:
        VatCheckResult(VatCheckStatus.UNKNOWN, NOW, NOKIA)
    assert caught.value.field == "status"
    with pytest.raises(ValidationError) as naive:
        VatCheckResult(VatCheckStatus.VALID, NOW.replace(tzinfo=None), NOKIA)
    assert naive.value.field == "checked_at"


def test_r4_a_customer_deleted_during_a_mass_check_is_reported_not_fatal(
    org: Registry, vies: HTTPServer
) -> None:
    from custreg.usecases.card import delete_customer

    nokia = _customer(org, "Nokia", "FI01120389")
    german = _customer(org, "Example GmbH", "DE136695976")
    admin = Principal(
        UserId(uuid.UUID(int=9)), customers=CustomerPermission.ALL, can_delete_customers=True
    )

    def handler(request: Request) -> Response:
        if json.loads(request.get_data())["countryCode"] == "FI":
            delete_customer(org, admin, german.id)
        return Response(_body("valid.json"), 200, content_type="application/json")

    vies.expect_request(PATH, method="POST").respond_with_handler(handler)
    checker = _checker(vies)
    try:
        outcomes = check_customers_vat(org, EDITOR, checker, [nokia.id, german.id])
    finally:
        checker.close()
    assert [o.outcome for o in outcomes] == [
        VatCheckOutcome.RECORDED,
        VatCheckOutcome.NOT_CHECKED,
    ]
    assert outcomes[1].reason == "the customer was deleted during the check"
    assert len(vies.log) == 1
