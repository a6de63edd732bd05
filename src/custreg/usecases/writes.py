"""How a writing use case begins (the permission check, the stamp and the transaction), and the
one shape of the read-only lists of a customer's rows."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from typing import TypeVar

from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork

T = TypeVar("T")


@contextmanager
def writing(
    registry: Registry,
    principal: Principal,
    entity: str,
    action: str,
    level: CustomerPermission = CustomerPermission.EDIT,
) -> Iterator[tuple[Transaction, Stamp]]:
    """``require(principal, level, entity, action)`` (PermissionDeniedError before anything is
    read), then the stamp of the write (the principal, the registry clock's now) and the
    transaction it is made in; leaving the block without commit rolls everything back."""
    require(principal, level, entity, action)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        yield uow, stamp


class _OfCustomer(Protocol[T]):
    """A repository listing a customer's rows."""

    def for_customer(self, customer_id: CustomerId, /) -> list[T]: ...


def customer_rows(
    registry: Registry,
    principal: Principal,
    entity: str,
    customer_id: CustomerId,
    repository: Callable[[UnitOfWork], _OfCustomer[T]],
) -> list[T]:
    """The customer's ``entity`` rows, as ``repository`` (of one read unit of work) lists them:
    ``require`` Read-only (U2: PermissionDeniedError before anything is read), NotFoundError for
    an unknown customer."""
    require(principal, CustomerPermission.READ_ONLY, entity, "list")
    with registry.read() as uow:
        uow.customers.get(customer_id)
        return repository(uow).for_customer(customer_id)

