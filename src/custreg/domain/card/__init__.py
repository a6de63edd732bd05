"""The customer card's read models, one per tab, and the pure functions that assemble them.

Adapters load the rows a tab needs in a fixed number of reads and hand them to ``build_*``; the
shape, order and rules of a tab (headquarters marked, planned vs past activities, sales phases,
kanban columns, monthly figures) live here once, so every adapter shows the same card.

The package holds one module per job: ``refs`` (users, projects and the customer as shown next
to things), ``activities`` (activities, notes and files and their orders, shared by two tabs),
then one module per tab: ``contacts``, ``sales``, ``collaboration``, ``financials`` and
``settings_tab``; it re-exports every public name. Rendering a tab as text is not the domain's
job: ``custreg.adapters.text.card.render_tab`` does it.
"""

from custreg.domain.card.activities import ActivityView
from custreg.domain.card.activities import FileView
from custreg.domain.card.activities import NoteView
from custreg.domain.card.activities import activity_view
from custreg.domain.card.activities import newest_first
from custreg.domain.card.activities import note_views
from custreg.domain.card.activities import past_order
from custreg.domain.card.activities import planned_order
from custreg.domain.card.activities import split_activities
from custreg.domain.card.collaboration import CollaborationTab
from custreg.domain.card.collaboration import KanbanColumn
from custreg.domain.card.collaboration import TaskCard
from custreg.domain.card.collaboration import build_collaboration_tab
from custreg.domain.card.collaboration import task_is_done
from custreg.domain.card.contacts import AddressLine
from custreg.domain.card.contacts import ContactsTab
from custreg.domain.card.contacts import CustomerHeader
from custreg.domain.card.contacts import build_contacts_tab
from custreg.domain.card.contacts import contact_order
from custreg.domain.card.financials import FORECAST_HORIZON
from custreg.domain.card.financials import PAST_MONTHS
from custreg.domain.card.financials import Amounts
from custreg.domain.card.financials import DrillDown
from custreg.domain.card.financials import Figure
from custreg.domain.card.financials import FinancialsTab
from custreg.domain.card.financials import InvoiceRow
from custreg.domain.card.financials import MonthFigures
from custreg.domain.card.financials import MonthWindow
from custreg.domain.card.financials import Summed
from custreg.domain.card.financials import build_drilldown
from custreg.domain.card.financials import build_financials_tab
from custreg.domain.card.financials import drilldown_in_order
from custreg.domain.card.financials import drilldown_of
from custreg.domain.card.financials import month_window
from custreg.domain.card.refs import UNKNOWN_USER
from custreg.domain.card.refs import CustomerRef
from custreg.domain.card.refs import ProjectRef
from custreg.domain.card.refs import UserRef
from custreg.domain.card.refs import Users
from custreg.domain.card.refs import customer_ref
from custreg.domain.card.refs import project_link
from custreg.domain.card.refs import project_ref
from custreg.domain.card.refs import user_index
from custreg.domain.card.refs import user_ref
from custreg.domain.card.sales import ProjectPhase
from custreg.domain.card.sales import ProjectRow
from custreg.domain.card.sales import SalesTab
from custreg.domain.card.sales import build_sales_tab
from custreg.domain.card.sales import phase_of
from custreg.domain.card.sales import project_phase
from custreg.domain.card.settings_tab import CustomFieldView
from custreg.domain.card.settings_tab import SegmentView
from custreg.domain.card.settings_tab import SettingsTab
from custreg.domain.card.settings_tab import build_settings_tab

#: Any tab of the card, as its read model.
Tab = ContactsTab | SalesTab | CollaborationTab | FinancialsTab | SettingsTab

__all__ = [
    "FORECAST_HORIZON",
    "PAST_MONTHS",
    "UNKNOWN_USER",
    "ActivityView",
    "AddressLine",
    "Amounts",
    "CollaborationTab",
    "ContactsTab",
    "CustomFieldView",
    "CustomerHeader",
    "CustomerRef",
    "DrillDown",
    "Figure",
    "FileView",
    "FinancialsTab",
    "InvoiceRow",
    "KanbanColumn",
    "MonthFigures",
    "MonthWindow",
    "NoteView",
    "ProjectPhase",
    "ProjectRef",
    "ProjectRow",
    "SalesTab",
    "SegmentView",
    "SettingsTab",
    "Summed",
    "Tab",
    "TaskCard",
    "UserRef",
    "Users",
    "activity_view",
    "build_collaboration_tab",
    "build_contacts_tab",
    "build_drilldown",
    "build_financials_tab",
    "build_sales_tab",
    "build_settings_tab",
    "contact_order",
    "customer_ref",
    "drilldown_in_order",
    "drilldown_of",
    "month_window",
    "newest_first",
    "note_views",
    "past_order",
    "phase_of",
    "planned_order",
    "project_link",
    "project_phase",
    "project_ref",
    "split_activities",
    "task_is_done",
    "user_index",
    "user_ref",
]
