"""The ``custreg`` command line: a demo of the main job, and (later) reports."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from custreg.adapters.cli import demo, report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="custreg", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo_cmd = commands.add_parser("demo", help="run the demo over an embedded SQLite database")
    demo_cmd.add_argument(
        "--db", default="custreg-demo.db", help="SQLite file (recreated) or any database URL"
    )
    demo_cmd.set_defaults(run=demo.run)
    report.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``custreg`` console script."""
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result
