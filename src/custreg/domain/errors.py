"""The one exception hierarchy of custreg.

Every error says which entity and field it is about and why, so a host application can show it next
to the right input without parsing messages. Library exceptions (SQLAlchemy, httpx, ...) never cross
the boundary: adapters translate them into these.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import NamedTuple

from attrs import frozen


class CustregError(Exception):
    """Base of every error custreg raises on purpose."""

    entity: str
    field: str | None
    reason: str

    def __init__(self, entity: str, field: str | None, reason: str) -> None:
        self.entity = entity
        self.field = field
        self.reason = reason
        where = f"{entity}.{field}" if field else entity
        super().__init__(f"{where}: {reason}")


class ValidationError(CustregError, ValueError):
    """A value breaks a rule of the domain (blank name, bad VAT number, unknown industry...)."""

    value: Any

    def __init__(self, entity: str, field: str | None, reason: str, value: Any = None) -> None:
        self.value = value
        super().__init__(entity, field, reason)


class ValidationErrors(ValidationError):
    """Several validation errors found at once; ``errors`` holds each of them."""

    errors: tuple[ValidationError, ...]

    def __init__(self, errors: Sequence[ValidationError]) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(first.entity, first.field, first.reason, first.value)

    def __str__(self) -> str:
        return "; ".join(str(e) for e in self.errors)

    @property
    def fields(self) -> tuple[str | None, ...]:
        """The failing fields, in order."""
        return tuple(e.field for e in self.errors)


class NotFoundError(CustregError, LookupError):
    """The entity with the given id does not exist (or is not visible to the principal)."""

    entity_id: object

    def __init__(self, entity: str, entity_id: object, field: str | None = "id") -> None:
        self.entity_id = entity_id
        super().__init__(entity, field, f"no {entity} with id {entity_id}")


class PermissionDeniedError(CustregError, PermissionError):
    """The principal's permissions do not allow the action."""

    action: str
    required: str

    def __init__(self, entity: str, action: str, required: str, field: str | None = None) -> None:
        self.action = action
        self.required = required
        super().__init__(entity, field, f"{action} needs {required}")


class ConflictError(CustregError):
    """Another transaction got there first; nothing of this operation was written.

    Either optimistic concurrency (the entity changed since it was read: ``entity_id`` and both
    versions say which) or the database refusing a transaction because of a concurrent one
    (deadlock, serialization failure, a lock held past the lock timeout: ``entity_id`` and the
    versions are None, ``reason`` says which). ``retryable`` is True for both: the caller may
    read again and run the same operation again, and it may then succeed.
    """

    entity_id: object
    expected_version: int | None
    actual_version: int | None
    retryable: bool

    def __init__(
        self,
        entity: str,
        entity_id: object,
        expected_version: int | None,
        actual_version: int | None,
        *,
        reason: str | None = None,
        retryable: bool = True,
    ) -> None:
        self.entity_id = entity_id
        self.expected_version = expected_version
        self.actual_version = actual_version
        self.retryable = retryable
        super().__init__(
            entity,
            "version",
            reason
            or (
                f"{entity} {entity_id} was changed by someone else "
                f"(expected version {expected_version}, found {actual_version})"
            ),
        )


class PossibleDuplicateError(CustregError):
    """C4: another customer already has this VAT number / business id."""

    existing_id: object
    existing_name: str

    def __init__(self, field: str, existing_id: object, existing_name: str) -> None:
        self.existing_id = existing_id
        self.existing_name = existing_name
        super().__init__(
            "customer",
            field,
            f"possible duplicate of customer {existing_name!r} ({existing_id}); "
            "pass accept_duplicate=True to create it anyway",
        )


class NumberTakenError(ConflictError):
    """C3: another customer of the registry already holds this customer number; nothing changed.

    ``holder_id`` is that customer (the conflict is not a version one: both versions are None;
    None as well when a concurrent writer took the number). Not ``retryable``: the same number
    stays taken.
    """

    number: int
    holder_id: object

    def __init__(self, number: int, holder_id: object) -> None:
        reason = f"customer number {number} is held by customer {holder_id}"
        super().__init__("customer", holder_id, None, None, reason=reason, retryable=False)
        self.number = number
        self.holder_id = holder_id
        self.field = "number"
        self.args = (f"customer.number: {reason}",)


class BusinessRuleError(CustregError):
    """The action is well-formed but the current state forbids it (moving an invoiced project)."""


class CapabilityMissing(CustregError):
    """The host's adapter does not offer a capability the action needs (projects, invoices,
    audit trail...). ``field`` names the capability; nothing was written."""

    capability: str

    def __init__(self, capability: str, action: str = "this action") -> None:
        self.capability = capability
        super().__init__("registry", capability, f"{action} needs the {capability!r} capability")


