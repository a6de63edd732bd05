"""custreg: a customer-registry core to embed in CRMs and business apps.

The stable public API is re-exported here; see docs/ for the guide and the architecture.
"""

from custreg import errors
from custreg.adapters.memory import memory_registry
from custreg.adapters.system import FixedClock, RandomIds, SequentialIds, SystemClock
from custreg.bootstrap import open_registry
from custreg.domain.activity import Activity, ActivityKind, FileLink, FileLinkKind, Note, Task
from custreg.domain.address import Address, AddressKind
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.company import CompanyRecord, CompanyStatus, RegistryAddress
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.ids import (
    ActivityId,
    AddressId,
    ContactId,
    CustomerId,
    CustomFieldId,
    IndustryId,
    InvoiceId,
    InvoiceStatusId,
    InvoiceTemplateId,
    MarketSegmentId,
    NoteId,
    OrganisationId,
    ProjectId,
    SalesStatusId,
    TaskId,
    TaskStatusId,
    UserId,
    VatRateId,
)
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission, InvoiceAccess, Principal
from custreg.domain.project import CostEntry, CostKind, Project, Proposal
from custreg.domain.query import CustomerQuery, Page, PageRequest
from custreg.domain.settings import (
    CustomFieldDefinition,
    CustomFieldType,
    Industry,
    InvoiceStatus,
    InvoiceTemplate,
    MarketSegment,
    MarketSegmentGroup,
    OrganisationSettings,
    SalesState,
    SalesStatus,
    TaskStatus,
    User,
    VatRate,
)
from custreg.domain.values import CustomerNumber, EmailAddress, Money, Website
from custreg.ports.registry import Registry
from custreg.usecases.addresses import (
    add_address,
    list_addresses,
    remove_address,
    set_headquarters,
    update_address,
)
from custreg.usecases.commands import (
    UNSET,
    CreateCustomer,
    NewAddress,
    NewEInvoice,
    UpdateCustomer,
)
from custreg.usecases.customers import (
    create_customer,
    get_customer,
    inactivate_customer,
    list_customers,
    reactivate_customer,
    update_customer,
)
from custreg.usecases.settings import get_settings, save_settings

__version__ = "0.1.0"

__all__ = [
    "UNSET",
    "Activity",
    "ActivityId",
    "ActivityKind",
    "Address",
    "AddressId",
    "AddressKind",
    "AuditEntry",
    "BusinessId",
    "CompanyRecord",
    "CompanyStatus",
    "Contact",
    "ContactId",
    "CostEntry",
    "CostKind",
    "CreateCustomer",
    "CustomFieldDefinition",
    "CustomFieldId",
    "CustomFieldType",
    "Customer",
    "CustomerId",
    "CustomerNumber",
    "CustomerPermission",
    "CustomerQuery",
    "CustomerStatus",
    "EInvoiceAddress",
    "EmailAddress",
    "FileLink",
    "FileLinkKind",
    "FixedClock",
    "Industry",
    "IndustryId",
    "Invoice",
    "InvoiceAccess",
    "InvoiceId",
    "InvoiceStatus",
    "InvoiceStatusId",
    "InvoiceTemplate",
    "InvoiceTemplateId",
    "MarketSegment",
    "MarketSegmentGroup",
    "MarketSegmentId",
    "Money",
    "NewAddress",
    "NewEInvoice",
    "Note",
    "NoteId",
    "OrganisationId",
    "OrganisationSettings",
    "Page",
    "PageRequest",
    "Principal",
    "Project",
    "ProjectId",
    "Proposal",
    "RandomIds",
    "Registry",
    "RegistryAddress",
    "SalesState",
    "SalesStatus",
    "SalesStatusId",
    "SequentialIds",
    "SystemClock",
    "Task",
    "TaskId",
    "TaskStatus",
    "TaskStatusId",
    "UpdateCustomer",
    "User",
    "UserId",
    "VatNumber",
    "VatRate",
    "VatRateId",
    "Website",
    "__version__",
    "add_address",
    "create_customer",
    "errors",
    "get_customer",
    "get_settings",
    "inactivate_customer",
    "list_addresses",
    "list_customers",
    "memory_registry",
    "open_registry",
    "reactivate_customer",
    "remove_address",
    "save_settings",
    "set_headquarters",
    "update_address",
    "update_customer",
]
