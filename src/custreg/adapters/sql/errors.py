"""Translation of SQLAlchemy and driver exceptions into custreg errors (never let them cross).

- a broken constraint (unique, primary or foreign key, not null) -> ``IntegrityError`` naming the
  entity and, where the constraint says it, the field;
- a transaction refused because of a concurrent one (PostgreSQL deadlock 40P01, serialization
  failure 40001, lock timeout 55P03; SQLite busy or locked past the busy timeout) ->
  ``ConflictError`` with ``retryable`` True: nothing was written, the caller may run the same
  operation again;
- anything else operational (connection refused or lost, statement timeout) -> ``StorageError``;
- any other database or SQLAlchemy failure -> ``StorageError``.
The original exception stays available as ``__cause__`` for logs. (``logged``: a statement run
at the driver logged as SQLAlchemy logs its own.)
"""

from __future__ import annotations

import logging
import re
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

from sqlalchemy import exc as sa_exc

from custreg.adapters.sql import tables
from custreg.domain.errors import ConflictError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import StorageError

#: table name -> entity name used in errors.
ENTITIES = {
    "organisations": "organisation",
    "organisation_settings": "settings",
    "counters": "counter",
    "customers": "customer",
    "customer_segments": "customer",
    "addresses": "address",
    "contacts": "contact",
    "contact_keywords": "contact",
    "projects": "project",
    "proposals": "proposal",
    "cost_entries": "cost_entry",
    "invoices": "invoice",
    "invoice_projects": "invoice",
    "activities": "activity",
    "notes": "note",
    "tasks": "task",
    "files": "file",
    "audit_entries": "audit",
    **{t.name: "settings" for t in tables.SETTINGS_TABLES},
}

_SQLITE_CONSTRAINT = re.compile(r"(UNIQUE|NOT NULL) constraint failed: ([\w., ]+)")


#: PostgreSQL SQLSTATEs of a transaction that lost to a concurrent one, and what they mean.
_CONCURRENCY_STATES = {
    "40P01": "deadlock with a concurrent transaction",
    "40001": "serialization failure with a concurrent transaction",
    "55P03": "a row or table stayed locked by a concurrent transaction past the lock timeout",
}
#: SQLite primary result codes SQLITE_BUSY and SQLITE_LOCKED.
_SQLITE_BUSY = {5, 6}


def _concurrency(orig: BaseException, table: str | None) -> ConflictError | None:
    """The retryable ConflictError for a driver error that says a concurrent transaction won."""
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    why = _CONCURRENCY_STATES.get(state or "")
    code = getattr(orig, "sqlite_errorcode", None)
    if why is None and isinstance(code, int) and code & 0xFF in _SQLITE_BUSY:
        why = "the database stayed locked by a concurrent transaction past the busy timeout"
    if why is None and state is None and "database is locked" in str(orig):
        why = "the database stayed locked by a concurrent transaction past the busy timeout"
    if why is None:
        return None
    entity = ENTITIES.get(table or "", "storage")
    return ConflictError(
        entity, None, None, None, reason=f"{why}; nothing was written, retry", retryable=True
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _integrity(error: sa_exc.IntegrityError, table_hint: str | None) -> IntegrityError:
    """Name the entity and field from the constraint (PostgreSQL diag or SQLite message)."""
    orig = error.orig
    message = _first_line(orig) if orig is not None else _first_line(error)
    diag = getattr(orig, "diag", None)
    table = getattr(diag, "table_name", None) or table_hint
    constraint: str | None = getattr(diag, "constraint_name", None)
    column: str | None = getattr(diag, "column_name", None)
    match = _SQLITE_CONSTRAINT.search(message)
    if match:  # "customers.organisation_id, customers.number": the last column says most
        table, _, column = match.group(2).split(",")[-1].strip().partition(".")
    elif constraint and table:
        column = _field_of(constraint, table)
    if "FOREIGN KEY" in message.upper() or (constraint or "").startswith("fk_"):
        reason = f"refers to something that does not exist: {message}"
    elif "NOT NULL" in message.upper() or "null value" in message:
        reason = f"is required: {message}"
    else:
        reason = f"is already taken: {message}"
    entity = ENTITIES.get(table or "", "storage")
    return IntegrityError(reason, entity, column)


def _field_of(constraint: str, table: str) -> str | None:
    """The field a constraint is about, from the naming convention of ``tables.metadata``."""
    if constraint.startswith("pk_"):
        return "id"
    for prefix in ("uq_", "fk_"):
        head = f"{prefix}{table}_organisation_id_"
        if constraint.startswith(head):
            rest = constraint[len(head) :]
            for target in ("_customers", "_projects", "_contacts", "_invoices"):
                rest = rest.removesuffix(target)
            return rest or None
    return None


def translate(error: BaseException, table: str | None = None) -> StorageError | ConflictError:
    """The custreg error for a SQLAlchemy or driver exception (pass-through for custreg ones);
    ``table`` names the table the failed statement wrote, when the driver does not say."""
    if isinstance(error, StorageError | ConflictError):
        return error
    if isinstance(error, sa_exc.IntegrityError):
        return _integrity(error, table)
    if isinstance(error, sa_exc.DBAPIError):
        orig = error.orig if error.orig is not None else error
        conflict = _concurrency(orig, table)
        if conflict is not None:
            return conflict
        kind = "connection lost" if error.connection_invalidated else type(orig).__name__
        return StorageError(f"database error ({kind}): {_first_line(orig)}")
    return StorageError(f"database error: {_first_line(error)}")


class _Translated:
    """``translated``'s context manager: one shared instance, no generator per block (every
    unit of work enters a few)."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(error, sa_exc.SQLAlchemyError):
            raise translate(error) from error


_TRANSLATED = _Translated()


def translated() -> AbstractContextManager[None]:
    """Run a block, turning SQLAlchemy and driver exceptions into custreg errors."""
    return _TRANSLATED


def logged(connection: Any, sql: str, params: Any) -> None:
    """Log a statement run at the driver as SQLAlchemy logs the ones it runs (the engine's
    ``echo``, or its logger set to INFO), so the log shows every statement sent."""
    logger = connection.engine.logger
    if logger.isEnabledFor(logging.INFO):
        logger.info("%s", sql)
        logger.info("[at the driver] %r", params)
