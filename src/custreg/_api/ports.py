"""custreg's public ports: the protocols a host implements or types against (registry, unit
of work, repositories, capabilities, clock, blobs, sinks, VAT check). Re-exported by ``custreg``."""

from custreg.ports.audit import AuditLog, NoAuditLog
from custreg.ports.blobs import BlobStore
from custreg.ports.card import CardQueries
from custreg.ports.clock import Clock, IdGenerator
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.customers import AddressRepository, ContactRepository, CustomerRepository
from custreg.ports.host import (
    MINIMAL_CAPABILITY_SET,
    OPTIONAL_CAPABILITIES,
    HostAddressRepository,
    HostContactRepository,
    HostCustomerRepository,
    HostUnitOfWork,
    capabilities,
    required_members,
)
from custreg.ports.kpi import KpiQueries
from custreg.ports.lifetime import Lifetime
from custreg.ports.registry import Registry
from custreg.ports.reports import ReportQueries, ReportSink
from custreg.ports.search import CustomerSearch
from custreg.ports.settings import FixedSettings, SettingsRepository
from custreg.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
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
