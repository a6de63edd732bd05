"""Explicit row <-> entity functions: one place that says how each domain value is stored.

``<entity>_row(organisation_id, entity)`` gives the column values to insert or update;
``<entity>_from_row(row, ...)`` rebuilds the frozen entity (through its constructor, so the domain
validators still guard what comes out of the database).

One module per aggregate (customers, contacts and addresses, projects, invoices, activities, files,
audit, settings) over the shared scalar encodings; this package re-exports every public name.
"""

from custreg.adapters.sql.rows.activities import activity_from_row
from custreg.adapters.sql.rows.activities import activity_row
from custreg.adapters.sql.rows.activities import note_from_row
from custreg.adapters.sql.rows.activities import note_row
from custreg.adapters.sql.rows.activities import task_from_row
from custreg.adapters.sql.rows.activities import task_row
from custreg.adapters.sql.rows.audit import AUDIT_COLUMNS
from custreg.adapters.sql.rows.audit import audit_columns
from custreg.adapters.sql.rows.audit import audit_from_row
from custreg.adapters.sql.rows.contacts import ADDRESS_COLUMNS
from custreg.adapters.sql.rows.contacts import address_from_row
from custreg.adapters.sql.rows.contacts import address_row
from custreg.adapters.sql.rows.contacts import address_values
from custreg.adapters.sql.rows.contacts import contact_from_row
from custreg.adapters.sql.rows.contacts import contact_row
from custreg.adapters.sql.rows.contacts import keyword_rows
from custreg.adapters.sql.rows.customers import CUSTOMER_COLUMNS
from custreg.adapters.sql.rows.customers import READ_COLUMNS as CUSTOMER_READ_COLUMNS
from custreg.adapters.sql.rows.customers import customer_columns
from custreg.adapters.sql.rows.customers import customer_from_row
from custreg.adapters.sql.rows.customers import customer_row
from custreg.adapters.sql.rows.customers import customer_values
from custreg.adapters.sql.rows.customers import customers_from_columns
from custreg.adapters.sql.rows.customers import decode_einvoice_addresses
from custreg.adapters.sql.rows.customers import encode_einvoice_addresses
from custreg.adapters.sql.rows.customers import segment_rows
from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import aware
from custreg.adapters.sql.rows.encoding import decode_custom_fields
from custreg.adapters.sql.rows.encoding import dumps
from custreg.adapters.sql.rows.encoding import encode_custom_fields
from custreg.adapters.sql.rows.encoding import money
from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.rows.encoding import money_exponent
from custreg.adapters.sql.rows.encoding import money_units
from custreg.adapters.sql.rows.files import file_from_row
from custreg.adapters.sql.rows.files import file_row
from custreg.adapters.sql.rows.invoices import INVOICE_COLUMNS
from custreg.adapters.sql.rows.invoices import invoice_columns
from custreg.adapters.sql.rows.invoices import invoice_from_row
from custreg.adapters.sql.rows.invoices import invoice_project_rows
from custreg.adapters.sql.rows.invoices import invoice_row
from custreg.adapters.sql.rows.invoices import invoice_values
from custreg.adapters.sql.rows.projects import cost_from_row
from custreg.adapters.sql.rows.projects import cost_row
from custreg.adapters.sql.rows.projects import forecast_from_row
from custreg.adapters.sql.rows.projects import forecast_row
from custreg.adapters.sql.rows.projects import project_from_row
from custreg.adapters.sql.rows.projects import project_row
from custreg.adapters.sql.rows.projects import proposal_from_row
from custreg.adapters.sql.rows.projects import proposal_row
from custreg.adapters.sql.rows.settings import custom_field_from_row
from custreg.adapters.sql.rows.settings import custom_field_row
from custreg.adapters.sql.rows.settings import industry_from_row
from custreg.adapters.sql.rows.settings import industry_row
from custreg.adapters.sql.rows.settings import invoice_status_from_row
from custreg.adapters.sql.rows.settings import invoice_status_row
from custreg.adapters.sql.rows.settings import sales_status_from_row
from custreg.adapters.sql.rows.settings import sales_status_row
from custreg.adapters.sql.rows.settings import segment_from_row
from custreg.adapters.sql.rows.settings import segment_group_from_row
from custreg.adapters.sql.rows.settings import segment_group_row
from custreg.adapters.sql.rows.settings import segment_row
from custreg.adapters.sql.rows.settings import task_status_from_row
from custreg.adapters.sql.rows.settings import task_status_row
from custreg.adapters.sql.rows.settings import template_from_row
from custreg.adapters.sql.rows.settings import template_row
from custreg.adapters.sql.rows.settings import user_from_row
from custreg.adapters.sql.rows.settings import user_row
from custreg.adapters.sql.rows.settings import vat_rate_from_row
from custreg.adapters.sql.rows.settings import vat_rate_row

__all__ = [
    "ADDRESS_COLUMNS",
    "AUDIT_COLUMNS",
    "CUSTOMER_COLUMNS",
    "CUSTOMER_READ_COLUMNS",
    "INVOICE_COLUMNS",
    "Row",
    "activity_from_row",
    "activity_row",
    "address_from_row",
    "address_row",
    "address_values",
    "audit_columns",
    "audit_from_row",
    "aware",
    "contact_from_row",
    "contact_row",
    "cost_from_row",
    "cost_row",
    "custom_field_from_row",
    "custom_field_row",
    "customer_columns",
    "customer_from_row",
    "customer_row",
    "customer_values",
    "customers_from_columns",
    "decode_custom_fields",
    "decode_einvoice_addresses",
    "dumps",
    "encode_custom_fields",
    "encode_einvoice_addresses",
    "file_from_row",
    "file_row",
    "forecast_from_row",
    "forecast_row",
    "industry_from_row",
    "industry_row",
    "invoice_columns",
    "invoice_from_row",
    "invoice_project_rows",
    "invoice_row",
    "invoice_status_from_row",
    "invoice_status_row",
    "invoice_values",
    "keyword_rows",
    "money",
    "money_amount",
    "money_exponent",
    "money_units",
    "note_from_row",
    "note_row",
    "project_from_row",
    "project_row",
    "proposal_from_row",
    "proposal_row",
    "sales_status_from_row",
    "sales_status_row",
    "segment_from_row",
    "segment_group_from_row",
    "segment_group_row",
    "segment_row",
    "segment_rows",
    "task_from_row",
    "task_row",
    "task_status_from_row",
    "task_status_row",
    "template_from_row",
    "template_row",
    "user_from_row",
    "user_row",
    "vat_rate_from_row",
    "vat_rate_row",
]
