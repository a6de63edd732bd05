"""Report definitions as data (X1-X4, U5): levels, the column catalogue, filters, sort, the
validated plan an adapter answers, and the spreadsheet-safe rendering of cells.

A report is a plain value (``ReportDefinition``) that a host can store, show in a form or read from
JSON (``definition_from_mapping``). ``plan_report`` checks it against the organisation's settings
and the principal and returns a ``ReportPlan``: what adapters answer (rows of *raw* stored values,
ids instead of names) and how those raw values are *presented* (names, local times, canonical
money), so that every adapter gives the same cells for the same data.

Everything here is pure.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from itertools import islice
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from attrs import Attribute, field, frozen

from custreg.domain.contact import ContactStatus
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import PermissionDeniedError, ValidationError
from custreg.domain.ids import (
    CustomFieldId,
    IndustryId,
    MarketSegmentId,
    SalesStatusId,
    UserId,
)
from custreg.domain.kpi import InvoiceVisibility, canonical_amount
from custreg.domain.permissions import CustomerPermission, Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import CustomFieldType, OrganisationSettings, SalesState
from custreg.domain.text import (
    clean_text,
    is_visible,
    optional_text,
    required_text,
    search_text,
)
from custreg.domain.validation import ErrorCollector
from custreg.domain.values import Money


class ReportLevel(enum.Enum):
    """The main level of a report: what one row stands for.

    CONTACTS is the *Contacts & addresses* report (one row per visible contact, X2); the three
    note levels are the product's Sales > Notes, Projects > Notes and Customers > Notes (X3).
    """

    CUSTOMERS = "customers"
    CONTACTS = "contacts"
    SALES_CASE_NOTES = "sales_case_notes"
    PROJECT_NOTES = "project_notes"
    CUSTOMER_NOTES = "customer_notes"


NOTE_LEVELS = frozenset(
    {ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES, ReportLevel.CUSTOMER_NOTES}
)
PROJECT_LEVELS = frozenset({ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES})
ALL_LEVELS = frozenset(ReportLevel)


class CellType(enum.Enum):
    """The type of a column's presented cells; exporters use it to type spreadsheet cells.

    Presented values: TEXT str, INTEGER int, DECIMAL Decimal, MONEY Money, DATE date, DATETIME a
    naive datetime in the organisation's time zone (whole seconds), BOOLEAN bool, LIST a tuple of
    str. Any cell may be None (empty).
    """

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    LIST = "list"


class Presentation(enum.Enum):
    """How a column's raw stored value becomes its presented cell (see ``present_row``)."""

    AS_IS = "as_is"
    USER = "user"
    INDUSTRY = "industry"
    INVOICE_TEMPLATE = "invoice_template"
    VAT_RATE = "vat_rate"
    SALES_STATUS = "sales_status"
    SEGMENTS = "segments"
    STATUS = "status"
    CONTACT_STATUS = "contact_status"
    ID = "id"
    LIST = "list"
    SORTED_LIST = "sorted_list"
    LOCAL_TIME = "local_time"
    MONEY_TOTAL = "money_total"
    MONEY = "money"


@frozen
class Column:
    """One column of the catalogue.

    ``raw`` documents the value an adapter returns for it (the stored value: ids, not names);
    ``presentation`` says how that becomes the cell. ``money`` columns are shown only to
    principals with All (U5). ``sortable`` columns are stored, non-null and cheap to order by.
    """

    key: str
    label: str
    type: CellType
    levels: frozenset[ReportLevel]
    raw: str
    presentation: Presentation = Presentation.AS_IS
    sortable: bool = False
    custom_field_id: CustomFieldId | None = None

    @property
    def money(self) -> bool:
        return self.type is CellType.MONEY


def _c(
    key: str,
    label: str,
    type_: CellType,
    raw: str,
    levels: frozenset[ReportLevel] = ALL_LEVELS,
    presentation: Presentation = Presentation.AS_IS,
    sortable: bool = False,
) -> Column:
    return Column(key, label, type_, levels, raw, presentation, sortable)


_T, _I, _L = CellType.TEXT, CellType.INTEGER, CellType.LIST
_CONTACTS = frozenset({ReportLevel.CONTACTS})

