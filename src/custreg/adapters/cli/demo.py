"""The demo of the main job over the embedded SQLite default: set up an organisation, create
customers, list and search them, and show the rules at work (typed errors, duplicates,
inactivation, headquarters), the KPI strip of the customer list, and a mass update with its audit
trail and undo."""

from __future__ import annotations

import argparse
import itertools
import os
import uuid
from collections.abc import Callable
from datetime import date
from datetime import timedelta
from decimal import Decimal

import custreg as cr
from custreg.adapters.cli import demo_card
from custreg.adapters.cli.database import Organisation
from custreg.adapters.cli.database import stored_organisations
from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.text import local_time
from custreg.adapters.text.kpi import render_strip
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.kpi import previous_month
from custreg.domain.kpi import reference_day
from custreg.domain.mass_update import AddSegments
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.mass_update import ChangeOwner
from custreg.usecases.kpis import customer_kpis
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import mass_update_trail
from custreg.usecases.mass_update import undo_mass_update

ORG = cr.OrganisationId(uuid.UUID("00000000-0000-4000-8000-00000000c0de"))


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=0xDE30 << 64 | n)


ANNA, BO = UserId(_id(1)), UserId(_id(2))
IT, RETAIL = IndustryId(_id(10)), IndustryId(_id(11))


def demo_settings() -> cr.OrganisationSettings:
    """A small organisation: two users, two industries, templates, VAT rates, segments, statuses."""
    return cr.OrganisationSettings(
        organisation_id=ORG,
        name="Demo Oy",
        currency="EUR",
        timezone="Europe/Helsinki",
        users=(cr.User(ANNA, "Anna Account"), cr.User(BO, "Bo Builder")),
        industries=(cr.Industry(IT, "IT services"), cr.Industry(RETAIL, "Retail")),
        invoice_templates=(
            cr.InvoiceTemplate(InvoiceTemplateId(_id(20)), "Finnish", "fi"),
            cr.InvoiceTemplate(InvoiceTemplateId(_id(21)), "English", "en"),
        ),
        vat_rates=(
            cr.VatRate(VatRateId(_id(30)), "General 25.5 %", Decimal("25.5")),
            cr.VatRate(VatRateId(_id(31)), "Reduced 14 %", Decimal("14")),
        ),
        market_segments=(
            cr.MarketSegment(MarketSegmentId(_id(40)), "Key accounts"),
            cr.MarketSegment(MarketSegmentId(_id(41)), "Nordics"),
        ),
        invoice_statuses=(
            cr.InvoiceStatus(InvoiceStatusId(_id(50)), "Draft"),
            cr.InvoiceStatus(InvoiceStatusId(_id(51)), "Sent", is_sent=True, has_number=True),
            cr.InvoiceStatus(
                InvoiceStatusId(_id(52)), "Paid", is_sent=True, is_paid=True, has_number=True
            ),
        ),
        sales_statuses=(
            cr.SalesStatus(SalesStatusId(_id(60)), "Lead", cr.SalesState.IN_PROGRESS, 10),
            cr.SalesStatus(SalesStatusId(_id(61)), "Won", cr.SalesState.WON, 100),
            cr.SalesStatus(SalesStatusId(_id(62)), "Lost", cr.SalesState.LOST, 0),
        ),
        task_statuses=(
            cr.TaskStatus(TaskStatusId(_id(70)), "Not started", order=1),
            cr.TaskStatus(TaskStatusId(_id(71)), "In progress", order=2),
            cr.TaskStatus(TaskStatusId(_id(72)), "Done", is_done=True, order=3),
        ),
    )


def _section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 72 - len(title)))


def _expect_error(what: str, action: Callable[[], object]) -> None:
    try:
        action()
    except cr.errors.CustregError as error:
        print(f"  {what}: refused -> {type(error).__name__}: {error}")
    else:  # pragma: no cover - the demo shows rules, a silent success is a bug
        raise AssertionError(f"{what} should have been refused")


def _beside(db: str, name: str) -> str:
    """A file next to the demo database (or in the working directory for a URL)."""
    if "://" in db:
        return f"custreg-demo-{name}"
    return os.path.join(os.path.dirname(os.path.abspath(db)), f"custreg-demo-{name}")


#: The PostgreSQL schema the demo writes to unless told otherwise (never the default schema).
DEMO_SCHEMA = "custreg_demo"


def _is_demo(found: list[Organisation] | None) -> bool:
    """Whether a database holds the demo and nothing else: the demo's fixed organisation id is
    its marker."""
    return found is not None and [o.id for o in found] == [ORG]


