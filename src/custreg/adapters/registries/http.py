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
import logging
import socket
import threading
import time
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterator
from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from typing import TypedDict

import httpx
import tenacity

from custreg.adapters.registries.http_body import ENCODINGS
from custreg.adapters.registries.http_body import Inflater
from custreg.adapters.registries.http_body import RawAnswer
from custreg.adapters.registries.http_body import decode_json
from custreg.adapters.registries.http_body import error_message
from custreg.adapters.registries.http_body import json_or_none
from custreg.adapters.registries.http_cache import HttpAnswer
from custreg.adapters.registries.http_cache import ResponseCache
from custreg.adapters.registries.http_policy import CACHEABLE
from custreg.adapters.registries.http_policy import DEFAULT_DEADLINE
from custreg.adapters.registries.http_policy import DEFAULT_MAX_BODY_BYTES
from custreg.adapters.registries.http_policy import DEFAULT_TIMEOUT
from custreg.adapters.registries.http_policy import MAX_REDIRECTS
from custreg.adapters.registries.http_policy import RETRY_STATUSES
from custreg.adapters.registries.http_policy import USER_AGENT
from custreg.adapters.registries.http_policy import RetryPolicy
from custreg.adapters.registries.http_policy import positive_number
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryError
from custreg.domain.errors import RegistryUnavailableError

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "ClientOptions",
    "HttpAnswer",
    "HttpOptions",
    "RegistryHttp",
    "ResponseCache",
    "RetryPolicy",
    "error_message",
]

log = logging.getLogger("custreg.registries")


class ClientOptions(TypedDict, total=False):
    """The settings an adapter builds its ``RegistryHttp`` from when it is not given one (each
    as in ``RegistryHttp``; one left out takes ``RegistryHttp``'s default)."""

    client: httpx.Client | None
    timeout: httpx.Timeout | None
    retry: RetryPolicy | None
    sleep: Callable[[float], None]
    deadline: float
    max_body_bytes: int


class HttpOptions(ClientOptions, total=False):
    """``ClientOptions`` and the response ``cache`` of a company registry adapter."""

    cache: ResponseCache | None


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
        self.deadline = positive_number("deadline", deadline)
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
        if answer.status in CACHEABLE:
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
            body = decode_json(self.registry, raw) if status == 200 else json_or_none(raw)
            return HttpAnswer(status, body)
        if status not in RETRY_STATUSES and status < 500:
            message = error_message(json_or_none(raw)) or raw.reason
            raise RegistryError(
                "registry",
                self.registry,
                f"{self.registry} registry refused the request (HTTP {status}): {message}",
            )
        reason = f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
        raise _Transient(reason, self._retry_after(raw.headers))

    def _exchange(self, call: _Call, request: httpx.Request) -> RawAnswer:
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

    def _read(self, call: _Call, response: httpx.Response) -> RawAnswer:
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
        if encoding not in {"", "identity", *ENCODINGS}:
            raise RegistryDataError(
                self.registry, f"unsupported content encoding {encoding[:40]!r}"
            )
        inflater = Inflater(self.registry, encoding, cap)
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
        return RawAnswer(
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
