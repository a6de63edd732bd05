"""Statements custreg runs at the driver's cursor (a listing page, a report chunk, a COPY), seen
as SQLAlchemy's own are: written to the engine's log (``echo``) and passed through the engine's
cursor events, so statement logs, tracing and the statement-count tests see them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from custreg.adapters.sql.errors import logged

__all__ = ["at_driver", "before_driver", "listened"]


@contextmanager
def at_driver(connection: Any, cursor: Any, sql: str, params: Any, many: bool) -> Iterator[None]:
    """Around a statement run at the driver's ``cursor``: ``before_driver``, then the engine's
    ``after_cursor_execute`` events once it ran."""
    event = before_driver(connection, cursor, sql, params, many)
    yield
    if event is not None:
        connection.dispatch.after_cursor_execute(*event)


def before_driver(
    connection: Any, cursor: Any, sql: str, params: Any, many: bool
) -> tuple[Any, ...] | None:
    """Before a statement runs at the driver's ``cursor``: logged as SQLAlchemy logs the ones
    it runs (``errors.logged``; the rows of a ``many`` statement counted, not listed) and passed
    through the engine's ``before_cursor_execute`` events, so logs, tracing and the
    statement-count tests see it like any other. Returns the events' arguments for
    ``after_cursor_execute`` once it ran (None: no cursor event is listened for)."""
    logged(connection, sql, f"{len(params)} rows" if many else params)
    dispatch = connection.dispatch
    if not (dispatch.before_cursor_execute or dispatch.after_cursor_execute):
        return None
    event = (connection, cursor, sql, params, None, many)
    dispatch.before_cursor_execute(*event)
    return event


def listened(engine: Any) -> bool:
    """Whether anything sees ``engine``'s statements: a listener of its cursor events or its
    log (``echo``, or its logger set to INFO). Nothing does: a statement may run on one of its
    driver connections with no SQLAlchemy Connection around it and be missed by none."""
    dispatch = engine.dispatch
    if dispatch.before_cursor_execute or dispatch.after_cursor_execute:
        return True
    return bool(engine.logger.isEnabledFor(logging.INFO))
