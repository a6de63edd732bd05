"""The answers the registry clients keep: a small per-instance LRU cache with a time-to-live."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable
from typing import Any
from typing import Generic
from typing import TypeVar

from attrs import frozen


@frozen
class HttpAnswer:
    """A registry answer the adapter interprets: the status and the decoded JSON body."""

    status: int
    payload: Any


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """A small LRU cache with a time-to-live: at most ``maxsize`` values, each for ``ttl``
    seconds of ``clock``; the least recently used goes first. ``maxsize`` or ``ttl`` 0 keeps
    nothing. Thread-safe."""

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
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value kept under ``key`` if it has not expired (it becomes the most recent)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if self._clock() >= expires:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` under ``key`` for ``ttl`` seconds, dropping the least recent beyond
        ``maxsize``."""
        if self.maxsize == 0 or self.ttl == 0:
            return
        with self._lock:
            self._entries[key] = (self._clock() + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class ResponseCache(TtlCache[tuple[Any, ...], HttpAnswer]):
    """The registry clients' cache of answers, keyed by request (a ``TtlCache``)."""
