"""The composition root: builds a Registry from a database URL, when called (never at import)."""

from __future__ import annotations

from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.ports.clock import Clock, IdGenerator
from custreg.ports.registry import Registry


def open_registry(
    url: str,
    organisation_id: OrganisationId,
    *,
    settings: OrganisationSettings | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    migrate: bool = True,
) -> Registry:
    """Open the registry of ``organisation_id`` in the database at ``url``.

    ``sqlite:///path.db`` is the embedded default; ``postgresql+psycopg://...`` scales out. A fresh
    database is created at the newest schema; an older one is migrated unless ``migrate=False``,
    which raises SchemaVersionError instead. ``settings`` are stored if the organisation has none.
    Needs the ``custreg[sql]`` extra.
    """
    from custreg.adapters.sql import sql_registry  # the SQL adapter is optional: import on use

    return sql_registry(
        url, organisation_id, settings=settings, clock=clock, ids=ids, migrate=migrate
    )
