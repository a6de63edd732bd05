"""Tables of what happens around customers and projects: activities, notes, tasks and files.
Each row belongs to a customer (tasks: to a project) and may name a project."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import ForeignKeyConstraint
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import Uuid

from custreg.adapters.sql.tables.base import UtcDateTime
from custreg.adapters.sql.tables.base import created
from custreg.adapters.sql.tables.base import entity_table
from custreg.adapters.sql.tables.base import foreign_key
from custreg.adapters.sql.tables.base import reference


def _of_customer_and_project() -> tuple[ForeignKeyConstraint, ForeignKeyConstraint]:
    """The keys of a row that belongs to a customer and may name a project (both of the row's
    organisation)."""
    return foreign_key(("customer_id",), "customers"), foreign_key(("project_id",), "projects")


activities = entity_table(
    "activities",
    reference("customer_id"),
    Column("kind", String(10), nullable=False),  # ActivityKind value
    Column("title", String(255), nullable=False),
    Column("owner_id", Uuid),
    Column("project_id", Uuid),
    Column("starts_at", UtcDateTime),
    Column("ends_at", UtcDateTime),
    Column("done", Boolean, nullable=False),
    Column("contact_ids", Text, nullable=False),  # JSON list of UUIDs, sorted
    Column("description", Text),
    *_of_customer_and_project(),
    Index(None, "organisation_id", "customer_id"),
    Index(None, "organisation_id", "project_id"),
)

notes = entity_table(
    "notes",
    reference("customer_id"),
    Column("text", Text, nullable=False),
    *created(),
    Column("project_id", Uuid),
    *_of_customer_and_project(),
    Index(None, "organisation_id", "customer_id", "created_at"),
    Index(None, "organisation_id", "project_id", "created_at"),
)

tasks = entity_table(
    "tasks",
    reference("project_id"),
    Column("name", String(255), nullable=False),
    reference("status_id"),
    Column("assignee_ids", Text, nullable=False),  # JSON list of UUIDs, sorted
    foreign_key(("project_id",), "projects"),
    Index(None, "organisation_id", "project_id"),
    Index(None, "organisation_id", "status_id"),
)

files = entity_table(
    "files",
    reference("customer_id"),
    Column("kind", String(10), nullable=False),  # FileLinkKind value
    Column("name", String(255), nullable=False),
    *created(),
    Column("project_id", Uuid),
    Column("url", String(2000)),
    Column("blob_key", String(500)),
    Column("size", BigInteger),
    Column("media_type", String(255)),
    *_of_customer_and_project(),
    Index(None, "organisation_id", "customer_id", "created_at"),
)
