"""Project forecasts: expected billing and costs per project and month (Financials tab).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from custreg.adapters.sql.migrations.ddl import keyed_table
from custreg.adapters.sql.migrations.ddl import same_organisation

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    keyed_table(
        "project_forecasts",
        [
            sa.Column("project_id", sa.Uuid(), nullable=False),
            sa.Column("month", sa.Date(), nullable=False),
        ],
        sa.Column("billing_units", sa.BigInteger(), nullable=False),
        sa.Column("costs_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        same_organisation("project_forecasts", "project_id", "projects"),
    )


def downgrade() -> None:
    op.drop_table("project_forecasts")
