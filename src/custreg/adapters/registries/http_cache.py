"""The answers the registry clients keep: a small per-instance LRU cache with a time-to-live."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from attrs import frozen


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
