"""Repositories: small ports to store and load aggregates of one organisation, one module per
capability (``customers``, ``search``, ``projects``, ``invoices``, ``activities``, ``files``,
``settings``, ``audit``), all re-exported here.

Common contract (the suite in ``custreg.testing.contracts`` checks it on every adapter):
- ``get`` raises NotFoundError for an unknown id; ``add`` raises IntegrityError for a taken id.
- ``update`` of a versioned entity (Customer, Project) stores it only if its ``version`` is exactly
  one more than the stored one, else raises ConflictError and stores nothing.
- lists are ordered deterministically (customers by number, addresses by ordinal, others by id
  unless stated).
- bulk methods (``get_many``, ``update_many``, ``read_field``, ``write_field``) are set-based: a
  constant number of statements whatever the number of rows.
"""

from custreg.ports.activities import ActivityRepository
from custreg.ports.activities import NoteRepository
from custreg.ports.activities import TaskRepository
from custreg.ports.audit import AuditLog
from custreg.ports.customers import AddressRepository
from custreg.ports.customers import ContactRepository
from custreg.ports.customers import CustomerRepository
from custreg.ports.files import FileLinkRepository
from custreg.ports.invoices import InvoiceRepository
from custreg.ports.projects import ProjectRepository
from custreg.ports.search import CustomerSearch
from custreg.ports.settings import SettingsRepository

__all__ = [
    "ActivityRepository",
    "AddressRepository",
    "AuditLog",
    "ContactRepository",
    "CustomerRepository",
    "CustomerSearch",
    "FileLinkRepository",
    "InvoiceRepository",
    "NoteRepository",
    "ProjectRepository",
    "SettingsRepository",
    "TaskRepository",
]
