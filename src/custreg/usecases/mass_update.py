"""Mass update of customers (M1-M8) and its undo.

Set-based by construction: whatever the selection size, one mass update makes a constant number of
port calls (settings, ``ids_matching`` for a query selection, one ``read_field``, one
``write_field``, one ``audit.record``), all in one unit of work. Every check happens before the
first write, so a refusal writes nothing (M2).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs
from attrs import frozen

from custreg.domain.audit import AuditEntry
from custreg.domain.customer import version_number
from custreg.domain.errors import ConflictError
from custreg.domain.errors import CustregError
from custreg.domain.errors import MassUpdateError
from custreg.domain.errors import MassUpdateFailure
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.frozenmap import freeze
from custreg.domain.ids import CustomerId
from custreg.domain.mass_update import AUDIT_PREFIX
from custreg.domain.mass_update import BATCH_ENTITY
from custreg.domain.mass_update import FIELDS
from custreg.domain.mass_update import VERSIONS_FIELD
from custreg.domain.mass_update import CustomerOutcome
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldValue
from custreg.domain.mass_update import FieldWrite
from custreg.domain.mass_update import MassAction
from custreg.domain.mass_update import mass_update_changes
from custreg.domain.mass_update import parse_rendered
from custreg.domain.mass_update import plan
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork

UNDO = "undo"
_STALE = "changed by someone else since it was selected"
_CHANGED_SINCE = "changed again since the mass update"


def _unique_ids(value: Iterable[CustomerId] | None) -> tuple[CustomerId, ...] | None:
    """Explicit selections keep the user's order; selecting a customer twice selects it once."""
    if value is None:
        return None
    if isinstance(value, str | bytes):
        raise ValidationError("mass_update", "customer_ids", "must be a collection of ids", value)
    return tuple(dict.fromkeys(value))


def _versions(value: Mapping[CustomerId, int] | None) -> FrozenMap[CustomerId, int]:
    versions = freeze(value)
    for customer_id, version in versions.items():
        try:
            version_number(version)
        except ValidationError:
            raise ValidationError(
                "mass_update", "expected_versions", f"bad version for {customer_id}", version
            ) from None
    return versions


@frozen
class MassUpdate:
    """One action applied to a selection of customers.

    The selection is either explicit ids (the ticked rows; optionally with the version of each
    that the user saw, so a customer someone else changed since fails instead of being
    overwritten) or a ``CustomerQuery`` ("all customers of owner X in industry Y"), resolved inside
    the transaction. Use ``MassUpdate.of_ids`` or ``MassUpdate.matching``.
    """

    action: MassAction
    customer_ids: tuple[CustomerId, ...] | None = attrs.field(default=None, converter=_unique_ids)
    query: CustomerQuery | None = None
    expected_versions: FrozenMap[CustomerId, int] = attrs.field(
        factory=FrozenMap, converter=_versions
    )

    def __attrs_post_init__(self) -> None:
        if (self.customer_ids is None) == (self.query is None):
            raise ValidationError(
                "mass_update", "selection", "select customers by ids or by a query, not both"
            )
        if self.expected_versions and self.customer_ids is None:
            raise ValidationError(
                "mass_update", "expected_versions", "only an id selection carries versions"
            )
        unselected = set(self.expected_versions) - set(self.customer_ids or ())
        if unselected:
            raise ValidationError(
                "mass_update",
                "expected_versions",
                "versions of unselected customers",
                sorted(unselected),
            )

    @classmethod
    def of_ids(
        cls,
        action: MassAction,
        customer_ids: Iterable[CustomerId],
        expected_versions: Mapping[CustomerId, int] | None = None,
    ) -> MassUpdate:
        """Apply ``action`` to these customers (unknown ids fail the whole update, M2)."""
        return cls(action, tuple(customer_ids), None, expected_versions or {})

    @classmethod
    def matching(cls, action: MassAction, query: CustomerQuery) -> MassUpdate:
        """Apply ``action`` to every customer matching ``query`` when the update runs."""
        return cls(action, None, query)


@frozen
class MassUpdateResult:
    """M7: one outcome per selected customer, in selection order.

    ``batch_id`` groups the audit entries of this update (pass it to ``undo_mass_update``); it is
    None when no customer needed a change, since nothing was written. ``undoes`` is the batch an
    undo reverted.
    """

    action: str
    field: str | None
    batch_id: UUID | None
    outcomes: tuple[CustomerOutcome, ...]
    undoes: UUID | None = None

    @property
    def changed(self) -> tuple[CustomerOutcome, ...]:
        return tuple(o for o in self.outcomes if o.changed)

    @property
    def unchanged(self) -> tuple[CustomerOutcome, ...]:
        """Customers that already had the value (M6: they were not written)."""
        return tuple(o for o in self.outcomes if not o.changed)

    @property
    def selected(self) -> int:
        return len(self.outcomes)


