"""custreg's public domain names: entities, values, ids, settings, errors and the pure rules
(card tabs, KPIs, reports, mass-update actions) a host works with. Re-exported by ``custreg``."""

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.card import CollaborationTab
from custreg.domain.card import ContactsTab
from custreg.domain.card import DrillDown
from custreg.domain.card import Figure
from custreg.domain.card import FinancialsTab
from custreg.domain.card import ProjectPhase
from custreg.domain.card import SalesTab
from custreg.domain.card import SettingsTab
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage
from custreg.domain.company import CompanyStatus
from custreg.domain.company import RegistryAddress
from custreg.domain.company import RejectedEntry
from custreg.domain.contact import Contact
from custreg.domain.contact import ContactStatus
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.duplicates import ConsolidationReport
from custreg.domain.duplicates import DuplicatePair
from custreg.domain.duplicates import DuplicateReason
from custreg.domain.duplicates import normalise_name
from custreg.domain.einvoice import MAX_EINVOICE_ADDRESSES
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.einvoice import address_key
from custreg.domain.entry import NewCostEntry
from custreg.domain.entry import NewInvoice
from custreg.domain.entry import NewProposal
from custreg.domain.errors import CapabilityMissing
from custreg.domain.errors import ConflictError
from custreg.domain.errors import CustregError
from custreg.domain.errors import EntryRowsError
from custreg.domain.errors import IntegrityError
from custreg.domain.errors import MassUpdateError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import RowError
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import AuditEntryId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentGroupId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import NoteId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import BillingThisMonth
from custreg.domain.kpi import CustomerKpis
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import KpiPeriods
from custreg.domain.kpi import MarginThisYear
from custreg.domain.kpi import Period
from custreg.domain.mass_update import AddEInvoiceAddress
from custreg.domain.mass_update import AddSegments
from custreg.domain.mass_update import ChangeDefaultVat
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.mass_update import ChangeInvoiceTemplate
from custreg.domain.mass_update import ChangeOwner
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.mass_update import CustomerOutcome
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldWrite
from custreg.domain.mass_update import MassAction
from custreg.domain.mass_update import OutcomeKind
from custreg.domain.mass_update import RemoveEInvoiceAddress
from custreg.domain.mass_update import RemoveSegments
from custreg.domain.moves import MoveBlocker
from custreg.domain.moves import why_project_cannot_move
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import Page
from custreg.domain.query import PageRequest
from custreg.domain.reports import BUILTIN_REPORTS
from custreg.domain.reports import CellType
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import SortKey
from custreg.domain.reports import builtin_report
from custreg.domain.reports import column_catalogue
from custreg.domain.reports import definition_from_mapping
from custreg.domain.reports import neutralise_formula
from custreg.domain.reports import spreadsheet_text
from custreg.domain.reports import starts_formula
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import MarketSegmentGroup
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.domain.text import SEARCH_MAX_LENGTH
from custreg.domain.text import clean_text
from custreg.domain.text import has_visible
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money
from custreg.domain.values import Website
from custreg.domain.vat_check import VatCheckAnswer
from custreg.domain.vat_check import VatCheckResult
from custreg.domain.vat_check import VatCheckStatus

__all__ = [
    "BUILTIN_REPORTS",
    "MAX_EINVOICE_ADDRESSES",
    "SEARCH_MAX_LENGTH",
    "Activity",
    "ActivityId",
    "ActivityKind",
    "AddEInvoiceAddress",
    "AddSegments",
    "Address",
    "AddressId",
    "AddressKind",
    "AuditEntry",
    "AuditEntryId",
    "BillingThisMonth",
    "BusinessId",
    "CapabilityMissing",
    "CellType",
    "ChangeDefaultVat",
    "ChangeIndustry",
    "ChangeInvoiceTemplate",
    "ChangeOwner",
    "ChangeStatus",
    "CollaborationTab",
    "CompanyRecord",
    "CompanySearchPage",
    "CompanyStatus",
    "ConflictError",
    "ConsolidationReport",
    "Contact",
    "ContactId",
    "ContactStatus",
    "ContactsTab",
    "CostEntry",
    "CostEntryId",
    "CostKind",
    "CustomFieldDefinition",
    "CustomFieldId",
    "CustomFieldType",
    "Customer",
    "CustomerId",
    "CustomerKpis",
    "CustomerNumber",
    "CustomerOutcome",
    "CustomerPermission",
    "CustomerQuery",
    "CustomerStatus",
    "CustregError",
    "DrillDown",
    "DuplicatePair",
    "DuplicateReason",
    "EInvoiceAddress",
    "EInvoiceAddresses",
    "EmailAddress",
    "EntryRowsError",
    "FieldState",
    "FieldWrite",
    "Figure",
    "FileLink",
    "FileLinkId",
    "FileLinkKind",
    "FinancialsTab",
    "Industry",
    "IndustryId",
    "IntegrityError",
    "Invoice",
    "InvoiceAccess",
    "InvoiceId",
    "InvoiceStatus",
    "InvoiceStatusId",
    "InvoiceTemplate",
    "InvoiceTemplateId",
    "InvoiceVisibility",
    "KpiPeriods",
    "MarginThisYear",
    "MarketSegment",
    "MarketSegmentGroup",
    "MarketSegmentGroupId",
    "MarketSegmentId",
    "MassAction",
    "MassUpdateError",
    "Money",
    "MoveBlocker",
    "NewCostEntry",
    "NewInvoice",
    "NewProposal",
    "NotFoundError",
    "Note",
    "NoteId",
    "OrganisationId",
    "OrganisationSettings",
    "OutcomeKind",
    "Page",
    "PageRequest",
    "Period",
    "PermissionDeniedError",
    "PossibleDuplicateError",
    "Principal",
    "Project",
    "ProjectForecast",
    "ProjectId",
    "ProjectPhase",
    "Proposal",
    "ProposalId",
    "RegistryAddress",
    "RejectedEntry",
    "RemoveEInvoiceAddress",
    "RemoveSegments",
    "ReportDefinition",
    "ReportFilters",
    "ReportLevel",
    "RowError",
    "SalesState",
    "SalesStatus",
    "SalesStatusId",
    "SalesTab",
    "SettingsTab",
    "SortKey",
    "StorageError",
    "Task",
    "TaskId",
    "TaskStatus",
    "TaskStatusId",
    "User",
    "UserId",
    "ValidationError",
    "ValidationErrors",
    "VatCheckAnswer",
    "VatCheckResult",
    "VatCheckStatus",
    "VatNumber",
    "VatRate",
    "VatRateId",
    "Website",
    "address_key",
    "builtin_report",
    "clean_text",
    "column_catalogue",
    "definition_from_mapping",
    "has_visible",
    "neutralise_formula",
    "normalise_name",
    "spreadsheet_text",
    "starts_formula",
    "why_project_cannot_move",
]