def _refuse_or_clear(where: str, found: list[Organisation] | None, force: bool) -> bool:
    """Whether an existing database may be replaced by a new demo; refuses anything else."""
    if not _is_demo(found):
        raise CliError(
            ExitCode.CONFLICT,
            f"{where} exists and is not a custreg demo database; the demo never overwrites it: "
            "choose a new file name with --db",
        )
    if not force:
        raise CliError(
            ExitCode.CONFLICT,
            f"{where} already holds the demo; pass --force to recreate it",
        )
    return True


def prepare_database(db: str, schema: str | None, force: bool) -> tuple[str, str | None]:
    """The URL and schema the demo may write to: a new SQLite file, a new PostgreSQL schema, or
    (with ``force``) a database that holds the demo and nothing else, emptied first."""
    if "://" in db and not db.startswith("sqlite:"):
        schema = schema or DEMO_SCHEMA
        found = stored_organisations(db, schema)
        if found is not None and _refuse_or_clear(f"schema {schema!r}", found, force):
            drop_schema(db, schema)
        return db, schema
    if schema is not None:
        raise CliError(ExitCode.USAGE, "--schema is for PostgreSQL; a SQLite demo is one file")
    path = db.removeprefix("sqlite:///") if db.startswith("sqlite:///") else db
    if os.path.lexists(path):
        if os.path.isdir(path):
            raise CliError(ExitCode.CONFLICT, f"{path!r} is a folder; give a new file name")
        try:
            found = stored_organisations(f"sqlite:///{path}")
        except cr.errors.StorageError:  # not a SQLite file at all
            found = None
        _refuse_or_clear(repr(path), found, force)
        for stale in (path, f"{path}-wal", f"{path}-shm"):
            if os.path.lexists(stale):
                os.remove(stale)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CliError(ExitCode.STORAGE, f"no folder {folder!r} for the demo database")
    return f"sqlite:///{path}", None


def drop_schema(url: str, schema: str) -> None:
    """Drop the demo's PostgreSQL schema with everything in it."""
    from sqlalchemy import create_engine
    from sqlalchemy import text

    from custreg.adapters.sql.errors import translated

    with translated():
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            engine.dispose()


def _kpi_data(registry: cr.Registry, customers: list[cr.Customer]) -> None:
    """Projects, costs and invoices around today, so the KPI strip has something to add up."""
    nokia, equinor, esimerkki = customers
    zone = cr.get_settings(registry).zone
    today = reference_day(registry.clock.now(), zone)
    this_month, last_month = today.replace(day=1), previous_month(today).start
    sent, draft = InvoiceStatusId(_id(51)), InvoiceStatusId(_id(50))
    lead, won = cr.SalesStatusId(_id(60)), cr.SalesStatusId(_id(61))

    def new_id() -> uuid.UUID:
        return registry.ids.new_id()

    def eur(amount: str) -> cr.Money:
        return cr.Money(Decimal(amount), "EUR")

    numbers = itertools.count(1001)

    def invoice(customer: cr.Customer, status: InvoiceStatusId, on: date, amount: str) -> None:
        number = None if status == draft else next(numbers)
        uow.invoices.add(
            cr.Invoice(
                id=cr.InvoiceId(new_id()),
                customer_id=customer.id,
                status_id=status,
                on=on,
                total_excl_vat=eur(amount),
                total_incl_vat=eur(str(Decimal(amount) * Decimal("1.255"))),
                number=number,
                is_credit_note=amount.startswith("-"),
                owner_id=ANNA,
            )
        )

    with registry.uow() as uow:
        projects = [
            (nokia, "ERP rollout", False, False, won),
            (nokia, "Internal tooling", True, False, None),
            (equinor, "Data platform offer", False, False, lead),
            (esimerkki, "Shop renewal", False, True, won),
        ]
        made = []
        for customer, name, internal, closed, status in projects:
            project = cr.Project(
                id=cr.ProjectId(new_id()),
                customer_id=customer.id,
                number=uow.projects.next_number(),
                name=name,
                is_internal=internal,
                is_closed=closed,
                sales_status_id=status,
                probability=100 if status == won else 10 if status == lead else 0,
            )
            uow.projects.add(project)
            made.append(project)
        for project, amount in ((made[0], "4200"), (made[1], "3000")):  # the 2nd is internal
            uow.projects.add_cost(
                cr.CostEntry(
                    CostEntryId(new_id()),
                    project.id,
                    cr.CostKind.WORK_HOURS,
                    this_month,
                    eur(amount),
                )
            )
        invoice(nokia, sent, this_month, "12000")
        invoice(nokia, sent, this_month + timedelta(days=1), "-500")  # a credit note
        invoice(nokia, InvoiceStatusId(_id(52)), last_month, "9500")
        invoice(equinor, draft, this_month, "1000")  # not sent: no billing, still a prospect
        invoice(esimerkki, sent, today.replace(year=today.year - 1, day=1), "800")
        uow.commit()


