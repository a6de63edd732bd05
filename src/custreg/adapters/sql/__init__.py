"""The SQL adapter (extra ``custreg[sql]``): every port over SQLAlchemy 2.x Core, one code path for
SQLite and PostgreSQL. See docs/sql.md."""
