"""The ``custreg`` command: a demo of the library, then listings, reports, duplicates and the
public business registries over a custreg database.

Every command ends with one line on stderr when it fails and an exit code per kind of failure
(see ``ExitCode``); ``--debug`` shows the full traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from typing import Any
from typing import NoReturn

from custreg.adapters.cli import customers
from custreg.adapters.cli import importing
from custreg.adapters.cli import options
from custreg.adapters.cli import registry
from custreg.adapters.cli import report
from custreg.adapters.cli import vat
from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.errors import classify
from custreg.adapters.cli.errors import missing_extra
from custreg.adapters.cli.errors import one_line
from custreg.adapters.cli.errors import os_error
from custreg.domain.errors import CustregError

EPILOG = """exit codes: 0 done, 1 unexpected failure (run again with --debug), 2 wrong usage or
value, 3 not found, 4 conflict (would overwrite or duplicate), 5 storage or file failure,
6 registry unavailable (answer unknown), 7 not allowed, 8 optional extra missing, 130 interrupted"""


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit code 2), pointing at
    ``--help`` instead of printing the whole usage."""

    def error(self, message: str) -> NoReturn:
        """Print ``custreg: <message> (see <command> --help)`` and exit with the usage code."""
        sys.stderr.write(f"custreg: {one_line(message)} (see {self.prog} --help)\n")
        raise SystemExit(ExitCode.USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``custreg`` command and its subcommands."""
    from custreg import __version__

    parser = CommandParser(
        prog="custreg",
        description="Customer registry: try the demo, then list customers, run reports, find "
        "duplicates and import companies from public business registries.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"custreg {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback when something fails"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    options.add_demo_parser(commands)
    customers.add_parser(commands)
    importing.add_parser(commands)
    report.add_parser(commands)
    registry.add_parser(commands)
    vat.add_parser(commands)
    return parser


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every action of ``parser`` and of its subcommands, recursively."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)
        yield action


def join_dash_values(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``--sort -name`` as ``--sort=-name``: a value that starts with ``-`` after an option that
    takes a value is that option's value (as in other command-line tools), unless it is itself
    an option of custreg."""
    actions = list(_actions(parser))
    options = {option for action in actions for option in action.option_strings}
    takes_value = {  # the long options that take exactly one value
        option
        for action in actions
        if action.nargs is None
        for option in action.option_strings
        if option.startswith("--")
    }
    out: list[str] = []
    items = list(argv)
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if (
            item in takes_value
            and following is not None
            and following.startswith("-")
            and following != "-"
            and following.split("=")[0] not in options
        ):
            out.append(f"{item}={following}")
            index += 2
            continue
        out.append(item)
        index += 1
    return out


def _closed_pipe() -> int:
    """The reader of stdout went away: stop quietly (as `cat` does under `| head`)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass
    return ExitCode.CLOSED_PIPE


def _fail(code: ExitCode, message: str) -> int:
    try:
        sys.stderr.write(f"custreg: {one_line(message)}\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # pragma: no cover - stderr gone as well
        pass
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``custreg`` console script: runs one command, returns its exit code."""
    parser = build_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(join_dash_values(parser, raw))
    if args.debug:
        try:
            return int(_resolve(args.run)(args))
        except BrokenPipeError:
            return _closed_pipe()
    try:
        code = int(_resolve(args.run)(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        return _fail(ExitCode.INTERRUPTED, "interrupted")
    except CliError as error:
        return _fail(error.code, str(error))
    except CustregError as error:
        return _fail(classify(error), str(error))
    except ModuleNotFoundError as error:
        known = missing_extra(error)
        if known is None:
            return _internal(error)
        return _fail(known.code, str(known))
    except OSError as error:
        failure = os_error(error)
        return _fail(failure.code, str(failure))
    except Exception as error:
        return _internal(error)


def _internal(error: BaseException) -> int:
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" at {os.path.basename(last[0].filename)}:{last[0].lineno}" if last else ""
    return _fail(
        ExitCode.INTERNAL,
        f"unexpected {type(error).__name__}{where}: {error} (run again with --debug for the "
        "traceback, and report it)",
    )


def _resolve(target: Any) -> Callable[[argparse.Namespace], int]:
    """A command's function, from ``"module:function"`` (imported only when the command runs, so
    a missing optional extra is reported, not a crash at start-up) or the function itself."""
    if callable(target):
        return target  # type: ignore[no-any-return]
    module, _, name = str(target).partition(":")
    function: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(module), name
    )
    return function


__all__ = [
    "EPILOG",
    "CliError",
    "CommandParser",
    "ExitCode",
    "build_parser",
    "join_dash_values",
    "main",
]
