"""The port contract suite (custreg.testing.contracts) on every backend: memory, SQLite, PostgreSQL.

The same classes are what a host application mixes into its own tests to check its adapters.
"""

from __future__ import annotations

from custreg.testing.contracts import ReadModelContract
from custreg.testing.contracts import RepositoryContract


class TestRepositoryContract(RepositoryContract):
    """Every repository port and the unit of work, through the ``registry_factory`` fixture."""


class TestReadModelContract(ReadModelContract):
    """The KPI and card pushdowns of every backend against the core's defaults."""
