"""The bundle of ports a use case needs, built once by a composition root."""

from __future__ import annotations

from typing import Self

from attrs import field
from attrs import frozen

from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.ports.card import CardQueries
from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.host import with_fixed_settings
from custreg.ports.kpi import KpiQueriesFactory
from custreg.ports.lifetime import Lifetime
from custreg.ports.reports import ReportQueries
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import ExcInfo
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import UnitOfWorkFactory


@frozen
class Registry:
    """One organisation's customer registry: how to open a transaction, what time it is, how to
    make ids, and (optionally) the read models' pushdowns. ``custreg.open(url)`` builds one over
    SQL; ``custreg.open_memory()`` over memory; a host CRM builds one over its own adapters (a
    ``HostUnitOfWork`` offering only the minimal capability set will do).

    A registry is a context manager: leaving the ``with`` block (or ``close()``) releases what
    its composition root created for it (the SQL engine of ``custreg.open(url)``), never what the
    caller gave (an engine, a connection); afterwards every use raises StorageError.

    The read models are optional: without ``kpis``, ``cards`` or ``reports`` the use cases compute
    the KPI figures, the card tabs and the reports from the repositories (the core defaults in
    ``custreg.usecases.read_models``), with the same results."""

    organisation_id: OrganisationId
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    #: Opens a read view answering the KPI questions set-based; None: the core default.
    kpis: KpiQueriesFactory | None = None
    #: The customer card's read models, one read per tab (``custreg.ports.card``); None: the
    #: core default.
    cards: CardQueries | None = None
    #: Report rows and duplicate candidates (``custreg.ports.reports``); None: the core default.
    reports: ReportQueries | None = field(default=None, kw_only=True)
    #: Units of work for use cases that only read (nothing written, never committed), so an
    #: adapter can open them cheaper (the SQL adapter: on SQLite without taking the write lock);
    #: None means ``uow``.
    reads: UnitOfWorkFactory | None = field(default=None, kw_only=True)
    #: Fixed organisation settings for a host that keeps its own (no settings port): every unit
    #: of work then serves them as ``uow.settings`` (``custreg.ports.settings.FixedSettings``),
    #: and changing settings through custreg raises ``CapabilityMissing``. None: the units of
    #: work's own settings port.
    settings: OrganisationSettings | None = field(default=None, kw_only=True)
    #: What ``close()`` releases; set by the composition root (a fresh one releases nothing).
    lifetime: Lifetime = field(factory=Lifetime, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "uow", self.lifetime.guard(self.uow))
        if self.reads is not None:
            object.__setattr__(self, "reads", self.lifetime.guard(self.reads))
        if self.kpis is not None:
            object.__setattr__(self, "kpis", self.lifetime.guard(self.kpis))
        if self.settings is not None:  # frozen: set once, here, before anyone sees the registry
            object.__setattr__(self, "uow", with_fixed_settings(self.uow, self.settings))
            if self.reads is not None:
                object.__setattr__(self, "reads", with_fixed_settings(self.reads, self.settings))

    def read(self) -> UnitOfWork:
        """A unit of work for reading only (``reads``, else ``uow``); never commit it."""
        return (self.reads or self.uow)()

    @property
    def closed(self) -> bool:
        """True once the registry was closed (then every use raises StorageError)."""
        return self.lifetime.closed

    def close(self) -> None:
        """Release what the composition root created for this registry (idempotent); a unit
        of work opened afterwards raises StorageError."""
        self.lifetime.close()

    def __enter__(self) -> Self:
        """The registry itself; StorageError if it is already closed."""
        self.lifetime.check()
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        """Close the registry (see ``close``), whatever ended the block."""
        self.close()

    def transaction(self) -> Transaction:
        """A unit of work (``uow``) for a use case that writes: it records the domain events of
        the changes (``Transaction.record``) and writes their audit entries at commit."""
        return Transaction(self.uow(), self.ids)
