"""``custreg import``: create customers from a CSV file, with a report that numbers rows as the
file does (the header is row 1, so the first customer is row 2; a row spanning several lines
because of a quoted line break also gives its first line).

The file is read and checked as a whole before anything is written: a file that is not valid CSV
or UTF-8 changes nothing. By default the import is all or nothing; ``--skip-bad`` creates the good
rows and reports the others.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any
from typing import NamedTuple

from custreg.adapters.cli.database import open_existing
from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.options import CLI_USER
from custreg.adapters.cli.options import add_database
from custreg.adapters.cli.text import printable
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.usecases.bulk_import import RECORD_FIELDS
from custreg.usecases.bulk_import import import_customers


class FileRow(NamedTuple):
    """Where a record is in the user's file: its row (header = row 1) and its first line."""

    row: int
    line: int

    def label(self) -> str:
        """``row 5``, or ``row 5 (line 7)`` when earlier rows span several lines."""
        return f"row {self.row}" if self.row == self.line else f"row {self.row} (line {self.line})"


def read_rows(path: Path, delimiter: str) -> tuple[list[dict[str, str]], list[FileRow]]:
    """Every record of a CSV file with a header row, and where each one is in the file; a file
    that cannot be read as CSV is refused naming the row."""
    records: list[dict[str, str]] = []
    places: list[FileRow] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, delimiter=delimiter, strict=True)
            header = next(reader, None)
            if header is None:
                raise CliError(ExitCode.USAGE, f"{str(path)!r} is empty: it needs a header row")
            names = [name.strip() for name in header]
            if "name" not in names:
                raise CliError(
                    ExitCode.USAGE,
                    f"{str(path)!r} has no 'name' column in its header (row 1); columns: "
                    + ", ".join(RECORD_FIELDS),
                )
            while True:
                line = reader.line_num + 1
                try:
                    values = next(reader)
                except StopIteration:
                    break
                if not any(value.strip() for value in values):
                    continue  # a blank row: skipped, as spreadsheets do
                place = FileRow(len(places) + 2, line)
                if len(values) > len(names):
                    raise CliError(
                        ExitCode.USAGE,
                        f"{place.label()}: {len(values)} cells but the header has {len(names)}",
                    )
                if any("\x00" in value for value in values):
                    raise CliError(
                        ExitCode.USAGE, f"{place.label()}: contains a NUL byte: not a text file"
                    )
                records.append(dict(zip(names, values, strict=False)))
                places.append(place)
    except csv.Error as error:
        raise CliError(
            ExitCode.USAGE, f"{str(path)!r} is not valid CSV at line {reader.line_num}: {error}"
        ) from None
    except UnicodeDecodeError as error:
        raise CliError(
            ExitCode.USAGE,
            f"{str(path)!r} is not UTF-8 text (byte {error.start}): save it as UTF-8 CSV",
        ) from None
    return records, places


def run(args: argparse.Namespace) -> int:
    """Import the file's rows as customers; print a line per refused row."""
    path = Path(args.file)
    if not path.is_file():
        raise CliError(ExitCode.NOT_FOUND, f"no file {args.file!r}")
    if len(args.delimiter) != 1 or args.delimiter in '"\r\n':
        raise CliError(ExitCode.USAGE, "--delimiter must be one character, not a quote or newline")
    records, places = read_rows(path, args.delimiter)
    opened = open_existing(args.db, args.organisation, args.schema)
    try:
        principal = Principal(CLI_USER, CustomerPermission[args.permission.upper()])
        report = import_customers(
            opened.registry, principal, records, all_or_nothing=not args.skip_bad
        )
    finally:
        opened.database.dispose()
    for error in report.errors:
        field = f"{error.field}: " if error.field else ""
        print(f"{places[error.index].label()}: {field}{printable(error.reason)}")
    created = len(report.created)
    if not report.errors:
        print(f"created {created:,} customers from {len(records):,} rows", file=sys.stderr)
        return 0
    refused = len({e.index for e in report.errors})
    outcome = (
        f"created {created:,}" if report.stored else "nothing imported (use --skip-bad to "
        "import the other rows)"
    )
    raise CliError(ExitCode.USAGE, f"{refused:,} of {len(records):,} rows refused; {outcome}")


def add_parser(subparsers: Any) -> None:
    """``custreg import``."""
    command = subparsers.add_parser(
        "import", help="create customers from a CSV file",
        description="Create a customer for each row of a UTF-8 CSV file whose header names the "
        f"columns ({', '.join(RECORD_FIELDS)}; only name is required). Rows are checked like "
        "customers created one by one. Refused rows are listed by their row number in the file "
        "(the header is row 1). Nothing is imported if any row is refused, unless --skip-bad.",
    )
    command.add_argument("file", help="the CSV file")
    command.add_argument("--delimiter", default=",", help="CSV delimiter (default: ,)")
    command.add_argument(
        "--skip-bad", action="store_true", help="import the good rows even if some are refused"
    )
    add_database(command)
    command.set_defaults(run="custreg.adapters.cli.importing:run")