def _mass_update_demo(registry: cr.Registry, admin: cr.Principal, reader: cr.Principal) -> None:
    """M1-M8: one action on many customers, all or nothing, with its audit trail and undo."""
    _section("Mass update: all IT customers to Bo, a segment for everyone (M1-M8)")
    settings = cr.get_settings(registry)
    zone = settings.zone
    names: dict[object, str] = {u.id: u.name for u in settings.users}
    customers = cr.list_customers(registry, admin).items
    names.update({c.id: c.name for c in customers})
    names.update({str(key): name for key, name in names.items()})  # audit values are text
    moved = mass_update(
        registry, admin, MassUpdate.matching(ChangeOwner(BO), cr.CustomerQuery(industry_id=IT))
    )
    for o in moved.outcomes:
        print(
            f"  {names[o.customer_id]:<24} owner {names.get(o.before, '-')} -> "
            f"{names.get(o.after, '-')} ({o.kind.value})"
        )
    assert moved.batch_id is not None
    print("  its audit trail:")
    for e in mass_update_trail(registry, admin, moved.batch_id):
        change = (
            f"{names.get(e.entity_id)}: {e.field} {names.get(e.before)} -> {names.get(e.after)}"
            if e.entity == "customer"
            else f"(batch: the versions written, for undo: {_count(e.after)} customer(s))"
        )
        print(f"    {local_time(e.at, zone)} {names.get(e.actor)} {e.action} {change}")
    undone = undo_mass_update(registry, admin, moved.batch_id)
    restored = ", ".join(
        f"{names[o.customer_id]} to {names.get(o.after, '-')}" for o in undone.outcomes
    )
    print(f"  undo restored {restored}")
    batch = moved.batch_id
    _expect_error("undo it twice", lambda: undo_mass_update(registry, admin, batch))

    ticked = [c.id for c in customers]
    nordics = AddSegments({MarketSegmentId(_id(41))})
    tagged = mass_update(registry, admin, MassUpdate.of_ids(nordics, ticked))
    print(
        f"  add 'Nordics' to the {tagged.selected} ticked: {len(tagged.changed)} changed, "
        f"{len(tagged.unchanged)} already so"
    )
    again = mass_update(registry, admin, MassUpdate.of_ids(nordics, ticked))
    print(
        f"  the same again (M6): {len(again.changed)} changed, nothing written"
        + ("" if again.batch_id is None else f" (batch {again.batch_id})")
    )
    first = ticked[0]
    _expect_error(
        "a ticked row saved by someone else since (M2)",
        lambda: mass_update(
            registry, admin, MassUpdate.of_ids(ChangeIndustry(RETAIL), ticked, {first: 1})
        ),
    )
    _expect_error(
        "read-only user (M8)",
        lambda: mass_update(registry, reader, MassUpdate.of_ids(ChangeIndustry(RETAIL), ticked)),
    )


def _count(value: object) -> int:
    """How many entries an audit value holds (a mapping or a sequence), 1 for anything else."""
    return len(value) if isinstance(value, dict | list | tuple) else 1


def _print_customers(page: cr.Page[cr.Customer]) -> None:
    for c in page.items:
        vat = c.vat_number or "-"
        print(f"  #{c.number}  {c.name:<28} {vat!s:<18} {c.status.value}")
    print(f"  ({page.total} in all)")


def run(args: argparse.Namespace) -> int:
    """Run the demo; returns the process exit code."""
    url, schema = prepare_database(args.db, args.schema, args.force)
    with cr.open(url, ORG, schema=schema, settings=demo_settings()) as registry:
        return _run(args, registry, url, schema)


