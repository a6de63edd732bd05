"""The in-memory adapter: every port over Python dicts, transactional and thread-safe.

A real product feature (embedded use, tests of host applications), not only a test fake: the same
contract suite runs against it and against the SQL adapter.
"""

from custreg.adapters.memory.store import MemoryStore
from custreg.adapters.memory.store import MemoryUnitOfWork
from custreg.adapters.memory.store import memory_registry

__all__ = ["MemoryStore", "MemoryUnitOfWork", "memory_registry"]
