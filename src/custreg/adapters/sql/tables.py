"""The SQL schema at head, as SQLAlchemy Core tables (no ORM mapping of the domain classes).

Conventions, relied on by every query of the adapter (and by aggregate queries such as the KPIs):
- every table carries ``organisation_id`` and its primary key starts with it, so one database holds
  many organisations and every lookup by id is an index lookup within one organisation; every
  primary key, unique constraint and foreign key includes it, so the schema can be distributed
  by organisation (docs/scaling.md, guarded by tests/sql/test_sql_distributable.py);
- money is ``<name>_units`` (BigInteger, amount x 10^4, exact on every engine) plus a currency,
  so sums are exact integer SUMs (see ``MONEY_SCALE``); ``<name>_exponent`` keeps the Decimal's
  exponent so an amount comes back as written (``1.50`` stays ``1.50``; NULL: shortest form);
- settings (users, catalogues, statuses) are real tables, so SQL can join on status flags;
- sets are link tables (customer_segments, contact_keywords, invoice_projects) so that filtering
  and adding/removing members are set-based;
- ``*_search`` / ``*_compact`` columns hold the Python-computed forms the C6 search compares with
  (SQLite's lower() is ASCII-only, so case folding happens in Python, once, on write).

The Alembic migrations in ``migrations/versions`` build exactly this schema; a test compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from custreg.domain.values import MONEY_DECIMALS

#: Money amounts are stored as integers in units of 10^-MONEY_DECIMALS (see domain.values).
MONEY_SCALE = 10**MONEY_DECIMALS

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC (timestamptz on PostgreSQL, text on SQLite).

    Rows always give back aware datetimes in UTC; the row functions refuse naive ones on write.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = value.astimezone(UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def _org() -> Column[Any]:
    return Column("organisation_id", Uuid, nullable=False)


def _id() -> Column[Any]:
    return Column("id", Uuid, nullable=False)


def _pk(*columns: str) -> PrimaryKeyConstraint:
    return PrimaryKeyConstraint("organisation_id", *columns)


def _fk(columns: tuple[str, ...], table: str, ondelete: str | None = None) -> ForeignKeyConstraint:
    """A foreign key within one organisation: (organisation_id, x) -> table(organisation_id, id)."""
    return ForeignKeyConstraint(
        ["organisation_id", *columns],
        [f"{table}.organisation_id", f"{table}.id"],
        ondelete=ondelete,
    )


def _org_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["organisation_id"], ["organisations.id"])


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
    _org_fk(),
)

# Counters (customer_number, project_number): never go back, so numbers are never reused (C3).
counters = Table(
    "counters",
    metadata,
    _org(),
    Column("name", String(40), nullable=False),
    Column("value", BigInteger, nullable=False),
    _pk("name"),
    _org_fk(),
)


def _settings_table(name: str, *columns: Column[Any]) -> Table:
    """A settings catalogue; ``position`` keeps the order the organisation gave."""
    return Table(
        name,
        metadata,
        _org(),
        _id(),
        Column("position", Integer, nullable=False),
        Column("name", String(255), nullable=False),
        *columns,
        _pk("id"),
        _org_fk(),
    )


users = _settings_table(
    "users",
    Column("email", String(320)),
    Column("active", Boolean, nullable=False),
)
industries = _settings_table("industries", Column("active", Boolean, nullable=False))
invoice_templates = _settings_table(
    "invoice_templates",
    Column("language", String(35)),
    Column("active", Boolean, nullable=False),
)
vat_rates = _settings_table(
    "vat_rates",
    Column("rate", String(40), nullable=False),  # exact Decimal text
    Column("active", Boolean, nullable=False),
)
market_segment_groups = _settings_table("market_segment_groups")
market_segments = _settings_table(
    "market_segments",
    Column("group_id", Uuid),
    Column("active", Boolean, nullable=False),
)
invoice_statuses = _settings_table(
    "invoice_statuses",
    Column("is_sent", Boolean, nullable=False),
    Column("is_paid", Boolean, nullable=False),
    Column("has_number", Boolean, nullable=False),
    Column("is_read_only", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
)
sales_statuses = _settings_table(
    "sales_statuses",
    Column("state", String(20), nullable=False),  # SalesState value
    Column("default_probability", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
)
task_statuses = _settings_table(
    "task_statuses",
    Column("is_done", Boolean, nullable=False),
    Column("sort_order", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
)
custom_field_definitions = _settings_table(
    "custom_field_definitions",
    Column("type", String(20), nullable=False),  # CustomFieldType value
    Column("choices", Text, nullable=False),  # JSON list of texts
    Column("required", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    _org(),
    _id(),
    Column("number", BigInteger, nullable=False),
    Column("name", String(255), nullable=False),
    Column("name_search", Text, nullable=False),  # name.casefold(), for C6 substring search
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Uuid),
    Column("updated_at", UtcDateTime),
    Column("updated_by", Uuid),
    Column("status", String(10), nullable=False),  # CustomerStatus value
    Column("vat_number", String(40)),
    Column("vat_compact", String(40)),  # query.compact_id(vat_number)
    Column("business_id_country", String(2)),
    Column("business_id", String(40)),
    Column("business_id_compact", String(40)),  # query.compact_id(business_id)
    Column("website", String(2000)),
    Column("email", String(320)),
    Column("owner_id", Uuid),
    Column("industry_id", Uuid),
    Column("invoice_template_id", Uuid),
    Column("default_vat_rate_id", Uuid),
    Column("payment_term_days", Integer),
    Column("einvoice_addresses", Text, nullable=False),  # C7 JSON, rows.encode_einvoice_addresses
    Column("headquarters_address_id", Uuid),
    Column("custom_fields", Text, nullable=False),  # typed JSON, see rows.encode_custom_fields
    Column("is_internal", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("vat_check_status", String(10)),  # VatCheckStatus value (valid/invalid) or NULL
    Column("vat_checked_at", UtcDateTime),
    Column("vat_checked_number", String(40)),  # the VAT number the check is about
    _pk("id"),
    _org_fk(),
    UniqueConstraint("organisation_id", "number"),  # C3; also the listing order
    Index(None, "organisation_id", "status", "number"),
    Index(None, "organisation_id", "owner_id", "number"),
    Index(None, "organisation_id", "industry_id", "number"),
    Index(None, "organisation_id", "vat_compact"),
    Index(None, "organisation_id", "business_id_compact"),
)

customer_segments = Table(
    "customer_segments",
    metadata,
    _org(),
    Column("customer_id", Uuid, nullable=False),
    Column("segment_id", Uuid, nullable=False),
    _pk("customer_id", "segment_id"),
    _fk(("customer_id",), "customers", ondelete="CASCADE"),
    Index(None, "organisation_id", "segment_id", "customer_id"),
)

addresses = Table(
    "addresses",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("country", String(2), nullable=False),
    Column("lines", Text, nullable=False),  # JSON list of street lines
    Column("postal_code", String(20)),
    Column("city", String(100)),
    Column("kinds", String(40), nullable=False),  # comma-separated AddressKind values, sorted
    Column("ordinal", Integer, nullable=False),
    _pk("id"),
    _fk(("customer_id",), "customers", ondelete="CASCADE"),
    Index(None, "organisation_id", "customer_id", "ordinal"),
)

contacts = Table(
    "contacts",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("title", String(100)),
    Column("emails", Text, nullable=False),  # JSON list, in order
    Column("phones", Text, nullable=False),  # JSON list
    Column("roles", Text, nullable=False),  # JSON list, sorted
    Column("address_id", Uuid),
    Column("active", Boolean, nullable=False),
    Column("deleted_at", UtcDateTime),
    _pk("id"),
    _fk(("customer_id",), "customers", ondelete="CASCADE"),
    Index(None, "organisation_id", "customer_id"),
)

contact_keywords = Table(
    "contact_keywords",
    metadata,
    _org(),
    Column("contact_id", Uuid, nullable=False),
    Column("keyword", String(100), nullable=False),
    _pk("contact_id", "keyword"),
    _fk(("contact_id",), "contacts", ondelete="CASCADE"),
    Index(None, "organisation_id", "keyword", "contact_id"),
)

projects = Table(
    "projects",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("name", String(255), nullable=False),
    Column("owner_id", Uuid),
    Column("is_internal", Boolean, nullable=False),
    Column("is_closed", Boolean, nullable=False),
    Column("sales_status_id", Uuid),
    Column("probability", Integer, nullable=False),
    Column("expected_value_units", BigInteger),
    Column("expected_value_exponent", SmallInteger),
    Column("expected_value_currency", String(3)),
    Column("version", Integer, nullable=False),
    _pk("id"),
    _fk(("customer_id",), "customers"),
    Index(None, "organisation_id", "customer_id", "number"),
    Index(None, "organisation_id", "sales_status_id"),
)

proposals = Table(
    "proposals",
    metadata,
    _org(),
    _id(),
    Column("project_id", Uuid, nullable=False),
    Column("name", String(255), nullable=False),
    Column("created_on", Date, nullable=False),
    _pk("id"),
    _fk(("project_id",), "projects"),
    Index(None, "organisation_id", "project_id"),
)

cost_entries = Table(
    "cost_entries",
    metadata,
    _org(),
    _id(),
    Column("project_id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),  # CostKind value
    Column("on_date", Date, nullable=False),
    Column("amount_units", BigInteger, nullable=False),
    Column("amount_exponent", SmallInteger),
    Column("currency", String(3), nullable=False),
    _pk("id"),
    _fk(("project_id",), "projects"),
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
    _org(),
    Column("project_id", Uuid, nullable=False),
    Column("month", Date, nullable=False),  # the first day of the month
    Column("billing_units", BigInteger, nullable=False),
    Column("billing_exponent", SmallInteger),
    Column("costs_units", BigInteger, nullable=False),
    Column("costs_exponent", SmallInteger),
    Column("currency", String(3), nullable=False),
    _pk("project_id", "month"),
    _fk(("project_id",), "projects"),
)

invoices = Table(
    "invoices",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("status_id", Uuid, nullable=False),
    Column("on_date", Date, nullable=False),
    Column("total_excl_vat_units", BigInteger, nullable=False),
    Column("total_excl_vat_exponent", SmallInteger),
    Column("total_incl_vat_units", BigInteger, nullable=False),
    Column("total_incl_vat_exponent", SmallInteger),
    Column("currency", String(3), nullable=False),
    Column("number", BigInteger),
    Column("is_credit_note", Boolean, nullable=False),
    Column("owner_id", Uuid),
    _pk("id"),
    _fk(("customer_id",), "customers"),
    Index(None, "organisation_id", "customer_id", "on_date"),
    # Covers the KPI billing sums of a period (migration 0005): SQLite reads no table rows.
    Index(
        "ix_invoices_kpi_covering",
        "organisation_id",
        "on_date",
        "status_id",
        "number",
        "total_excl_vat_units",
        "owner_id",
        "customer_id",
    ),
    Index(None, "organisation_id", "status_id"),
)

invoice_projects = Table(
    "invoice_projects",
    metadata,
    _org(),
    Column("invoice_id", Uuid, nullable=False),
    Column("project_id", Uuid, nullable=False),
    _pk("invoice_id", "project_id"),
    _fk(("invoice_id",), "invoices", ondelete="CASCADE"),
    _fk(("project_id",), "projects"),
    Index(None, "organisation_id", "project_id", "invoice_id"),
)

activities = Table(
    "activities",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("kind", String(10), nullable=False),  # ActivityKind value
    Column("title", String(255), nullable=False),
    Column("owner_id", Uuid),
    Column("project_id", Uuid),
    Column("starts_at", UtcDateTime),
    Column("ends_at", UtcDateTime),
    Column("done", Boolean, nullable=False),
    Column("contact_ids", Text, nullable=False),  # JSON list of UUIDs, sorted
    Column("description", Text),
    _pk("id"),
    _fk(("customer_id",), "customers"),
    _fk(("project_id",), "projects"),
    Index(None, "organisation_id", "customer_id"),
    Index(None, "organisation_id", "project_id"),
)

notes = Table(
    "notes",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Uuid),
    Column("project_id", Uuid),
    _pk("id"),
    _fk(("customer_id",), "customers"),
    _fk(("project_id",), "projects"),
    Index(None, "organisation_id", "customer_id", "created_at"),
    Index(None, "organisation_id", "project_id", "created_at"),
)

tasks = Table(
    "tasks",
    metadata,
    _org(),
    _id(),
    Column("project_id", Uuid, nullable=False),
    Column("name", String(255), nullable=False),
    Column("status_id", Uuid, nullable=False),
    Column("assignee_ids", Text, nullable=False),  # JSON list of UUIDs, sorted
    _pk("id"),
    _fk(("project_id",), "projects"),
    Index(None, "organisation_id", "project_id"),
    Index(None, "organisation_id", "status_id"),
)

files = Table(
    "files",
    metadata,
    _org(),
    _id(),
    Column("customer_id", Uuid, nullable=False),
    Column("kind", String(10), nullable=False),  # FileLinkKind value
    Column("name", String(255), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Uuid),
    Column("project_id", Uuid),
    Column("url", String(2000)),
    Column("blob_key", String(500)),
    Column("size", BigInteger),
    Column("media_type", String(255)),
    _pk("id"),
    _fk(("customer_id",), "customers"),
    _fk(("project_id",), "projects"),
    Index(None, "organisation_id", "customer_id", "created_at"),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    # ``seq`` numbers one organisation's entries in recorded order ("oldest first"), drawn from
    # its ``audit_seq`` counter (migration 0008): no global sequence, so the key is distributable.
    Column("seq", BigInteger, nullable=False, autoincrement=False),
    _org(),
    _id(),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", Uuid),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Uuid, nullable=False),
    Column("field", String(100), nullable=False),
    Column("before", Text, nullable=False),  # JSON
    Column("after", Text, nullable=False),  # JSON
    Column("batch_id", Uuid),
    _pk("seq"),
    _org_fk(),
    UniqueConstraint("organisation_id", "id"),
    Index(None, "organisation_id", "entity", "entity_id", "seq"),
    Index(None, "organisation_id", "batch_id", "seq"),
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
