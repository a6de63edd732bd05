"""How hard and how long the registry clients try: timeouts, the overall deadline, the body cap,
redirect and retry limits (see ``custreg.adapters.registries.http`` for the whole policy)."""

from __future__ import annotations

from typing import Any

import httpx
from attrs import field
from attrs import frozen

#: Connect fast, read patiently: the registries answer in well under a second when healthy.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

#: The whole call (every attempt, backoff, body) ends within this many seconds by default.
DEFAULT_DEADLINE = 10.0

#: The largest body (raw, and decoded) read by default: real answers are below 200 KiB.
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

#: Same-origin redirects followed at most.
MAX_REDIRECTS = 3

USER_AGENT = "custreg (+https://pypi.org/project/custreg/)"

RETRY_STATUSES = frozenset({408, 429})
CACHEABLE = frozenset({200, 404, 410})


def _positive_int(_: object, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive integer")


def _non_negative(_: object, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{attribute.name} must be a non-negative number")


def positive_number(name: str, value: object) -> float:
    """``value`` as a float if finite and above zero, else ``ValueError`` naming ``name``."""
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
