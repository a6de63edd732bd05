"""S4: invoice, sales and task statuses that are or have been used can be disabled, never deleted.

"Has been used" is remembered in the audit log: the first time a record takes a status, a ``use``
entry about that status is appended (append-only, in the same transaction). A status is in use
when a record has it now or such an entry exists. Disabling only hides a status from new choices;
it changes no existing record.
"""

from __future__ import annotations

import enum
from typing import Any
from uuid import UUID

from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import NotFoundError
from custreg.domain.events import FieldChanged
from custreg.domain.events import Stamp
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.writes import writing


class StatusKind(enum.Enum):
    """The three kinds of configurable status; the value names the settings field."""

    INVOICE = "invoice_statuses"
    SALES = "sales_statuses"
    TASK = "task_statuses"

    @property
    def entity(self) -> str:
        return self.value[:-2]  # "invoice_status", ...


USE = "use"


def _statuses(settings: OrganisationSettings, kind: StatusKind) -> tuple[Any, ...]:
    statuses: tuple[Any, ...] = getattr(settings, kind.value)
    return statuses


def _in_use_now(uow: UnitOfWork, kind: StatusKind, status_id: UUID) -> bool:
    if kind is StatusKind.INVOICE:
        return uow.invoices.uses_status(InvoiceStatusId(status_id))
    if kind is StatusKind.SALES:
        return uow.projects.uses_sales_status(SalesStatusId(status_id))
    return uow.tasks.uses_status(TaskStatusId(status_id))


def _ever_used(uow: UnitOfWork, kind: StatusKind, status_id: UUID) -> bool:
    return any(e.action == USE for e in uow.audit.for_entity(kind.entity, status_id))


def status_in_use(uow: UnitOfWork, kind: StatusKind, status_id: UUID) -> bool:
    """S4: whether a record has this status now or has ever had it."""
    return _in_use_now(uow, kind, status_id) or _ever_used(uow, kind, status_id)


def check_statuses_kept(
    uow: UnitOfWork, before: OrganisationSettings, after: OrganisationSettings
) -> None:
    """S4 for a whole new set of settings: every status ``after`` drops must be one no record
    has or ever had (else BusinessRuleError naming it; disabling is the way out)."""
    for kind in StatusKind:
        kept = {status.id for status in _statuses(after, kind)}
        for status in _statuses(before, kind):
            if status.id not in kept and status_in_use(uow, kind, status.id):
                raise BusinessRuleError(
                    kind.entity,
                    "id",
                    f"status {status.name!r} ({status.id}) is or has been used, so it can "
                    "only be disabled, not removed (S4)",
                )


def record_status_use(
    uow: Transaction, stamp: Stamp, kind: StatusKind, status_id: UUID, record: str
) -> None:
    """Remember that a record (``record``: e.g. ``project 1234``) took this status, the first time
    only: a ``use`` event on the status, recorded in ``uow`` (the transaction that assigns the
    status)."""
    pending = any(
        isinstance(e, FieldChanged) and e.action == USE and e.entity_id == status_id
        for e in uow.recorded
    )
    if pending or _ever_used(uow, kind, status_id):
        return
    uow.record([FieldChanged(kind.entity, status_id, "used_by", None, record, stamp, USE)])


def _replace(
    registry: Registry, principal: Principal, kind: StatusKind, status_id: UUID, action: str
) -> OrganisationSettings:
    with writing(registry, principal, kind.entity, action, CustomerPermission.ALL) as (uow, stamp):
        settings = uow.settings.get()
        statuses = _statuses(settings, kind)
        if not any(s.id == status_id for s in statuses):
            raise NotFoundError(kind.entity, status_id)
        if action == "delete" and status_in_use(uow, kind, status_id):
            raise BusinessRuleError(
                kind.entity, "id", "is or has been used, so it can only be disabled, not deleted"
            )
        after, events = settings.change_status(kind.value, status_id, action, stamp)
        return uow.commit_change(uow.settings.save, after, events)


def disable_status(
    registry: Registry, principal: Principal, kind: StatusKind, status_id: UUID
) -> OrganisationSettings:
    """S4: hide a status from new choices; every record keeps it (needs All)."""
    return _replace(registry, principal, kind, status_id, "disable")


def enable_status(
    registry: Registry, principal: Principal, kind: StatusKind, status_id: UUID
) -> OrganisationSettings:
    """Offer a disabled status again (needs All)."""
    return _replace(registry, principal, kind, status_id, "enable")


def delete_status(
    registry: Registry, principal: Principal, kind: StatusKind, status_id: UUID
) -> OrganisationSettings:
    """S4: delete a status that no record has or ever had; otherwise BusinessRuleError."""
    return _replace(registry, principal, kind, status_id, "delete")
