"""A registry's lifetime: open until ``close()``, then every use raises StorageError.

The composition root hands each Registry a Lifetime holding what to release on close (the
engine it created, never one it was given); the registry's transaction factories are guarded by
it, so a unit of work cannot be opened on a closed registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from custreg.domain.errors import StorageError

T = TypeVar("T")


class Lifetime:
    """Open until ``close()``; ``close()`` runs its release callbacks once, in reverse order of
    registration, and is idempotent. After it, ``check()`` (and every guarded factory) raises
    StorageError. Close it from one thread, once its units of work are done."""

    def __init__(self, *releases: Callable[[], None]) -> None:
        self._releases = list(releases)
        self._closed = False

    @property
    def closed(self) -> bool:
        """True once ``close()`` was called."""
        return self._closed

    def check(self) -> None:
        """Raise StorageError if closed."""
        if self._closed:
            raise StorageError("the registry is closed")

    def close(self) -> None:
        """Mark closed and run the release callbacks (each once, even if one fails: the first
        failure is raised after all ran)."""
        if self._closed:
            return
        self._closed = True
        releases, self._releases = self._releases, []
        failure: BaseException | None = None
        for release in reversed(releases):
            try:
                release()
            except BaseException as error:  # run the others, report the first
                failure = failure or error
        if failure is not None:
            raise failure

    def guard(self, factory: Callable[[], T]) -> Callable[[], T]:
        """``factory``, refusing with StorageError once this lifetime is closed."""
        if getattr(factory, "_custreg_lifetime", None) is self:
            return factory  # already guarded by this lifetime (attrs.evolve of a registry)

        def guarded() -> T:
            self.check()
            return factory()

        guarded._custreg_lifetime = self  # type: ignore[attr-defined]
        return guarded
