"""How a writing use case begins: the permission check, the stamp and the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from custreg.domain.events import Stamp
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction


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
