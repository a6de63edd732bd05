"""custreg's public ports: the protocols a host implements or types against (registry, unit
of work, repositories, capabilities, clock, blobs, sinks, VAT check). Re-exported by ``custreg``."""

from custreg.ports.audit import AuditLog
from custreg.ports.audit import NoAuditLog
from custreg.ports.blobs import BlobStore
from custreg.ports.card import CardQueries
from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.customers import AddressRepository
from custreg.ports.customers import ContactRepository
from custreg.ports.customers import CustomerRepository
from custreg.ports.host import MINIMAL_CAPABILITY_SET
from custreg.ports.host import OPTIONAL_CAPABILITIES
from custreg.ports.host import HostAddressRepository
from custreg.ports.host import HostContactRepository
from custreg.ports.host import HostCustomerRepository
from custreg.ports.host import HostUnitOfWork
from custreg.ports.host import capabilities
from custreg.ports.host import required_members
from custreg.ports.kpi import KpiQueries
from custreg.ports.lifetime import Lifetime
from custreg.ports.registry import Registry
from custreg.ports.reports import ReportQueries
from custreg.ports.reports import ReportSink
from custreg.ports.search import CustomerSearch
from custreg.ports.settings import FixedSettings
from custreg.ports.settings import SettingsRepository
from custreg.ports.unit_of_work import UnitOfWork
from custreg.ports.unit_of_work import UnitOfWorkFactory
from custreg.ports.vat_check import VatCheck

__all__ = [
    "MINIMAL_CAPABILITY_SET",
    "OPTIONAL_CAPABILITIES",
    "AddressRepository",
    "AuditLog",
    "BlobStore",
    "CardQueries",
    "Clock",
    "CompanyRegistry",
    "ContactRepository",
    "CustomerRepository",
    "CustomerSearch",
    "FixedSettings",
    "HostAddressRepository",
    "HostContactRepository",
    "HostCustomerRepository",
    "HostUnitOfWork",
    "IdGenerator",
    "KpiQueries",
    "Lifetime",
    "NoAuditLog",
    "Registry",
    "ReportQueries",
    "ReportSink",
    "SettingsRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "VatCheck",
    "capabilities",
    "required_members",
]
