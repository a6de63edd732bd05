"""X1-X4 and U5: reports on every adapter, against a naive reference written from rules.md, and the
CSV and XLSX exporters read back with the ``csv`` module and openpyxl.

The reference (``expected_*``) works on the world's plain lists and shares no code with the
adapters or the use case; the exporters are checked by parsing what they wrote, not by calling the
renderer they use.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import uuid
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck
from hypothesis import assume
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from reports_world import ANNA
from reports_world import BO
from reports_world import CUSTOM_TEXT
from reports_world import EUR
from reports_world import FORMULA_TEXTS
from reports_world import IN_PROGRESS
from reports_world import INDUSTRIES
from reports_world import KEYWORDS
from reports_world import NEGOTIATION
from reports_world import SEGMENTS
from reports_world import SENT
from reports_world import USERS
from reports_world import World
from reports_world import add_customer
from reports_world import add_note
from reports_world import add_project
from reports_world import open_world
from reports_world import store
from reports_world import texts
from reports_world import worlds

from custreg.adapters.exports import CollectingSink
from custreg.adapters.exports import CsvSink
from custreg.adapters.exports import XlsxSink
from custreg.adapters.exports.xlsx_sink import EXCEL_DIGITS
from custreg.bootstrap import open_memory
from custreg.domain.contact import Contact
from custreg.domain.contact import ContactStatus
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import OrganisationId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.reports import FILTER_NAMES
from custreg.domain.reports import FORMULA_PREFIXES
from custreg.domain.reports import CellType
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import SortKey
from custreg.domain.reports import builtin_report
from custreg.domain.reports import column_catalogue
from custreg.domain.reports import definition_from_mapping
from custreg.domain.reports import neutralise_formula
from custreg.domain.reports import parse_filters
from custreg.domain.reports import starts_formula
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.reports import run_report

RegistryFactory = Callable[..., Registry]
with_fixture = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

ADMIN = Principal(ANNA, CustomerPermission.ALL)
SALES_CASE_STATUSES = {IN_PROGRESS.id, NEGOTIATION.id}


def principals() -> st.SearchStrategy[Principal]:
    return st.builds(
        Principal,
        st.sampled_from((ANNA, BO)),
        st.sampled_from(
            (CustomerPermission.READ_ONLY, CustomerPermission.EDIT, CustomerPermission.ALL)
        ),
        st.just(False),
        st.sampled_from(InvoiceAccess),
    )


def report(
    registry: Registry, principal: Principal, definition: ReportDefinition
) -> CollectingSink:
    sink = CollectingSink()
    run_report(registry, principal, definition, sink)
    assert sink.finished
    return sink


# -- the naive reference ---------------------------------------------------------------------------


def selected(world: World, filters: ReportFilters) -> list[Customer]:
    """Customers the filters keep, by number (X1: READ_ONLY and up see every customer, U2).

    The C6 criteria (industry, segment, text) use ``CustomerQuery.matches``, C6's own reference.
    """
    kept = []
    c6 = CustomerQuery(
        text=filters.text,
        industry_id=filters.industry_id,
        market_segment_id=filters.market_segment_id,
    )
    for customer in sorted(world.customers, key=lambda c: c.number.value):
        if filters.status is not None and customer.status is not filters.status:
            continue
        if filters.owner_id is not None and customer.owner_id != filters.owner_id:
            continue
        if not c6.matches(customer):
            continue
        if filters.keyword is not None and not any(
            filters.keyword in c.keywords for c in listed_contacts(world, customer, filters)
        ):
            continue
        kept.append(customer)
    return kept


def listed_contacts(
    world: World, customer: Customer, filters: ReportFilters | None = None
) -> list[Contact]:
    """X2: every contact person that is not deleted, active and inactive; the contact status
    filter narrows to one of them."""
    wanted = None if filters is None else filters.contact_status
    return [
        c for c in world.contacts
        if c.customer_id == customer.id and c.deleted_at is None
        and (wanted is None or c.active == (wanted is ContactStatus.ACTIVE))
    ]


def billing(world: World, customer: Customer, principal: Principal) -> Money:
    """Billed (Sent status, numbered) invoices the principal may see, excl. VAT (K4, U5)."""
    total = Decimal(0)
    for invoice in world.invoices:
        if invoice.customer_id != customer.id or invoice.status_id != SENT.id:
            continue
        if principal.invoices is InvoiceAccess.NONE:
            continue
        if principal.invoices is InvoiceAccess.OWN and invoice.owner_id != principal.user_id:
            continue
        total += invoice.total_excl_vat.amount
    return Money(total, EUR)


def names(items: Sequence[Any]) -> dict[Any, str]:
    return {item.id: item.name for item in items}


def customer_cell(world: World, customer: Customer, key: str, principal: Principal) -> Any:
    zone = ZoneInfo(world.timezone)
    hq = world.address(customer.headquarters_address_id)
    cells: dict[str, Callable[[], Any]] = {
        "customer.number": lambda: customer.number.value,
        "customer.name": lambda: customer.name,
        "customer.status": lambda: customer.status.value,
        "customer.owner": lambda: names(USERS).get(customer.owner_id),
        "customer.industry": lambda: names(INDUSTRIES).get(customer.industry_id),
        "customer.market_segments": lambda: tuple(
            s.name for s in SEGMENTS if s.id in customer.market_segment_ids
        ),
        "customer.email": lambda: customer.email.address if customer.email else None,
        "customer.is_internal": lambda: customer.is_internal,
        "customer.created_at": lambda: customer.created_at.astimezone(zone).replace(
            tzinfo=None, microsecond=0
        ),
        "customer.billing_total": lambda: billing(world, customer, principal),
        "address.city": lambda: hq.city if hq else None,
        "address.street": lambda: ", ".join(hq.lines) or None if hq else None,
        "custom.Region": lambda: customer.custom_fields.get(CUSTOM_TEXT.id),
    }
    return cells[key]()


CUSTOMER_COLUMNS = (
    "customer.number", "customer.name", "customer.status", "customer.owner", "customer.industry",
    "customer.market_segments", "customer.email", "customer.is_internal", "customer.created_at",
    "address.city", "address.street", "custom.Region",
)


def contact_cell(world: World, customer: Customer, contact: Contact, key: str) -> Any:
    own = world.address(contact.address_id)
    address = own if own is not None else world.address(customer.headquarters_address_id)
    cells: dict[str, Callable[[], Any]] = {
        "customer.number": lambda: customer.number.value,
        "contact.first_name": lambda: contact.first_name,
        "contact.last_name": lambda: contact.last_name,
        "contact.emails": lambda: tuple(e.address for e in contact.emails),
        "contact.keywords": lambda: tuple(sorted(contact.keywords)),
        "contact.status": lambda: "active" if contact.active else "inactive",
        "address.city": lambda: address.city if address else None,
    }
    return cells[key]()


CONTACT_COLUMNS = (
    "customer.number", "contact.first_name", "contact.last_name", "contact.emails",
    "contact.keywords", "contact.status", "address.city",
)


def filters_for(world: World) -> st.SearchStrategy[ReportFilters]:
    return st.builds(
        ReportFilters,
        status=st.sampled_from((None, *CustomerStatus)),
        owner_id=st.sampled_from((None, ANNA, BO)),
        industry_id=st.sampled_from((None, INDUSTRIES[0].id)),
        market_segment_id=st.sampled_from((None, SEGMENTS[1].id)),
        keyword=st.sampled_from((None, *KEYWORDS)),
        contact_status=st.sampled_from((None, *ContactStatus)),
        text=st.sampled_from((None, "1", "a", "=")),
    )


# -- X1, U2, U5 ----------------------------------------------------------------------------------


@with_fixture
@given(
    world=worlds(),
    principal=principals(),
    columns=st.lists(st.sampled_from(CUSTOMER_COLUMNS), min_size=1, unique=True),
    money=st.booleans(),
    filters=filters_for(World()),
)
def test_x1_customer_report_has_the_chosen_columns_and_only_visible_customers(
    registry_factory: RegistryFactory,
    world: World,
    principal: Principal,
    columns: list[str],
    money: bool,
    filters: ReportFilters,
) -> None:
    registry = open_world(registry_factory, world)
    chosen = [*columns, "customer.billing_total"] if money else columns
    definition = ReportDefinition(ReportLevel.CUSTOMERS, chosen, filters)
    if money and principal.invoices is InvoiceAccess.NONE:  # U5: money needs invoice access
        with pytest.raises(PermissionDeniedError):
            report(registry, principal, definition)
        return
    sink = report(registry, principal, definition)
    assert sink.header is not None
    assert [c.key for c in sink.header.columns] == chosen
    expected = [
        tuple(customer_cell(world, c, key, principal) for key in chosen)
        for c in selected(world, filters)
    ]
    assert sink.rows == expected


@with_fixture
@given(world=worlds(max_customers=2), invoices=st.sampled_from(InvoiceAccess))
def test_x1_none_permission_sees_no_report_and_nothing_is_written(
    registry_factory: RegistryFactory, world: World, invoices: InvoiceAccess
) -> None:
    registry = open_world(registry_factory, world)
    sink = CollectingSink()
    nobody = Principal(ANNA, CustomerPermission.NONE, invoices=invoices)
    with pytest.raises(PermissionDeniedError):
        run_report(registry, nobody, builtin_report("customers"), sink)
    assert sink.header is None and sink.rows == []


@with_fixture
@given(
    world=worlds(max_customers=3),
    level=st.sampled_from(ReportLevel),
    permission=st.sampled_from((CustomerPermission.READ_ONLY, CustomerPermission.EDIT)),
)
def test_u5_money_columns_only_for_all(
    registry_factory: RegistryFactory,
    world: World,
    level: ReportLevel,
    permission: CustomerPermission,
) -> None:
    registry = open_world(registry_factory, world)
    catalogue = column_catalogue(level, world.settings(registry.organisation_id))
    money = [key for key, column in catalogue.items() if column.money]
    assert money, "every level offers a money column"
    for key in money:
        definition = ReportDefinition(level, ["customer.number", key])
        with pytest.raises(PermissionDeniedError):
            report(registry, Principal(ANNA, permission), definition)
        assert report(registry, ADMIN, definition).header is not None
    for name in ("customers", "sales_case_notes"):
        without = builtin_report(name)
        assert not any(catalogue.get(k) and catalogue[k].money for k in without.columns)
        report(registry, Principal(ANNA, permission), without)


# -- X2 --------------------------------------------------------------------------------------------


@with_fixture
@given(
    world=worlds(),
    principal=principals(),
    columns=st.lists(st.sampled_from(CONTACT_COLUMNS), min_size=1, unique=True),
    filters=filters_for(World()),
)
def test_x2_contacts_report_lists_every_contact_person_once_with_its_emails_and_status(
    registry_factory: RegistryFactory,
    world: World,
    principal: Principal,
    columns: list[str],
    filters: ReportFilters,
) -> None:
    registry = open_world(registry_factory, world)
    chosen = ["customer.number", "contact.first_name", "contact.last_name", "contact.emails"]
    chosen += [c for c in columns if c not in chosen]
    sink = report(registry, principal, ReportDefinition(ReportLevel.CONTACTS, chosen, filters))
    rows = []
    for customer in selected(world, filters):
        contacts = [
            c for c in listed_contacts(world, customer, filters)
            if filters.keyword is None or filters.keyword in c.keywords
        ]
        contacts.sort(key=lambda c: (c.last_name, c.first_name, c.id))
        rows += [tuple(contact_cell(world, customer, c, k) for k in chosen) for c in contacts]
    assert sink.rows == rows
    builtin = report(registry, principal, builtin_report("contacts", filters=filters))
    assert len(builtin.rows) == len(rows)


# -- X3 --------------------------------------------------------------------------------------------


def note_level(world: World, project_id: Any) -> ReportLevel:
    if project_id is None:
        return ReportLevel.CUSTOMER_NOTES
    project = world.project(project_id)
    assert project is not None
    if project.sales_status_id in SALES_CASE_STATUSES:
        return ReportLevel.SALES_CASE_NOTES
    return ReportLevel.PROJECT_NOTES


@with_fixture
@given(world=worlds(), principal=principals(), status=st.sampled_from((None, *CustomerStatus)))
def test_x3_notes_reports_at_three_levels_list_exactly_the_notes_of_that_level(
    registry_factory: RegistryFactory,
    world: World,
    principal: Principal,
    status: CustomerStatus | None,
) -> None:
    registry = open_world(registry_factory, world)
    filters = ReportFilters(status=status)
    seen: list[tuple[Any, ...]] = []
    for level in (
        ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES, ReportLevel.CUSTOMER_NOTES
    ):
        columns = ["customer.number", "note.created_at", "note.text"]
        if level is not ReportLevel.CUSTOMER_NOTES:
            columns.append("project.number")
        rows = report(registry, principal, ReportDefinition(level, columns, filters)).rows
        zone = ZoneInfo(world.timezone)
        expected = []
        for customer in selected(world, filters):
            notes = [
                n for n in world.notes
                if n.customer_id == customer.id and note_level(world, n.project_id) is level
            ]
            for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
                row: tuple[Any, ...] = (
                    customer.number.value,
                    note.created_at.astimezone(zone).replace(tzinfo=None, microsecond=0),
                    note.text,
                )
                if level is not ReportLevel.CUSTOMER_NOTES:
                    project = world.project(note.project_id)
                    assert project is not None
                    row += (project.number,)
                expected.append(row)
        assert rows == expected
        seen += [row[:3] for row in rows]
    every_note = [n for c in selected(world, filters) for n in world.notes if n.customer_id == c.id]
    assert len(seen) == len(every_note)


# -- X4: exporters -------------------------------------------------------------------------------

XML_ILLEGAL = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\ufffe", "\uffff"}


def _kept_in_cell(ch: str) -> bool:
    """Tab and line feed, or no control, surrogate, format character or XML-illegal one."""
    category = unicodedata.category(ch)
    return ch in "\t\n" or (category not in ("Cc", "Cs", "Cf") and ch not in XML_ILLEGAL)


def expected_text(value: str) -> str:
    """What a text cell must read back as: line breaks as \\n, characters no spreadsheet holds
    dropped, then an apostrophe before a formula start (X4: clean first, then neutralise)."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if _kept_in_cell(ch))
    return "'" + text if starts_formula(text) else text


