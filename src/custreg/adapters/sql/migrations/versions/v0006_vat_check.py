"""The last live VAT-number check on each customer (VIES): its answer, when it was given, and
the number it is about.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from custreg.adapters.sql.migrations.naming import schema

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=schema()) as batch:
        batch.add_column(sa.Column("vat_check_status", sa.String(10), nullable=True))
        batch.add_column(sa.Column("vat_checked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("vat_checked_number", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=schema()) as batch:
        batch.drop_column("vat_checked_number")
        batch.drop_column("vat_checked_at")
        batch.drop_column("vat_check_status")
