"""Tables of the organisation and its settings: the organisation, its settings row, its counters
and its settings catalogues (users, industries, statuses, ...), real tables so SQL can join on
their flags."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import Uuid

from custreg.adapters.sql.tables.base import entity_table
from custreg.adapters.sql.tables.base import metadata
from custreg.adapters.sql.tables.base import organisation_fk
from custreg.adapters.sql.tables.base import organisation_id
from custreg.adapters.sql.tables.base import primary_key

organisations = Table(
    "organisations",
    metadata,
    Column("id", Uuid, primary_key=True),
)

organisation_settings = Table(
    "organisation_settings",
    metadata,
    Column("organisation_id", Uuid, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("timezone", String(64), nullable=False),
    # Changes on every save; caches of the settings are keyed by it.
    Column("token", Uuid, nullable=False),
    organisation_fk(),
)

# Counters (customer_number, project_number): never go back, so numbers are never reused (C3).
counters = Table(
    "counters",
    metadata,
    organisation_id(),
    Column("name", String(40), nullable=False),
    Column("value", BigInteger, nullable=False),
    primary_key("name"),
    organisation_fk(),
)


def _catalogue(name: str, *columns: Column[Any], active: bool = True) -> Table:
    """A settings catalogue; ``position`` keeps the order the organisation gave; an ``active``
    flag last unless ``active`` is False."""
    flag = (Column("active", Boolean, nullable=False),) if active else ()
    return entity_table(
        name,
        Column("position", Integer, nullable=False),
        Column("name", String(255), nullable=False),
        *columns,
        *flag,
        organisation_fk(),
    )


users = _catalogue("users", Column("email", String(320)))
industries = _catalogue("industries")
invoice_templates = _catalogue("invoice_templates", Column("language", String(35)))
vat_rates = _catalogue("vat_rates", Column("rate", String(40), nullable=False))  # exact Decimal
market_segment_groups = _catalogue("market_segment_groups", active=False)
market_segments = _catalogue("market_segments", Column("group_id", Uuid))
invoice_statuses = _catalogue(
    "invoice_statuses",
    Column("is_sent", Boolean, nullable=False),
    Column("is_paid", Boolean, nullable=False),
    Column("has_number", Boolean, nullable=False),
    Column("is_read_only", Boolean, nullable=False),
)
sales_statuses = _catalogue(
    "sales_statuses",
    Column("state", String(20), nullable=False),  # SalesState value
    Column("default_probability", Integer, nullable=False),
)
task_statuses = _catalogue(
    "task_statuses",
    Column("is_done", Boolean, nullable=False),
    Column("sort_order", Integer, nullable=False),
)
custom_field_definitions = _catalogue(
    "custom_field_definitions",
    Column("type", String(20), nullable=False),  # CustomFieldType value
    Column("choices", Text, nullable=False),  # JSON list of texts
    Column("required", Boolean, nullable=False),
)

#: Settings catalogues in the order they are saved and loaded.
SETTINGS_TABLES = (
    users,
    industries,
    invoice_templates,
    vat_rates,
    market_segment_groups,
    market_segments,
    invoice_statuses,
    sales_statuses,
    task_statuses,
    custom_field_definitions,
)
