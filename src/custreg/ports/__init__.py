"""Ports: the Protocols the use cases need. Adapters implement them; host CRMs may too."""

from custreg.ports.clock import Clock, IdGenerator
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.registry import Registry
from custreg.ports.repositories import (
    ActivityRepository,
    AddressRepository,
    AuditLog,
    ContactRepository,
    CustomerRepository,
    FileLinkRepository,
    InvoiceRepository,
    NoteRepository,
    ProjectRepository,
    SettingsRepository,
    TaskRepository,
)
from custreg.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "ActivityRepository",
    "AddressRepository",
    "AuditLog",
    "Clock",
    "CompanyRegistry",
    "ContactRepository",
    "CustomerRepository",
    "FileLinkRepository",
    "IdGenerator",
    "InvoiceRepository",
    "NoteRepository",
    "ProjectRepository",
    "Registry",
    "SettingsRepository",
    "TaskRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
