"""``custreg vat check``: ask the European Commission's VIES service whether customers' VAT
numbers are registered, and record each definite answer (valid or invalid, with its date) on the
customer.

Honest answers: when VIES or a member state's service cannot answer (down, timeout, rate limit),
the answer is unknown: nothing is recorded for that customer and the command ends with exit
code 6, never reading "unknown" as "invalid".
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.options import add_command
from custreg.adapters.cli.options import add_database
from custreg.adapters.cli.options import add_group
from custreg.adapters.cli.options import add_service_options
from custreg.adapters.cli.options import opened_registry
from custreg.adapters.cli.text import printable
from custreg.domain.query import CustomerQuery
from custreg.usecases.vat_check import CustomerVatCheck
from custreg.usecases.vat_check import VatCheckOutcome
from custreg.usecases.vat_check import check_customers_vat

#: At most this many customers are checked in one run (VIES rate-limits bulk callers).
MAX_CUSTOMERS = 500


def _line(number: int, name: str, vat: str | None, result: CustomerVatCheck) -> str:
    who = f"#{number} {printable(name)}" + (f" {vat}" if vat else "")
    if result.outcome is VatCheckOutcome.RECORDED and result.answer is not None:
        answer = result.answer
        registered = f" (registered as {printable(answer.name)})" if answer.name else ""
        return f"{who}: {answer.status.value}{registered}"
    if result.outcome is VatCheckOutcome.UNKNOWN:
        why = result.answer.reason if result.answer and result.answer.reason else result.reason
        return f"{who}: unknown ({printable(why or 'the service did not answer')}), not recorded"
    return f"{who}: not checked ({printable(result.reason or '')})"


def run_check(args: argparse.Namespace) -> int:
    """Check the VAT numbers of the customers matching TEXT (all customers without it)."""
    from custreg.adapters.registries import ViesVatCheck

    with opened_registry(args) as (registry, principal):
        with registry.read() as uow:
            ids = uow.customers.ids_matching(CustomerQuery(text=args.text))
            customers = uow.customers.get_many(ids[:MAX_CUSTOMERS])
        if not ids:
            raise CliError(ExitCode.NOT_FOUND, f"no customer matches {args.text!r}")
        if len(ids) > MAX_CUSTOMERS:
            raise CliError(
                ExitCode.USAGE,
                f"{len(ids):,} customers match; check at most {MAX_CUSTOMERS} at a time "
                "(narrow the search text)",
            )
        kwargs: dict[str, Any] = {"clock": registry.clock.now, "deadline": args.timeout}
        if args.service_url:
            kwargs["base_url"] = args.service_url
        checker = ViesVatCheck(**kwargs)
        try:
            results = check_customers_vat(registry, principal, checker, ids)
        finally:
            checker.close()
        unknown = 0
        for result in results:
            customer = customers[result.customer_id]
            vat = customer.vat_number.value if customer.vat_number else None
            print(_line(customer.number.value, customer.name, vat, result))
            unknown += result.outcome is VatCheckOutcome.UNKNOWN
        if unknown:
            raise CliError(
                ExitCode.REGISTRY_UNAVAILABLE,
                f"{unknown:,} of {len(results):,} answers unknown (the VAT service could not "
                "answer); nothing was recorded for them, try again later",
            )
        print(f"{len(results):,} customers checked", file=sys.stderr)
        return 0


def add_parser(subparsers: Any) -> None:
    """``custreg vat check``."""
    actions = add_group(
        subparsers, "vat", help="check customers' EU VAT numbers with the VIES service",
        description="Check customers' EU VAT numbers with the European Commission's VIES "
        "service and record each definite answer on the customer. When the service cannot "
        "answer, the result is unknown (exit code 6), never 'invalid'.",
    )
    check = add_command(
        actions, "check", help="check and record the VAT numbers of matching customers",
        description="Check the VAT numbers of the customers matching TEXT (a name, a number or "
        "a VAT number; all customers without it) and record valid or invalid on each.",
        run="custreg.adapters.cli.vat:run_check",
    )
    check.add_argument("text", nargs="?", default=None, metavar="TEXT",
                       help="which customers: the customer list's search (default: all)")
    add_service_options(
        check, "--service-url", "VIES service",
        "seconds to wait for each answer, retries included",
    )
    add_database(check)
