"""Foundation: organisations, settings catalogues, customers, addresses, audit log.

Revision ID: 0001
Revises: None
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from custreg.adapters.sql.migrations.ddl import catalogue
from custreg.adapters.sql.migrations.ddl import drop_tables
from custreg.adapters.sql.migrations.ddl import entity_table
from custreg.adapters.sql.migrations.ddl import in_organisation
from custreg.adapters.sql.migrations.ddl import index
from custreg.adapters.sql.migrations.ddl import keyed_table
from custreg.adapters.sql.migrations.ddl import same_organisation

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    op.create_table(
        "audit_entries",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=True),
        in_organisation("audit_entries"),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entries")),
        sa.UniqueConstraint(
            "organisation_id", "id", name=op.f("uq_audit_entries_organisation_id_id")
        ),
    )
    index("audit_entries", "organisation_id", "batch_id", "seq")
    index("audit_entries", "organisation_id", "entity", "entity_id", "seq")
    keyed_table(
        "counters",
        [sa.Column("name", sa.String(length=40), nullable=False)],
        sa.Column("value", sa.BigInteger(), nullable=False),
        in_organisation("counters"),
    )
    catalogue(
        "custom_field_definitions",
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
    )
    entity_table(
        "customers",
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name_search", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("vat_number", sa.String(length=40), nullable=True),
        sa.Column("vat_compact", sa.String(length=40), nullable=True),
        sa.Column("business_id_country", sa.String(length=2), nullable=True),
        sa.Column("business_id", sa.String(length=40), nullable=True),
        sa.Column("business_id_compact", sa.String(length=40), nullable=True),
        sa.Column("website", sa.String(length=2000), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("industry_id", sa.Uuid(), nullable=True),
        sa.Column("invoice_template_id", sa.Uuid(), nullable=True),
        sa.Column("default_vat_rate_id", sa.Uuid(), nullable=True),
        sa.Column("payment_term_days", sa.Integer(), nullable=True),
        sa.Column("einvoice_address", sa.String(length=100), nullable=True),
        sa.Column("einvoice_operator", sa.String(length=100), nullable=True),
        sa.Column("headquarters_address_id", sa.Uuid(), nullable=True),
        sa.Column("custom_fields", sa.Text(), nullable=False),
        sa.Column("is_internal", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        in_organisation("customers"),
        sa.UniqueConstraint(
            "organisation_id", "number", name=op.f("uq_customers_organisation_id_number")
        ),
    )
    index("customers", "organisation_id", "business_id_compact")
    index("customers", "organisation_id", "industry_id", "number")
    index("customers", "organisation_id", "owner_id", "number")
    index("customers", "organisation_id", "status", "number")
    index("customers", "organisation_id", "vat_compact")
    catalogue("industries")
    catalogue(
        "invoice_statuses",
        sa.Column("is_sent", sa.Boolean(), nullable=False),
        sa.Column("is_paid", sa.Boolean(), nullable=False),
        sa.Column("has_number", sa.Boolean(), nullable=False),
        sa.Column("is_read_only", sa.Boolean(), nullable=False),
    )
    catalogue("invoice_templates", sa.Column("language", sa.String(length=35), nullable=True))
    catalogue("market_segment_groups", active=False)
    catalogue("market_segments", sa.Column("group_id", sa.Uuid(), nullable=True))
    keyed_table(
        "organisation_settings",
        [],
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("token", sa.Uuid(), nullable=False),
        in_organisation("organisation_settings"),
    )
    catalogue(
        "sales_statuses",
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("default_probability", sa.Integer(), nullable=False),
    )
    catalogue(
        "task_statuses",
        sa.Column("is_done", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    catalogue("users", sa.Column("email", sa.String(length=320), nullable=True))
    catalogue("vat_rates", sa.Column("rate", sa.String(length=40), nullable=False))
    entity_table(
        "addresses",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("kinds", sa.String(length=40), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        same_organisation("addresses", "customer_id", "customers", ondelete="CASCADE"),
    )
    index("addresses", "organisation_id", "customer_id", "ordinal")
    keyed_table(
        "customer_segments",
        [
            sa.Column("customer_id", sa.Uuid(), nullable=False),
            sa.Column("segment_id", sa.Uuid(), nullable=False),
        ],
        same_organisation("customer_segments", "customer_id", "customers", ondelete="CASCADE"),
    )
    index("customer_segments", "organisation_id", "segment_id", "customer_id")


def downgrade() -> None:
    drop_tables(
        "customer_segments", "addresses", "vat_rates", "users", "task_statuses", "sales_statuses",
        "organisation_settings", "market_segments", "market_segment_groups", "invoice_templates",
        "invoice_statuses", "industries", "customers", "custom_field_definitions", "counters",
        "audit_entries", "organisations",
    )
