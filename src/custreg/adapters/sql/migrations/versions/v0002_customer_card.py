"""Customer card: contacts, projects, proposals, costs, invoices, activities, notes, tasks, files.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["organisation_id", "customer_id"],
            ["customers.organisation_id", "customers.id"],
            name=op.f("fk_contacts_organisation_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_contacts")),
    )
    op.create_index(
        op.f("ix_contacts_organisation_id_customer_id"),
        "contacts",
        ["organisation_id", "customer_id"],
        unique=False,
    )
    op.create_table(
        "invoices",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("status_id", sa.Uuid(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("total_excl_vat_units", sa.BigInteger(), nullable=False),
        sa.Column("total_incl_vat_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=True),
        sa.Column("is_credit_note", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id", "customer_id"],
            ["customers.organisation_id", "customers.id"],
            name=op.f("fk_invoices_organisation_id_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_invoices")),
    )
    op.create_index(
        op.f("ix_invoices_organisation_id_customer_id_on_date"),
        "invoices",
        ["organisation_id", "customer_id", "on_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_invoices_organisation_id_on_date"),
        "invoices",
        ["organisation_id", "on_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_invoices_organisation_id_status_id"),
        "invoices",
        ["organisation_id", "status_id"],
        unique=False,
    )
    op.create_table(
        "projects",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["organisation_id", "customer_id"],
            ["customers.organisation_id", "customers.id"],
            name=op.f("fk_projects_organisation_id_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_projects")),
    )
    op.create_index(
        op.f("ix_projects_organisation_id_customer_id_number"),
        "projects",
        ["organisation_id", "customer_id", "number"],
        unique=False,
    )
    op.create_index(
        op.f("ix_projects_organisation_id_sales_status_id"),
        "projects",
        ["organisation_id", "sales_status_id"],
        unique=False,
    )
    op.create_table(
        "activities",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["organisation_id", "customer_id"],
            ["customers.organisation_id", "customers.id"],
            name=op.f("fk_activities_organisation_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_activities_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_activities")),
    )
    op.create_index(
        op.f("ix_activities_organisation_id_customer_id"),
        "activities",
        ["organisation_id", "customer_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_activities_organisation_id_project_id"),
        "activities",
        ["organisation_id", "project_id"],
        unique=False,
    )
    op.create_table(
        "contact_keywords",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("keyword", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "contact_id"],
            ["contacts.organisation_id", "contacts.id"],
            name=op.f("fk_contact_keywords_organisation_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "contact_id", "keyword", name=op.f("pk_contact_keywords")
        ),
    )
    op.create_index(
        op.f("ix_contact_keywords_organisation_id_keyword_contact_id"),
        "contact_keywords",
        ["organisation_id", "keyword", "contact_id"],
        unique=False,
    )
    op.create_table(
        "cost_entries",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("amount_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_cost_entries_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_cost_entries")),
    )
    op.create_index(
        op.f("ix_cost_entries_organisation_id_on_date"),
        "cost_entries",
        ["organisation_id", "on_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_cost_entries_organisation_id_project_id"),
        "cost_entries",
        ["organisation_id", "project_id"],
        unique=False,
    )
    op.create_table(
        "files",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["organisation_id", "customer_id"],
            ["customers.organisation_id", "customers.id"],
            name=op.f("fk_files_organisation_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_files_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_files")),
    )
    op.create_index(
        op.f("ix_files_organisation_id_customer_id_created_at"),
        "files",
        ["organisation_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "invoice_projects",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "invoice_id"],
            ["invoices.organisation_id", "invoices.id"],
            name=op.f("fk_invoice_projects_organisation_id_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_invoice_projects_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "invoice_id", "project_id", name=op.f("pk_invoice_projects")
        ),
    )
    op.create_index(
        op.f("ix_invoice_projects_organisation_id_project_id_invoice_id"),
        "invoice_projects",
        ["organisation_id", "project_id", "invoice_id"],
        unique=False,
    )
    op.create_table(
        "notes",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id", "customer_id"],
            ["customers.organisation_id", "customers.id"],
            name=op.f("fk_notes_organisation_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_notes_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_notes")),
    )
    op.create_index(
        op.f("ix_notes_organisation_id_customer_id_created_at"),
        "notes",
        ["organisation_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_notes_organisation_id_project_id_created_at"),
        "notes",
        ["organisation_id", "project_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "proposals",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_proposals_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_proposals")),
    )
    op.create_index(
        op.f("ix_proposals_organisation_id_project_id"),
        "proposals",
        ["organisation_id", "project_id"],
        unique=False,
    )
    op.create_table(
        "tasks",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status_id", sa.Uuid(), nullable=False),
        sa.Column("assignee_ids", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_tasks_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_tasks")),
    )
    op.create_index(
        op.f("ix_tasks_organisation_id_project_id"),
        "tasks",
        ["organisation_id", "project_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_tasks_organisation_id_status_id"),
        "tasks",
        ["organisation_id", "status_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("tasks")
    op.drop_table("proposals")
    op.drop_table("notes")
    op.drop_table("invoice_projects")
    op.drop_table("files")
    op.drop_table("cost_entries")
    op.drop_table("contact_keywords")
    op.drop_table("activities")
    op.drop_table("projects")
    op.drop_table("invoices")
    op.drop_table("contacts")
