"""Examples of the error hierarchy: what each error carries and says, stated directly.

A host shows ``entity``, ``field`` and ``reason`` next to the input and logs ``str(error)``; these
tables pin both, and the base classes a host catches (``ValueError``, ``LookupError``, ...).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import CapabilityMissing
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import ConflictError
from custreg.domain.errors import CustregError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import MassUpdateError
from custreg.domain.errors import MassUpdateFailure
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import NumberTakenError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryError
from custreg.domain.errors import RegistryUnavailableError
from custreg.domain.errors import SchemaVersionError
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors

CASES = [
    (
        lambda: CustregError("customer", "name", "blank"),
        "customer",
        "name",
        "blank",
        "customer.name: blank",
    ),
    (lambda: CustregError("customer", None, "gone"), "customer", None, "gone", "customer: gone"),
    (lambda: CustregError("customer", "", "gone"), "customer", "", "gone", "customer: gone"),
    (
        lambda: NotFoundError("customer", 7),
        "customer",
        "id",
        "no customer with id 7",
        "customer.id: no customer with id 7",
    ),
    (
        lambda: NotFoundError("contact", 3, field="contact_id"),
        "contact",
        "contact_id",
        "no contact with id 3",
        "contact.contact_id: no contact with id 3",
    ),
    (
        lambda: PermissionDeniedError("customer", "delete", "admin"),
        "customer",
        None,
        "delete needs admin",
        "customer: delete needs admin",
    ),
    (
        lambda: PermissionDeniedError("customer", "edit", "write", field="notes"),
        "customer",
        "notes",
        "edit needs write",
        "customer.notes: edit needs write",
    ),
    (
        lambda: ConflictError("customer", 5, 2, 3),
        "customer",
        "version",
        "customer 5 was changed by someone else (expected version 2, found 3)",
        "customer.version: customer 5 was changed by someone else (expected version 2, found 3)",
    ),
    (
        lambda: ConflictError("customer", None, None, None, reason="deadlock"),
        "customer",
        "version",
        "deadlock",
        "customer.version: deadlock",
    ),
    (
        lambda: PossibleDuplicateError("vat_number", 9, "Acme"),
        "customer",
        "vat_number",
        "possible duplicate of customer 'Acme' (9); pass accept_duplicate=True to create it anyway",
        "customer.vat_number: possible duplicate of customer 'Acme' (9); "
        "pass accept_duplicate=True to create it anyway",
    ),
    (
        lambda: NumberTakenError(1001, 4),
        "customer",
        "number",
        "customer number 1001 is held by customer 4",
        "customer.number: customer number 1001 is held by customer 4",
    ),
    (
        lambda: CapabilityMissing("projects"),
        "registry",
        "projects",
        "this action needs the 'projects' capability",
        "registry.projects: this action needs the 'projects' capability",
    ),
    (
        lambda: CapabilityMissing("invoices", "listing invoices"),
        "registry",
        "invoices",
        "listing invoices needs the 'invoices' capability",
        "registry.invoices: listing invoices needs the 'invoices' capability",
    ),
    (
        lambda: StorageError("connection lost"),
        "storage",
        None,
        "connection lost",
        "storage: connection lost",
    ),
    (
        lambda: StorageError("lock timeout", entity="customer", field="name"),
        "customer",
        "name",
        "lock timeout",
        "customer.name: lock timeout",
    ),
    (
        lambda: RegistryUnavailableError("brreg", "timed out"),
        "registry",
        "brreg",
        "brreg registry unavailable: timed out",
        "registry.brreg: brreg registry unavailable: timed out",
    ),
    (
        lambda: RegistryDataError("prh", "not JSON"),
        "registry",
        "prh",
        "prh registry answered bad data: not JSON",
        "registry.prh: prh registry answered bad data: not JSON",
    ),
    (
        lambda: CompanyNotFoundError("brreg", "123456785"),
        "registry",
        "brreg",
        "brreg registry has no company 123456785",
        "registry.brreg: brreg registry has no company 123456785",
    ),
    (
        lambda: CompanyGoneError("brreg", "123456785", "dissolved"),
        "registry",
        "brreg",
        "123456785: dissolved",
        "registry.brreg: 123456785: dissolved",
    ),
]


@pytest.mark.parametrize(("make", "entity", "field", "reason", "text"), CASES)
def test_error_carries_entity_field_reason_and_says_them(
    make: Callable[[], CustregError], entity: str, field: str | None, reason: str, text: str
) -> None:
    # Built inside the test, never at collection: mutation testing swaps the code after import.
    error = make()
    assert (error.entity, error.field, error.reason) == (entity, field, reason)
    assert str(error) == text


def test_validation_error_carries_the_value() -> None:
    error = ValidationError("customer", "name", "blank", "  ")
    assert (error.entity, error.field, error.reason, error.value) == (
        "customer",
        "name",
        "blank",
        "  ",
    )
    assert str(error) == "customer.name: blank"
    assert ValidationError("customer", "name", "blank").value is None
    assert isinstance(error, ValueError)


def test_validation_errors_take_the_first_and_list_all() -> None:
    first = ValidationError("customer", "name", "blank", "")
    second = ValidationError("customer", "vat_number", "bad check digit", "FI123")
    errors = ValidationErrors([first, second])
    assert errors.errors == (first, second)
    assert (errors.entity, errors.field, errors.reason, errors.value) == (
        "customer",
        "name",
        "blank",
        "",
    )
    assert errors.fields == ("name", "vat_number")
    assert str(errors) == "customer.name: blank; customer.vat_number: bad check digit"


def test_conflict_error_carries_versions_and_is_retryable() -> None:
    error = ConflictError("customer", 5, 2, 3)
    assert (error.entity_id, error.expected_version, error.actual_version) == (5, 2, 3)
    assert error.retryable is True
    assert ConflictError("customer", 5, 2, 3, retryable=False).retryable is False


def test_number_taken_is_a_conflict_that_is_not_retryable() -> None:
    error = NumberTakenError(1001, 4)
    assert isinstance(error, ConflictError)
    assert (error.number, error.holder_id, error.entity_id) == (1001, 4, 4)
    assert (error.expected_version, error.actual_version) == (None, None)
    assert error.retryable is False
    assert error.args == ("customer.number: customer number 1001 is held by customer 4",)


def test_attributes_of_the_other_errors() -> None:
    assert NotFoundError("customer", 7).entity_id == 7
    denied = PermissionDeniedError("customer", "delete", "admin")
    assert (denied.action, denied.required) == ("delete", "admin")
    duplicate = PossibleDuplicateError("vat_number", 9, "Acme")
    assert (duplicate.existing_id, duplicate.existing_name) == (9, "Acme")
    assert CapabilityMissing("projects").capability == "projects"


@pytest.mark.parametrize(
    ("make", "bases"),
    [
        (lambda: ValidationError("c", "f", "r"), (CustregError, ValueError)),
        (lambda: NotFoundError("c", 1), (CustregError, LookupError)),
        (lambda: PermissionDeniedError("c", "a", "r"), (CustregError, PermissionError)),
        (lambda: IntegrityError("r"), (StorageError, CustregError)),
        (lambda: SchemaVersionError("r"), (StorageError, CustregError)),
        (lambda: CompanyNotFoundError("brreg", "1"), (RegistryError, LookupError)),
        (lambda: CompanyGoneError("brreg", "1", "gone"), (RegistryError,)),
        (lambda: RegistryUnavailableError("brreg", "down"), (RegistryError,)),
        (lambda: RegistryDataError("brreg", "bad"), (RegistryError,)),
        (lambda: MassUpdateError("mass update", []), (BusinessRuleError, CustregError)),
    ],
)
def test_error_classes_a_host_can_catch(
    make: Callable[[], CustregError], bases: tuple[type, ...]
) -> None:
    error = make()
    for base in bases:
        assert isinstance(error, base)


def _failure(customer_id: int, reason: str, field: str | None = "name") -> MassUpdateFailure:
    return MassUpdateFailure(customer_id, field, reason, NotFoundError("customer", customer_id))


def test_mass_update_error_names_each_failure() -> None:
    failures = [_failure(1, "gone"), _failure(2, "changed", field="version")]
    error = MassUpdateError("mass update", failures)
    assert error.failures == tuple(failures)
    assert error.customer_ids == (1, 2)
    assert (error.entity, error.field) == ("customer", "name")
    assert error.reason == (
        "mass update refused, nothing was changed: "
        "2 selected customer(s) failed (1: gone; 2: changed)"
    )


@pytest.mark.parametrize(
    ("count", "tail"),
    [
        (0, "0 selected customer(s) failed ()"),
        (5, "5 selected customer(s) failed (1: r1; 2: r2; 3: r3; 4: r4; 5: r5)"),
        (6, "6 selected customer(s) failed (1: r1; 2: r2; 3: r3; 4: r4; 5: r5; and 1 more)"),
        (8, "8 selected customer(s) failed (1: r1; 2: r2; 3: r3; 4: r4; 5: r5; and 3 more)"),
    ],
)
def test_mass_update_error_shows_five_failures_then_counts_the_rest(count: int, tail: str) -> None:
    error = MassUpdateError("undo", [_failure(i, f"r{i}") for i in range(1, count + 1)])
    assert error.reason == f"undo refused, nothing was changed: {tail}"
    assert error.field == (None if count == 0 else "name")
