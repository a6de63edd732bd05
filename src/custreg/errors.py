"""``custreg.errors``: the public home of the exception hierarchy (defined in the domain)."""

from custreg.domain.errors import (
    BusinessRuleError,
    CompanyGoneError,
    CompanyNotFoundError,
    ConflictError,
    CustregError,
    IntegrityError,
    NotFoundError,
    PermissionDeniedError,
    PossibleDuplicateError,
    RegistryDataError,
    RegistryError,
    RegistryUnavailableError,
    SchemaVersionError,
    StorageError,
    ValidationError,
    ValidationErrors,
)

__all__ = [
    "BusinessRuleError",
    "CompanyGoneError",
    "CompanyNotFoundError",
    "ConflictError",
    "CustregError",
    "IntegrityError",
    "NotFoundError",
    "PermissionDeniedError",
    "PossibleDuplicateError",
    "RegistryDataError",
    "RegistryError",
    "RegistryUnavailableError",
    "SchemaVersionError",
    "StorageError",
    "ValidationError",
    "ValidationErrors",
]
