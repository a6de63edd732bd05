"""The HTTP policy shared by the registry adapters and the VAT check (R4).

- An injected ``httpx.Client`` (or one built here) with an explicit ``httpx.Timeout``.
- **One overall deadline per call** (``deadline``, default 10 s) covering connect, every attempt,
  the backoff between them and reading the body: each attempt's timeouts are cut to what is left,
  the body is read in chunks with the clock checked after each one, and a watchdog shuts the
  socket when the deadline passes while a read is blocked. When it passes the call raises
  ``RegistryUnavailableError`` (the answer is unknown).
- Bounded retries (tenacity) with deterministic exponential backoff on connection errors,
  timeouts, 408, 429 and 5xx; ``Retry-After`` (seconds or an HTTP date) is honoured while it fits
  both ``RetryPolicy.max_retry_after`` and the time left, otherwise we give up at once. ``sleep``
  and ``monotonic`` are injectable so tests never wait.
- **Bodies are streamed with a size cap** (``max_body_bytes``, default 4 MiB) on the raw and on the
  decoded bytes: a larger body, or a gzip/deflate body inflating past the cap, is refused as
  ``RegistryDataError`` without reading the rest. Decompression is done here with a bounded
  output per step, so a compression bomb never inflates in memory.
- **The configured origin is the only one contacted**: a redirect is followed (at most
  ``MAX_REDIRECTS`` hops) only to the same scheme, host and port, so never to another host and
  never from https to plain http; any other redirect is ``RegistryUnavailableError``.
- A 200 must carry JSON: an HTML page (a portal or maintenance page) is
  ``RegistryUnavailableError``; another content type or malformed JSON is ``RegistryDataError``.
- Every failure leaves as a custreg error: ``RegistryUnavailableError`` when the answer is unknown,
  ``RegistryDataError`` when the body cannot be read, ``RegistryError`` when the registry refused
  the request. httpx exceptions never cross this module.
- A small per-instance LRU cache with a time-to-live, so the same lookup within a session does not
  hit the network twice (only definite answers are cached: 200, 404, 410).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import tenacity
from attrs import field, frozen

from custreg.domain.errors import RegistryDataError, RegistryError, RegistryUnavailableError

log = logging.getLogger("custreg.registries")

#: Connect fast, read patiently: the registries answer in well under a second when healthy.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

#: The whole call (every attempt, backoff, body) ends within this many seconds by default.
DEFAULT_DEADLINE = 10.0

#: The largest body (raw, and decoded) read by default: real answers are below 200 KiB.
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

#: Same-origin redirects followed at most.
MAX_REDIRECTS = 3

USER_AGENT = "custreg (+https://pypi.org/project/custreg/)"

_RETRY_STATUSES = frozenset({408, 429})
_CACHEABLE = frozenset({200, 404, 410})
_ENCODINGS = {"gzip", "x-gzip", "deflate"}


def _positive_int(_: object, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive integer")


def _non_negative(_: object, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{attribute.name} must be a non-negative number")


def _positive_number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    if value != value or value == float("inf"):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


@frozen
class RetryPolicy:
    """How hard to try: ``attempts`` in total (first try included); the n-th retry waits
    ``min(max_backoff, backoff * 2**(n-1))`` seconds unless the registry says ``Retry-After``.
    A ``Retry-After`` above ``max_retry_after``, or a wait that would pass the call's deadline,
    ends the attempts immediately."""

    attempts: int = field(default=3, validator=_positive_int)
    backoff: float = field(default=0.5, validator=_non_negative)
    max_backoff: float = field(default=8.0, validator=_non_negative)
    max_retry_after: float = field(default=30.0, validator=_non_negative)

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        return float(min(self.max_backoff, self.backoff * 2 ** (retry - 1)))


@frozen
class HttpAnswer:
    """A registry answer the adapter interprets: the status and the decoded JSON body."""

    status: int
    payload: Any


class ResponseCache:
    """A small LRU cache with a time-to-live, keyed by request. Thread-safe."""

    def __init__(
        self,
        maxsize: int = 256,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if maxsize < 0 or ttl < 0:
            raise ValueError("maxsize and ttl must not be negative")
        self.maxsize = maxsize
        self.ttl = ttl
        self._clock = clock
        self._entries: OrderedDict[tuple[Any, ...], tuple[float, HttpAnswer]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> HttpAnswer | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, answer = entry
            if self._clock() >= expires:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return answer

    def put(self, key: tuple[Any, ...], answer: HttpAnswer) -> None:
        if self.maxsize == 0 or self.ttl == 0:
            return
        with self._lock:
            self._entries[key] = (self._clock() + self.ttl, answer)
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def error_message(payload: Any) -> str | None:
    """The human message inside a registry error body (YTJ ``message``; Brønnøysund
    ``feilmelding`` plus each ``valideringsfeil``), or None."""
    if not isinstance(payload, Mapping):
        return None
    parts: list[str] = []
    for key in ("message", "feilmelding", "error"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    details = payload.get("valideringsfeil")
    if isinstance(details, list):
        for detail in details:
            text = detail.get("feilmelding") if isinstance(detail, Mapping) else None
            if isinstance(text, str) and text.strip():
                parts.append(text.strip())
    return ": ".join(parts) or None


@frozen
class _Raw:
    """One answer read under the caps: status, content type, headers and the decoded body."""

    status: int
    content_type: str
    headers: httpx.Headers
    body: bytes
    reason: str


def _looks_like_html(kind: str, body: bytes) -> bool:
    return "html" in kind or body.lstrip()[:1] == b"<"


def _decode(registry: str, raw: _Raw) -> Any:
    """The JSON body of a 200. An HTML page (a portal, a maintenance page) is unknown; another
    content type, truncated or malformed JSON is bad data."""
    kind = raw.content_type
    if _looks_like_html(kind, raw.body):
        raise RegistryUnavailableError(
            registry, f"answered an HTML page instead of JSON (HTTP {raw.status})"
        )
    if kind and not (kind.endswith("json") or kind.endswith("+json")):
        raise RegistryDataError(registry, f"expected JSON, got {kind[:80]} (HTTP {raw.status})")
    try:
        return json.loads(raw.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise RegistryDataError(
            registry, f"malformed or truncated JSON (HTTP {raw.status}): {str(error)[:200]}"
        ) from None


def _body_or_none(raw: _Raw) -> Any:
    try:
        return json.loads(raw.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


class _Inflater:
    """Decodes a gzip or deflate body step by step, never producing more than the cap."""

    def __init__(self, registry: str, encoding: str, cap: int) -> None:
        self.registry = registry
        self.cap = cap
        self.produced = 0
        self._zlib = (
            zlib.decompressobj(wbits=zlib.MAX_WBITS | 32) if encoding in _ENCODINGS else None
        )

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            self._count(len(data))
            yield data
            return
        pending = data
        while pending:
            try:
                piece = self._zlib.decompress(pending, self.cap - self.produced + 1)
            except zlib.error as error:
                raise RegistryDataError(
                    self.registry, f"corrupt compressed body: {error}"
                ) from None
            self._count(len(piece))
            yield piece
            pending = self._zlib.unconsumed_tail

    def _count(self, size: int) -> None:
        self.produced += size
        if self.produced > self.cap:
            raise RegistryDataError(
                self.registry, f"answer larger than the cap of {self.cap} bytes (decoded); not read"
            )


def _shut(response: httpx.Response, call: _Call) -> None:
    """Shut the socket under ``response`` so a blocked read returns at once (the watchdog)."""
    call.cut = True
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Transient(Exception):
    """A retryable failure of one attempt (never leaves this module)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Call:
    """The state of one call: its deadline on the monotonic clock."""

    def __init__(self, deadline: float, monotonic: Callable[[], float]) -> None:
        self.monotonic = monotonic
        self.started = monotonic()
        self.ends = self.started + deadline
        self.out_of_time = False
        #: Set by the watchdog when it shut the socket of a read still blocked at the deadline.
        self.cut = False

    def left(self) -> float:
        return self.ends - self.monotonic()