def check_csv_cell(read: str, value: Any, type_: CellType) -> None:
    if value is None or value == ():
        assert read == ""
    elif type_ is CellType.TEXT:
        assert read == expected_text(value)
    elif type_ is CellType.LIST:
        assert read == expected_text("; ".join(value))
    elif type_ is CellType.INTEGER:
        assert int(read) == value
    elif type_ is CellType.DECIMAL:
        assert Decimal(read) == value
    elif type_ is CellType.MONEY:
        amount, _, currency = read.partition(" ")
        assert Decimal(amount) == value.amount
        assert (currency or EUR) == value.currency
    elif type_ is CellType.BOOLEAN:
        assert read == ("true" if value else "false")
    elif type_ is CellType.DATE:
        assert date.fromisoformat(read) == value
    else:
        assert datetime.fromisoformat(read) == value


def _exact_in_excel(value: Decimal) -> bool:
    """Excel keeps 15 significant digits; XlsxSink writes longer numbers as text."""
    return len(value.normalize().as_tuple().digits) <= EXCEL_DIGITS


def check_xlsx_cell(read: Any, value: Any, type_: CellType) -> None:
    if value is None or value == ():
        assert read in (None, "")
    elif type_ is CellType.TEXT:
        assert (read or "") == expected_text(value)  # an empty string cell reads as None
    elif type_ is CellType.LIST:
        assert (read or "") == expected_text("; ".join(value))
    elif type_ is CellType.MONEY and not _exact_in_excel(value.amount):  # kept exact as text
        amount, _, currency = read.partition(" ")
        assert Decimal(amount) == value.amount and currency == value.currency
    elif type_ is CellType.MONEY:
        assert isinstance(read, int | float) and Decimal(repr(read)) == value.amount
    elif type_ is CellType.DECIMAL and not _exact_in_excel(value):
        assert Decimal(read) == value
    elif type_ in (CellType.INTEGER, CellType.DECIMAL):
        assert isinstance(read, int | float) and Decimal(repr(read)) == value
    elif type_ is CellType.BOOLEAN:
        assert read is value
    elif type_ is CellType.DATE:
        assert isinstance(read, datetime) and read.date() == value
    else:
        assert read == value


