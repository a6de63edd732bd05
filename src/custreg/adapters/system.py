"""Production and test implementations of the Clock and IdGenerator ports."""

from __future__ import annotations

import os
import threading
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from uuid import UUID
from uuid import SafeUUID


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


#: Version 4 and the RFC 4122 variant, set into 128 random bits as ``uuid.uuid4`` sets them.
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)
_POOL_BYTES = 16 * 256


class _RandomPool:
    """Version 4 UUID numbers (128 random bits from the OS's CSPRNG with the version and variant
    set) made 256 at a time: one ``os.urandom`` call and one comprehension instead of a call and
    two bit operations per id. ``list.pop`` hands each number to one caller only, whatever the
    threads; a forked child empties its copy, so parent and child never share a number."""

    def __init__(self) -> None:
        self._numbers: list[int] = []
        os.register_at_fork(after_in_child=self._numbers.clear)

    def draw(self) -> int:
        try:
            return self._numbers.pop()
        except IndexError:
            block = os.urandom(_POOL_BYTES)
            fresh = [
                (int.from_bytes(block[i : i + 16]) & _V4_CLEAR) | _V4_SET
                for i in range(16, _POOL_BYTES, 16)
            ]
            self._numbers.extend(fresh)
            return (int.from_bytes(block[:16]) & _V4_CLEAR) | _V4_SET


_POOL = _RandomPool()


class RandomIds:
    """Random (version 4) UUIDs, as ``uuid.uuid4`` makes them, at about a third of its cost: the
    numbers come from a pool (see ``_RandomPool``) and the UUID is built as ``UUID.__init__``
    builds it, without its argument checks (a bulk import draws three ids per customer)."""

    def new_id(self) -> UUID:
        made = _new_object(UUID)
        _set_int(made, _POOL.draw())
        _set_is_safe(made, _UNKNOWN_SAFETY)
        return made


_new_object = object.__new__
#: UUID's slots, set as ``UUID.__init__`` sets them (``object.__setattr__``), without the lookup.
_set_int = UUID.__dict__["int"].__set__
_set_is_safe = UUID.__dict__["is_safe"].__set__
#: Read once: an enum member read from its class costs a descriptor call every time.
_UNKNOWN_SAFETY = SafeUUID.unknown


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