def _failure(
    customer_id: CustomerId, error: CustregError, reason: str | None = None
) -> MassUpdateFailure:
    return MassUpdateFailure(customer_id, error.field, reason or error.reason, error)


def _missing(customer_id: CustomerId) -> MassUpdateFailure:
    return _failure(customer_id, NotFoundError("customer", customer_id), "no such customer")


def _conflict(
    customer_id: CustomerId, expected: int, actual: int, reason: str
) -> MassUpdateFailure:
    error = ConflictError("customer", customer_id, expected, actual)
    return _failure(customer_id, error, f"{reason} (version {expected}, now {actual})")


def _write_fields(
    uow: Transaction,
    principal: Principal,
    action: str,
    versions: Mapping[CustomerId, int],
    changed: Sequence[CustomerOutcome],
    at: datetime,
) -> None:
    """One ``write_field`` per field of the ``changed`` outcomes, guarded by the ``versions``
    read; a customer changed by another transaction since fails the update (MassUpdateError).
    The writes die with this call: a batch of 100,000 keeps no second object per customer
    alive while its audit entries are made."""
    for field in dict.fromkeys(outcome.field for outcome in changed):
        writes = [
            FieldWrite(o.customer_id, versions[o.customer_id], o.after)
            for o in changed
            if o.field == field
        ]
        try:
            uow.customers.write_field(field, writes, at, principal.user_id)
        except ConflictError as conflict:  # changed by another transaction since we read it
            if conflict.entity_id is None:  # the database refused the transaction: retryable
                raise
            customer_id = CustomerId(conflict.entity_id)  # type: ignore[arg-type]
            reason = "changed by someone else while the update ran"
            raise MassUpdateError(action, [_failure(customer_id, conflict, reason)]) from conflict


def _write(
    registry: Registry,
    uow: Transaction,
    principal: Principal,
    action: str,
    versions: Mapping[CustomerId, int],
    outcomes: Sequence[CustomerOutcome],
) -> UUID | None:
    """Write the changed customers and their audit entries in one go; None if nothing
    changed."""
    changed = [outcome for outcome in outcomes if outcome.changed]
    if not changed:
        return None
    batch_id = registry.ids.new_id()
    stamp = Stamp.by(principal, registry.clock.now(), batch_id)
    _write_fields(uow, principal, action, versions, changed, stamp.at)
    uow.commit(mass_update_changes(stamp, action, changed, versions))
    return batch_id


def _planned(
    selected: Sequence[CustomerId],
    current: Mapping[CustomerId, FieldState],
    action: MassAction,
    failures: list[MassUpdateFailure],
) -> Iterable[CustomerOutcome]:
    """The outcome for each selected customer found; a customer the action cannot apply to
    (a 51st e-invoicing address, C7) is added to ``failures`` instead."""
    for customer_id in selected:
        state = current.get(customer_id)
        if state is None:
            continue
        try:
            yield plan(customer_id, state, action)
        except ValidationError as error:
            failures.append(_failure(customer_id, error))


def _read_and_plan(
    uow: Transaction, cmd: MassUpdate, selected: Sequence[CustomerId], audit_action: str
) -> tuple[tuple[CustomerOutcome, ...], dict[CustomerId, int]]:
    """The outcome for each selected customer and the version each was read at, or
    MassUpdateError naming every selected customer that is missing, stale (M2) or refuses the
    action (C7). The states read go with the return: only the outcomes and versions outlive it."""
    action = cmd.action
    current = uow.customers.read_field(selected, action.field)
    failures: list[MassUpdateFailure] = []
    for customer_id in selected:
        state = current.get(customer_id)
        expected = cmd.expected_versions.get(customer_id)
        if state is None:
            failures.append(_missing(customer_id))
        elif expected is not None and expected != state.version:
            failures.append(_conflict(customer_id, expected, state.version, _STALE))
    outcomes = tuple(_planned(selected, current, action, failures))
    if failures:
        raise MassUpdateError(audit_action, failures)
    return outcomes, {customer_id: state.version for customer_id, state in current.items()}


def mass_update(registry: Registry, principal: Principal, cmd: MassUpdate) -> MassUpdateResult:
    """Apply ``cmd.action`` to every selected customer, or to none.

    Refusals, all before anything is written: PermissionDeniedError below Edit (M8); a
    ValidationError if the value is not an active setting (M5); MassUpdateError naming every
    selected customer that does not exist or whose version is not the one the user saw (M2).
    Customers that already have the value are reported unchanged and not written (M6, M7).
    """
    action = cmd.action
    audit_action = AUDIT_PREFIX + action.name
    require(principal, CustomerPermission.EDIT, "customer", "mass update")
    with registry.transaction() as uow:
        action.check(uow.settings.get())
        if cmd.customer_ids is not None:
            selected: Sequence[CustomerId] = cmd.customer_ids
        else:
            assert cmd.query is not None
            selected = uow.customers.ids_matching(cmd.query)
        outcomes, versions = _read_and_plan(uow, cmd, selected, audit_action)
        batch_id = _write(registry, uow, principal, audit_action, versions, outcomes)
    return MassUpdateResult(action.name, action.field, batch_id, outcomes)