def every_column(level: ReportLevel, registry: Registry) -> list[str]:
    with registry.uow() as uow:
        return list(column_catalogue(level, uow.settings.get()))


@with_fixture
@given(
    world=worlds(),
    level=st.sampled_from(ReportLevel),
    delimiter=st.sampled_from((",", ";", "\t", "|")),
    bom=st.booleans(),
    data=st.data(),
)
def test_x4_csv_export_reads_back_as_the_same_header_and_rows(
    registry_factory: RegistryFactory,
    world: World,
    level: ReportLevel,
    delimiter: str,
    bom: bool,
    data: st.DataObject,
) -> None:
    registry = open_world(registry_factory, world)
    catalogue = every_column(level, registry)
    columns = data.draw(st.lists(st.sampled_from(catalogue), min_size=1, unique=True))
    definition = ReportDefinition(level, columns)
    collected = report(registry, ADMIN, definition)
    stream = io.StringIO(newline="")
    run_report(registry, ADMIN, definition, CsvSink(stream, delimiter=delimiter, bom=bom))
    written = stream.getvalue()
    assert written.startswith("\ufeff") == bom
    assert "\n" not in written.replace("\r\n", "") or '"' in written  # CRLF records (RFC 4180)
    read = list(csv.reader(io.StringIO(written.removeprefix("\ufeff"), newline=""),
                           delimiter=delimiter))
    assert collected.header is not None
    assert read[0] == list(collected.header.labels)
    assert len(read) == len(collected.rows) + 1
    types = [c.type for c in collected.header.columns]
    for read_row, row in zip(read[1:], collected.rows, strict=True):
        for cell, value, type_ in zip(read_row, row, types, strict=True):
            check_csv_cell(cell, value, type_)
            if type_ in (CellType.TEXT, CellType.LIST):
                assert not cell.startswith(FORMULA_PREFIXES)


