"""The in-memory adapter: every port over Python dicts, transactional and thread-safe.

A real product feature (embedded use, tests of host applications), not only a test fake: the same
contract suite runs against it and against the SQL adapter.
"""

from typing import TYPE_CHECKING

from custreg.adapters.memory.store import MemoryStore
from custreg.adapters.memory.store import MemoryUnitOfWork

if TYPE_CHECKING:
    from custreg.bootstrap import memory_registry
else:

    def __getattr__(name: str) -> object:
        """``memory_registry``: the deprecated alias, forwarded to the composition root (which
        imports this package, so it is looked up on first use)."""
        if name == "memory_registry":
            from custreg.bootstrap import memory_registry

            return memory_registry
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MemoryStore", "MemoryUnitOfWork", "memory_registry"]