def _batch(uow: UnitOfWork, batch_id: UUID) -> tuple[dict[CustomerId, AuditEntry], Any]:
    """The customer entries of a mass-update batch, in recorded order, and the versions it wrote
    (NotFoundError if ``batch_id`` is no mass update's batch)."""
    changes: dict[CustomerId, AuditEntry] = {}
    versions: Any = None
    for entry in uow.audit.for_batch(batch_id):
        if not entry.action.startswith(AUDIT_PREFIX):
            continue
        if entry.entity == "customer":
            changes[CustomerId(entry.entity_id)] = entry
        elif entry.entity == BATCH_ENTITY and entry.field == VERSIONS_FIELD:
            versions = entry.after
    if not changes or not isinstance(versions, dict):
        raise NotFoundError("mass_update", batch_id, "batch_id")
    return changes, versions


def _parsed() -> Callable[[str, Any], FieldValue]:
    """``parse_rendered`` remembering its results for text renderings (ids, statuses): a batch
    restores a few values to thousands of customers, which then share one object each."""
    done: dict[tuple[str, str], FieldValue] = {}

    def parsed(field: str, rendered: Any) -> FieldValue:
        if not isinstance(rendered, str):
            return parse_rendered(field, rendered)
        key = (field, rendered)
        if key not in done:
            done[key] = parse_rendered(field, rendered)
        return done[key]

    return parsed


def _restore(
    customer_id: CustomerId,
    change: AuditEntry,
    written: Any,
    state: FieldState | None,
    parse: Callable[[str, Any], FieldValue] = parse_rendered,
) -> CustomerOutcome | MassUpdateFailure:
    """The outcome restoring one customer of a batch, or why it cannot be restored."""
    try:
        before = parse(change.field, change.before)
    except ValidationError as unreadable:
        return _failure(customer_id, unreadable)
    if state is None:
        return _missing(customer_id)
    if not isinstance(written, int):
        error = ValidationError("audit_entry", "batch_id", "no version recorded", written)
        return _failure(customer_id, error)
    if state.version != written:
        return _conflict(customer_id, written, state.version, _CHANGED_SINCE)
    return CustomerOutcome(customer_id, change.field, state.value, before)


def _states(
    uow: UnitOfWork, changes: Mapping[CustomerId, AuditEntry]
) -> dict[CustomerId, FieldState]:
    """The current state of each customer of a batch in the field its entry changed: one
    ``read_field`` per field (a batch has one; a tampered log is still read set-based)."""
    states: dict[CustomerId, FieldState] = {}
    for field in FIELDS & {entry.field for entry in changes.values()}:
        ids = [cid for cid, entry in changes.items() if entry.field == field]
        states.update(uow.customers.read_field(ids, field))
    return states


def undo_mass_update(registry: Registry, principal: Principal, batch_id: UUID) -> MassUpdateResult:
    """Restore exactly the previous values of the customers mass update ``batch_id`` changed.

    All or nothing: if any of them changed since (its version moved past the one the batch
    wrote), MassUpdateError names each such customer and nothing is written. The undo is audited
    as its own batch (``result.batch_id``), which can itself be undone. NotFoundError for a batch
    id that no mass update wrote; PermissionDeniedError below Edit (M8).
    """
    require(principal, CustomerPermission.EDIT, "customer", "undo mass update")
    audit_action = AUDIT_PREFIX + UNDO
    with registry.transaction() as uow:
        changes, versions = _batch(uow, batch_id)
        current = _states(uow, changes)
        parse = _parsed()
        planned = [
            _restore(cid, change, versions.get(str(cid)), current.get(cid), parse)
            for cid, change in changes.items()
        ]
        failures = [p for p in planned if isinstance(p, MassUpdateFailure)]
        if failures:
            raise MassUpdateError(f"undo of mass update {batch_id}", failures)
        outcomes = tuple(p for p in planned if isinstance(p, CustomerOutcome))
        fields = {o.field for o in outcomes}
        read = {cid: state.version for cid, state in current.items()}
        new_batch = _write(registry, uow, principal, audit_action, read, outcomes)
    field = fields.pop() if len(fields) == 1 else None
    return MassUpdateResult(UNDO, field, new_batch, outcomes, undoes=batch_id)


def mass_update_trail(registry: Registry, principal: Principal, batch_id: UUID) -> list[AuditEntry]:
    """M7: the audit trail of one mass update (or undo): who, when, which action, and per changed
    customer the field's value before and after, then the batch's entry (versions written)."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "read audit trail")
    with registry.read() as uow:
        entries = uow.audit.for_batch(batch_id)
    if not entries:
        raise NotFoundError("mass_update", batch_id, "batch_id")
    return entries


__all__ = [
    "MassUpdate",
    "MassUpdateResult",
    "mass_update",
    "mass_update_trail",
    "undo_mass_update",
]