@with_fixture
@given(world=worlds(), level=st.sampled_from(ReportLevel), data=st.data())
def test_x4_xlsx_export_holds_the_same_values_in_the_same_order(
    registry_factory: RegistryFactory, world: World, level: ReportLevel, data: st.DataObject
) -> None:
    registry = open_world(registry_factory, world)
    catalogue = every_column(level, registry)
    columns = data.draw(st.lists(st.sampled_from(catalogue), min_size=1, unique=True))
    definition = ReportDefinition(level, columns)
    collected = report(registry, ADMIN, definition)
    target = io.BytesIO()
    run_report(registry, ADMIN, definition, XlsxSink(target))
    sheet = load_workbook(io.BytesIO(target.getvalue()), read_only=True).active
    read = list(sheet.iter_rows(values_only=True))
    assert collected.header is not None
    assert list(read[0]) == list(collected.header.labels)
    assert len(read) == len(collected.rows) + 1
    types = [c.type for c in collected.header.columns]
    for read_row, row in zip(read[1:], collected.rows, strict=True):
        cells = list(read_row) + [None] * (len(row) - len(read_row))
        for cell, value, type_ in zip(cells, row, types, strict=True):
            check_xlsx_cell(cell, value, type_)
            if isinstance(cell, str):
                assert not cell.startswith(FORMULA_PREFIXES)


