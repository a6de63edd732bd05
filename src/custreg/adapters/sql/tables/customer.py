"""Tables of customers and what belongs to one: its segments, addresses, contacts and their
keywords. ``*_search`` / ``*_compact`` columns hold the Python-computed forms the C6 search
compares with."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid

from custreg.adapters.sql.tables.base import UtcDateTime
from custreg.adapters.sql.tables.base import created
from custreg.adapters.sql.tables.base import entity_table
from custreg.adapters.sql.tables.base import foreign_key
from custreg.adapters.sql.tables.base import link_table
from custreg.adapters.sql.tables.base import organisation_fk
from custreg.adapters.sql.tables.base import reference

customers = entity_table(
    "customers",
    Column("number", BigInteger, nullable=False),
    Column("name", String(255), nullable=False),
    Column("name_search", Text, nullable=False),  # name.casefold(), for C6 substring search
    *created(),
    Column("updated_at", UtcDateTime),
    Column("updated_by", Uuid),
    Column("status", String(10), nullable=False),  # CustomerStatus value
    Column("vat_number", String(40)),
    Column("vat_compact", String(40)),  # query.compact_id(vat_number)
    Column("business_id_country", String(2)),
    Column("business_id", String(40)),
    Column("business_id_compact", String(40)),  # query.compact_id(business_id)
    Column("website", String(2000)),
    Column("email", String(320)),
    Column("owner_id", Uuid),
    Column("industry_id", Uuid),
    Column("invoice_template_id", Uuid),
    Column("default_vat_rate_id", Uuid),
    Column("payment_term_days", Integer),
    Column("einvoice_addresses", Text, nullable=False),  # C7 JSON, rows.encode_einvoice_addresses
    Column("headquarters_address_id", Uuid),
    Column("custom_fields", Text, nullable=False),  # typed JSON, see rows.encode_custom_fields
    Column("is_internal", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("vat_check_status", String(10)),  # VatCheckStatus value (valid/invalid) or NULL
    Column("vat_checked_at", UtcDateTime),
    Column("vat_checked_number", String(40)),  # the VAT number the check is about
    organisation_fk(),
    UniqueConstraint("organisation_id", "number"),  # C3; also the listing order
    Index(None, "organisation_id", "status", "number"),
    Index(None, "organisation_id", "owner_id", "number"),
    Index(None, "organisation_id", "industry_id", "number"),
    Index(None, "organisation_id", "vat_compact"),
    Index(None, "organisation_id", "business_id_compact"),
)

customer_segments = link_table("customer_segments", ("customer_id", "customers"), "segment_id")

addresses = entity_table(
    "addresses",
    reference("customer_id"),
    Column("country", String(2), nullable=False),
    Column("lines", Text, nullable=False),  # JSON list of street lines
    Column("postal_code", String(20)),
    Column("city", String(100)),
    Column("kinds", String(40), nullable=False),  # comma-separated AddressKind values, sorted
    Column("ordinal", Integer, nullable=False),
    foreign_key(("customer_id",), "customers", ondelete="CASCADE"),
    Index(None, "organisation_id", "customer_id", "ordinal"),
)

contacts = entity_table(
    "contacts",
    reference("customer_id"),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("title", String(100)),
    Column("emails", Text, nullable=False),  # JSON list, in order
    Column("phones", Text, nullable=False),  # JSON list
    Column("roles", Text, nullable=False),  # JSON list, sorted
    Column("address_id", Uuid),
    Column("active", Boolean, nullable=False),
    Column("deleted_at", UtcDateTime),
    foreign_key(("customer_id",), "customers", ondelete="CASCADE"),
    Index(None, "organisation_id", "customer_id"),
)

contact_keywords = link_table(
    "contact_keywords", ("contact_id", "contacts"), "keyword", member_type=String(100)
)