#: The fixed columns, in the order forms should offer them. Custom fields are added per
#: organisation by ``column_catalogue``.
STANDARD_COLUMNS: tuple[Column, ...] = (
    _c("customer.id", "Customer id", _T, "CustomerId", presentation=Presentation.ID),
    _c("customer.number", "Customer number", _I, "int", sortable=True),
    _c("customer.name", "Customer", _T, "str", sortable=True),
    _c("customer.status", "Status", _T, "CustomerStatus", presentation=Presentation.STATUS),
    _c("customer.vat_number", "VAT number", _T, "str | None"),
    _c("customer.business_id", "Business ID", _T, "str | None"),
    _c("customer.email", "Email", _T, "str | None"),
    _c("customer.website", "Website", _T, "str | None"),
    _c("customer.owner", "Account owner", _T, "UserId | None", presentation=Presentation.USER),
    _c(
        "customer.industry", "Industry", _T, "IndustryId | None",
        presentation=Presentation.INDUSTRY,
    ),
    _c(
        "customer.market_segments", "Market segments", _L, "iterable of MarketSegmentId",
        presentation=Presentation.SEGMENTS,
    ),
    _c(
        "customer.invoice_template", "Invoice template", _T, "InvoiceTemplateId | None",
        presentation=Presentation.INVOICE_TEMPLATE,
    ),
    _c(
        "customer.default_vat_rate", "Default VAT", _T, "VatRateId | None",
        presentation=Presentation.VAT_RATE,
    ),
    _c("customer.payment_term_days", "Payment term (days)", _I, "int | None"),
    _c("customer.einvoice_address", "E-invoicing address", _T, "str | None: the default one"),
    _c("customer.einvoice_operator", "E-invoicing operator", _T, "str | None: the default's"),
    _c(
        "customer.einvoice_addresses", "E-invoicing addresses", _L,
        "sequence of str, each 'ADDRESS via OPERATOR', the default first",
        presentation=Presentation.LIST,
    ),
    _c("customer.is_internal", "Internal", CellType.BOOLEAN, "bool"),
    _c(
        "customer.created_at", "Created", CellType.DATETIME, "aware datetime",
        presentation=Presentation.LOCAL_TIME, sortable=True,
    ),
    _c(
        "customer.updated_at", "Updated", CellType.DATETIME, "aware datetime | None",
        presentation=Presentation.LOCAL_TIME,
    ),
    _c(
        "customer.billing_total", "Billing (excl. VAT)", CellType.MONEY,
        "Decimal | None: sum of total_excl_vat of the customer's billed invoices in the "
        "organisation currency that plan.invoices allows",
        presentation=Presentation.MONEY_TOTAL,
    ),
    _c("address.street", "Street", _T, "str | None: the address lines joined with ', '"),
    _c("address.postal_code", "Postal code", _T, "str | None"),
    _c("address.city", "City", _T, "str | None"),
    _c("address.country", "Country", _T, "str | None"),
    _c("contact.first_name", "First name", _T, "str", _CONTACTS, sortable=True),
    _c("contact.last_name", "Last name", _T, "str", _CONTACTS, sortable=True),
    _c("contact.title", "Title", _T, "str | None", _CONTACTS),
    _c(
        "contact.status", "Contact status", _T, "bool: the contact's active flag", _CONTACTS,
        Presentation.CONTACT_STATUS,
    ),
    _c(
        "contact.emails", "Email addresses", _L, "sequence of str, in the contact's order",
        _CONTACTS, Presentation.LIST,
    ),
    _c("contact.phones", "Phones", _L, "iterable of str", _CONTACTS, Presentation.SORTED_LIST),
    _c("contact.roles", "Roles", _L, "iterable of str", _CONTACTS, Presentation.SORTED_LIST),
    _c(
        "contact.keywords", "Keywords", _L, "iterable of str", _CONTACTS,
        Presentation.SORTED_LIST,
    ),
    _c("note.text", "Note", _T, "str", NOTE_LEVELS),
    _c(
        "note.created_at", "Note created", CellType.DATETIME, "aware datetime", NOTE_LEVELS,
        Presentation.LOCAL_TIME, sortable=True,
    ),
    _c("note.created_by", "Note by", _T, "UserId | None", NOTE_LEVELS, Presentation.USER),
    _c("project.number", "Project number", _I, "int", PROJECT_LEVELS, sortable=True),
    _c("project.name", "Project", _T, "str", PROJECT_LEVELS),
    _c(
        "project.sales_status", "Sales status", _T, "SalesStatusId | None", PROJECT_LEVELS,
        Presentation.SALES_STATUS,
    ),
    _c("project.probability", "Probability (%)", _I, "int", PROJECT_LEVELS),
    _c("project.is_closed", "Closed", CellType.BOOLEAN, "bool", PROJECT_LEVELS),
    _c(
        "project.expected_value", "Expected value", CellType.MONEY, "Money | None",
        PROJECT_LEVELS, Presentation.MONEY,
    ),
)

#: Order keys adapters must implement: the sortable columns plus the unique tie-breakers.
ORDER_KEYS = frozenset(
    {c.key for c in STANDARD_COLUMNS if c.sortable} | {"contact.id", "note.id"}
)

