"""Distributable keys: the audit log is keyed by ``(organisation_id, seq)``, ``seq`` numbered per
organisation from its ``audit_seq`` counter instead of one database-wide sequence. With this,
every primary key, unique constraint and foreign key of the schema includes ``organisation_id``,
so the tables can be distributed by organisation (see the scaling guide).

Entries written before keep their numbers: they are unique and in recorded order within each
organisation, and each organisation's counter starts at its largest one. The table is rebuilt
(create, copy, drop, rename) the same way on SQLite and PostgreSQL.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from custreg.adapters.sql.migrations.naming import qualified
from custreg.adapters.sql.migrations.naming import schema

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLE = "audit_entries"
COUNTER = "audit_seq"
PK = "pk_audit_entries"


def _serial_sequence_of_seq() -> str | None:
    """PostgreSQL: the sequence behind the old ``seq`` (a BIGSERIAL), if any."""
    if op.get_bind().dialect.name != "postgresql":
        return None
    found = op.get_bind().execute(sa.text(f"SELECT pg_get_serial_sequence('{TABLE}', 'seq')"))
    name: str | None = found.scalar()
    return name


def upgrade() -> None:
    sequence = _serial_sequence_of_seq()
    with op.batch_alter_table(TABLE, recreate="auto", schema=schema()) as batch:
        batch.drop_constraint(PK, type_="primary")
        batch.alter_column(
            "seq",
            existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            type_=sa.BigInteger(),
            existing_nullable=False,
            server_default=None,
        )
        batch.create_primary_key(PK, ["organisation_id", "seq"])
    if sequence is not None:
        op.execute(f"DROP SEQUENCE {sequence}")
    op.execute(
        f"INSERT INTO {qualified('counters')} (organisation_id, name, value) "
        f"SELECT organisation_id, '{COUNTER}', MAX(seq) FROM {qualified(TABLE)} "
        "GROUP BY organisation_id"
    )


def downgrade() -> None:
    # One database-wide numbering again; each organisation's entries keep their order.
    # Through negative numbers, so no intermediate row collides with a key not yet renumbered.
    table = qualified(TABLE)
    op.execute(
        f"UPDATE {table} SET seq = -r.n FROM (SELECT organisation_id AS o, seq AS s, "
        "ROW_NUMBER() OVER (ORDER BY organisation_id, seq) AS n "
        f"FROM {table}) AS r WHERE r.o = {table}.organisation_id AND r.s = {table}.seq"
    )
    op.execute(f"UPDATE {table} SET seq = -seq")
    with op.batch_alter_table(TABLE, recreate="auto", schema=schema()) as batch:
        batch.drop_constraint(PK, type_="primary")
        batch.create_primary_key(PK, ["seq"])
        batch.alter_column(
            "seq",
            existing_type=sa.BigInteger(),
            type_=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            existing_nullable=False,
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE SEQUENCE {TABLE}_seq_seq OWNED BY {TABLE}.seq")
        op.execute(f"ALTER TABLE {TABLE} ALTER COLUMN seq SET DEFAULT nextval('{TABLE}_seq_seq')")
        op.execute(
            f"SELECT setval('{TABLE}_seq_seq', COALESCE((SELECT MAX(seq) FROM {TABLE}), 0) + 1, "
            "false)"
        )
    op.execute(f"DELETE FROM {qualified('counters')} WHERE name = '{COUNTER}'")
