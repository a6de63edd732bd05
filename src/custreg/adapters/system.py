"""Production and test implementations of the Clock and IdGenerator ports."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from uuid import UUID


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that says what it is told; ``advance`` moves it on. For tests and demos."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        with self._lock:
            self._at = at

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at += delta


class RandomIds:
    """UUID4 ids."""

    def new_id(self) -> UUID:
        return uuid.uuid4()


class SequentialIds:
    """Deterministic ids (``00000000-0000-0000-0000-000000000001``, ...) for reproducible tests."""

    def __init__(self, start: int = 1) -> None:
        self._next = start
        self._lock = threading.Lock()

    def new_id(self) -> UUID:
        with self._lock:
            value = self._next
            self._next += 1
        return UUID(int=value)
