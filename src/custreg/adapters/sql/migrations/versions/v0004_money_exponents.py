"""Exact decimal exponents: money keeps the exponent it was written with (``1.50`` stays
``1.50``), next to its integer units; NULL (rows written before) reads as the shortest form.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from custreg.adapters.sql.migrations.naming import schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = {
    "projects": ("expected_value_exponent",),
    "cost_entries": ("amount_exponent",),
    "project_forecasts": ("billing_exponent", "costs_exponent"),
    "invoices": ("total_excl_vat_exponent", "total_incl_vat_exponent"),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=schema()) as batch:
            for column in columns:
                batch.add_column(sa.Column(column, sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=schema()) as batch:
            for column in columns:
                batch.drop_column(column)
