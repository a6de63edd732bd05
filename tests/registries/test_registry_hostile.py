"""R4 against hostile servers: slow headers, a body dripped byte by byte, a stalled body, an
oversized body, a compression bomb, redirects off the configured origin, an HTML page with 200.

Every case runs the real HTTP code against a local threaded server with a short deadline and
asserts the typed outcome, the wall time (under the deadline plus a small margin), and, through
the update use case on every backend, that nothing was written."""

from __future__ import annotations

import gc
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import uuid
import zlib
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from registry_server import FI_PREFIX
from registry_server import NO_PREFIX
from registry_server import SHARED_SAMPLES
from werkzeug import Request
from werkzeug import Response

from custreg.adapters.registries import BrregRegistry
from custreg.adapters.registries import RetryPolicy
from custreg.adapters.registries import YtjRegistry
from custreg.adapters.registries.http import RegistryHttp
from custreg.domain.business_ids import BusinessId
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryUnavailableError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry
from custreg.usecases.addresses import list_addresses
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.registry_import import update_from_registry

NOKIA = (SHARED_SAMPLES / "fi" / "companies-businessId-0112038-9.json").read_bytes()
EQUINOR = (SHARED_SAMPLES / "no" / "enheter-923609016.json").read_bytes()
NO_JSON = "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8"
EDITOR = Principal(UserId(uuid.UUID(int=7)), customers=CustomerPermission.EDIT)

#: Short in tests; the default is 10 s.
DEADLINE = 1.0
#: Scheduling slack on a shared machine: the deadline is enforced, not the microsecond.
SLACK = 0.8
CAP = 256 * 1024
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    """A threaded server, so a handler that stalls holds only its own request."""
    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


