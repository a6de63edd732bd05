"""Helpers of the SQL adapter tests (imported as ``sqlkit``, like tests/card/cardkit.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from custreg.adapters.sql import SqlDatabase


class StatementLog:
    """The SQL statements sent to the database (one entry per cursor execute / executemany)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)

    def clear(self) -> None:
        self.statements.clear()


@contextmanager
def statements(database: SqlDatabase) -> Iterator[StatementLog]:
    """Record every statement ``database`` sends while the block runs."""
    log = StatementLog()

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        log.statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
