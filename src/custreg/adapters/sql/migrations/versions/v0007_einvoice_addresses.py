"""Several e-invoicing addresses per customer (C7): one JSON column ``einvoice_addresses``
(``{"default": i, "added": [[address, operator], ...]}``) replaces ``einvoice_address`` and
``einvoice_operator``. A customer's single address becomes the default of a one-element list;
one without gets the empty list. Set-based (one UPDATE per case), no row is lost.

Downgrade keeps the default address only (the others are dropped with the column).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from custreg.adapters.sql.migrations.naming import qualified
from custreg.adapters.sql.migrations.naming import schema

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_EMPTY = '{"default": 0, "added": []}'


def _one_element_list(dialect: str) -> str:
    """SQL building the stored list from the old two columns, on each supported database."""
    if dialect == "postgresql":
        return (
            "json_build_object('default', 0, 'added', "
            "json_build_array(json_build_array(einvoice_address, einvoice_operator)))::text"
        )
    return (
        "json_object('default', 0, 'added', "
        "json_array(json_array(einvoice_address, einvoice_operator)))"
    )


def _default_part(dialect: str, index: int) -> str:
    """SQL reading part ``index`` (0 address, 1 operator) of the default entry."""
    if dialect == "postgresql":
        return (
            "(einvoice_addresses::json -> 'added' -> "
            f"((einvoice_addresses::json ->> 'default')::int) ->> {index})"
        )
    return (
        "json_extract(einvoice_addresses, '$.added[' || "
        f"json_extract(einvoice_addresses, '$.default') || '][{index}]')"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("customers", schema=schema()) as batch:
        batch.add_column(sa.Column("einvoice_addresses", sa.Text(), nullable=True))
    op.execute(
        f"UPDATE {qualified('customers')} SET einvoice_addresses = {_one_element_list(dialect)} "
        "WHERE einvoice_address IS NOT NULL AND einvoice_operator IS NOT NULL"
    )
    op.execute(
        f"UPDATE {qualified('customers')} SET einvoice_addresses = '{_EMPTY}' "
        "WHERE einvoice_addresses IS NULL"
    )
    with op.batch_alter_table("customers", schema=schema()) as batch:
        batch.alter_column("einvoice_addresses", existing_type=sa.Text(), nullable=False)
        batch.drop_column("einvoice_operator")
        batch.drop_column("einvoice_address")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("customers", schema=schema()) as batch:
        batch.add_column(sa.Column("einvoice_address", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("einvoice_operator", sa.String(length=100), nullable=True))
    op.execute(
        f"UPDATE {qualified('customers')} SET einvoice_address = {_default_part(dialect, 0)}, "
        f"einvoice_operator = {_default_part(dialect, 1)}"
    )
    with op.batch_alter_table("customers", schema=schema()) as batch:
        batch.drop_column("einvoice_addresses")