def _run(args: argparse.Namespace, registry: cr.Registry, url: str, schema: str | None) -> int:
    admin = cr.Principal(ANNA, cr.CustomerPermission.ALL, can_delete_customers=True)
    where = f"{url} (schema {schema})" if schema else url
    print(f"custreg {cr.__version__} demo over {where}")

    _section("Create customers (C1-C4, C7, A1)")
    nokia = cr.create_customer(
        registry,
        admin,
        cr.CreateCustomer(
            "Nokia Oyj",
            vat_number="FI 0112038-9",
            address=cr.NewAddress("FI", ("Karakaari 7",), "02610", "Espoo"),
            einvoice_addresses=(cr.NewEInvoice("003701120389", "003721291126"),),
            owner_id=ANNA,
            industry_id=IT,
            website="www.nokia.com",
        ),
    )
    print(
        f"  created #{nokia.number} {nokia.name}: VAT {nokia.vat_number}, "
        f"business id {nokia.business_id}, e-invoice "
        + ("; ".join(nokia.einvoice_addresses.labels()) or "-")
    )
    others = [
        cr.CreateCustomer("Equinor ASA", vat_number="NO923609016MVA", owner_id=BO, industry_id=IT),
        cr.CreateCustomer("Esimerkki Oy", owner_id=ANNA, industry_id=RETAIL),
        cr.CreateCustomer(
            "Brønnøysundregistrene",
            vat_number="974760673",
            country="NO",
            owner_id=BO,
            industry_id=RETAIL,
        ),
    ]
    for command in others:
        created = cr.create_customer(registry, admin, command)
        print(f"  created #{created.number} {created.name} (VAT {created.vat_number or '-'})")

    _section("Bad input gets a typed error naming the field, nothing is stored")
    _expect_error(
        "blank name", lambda: cr.create_customer(registry, admin, cr.CreateCustomer("  "))
    )
    _expect_error(
        "bad VAT + bad email",
        lambda: cr.create_customer(
            registry, admin, cr.CreateCustomer("X Oy", vat_number="FI01120388", email="x@")
        ),
    )
    _expect_error(
        "unknown industry",
        lambda: cr.create_customer(
            registry, admin, cr.CreateCustomer("Y Oy", industry_id=IndustryId(uuid.uuid4()))
        ),
    )
    _expect_error(
        "duplicate VAT (C4)",
        lambda: cr.create_customer(registry, admin, cr.CreateCustomer("Nokia again", "FI01120389")),
    )
    reader = cr.Principal(BO, cr.CustomerPermission.READ_ONLY)
    _expect_error(
        "read-only user creates",
        lambda: cr.create_customer(registry, reader, cr.CreateCustomer("Z Oy")),
    )

    _section("List and search (C6)")
    _print_customers(cr.list_customers(registry, admin))
    print("  search 'oy':")
    _print_customers(cr.list_customers(registry, admin, cr.CustomerQuery(text="oy")))

    _section("Addresses: headquarters rules (A1-A4)")
    second = cr.add_address(
        registry, admin, nokia.id, cr.NewAddress("FI", ("PL 226",), "00045", "Nokia Group")
    )
    cr.set_headquarters(registry, admin, nokia.id, second.id)
    for address in cr.list_addresses(registry, admin, nokia.id):
        hq = cr.get_customer(registry, admin, nokia.id).headquarters_address_id == address.id
        print(f"  {'HQ ' if hq else '   '}{address.one_line()}")
    cr.remove_address(registry, admin, second.id)
    hq_now = cr.get_customer(registry, admin, nokia.id).headquarters_address_id
    print(
        "  after removing the HQ, the earliest remaining address is HQ: "
        + ("yes" if hq_now is not None else "no")
    )

    _section("Inactivate and reactivate (C5, C6)")
    cr.inactivate_customer(registry, admin, nokia.id)
    active = cr.list_customers(registry, admin, cr.CustomerQuery(status=cr.CustomerStatus.ACTIVE))
    inactive = cr.list_customers(
        registry, admin, cr.CustomerQuery(status=cr.CustomerStatus.INACTIVE)
    )
    print(
        f"  active {active.total} + inactive {inactive.total} = "
        f"all {cr.list_customers(registry, admin).total}"
    )
    cr.reactivate_customer(registry, admin, nokia.id)
    print(
        f"  reactivated: {cr.get_customer(registry, admin, nokia.id).status.value}, "
        f"addresses kept: {len(cr.list_addresses(registry, admin, nokia.id))}"
    )

    _section("KPI strip of the customer list (K1-K8)")
    first_three = cr.list_customers(registry, admin, page=cr.PageRequest(limit=3)).items
    _kpi_data(registry, list(first_three))
    print(f"  admin:     {render_strip(customer_kpis(registry, admin))}")
    print(f"  read-only: {render_strip(customer_kpis(registry, reader))}")

    _mass_update_demo(registry, admin, reader)

    _section("Customer card of Nokia Oyj: every tab from one call (P, T, N, S, U, C8)")
    demo_card.card_demo(registry, admin, reader, cr.get_customer(registry, admin, nokia.id))

    _section("Report: Contacts & addresses to CSV (X1-X4)")
    demo_card.report_demo(registry, admin, _beside(args.db, "contacts.csv"))

    _section("Duplicates: find and consolidate (D1-D2)")
    demo_card.duplicates_demo(registry, admin)
    next_step = f"custreg customers --db {args.db}" + (f" --schema {schema}" if schema else "")
    print(f"\nDemo finished. Next, try: {next_step}")
    return 0
