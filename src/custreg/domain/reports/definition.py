"""A report as data (X1): ``ReportDefinition`` (level, columns, filters, sort, title), the sort
keys, the built-in reports and definitions read from JSON-like data.

A definition is checked for shape on construction (lengths, counts, known level); whether its
columns, sort keys and filters fit the organisation and the principal is ``plan_report``'s check.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from itertools import islice
from typing import Any

from attrs import field
from attrs import frozen

from custreg.domain.errors import ValidationError
from custreg.domain.reports.columns import ReportLevel
from custreg.domain.reports.filters import ReportFilters
from custreg.domain.reports.filters import parse_filters
from custreg.domain.settings import OrganisationSettings
from custreg.domain.text import clean_text
from custreg.domain.text import optional_text
from custreg.domain.text import required_text

#: The longest column key or sort key of a report definition.
COLUMN_KEY_MAX_LENGTH = 200
#: The most columns (and sort keys) a report definition may name.
MAX_COLUMNS = 200
#: The longest report title.
TITLE_MAX_LENGTH = 200


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