_CUSTOM_TYPES = {
    CustomFieldType.TEXT: CellType.TEXT,
    CustomFieldType.CHOICE: CellType.TEXT,
    CustomFieldType.NUMBER: CellType.DECIMAL,
    CustomFieldType.DATE: CellType.DATE,
    CustomFieldType.BOOLEAN: CellType.BOOLEAN,
}


def _custom_columns(settings: OrganisationSettings) -> list[Column]:
    """``custom.<name>`` per custom field (``custom.<id>`` when two fields share a name)."""
    names = [d.name.casefold() for d in settings.custom_fields]
    columns = []
    for definition in settings.custom_fields:
        shared = names.count(definition.name.casefold()) > 1
        key = f"custom.{definition.id}" if shared else f"custom.{definition.name}"
        columns.append(
            Column(
                key,
                definition.name,
                _CUSTOM_TYPES[definition.type],
                ALL_LEVELS,
                "CustomValue | None: the customer's value of this custom field",
                custom_field_id=definition.id,
            )
        )
    return columns


def column_catalogue(level: ReportLevel, settings: OrganisationSettings) -> dict[str, Column]:
    """Every column a report of ``level`` may show, by key, in the order forms offer them."""
    columns = [c for c in STANDARD_COLUMNS if level in c.levels] + _custom_columns(settings)
    return {c.key: c for c in columns}


