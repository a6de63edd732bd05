"""custreg's public use cases: every operation on a registry (customers, contacts, projects,
invoices, activities, mass update, imports, reports, duplicates, VAT checks) and the commands
they take. Re-exported by ``custreg``."""

from custreg.usecases.activities import ActivityChanges
from custreg.usecases.activities import ActivityLists
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.activities import complete_activity
from custreg.usecases.activities import customer_activities
from custreg.usecases.activities import project_activities
from custreg.usecases.activities import remove_activity
from custreg.usecases.activities import reopen_activity
from custreg.usecases.activities import update_activity
from custreg.usecases.addresses import add_address
from custreg.usecases.addresses import list_addresses
from custreg.usecases.addresses import remove_address
from custreg.usecases.addresses import set_headquarters
from custreg.usecases.addresses import update_address
from custreg.usecases.bulk_import import ImportRecord
from custreg.usecases.bulk_import import ImportReport
from custreg.usecases.bulk_import import RecordError
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.card import CustomerSettingsChange
from custreg.usecases.card import collaboration_tab
from custreg.usecases.card import contacts_tab
from custreg.usecases.card import delete_customer
from custreg.usecases.card import financials_drilldown
from custreg.usecases.card import financials_tab
from custreg.usecases.card import sales_tab
from custreg.usecases.card import settings_tab
from custreg.usecases.card import update_customer_settings
from custreg.usecases.commands import CLEAR
from custreg.usecases.commands import UNCHANGED
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.contacts import ContactChanges
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import contacts_with_keyword
from custreg.usecases.contacts import delete_contact
from custreg.usecases.contacts import get_contact
from custreg.usecases.contacts import inactivate_contact
from custreg.usecases.contacts import list_contacts
from custreg.usecases.contacts import reactivate_contact
from custreg.usecases.contacts import tag_contact
from custreg.usecases.contacts import update_contact
from custreg.usecases.costs import correct_cost_entry
from custreg.usecases.costs import record_cost_entries
from custreg.usecases.costs import record_cost_entry
from custreg.usecases.costs import remove_cost_entry
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import inactivate_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.customers import reactivate_customer
from custreg.usecases.customers import update_customer
from custreg.usecases.duplicates import consolidate
from custreg.usecases.duplicates import detect_duplicates
from custreg.usecases.duplicates import find_duplicates
from custreg.usecases.einvoicing import add_einvoice_address
from custreg.usecases.einvoicing import parse_einvoice_list
from custreg.usecases.einvoicing import remove_einvoice_address
from custreg.usecases.einvoicing import set_default_einvoice_address
from custreg.usecases.files import add_file
from custreg.usecases.files import add_link
from custreg.usecases.files import customer_files
from custreg.usecases.files import file_content
from custreg.usecases.files import project_files
from custreg.usecases.files import remove_file
from custreg.usecases.invoices import correct_invoice
from custreg.usecases.invoices import record_invoice
from custreg.usecases.invoices import record_invoices
from custreg.usecases.invoices import remove_invoice
from custreg.usecases.kpis import customer_kpis
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import MassUpdateResult
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import mass_update_trail
from custreg.usecases.mass_update import undo_mass_update
from custreg.usecases.notes import add_note
from custreg.usecases.notes import add_project_note
from custreg.usecases.notes import customer_notes
from custreg.usecases.notes import project_notes
from custreg.usecases.notes import remove_note
from custreg.usecases.notes import update_note
from custreg.usecases.numbers import change_customer_number
from custreg.usecases.projects import MovedProject
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import ProjectChanges
from custreg.usecases.projects import SalesStatusChange
from custreg.usecases.projects import add_proposal
from custreg.usecases.projects import close_project
from custreg.usecases.projects import create_project
from custreg.usecases.projects import create_sales_case
from custreg.usecases.projects import lose_sales_case
from custreg.usecases.projects import move_project
from custreg.usecases.projects import move_project_in
from custreg.usecases.projects import project_move_blockers
from custreg.usecases.projects import reopen_project
from custreg.usecases.projects import set_project_forecast
from custreg.usecases.projects import set_sales_status
from custreg.usecases.projects import set_sales_statuses
from custreg.usecases.projects import update_project
from custreg.usecases.projects import win_sales_case
from custreg.usecases.proposals import correct_proposal
from custreg.usecases.proposals import record_proposal
from custreg.usecases.proposals import record_proposals
from custreg.usecases.proposals import remove_proposal
from custreg.usecases.registry_import import REGISTRY_FIELDS
from custreg.usecases.registry_import import FieldChange
from custreg.usecases.registry_import import ImportResult
from custreg.usecases.registry_import import RegistryUpdatePreview
from custreg.usecases.registry_import import RegistryUpdateResult
from custreg.usecases.registry_import import import_from_registry
from custreg.usecases.registry_import import preview_registry_update
from custreg.usecases.registry_import import search_registry
from custreg.usecases.registry_import import update_from_registry
from custreg.usecases.reports import ReportResult
from custreg.usecases.reports import mass_update_report
from custreg.usecases.reports import report_customer_ids
from custreg.usecases.reports import run_report
from custreg.usecases.settings import get_settings
from custreg.usecases.settings import save_settings
from custreg.usecases.statuses import StatusKind
from custreg.usecases.statuses import delete_status
from custreg.usecases.statuses import disable_status
from custreg.usecases.statuses import enable_status
from custreg.usecases.tasks import add_task
from custreg.usecases.tasks import assign_task
from custreg.usecases.tasks import is_done as is_task_done
from custreg.usecases.tasks import move_task
from custreg.usecases.vat_check import CustomerVatCheck
from custreg.usecases.vat_check import VatCheckOutcome
from custreg.usecases.vat_check import check_customer_vat
from custreg.usecases.vat_check import check_customers_vat

