"""The report column catalogue (X1-X3, U5): levels, cell types, the fixed columns and the custom
field columns of an organisation.

Each column documents the raw value an adapter returns for it (stored values: ids, not names) and
how that value is presented; money columns are shown only to principals with All (U5).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from attrs import frozen

from custreg.domain.ids import CustomFieldId
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import OrganisationSettings


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


#: The three note levels (X3).
NOTE_LEVELS = frozenset(
    {ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES, ReportLevel.CUSTOMER_NOTES}
)
#: The note levels whose rows are notes on a project (sales case or project).
PROJECT_LEVELS = frozenset({ReportLevel.SALES_CASE_NOTES, ReportLevel.PROJECT_NOTES})
#: Every level.
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
        """Whether the column shows money (only to principals with All, U5)."""
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


def find_column(catalogue: Mapping[str, Column], key: str) -> Column | None:
    """Exact key, else a case-insensitive match (custom field names are typed by people)."""
    found = catalogue.get(key)
    if found is not None:
        return found
    wanted = key.strip().casefold()
    matches = [c for k, c in catalogue.items() if k.casefold() == wanted]
    return matches[0] if len(matches) == 1 else None
