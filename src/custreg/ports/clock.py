"""Time and identity come from outside the core so tests are deterministic."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID


class Clock(Protocol):
    """The source of "now"; the core never calls ``datetime.now()`` or ``date.today()``."""

    def now(self) -> datetime:
        """The current instant as a timezone-aware datetime."""
        ...


class IdGenerator(Protocol):
    """The source of new entity ids."""

    def new_id(self) -> UUID:
        """A fresh, never-before-returned UUID."""
        ...
