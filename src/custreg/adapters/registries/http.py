"""The HTTP policy shared by the registry adapters (R4).

- An injected ``httpx.Client`` (or one built here) with an explicit ``httpx.Timeout``.
- Bounded retries with deterministic exponential backoff on connection errors, timeouts, 408, 429
  and 5xx; ``Retry-After`` (seconds or an HTTP date) is honoured up to a cap, beyond which we give
  up at once rather than hammer or hang. ``sleep`` is injectable so tests never wait.
- Every failure leaves as a custreg error: ``RegistryUnavailableError`` when the answer is unknown,
  ``RegistryDataError`` when the body cannot be read, ``RegistryError`` when the registry refused
  the request. httpx exceptions never cross this module.
- A small per-instance LRU cache with a time-to-live, so the same lookup within a session does not
  hit the network twice (only definite answers are cached: 200, 404, 410).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from attrs import field, frozen

from custreg.domain.errors import RegistryDataError, RegistryError, RegistryUnavailableError

log = logging.getLogger("custreg.registries")

#: Connect fast, read patiently: the registries answer in well under a second when healthy.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

USER_AGENT = "custreg (+https://pypi.org/project/custreg/)"

_RETRY_STATUSES = frozenset({408, 429})
_CACHEABLE = frozenset({200, 404, 410})


def _positive_int(_: object, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive integer")


def _non_negative(_: object, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{attribute.name} must be a non-negative number")


@frozen
class RetryPolicy:
    """How hard to try: ``attempts`` in total (first try included); the n-th retry waits
    ``min(max_backoff, backoff * 2**(n-1))`` seconds unless the registry says ``Retry-After``.
    A ``Retry-After`` above ``max_retry_after`` ends the attempts immediately."""

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


def _content_type(response: httpx.Response) -> str:
    raw: str = response.headers.get("content-type", "")
    return raw.split(";")[0].strip().lower()


def _decode(registry: str, response: httpx.Response) -> Any:
    """The JSON body, or RegistryDataError for HTML pages, truncated or malformed JSON."""
    kind = _content_type(response)
    if "html" in kind or response.content.lstrip()[:1] == b"<":
        raise RegistryDataError(
            registry, f"expected JSON, got an HTML page (HTTP {response.status_code})"
        )
    if kind and not (kind.endswith("json") or kind.endswith("+json")):
        raise RegistryDataError(
            registry, f"expected JSON, got {kind} (HTTP {response.status_code})"
        )
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as error:
        raise RegistryDataError(
            registry, f"malformed or truncated JSON (HTTP {response.status_code}): {error}"
        ) from None


def _body_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


class RegistryHttp:
    """GET requests to one registry under the policy above.

    ``registry`` names the registry in errors (its country code). If ``client`` is given it is
    used as is (its owner closes it) and ``timeout`` (if given) overrides its timeout per request;
    otherwise a client with ``timeout`` (default ``DEFAULT_TIMEOUT``) is built and ``close``
    closes it.
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
    ) -> None:
        self.registry = registry
        self.retry = retry or RetryPolicy()
        self.cache = cache if cache is not None else ResponseCache()
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._owns_client = client is None
        self._timeout: httpx.Timeout | None = timeout
        if client is None:
            client = httpx.Client(
                timeout=timeout or DEFAULT_TIMEOUT,
                headers={"User-Agent": USER_AGENT},
                follow_redirects=True,
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

        Retryable failures are retried per the policy and end as RegistryUnavailableError; any
        other status ends as RegistryError carrying the registry's own message.
        """
        query = dict(params or {})
        key = (url, tuple(sorted(query.items())), accept)
        cached = self.cache.get(key)
        if cached is not None and cached.status in expected:
            return cached
        answer = self._fetch(url, query, accept, expected)
        if answer.status in _CACHEABLE:
            self.cache.put(key, answer)
        return answer

    def _fetch(
        self, url: str, query: dict[str, str], accept: str, expected: Collection[int]
    ) -> HttpAnswer:
        reason = "no attempt made"
        for attempt in range(1, self.retry.attempts + 1):
            wait: float | None = None
            try:
                response = self._send(url, query, accept)
            except httpx.TimeoutException as error:
                reason = f"timed out ({type(error).__name__})"
            except httpx.TransportError as error:
                reason = f"network error ({type(error).__name__}: {error})"
            except httpx.HTTPError as error:
                raise RegistryUnavailableError(self.registry, f"HTTP error: {error}") from None
            else:
                status = response.status_code
                if status in expected:
                    # Only a 200 must carry JSON; for a 404 or 410 the status is the answer.
                    body = _decode(self.registry, response) if status == 200 else (
                        _body_or_none(response)
                    )
                    return HttpAnswer(status, body)
                if status not in _RETRY_STATUSES and status < 500:
                    message = error_message(_body_or_none(response)) or response.reason_phrase
                    raise RegistryError(
                        "registry",
                        self.registry,
                        f"{self.registry} registry refused the request (HTTP {status}): {message}",
                    )
                reason = f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
                retry_after = self._retry_after(response)
                if retry_after is not None:
                    if retry_after > self.retry.max_retry_after:
                        raise RegistryUnavailableError(
                            self.registry, f"{reason}; retry after {retry_after:.0f} s"
                        )
                    wait = retry_after
            if attempt < self.retry.attempts:
                delay = self.retry.delay(attempt) if wait is None else wait
                log.info(
                    "%s registry: %s; retry %d/%d in %.2f s",
                    self.registry, reason, attempt, self.retry.attempts - 1, delay,
                )
                self._sleep(delay)
        raise RegistryUnavailableError(
            self.registry, f"{reason} (gave up after {self.retry.attempts} attempts)"
        )

    def _send(self, url: str, query: dict[str, str], accept: str) -> httpx.Response:
        headers = {"Accept": accept}
        if self._timeout is None:
            return self.client.get(url, params=query, headers=headers)
        return self.client.get(url, params=query, headers=headers, timeout=self._timeout)

    def _retry_after(self, response: httpx.Response) -> float | None:
        """``Retry-After`` in seconds (delta-seconds or HTTP date), or None if absent/unreadable."""
        raw = response.headers.get("retry-after", "").strip()
        if not raw:
            return None
        if raw.isdigit():
            return float(raw)
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - self._wall_clock()).total_seconds())
