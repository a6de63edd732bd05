"""Options shared by the ``custreg`` commands, and the ``demo`` command's own."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

from custreg.adapters.cli.database import DEFAULT_DB
from custreg.adapters.cli.database import open_existing
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal

if TYPE_CHECKING:
    from custreg import Registry

#: The acting user of the command line (an operator of a local database, not a CRM user).
CLI_USER = UserId(UUID(int=0))


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (else a usage error naming the value)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def positive_seconds(text: str) -> float:
    """An argparse type: a number of seconds above 0 and at most an hour."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text[:40]!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 3600, not {text[:40]}")
    return value


def add_command(
    subparsers: Any, name: str, *, help: str, description: str, run: str
) -> argparse.ArgumentParser:
    """The command ``name`` of ``subparsers`` (with its ``help`` line and ``description``) that
    runs ``run``, a ``module:function`` imported only when the command runs."""
    command: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=description
    )
    command.set_defaults(run=run)
    return command


def add_group(subparsers: Any, name: str, *, help: str, description: str) -> Any:
    """The command ``name`` of ``subparsers`` whose actions (``custreg name ACTION``) are added
    to the subparsers returned."""
    group = subparsers.add_parser(name, help=help, description=description)
    return group.add_subparsers(dest="action", required=True, metavar="ACTION")


def add_service_options(
    command: argparse.ArgumentParser, url_option: str, service: str, timeout_help: str
) -> None:
    """The options of a command that asks an outside service: ``url_option`` (another address
    for the public ``service``) and ``--timeout`` (seconds, 10 by default)."""
    command.add_argument(
        url_option, metavar="URL",
        help=f"ask this address instead of the public {service} (a mirror or a test server)",
    )
    command.add_argument(
        "--timeout", type=positive_seconds, default=10.0,
        help=f"{timeout_help} (default: %(default)s)",
    )


def add_debug(command: argparse.ArgumentParser) -> None:
    """``--debug`` after the command name as well as before it."""
    command.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS,
        help="show the full traceback when something fails",
    )


def _add_location(command: argparse.ArgumentParser, *, db: str, schema: str) -> None:
    """``--db`` (a SQLite file or a database URL, ``DEFAULT_DB`` by default) and ``--schema``,
    with the help texts ``db`` and ``schema``."""
    command.add_argument("--db", default=DEFAULT_DB, metavar="FILE_OR_URL", help=db)
    command.add_argument("--schema", help=schema)


def add_database(command: argparse.ArgumentParser, *, permission: bool = True) -> None:
    """``--db``, ``--schema``, ``--organisation`` (and ``--permission``) of a command that works
    on an existing database."""
    _add_location(
        command,
        db="SQLite file or database URL (default: %(default)s); it must exist",
        schema="PostgreSQL schema holding the custreg tables (default: the search path)",
    )
    command.add_argument(
        "--organisation", metavar="NAME_OR_ID",
        help="organisation name or id (default: the only one in the database)",
    )
    if permission:
        command.add_argument(
            "--permission", default="all", choices=[p.name.lower() for p in CustomerPermission],
            help="act with this customer permission (default: %(default)s)",
        )
    add_debug(command)


@contextmanager
def opened_registry(
    args: argparse.Namespace, *, read_only: bool = False
) -> Iterator[tuple[Registry, Principal]]:
    """The registry of the database and organisation that ``add_database``'s options name, and
    the CLI user acting with ``--permission``; the database is disposed on leaving."""
    opened = open_existing(args.db, args.organisation, args.schema, read_only=read_only)
    try:
        yield opened.registry, Principal(CLI_USER, CustomerPermission[args.permission.upper()])
    finally:
        opened.database.dispose()


def add_demo_parser(subparsers: Any) -> None:
    """``custreg demo``."""
    demo = add_command(
        subparsers, "demo",
        help="try custreg: fill a new demo database and show what the library does",
        description="Create a small demo organisation with customers, projects and invoices in a "
        "new SQLite file (or a PostgreSQL schema), and walk through what custreg does: "
        "validation, search, the KPI strip, mass update with undo, the customer card, a report "
        "and duplicates. It never overwrites a file that is not its own demo database.",
        run="custreg.adapters.cli.demo:run",
    )
    _add_location(
        demo,
        db="new SQLite file, or a PostgreSQL URL (default: %(default)s)",
        schema="PostgreSQL schema for the demo (default: custreg_demo)",
    )
    demo.add_argument(
        "--force", action="store_true",
        help="recreate the demo database if it already holds a demo (never any other file)",
    )
    add_debug(demo)