def _find_column(catalogue: Mapping[str, Column], key: str) -> Column | None:
    """Exact key, else a case-insensitive match (custom field names are typed by people)."""
    found = catalogue.get(key)
    if found is not None:
        return found
    wanted = key.strip().casefold()
    matches = [c for k, c in catalogue.items() if k.casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


# -- filters and sort --------------------------------------------------------------------------

#: The longest keyword filter (a contact keyword is at most this long, P4).
KEYWORD_MAX_LENGTH = 100
#: The longest column key or sort key of a report definition.
COLUMN_KEY_MAX_LENGTH = 200
#: The most columns (and sort keys) a report definition may name.
MAX_COLUMNS = 200
#: The longest report title.
TITLE_MAX_LENGTH = 200

#: Filter names, as given in a mapping (``definition_from_mapping``, the CLI).
FILTER_NAMES = (
    "status", "owner", "industry", "market_segment", "keyword", "contact_status", "text"
)
_WITH_CONTACTS = frozenset({ReportLevel.CUSTOMERS, ReportLevel.CONTACTS})
#: The levels each filter applies to (the others apply to every level).
_FILTER_LEVELS = {"keyword": _WITH_CONTACTS, "contact_status": _WITH_CONTACTS}


def _optional_text(value: str | None) -> str | None:
    return search_text("report", "filters.text", value)


def _keyword(value: str | None) -> str | None:
    return search_text("report", "filters.keyword", value, KEYWORD_MAX_LENGTH)


def _filter_id(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, UUID):
        raise ValidationError("report", f"filters.{attribute.name}", "must be an id (UUID)", value)


def _status(value: CustomerStatus | str | None) -> CustomerStatus | None:
    if value is None or isinstance(value, CustomerStatus):
        return value
    try:
        return CustomerStatus(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in CustomerStatus)
        raise ValidationError(
            "report", "filters.status", f"unknown status; valid: {valid}", value
        ) from None


def _contact_status(value: ContactStatus | str | None) -> ContactStatus | None:
    if value is None or isinstance(value, ContactStatus):
        return value
    try:
        return ContactStatus(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in ContactStatus)
        raise ValidationError(
            "report", "filters.contact_status", f"unknown status; valid: {valid}", value
        ) from None


@frozen
class ReportFilters:
    """Which rows a report keeps; every filter given must hold, None means "any".

    ``status``, ``owner_id``, ``industry_id``, ``market_segment_id`` and ``text`` (the C6 search:
    name substring or exact number / VAT / business id) select customers, at every level.
    ``keyword`` is a contact keyword (P4, mailing lists): the Contacts level keeps the contacts
    carrying it, the Customers level the customers with at least one such listed contact.
    ``contact_status`` narrows the contacts listed (X2: by default every contact person, active
    and inactive; deleted ones never): the Contacts level lists only contacts of that status,
    and the keyword filter then looks only at them.
    """

    status: CustomerStatus | None = field(default=None, converter=_status)
    owner_id: UserId | None = field(default=None, validator=_filter_id)
    industry_id: IndustryId | None = field(default=None, validator=_filter_id)
    market_segment_id: MarketSegmentId | None = field(default=None, validator=_filter_id)
    keyword: str | None = field(default=None, converter=_keyword)
    text: str | None = field(default=None, converter=_optional_text)
    contact_status: ContactStatus | None = field(default=None, converter=_contact_status)

    def given(self) -> list[str]:
        """The names (as in FILTER_NAMES) of the filters that are set."""
        values = {
            "status": self.status,
            "owner": self.owner_id,
            "industry": self.industry_id,
            "market_segment": self.market_segment_id,
            "keyword": self.keyword,
            "contact_status": self.contact_status,
            "text": self.text,
        }
        return [name for name, value in values.items() if value is not None]

    def customer_query(self) -> CustomerQuery:
        return CustomerQuery(
            text=self.text,
            status=self.status,
            owner_id=self.owner_id,
            industry_id=self.industry_id,
            market_segment_id=self.market_segment_id,
        )


@frozen
class SortKey:
    """Order by ``column`` (a sortable column key), descending if asked."""

    column: str
    descending: bool = False

    @classmethod
    def parse(cls, spec: str) -> SortKey:
        """``"customer.name"`` ascending, ``"-customer.name"`` descending."""
        text = clean_text("report", "sort", spec, COLUMN_KEY_MAX_LENGTH)
        if not text.lstrip("+-").strip():
            raise ValidationError(
                "report", "sort", "must be a column key like -customer.name", spec
            )
        if text.startswith("-"):
            return cls(text[1:].strip(), True)
        return cls(text.lstrip("+").strip())


def _level(value: ReportLevel | str) -> ReportLevel:
    if isinstance(value, ReportLevel):
        return value
    try:
        return ReportLevel(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(level.value for level in ReportLevel)
        raise ValidationError("report", "level", f"unknown level; valid: {valid}", value) from None


def _columns(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes):
        raise ValidationError("report", "columns", "must be a list of column keys", value)
    keys = tuple(islice(value, MAX_COLUMNS + 1))
    if len(keys) > MAX_COLUMNS:
        raise ValidationError("report", "columns", f"at most {MAX_COLUMNS} columns", value)
    return tuple(required_text("report", "columns", k, COLUMN_KEY_MAX_LENGTH) for k in keys)


def _sort(value: Iterable[SortKey | str]) -> tuple[SortKey, ...]:
    if isinstance(value, str):
        value = [value]
    keys = tuple(islice(value, MAX_COLUMNS + 1))
    if len(keys) > MAX_COLUMNS:
        raise ValidationError("report", "sort", f"at most {MAX_COLUMNS} sort keys", value)
    return tuple(k if isinstance(k, SortKey) else SortKey.parse(k) for k in keys)


def _title(value: str | None) -> str | None:
    return optional_text("report", "title", value, TITLE_MAX_LENGTH)


@frozen
class ReportDefinition:
    """A report as data: its main level, chosen columns (keys of ``column_catalogue``), filters
    and sort (default: the level's natural order)."""

    level: ReportLevel = field(converter=_level)
    columns: tuple[str, ...] = field(converter=_columns)
    filters: ReportFilters = ReportFilters()
    sort: tuple[SortKey, ...] = field(default=(), converter=_sort)
    title: str | None = field(default=None, converter=_title)


# -- built-in reports --------------------------------------------------------------------------

_CUSTOMER_ID = ("customer.number", "customer.name")
_ADDRESS = ("address.street", "address.postal_code", "address.city", "address.country")
_NOTE = ("note.created_at", "note.created_by", "note.text")

_BUILTINS: dict[str, tuple[str, ReportLevel, tuple[str, ...], tuple[str, ...]]] = {
    # name: (title, level, columns, money columns appended for principals with All)
    "customers": (
        "Customers",
        ReportLevel.CUSTOMERS,
        (
            *_CUSTOMER_ID, "customer.vat_number", "customer.business_id", "customer.status",
            "customer.owner", "customer.industry", "customer.market_segments", "customer.email",
            "customer.website", *_ADDRESS, "customer.created_at",
        ),
        ("customer.billing_total",),
    ),
    "contacts": (
        "Contacts & addresses",
        ReportLevel.CONTACTS,
        (
            *_CUSTOMER_ID, "contact.first_name", "contact.last_name", "contact.title",
            "contact.emails", "contact.phones", "contact.roles", "contact.status", *_ADDRESS,
        ),
        (),
    ),
    "sales_case_notes": (
        "Sales case notes",
        ReportLevel.SALES_CASE_NOTES,
        (
            *_CUSTOMER_ID, "project.number", "project.name", "project.sales_status",
            "project.probability", *_NOTE,
        ),
        ("project.expected_value",),
    ),
    "project_notes": (
        "Project notes",
        ReportLevel.PROJECT_NOTES,
        (*_CUSTOMER_ID, "project.number", "project.name", *_NOTE),
        (),
    ),
    "customer_notes": ("Customer notes", ReportLevel.CUSTOMER_NOTES, (*_CUSTOMER_ID, *_NOTE), ()),
}

#: Names of the built-in reports.
BUILTIN_REPORTS = tuple(_BUILTINS)


def builtin_report(
    name: str, *, with_money: bool = False, filters: ReportFilters | None = None
) -> ReportDefinition:
    """A built-in report by name; ``with_money`` adds its money columns (for principals with All,
    U5). Unknown names get a ValidationError listing the valid ones."""
    try:
        title, level, columns, money = _BUILTINS[name]
    except KeyError:
        raise ValidationError(
            "report", "name", f"unknown report; valid: {', '.join(BUILTIN_REPORTS)}", name
        ) from None
    chosen = (*columns, *money) if with_money else columns
    return ReportDefinition(level, chosen, filters or ReportFilters(), title=title)


# -- definitions from plain data ---------------------------------------------------------------


def _resolve(
    kind: str, value: Any, items: Sequence[Any], field_name: str
) -> Any:
    """A settings entry by id, id text or (case-insensitive) name."""
    for item in items:
        if item.id == value or str(item.id) == str(value).strip():
            return item.id
    wanted = str(value).strip().casefold()
    named = [item for item in items if item.name.casefold() == wanted]
    if len(named) == 1:
        return named[0].id
    valid = ", ".join(item.name for item in items) or "none configured"
    raise ValidationError(
        "report", f"filters.{field_name}", f"unknown {kind}; valid: {valid}", value
    )


def parse_filters(values: Mapping[str, Any], settings: OrganisationSettings) -> ReportFilters:
    """Filters from a mapping of FILTER_NAMES to values; owners, industries and segments may be
    given by id or name. Unknown filter names get a ValidationError listing the valid ones."""
    errors = ErrorCollector()
    unknown = sorted(set(values) - set(FILTER_NAMES))
    for name in unknown:
        errors.errors.append(
            ValidationError(
                "report", "filters", f"unknown filter; valid filters: {', '.join(FILTER_NAMES)}",
                name,
            )
        )
    resolved: dict[str, Any] = {}
    lookups = {
        "owner": ("owner_id", "user", settings.users),
        "industry": ("industry_id", "industry", settings.industries),
        "market_segment": ("market_segment_id", "market segment", settings.market_segments),
    }
    for name, value in values.items():
        if value is None or name in unknown:
            continue
        if name in lookups:
            target, kind, items = lookups[name]
            resolved[target] = errors.check(partial(_resolve, kind, value, items, name))
        elif name == "status":
            resolved["status"] = errors.check(partial(_status, value))
        elif name == "keyword":
            resolved[name] = errors.check(partial(_keyword, value))
        elif name == "contact_status":
            resolved[name] = errors.check(partial(_contact_status, value))
        else:
            resolved[name] = errors.check(partial(_optional_text, value))
    errors.raise_if_any()
    return ReportFilters(**resolved)


_DEFINITION_KEYS = ("level", "columns", "filters", "sort", "title")


def definition_from_mapping(
    data: Mapping[str, Any], settings: OrganisationSettings
) -> ReportDefinition:
    """A definition from JSON-like data: ``{"level": "contacts", "columns": [...], "filters":
    {"status": "active"}, "sort": ["-customer.name"], "title": "..."}``."""
    unknown = sorted(set(data) - set(_DEFINITION_KEYS))
    if unknown:
        raise ValidationError(
            "report", unknown[0], f"unknown key; valid keys: {', '.join(_DEFINITION_KEYS)}",
            unknown[0],
        )
    if "level" not in data or "columns" not in data:
        raise ValidationError("report", "columns", "a report needs a level and columns", None)
    filters = data.get("filters") or {}
    if not isinstance(filters, Mapping):
        raise ValidationError("report", "filters", "must be a mapping of filter names", filters)
    return ReportDefinition(
        level=data["level"],
        columns=data["columns"],
        filters=parse_filters(filters, settings),
        sort=data.get("sort") or (),
        title=data.get("title"),
    )


# -- the plan ------------------------------------------------------------------------------------

_DEFAULT_ORDER = {
    ReportLevel.CUSTOMERS: ("customer.number",),
    ReportLevel.CONTACTS: ("customer.number", "contact.last_name", "contact.first_name"),
    ReportLevel.SALES_CASE_NOTES: ("customer.number", "note.created_at"),
    ReportLevel.PROJECT_NOTES: ("customer.number", "note.created_at"),
    ReportLevel.CUSTOMER_NOTES: ("customer.number", "note.created_at"),
}
#: The unique key that ends every order, so paging by keyset is exact.
TIEBREAKER = {
    ReportLevel.CUSTOMERS: "customer.number",
    ReportLevel.CONTACTS: "contact.id",
    ReportLevel.SALES_CASE_NOTES: "note.id",
    ReportLevel.PROJECT_NOTES: "note.id",
    ReportLevel.CUSTOMER_NOTES: "note.id",
}


@frozen
class ReportPlan:
    """A checked definition, ready for an adapter (``custreg.ports.reports.ReportQueries``).

    Rows: one per customer (CUSTOMERS), per listed contact of a selected customer (CONTACTS:
    every contact that is not deleted, active and inactive, narrowed to one status by
    ``contact_status``), per note of a selected customer on a sales case (a project
    whose sales status is in ``sales_case_status_ids``), on another project, or on no project
    (the three note levels). Customers are selected by ``customers`` (``CustomerQuery.matches``)
    and, if ``keyword`` is set, by having a listed contact with it (CONTACTS: the contact must
    carry it). Rows come in ``order``: keys of ORDER_KEYS, text compared by code point, the last
    key unique. ``address.*`` is the contact's own address, else the customer's headquarters.
    """

    level: ReportLevel
    title: str
    columns: tuple[Column, ...]
    customers: CustomerQuery
    keyword: str | None
    order: tuple[SortKey, ...]
    invoices: InvoiceVisibility | None
    sales_case_status_ids: frozenset[SalesStatusId]
    settings: OrganisationSettings
    contact_status: ContactStatus | None = None

    def lists_contact(self, active: bool, deleted: bool) -> bool:
        """X2: whether a contact with these flags is one of the plan's listed contacts."""
        if deleted:
            return False
        return self.contact_status is None or self.contact_status is ContactStatus.of(active)

    @property
    def currency(self) -> str:
        return self.settings.currency


def _unknown(kind: str, key: str, valid: Iterable[str], field_name: str) -> ValidationError:
    return ValidationError(
        "report", field_name, f"unknown {kind} {key!r}; valid {kind}s: {', '.join(valid)}", key
    )


def _check_filters(
    definition: ReportDefinition, settings: OrganisationSettings, errors: ErrorCollector
) -> None:
    filters = definition.filters
    for name in filters.given():
        levels = _FILTER_LEVELS.get(name, ALL_LEVELS)
        if definition.level not in levels:
            valid = [
                n for n in FILTER_NAMES if definition.level in _FILTER_LEVELS.get(n, ALL_LEVELS)
            ]
            errors.errors.append(
                ValidationError(
                    "report", f"filters.{name}",
                    f"does not apply to level {definition.level.value}; valid filters: "
                    f"{', '.join(valid)}",
                    name,
                )
            )
    checks: list[tuple[str, Any, Sequence[Any]]] = [
        ("owner", filters.owner_id, settings.users),
        ("industry", filters.industry_id, settings.industries),
        ("market_segment", filters.market_segment_id, settings.market_segments),
    ]
    for name, value, items in checks:
        if value is not None and all(item.id != value for item in items):
            errors.errors.append(
                ValidationError("report", f"filters.{name}", f"unknown {name}", value)
            )


def plan_report(
    definition: ReportDefinition, principal: Principal, settings: OrganisationSettings
) -> ReportPlan:
    """Check ``definition`` and make the plan.

    Unknown or misplaced columns, sort keys and filters get ValidationError(s) listing the valid
    names (all problems at once). None permission sees nothing (U2) and money columns need All
    (U5): PermissionDeniedError.
    """
    if principal.customers < CustomerPermission.READ_ONLY:
        raise PermissionDeniedError(
            "report", "run", f"Customers permission READ_ONLY (has {principal.customers.name})"
        )
    catalogue = column_catalogue(definition.level, settings)
    errors = ErrorCollector()
    columns: list[Column] = []
    if not definition.columns:
        errors.errors.append(ValidationError("report", "columns", "choose at least one column"))
    for key in definition.columns:
        column = _find_column(catalogue, key) if isinstance(key, str) else None
        if column is None:
            errors.errors.append(_unknown("column", str(key), catalogue, "columns"))
        elif column in columns:
            errors.errors.append(ValidationError("report", "columns", "chosen twice", key))
        else:
            columns.append(column)
    sortable = [k for k, c in catalogue.items() if c.sortable]
    order: list[SortKey] = []
    for wanted in definition.sort:
        column = _find_column(catalogue, wanted.column)
        if column is None or not column.sortable:
            errors.errors.append(_unknown("sort column", wanted.column, sortable, "sort"))
        else:
            order.append(SortKey(column.key, wanted.descending))
    _check_filters(definition, settings, errors)
    errors.raise_if_any()
    money = [c.key for c in columns if c.money]
    if money and not principal.sees_money:
        raise PermissionDeniedError(
            "report", f"show {', '.join(money)}", "invoice access ALL or OWN (U5)", "columns"
        )
    if not order:
        order = [SortKey(k) for k in _DEFAULT_ORDER[definition.level]]
    tiebreaker = TIEBREAKER[definition.level]
    if all(k.column != tiebreaker for k in order):
        order.append(SortKey(tiebreaker))
    in_progress = frozenset(
        s.id for s in settings.sales_statuses if s.state is SalesState.IN_PROGRESS
    )
    return ReportPlan(
        level=definition.level,
        title=definition.title or definition.level.value.replace("_", " ").capitalize(),
        columns=tuple(columns),
        customers=definition.filters.customer_query(),
        keyword=definition.filters.keyword,
        order=tuple(order),
        invoices=InvoiceVisibility.of(principal),
        sales_case_status_ids=in_progress,
        settings=settings,
        contact_status=definition.filters.contact_status,
    )


# -- presentation ----------------------------------------------------------------------------------

CellValue = str | int | Decimal | Money | date | datetime | bool | tuple[str, ...] | None
Converter = Callable[[Any], CellValue]


def local_time(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """An instant as the organisation's naive wall-clock time, to whole seconds (spreadsheets
    have no time zones and keep milliseconds at best)."""
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None, microsecond=0)


def _names(items: Iterable[Any]) -> Callable[[Any], str | None]:
    names = {item.id: item.name for item in items}

    def convert(value: Any) -> str | None:
        return None if value is None else names.get(value, str(value))

    return convert


def _converter(column: Column, settings: OrganisationSettings) -> Converter | None:
    kind = column.presentation
    currency = settings.currency
    zone = settings.zone
    if kind is Presentation.AS_IS:
        return None
    lookups = {
        Presentation.USER: settings.users,
        Presentation.INDUSTRY: settings.industries,
        Presentation.INVOICE_TEMPLATE: settings.invoice_templates,
        Presentation.VAT_RATE: settings.vat_rates,
        Presentation.SALES_STATUS: settings.sales_statuses,
    }
    if kind in lookups:
        return _names(lookups[kind])
    if kind is Presentation.SEGMENTS:
        position = {s.id: (i, s.name) for i, s in enumerate(settings.market_segments)}

        def segments(value: Any) -> tuple[str, ...]:
            known = sorted(position.get(v, (len(position), str(v))) for v in value or ())
            return tuple(name for _, name in known)

        return segments
    if kind is Presentation.CONTACT_STATUS:
        return lambda v: ContactStatus.of(bool(v)).value
    if kind is Presentation.ID:
        return lambda v: None if v is None else str(v)
    if kind is Presentation.STATUS:
        return lambda v: v.value if isinstance(v, CustomerStatus) else CustomerStatus(v).value
    if kind is Presentation.LIST:
        return lambda v: tuple(v) if v else ()
    if kind is Presentation.SORTED_LIST:
        return lambda v: tuple(sorted(v)) if v else ()
    if kind is Presentation.LOCAL_TIME:
        return lambda v: local_time(v, zone)
    if kind is Presentation.MONEY_TOTAL:
        return lambda v: Money(canonical_amount(Decimal(v or 0)), currency)
    return lambda v: None if v is None else Money(canonical_amount(v.amount), v.currency)


def row_presenter(plan: ReportPlan) -> Callable[[Sequence[Any]], tuple[CellValue, ...]]:
    """A function turning one raw row of ``plan`` into its presented cells."""
    converters = [(i, _converter(c, plan.settings)) for i, c in enumerate(plan.columns)]
    active = [(i, f) for i, f in converters if f is not None]
    if not active:
        return tuple

    def present(raw: Sequence[Any]) -> tuple[CellValue, ...]:
        cells = list(raw)
        for i, convert in active:
            cells[i] = convert(cells[i])
        return tuple(cells)

    return present


@frozen
class ReportHeader:
    """What an exporter needs before the first row: the title, the columns (key, label, type)
    and the organisation's currency (money cells in another currency say so)."""

    title: str
    level: ReportLevel
    columns: tuple[Column, ...]
    currency: str

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)


# -- spreadsheet-safe text (X4) ------------------------------------------------------------------

#: A cell whose first character a spreadsheet sees (after its own trimming of leading blanks) is
#: one of these would be read as a formula: the ASCII triggers and the full-width and small forms
#: that spreadsheet programs fold to them.
FORMULA_TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212")
#: Cells starting with one of these (before any trimming) are neutralised too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What neutralises such a cell: a leading apostrophe, the spreadsheet convention for "text".
NEUTRALISER = "'"
#: The longest text a spreadsheet cell holds (Excel's limit); longer text is cut there.
MAX_CELL_LENGTH = 32_767
#: What a text cell never holds: C0/C1 controls (tab and line feed are kept; carriage returns
#: become line feeds first), lone surrogates, the non-characters XML cannot hold, and every format
#: character (Unicode category Cf: soft hyphen, zero-width characters, bidirectional controls,
#: byte-order mark, tags...) of Unicode 15.
_NOT_IN_CELL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def _leading_blank(char: str) -> bool:
    return char.isspace() or not is_visible(char)


def cell_safe_text(text: str) -> str:
    """X4, step 1: what a text cell may contain. Line breaks become ``\\n``; C0/C1 control
    characters (except tab and line feed), lone surrogates, the non-characters U+FFFE/U+FFFF and
    Unicode format characters (category Cf) are dropped; the text is cut at MAX_CELL_LENGTH."""
    # only text that is not printable apart from its line breaks and tabs holds one to drop
    if not text.isprintable() and not text.replace("\n", "").replace("\t", "").isprintable():
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _NOT_IN_CELL.sub("", text)
    return text[:MAX_CELL_LENGTH]


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it starts with a tab or a line
    break, or its first character after leading blanks (whitespace, invisible characters) is a
    formula trigger (FORMULA_TRIGGERS, full-width forms included)."""
    if text.startswith(FORMULA_PREFIXES):
        return True
    if text[:1].isascii() and text[:1].isalnum():  # the common case, decided at once
        return False
    for char in text:
        if not _leading_blank(char):
            return char in FORMULA_TRIGGERS
    return False


def neutralise_formula(text: str) -> str:
    """X4, step 2: ``text`` prefixed with an apostrophe if it would start a formula
    (``starts_formula``), else unchanged. Exporters call ``spreadsheet_text``, which cleans
    first."""
    return NEUTRALISER + text if starts_formula(text) else text


def spreadsheet_text(text: str) -> str:
    """The text exporters write for a text cell: cleaned first (``cell_safe_text``), then
    formula-neutralised (``neutralise_formula``), so no character that is later dropped or
    ignored can hide a trigger; a CSV and an XLSX export of the same report read back equal."""
    return neutralise_formula(cell_safe_text(text))


def plain_decimal(value: Decimal) -> str:
    """A decimal without exponent (``1E+3`` is ``1000``)."""
    return format(value, "f")


def _money_text(currency: str) -> Callable[[Any], str]:
    def render(value: Any) -> str:
        if value is None:
            return ""
        amount = plain_decimal(value.amount)
        return amount if value.currency == currency else f"{amount} {value.currency}"

    return render


def _text_function(type_: CellType, currency: str) -> Callable[[Any], str]:
    """How ``cell_text`` renders one column's cells (chosen once per column, for speed)."""
    if type_ is CellType.TEXT:
        return lambda v: "" if v is None else spreadsheet_text(v)
    if type_ is CellType.LIST:
        return lambda v: "" if v is None else spreadsheet_text("; ".join(v))
    if type_ is CellType.MONEY:
        return _money_text(currency)
    if type_ is CellType.BOOLEAN:
        return lambda v: "" if v is None else ("true" if v else "false")
    if type_ is CellType.DECIMAL:
        return lambda v: "" if v is None else plain_decimal(v)
    if type_ is CellType.DATETIME:
        return lambda v: "" if v is None else v.isoformat(sep=" ")
    if type_ is CellType.DATE:
        return lambda v: "" if v is None else v.isoformat()
    return lambda v: "" if v is None else str(v)


def cell_text(value: CellValue, type_: CellType, currency: str) -> str:
    """The text of one presented cell, as the CSV exporter writes it (and X4 reads back).

    Text is ``spreadsheet_text`` (formula-neutralised); numbers and dates are machine-readable
    (``1234.50``, ``2026-11-25``, ``2026-11-25 14:00:00``) and never neutralised (``-5`` is a
    number); a money cell in a currency other than the report's says which (``12.00 USD``);
    lists are joined with ``"; "``; booleans are ``true`` / ``false``; an empty cell is ``""``.
    """
    return _text_function(type_, currency)(value)


def text_renderer(header: ReportHeader) -> Callable[[Sequence[CellValue]], list[str]]:
    """A function rendering one presented row as its CSV texts (``cell_text`` per column)."""
    functions = [_text_function(c.type, header.currency) for c in header.columns]

    def render(row: Sequence[CellValue]) -> list[str]:
        return [f(v) for f, v in zip(functions, row, strict=True)]

    return render
