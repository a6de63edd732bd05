"""``custreg registry search`` and ``custreg registry import``: find companies in Finland's and
Norway's public business registries and create customers from them.

Honest answers: a company the registry does not have is "not found" (exit 3); a registry that
cannot be reached, times out, rate-limits or answers garbage leaves the answer unknown (exit 6),
and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING
from typing import Any

from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.options import CLI_USER
from custreg.adapters.cli.options import add_command
from custreg.adapters.cli.options import add_database
from custreg.adapters.cli.options import add_debug
from custreg.adapters.cli.options import add_group
from custreg.adapters.cli.options import add_service_options
from custreg.adapters.cli.options import opened_registry
from custreg.adapters.cli.text import cut_notice
from custreg.adapters.cli.text import printable
from custreg.domain.company import CompanyRecord
from custreg.domain.errors import CompanyNotFoundError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.usecases.registry_import import import_from_registry
from custreg.usecases.registry_import import registry_for
from custreg.usecases.registry_import import registry_query
from custreg.usecases.registry_import import search_registry

if TYPE_CHECKING:  # the registry adapters (custreg[registry]) are imported when a command runs
    from custreg.adapters.registries import RegistrySet

#: The countries whose registry the command line can ask.
COUNTRIES = ("FI", "NO")


def _registries(args: argparse.Namespace) -> RegistrySet:
    import httpx

    from custreg.adapters.registries import registries_for

    country = args.country.upper()
    urls = {country: args.registry_url} if args.registry_url else None
    return registries_for(
        (country,), base_urls=urls, timeout=httpx.Timeout(args.timeout, connect=args.timeout)
    )


def _summary(record: CompanyRecord) -> str:
    address = record.visiting_address or record.postal_address
    place = address.city or address.country if address else None
    status = "" if record.is_alive else f"  [{record.describe_status()}]"
    where = f"  {printable(place)}" if place else ""
    return f"{record.business_id.value:<12} {printable(record.name)}{where}{status}"


def run_search(args: argparse.Namespace) -> int:
    """Print the companies matching a name, or the one company with a business id."""
    principal = Principal(CLI_USER, CustomerPermission.READ_ONLY)
    with _registries(args) as registries:
        page = search_registry(registries, principal, args.country.upper(), args.query, args.page)
    for record in page.hits:
        print(_summary(record))
    if not page.hits:
        raise CliError(
            ExitCode.NOT_FOUND,
            f"the {args.country.upper()} registry has no company matching {args.query!r}"
            + (f" on page {args.page + 1}" if args.page else ""),
        )
    offset = page.page * page.page_size
    notice = cut_notice(len(page.hits), offset, page.total, "companies")
    if page.has_more:
        notice += f"; next page: --page {page.page + 1}"
    print(notice, file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Create a customer from the registry's record of one company."""
    country = args.country.upper()
    with opened_registry(args) as (registry, principal):
        with _registries(args) as registries:
            target = registry_query(args.business_id, registry_for(registries, country).country)
            if isinstance(target, str):
                raise CliError(
                    ExitCode.USAGE,
                    f"{args.business_id!r} is not a {country} business id or VAT number; "
                    "find it first with `custreg registry search`",
                )
            try:
                record = registries[country].lookup(target)
            except CompanyNotFoundError:
                raise CliError(
                    ExitCode.NOT_FOUND, f"the {country} registry has no company {target.value}"
                ) from None
        result = import_from_registry(
            registry, principal, record,
            accept_duplicate=args.accept_duplicate, accept_inactive=args.accept_inactive,
        )
        customer = result.customer
        print(f"created customer #{customer.number.value} {printable(customer.name)}")
        for address in result.addresses:
            print(f"  address: {printable(address.one_line())}")
        for field, reason in result.skipped.items():
            print(f"  not imported: {field}: {printable(reason)}")
        return 0


def _registry_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "country", type=str.upper, choices=COUNTRIES, metavar="COUNTRY",
        help="FI (Finland's YTJ) or NO (Norway's Enhetsregisteret)",
    )
    add_service_options(command, "--registry-url", "service", "seconds to wait for the registry")


def add_parser(subparsers: Any) -> None:
    """``custreg registry search`` and ``custreg registry import``."""
    actions = add_group(
        subparsers, "registry",
        help="find companies in public business registries and import them",
        description="Search Finland's and Norway's public business registries and create "
        "customers from them. When a registry cannot answer the result is unknown (exit "
        "code 6), never 'not found' (exit code 3).",
    )
    search = add_command(
        actions, "search", help="find companies by name or business id",
        description="Find companies by a name (one word works best) or by a business id or VAT "
        "number, which gives that one company.",
        run="custreg.adapters.cli.registry:run_search",
    )
    _registry_options(search)
    search.add_argument("query", help="a name, a business id or a VAT number")
    search.add_argument(
        "--page", type=int, default=0, help="result page, from 0 (default: %(default)s)"
    )
    add_debug(search)

    imported = add_command(
        actions, "import", help="create a customer from a registry's record of a company",
        description="Create a customer with the company's name, business id, VAT number, "
        "addresses, website, email and line of business, as the registry publishes them.",
        run="custreg.adapters.cli.registry:run_import",
    )
    _registry_options(imported)
    imported.add_argument("business_id", help="the company's business id or VAT number")
    imported.add_argument(
        "--accept-duplicate", action="store_true",
        help="create it even if a customer has the same VAT number or business id",
    )
    imported.add_argument(
        "--accept-inactive", action="store_true",
        help="import it even if the registry reports it dissolved, bankrupt or in liquidation",
    )
    add_database(imported)
