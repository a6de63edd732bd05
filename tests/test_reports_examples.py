"""Examples of report definitions and plans (X1-X4, U5), stated directly: the catalogue per level
and its custom-field columns, every refusal with its field and reason, the filters from plain
data, the plan's order and permissions, the presentation of raw values and (grouped at the end)
the CSV text of cells with spreadsheet formula neutralisation."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.contact import ContactStatus
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.reports import ALL_LEVELS
from custreg.domain.reports import BUILTIN_REPORTS
from custreg.domain.reports import NOTE_LEVELS
from custreg.domain.reports import ORDER_KEYS
from custreg.domain.reports import PROJECT_LEVELS
from custreg.domain.reports import STANDARD_COLUMNS
from custreg.domain.reports import TIEBREAKER
from custreg.domain.reports import CellType
from custreg.domain.reports import Column
from custreg.domain.reports import Presentation
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import ReportPlan
from custreg.domain.reports import SortKey
from custreg.domain.reports import builtin_report
from custreg.domain.reports import chunk_presenter
from custreg.domain.reports import column_catalogue
from custreg.domain.reports import definition_from_mapping
from custreg.domain.reports import local_time
from custreg.domain.reports import parse_filters
from custreg.domain.reports import plan_report
from custreg.domain.reports import row_presenter
from custreg.domain.reports.columns import _c
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.domain.values import Money
from refusals import refused

ANNA, BERT = UserId(UUID(int=1)), UserId(UUID(int=2))
RETAIL, SHIPPING = IndustryId(UUID(int=11)), IndustryId(UUID(int=12))
SMALL, LARGE, PUBLIC = (MarketSegmentId(UUID(int=n)) for n in (21, 22, 23))
OPEN, WON, LOST = (SalesStatusId(UUID(int=n)) for n in (31, 32, 33))
STANDARD = InvoiceTemplateId(UUID(int=41))
VAT24 = VatRateId(UUID(int=51))
SIZE, COLOUR = CustomFieldId(UUID(int=61)), CustomFieldId(UUID(int=62))
LEVELS = "customers, contacts, sales_case_notes, project_notes, customer_notes"


def settings(**changes: Any) -> OrganisationSettings:
    values: dict[str, Any] = {
        "organisation_id": OrganisationId(UUID(int=99)),
        "name": "Org",
        "users": (User(ANNA, "Anna"), User(BERT, "Bert")),
        "industries": (Industry(RETAIL, "Retail"), Industry(SHIPPING, "Shipping")),
        "invoice_templates": (InvoiceTemplate(STANDARD, "Standard"),),
        "vat_rates": (VatRate(VAT24, "VAT 24", Decimal("24")),),
        "market_segments": (
            MarketSegment(SMALL, "Small"),
            MarketSegment(LARGE, "Large"),
            MarketSegment(PUBLIC, "Public"),
        ),
        "sales_statuses": (
            SalesStatus(OPEN, "Open", SalesState.IN_PROGRESS),
            SalesStatus(WON, "Won", SalesState.WON),
            SalesStatus(LOST, "Lost", SalesState.LOST),
        ),
    }
    values.update(changes)
    return OrganisationSettings(**values)


def principal(
    customers: CustomerPermission = CustomerPermission.ALL,
    invoices: InvoiceAccess = InvoiceAccess.ALL,
) -> Principal:
    return Principal(ANNA, customers, invoices=invoices)


def keys(level: ReportLevel, org: OrganisationSettings | None = None) -> list[str]:
    return list(column_catalogue(level, org or settings()))


# -- the catalogue -----------------------------------------------------------------------------

CUSTOMER_KEYS = [
    "customer.id", "customer.number", "customer.name", "customer.status", "customer.vat_number",
    "customer.business_id", "customer.email", "customer.website", "customer.owner",
    "customer.industry", "customer.market_segments", "customer.invoice_template",
    "customer.default_vat_rate", "customer.payment_term_days", "customer.einvoice_address",
    "customer.einvoice_operator", "customer.einvoice_addresses", "customer.is_internal",
    "customer.created_at", "customer.updated_at", "customer.billing_total",
]
ADDRESS_KEYS = ["address.street", "address.postal_code", "address.city", "address.country"]
CONTACT_KEYS = [
    "contact.first_name", "contact.last_name", "contact.title", "contact.status",
    "contact.emails", "contact.phones", "contact.roles", "contact.keywords",
]
NOTE_KEYS = ["note.text", "note.created_at", "note.created_by"]
PROJECT_KEYS = [
    "project.number", "project.name", "project.sales_status", "project.probability",
    "project.is_closed", "project.expected_value",
]


def test_x1_catalogue_per_level_in_form_order() -> None:
    assert keys(ReportLevel.CUSTOMERS) == CUSTOMER_KEYS + ADDRESS_KEYS
    assert keys(ReportLevel.CONTACTS) == CUSTOMER_KEYS + ADDRESS_KEYS + CONTACT_KEYS
    notes = CUSTOMER_KEYS + ADDRESS_KEYS + NOTE_KEYS
    assert keys(ReportLevel.CUSTOMER_NOTES) == notes
    assert keys(ReportLevel.PROJECT_NOTES) == notes + PROJECT_KEYS
    assert keys(ReportLevel.SALES_CASE_NOTES) == notes + PROJECT_KEYS
    assert {
        ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES, ReportLevel.CUSTOMER_NOTES
    } == NOTE_LEVELS
    assert {ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES} == PROJECT_LEVELS
    assert frozenset(ReportLevel) == ALL_LEVELS


def test_x1_columns_carry_type_presentation_and_sortability() -> None:
    catalogue = column_catalogue(ReportLevel.SALES_CASE_NOTES, settings())
    table = {
        "customer.id": ("Customer id", CellType.TEXT, Presentation.ID, False),
        "customer.number": ("Customer number", CellType.INTEGER, Presentation.AS_IS, True),
        "customer.name": ("Customer", CellType.TEXT, Presentation.AS_IS, True),
        "customer.status": ("Status", CellType.TEXT, Presentation.STATUS, False),
        "customer.owner": ("Account owner", CellType.TEXT, Presentation.USER, False),
        "customer.market_segments": (
            "Market segments", CellType.LIST, Presentation.SEGMENTS, False
        ),
        "customer.is_internal": ("Internal", CellType.BOOLEAN, Presentation.AS_IS, False),
        "customer.created_at": ("Created", CellType.DATETIME, Presentation.LOCAL_TIME, True),
        "customer.updated_at": ("Updated", CellType.DATETIME, Presentation.LOCAL_TIME, False),
        "customer.billing_total": (
            "Billing (excl. VAT)", CellType.MONEY, Presentation.MONEY_TOTAL, False
        ),
        "note.created_at": ("Note created", CellType.DATETIME, Presentation.LOCAL_TIME, True),
        "note.created_by": ("Note by", CellType.TEXT, Presentation.USER, False),
        "project.number": ("Project number", CellType.INTEGER, Presentation.AS_IS, True),
        "project.expected_value": (
            "Expected value", CellType.MONEY, Presentation.MONEY, False
        ),
    }
    for key, (label, type_, presentation, sortable) in table.items():
        column = catalogue[key]
        assert (column.key, column.label, column.type) == (key, label, type_)
        assert (column.presentation, column.sortable) == (presentation, sortable)
        assert column.custom_field_id is None
        assert column.money is (type_ is CellType.MONEY)
    assert catalogue["customer.name"].levels == ALL_LEVELS
    assert catalogue["note.text"].levels == NOTE_LEVELS
    contacts = column_catalogue(ReportLevel.CONTACTS, settings())
    assert contacts["contact.phones"].presentation is Presentation.SORTED_LIST
    assert contacts["contact.emails"].presentation is Presentation.LIST
    assert contacts["contact.status"].presentation is Presentation.CONTACT_STATUS
    assert contacts["contact.first_name"].levels == {ReportLevel.CONTACTS}
    assert {
        "customer.number", "customer.name", "customer.created_at", "contact.first_name",
        "contact.last_name", "note.created_at", "project.number", "contact.id", "note.id",
    } == ORDER_KEYS


def test_x1_the_catalogue_row_builder() -> None:
    # STANDARD_COLUMNS is built by _c when the module is imported, before a mutation test
    # switches to a mutant; calling it here pins the builder itself: its argument order and
    # defaults (every level, shown as is, not sortable).
    assert _c("a.b", "A b", CellType.INTEGER, "int") == Column(
        "a.b", "A b", CellType.INTEGER, frozenset(ReportLevel), "int", Presentation.AS_IS, False
    )
    built = _c("c", "C", CellType.LIST, "raw", NOTE_LEVELS, Presentation.SORTED_LIST, sortable=True)
    assert (built.key, built.label, built.type, built.levels, built.raw) == (
        "c",
        "C",
        CellType.LIST,
        NOTE_LEVELS,
        "raw",
    )
    assert (built.presentation, built.sortable, built.custom_field_id) == (
        Presentation.SORTED_LIST,
        True,
        None,
    )


def test_x1_custom_fields_are_columns_of_every_level() -> None:
    org = settings(
        custom_fields=(
            CustomFieldDefinition(SIZE, "Size", CustomFieldType.NUMBER),
            CustomFieldDefinition(COLOUR, "Colour", CustomFieldType.CHOICE, ("red", "blue")),
            CustomFieldDefinition(CustomFieldId(UUID(int=63)), "Since", CustomFieldType.DATE),
            CustomFieldDefinition(CustomFieldId(UUID(int=64)), "VIP", CustomFieldType.BOOLEAN),
            CustomFieldDefinition(CustomFieldId(UUID(int=65)), "Memo", CustomFieldType.TEXT),
        )
    )
    for level in ReportLevel:
        catalogue = column_catalogue(level, org)
        assert list(catalogue)[-5:] == [
            "custom.Size", "custom.Colour", "custom.Since", "custom.VIP", "custom.Memo"
        ]
    size = column_catalogue(ReportLevel.CUSTOMERS, org)["custom.Size"]
    assert size == Column(
        "custom.Size", "Size", CellType.DECIMAL, ALL_LEVELS,
        "CustomValue | None: the customer's value of this custom field",
        custom_field_id=SIZE,
    )
    assert not size.sortable and size.presentation is Presentation.AS_IS and not size.money
    types = [c.type for c in list(column_catalogue(ReportLevel.CUSTOMERS, org).values())[-5:]]
    assert types == [
        CellType.DECIMAL, CellType.TEXT, CellType.DATE, CellType.BOOLEAN, CellType.TEXT
    ]


def test_x1_custom_fields_sharing_a_name_are_keyed_by_id() -> None:
    org = settings(
        custom_fields=(
            CustomFieldDefinition(SIZE, "Size", CustomFieldType.TEXT),
            CustomFieldDefinition(COLOUR, "SIZE", CustomFieldType.TEXT),
            CustomFieldDefinition(CustomFieldId(UUID(int=63)), "Weight", CustomFieldType.TEXT),
        )
    )
    assert keys(ReportLevel.CUSTOMERS, org)[-3:] == [
        f"custom.{SIZE}", f"custom.{COLOUR}", "custom.Weight"
    ]
    catalogue = column_catalogue(ReportLevel.CUSTOMERS, org)
    assert catalogue[f"custom.{COLOUR}"].label == "SIZE"
    assert catalogue[f"custom.{COLOUR}"].custom_field_id == COLOUR


# -- filters -----------------------------------------------------------------------------------


def test_x1_filters_convert_and_name_what_is_given() -> None:
    assert ReportFilters().given() == []
    filters = ReportFilters(
        status=" Inactive ", owner_id=ANNA, industry_id=RETAIL, market_segment_id=SMALL,
        keyword="  vip   list ", text=" acme ", contact_status="ACTIVE",
    )
    assert filters.status is CustomerStatus.INACTIVE
    assert filters.contact_status is ContactStatus.ACTIVE
    assert (filters.keyword, filters.text) == ("vip list", "acme")
    assert filters.given() == [
        "status", "owner", "industry", "market_segment", "keyword", "contact_status", "text"
    ]
    assert filters.customer_query() == CustomerQuery(
        text="acme", status=CustomerStatus.INACTIVE, owner_id=ANNA, industry_id=RETAIL,
        market_segment_id=SMALL,
    )
    assert ReportFilters(text="x").given() == ["text"]
    assert ReportFilters(status=CustomerStatus.ACTIVE).status is CustomerStatus.ACTIVE
    assert ReportFilters(contact_status=ContactStatus.INACTIVE).given() == ["contact_status"]
    assert ReportFilters(keyword="   ", text="").given() == []
    assert ReportFilters().customer_query() == CustomerQuery()


@pytest.mark.parametrize(
    ("make", "field", "reason", "value"),
    [
        (lambda: ReportFilters(status="gone"), "filters.status",
         "unknown status; valid: active, inactive", "gone"),
        (lambda: ReportFilters(status=3), "filters.status",
         "unknown status; valid: active, inactive", 3),
        (lambda: ReportFilters(contact_status="deleted"), "filters.contact_status",
         "unknown status; valid: active, inactive", "deleted"),
        (lambda: ReportFilters(owner_id="anna"), "filters.owner_id",
         "must be an id (UUID)", "anna"),
        (lambda: ReportFilters(industry_id=11), "filters.industry_id",
         "must be an id (UUID)", 11),
        (lambda: ReportFilters(market_segment_id="x"), "filters.market_segment_id",
         "must be an id (UUID)", "x"),
        (lambda: ReportFilters(keyword="k" * 101), "filters.keyword",
         "must be at most 100 characters", "k" * 101),
        (lambda: ReportFilters(text="t" * 201), "filters.text",
         "must be at most 200 characters", "t" * 201),
        (lambda: ReportFilters(text="a\x00b"), "filters.text", None, "a\x00b"),
    ],
)
def test_x1_bad_filters_are_refused(make: Any, field: str, reason: str | None, value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        make()
    error = info.value
    assert (error.entity, error.field, error.value) == ("report", field, value)
    if reason is not None:
        assert error.reason == reason


def test_x1_filter_length_limits_are_inclusive() -> None:
    assert ReportFilters(keyword="k" * 100).keyword == "k" * 100
    assert ReportFilters(text="t" * 200).text == "t" * 200


# -- sort keys, levels, columns, titles -----------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "column", "descending"),
    [
        ("customer.name", "customer.name", False),
        ("-customer.name", "customer.name", True),
        ("- customer.name", "customer.name", True),
        ("+customer.name", "customer.name", False),
        ("+ customer.name", "customer.name", False),
        ("  -note.id ", "note.id", True),
        ("--x", "-x", True),
        ("++x", "x", False),
        ("X", "X", False),
        ("+X", "X", False),
        ("XX+", "XX+", False),
    ],
)
def test_x1_sort_key_parsing(spec: str, column: str, descending: bool) -> None:
    assert SortKey.parse(spec) == SortKey(column, descending)


def test_x1_sort_key_default_ascending() -> None:
    assert SortKey("customer.name").descending is False


@pytest.mark.parametrize("spec", ["", "  ", "-", "+", "+-", "- ", "-+ "])
def test_x1_sort_key_without_column_is_refused(spec: str) -> None:
    with refused("report", "sort", "must be a column key like -customer.name", spec):
        SortKey.parse(spec)


def test_x1_sort_key_text_policy() -> None:
    with refused("report", "sort", "must be at most 200 characters"):
        SortKey.parse("s" * 201)
    assert SortKey.parse("s" * 200) == SortKey("s" * 200)
    with refused("report", "sort", "must be text", 5):
        SortKey.parse(5)  # type: ignore[arg-type]


def test_x1_definition_levels() -> None:
    assert ReportDefinition(" Contacts ", ["customer.name"]).level is ReportLevel.CONTACTS
    assert ReportDefinition(ReportLevel.CUSTOMERS, ["x"]).level is ReportLevel.CUSTOMERS
    with refused("report", "level", f"unknown level; valid: {LEVELS}", "people"):
        ReportDefinition("people", ["customer.name"])
    with refused("report", "level", f"unknown level; valid: {LEVELS}", None):
        ReportDefinition(None, ["customer.name"])  # type: ignore[arg-type]


def test_x1_definition_defaults_and_conversions() -> None:
    definition = ReportDefinition("customers", iter([" customer.name ", "customer.number"]))
    assert definition.columns == ("customer.name", "customer.number")
    assert definition.filters == ReportFilters()
    assert (definition.sort, definition.title) == ((), None)
    assert ReportDefinition("customers", ["a"], sort="-customer.name").sort == (
        SortKey("customer.name", True),
    )
    given = SortKey("note.id", True)
    assert ReportDefinition("customers", ["a"], sort=[given, "customer.name"]).sort == (
        given, SortKey("customer.name"),
    )
    assert ReportDefinition("customers", ["a"], title="  My   report ").title == "My report"
    assert ReportDefinition("customers", ["a"], title="   ").title is None
    assert ReportDefinition("customers", ["a"], title="t" * 200).title == "t" * 200
    assert len(ReportDefinition("customers", ["c"] * 200).columns) == 200
    assert len(ReportDefinition("customers", ["c"], sort=["c"] * 200).sort) == 200
    assert ReportDefinition("customers", ["c" * 200]).columns == ("c" * 200,)


ONE_TOO_MANY = ["c"] * 201


@pytest.mark.parametrize(
    ("make", "field", "reason", "value"),
    [
        (lambda: ReportDefinition("customers", "customer.name"), "columns",
         "must be a list of column keys", "customer.name"),
        (lambda: ReportDefinition("customers", b"customer.name"), "columns",
         "must be a list of column keys", b"customer.name"),
        (lambda: ReportDefinition("customers", ONE_TOO_MANY), "columns", "at most 200 columns",
         ONE_TOO_MANY),
        (lambda: ReportDefinition("customers", ["  "]), "columns", "must not be blank", "  "),
        (lambda: ReportDefinition("customers", ["c" * 201]), "columns",
         "must be at most 200 characters", "c" * 201),
        (lambda: ReportDefinition("customers", [7]), "columns", "must be text", 7),
        (lambda: ReportDefinition("customers", ["c"], sort=ONE_TOO_MANY), "sort",
         "at most 200 sort keys", ONE_TOO_MANY),
        (lambda: ReportDefinition("customers", ["c"], title="t" * 201), "title",
         "must be at most 200 characters", "t" * 201),
        (lambda: ReportDefinition("customers", ["c"], title=3), "title", "must be text", 3),
    ],
)
def test_x1_bad_definitions_are_refused(make: Any, field: str, reason: str, value: Any) -> None:
    with refused("report", field, reason, value):
        make()


def test_x1_long_column_and_sort_lists_are_read_only_one_past_the_limit() -> None:
    columns = iter([f"c{i}" for i in range(500)])
    with refused("report", "columns", "at most 200 columns"):
        ReportDefinition("customers", columns)
    assert next(columns) == "c201"
    keys = iter([f"s{i}" for i in range(500)])
    with refused("report", "sort", "at most 200 sort keys"):
        ReportDefinition("customers", ["c"], sort=keys)
    assert next(keys) == "s201"


# -- built-in reports --------------------------------------------------------------------------


def test_x1_builtin_reports() -> None:
    assert BUILTIN_REPORTS == (
        "customers", "contacts", "sales_case_notes", "project_notes", "customer_notes"
    )
    customers = builtin_report("customers")
    assert customers == ReportDefinition(
        ReportLevel.CUSTOMERS,
        (
            "customer.number", "customer.name", "customer.vat_number", "customer.business_id",
            "customer.status", "customer.owner", "customer.industry", "customer.market_segments",
            "customer.email", "customer.website", *ADDRESS_KEYS, "customer.created_at",
        ),
        ReportFilters(),
        title="Customers",
    )
    assert builtin_report("customers", with_money=True).columns == (
        *customers.columns, "customer.billing_total"
    )
    contacts = builtin_report("contacts", with_money=True)
    assert (contacts.level, contacts.title) == (ReportLevel.CONTACTS, "Contacts & addresses")
    assert contacts.columns == (
        "customer.number", "customer.name", "contact.first_name", "contact.last_name",
        "contact.title", "contact.emails", "contact.phones", "contact.roles",
        "contact.status", *ADDRESS_KEYS,
    )
    sales = builtin_report("sales_case_notes", with_money=True)
    assert (sales.level, sales.title) == (ReportLevel.SALES_CASE_NOTES, "Sales case notes")
    assert sales.columns == (
        "customer.number", "customer.name", "project.number", "project.name",
        "project.sales_status", "project.probability", "note.created_at", "note.created_by",
        "note.text", "project.expected_value",
    )
    assert builtin_report("sales_case_notes").columns == sales.columns[:-1]
    project = builtin_report("project_notes")
    assert (project.level, project.title) == (ReportLevel.PROJECT_NOTES, "Project notes")
    assert project.columns == (
        "customer.number", "customer.name", "project.number", "project.name",
        "note.created_at", "note.created_by", "note.text",
    )
    notes = builtin_report("customer_notes", with_money=True)
    assert (notes.level, notes.title) == (ReportLevel.CUSTOMER_NOTES, "Customer notes")
    assert notes.columns == (
        "customer.number", "customer.name", "note.created_at", "note.created_by", "note.text"
    )
    filters = ReportFilters(status="active")
    assert builtin_report("customers", filters=filters).filters is filters


def test_x1_unknown_builtin_report() -> None:
    with refused("report", "name", f"unknown report; valid: {LEVELS}", "people"):
        builtin_report("people")


# -- definitions from plain data ---------------------------------------------------------------


def test_x1_filters_from_mapping_by_id_or_name() -> None:
    org = settings()
    assert parse_filters({}, org) == ReportFilters()
    filters = parse_filters(
        {
            "status": "inactive", "owner": " bert ", "industry": str(SHIPPING),
            "market_segment": LARGE, "keyword": " vip ", "contact_status": "inactive",
            "text": " acme ",
        },
        org,
    )
    assert filters == ReportFilters(
        status=CustomerStatus.INACTIVE, owner_id=BERT, industry_id=SHIPPING,
        market_segment_id=LARGE, keyword="vip", contact_status=ContactStatus.INACTIVE,
        text="acme",
    )
    assert parse_filters({"owner": f"  {ANNA}  ", "text": None}, org) == ReportFilters(
        owner_id=ANNA
    )
    assert parse_filters({"industry": "RETAIL"}, org).industry_id == RETAIL
    assert parse_filters({"market_segment": "public"}, org).market_segment_id == PUBLIC


def test_x1_filters_from_mapping_refusals() -> None:
    org = settings()
    with refused("report", "filters.owner", "unknown user; valid: Anna, Bert", "carl"):
        parse_filters({"owner": "carl"}, org)
    with refused("report", "filters.industry", "unknown industry; valid: none configured",
                 "Retail"):
        parse_filters({"industry": "Retail"}, settings(industries=()))
    with refused("report", "filters.market_segment",
                 "unknown market segment; valid: Small, Large, Public", "tiny"):
        parse_filters({"market_segment": "tiny"}, org)
    twins = settings(users=(User(ANNA, "Anna"), User(BERT, "ANNA")))
    with refused("report", "filters.owner", "unknown user; valid: Anna, ANNA", "anna"):
        parse_filters({"owner": "anna"}, twins)
    assert parse_filters({"owner": "Anna"}, settings(users=(User(ANNA, "Anna"),))).owner_id == ANNA
    with refused("report", "filters.status", "unknown status; valid: active, inactive", "x"):
        parse_filters({"status": "x"}, org)
    with refused("report", "filters.contact_status",
                 "unknown status; valid: active, inactive", "x"):
        parse_filters({"contact_status": "x"}, org)
    with refused("report", "filters.keyword", "must be at most 100 characters"):
        parse_filters({"keyword": "k" * 101}, org)
    with refused("report", "filters.text", "must be at most 200 characters"):
        parse_filters({"text": "t" * 201}, org)
    valid = "status, owner, industry, market_segment, keyword, contact_status, text"
    with refused("report", "filters", f"unknown filter; valid filters: {valid}", "colour"):
        parse_filters({"colour": None, "text": "acme"}, org)


def test_x1_filters_from_mapping_report_every_problem() -> None:
    with pytest.raises(ValidationErrors) as info:
        parse_filters(
            {
                "zeta": 1, "alpha": 2, "owner": "nobody", "status": "x", "keyword": "k" * 101,
                "contact_status": "gone", "text": "t" * 201,
            },
            settings(),
        )
    assert [(e.field, e.value) for e in info.value.errors] == [
        ("filters", "alpha"), ("filters", "zeta"), ("filters.owner", "nobody"),
        ("filters.status", "x"), ("filters.keyword", "k" * 101),
        ("filters.contact_status", "gone"), ("filters.text", "t" * 201),
    ]


def test_x1_definition_from_mapping() -> None:
    org = settings()
    definition = definition_from_mapping(
        {
            "level": "contacts", "columns": ["customer.name"], "filters": {"owner": "Anna"},
            "sort": ["-customer.name"], "title": "Mine",
        },
        org,
    )
    assert definition == ReportDefinition(
        ReportLevel.CONTACTS, ("customer.name",), ReportFilters(owner_id=ANNA),
        (SortKey("customer.name", True),), "Mine",
    )
    bare = definition_from_mapping(
        {"level": "customers", "columns": ["customer.name"], "filters": None, "sort": None},
        org,
    )
    assert bare == ReportDefinition(ReportLevel.CUSTOMERS, ("customer.name",))


def test_x1_definition_from_mapping_refusals() -> None:
    org = settings()
    keys_text = "level, columns, filters, sort, title"
    with refused("report", "colour", f"unknown key; valid keys: {keys_text}", "colour"):
        definition_from_mapping({"level": "customers", "columns": [], "zebra": 1, "colour": 2}, org)
    reason = "a report needs a level and columns"
    with refused("report", "columns", reason, None):
        definition_from_mapping({"level": "customers"}, org)
    with refused("report", "columns", reason, None):
        definition_from_mapping({"columns": ["customer.name"]}, org)
    with refused("report", "filters", "must be a mapping of filter names", ["owner"]):
        definition_from_mapping(
            {"level": "customers", "columns": ["customer.name"], "filters": ["owner"]}, org
        )
    with refused("report", "filters.owner", "unknown user; valid: Anna, Bert", "x"):
        definition_from_mapping(
            {"level": "customers", "columns": ["customer.name"], "filters": {"owner": "x"}}, org
        )


# -- the plan ------------------------------------------------------------------------------------


def test_x1_plan_of_a_customers_report() -> None:
    org = settings()
    definition = ReportDefinition(
        "customers", ["customer.name", "CUSTOMER.NUMBER", " customer.billing_total"],
        ReportFilters(status="active", text="acme"),
    )
    plan = plan_report(definition, principal(), org)
    catalogue = column_catalogue(ReportLevel.CUSTOMERS, org)
    assert plan == ReportPlan(
        level=ReportLevel.CUSTOMERS,
        title="Customers",
        columns=(
            catalogue["customer.name"], catalogue["customer.number"],
            catalogue["customer.billing_total"],
        ),
        customers=CustomerQuery(text="acme", status=CustomerStatus.ACTIVE),
        keyword=None,
        order=(SortKey("customer.number"),),
        invoices=InvoiceVisibility(),
        sales_case_status_ids=frozenset({OPEN}),
        settings=org,
        contact_status=None,
    )
    assert plan.currency == "EUR"
    assert plan_report(definition, principal(), settings(currency="SEK")).currency == "SEK"


@pytest.mark.parametrize(
    ("level", "title", "order"),
    [
        ("customers", "Customers", ["customer.number"]),
        ("contacts", "Contacts",
         ["customer.number", "contact.last_name", "contact.first_name", "contact.id"]),
        ("sales_case_notes", "Sales case notes", ["customer.number", "note.created_at", "note.id"]),
        ("project_notes", "Project notes", ["customer.number", "note.created_at", "note.id"]),
        ("customer_notes", "Customer notes", ["customer.number", "note.created_at", "note.id"]),
    ],
)
def test_x1_default_title_and_order_end_with_the_tiebreaker(
    level: str, title: str, order: list[str]
) -> None:
    plan = plan_report(ReportDefinition(level, ["customer.name"]), principal(), settings())
    assert plan.title == title
    assert plan.order == tuple(SortKey(k) for k in order)
    assert plan.order[-1].column == TIEBREAKER[plan.level]


def test_x1_sort_keys_of_the_plan() -> None:
    org = settings()
    plan = plan_report(
        ReportDefinition("contacts", ["customer.name"], sort=["-CONTACT.LAST_NAME"]),
        principal(), org,
    )
    assert plan.order == (SortKey("contact.last_name", True), SortKey("contact.id"))
    plan = plan_report(
        ReportDefinition("customers", ["customer.name"], sort=["-customer.number"]),
        principal(), org,
    )
    assert plan.order == (SortKey("customer.number", True),)
    plan = plan_report(
        ReportDefinition("customers", ["customer.name"], sort=["customer.name"]), principal(), org
    )
    assert plan.order == (SortKey("customer.name"), SortKey("customer.number"))
    plan = plan_report(
        ReportDefinition("customer_notes", ["note.text"], sort=["-note.created_at"]),
        principal(), org,
    )
    assert plan.order == (SortKey("note.created_at", True), SortKey("note.id"))


def test_x1_plan_carries_keyword_contact_status_and_visibility() -> None:
    org = settings()
    plan = plan_report(
        ReportDefinition(
            "contacts", ["contact.first_name"],
            ReportFilters(keyword="vip", contact_status="inactive", owner_id=BERT),
        ),
        principal(CustomerPermission.READ_ONLY, InvoiceAccess.OWN),
        org,
    )
    assert (plan.keyword, plan.contact_status) == ("vip", ContactStatus.INACTIVE)
    assert plan.customers == CustomerQuery(owner_id=BERT)
    assert plan.invoices == InvoiceVisibility(ANNA)
    hidden = plan_report(
        ReportDefinition("customers", ["customer.name"]),
        principal(CustomerPermission.ALL, InvoiceAccess.NONE), org,
    )
    assert hidden.invoices is None
    assert hidden.title == "Customers"


def test_x2_plan_lists_contacts_by_status() -> None:
    org = settings()
    every = plan_report(ReportDefinition("contacts", ["customer.name"]), principal(), org)
    assert every.lists_contact(True, False) and every.lists_contact(False, False)
    assert not every.lists_contact(True, True) and not every.lists_contact(False, True)
    active = plan_report(
        ReportDefinition("contacts", ["customer.name"], ReportFilters(contact_status="active")),
        principal(), org,
    )
    assert active.lists_contact(True, False) and not active.lists_contact(False, False)
    assert not active.lists_contact(True, True)
    inactive = plan_report(
        ReportDefinition("contacts", ["customer.name"], ReportFilters(contact_status="inactive")),
        principal(), org,
    )
    assert inactive.lists_contact(False, False) and not inactive.lists_contact(True, False)
    assert not inactive.lists_contact(False, True)


def test_x1_sales_cases_are_the_in_progress_statuses() -> None:
    org = settings(
        sales_statuses=(
            SalesStatus(OPEN, "Open", SalesState.IN_PROGRESS),
            SalesStatus(WON, "Won", SalesState.WON),
            SalesStatus(LOST, "Pending", SalesState.IN_PROGRESS),
        )
    )
    plan = plan_report(ReportDefinition("customers", ["customer.name"]), principal(), org)
    assert plan.sales_case_status_ids == {OPEN, LOST}


def test_u2_none_permission_runs_no_report() -> None:
    with pytest.raises(PermissionDeniedError) as info:
        plan_report(
            ReportDefinition("customers", ["customer.name"]),
            principal(CustomerPermission.NONE, InvoiceAccess.NONE), settings(),
        )
    error = info.value
    assert (error.entity, error.action, error.field) == ("report", "run", None)
    assert error.required == "Customers permission READ_ONLY (has NONE)"
    plan = plan_report(
        ReportDefinition("customers", ["customer.name"]),
        principal(CustomerPermission.READ_ONLY, InvoiceAccess.NONE), settings(),
    )
    assert plan.invoices is None


def test_u5_money_columns_need_invoice_access() -> None:
    definition = ReportDefinition(
        "sales_case_notes", ["customer.billing_total", "customer.name", "project.expected_value"]
    )
    with pytest.raises(PermissionDeniedError) as info:
        plan_report(definition, principal(CustomerPermission.ALL, InvoiceAccess.NONE), settings())
    error = info.value
    assert (error.entity, error.field) == ("report", "columns")
    assert error.action == "show customer.billing_total, project.expected_value"
    assert error.required == "invoice access ALL or OWN (U5)"
    plan = plan_report(
        definition, principal(CustomerPermission.READ_ONLY, InvoiceAccess.OWN), settings()
    )
    assert [c.key for c in plan.columns] == [
        "customer.billing_total", "customer.name", "project.expected_value"
    ]


def test_x1_unknown_and_repeated_columns() -> None:
    org = settings()
    catalogue = ", ".join(keys(ReportLevel.CUSTOMERS))
    with refused(
        "report", "columns", f"unknown column 'contact.title'; valid columns: {catalogue}",
        "contact.title",
    ):
        plan_report(ReportDefinition("customers", ["contact.title"]), principal(), org)
    with refused("report", "columns", "chosen twice", "CUSTOMER.NAME"):
        plan_report(
            ReportDefinition("customers", ["customer.name", "CUSTOMER.NAME"]), principal(), org
        )
    with refused("report", "columns", "choose at least one column"):
        plan_report(ReportDefinition("customers", []), principal(), org)


def test_x1_unknown_or_unsortable_sort_keys() -> None:
    sortable = "customer.number, customer.name, customer.created_at"
    for key in ("customer.email", "contact.id", "nothing"):
        with refused(
            "report", "sort", f"unknown sort column {key!r}; valid sort columns: {sortable}", key
        ):
            plan_report(
                ReportDefinition("customers", ["customer.name"], sort=[key]), principal(),
                settings(),
            )


def test_x1_filters_must_fit_the_level_and_the_settings() -> None:
    org = settings()
    valid = "status, owner, industry, market_segment, text"
    with pytest.raises(ValidationErrors) as info:
        plan_report(
            ReportDefinition(
                "customer_notes", ["note.text"],
                ReportFilters(keyword="vip", contact_status="active"),
            ),
            principal(), org,
        )
    assert [(e.entity, e.field, e.reason, e.value) for e in info.value.errors] == [
        ("report", "filters.keyword",
         f"does not apply to level customer_notes; valid filters: {valid}", "keyword"),
        ("report", "filters.contact_status",
         f"does not apply to level customer_notes; valid filters: {valid}", "contact_status"),
    ]
    stranger = UserId(UUID(int=7))
    with pytest.raises(ValidationErrors) as info:
        plan_report(
            ReportDefinition(
                "customers", ["customer.name"],
                ReportFilters(
                    owner_id=stranger, industry_id=IndustryId(UUID(int=8)),
                    market_segment_id=MarketSegmentId(UUID(int=9)), keyword="vip",
                ),
            ),
            principal(), org,
        )
    assert [(e.entity, e.field, e.reason, e.value) for e in info.value.errors] == [
        ("report", "filters.owner", "unknown owner", stranger),
        ("report", "filters.industry", "unknown industry", UUID(int=8)),
        ("report", "filters.market_segment", "unknown market_segment", UUID(int=9)),
    ]
    plan = plan_report(
        ReportDefinition(
            "sales_case_notes", ["note.text"],
            ReportFilters(owner_id=BERT, industry_id=SHIPPING, market_segment_id=PUBLIC),
        ),
        principal(), org,
    )
    assert plan.customers == CustomerQuery(
        owner_id=BERT, industry_id=SHIPPING, market_segment_id=PUBLIC
    )


def test_x1_every_problem_of_a_definition_at_once() -> None:
    with pytest.raises(ValidationErrors) as info:
        plan_report(
            ReportDefinition("customers", ["nope", "customer.name", "customer.name"], sort=["x"]),
            principal(), settings(),
        )
    assert [(e.field, e.value) for e in info.value.errors] == [
        ("columns", "nope"), ("columns", "customer.name"), ("sort", "x")
    ]


def test_x1_case_insensitive_column_lookup_needs_one_match() -> None:
    twin = CustomFieldId(UUID(int=70))
    org = settings(
        custom_fields=(
            CustomFieldDefinition(SIZE, "Size", CustomFieldType.TEXT),
            CustomFieldDefinition(COLOUR, "size", CustomFieldType.TEXT),
            CustomFieldDefinition(twin, str(SIZE).upper(), CustomFieldType.TEXT),
        )
    )
    # custom.<SIZE's id> and custom.<the same id upper-cased> differ only by case
    assert keys(ReportLevel.CUSTOMERS, org)[-3:] == [
        f"custom.{SIZE}", f"custom.{COLOUR}", f"custom.{str(SIZE).upper()}"
    ]
    plan = plan_report(
        ReportDefinition("customers", [f"custom.{SIZE}"]), principal(), org
    )
    assert plan.columns[0].custom_field_id == SIZE
    plan = plan_report(
        ReportDefinition("customers", [f"CUSTOM.{COLOUR}"]), principal(), org
    )
    assert plan.columns[0].custom_field_id == COLOUR
    with pytest.raises(ValidationError) as info:
        plan_report(ReportDefinition("customers", [f"Custom.{SIZE}"]), principal(), org)
    assert (info.value.field, info.value.value) == ("columns", f"Custom.{SIZE}")


# -- presentation ----------------------------------------------------------------------------------

HELSINKI_NOON = datetime(2026, 6, 1, 9, 0, 0, 999_999, tzinfo=UTC)


def test_x1_local_time() -> None:
    org = settings()
    assert local_time(None, org.zone) is None
    assert local_time(HELSINKI_NOON, org.zone) == datetime(2026, 6, 1, 12, 0, 0)
    assert local_time(datetime(2026, 1, 1, 21, 30, 5, tzinfo=UTC), org.zone) == datetime(
        2026, 1, 1, 23, 30, 5
    )


def present(level: str, columns: list[str], raw: list[Any], **changes: Any) -> tuple[Any, ...]:
    """The cells of ``raw``; a chunk of its rows gets the same cells from ``chunk_presenter``."""
    plan = plan_report(ReportDefinition(level, columns), principal(), settings(**changes))
    cells = row_presenter(plan)(raw)
    assert chunk_presenter(plan)([raw, tuple(raw), raw]) == [cells] * 3
    assert chunk_presenter(plan)([]) == []
    return cells


def test_x1_presenting_names_of_settings_entries() -> None:
    columns = [
        "customer.owner", "customer.industry", "customer.invoice_template",
        "customer.default_vat_rate", "project.sales_status", "note.created_by",
    ]
    assert present("sales_case_notes", columns, [ANNA, SHIPPING, STANDARD, VAT24, WON, BERT]) == (
        "Anna", "Shipping", "Standard", "VAT 24", "Won", "Bert"
    )
    unknown = UUID(int=1234)
    assert present("sales_case_notes", columns, [unknown, None, unknown, None, unknown, None]) == (
        str(unknown), None, str(unknown), None, str(unknown), None
    )


def test_x1_presenting_segments_in_settings_order() -> None:
    other, another = UUID(int=500), UUID(int=400)
    assert present("customers", ["customer.market_segments"], [{PUBLIC, SMALL}]) == (
        ("Small", "Public"),
    )
    assert present(
        "customers", ["customer.market_segments"], [[other, PUBLIC, another, LARGE, SMALL]]
    ) == (("Small", "Large", "Public", str(another), str(other)),)
    assert present("customers", ["customer.market_segments"], [None]) == ((),)
    assert present("customers", ["customer.market_segments"], [()]) == ((),)
    # an unknown segment sorts after every known one, however many there are
    assert present(
        "customers", ["customer.market_segments"], [[other, PUBLIC]],
        market_segments=(MarketSegment(PUBLIC, "Public"),),
    ) == (("Public", str(other)),)


def test_x1_presenting_statuses_ids_and_lists() -> None:
    columns = [
        "customer.id", "customer.status", "contact.status", "contact.emails", "contact.phones",
        "customer.number",
    ]
    customer_id = UUID(int=77)
    assert present(
        "contacts", columns,
        [customer_id, CustomerStatus.INACTIVE, True, ["b@x.fi", "a@x.fi"], {"3", "1", "2"}, 5],
    ) == (str(customer_id), "inactive", "active", ("b@x.fi", "a@x.fi"), ("1", "2", "3"), 5)
    assert present("contacts", columns, [None, "active", False, None, None, None]) == (
        None, "active", "inactive", (), (), None
    )
    assert present("contacts", columns, [None, "inactive", 0, [], [], 1]) == (
        None, "inactive", "inactive", (), (), 1
    )


def test_x1_presenting_local_times() -> None:
    assert present(
        "customer_notes", ["customer.created_at", "customer.updated_at", "note.created_at"],
        [HELSINKI_NOON, None, datetime(2026, 12, 31, 22, 0, tzinfo=UTC)],
    ) == (datetime(2026, 6, 1, 12, 0), None, datetime(2027, 1, 1, 0, 0))
    assert present(
        "customers", ["customer.created_at"], [HELSINKI_NOON], timezone="America/New_York"
    ) == (datetime(2026, 6, 1, 5, 0),)


@pytest.mark.parametrize(
    ("total", "shown"),
    [
        (None, "0.00"),
        (Decimal("0"), "0.00"),
        (Decimal("1.5"), "1.50"),
        (Decimal("-1234.5"), "-1234.50"),
        (Decimal("0.1234"), "0.1234"),
        (Decimal("1E+3"), "1000.00"),
        (Decimal("10.10000"), "10.10"),
    ],
)
def test_k7_billing_totals_are_canonical(total: Decimal | None, shown: str) -> None:
    (cell,) = present("customers", ["customer.billing_total"], [total])
    assert isinstance(cell, Money)
    assert (str(cell.amount), cell.currency) == (shown, "EUR")
    (cell,) = present("customers", ["customer.billing_total"], [total], currency="SEK")
    assert (str(cell.amount), cell.currency) == (shown, "SEK")


def test_k7_expected_values_keep_their_currency() -> None:
    (cell,) = present(
        "project_notes", ["project.expected_value"], [Money(Decimal("-12.5"), "USD")]
    )
    assert isinstance(cell, Money)
    assert (str(cell.amount), cell.currency) == ("-12.50", "USD")
    (cell,) = present("project_notes", ["project.expected_value"], [Money(Decimal("3"), "EUR")])
    assert isinstance(cell, Money)
    assert (str(cell.amount), cell.currency) == ("3.00", "EUR")
    assert present("project_notes", ["project.expected_value"], [None]) == (None,)


def test_x1_as_is_columns_are_passed_through() -> None:
    plan = plan_report(
        ReportDefinition("customers", ["customer.name", "customer.number"]), principal(),
        settings(),
    )
    presenter = row_presenter(plan)
    assert presenter is tuple
    assert presenter(["Acme", 7]) == ("Acme", 7)
    raw = ["Acme", ANNA, 7]
    plan = plan_report(
        ReportDefinition("customers", ["customer.name", "customer.owner", "customer.number"]),
        principal(), settings(),
    )
    assert row_presenter(plan)(raw) == ("Acme", "Anna", 7)
    assert raw == ["Acme", ANNA, 7]


def test_x1_header_labels() -> None:
    catalogue = column_catalogue(ReportLevel.CUSTOMERS, settings())
    header = ReportHeader(
        "T", ReportLevel.CUSTOMERS, (catalogue["customer.name"], catalogue["customer.id"]), "EUR"
    )
    assert header.labels == ("Customer", "Customer id")
    assert ReportHeader("T", ReportLevel.CUSTOMERS, (), "EUR").labels == ()


def test_x1_column_money_flag() -> None:
    assert Column("k", "K", CellType.MONEY, ALL_LEVELS, "raw").money
    assert not Column("k", "K", CellType.DECIMAL, ALL_LEVELS, "raw").money


def test_x1_standard_columns_table_is_consistent() -> None:
    assert len({c.key for c in STANDARD_COLUMNS}) == len(STANDARD_COLUMNS) == 42
    assert all(c.raw for c in STANDARD_COLUMNS)
    assert all(c.custom_field_id is None for c in STANDARD_COLUMNS)


# =============================================================================================
# Cells (X4): what a cell may hold and when text would start a formula is a domain rule
# (custreg.domain.reports.cell_safety); how a value is worded as text is the exporters' job
# (custreg.adapters.exports.cell_text).
# =============================================================================================


def rendering() -> Any:
    import custreg.domain.reports as module

    return module


def exported_text() -> Any:
    import custreg.adapters.exports.cell_text as module

    return module


def test_x4_cell_safe_text() -> None:
    r = rendering()
    assert r.cell_safe_text("plain text") == "plain text"
    assert r.cell_safe_text("a\tb\nc") == "a\tb\nc"
    assert r.cell_safe_text("a\r\nb\rc") == "a\nb\nc"
    assert r.cell_safe_text("a\x00b\x07c\x1fd\x7fe\x9ff") == "abcdef"
    assert r.cell_safe_text("a\u200bb\u00adc\ufeffd\u202ee\U000e0041") == "abcde"
    assert r.cell_safe_text("\ud800x\uffff") == "x"
    assert r.cell_safe_text("tab\there\u200b") == "tab\there"
    assert r.cell_safe_text("line\nbreak\r") == "line\nbreak\n"
    assert r.cell_safe_text("x" * 40_000) == "x" * r.MAX_CELL_LENGTH
    assert r.MAX_CELL_LENGTH == 32_767
    assert r.cell_safe_text("\x00" + "y" * 32_767) == "y" * 32_767
    assert r.cell_safe_text("é" * 32_768) == "é" * 32_767
    assert r.cell_safe_text("") == ""


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("=1+1", True), ("+1", True), ("-1", True), ("@SUM(A1)", True), ("\tx", True),
        ("\rx", True), ("\nx", True), ("  =1", True), ("\u200b=1", True), ("\u00a0+1", True),
        ("\uff1d1", True), ("\uff0b1", True), ("\uff0d1", True), ("\uff201", True),
        ("\ufe661", True), ("\ufe621", True), ("\ufe631", True), ("\u22121", True),
        ("abc", False), ("1=1", False), ("A-1", False), ("", False), ("   ", False),
        ("\u200b", False), (" a=1", False), ("é=1", False), ("'=1", False), ("(=1)", False),
        ("Z", False), ("9", False), ("1", False), ("a", False),
    ],
)
def test_x4_starts_formula(text: str, formula: bool) -> None:
    r = rendering()
    assert r.starts_formula(text) is formula
    assert r.neutralise_formula(text) == ("'" + text if formula else text)


def test_x4_spreadsheet_text_cleans_before_neutralising() -> None:
    r = rendering()
    assert r.spreadsheet_text("\x00=1") == "'=1"
    assert r.spreadsheet_text("\u200b\u200b+1") == "'+1"
    assert r.spreadsheet_text("\r=1") == "'\n=1"
    assert r.spreadsheet_text("safe") == "safe"
    assert r.NEUTRALISER == "'"


def test_x4_cell_text_per_type() -> None:
    r = exported_text()
    table: list[tuple[Any, CellType, str]] = [
        (None, CellType.TEXT, ""), ("=x", CellType.TEXT, "'=x"), ("ok", CellType.TEXT, "ok"),
        (None, CellType.LIST, ""), (("a", "b"), CellType.LIST, "a; b"),
        (("-a", "b"), CellType.LIST, "'-a; b"), ((), CellType.LIST, ""),
        (None, CellType.MONEY, ""),
        (Money(Decimal("1234.50"), "EUR"), CellType.MONEY, "1234.50"),
        (Money(Decimal("-1234.50"), "EUR"), CellType.MONEY, "-1234.50"),
        (Money(Decimal("1E+3"), "EUR"), CellType.MONEY, "1000"),
        (Money(Decimal("12.00"), "USD"), CellType.MONEY, "12.00 USD"),
        (None, CellType.BOOLEAN, ""), (True, CellType.BOOLEAN, "true"),
        (False, CellType.BOOLEAN, "false"),
        (None, CellType.DECIMAL, ""), (Decimal("-5"), CellType.DECIMAL, "-5"),
        (Decimal("1E+3"), CellType.DECIMAL, "1000"), (Decimal("0.10"), CellType.DECIMAL, "0.10"),
        (None, CellType.DATETIME, ""),
        (datetime(2026, 11, 25, 14, 0), CellType.DATETIME, "2026-11-25 14:00:00"),
        (None, CellType.DATE, ""), (date(2026, 11, 25), CellType.DATE, "2026-11-25"),
        (None, CellType.INTEGER, ""), (-5, CellType.INTEGER, "-5"),
        (1234567, CellType.INTEGER, "1234567"), (0, CellType.INTEGER, "0"),
    ]
    for value, type_, text in table:
        assert r.cell_text(value, type_, "EUR") == text, (value, type_)
    assert r.plain_decimal(Decimal("-1.5E+2")) == "-150"


def test_x4_text_renderer() -> None:
    r = exported_text()
    catalogue = column_catalogue(ReportLevel.CUSTOMERS, settings())
    header = ReportHeader(
        "T", ReportLevel.CUSTOMERS,
        (catalogue["customer.name"], catalogue["customer.number"],
         catalogue["customer.billing_total"]),
        "SEK",
    )
    render = r.text_renderer(header)
    assert render(["=Acme", 3, Money(Decimal("1.50"), "SEK")]) == ["'=Acme", "3", "1.50"]
    assert render([None, None, Money(Decimal("1.50"), "EUR")]) == ["", "", "1.50 EUR"]
    with pytest.raises(ValueError):
        render(["a", 1])


def test_x4_the_csv_sink_writes_each_row_as_text_renderer_renders_it() -> None:
    """The sink renders a chunk a column at a time, equal values once: equal decimals and
    amounts of other exponents (1.0, 1.00) keep their own texts."""
    from custreg.adapters.exports import CsvSink

    types = [
        CellType.TEXT, CellType.LIST, CellType.INTEGER, CellType.DECIMAL, CellType.MONEY,
        CellType.DATE, CellType.DATETIME, CellType.BOOLEAN,
    ]
    columns = tuple(Column(f"k{i}", f"=K{i}", t, ALL_LEVELS, "raw") for i, t in enumerate(types))
    header = ReportHeader("T", ReportLevel.CUSTOMERS, columns, "EUR")
    noon = datetime(2026, 11, 25, 12, 0)
    rows: list[tuple[Any, ...]] = [
        ("Acme", ("b", "a"), 1, Decimal("1.0"), Money(Decimal("1.0"), "EUR"), date(2026, 1, 1),
         noon, True),
        ("Acme", ("b", "a"), 1, Decimal("1.00"), Money(Decimal("1.00"), "EUR"),
         date(2026, 1, 1), noon, True),
        ("=Acme", ("-b",), -5, Decimal("-1"), Money(Decimal("1"), "USD"), None, None, False),
        (None, None, None, None, None, None, None, None),
        ("Acme", ("b", "a"), 1, Decimal("1.0"), Money(Decimal("1.0"), "EUR"), date(2026, 1, 1),
         noon, True),
    ]
    render = exported_text().text_renderer(header)
    expected = io.StringIO(newline="")
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(["'=K" + str(i) for i in range(len(types))])
    for chunk in (rows[:3], rows[3:]):
        writer.writerows(render(row) for row in chunk)
    written = io.StringIO(newline="")
    sink = CsvSink(written)
    sink.start(header)
    sink.write_rows(rows[:3])
    sink.write_rows(rows[3:])
    sink.write_rows([])
    assert written.getvalue() == expected.getvalue()
    assert "1.0,1.0,2026-01-01,2026-11-25 12:00:00,true" in written.getvalue()
    assert "1.00,1.00,2026-01-01" in written.getvalue()
    with pytest.raises(ValueError, match="one per column"):
        sink.write_rows([rows[0][:-1]])
