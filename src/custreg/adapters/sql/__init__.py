"""The SQL adapter (extra ``custreg[sql]``): every port over SQLAlchemy 2.x Core, one code path for
SQLite and PostgreSQL. See docs/sql.md."""

from custreg.adapters.sql.database import SqlDatabase
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.bootstrap import open_registry as sql_registry  # deprecated: forwards to custreg.open

__all__ = ["SqlDatabase", "SqlUnitOfWork", "sql_registry"]