@pytest.fixture
def hostile(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    yield server
    server.clear()


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    """Set at teardown: ends every stalling or dripping handler still running."""
    event = threading.Event()
    yield event
    event.set()
    time.sleep(0.1)  # let the released handlers finish before the server's log is cleared


def _fi(server: HTTPServer, **options: Any) -> YtjRegistry:
    options.setdefault("deadline", DEADLINE)
    options.setdefault("max_body_bytes", CAP)
    options.setdefault("timeout", httpx.Timeout(30.0))  # the deadline, not the timeout, must win
    options.setdefault("retry", RetryPolicy(attempts=3, backoff=0.05))
    return YtjRegistry(base_url=server.url_for(FI_PREFIX), **options)


def _no(server: HTTPServer, **options: Any) -> BrregRegistry:
    options.setdefault("deadline", DEADLINE)
    options.setdefault("max_body_bytes", CAP)
    options.setdefault("timeout", httpx.Timeout(30.0))
    options.setdefault("retry", RetryPolicy(attempts=3, backoff=0.05))
    return BrregRegistry(base_url=server.url_for(NO_PREFIX), **options)


NOKIA_ID = BusinessId.parse("0112038-9", "FI")
EQUINOR_ID = BusinessId.parse("923609016", "NO")


def _timed(run: Callable[[], Any]) -> tuple[BaseException, float]:
    start = time.monotonic()
    with pytest.raises((RegistryUnavailableError, RegistryDataError)) as caught:
        run()
    elapsed = time.monotonic() - start
    assert not isinstance(caught.value, ValidationError | CompanyNotFoundError)
    return caught.value, elapsed


# --- the hostile answers ------------------------------------------------------------------------


def slow_headers(stop: threading.Event, good: bytes, kind: str) -> Callable[[Request], Response]:
    def handler(_: Request) -> Response:
        stop.wait(20)
        return Response(good, 200, content_type=kind)

    return handler


def drip(stop: threading.Event, good: bytes, kind: str) -> Callable[[Request], Response]:
    """Valid JSON, one byte every 20 ms: each read succeeds, the whole never ends in time."""

    def body() -> Iterator[bytes]:
        for i in range(len(good)):
            if stop.wait(0.02):
                return
            yield good[i : i + 1]

    def handler(_: Request) -> Response:
        return Response(body(), 200, content_type=kind)

    return handler


def stall_mid_body(stop: threading.Event, good: bytes, kind: str) -> Callable[[Request], Response]:
    """Half the body, then silence (a read blocked on the socket: the watchdog ends it)."""

    def body() -> Iterator[bytes]:
        yield good[: len(good) // 2]
        stop.wait(20)
        yield good[len(good) // 2 :]

    def handler(_: Request) -> Response:
        return Response(body(), 200, content_type=kind)

    return handler


def retry_after_beyond_deadline(
    stop: threading.Event, good: bytes, kind: str
) -> Callable[[Request], Response]:
    def handler(_: Request) -> Response:
        return Response(b"busy", 503, headers={"Retry-After": "5"}, content_type="text/plain")

    return handler


def always_503(stop: threading.Event, good: bytes, kind: str) -> Callable[[Request], Response]:
    def handler(_: Request) -> Response:
        return Response(b"busy", 503, content_type="text/plain")

    return handler


_ZEROS = bytes(MIB)


def oversized_declared(
    stop: threading.Event, good: bytes, kind: str
) -> Callable[[Request], Response]:
    def body() -> Iterator[bytes]:
        for _ in range(200):
            if stop.is_set():
                return
            yield _ZEROS

    def handler(_: Request) -> Response:
        response = Response(body(), 200, content_type=kind)
        response.headers["Content-Length"] = str(200 * MIB)
        return response

    return handler


def oversized_chunked(
    stop: threading.Event, good: bytes, kind: str
) -> Callable[[Request], Response]:
    """200 MiB without a Content-Length: the cap must stop the reading itself."""

    def body() -> Iterator[bytes]:
        yield b'{"companies": ["'
        for _ in range(200):
            if stop.is_set():
                return
            yield _ZEROS

    def handler(_: Request) -> Response:
        return Response(body(), 200, content_type=kind)

    return handler


def _gzip_bomb() -> bytes:
    """200 MiB of zeros, gzipped to about 200 KiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [packer.compress(_ZEROS) for _ in range(200)]
    return b"".join([*parts, packer.flush()])


BOMB = _gzip_bomb()


def gzip_bomb(stop: threading.Event, good: bytes, kind: str) -> Callable[[Request], Response]:
    def handler(_: Request) -> Response:
        return Response(BOMB, 200, content_type=kind, headers={"Content-Encoding": "gzip"})

    return handler


def html_200(stop: threading.Event, good: bytes, kind: str) -> Callable[[Request], Response]:
    def handler(_: Request) -> Response:
        return Response(
            b"<!DOCTYPE html><html><body>Please log in</body></html>",
            200,
            content_type="text/html; charset=utf-8",
        )

    return handler


FAULTS: dict[str, tuple[Callable[..., Callable[[Request], Response]], type[Exception], int]] = {
    # name: (server behaviour, outcome, requests the client may make at most)
    "slow-headers": (slow_headers, RegistryUnavailableError, 1),
    "drip-body": (drip, RegistryUnavailableError, 1),
    "stall-mid-body": (stall_mid_body, RegistryUnavailableError, 1),
    "retry-after-beyond-deadline": (retry_after_beyond_deadline, RegistryUnavailableError, 1),
    "503-until-the-deadline": (always_503, RegistryUnavailableError, 40),
    "oversized-declared": (oversized_declared, RegistryDataError, 1),
    "oversized-chunked": (oversized_chunked, RegistryDataError, 1),
    "gzip-bomb": (gzip_bomb, RegistryDataError, 1),
    "html-200": (html_200, RegistryUnavailableError, 1),
}

CALLS: dict[str, tuple[str, bytes, str, Callable[[HTTPServer], Any], Callable[[Any], Any]]] = {
    "fi-lookup": (
        FI_PREFIX + "/companies",
        NOKIA,
        "application/json",
        _fi,
        lambda r: r.lookup(NOKIA_ID),
    ),
    "fi-search": (
        FI_PREFIX + "/companies",
        NOKIA,
        "application/json",
        _fi,
        lambda r: r.search("nokia"),
    ),
    "no-lookup": (
        NO_PREFIX + "/enheter/923609016",
        EQUINOR,
        NO_JSON,
        _no,
        lambda r: r.lookup(EQUINOR_ID),
    ),
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_r4_hostile_server_gives_a_typed_error_within_the_deadline(
    hostile: HTTPServer, stop: threading.Event, fault: str, call: str
) -> None:
    path, good, kind, make, run = CALLS[call]
    behaviour, outcome, most_requests = FAULTS[fault]
    calls: list[str] = []
    answer = behaviour(stop, good, kind)

    def counted(request: Request) -> Response:
        calls.append(request.path)
        return answer(request)

    hostile.expect_request(path).respond_with_handler(counted)
    registry = make(hostile, sleep=time.sleep)
    try:
        error, elapsed = _timed(lambda: run(registry))
    finally:
        registry.close()
    assert type(error) is outcome, error
    assert elapsed < DEADLINE + SLACK, f"{fault}: {elapsed:.2f} s"
    assert 1 <= len(calls) <= most_requests


def test_r4_a_drip_that_would_succeed_is_cut_by_the_deadline_not_the_read_timeout(
    hostile: HTTPServer, stop: threading.Event
) -> None:
    """The same drip with a deadline long enough is read whole: the deadline, not the server's
    pace, decides."""
    small = b'{"totalResults": 0, "companies": []}'
    hostile.expect_request(FI_PREFIX + "/companies").respond_with_handler(
        drip(stop, small, "application/json")
    )
    patient = _fi(hostile, deadline=5.0)
    try:
        assert patient.search("nokia").hits == ()
    finally:
        patient.close()
    error, elapsed = _timed(lambda: _fi(hostile, deadline=0.3).search("nokia"))
    assert isinstance(error, RegistryUnavailableError) and "deadline" in str(error)
    assert elapsed < 0.3 + SLACK


@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}{path}",
        "https://127.0.0.1:{port}{path}",
        "http://evil.invalid{path}",
    ],
)
def test_r4_redirects_off_the_configured_origin_are_not_followed(
    hostile: HTTPServer, status: int, target: str
) -> None:
    """``localhost`` is the same server under another host name: following it would succeed,
    so a pass here proves the redirect was refused, not that it failed."""
    path = FI_PREFIX + "/companies"
    moved = FI_PREFIX + "/moved"
    hostile.expect_request(moved).respond_with_data(NOKIA, content_type="application/json")
    location = target.format(port=hostile.port, path=moved)
    hostile.expect_request(path).respond_with_response(
        Response(b"", status, headers={"Location": location})
    )
    registry = _fi(hostile)
    try:
        error, elapsed = _timed(lambda: registry.lookup(NOKIA_ID))
    finally:
        registry.close()
    assert isinstance(error, RegistryUnavailableError) and "another origin" in str(error)
    assert [entry[0].path for entry in hostile.log] == [path]
    assert elapsed < DEADLINE


def test_r4_a_same_origin_redirect_is_followed_and_a_loop_is_cut(hostile: HTTPServer) -> None:
    path, moved = FI_PREFIX + "/companies", FI_PREFIX + "/v3-moved"
    hostile.expect_request(moved).respond_with_data(NOKIA, content_type="application/json")
    hostile.expect_request(path).respond_with_response(
        Response(b"", 301, headers={"Location": moved})
    )
    registry = _fi(hostile)
    try:
        assert registry.lookup(NOKIA_ID).name == "Nokia Oyj"
        hostile.clear()
        hostile.expect_request(path).respond_with_response(
            Response(b"", 302, headers={"Location": path})
        )
        error, _ = _timed(lambda: registry.search("loop"))
        assert isinstance(error, RegistryUnavailableError) and "redirects" in str(error)
    finally:
        registry.close()


def test_r4_a_gzip_answer_within_the_cap_is_read(hostile: HTTPServer) -> None:
    packed = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    body = packed.compress(NOKIA) + packed.flush()
    hostile.expect_request(FI_PREFIX + "/companies").respond_with_response(
        Response(body, 200, content_type="application/json", headers={"Content-Encoding": "gzip"})
    )
    registry = _fi(hostile)
    try:
        assert registry.lookup(NOKIA_ID).name == "Nokia Oyj"
    finally:
        registry.close()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [("gzip", b"\x1f\x8b\x08\x00garbage"), ("br", b"\x00\x01"), ("zstd", b"\x28\xb5")],
)
def test_r4_corrupt_or_unasked_encodings_are_data_errors(
    hostile: HTTPServer, encoding: str, body: bytes
) -> None:
    hostile.expect_request(FI_PREFIX + "/companies").respond_with_response(
        Response(body, 200, content_type="application/json", headers={"Content-Encoding": encoding})
    )
    registry = _fi(hostile)
    try:
        error, _ = _timed(lambda: registry.lookup(NOKIA_ID))
    finally:
        registry.close()
    assert isinstance(error, RegistryDataError)


def test_r4_retries_stop_before_the_deadline_with_real_sleeps(hostile: HTTPServer) -> None:
    """Ten attempts with growing backoff would take 3 s; the deadline of 1 s ends them."""
    hostile.expect_request(FI_PREFIX + "/companies").respond_with_response(
        Response(b"busy", 503, content_type="text/plain")
    )
    registry = _fi(hostile, retry=RetryPolicy(attempts=10, backoff=0.2, max_backoff=1.0))
    try:
        error, elapsed = _timed(lambda: registry.lookup(NOKIA_ID))
    finally:
        registry.close()
    assert isinstance(error, RegistryUnavailableError) and "deadline" in str(error)
    assert elapsed < DEADLINE + SLACK
    assert 2 <= len(hostile.log) < 10


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), True, "5"])
def test_r4_settings_are_checked(value: Any) -> None:
    with pytest.raises(ValueError, match="deadline"):
        RegistryHttp("FI", deadline=value)
    if not isinstance(value, float):
        with pytest.raises(ValueError, match="max_body_bytes"):
            RegistryHttp("FI", max_body_bytes=value)


# --- memory: bounded by the cap, not by the body -------------------------------------------------


@pytest.fixture(scope="module")
def bomb_server() -> Iterator[str]:
    """``bomb_server.py`` in its own process: what tracemalloc sees is the client alone."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = Path(__file__).with_name("bomb_server.py")
    process = subprocess.Popen(
        [sys.executable, str(script), str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def _peak(run: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        with pytest.raises(RegistryDataError, match="cap"):
            run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("path", "cap"), [("/big", CAP), ("/bomb", CAP), ("/bomb", 4 * MIB)])
def test_r4_peak_memory_of_a_200_mib_answer_is_bounded_by_the_cap(
    bomb_server: str, path: str, cap: int
) -> None:
    """Peak traced memory of the client for a 200 MiB answer, sent plain without a length or
    as a gzip bomb: the cap plus a small constant, never the body."""
    http = RegistryHttp("FI", deadline=10.0, max_body_bytes=cap)
    try:
        with pytest.raises(RegistryDataError):
            http.get(bomb_server + "/warm-up" + path)
        peak = _peak(lambda: http.get(bomb_server + path))
    finally:
        http.close()
    print(f"{path}: peak {peak / MIB:.2f} MiB for a 200 MiB answer, cap {cap / MIB:.2f} MiB")
    assert peak < 2 * cap + MIB


# --- nothing written ----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_r4_a_hostile_server_writes_nothing(
    registry_factory: Callable[..., Registry],
    hostile: HTTPServer,
    stop: threading.Event,
    fault: str,
) -> None:
    org = registry_factory(settings=lambda oid: OrganisationSettings(oid, "Test Oy"))
    customer = create_customer(org, EDITOR, CreateCustomer("Nokia (old card)", "FI01120389"))

    def snapshot() -> list[Any]:
        return [(c, list_addresses(org, EDITOR, c.id)) for c in list_customers(org, EDITOR).items]

    before = snapshot()
    behaviour, outcome, _ = FAULTS[fault]
    hostile.expect_request(FI_PREFIX + "/companies").respond_with_handler(
        behaviour(stop, NOKIA, "application/json")
    )
    registry = _fi(hostile, sleep=time.sleep)
    try:
        start = time.monotonic()
        with pytest.raises(outcome):
            update_from_registry(
                org, EDITOR, {"FI": registry}, customer.id, ["name", "visiting_address"]
            )
        assert time.monotonic() - start < DEADLINE + SLACK
    finally:
        registry.close()
    assert snapshot() == before


# --- the cap as a property ----------------------------------------------------------------------


@given(
    size=st.integers(0, 3 * 4096),
    chunk=st.integers(1, 5000),
    gzipped=st.booleans(),
    declared=st.booleans(),
)
@example(size=4096 - 16, chunk=1, gzipped=False, declared=False)
@example(size=4096 - 15, chunk=4096, gzipped=True, declared=False)
@example(size=12_000, chunk=7, gzipped=True, declared=True)
def test_r4_an_answer_is_read_exactly_when_it_fits_the_cap(
    size: int, chunk: int, gzipped: bool, declared: bool
) -> None:
    """Through a real httpx client on a streaming in-memory transport: a JSON body of any size,
    in chunks of any size, plain or gzipped, with or without a length, is read exactly when its
    decoded size fits the cap, and refused as RegistryDataError otherwise."""
    cap = 4096
    document = b'{"pad": "' + b"x" * size + b'"}'
    wire = document
    if gzipped:
        packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        wire = packer.compress(document) + packer.flush()

    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        if declared:
            headers["Content-Length"] = str(len(wire))
        pieces = (wire[i : i + chunk] for i in range(0, len(wire), chunk))
        return httpx.Response(200, headers=headers, content=pieces)

    client = httpx.Client(transport=httpx.MockTransport(answer))
    http = RegistryHttp("FI", client, max_body_bytes=cap)
    try:
        if len(document) <= cap and len(wire) <= cap:
            assert http.get("https://registry.test/x").payload == {"pad": "x" * size}
        else:
            with pytest.raises(RegistryDataError, match="cap"):
                http.get("https://registry.test/x")
    finally:
        client.close()


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("thousand-digit-total", b'{"totalResults": ' + b"9" * 5000 + b', "companies": []}'),
        ("deep-nesting", b'{"companies": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("nul-and-surrogate-keys", b'{"\\u0000": 1, "\\ud800": 2, "companies": 5}'),
        ("not-utf8", b'{"companies": ["\xff\xfe"]}'),
    ],
)
def test_r4_hostile_json_is_bad_data_not_a_crash(
    hostile: HTTPServer, name: str, body: bytes
) -> None:
    hostile.expect_request(FI_PREFIX + "/companies").respond_with_data(
        body, content_type="application/json"
    )
    registry = _fi(hostile)
    try:
        error, elapsed = _timed(lambda: registry.search("nokia"))
    finally:
        registry.close()
    assert isinstance(error, RegistryDataError), error
    assert elapsed < DEADLINE
