"""Ports: the Protocols the use cases need. Adapters implement them; host CRMs may too."""

from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.registry import Registry
from custreg.ports.repositories import ActivityRepository
from custreg.ports.repositories import AddressRepository
from custreg.ports.repositories import AuditLog
from custreg.ports.repositories import ContactRepository
from custreg.ports.repositories import CustomerRepository
from custreg.ports.repositories import FileLinkRepository
from custreg.ports.repositories import InvoiceRepository
from custreg.ports.repositories import NoteRepository
from custreg.ports.repositories import ProjectRepository
from custreg.ports.repositories import SettingsRepository
from custreg.ports.repositories import TaskRepository
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import UnitOfWorkFactory

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