class StorageError(CustregError):
    """The storage failed (connection lost, lock timeout...). Nothing was written."""

    def __init__(self, reason: str, entity: str = "storage", field: str | None = None) -> None:
        super().__init__(entity, field, reason)


class IntegrityError(StorageError):
    """The storage refused a write breaking one of its constraints (unique, foreign key)."""


class SchemaVersionError(StorageError):
    """The database schema is older or newer than this custreg and was not migrated."""


class RegistryError(CustregError):
    """Base of errors talking to a public business registry."""


class RegistryUnavailableError(RegistryError):
    """R4: the registry was unreachable, timed out or rate-limited us: the answer is *unknown*."""

    def __init__(self, registry: str, reason: str) -> None:
        super().__init__("registry", registry, f"{registry} registry unavailable: {reason}")


class RegistryDataError(RegistryError):
    """R4: the registry answered something we cannot read (malformed or unexpected payload)."""

    def __init__(self, registry: str, reason: str) -> None:
        super().__init__("registry", registry, f"{registry} registry answered bad data: {reason}")


class CompanyNotFoundError(RegistryError, LookupError):
    """The registry answered, and it has no company with this id."""

    def __init__(self, registry: str, business_id: str) -> None:
        super().__init__("registry", registry, f"{registry} registry has no company {business_id}")


class CompanyGoneError(RegistryError):
    """R5: the registry reports the company as deleted/dissolved or removed from public view."""

    def __init__(self, registry: str, business_id: str, reason: str) -> None:
        super().__init__("registry", registry, f"{business_id}: {reason}")


class MassUpdateFailure(NamedTuple):
    """Why one selected customer stopped a mass update (M2): its id, the field and the reason.

    ``error`` is the typed error for that customer (NotFoundError, ConflictError, ...).
    """

    customer_id: object
    field: str | None
    reason: str
    error: CustregError


class MassUpdateError(BusinessRuleError):
    """M2: a mass update (or its undo) refused as a whole; nothing was written.

    ``failures`` names every failing customer and why, in selection order.
    """

    failures: tuple[MassUpdateFailure, ...]

    def __init__(self, action: str, failures: Sequence[MassUpdateFailure]) -> None:
        self.failures = tuple(failures)
        shown = _first_few(f"{f.customer_id}: {f.reason}" for f in self.failures)
        field = self.failures[0].field if self.failures else None
        super().__init__(
            "customer",
            field,
            f"{action} refused, nothing was changed: {len(self.failures)} selected "
            f"customer(s) failed ({shown})",
        )

    @property
    def customer_ids(self) -> tuple[object, ...]:
        """The failing customers, in selection order."""
        return tuple(f.customer_id for f in self.failures)


@frozen
class RowError:
    """Why row ``index`` (0-based, in input order) of a bulk entry was refused: the field, the
    reason and the typed error (ValidationError, PermissionDeniedError...)."""

    index: int
    field: str | None
    reason: str
    error: CustregError


class EntryRowsError(ValidationError):
    """A bulk entry refused as a whole; nothing was stored. ``rows`` names every failing row,
    its field and why, in input order (a row failing on several fields appears once per field).
    """

    rows: tuple[RowError, ...]

    def __init__(self, entity: str, rows: Sequence[RowError]) -> None:
        self.rows = tuple(rows)
        first = self.rows[0]
        shown = _first_few(f"row {r.index} {r.field}: {r.reason}" for r in self.rows)
        failing = len({r.index for r in self.rows})
        super().__init__(
            entity,
            first.field,
            f"nothing was stored: {failing} row(s) failed ({shown})",
            first.index,
        )

    @property
    def indexes(self) -> tuple[int, ...]:
        """The failing rows, each once, in input order."""
        return tuple(dict.fromkeys(r.index for r in self.rows))


def row_errors(index: int, error: CustregError) -> list[RowError]:
    """The RowErrors of row ``index`` failing with ``error`` (one per field of ValidationErrors)."""
    parts: Sequence[CustregError] = (
        error.errors if isinstance(error, ValidationErrors) else (error,)
    )
    return [RowError(index, e.field, e.reason, e) for e in parts]


def _first_few(parts: Iterable[str], shown: int = 5) -> str:
    """The first ``shown`` of ``parts`` joined by "; ", then how many more there are."""
    items = list(parts)
    more = f"; and {len(items) - shown} more" if len(items) > shown else ""
    return "; ".join(items[:shown]) + more
