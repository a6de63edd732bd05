"""The bundle of ports a use case needs, built once by a composition root."""

from __future__ import annotations

from attrs import field, frozen

from custreg.domain.ids import OrganisationId
from custreg.ports.card import CardQueries
from custreg.ports.clock import Clock, IdGenerator
from custreg.ports.kpi import KpiQueriesFactory
from custreg.ports.reports import ReportQueries
from custreg.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


@frozen
class Registry:
    """One organisation's customer registry: how to open a transaction, what time it is, how to
    make ids, and how to open a read view for the KPI figures. ``custreg.open_registry(url)``
    builds one over SQL; ``custreg.memory_registry()`` over memory; a host CRM can build one over
    its own adapters."""

    organisation_id: OrganisationId
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    kpis: KpiQueriesFactory
    #: The customer card's read models, one read per tab (``custreg.ports.card``).
    cards: CardQueries
    #: Report rows and duplicate candidates (``custreg.ports.reports``); None if the host has none.
    reports: ReportQueries | None = field(default=None, kw_only=True)
    #: Units of work for use cases that only read (nothing written, never committed), so an
    #: adapter can open them cheaper (the SQL adapter: on SQLite without taking the write lock);
    #: None means ``uow``.
    reads: UnitOfWorkFactory | None = field(default=None, kw_only=True)

    def read(self) -> UnitOfWork:
        """A unit of work for reading only (``reads``, else ``uow``); never commit it."""
        return (self.reads or self.uow)()
