"""Exit codes of the ``custreg`` command and the one-line message each error gets.

Every failure ends the command with one line on stderr (``custreg: <what went wrong>``) and an
exit code that says what kind of failure it was, so scripts can branch on it without parsing text.
"""

from __future__ import annotations

import errno
from enum import IntEnum

from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import CompanyGoneError
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.errors import ConflictError
from custreg.domain.errors import CustregError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryUnavailableError
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError


class ExitCode(IntEnum):
    """What the exit status of ``custreg`` means."""

    OK = 0
    #: An unexpected failure (a bug): run again with ``--debug`` and report the traceback.
    INTERNAL = 1
    #: The command line or a value on it is wrong (unknown option, bad VAT number, bad format).
    USAGE = 2
    #: The database file, the organisation, the customer or the company does not exist.
    NOT_FOUND = 3
    #: The command would overwrite or duplicate something (an existing file, a customer with the
    #: same VAT number, a company the registry reports as dissolved, a record changed meanwhile).
    CONFLICT = 4
    #: The database or a file could not be read or written (missing folder, no permission,
    #: locked or unreachable database, a database written by a newer custreg).
    STORAGE = 5
    #: The public registry could not answer (unreachable, timed out, rate-limited, bad data):
    #: the answer is unknown, not "not found".
    REGISTRY_UNAVAILABLE = 6
    #: The chosen permission does not allow the action.
    NOT_ALLOWED = 7
    #: An optional extra is not installed (the message names the ``pip install`` to run).
    MISSING_EXTRA = 8
    #: Interrupted with Ctrl-C.
    INTERRUPTED = 130
    #: The reader of the output went away (``custreg ... | head``): nothing is printed.
    CLOSED_PIPE = 141


class CliError(Exception):
    """A failure of the command line itself (a refused file, a missing database), with the exit
    code it ends the command with and its one-line message."""

    def __init__(self, code: ExitCode, message: str) -> None:
        self.code = code
        super().__init__(message)


#: Top-level module -> the extra that installs it.
EXTRAS = {
    "sqlalchemy": "sql",
    "alembic": "sql",
    "orjson": "sql",
    "psycopg": "postgres",
    "psycopg_binary": "postgres",
    "httpx": "registry",
    "openpyxl": "excel",
    "rapidfuzz": "duplicates",
}


def missing_extra(error: ModuleNotFoundError) -> CliError | None:
    """The message for a missing optional dependency, or None if it is not one of custreg's."""
    module = (error.name or "").split(".")[0]
    extra = EXTRAS.get(module)
    if extra is None:
        return None
    return CliError(
        ExitCode.MISSING_EXTRA,
        f"this command needs {module}, which is not installed: pip install 'custreg[{extra}]'",
    )


def os_error(error: OSError) -> CliError:
    """A file-system failure as one line naming the file."""
    where = f" {error.filename}" if error.filename else ""
    reasons = {
        errno.ENOENT: "no such file or folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ENOSPC: "no space left on the device",
        errno.EROFS: "read-only file system",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return CliError(ExitCode.STORAGE, f"cannot write or read{where}: {reason}")


def classify(error: CustregError) -> ExitCode:
    """The exit code of a custreg error."""
    kinds: tuple[tuple[type[CustregError], ExitCode], ...] = (
        (RegistryUnavailableError, ExitCode.REGISTRY_UNAVAILABLE),
        (RegistryDataError, ExitCode.REGISTRY_UNAVAILABLE),
        (CompanyNotFoundError, ExitCode.NOT_FOUND),
        (CompanyGoneError, ExitCode.CONFLICT),
        (NotFoundError, ExitCode.NOT_FOUND),
        (PossibleDuplicateError, ExitCode.CONFLICT),
        (ConflictError, ExitCode.CONFLICT),
        (BusinessRuleError, ExitCode.CONFLICT),
        (PermissionDeniedError, ExitCode.NOT_ALLOWED),
        (StorageError, ExitCode.STORAGE),
        (ValidationError, ExitCode.USAGE),
    )
    for kind, code in kinds:
        if isinstance(error, kind):
            return code
    return ExitCode.INTERNAL


def one_line(text: str) -> str:
    """``text`` on one line: control characters and line breaks shown escaped, at most 500
    characters (a hostile value never spreads over the terminal)."""
    cleaned = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return cleaned if len(cleaned) <= 500 else cleaned[:497] + "..."
