"""Project forecasts: expected billing and costs per project and month (Financials tab).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_forecasts",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("billing_units", sa.BigInteger(), nullable=False),
        sa.Column("costs_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "project_id"],
            ["projects.organisation_id", "projects.id"],
            name=op.f("fk_project_forecasts_organisation_id_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "project_id", "month", name=op.f("pk_project_forecasts")
        ),
    )


def downgrade() -> None:
    op.drop_table("project_forecasts")
