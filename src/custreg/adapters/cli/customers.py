"""``custreg customers``: list or search the customers of a database, a page at a time."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from custreg.adapters.cli.options import add_command
from custreg.adapters.cli.options import add_database
from custreg.adapters.cli.options import opened_registry
from custreg.adapters.cli.text import cut_notice
from custreg.adapters.cli.text import local_date
from custreg.adapters.cli.text import table_cell
from custreg.domain.customer import CustomerStatus
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.usecases.customers import list_customers
from custreg.usecases.settings import get_settings


def run(args: argparse.Namespace) -> int:
    """List the customers matching the search text and status, ordered by number."""
    with opened_registry(args, read_only=True) as (registry, principal):
        status = None if args.status == "all" else CustomerStatus(args.status)
        query = CustomerQuery(text=args.text, status=status)
        page = list_customers(
            registry, principal, query, PageRequest(limit=args.limit, offset=args.offset)
        )
        zone = get_settings(registry).zone
        out = sys.stdout
        out.write(f"{'No.':>6}  {'Customer':<32} {'VAT number':<16} {'Status':<9} Created\n")
        for c in page.items:
            vat = str(c.vat_number) if c.vat_number else "-"
            out.write(
                f"{c.number.value:>6}  {table_cell(c.name, 32)} {table_cell(vat, 16)} "
                f"{c.status.value:<9} {local_date(c.created_at, zone)}\n"
            )
        notice = cut_notice(len(page.items), page.offset, page.total, "customers")
        print(notice, file=sys.stderr)
        return 0


def add_parser(subparsers: Any) -> None:
    """``custreg customers``."""
    command = add_command(
        subparsers, "customers",
        help="list or search customers",
        description="List the customers, ordered by number. TEXT finds customers whose name "
        "contains it, or whose number, VAT number or business id is TEXT.",
        run="custreg.adapters.cli.customers:run",
    )
    command.add_argument("text", nargs="?", metavar="TEXT", help="search text (default: all)")
    command.add_argument(
        "--status", choices=("active", "inactive", "all"), default="all",
        help="which customers (default: %(default)s)",
    )
    command.add_argument(
        "--limit", type=int, default=50, help="how many to show (1-10000, default: %(default)s)"
    )
    command.add_argument(
        "--offset", type=int, default=0, help="how many to skip first (default: %(default)s)"
    )
    add_database(command)
