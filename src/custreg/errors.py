"""``custreg.errors``: the public home of the exception hierarchy (defined in the domain)."""

from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import CapabilityMissing
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import ConflictError
from custreg.domain.errors import CustregError
from custreg.domain.errors import EntryRowsError
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
from custreg.domain.errors import RowError
from custreg.domain.errors import SchemaVersionError
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors

__all__ = [
    "BusinessRuleError",
    "CapabilityMissing",
    "CompanyGoneError",
    "CompanyNotFoundError",
    "ConflictError",
    "CustregError",
    "EntryRowsError",
    "IntegrityError",
    "MassUpdateError",
    "MassUpdateFailure",
    "NotFoundError",
    "NumberTakenError",
    "PermissionDeniedError",
    "PossibleDuplicateError",
    "RegistryDataError",
    "RegistryError",
    "RegistryUnavailableError",
    "RowError",
    "SchemaVersionError",
    "StorageError",
    "ValidationError",
    "ValidationErrors",
]