def test_x4_xlsx_types_cells_and_freezes_the_header(tmp_path: Any) -> None:
    organisation = OrganisationId(uuid.uuid4())
    world = World(timezone="UTC")
    customer = add_customer(world, "=SUM(A1:A9)")
    project = add_project(world, customer, IN_PROGRESS, expected_value=Money("1234.5", EUR))
    add_note(world, customer, "@here", project)
    registry = store(open_memory(organisation, world.settings(organisation)), world)
    path = tmp_path / "notes.xlsx"
    definition = builtin_report("sales_case_notes", with_money=True)
    run_report(registry, ADMIN, definition, XlsxSink(path))
    book = load_workbook(path)
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    values = [cell.value for cell in sheet[2]]
    labels = [cell.value for cell in sheet[1]]
    assert values[labels.index("Customer")] == "'=SUM(A1:A9)"
    assert values[labels.index("Note")] == "'@here"
    money = sheet.cell(2, labels.index("Expected value") + 1)
    assert money.value == 1234.5 and "EUR" in money.number_format
    created = sheet.cell(2, labels.index("Note created") + 1)
    assert isinstance(created.value, datetime) and created.is_date
    assert sheet.column_dimensions["A"].width >= 12
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_x4_xlsx_writes_money_beyond_excels_15_digits_as_exact_text(tmp_path: Any) -> None:
    organisation = OrganisationId(uuid.uuid4())
    world = World(timezone="UTC")
    customer = add_customer(world, "Precise Oy")
    amounts = [Money("100000999999.9901", EUR), Money("99999999999.9901", EUR)]
    for amount in amounts:
        project = add_project(world, customer, IN_PROGRESS, expected_value=amount)
        add_note(world, customer, "Offer", project)
    registry = store(open_memory(organisation, world.settings(organisation)), world)
    path = tmp_path / "projects.xlsx"
    definition = builtin_report("sales_case_notes", with_money=True)
    run_report(registry, ADMIN, definition, XlsxSink(path))
    sheet = load_workbook(path).active
    labels = [cell.value for cell in sheet[1]]
    column = labels.index("Expected value") + 1
    read = sorted((sheet.cell(r, column).value for r in (2, 3)), key=str)
    assert read[0] == "100000999999.9901 EUR"  # 16 digits: text, exact
    assert read[1] == 99999999999.9901  # 15 digits: a number Excel holds exactly
    for value, money in zip(read, amounts, strict=True):
        check_xlsx_cell(value, money, CellType.MONEY)


