"""The SQL schema at head, as SQLAlchemy Core tables (no ORM mapping of the domain classes).

Conventions, relied on by every query of the adapter (and by aggregate queries such as the KPIs):
- every table carries ``organisation_id`` and its primary key starts with it, so one database holds
  many organisations and every lookup by id is an index lookup within one organisation; every
  primary key, unique constraint and foreign key includes it, so the schema can be distributed
  by organisation (docs/scaling.md, guarded by tests/sql/test_sql_distributable.py);
- money is ``<name>_units`` (BigInteger, amount x 10^4, exact on every engine) plus a currency,
  so sums are exact integer SUMs (see ``MONEY_SCALE``, ``base.money``); ``<name>_exponent``
  keeps the Decimal's exponent so an amount comes back as written (``1.50`` stays ``1.50``;
  NULL: shortest form);
- settings (users, catalogues, statuses) are real tables, so SQL can join on status flags;
- sets are link tables (customer_segments, contact_keywords, invoice_projects) so that filtering
  and adding/removing members are set-based;
- ``*_search`` / ``*_compact`` columns hold the Python-computed forms the C6 search compares with
  (SQLite's lower() is ASCII-only, so case folding happens in Python, once, on write).

The tables are defined by what they hold (``settings``, ``customer``, ``project``, ``invoice``,
``activity``, ``audit``), on the shared shapes of ``base``, and all re-exported here; they are
defined in this order, so ``metadata.tables`` keeps it.

The Alembic migrations in ``migrations/versions`` build exactly this schema; a test compares them.
"""

from custreg.adapters.sql.tables.base import MONEY_SCALE
from custreg.adapters.sql.tables.base import NAMING_CONVENTION
from custreg.adapters.sql.tables.base import UtcDateTime
from custreg.adapters.sql.tables.base import metadata
from custreg.adapters.sql.tables.settings import SETTINGS_TABLES
from custreg.adapters.sql.tables.settings import counters
from custreg.adapters.sql.tables.settings import custom_field_definitions
from custreg.adapters.sql.tables.settings import industries
from custreg.adapters.sql.tables.settings import invoice_statuses
from custreg.adapters.sql.tables.settings import invoice_templates
from custreg.adapters.sql.tables.settings import market_segment_groups
from custreg.adapters.sql.tables.settings import market_segments
from custreg.adapters.sql.tables.settings import organisation_settings
from custreg.adapters.sql.tables.settings import organisations
from custreg.adapters.sql.tables.settings import sales_statuses
from custreg.adapters.sql.tables.settings import task_statuses
from custreg.adapters.sql.tables.settings import users
from custreg.adapters.sql.tables.settings import vat_rates

from custreg.adapters.sql.tables.customer import (  # isort: skip (definition order)
    addresses,
    contact_keywords,
    contacts,
    customer_segments,
    customers,
)
from custreg.adapters.sql.tables.project import (  # isort: skip
    cost_entries,
    project_forecasts,
    projects,
    proposals,
)
from custreg.adapters.sql.tables.invoice import invoice_projects, invoices  # isort: skip
from custreg.adapters.sql.tables.activity import activities, files, notes, tasks  # isort: skip
from custreg.adapters.sql.tables.audit import audit_entries  # isort: skip

__all__ = [
    "MONEY_SCALE",
    "NAMING_CONVENTION",
    "SETTINGS_TABLES",
    "UtcDateTime",
    "activities",
    "addresses",
    "audit_entries",
    "contact_keywords",
    "contacts",
    "cost_entries",
    "counters",
    "custom_field_definitions",
    "customer_segments",
    "customers",
    "files",
    "industries",
    "invoice_projects",
    "invoice_statuses",
    "invoice_templates",
    "invoices",
    "market_segment_groups",
    "market_segments",
    "metadata",
    "notes",
    "organisation_settings",
    "organisations",
    "project_forecasts",
    "projects",
    "proposals",
    "sales_statuses",
    "task_statuses",
    "tasks",
    "users",
    "vat_rates",
]
