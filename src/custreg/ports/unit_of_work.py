"""The transaction boundary: what one unit of work does commits or rolls back together."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from types import TracebackType
from typing import Protocol
from typing import Self
from typing import TypeAlias
from typing import TypeVar

from custreg.domain.errors import CapabilityMissing
from custreg.ports.activities import ActivityRepository
from custreg.ports.activities import NoteRepository
from custreg.ports.activities import TaskRepository
from custreg.ports.audit import AuditLog
from custreg.ports.customers import AddressRepository
from custreg.ports.customers import ContactRepository
from custreg.ports.customers import CustomerRepository
from custreg.ports.files import FileLinkRepository
from custreg.ports.invoices import InvoiceRepository
from custreg.ports.projects import ProjectRepository
from custreg.ports.settings import SettingsRepository

#: The arguments of ``__exit__`` (exception type, exception, traceback; all None after a block
#: that ended normally), written once for every context manager of the ports and adapters.
ExcInfo: TypeAlias = tuple[type[BaseException] | None, BaseException | None, TracebackType | None]


class UnitOfWork(Protocol):
    """One transaction over one organisation's registry.

    Use as a context manager: leaving the block without ``commit()`` (or with an exception) rolls
    back every change made through the repositories. Inside the block every repository reads its
    own unit of work's writes (read your writes); nothing of them is visible to another unit of
    work before ``commit()``, and then all of it at once. Customer and project numbers are the
    exception: drawn numbers are never handed out again, even when the unit of work that drew
    them rolls back (numbers may be skipped, never reused). A unit of work is used by one thread,
    inside its block only; after the block its repositories raise a ``CustregError``.

    Every repository property is a capability; a unit of work that does not offer one raises
    ``CapabilityMissing`` when it is asked for (see ``custreg.ports.host``), and custreg's own
    adapters offer all of them.
    """

    @property
    def customers(self) -> CustomerRepository:
        """Customers."""
        ...

    @property
    def addresses(self) -> AddressRepository:
        """Addresses of customers."""
        ...

    @property
    def contacts(self) -> ContactRepository:
        """Contact persons."""
        ...

    @property
    def projects(self) -> ProjectRepository:
        """Projects, sales cases, proposals and costs."""
        ...

    @property
    def invoices(self) -> InvoiceRepository:
        """Invoices and credit notes."""
        ...

    @property
    def activities(self) -> ActivityRepository:
        """To-dos and calendar entries."""
        ...

    @property
    def notes(self) -> NoteRepository:
        """Notes."""
        ...

    @property
    def tasks(self) -> TaskRepository:
        """Project tasks."""
        ...

    @property
    def files(self) -> FileLinkRepository:
        """Files and links (metadata)."""
        ...

    @property
    def settings(self) -> SettingsRepository:
        """The organisation's settings."""
        ...

    @property
    def audit(self) -> AuditLog:
        """The audit log."""
        ...

    def __enter__(self) -> Self:
        """Begin the transaction; every read inside sees this unit of work's own writes."""
        ...

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        """End the transaction: roll back whatever was not committed (always, also after an
        exception, which then propagates)."""
        ...

    def commit(self) -> None:
        """Make every change of this unit of work durable and visible to others, atomically."""
        ...

    def rollback(self) -> None:
        """Forget every change of this unit of work."""
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


T = TypeVar("T")


def rows_if_offered(read: Callable[[], Iterable[T]]) -> list[T]:
    """What ``read`` returns, as a list; nothing when the capability it reads is not offered
    (``CapabilityMissing``): a read model shows no projects to a host without projects."""
    try:
        return list(read())
    except CapabilityMissing:
        return []
