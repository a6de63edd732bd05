"""Customer card: contacts, projects, proposals, costs, invoices, activities, notes, tasks, files.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa

from custreg.adapters.sql.migrations.ddl import drop_tables
from custreg.adapters.sql.migrations.ddl import entity_table
from custreg.adapters.sql.migrations.ddl import index
from custreg.adapters.sql.migrations.ddl import keyed_table
from custreg.adapters.sql.migrations.ddl import same_organisation

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    entity_table(
        "contacts",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=True),
        sa.Column("emails", sa.Text(), nullable=False),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("address_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        same_organisation("contacts", "customer_id", "customers", ondelete="CASCADE"),
    )
    index("contacts", "organisation_id", "customer_id")
    entity_table(
        "invoices",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("status_id", sa.Uuid(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("total_excl_vat_units", sa.BigInteger(), nullable=False),
        sa.Column("total_incl_vat_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=True),
        sa.Column("is_credit_note", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        same_organisation("invoices", "customer_id", "customers"),
    )
    index("invoices", "organisation_id", "customer_id", "on_date")
    index("invoices", "organisation_id", "on_date")
    index("invoices", "organisation_id", "status_id")
    entity_table(
        "projects",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("is_internal", sa.Boolean(), nullable=False),
        sa.Column("is_closed", sa.Boolean(), nullable=False),
        sa.Column("sales_status_id", sa.Uuid(), nullable=True),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("expected_value_units", sa.BigInteger(), nullable=True),
        sa.Column("expected_value_currency", sa.String(length=3), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        same_organisation("projects", "customer_id", "customers"),
    )
    index("projects", "organisation_id", "customer_id", "number")
    index("projects", "organisation_id", "sales_status_id")
    entity_table(
        "activities",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("contact_ids", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        same_organisation("activities", "customer_id", "customers"),
        same_organisation("activities", "project_id", "projects"),
    )
    index("activities", "organisation_id", "customer_id")
    index("activities", "organisation_id", "project_id")
    keyed_table(
        "contact_keywords",
        [
            sa.Column("contact_id", sa.Uuid(), nullable=False),
            sa.Column("keyword", sa.String(length=100), nullable=False),
        ],
        same_organisation("contact_keywords", "contact_id", "contacts", ondelete="CASCADE"),
    )
    index("contact_keywords", "organisation_id", "keyword", "contact_id")
    entity_table(
        "cost_entries",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("amount_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        same_organisation("cost_entries", "project_id", "projects"),
    )
    index("cost_entries", "organisation_id", "on_date")
    index("cost_entries", "organisation_id", "project_id")
    entity_table(
        "files",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("blob_key", sa.String(length=500), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("media_type", sa.String(length=255), nullable=True),
        same_organisation("files", "customer_id", "customers"),
        same_organisation("files", "project_id", "projects"),
    )
    index("files", "organisation_id", "customer_id", "created_at")
    keyed_table(
        "invoice_projects",
        [
            sa.Column("invoice_id", sa.Uuid(), nullable=False),
            sa.Column("project_id", sa.Uuid(), nullable=False),
        ],
        same_organisation("invoice_projects", "invoice_id", "invoices", ondelete="CASCADE"),
        same_organisation("invoice_projects", "project_id", "projects"),
    )
    index("invoice_projects", "organisation_id", "project_id", "invoice_id")
    entity_table(
        "notes",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        same_organisation("notes", "customer_id", "customers"),
        same_organisation("notes", "project_id", "projects"),
    )
    index("notes", "organisation_id", "customer_id", "created_at")
    index("notes", "organisation_id", "project_id", "created_at")
    entity_table(
        "proposals",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        same_organisation("proposals", "project_id", "projects"),
    )
    index("proposals", "organisation_id", "project_id")
    entity_table(
        "tasks",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status_id", sa.Uuid(), nullable=False),
        sa.Column("assignee_ids", sa.Text(), nullable=False),
        same_organisation("tasks", "project_id", "projects"),
    )
    index("tasks", "organisation_id", "project_id")
    index("tasks", "organisation_id", "status_id")


def downgrade() -> None:
    drop_tables(
        "tasks", "proposals", "notes", "invoice_projects", "files", "cost_entries",
        "contact_keywords", "activities", "projects", "invoices", "contacts",
    )
