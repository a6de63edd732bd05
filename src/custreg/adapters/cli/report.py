"""``custreg report`` and ``custreg duplicates``: run a built-in report to a CSV or XLSX file
(with a progress bar on stderr), and list likely duplicate customers, over the embedded SQLite
database or any database URL."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from uuid import UUID

from custreg.adapters.exports import CsvSink, XlsxSink
from custreg.domain.errors import CustregError, StorageError, ValidationError
from custreg.domain.ids import OrganisationId, UserId
from custreg.domain.permissions import CustomerPermission, Principal
from custreg.domain.reports import (
    BUILTIN_REPORTS,
    FILTER_NAMES,
    ReportDefinition,
    builtin_report,
    column_catalogue,
    parse_filters,
)
from custreg.ports.registry import Registry
from custreg.ports.reports import ReportSink
from custreg.usecases.reports import run_report
from custreg.usecases.settings import get_settings

if TYPE_CHECKING:  # the SQL adapter (custreg[sql]) is imported when a command runs
    from custreg.adapters.sql import SqlDatabase

#: The acting user of the command line (an operator of a local database, not a CRM user).
CLI_USER = UserId(UUID(int=0))


class ProgressBar:
    """A plain-text progress bar on a stream (stderr), redrawn at most ten times a second."""

    def __init__(self, stream: IO[str], width: int = 30) -> None:
        self._stream = stream
        self._width = width
        self._shown = 0.0
        self._started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._shown < 0.1:
            return
        self._shown = now
        share = done / total if total else 1.0
        filled = int(share * self._width)
        bar = "#" * filled + "." * (self._width - filled)
        elapsed = now - self._started
        self._stream.write(f"\r[{bar}] {share:4.0%} {done:,}/{total:,} rows {elapsed:5.1f}s")
        if done >= total:
            self._stream.write("\n")
        self._stream.flush()


def _url(db: str) -> str:
    if "://" in db:
        return db
    if not os.path.exists(db):
        raise StorageError(f"no database file {db!r} (run `custreg demo --db {db}` to make one)")
    return f"sqlite:///{db}"


def _organisation(database: SqlDatabase, given: str | None) -> OrganisationId:
    """The organisation asked for, or the only one in the database."""
    from sqlalchemy import select

    from custreg.adapters.sql import tables as t

    if given is not None:
        try:
            return OrganisationId(UUID(given))
        except ValueError:
            raise ValidationError("cli", "organisation", "must be a UUID", given) from None
    with database.engine.connect() as connection:
        found = [row[0] for row in connection.execute(select(t.organisations.c.id).limit(2))]
    if len(found) != 1:
        raise ValidationError(
            "cli", "organisation", "the database holds several organisations: pass --organisation"
            if found else "the database holds no organisation", None,
        )
    return OrganisationId(found[0])


def _open(args: argparse.Namespace) -> tuple[SqlDatabase, Registry, Principal]:
    from custreg.adapters.sql import SqlDatabase

    database = SqlDatabase(_url(args.db))
    registry = database.registry(_organisation(database, args.organisation))
    principal = Principal(CLI_USER, CustomerPermission[args.permission.upper()])
    return database, registry, principal


def _definition(args: argparse.Namespace, registry: Registry, principal: Principal) -> Any:
    settings = get_settings(registry)
    filters: dict[str, str] = {}
    for item in args.filter or ():
        name, separator, value = item.partition("=")
        if not separator:
            raise ValidationError(
                "cli", "filter", f"use NAME=VALUE with NAME one of {', '.join(FILTER_NAMES)}", item
            )
        filters[name.strip()] = value
    base = builtin_report(
        args.name, with_money=principal.sees_money, filters=parse_filters(filters, settings)
    )
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    return ReportDefinition(
        base.level, columns or base.columns, base.filters, args.sort or (), base.title
    )


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "xlsx" if str(args.output).lower().endswith(".xlsx") else "csv"


def run_report_command(args: argparse.Namespace) -> int:
    """``custreg report``: returns the exit code (0 done, 2 refused)."""
    database: SqlDatabase | None = None
    output = Path(args.output) if args.output != "-" else None
    try:
        database, registry, principal = _open(args)
        if args.list_columns:
            definition = builtin_report(args.name)
            for key, column in column_catalogue(definition.level, get_settings(registry)).items():
                money = "  (money: All only)" if column.money else ""
                sortable = "  sortable" if column.sortable else ""
                print(f"{key:<32} {column.label:<24} {column.type.value}{sortable}{money}")
            return 0
        definition = _definition(args, registry, principal)
        kind = _format(args)
        show = args.progress if args.progress is not None else sys.stderr.isatty()
        progress = ProgressBar(sys.stderr) if show else None
        if kind == "xlsx":
            if output is None:
                raise ValidationError("cli", "output", "an XLSX report needs a file name", "-")
            result = run_report(registry, principal, definition, XlsxSink(output), progress)
        elif output is None:
            sink: ReportSink = CsvSink(sys.stdout, delimiter=args.delimiter, bom=args.bom)
            result = run_report(registry, principal, definition, sink, progress)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                try:
                    sink = CsvSink(stream, delimiter=args.delimiter, bom=args.bom)
                    result = run_report(registry, principal, definition, sink, progress)
                except BaseException:
                    stream.close()
                    output.unlink(missing_ok=True)
                    raise
        where = output if output is not None else "stdout"
        print(f"{result.header.title}: {result.rows:,} rows -> {where}", file=sys.stderr)
        return 0
    except CustregError as error:
        print(f"custreg report: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    finally:
        if database is not None:
            database.dispose()


def run_duplicates_command(args: argparse.Namespace) -> int:
    """``custreg duplicates``: print likely duplicate pairs, best first."""
    from custreg.adapters.similarity import RapidfuzzSimilarity
    from custreg.usecases.duplicates import find_duplicates

    database: SqlDatabase | None = None
    try:
        database, registry, principal = _open(args)
        pairs = find_duplicates(
            registry, principal, RapidfuzzSimilarity(), threshold=args.threshold,
            window=args.window, include_inactive=args.include_inactive,
        )
        for pair in pairs[: args.limit]:
            reasons = ", ".join(r.value for r in pair.reasons)
            print(
                f"{pair.score:5.3f}  #{pair.first.number} {pair.first.name!r}  ~  "
                f"#{pair.second.number} {pair.second.name!r}  ({reasons})"
            )
        print(f"{len(pairs):,} likely duplicate pair(s)", file=sys.stderr)
        return 0
    except CustregError as error:
        print(f"custreg duplicates: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    finally:
        if database is not None:
            database.dispose()


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db", default="custreg-demo.db", help="SQLite file or database URL (default: %(default)s)"
    )
    command.add_argument("--organisation", help="organisation id (default: the only one)")
    command.add_argument(
        "--permission", default="all", choices=[p.name.lower() for p in CustomerPermission],
        help="Customers permission to run with (money columns need all; default: %(default)s)",
    )


def add_parser(subparsers: Any) -> None:
    """Add ``report`` and ``duplicates`` to the ``custreg`` command line."""
    report = subparsers.add_parser(
        "report", help="run a built-in report to a CSV or XLSX file",
        description="Run a built-in report (X1-X4) to CSV or XLSX, streaming, with progress.",
    )
    report.add_argument("name", choices=BUILTIN_REPORTS, help="the built-in report")
    report.add_argument("-o", "--output", default="-", help="file (.csv or .xlsx); - for stdout")
    report.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name")
    report.add_argument("--delimiter", default=",", help="CSV delimiter (default: ,)")
    report.add_argument("--bom", action="store_true", help="start the CSV with a UTF-8 BOM")
    report.add_argument("--columns", help="comma-separated column keys instead of the defaults")
    report.add_argument(
        "--filter", action="append", metavar="NAME=VALUE",
        help=f"repeatable; NAME one of: {', '.join(FILTER_NAMES)}",
    )
    report.add_argument("--sort", action="append", metavar="[-]COLUMN", help="repeatable")
    report.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    report.add_argument("--list-columns", action="store_true", help="list the columns and exit")
    _common(report)
    report.set_defaults(run=run_report_command)

    duplicates = subparsers.add_parser(
        "duplicates", help="list likely duplicate customers",
        description="Likely duplicates: same VAT / business id or near-equal names.",
    )
    duplicates.add_argument("--threshold", type=float, default=0.9)
    duplicates.add_argument("--window", type=int, default=8)
    duplicates.add_argument("--limit", type=int, default=50, help="pairs to print")
    duplicates.add_argument("--include-inactive", action="store_true")
    _common(duplicates)
    duplicates.set_defaults(run=run_duplicates_command)