__all__ = [
    "CLEAR",
    "REGISTRY_FIELDS",
    "UNCHANGED",
    "UNSET",
    "ActivityChanges",
    "ActivityLists",
    "ContactChanges",
    "CreateCustomer",
    "CustomerSettingsChange",
    "CustomerVatCheck",
    "FieldChange",
    "ImportRecord",
    "ImportReport",
    "ImportResult",
    "MassUpdate",
    "MassUpdateResult",
    "MovedProject",
    "NewActivity",
    "NewAddress",
    "NewContact",
    "NewEInvoice",
    "NewProject",
    "ProjectChanges",
    "RecordError",
    "RegistryUpdatePreview",
    "RegistryUpdateResult",
    "ReportResult",
    "SalesStatusChange",
    "StatusKind",
    "UpdateCustomer",
    "VatCheckOutcome",
    "add_activity",
    "add_address",
    "add_contact",
    "add_einvoice_address",
    "add_file",
    "add_link",
    "add_note",
    "add_project_note",
    "add_proposal",
    "add_task",
    "assign_task",
    "change_customer_number",
    "check_customer_vat",
    "check_customers_vat",
    "close_project",
    "collaboration_tab",
    "complete_activity",
    "consolidate",
    "contacts_tab",
    "contacts_with_keyword",
    "correct_cost_entry",
    "correct_invoice",
    "correct_proposal",
    "create_customer",
    "create_project",
    "create_sales_case",
    "customer_activities",
    "customer_files",
    "customer_kpis",
    "customer_notes",
    "delete_contact",
    "delete_customer",
    "delete_status",
    "detect_duplicates",
    "disable_status",
    "enable_status",
    "file_content",
    "financials_drilldown",
    "financials_tab",
    "find_duplicates",
    "get_contact",
    "get_customer",
    "get_settings",
    "import_customers",
    "import_from_registry",
    "inactivate_contact",
    "inactivate_customer",
    "is_task_done",
    "list_addresses",
    "list_contacts",
    "list_customers",
    "lose_sales_case",
    "mass_update",
    "mass_update_report",
    "mass_update_trail",
    "move_project",
    "move_project_in",
    "move_task",
    "parse_einvoice_list",
    "preview_registry_update",
    "project_activities",
    "project_files",
    "project_move_blockers",
    "project_notes",
    "reactivate_contact",
    "reactivate_customer",
    "record_cost_entries",
    "record_cost_entry",
    "record_invoice",
    "record_invoices",
    "record_proposal",
    "record_proposals",
    "remove_activity",
    "remove_address",
    "remove_cost_entry",
    "remove_einvoice_address",
    "remove_file",
    "remove_invoice",
    "remove_note",
    "remove_proposal",
    "reopen_activity",
    "reopen_project",
    "report_customer_ids",
    "run_report",
    "sales_tab",
    "save_settings",
    "search_registry",
    "set_default_einvoice_address",
    "set_headquarters",
    "set_project_forecast",
    "set_sales_status",
    "set_sales_statuses",
    "settings_tab",
    "tag_contact",
    "undo_mass_update",
    "update_activity",
    "update_address",
    "update_contact",
    "update_customer",
    "update_customer_settings",
    "update_from_registry",
    "update_note",
    "update_project",
    "win_sales_case",
]