@given(st.text())
def test_x4_neutralised_text_never_starts_a_formula_and_keeps_the_rest(text: str) -> None:
    safe = neutralise_formula(text)
    assert not safe.startswith(FORMULA_PREFIXES)
    assert safe.endswith(text)
    if not starts_formula(text):
        assert safe == text
    else:
        assert safe == "'" + text


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_x4_known_formula_payloads_are_neutralised_in_both_exports(text: str) -> None:
    organisation = OrganisationId(uuid.uuid4())
    world = World()
    add_customer(world, text)
    registry = store(open_memory(organisation, world.settings(organisation)), world)
    definition = ReportDefinition(ReportLevel.CUSTOMERS, ["customer.name"])
    stream, book = io.StringIO(newline=""), io.BytesIO()
    run_report(registry, ADMIN, definition, CsvSink(stream))
    run_report(registry, ADMIN, definition, XlsxSink(book))
    from_csv = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))[1][0]
    sheet = load_workbook(io.BytesIO(book.getvalue()), read_only=True).active
    from_xlsx = list(sheet.iter_rows(values_only=True))[1][0]
    assert from_csv == from_xlsx == expected_text(" ".join(text.split()))  # names are one line


# -- adapters agree, chunking, progress, sort ----------------------------------------------------


def csv_text(registry: Registry, definition: ReportDefinition, chunk_size: int = 100) -> str:
    stream = io.StringIO(newline="")
    run_report(registry, ADMIN, definition, CsvSink(stream), chunk_size=chunk_size)
    return stream.getvalue()


@with_fixture
@given(world=worlds(), level=st.sampled_from(ReportLevel), data=st.data())
def test_x4_every_adapter_exports_the_same_csv_as_the_memory_reference(
    registry_factory: RegistryFactory, world: World, level: ReportLevel, data: st.DataObject
) -> None:
    registry = open_world(registry_factory, world)
    organisation = OrganisationId(uuid.uuid4())
    reference = store(open_memory(organisation, world.settings(organisation)), world)
    catalogue = every_column(level, registry)
    sortable = [k for k, c in column_catalogue(level, world.settings(organisation)).items()
                if c.sortable]
    sort = data.draw(st.lists(st.builds(SortKey, st.sampled_from(sortable), st.booleans()),
                              max_size=2, unique_by=lambda k: k.column))
    definition = ReportDefinition(level, catalogue, sort=sort)
    chunk = data.draw(st.integers(1, 3), label="chunk_size")  # keyset paging on every order
    assert csv_text(registry, definition, chunk) == csv_text(reference, definition)


