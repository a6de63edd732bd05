"""Tables of invoices and the projects each one bills (a link table)."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Date
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Uuid

from custreg.adapters.sql.tables.base import entity_table
from custreg.adapters.sql.tables.base import foreign_key
from custreg.adapters.sql.tables.base import link_table
from custreg.adapters.sql.tables.base import money
from custreg.adapters.sql.tables.base import reference

invoices = entity_table(
    "invoices",
    reference("customer_id"),
    reference("status_id"),
    Column("on_date", Date, nullable=False),
    *money("total_excl_vat"),
    *money("total_incl_vat"),
    Column("currency", String(3), nullable=False),
    Column("number", BigInteger),
    Column("is_credit_note", Boolean, nullable=False),
    Column("owner_id", Uuid),
    foreign_key(("customer_id",), "customers"),
    Index(None, "organisation_id", "customer_id", "on_date"),
    # Covers the KPI billing sums of a period (migration 0005): SQLite reads no table rows.
    Index(
        "ix_invoices_kpi_covering",
        "organisation_id",
        "on_date",
        "status_id",
        "number",
        "total_excl_vat_units",
        "owner_id",
        "customer_id",
    ),
    Index(None, "organisation_id", "status_id"),
)

invoice_projects = link_table(
    "invoice_projects", ("invoice_id", "invoices"), "project_id", member_table="projects"
)
