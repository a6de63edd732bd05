"""The last live VAT-number check on each customer (VIES): its answer and when it was given.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("vat_check_status", sa.String(10), nullable=True))
        batch.add_column(sa.Column("vat_checked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("vat_checked_at")
        batch.drop_column("vat_check_status")
