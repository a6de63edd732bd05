"""``custreg report`` and ``custreg duplicates``: run a built-in report to a CSV or XLSX file
(with a progress bar on stderr when it is a terminal), and list likely duplicate customers."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from typing import Any

from custreg import Registry
from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.options import add_command
from custreg.adapters.cli.options import add_database
from custreg.adapters.cli.options import opened_registry
from custreg.adapters.cli.options import positive_int
from custreg.adapters.cli.text import cut_notice
from custreg.adapters.cli.text import printable
from custreg.adapters.exports import CsvSink
from custreg.adapters.exports import XlsxSink
from custreg.domain.errors import ValidationError
from custreg.domain.permissions import Principal
from custreg.domain.reports import BUILTIN_REPORTS
from custreg.domain.reports import FILTER_NAMES
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import builtin_report
from custreg.domain.reports import column_catalogue
from custreg.domain.reports import parse_filters
from custreg.ports.reports import ReportSink
from custreg.usecases.reports import run_report
from custreg.usecases.settings import get_settings

#: Output formats by file suffix.
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


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


def output_format(output: str, given: str | None) -> str:
    """The format to write: ``--format`` if given, else from the file's suffix (stdout is CSV);
    an unknown suffix is refused rather than guessed."""
    if given:
        return given
    if output == "-":
        return "csv"
    suffix = Path(output).suffix.lower()
    found = FORMATS.get(suffix)
    if found is None:
        raise CliError(
            ExitCode.USAGE,
            f"cannot tell the format of {output!r} from its suffix: use a .csv or .xlsx file "
            "name, or --format csv|xlsx",
        )
    return found


def _definition(
    args: argparse.Namespace, registry: Registry, principal: Principal
) -> ReportDefinition:
    settings = get_settings(registry)
    filters: dict[str, str] = {}
    for item in args.filter or ():
        name, separator, value = item.partition("=")
        if not separator:
            raise ValidationError(
                "report", "filter", f"use NAME=VALUE with NAME one of {', '.join(FILTER_NAMES)}",
                item,
            )
        filters[name.strip()] = value
    base = builtin_report(
        args.name, with_money=args.money, filters=parse_filters(filters, settings)
    )
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    return ReportDefinition(
        base.level, columns or base.columns, base.filters, args.sort or (), base.title
    )


@contextlib.contextmanager
def replacing(output: Path) -> Iterator[Path]:
    """A temporary file beside ``output`` that replaces it only when the block succeeds: a failed
    report leaves no half-written file and an existing file untouched."""
    folder = output.parent
    if not folder.is_dir():
        raise CliError(ExitCode.STORAGE, f"no folder {str(folder)!r} for {str(output)!r}")
    if output.is_dir():
        raise CliError(ExitCode.USAGE, f"{str(output)!r} is a folder; give a file name")
    descriptor, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    os.close(descriptor)
    temporary = Path(name)
    mask = os.umask(0)
    os.umask(mask)
    temporary.chmod(0o666 & ~mask)  # mkstemp's 0600 would surprise whoever shares the folder
    try:
        yield temporary
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)


def run_report_command(args: argparse.Namespace) -> int:
    """``custreg report``: write the report, then one summary line on stderr."""
    kind = output_format(args.output, args.format)
    if kind == "xlsx":
        import openpyxl  # noqa: F401  (a missing extra is reported before any work)

        if args.output == "-":
            raise CliError(ExitCode.USAGE, "an XLSX report needs a file name: -o NAME.xlsx")
    with opened_registry(args, read_only=True) as (registry, principal):
        if args.list_columns:
            definition = builtin_report(args.name)
            for key, column in column_catalogue(definition.level, get_settings(registry)).items():
                money = "  (money: needs permission all)" if column.money else ""
                sortable = "  sortable" if column.sortable else ""
                print(f"{key:<32} {column.label:<24} {column.type.value}{sortable}{money}")
            return 0
        definition = _definition(args, registry, principal)
        show = args.progress if args.progress is not None else sys.stderr.isatty()
        progress = ProgressBar(sys.stderr) if show else None
        if args.output == "-":
            sink: ReportSink = CsvSink(sys.stdout, delimiter=args.delimiter, bom=args.bom)
            result = run_report(registry, principal, definition, sink, progress)
        else:
            with replacing(Path(args.output)) as temporary:
                if kind == "xlsx":
                    result = run_report(
                        registry, principal, definition, XlsxSink(temporary), progress
                    )
                else:
                    with temporary.open("w", encoding="utf-8", newline="") as stream:
                        sink = CsvSink(stream, delimiter=args.delimiter, bom=args.bom)
                        result = run_report(registry, principal, definition, sink, progress)
        where = "stdout" if args.output == "-" else args.output
        print(f"{result.header.title}: {result.rows:,} rows -> {where}", file=sys.stderr)
        return 0


def run_duplicates_command(args: argparse.Namespace) -> int:
    """``custreg duplicates``: print likely duplicate pairs, best first."""
    from custreg.adapters.similarity import RapidfuzzSimilarity
    from custreg.usecases.duplicates import find_duplicates

    with opened_registry(args, read_only=True) as (registry, principal):
        pairs = find_duplicates(
            registry, principal, RapidfuzzSimilarity(), threshold=args.threshold,
            window=args.window, include_inactive=args.include_inactive,
        )
        shown = pairs[: args.limit]
        for pair in shown:
            reasons = ", ".join(r.value for r in pair.reasons)
            print(
                f"{pair.score:5.3f}  #{pair.first.number} {printable(pair.first.name)}  ~  "
                f"#{pair.second.number} {printable(pair.second.name)}  ({reasons})"
            )
        print(cut_notice(len(shown), 0, len(pairs), "likely duplicate pairs"), file=sys.stderr)
        return 0


def add_parser(subparsers: Any) -> None:
    """Add ``report`` and ``duplicates`` to the ``custreg`` command line."""
    report = add_command(
        subparsers, "report", help="write a built-in report to a CSV or Excel file",
        description="Write a built-in report to a CSV or Excel (.xlsx) file, or CSV to the "
        "screen. It has the same columns as the report in the library; --money adds the money "
        "columns, --columns picks others (see --list-columns). The file is replaced only once "
        "the report is complete.",
        run="custreg.adapters.cli.report:run_report_command",
    )
    report.add_argument("name", choices=BUILTIN_REPORTS, help="which report")
    report.add_argument(
        "-o", "--output", default="-", metavar="FILE",
        help="a .csv or .xlsx file, or - for the screen (default: -)",
    )
    report.add_argument(
        "--format", choices=("csv", "xlsx"), help="file format (default: from the file suffix)"
    )
    report.add_argument("--delimiter", default=",", help="CSV delimiter (default: ,)")
    report.add_argument(
        "--bom", action="store_true", help="start the CSV with a byte-order mark (for Excel)"
    )
    report.add_argument("--columns", help="comma-separated column keys instead of the defaults")
    report.add_argument(
        "--money", action="store_true",
        help="add the money columns (billing, costs; needs permission all)",
    )
    report.add_argument(
        "--filter", action="append", metavar="NAME=VALUE",
        help=f"keep only matching rows; repeatable; NAME one of: {', '.join(FILTER_NAMES)}",
    )
    report.add_argument(
        "--sort", action="append", metavar="[-]COLUMN",
        help="sort by a column key, - for descending (e.g. --sort -customer.name); repeatable",
    )
    report.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    report.add_argument(
        "--list-columns", action="store_true", help="list the columns you can choose and exit"
    )
    add_database(report)

    duplicates = add_command(
        subparsers, "duplicates", help="list customers that are probably the same company",
        description="List pairs of customers that are probably the same company: the same VAT "
        "number or business id, or nearly the same name. Best matches first.",
        run="custreg.adapters.cli.report:run_duplicates_command",
    )
    duplicates.add_argument(
        "--threshold", type=float, default=0.9,
        help="how alike two names must be, 0-1 (default: %(default)s)",
    )
    duplicates.add_argument(
        "--window", type=positive_int, default=8,
        help="how many neighbours in name order each customer is compared with "
        "(default: %(default)s)",
    )
    duplicates.add_argument(
        "--limit", type=positive_int, default=50, help="pairs to print (default: 50)"
    )
    duplicates.add_argument(
        "--include-inactive", action="store_true", help="also compare inactive customers"
    )
    add_database(duplicates)


__all__ = ["FORMATS", "ProgressBar", "add_parser", "output_format", "replacing"]
