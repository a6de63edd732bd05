"""A worked example: a host CRM embedding custreg over its own SQLite tables (plain ``sqlite3``)."""

from host_sqlite.crm_adapter import CrmDatabase
from host_sqlite.crm_adapter import crm_registry

__all__ = ["CrmDatabase", "crm_registry"]