class RegistryHttp:
    """GET (and POST) requests to one registry under the policy above.

    ``registry`` names the registry in errors (its country code, or ``VIES``). If ``client`` is
    given it is used as is (its owner closes it) and ``timeout`` (if given) overrides its timeout
    per request; otherwise a client with ``timeout`` (default ``DEFAULT_TIMEOUT``) is built and
    ``close`` closes it. ``deadline`` bounds each call in seconds; ``max_body_bytes`` bounds each
    body, raw and decoded.
    """

    def __init__(
        self,
        registry: str,
        client: httpx.Client | None = None,
        *,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        cache: ResponseCache | None = None,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        deadline: float = DEFAULT_DEADLINE,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.registry = registry
        self.retry = retry or RetryPolicy()
        self.cache = cache if cache is not None else ResponseCache()
        self.deadline = _positive_number("deadline", deadline)
        if (
            isinstance(max_body_bytes, bool)
            or not isinstance(max_body_bytes, int)
            or (max_body_bytes < 1)
        ):
            raise ValueError(f"max_body_bytes must be a positive integer, got {max_body_bytes!r}")
        self.max_body_bytes = max_body_bytes
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._monotonic = monotonic
        self._owns_client = client is None
        self._timeout: httpx.Timeout | None = timeout
        if client is None:
            client = httpx.Client(
                timeout=timeout or DEFAULT_TIMEOUT,
                headers={"User-Agent": USER_AGENT},
                follow_redirects=False,
            )
        self.client = client

    def close(self) -> None:
        """Close the HTTP client if this object built it."""
        if self._owns_client:
            self.client.close()

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        accept: str = "application/json",
        expected: Collection[int] = (200,),
    ) -> HttpAnswer:
        """GET ``url`` and return the answer if its status is in ``expected``.

        Retryable failures are retried per the policy within the deadline and end as
        RegistryUnavailableError; any other status ends as RegistryError carrying the registry's
        own message.
        """
        query = dict(params or {})
        key = (url, tuple(sorted(query.items())), accept)
        cached = self.cache.get(key)
        if cached is not None and cached.status in expected:
            return cached
        answer = self.request("GET", url, query, accept=accept, expected=expected)
        if answer.status in _CACHEABLE:
            self.cache.put(key, answer)
        return answer

    def request(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        json_body: Any = None,
        accept: str = "application/json",
        expected: Collection[int] = (200,),
    ) -> HttpAnswer:
        """One call (not cached) under the deadline, retries, caps and origin rule."""
        call = _Call(self.deadline, self._monotonic)
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Transient),
            wait=self._wait,
            stop=lambda state: self._stop(state, call),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            return retrying(
                self._attempt, call, method, url, dict(params or {}), json_body, accept, expected
            )
        except _Transient as error:
            raise self._gave_up(error, call) from None

    # --- retry policy (tenacity hooks) --------------------------------------------------------

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _Transient) and error.retry_after is not None:
            return error.retry_after
        return self.retry.delay(state.attempt_number)

    def _stop(self, state: tenacity.RetryCallState, call: _Call) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if (
            isinstance(error, _Transient)
            and error.retry_after is not None
            and (error.retry_after > self.retry.max_retry_after)
        ):
            return True
        if state.attempt_number >= self.retry.attempts:
            return True
        call.out_of_time = state.upcoming_sleep >= call.left()
        return call.out_of_time

    def _log_retry(self, state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.info(
            "%s registry: %s; retry %d/%d in %.2f s",
            self.registry,
            getattr(error, "reason", error),
            state.attempt_number,
            self.retry.attempts - 1,
            state.upcoming_sleep,
        )

    def _gave_up(self, error: _Transient, call: _Call) -> RegistryUnavailableError:
        wait = error.retry_after
        if wait is not None and wait > self.retry.max_retry_after:
            return RegistryUnavailableError(
                self.registry, f"{error.reason}; retry after {wait:.0f} s"
            )
        if call.out_of_time or call.left() <= 0:
            after = f"; retry after {wait:.0f} s" if wait is not None else ""
            return RegistryUnavailableError(
                self.registry,
                f"{error.reason}{after}; no answer within the deadline of {self.deadline:g} s",
            )
        return RegistryUnavailableError(
            self.registry, f"{error.reason} (gave up after {self.retry.attempts} attempts)"
        )

    # --- one attempt -------------------------------------------------------------------------

    def _timeouts(self, left: float) -> httpx.Timeout:
        base = self._timeout or self.client.timeout

        def cut(value: float | None) -> float:
            return left if value is None else max(0.001, min(value, left))

        return httpx.Timeout(
            connect=cut(base.connect),
            read=cut(base.read),
            write=cut(base.write),
            pool=cut(base.pool),
        )

    def _attempt(
        self,
        call: _Call,
        method: str,
        url: str,
        query: dict[str, str],
        json_body: Any,
        accept: str,
        expected: Collection[int],
    ) -> HttpAnswer:
        left = call.left()
        if left <= 0:
            raise RegistryUnavailableError(
                self.registry, f"no answer within the deadline of {self.deadline:g} s"
            )
        headers = {"Accept": accept, "Accept-Encoding": "gzip, deflate"}
        try:
            request = self.client.build_request(
                method,
                url,
                params=query or None,
                headers=headers,
                json=json_body,
                timeout=self._timeouts(left),
            )
            raw = self._exchange(call, request)
        except httpx.TimeoutException as error:
            raise _Transient(f"timed out ({type(error).__name__})") from None
        except httpx.TransportError as error:
            if call.cut or call.left() <= 0:
                raise RegistryUnavailableError(
                    self.registry,
                    f"no answer within the deadline of {self.deadline:g} s "
                    f"(cut while reading: {type(error).__name__})",
                ) from None
            raise _Transient(f"network error ({type(error).__name__}: {error})") from None
        except httpx.HTTPError as error:
            raise RegistryUnavailableError(self.registry, f"HTTP error: {error}") from None
        status = raw.status
        if status in expected:
            # Only a 200 must carry JSON; for a 404 or 410 the status is the answer.
            body = _decode(self.registry, raw) if status == 200 else _body_or_none(raw)
            return HttpAnswer(status, body)
        if status not in _RETRY_STATUSES and status < 500:
            message = error_message(_body_or_none(raw)) or raw.reason
            raise RegistryError(
                "registry",
                self.registry,
                f"{self.registry} registry refused the request (HTTP {status}): {message}",
            )
        reason = f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
        raise _Transient(reason, self._retry_after(raw.headers))

    def _exchange(self, call: _Call, request: httpx.Request) -> _Raw:
        """Send ``request``, following same-origin redirects only, and read the body capped."""
        origin = request.url
        for _ in range(MAX_REDIRECTS + 1):
            response = self.client.send(request, stream=True, follow_redirects=False)
            try:
                if response.has_redirect_location:
                    target = response.next_request
                    if target is None:  # pragma: no cover - httpx always sets it
                        raise RegistryUnavailableError(self.registry, "unreadable redirect")
                    if (target.url.scheme, target.url.host, target.url.port) != (
                        origin.scheme,
                        origin.host,
                        origin.port,
                    ):
                        shown = f"{target.url.scheme}://{target.url.host}"
                        raise RegistryUnavailableError(
                            self.registry,
                            f"redirected to another origin ({shown[:100]}); only "
                            f"{origin.scheme}://{origin.host} is contacted, not followed",
                        )
                    request = target
                    continue
                return self._read(call, response)
            finally:
                response.close()
        raise RegistryUnavailableError(self.registry, f"more than {MAX_REDIRECTS} redirects")

    def _read(self, call: _Call, response: httpx.Response) -> _Raw:
        """The body in chunks under the size cap and the deadline."""
        cap = self.max_body_bytes
        declared = response.headers.get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > cap:
            raise RegistryDataError(
                self.registry,
                f"answer of {declared} bytes is larger than the cap of {cap}; not read",
            )
        encoding = response.headers.get("content-encoding", "").strip().lower()
        raw_chunks: Iterator[bytes]
        try:  # a transport that hands over a response already read (httpx.MockTransport)
            raw_chunks, encoding = iter((response.content,)), ""
        except httpx.ResponseNotRead:
            raw_chunks = response.iter_raw()
        if encoding not in {"", "identity", *_ENCODINGS}:
            raise RegistryDataError(
                self.registry, f"unsupported content encoding {encoding[:40]!r}"
            )
        inflater = _Inflater(self.registry, encoding, cap)
        raw_size = 0
        chunks: list[bytes] = []
        watchdog = threading.Timer(max(call.left(), 0.0), _shut, (response, call))
        watchdog.daemon = True
        watchdog.start()
        try:
            for chunk in raw_chunks:
                raw_size += len(chunk)
                if raw_size > cap:
                    raise RegistryDataError(
                        self.registry, f"answer larger than the cap of {cap} bytes; not read"
                    )
                chunks.extend(inflater.feed(chunk))
                if call.left() <= 0:
                    raise RegistryUnavailableError(
                        self.registry,
                        f"no answer within the deadline of {self.deadline:g} s "
                        f"(body still arriving after {raw_size} bytes)",
                    )
        finally:
            watchdog.cancel()
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return _Raw(
            response.status_code, kind, response.headers, b"".join(chunks), response.reason_phrase
        )

    def _retry_after(self, headers: httpx.Headers) -> float | None:
        """``Retry-After`` in seconds (delta-seconds or HTTP date), or None if absent/unreadable."""
        raw = headers.get("retry-after", "").strip()
        if not raw:
            return None
        if raw.isascii() and raw.isdigit():
            return float(raw) if len(raw) < 10 else float("inf")
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - self._wall_clock()).total_seconds())
