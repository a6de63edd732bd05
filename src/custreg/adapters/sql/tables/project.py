"""Tables of projects and what belongs to one: proposals, cost entries and monthly forecasts.
Money is ``<name>_units`` + ``<name>_exponent`` (see ``base.money``) plus a currency."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Date
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Uuid

from custreg.adapters.sql.tables.base import entity_table
from custreg.adapters.sql.tables.base import foreign_key
from custreg.adapters.sql.tables.base import metadata
from custreg.adapters.sql.tables.base import money
from custreg.adapters.sql.tables.base import organisation_id
from custreg.adapters.sql.tables.base import primary_key
from custreg.adapters.sql.tables.base import reference

projects = entity_table(
    "projects",
    reference("customer_id"),
    Column("number", BigInteger, nullable=False),
    Column("name", String(255), nullable=False),
    Column("owner_id", Uuid),
    Column("is_internal", Boolean, nullable=False),
    Column("is_closed", Boolean, nullable=False),
    Column("sales_status_id", Uuid),
    Column("probability", Integer, nullable=False),
    *money("expected_value", nullable=True),
    Column("expected_value_currency", String(3)),
    Column("version", Integer, nullable=False),
    foreign_key(("customer_id",), "customers"),
    Index(None, "organisation_id", "customer_id", "number"),
    Index(None, "organisation_id", "sales_status_id"),
)

proposals = entity_table(
    "proposals",
    reference("project_id"),
    Column("name", String(255), nullable=False),
    Column("created_on", Date, nullable=False),
    foreign_key(("project_id",), "projects"),
    Index(None, "organisation_id", "project_id"),
)

cost_entries = entity_table(
    "cost_entries",
    reference("project_id"),
    Column("kind", String(20), nullable=False),  # CostKind value
    Column("on_date", Date, nullable=False),
    *money("amount"),
    Column("currency", String(3), nullable=False),
    foreign_key(("project_id",), "projects"),
    Index(None, "organisation_id", "project_id"),
    # Covers the KPI cost sums of a period (migration 0005): SQLite reads no table rows.
    Index(
        "ix_cost_entries_kpi_covering", "organisation_id", "on_date", "project_id", "amount_units"
    ),
)

# What a project expects to bill and cost in a month (the card's Financials tab); one per month.
project_forecasts = Table(
    "project_forecasts",
    metadata,
    organisation_id(),
    reference("project_id"),
    Column("month", Date, nullable=False),  # the first day of the month
    *money("billing"),
    *money("costs"),
    Column("currency", String(3), nullable=False),
    primary_key("project_id", "month"),
    foreign_key(("project_id",), "projects"),
)