@with_fixture
@given(world=worlds(), chunk=st.integers(1, 4), level=st.sampled_from(ReportLevel))
def test_rows_and_progress_do_not_depend_on_the_chunk_size(
    registry_factory: RegistryFactory, world: World, chunk: int, level: ReportLevel
) -> None:
    registry = open_world(registry_factory, world)
    definition = ReportDefinition(level, every_column(level, registry))
    whole = report(registry, ADMIN, definition).rows
    sink, calls = CollectingSink(), []
    run_report(
        registry, ADMIN, definition, sink, lambda d, t: calls.append((d, t)), chunk_size=chunk
    )
    assert sink.rows == whole
    assert calls[0] == (0, len(whole)) and calls[-1] == (len(whole), len(whole))
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(calls) == 1 + -(-len(whole) // chunk)


@with_fixture
@given(world=worlds(), descending=st.booleans())
def test_sorting_by_name_orders_by_code_point_then_number(
    registry_factory: RegistryFactory, world: World, descending: bool
) -> None:
    registry = open_world(registry_factory, world)
    definition = ReportDefinition(
        ReportLevel.CUSTOMERS,
        ["customer.name", "customer.number"],
        sort=[SortKey("customer.name", descending)],
    )
    rows = report(registry, ADMIN, definition).rows
    expected = sorted(
        ((c.name, c.number.value) for c in world.customers), key=lambda r: r[1]
    )
    expected.sort(key=lambda r: r[0], reverse=descending)
    assert rows == expected


# -- definitions: typed errors listing the valid names --------------------------------------------


def test_unknown_columns_sort_keys_and_filters_are_typed_errors_listing_valid_names() -> None:
    organisation = OrganisationId(uuid.uuid4())
    settings_ = World().settings(organisation)
    registry = open_memory(organisation, settings_)
    catalogue = column_catalogue(ReportLevel.CONTACTS, settings_)
    bad = ReportDefinition(
        ReportLevel.CONTACTS,
        ["customer.name", "customer.shoe_size", "note.text"],
        sort=["-customer.owner"],
    )
    with pytest.raises(ValidationErrors) as caught:
        run_report(registry, ADMIN, bad, CollectingSink())
    assert caught.value.fields == ("columns", "columns", "sort")
    assert all(key in caught.value.errors[0].reason for key in catalogue)
    assert "customer.shoe_size" in str(caught.value) and "contact.emails" in str(caught.value)
    assert "customer.number" in caught.value.errors[2].reason  # sortable columns are listed
    with pytest.raises(ValidationError) as unknown_filter:
        parse_filters({"colour": "red"}, settings_)
    assert all(name in unknown_filter.value.reason for name in FILTER_NAMES)
    with pytest.raises(ValidationError) as misplaced:
        run_report(
            registry, ADMIN,
            ReportDefinition(
                ReportLevel.CUSTOMER_NOTES, ["note.text"], ReportFilters(keyword="vip")
            ),
            CollectingSink(),
        )
    assert misplaced.value.field == "filters.keyword"
    with pytest.raises(ValidationError) as level:
        ReportDefinition("opportunities", ["customer.name"])
    assert "contacts" in level.value.reason
    with pytest.raises(ValidationError):
        builtin_report("invoices")


@given(name=texts(), status=st.sampled_from(CustomerStatus))
def test_definitions_read_from_plain_data_resolve_names(name: str, status: CustomerStatus) -> None:
    assume(name.strip())
    organisation = OrganisationId(uuid.uuid4())
    settings_ = World().settings(organisation)
    definition = definition_from_mapping(
        {
            "level": "contacts",
            "columns": ["customer.name", "contact.emails"],
            "filters": {"status": status.value, "owner": "bo builder", "industry": "IT",
                        "keyword": " vip ", "text": name},
            "sort": ["-contact.last_name"],
        },
        settings_,
    )
    assert definition.filters == ReportFilters(
        status=status, owner_id=BO, industry_id=INDUSTRIES[0].id, keyword="vip", text=name
    )
    assert definition.sort == (SortKey("contact.last_name", True),)
    with pytest.raises(ValidationError) as unknown_owner:
        parse_filters({"owner": "Nobody"}, settings_)
    assert "Anna Account" in unknown_owner.value.reason
