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

from custreg.domain.card.activities import (
    ActivityView,
    FileView,
    NoteView,
    activity_view,
    newest_first,
    note_views,
    past_order,
    planned_order,
    split_activities,
)
from custreg.domain.card.collaboration import (
    CollaborationTab,
    KanbanColumn,
    TaskCard,
    build_collaboration_tab,
    task_is_done,
)
from custreg.domain.card.contacts import (
    AddressLine,
    ContactsTab,
    CustomerHeader,
    build_contacts_tab,
    contact_order,
)
from custreg.domain.card.financials import (
    FORECAST_HORIZON,
    PAST_MONTHS,
    Amounts,
    DrillDown,
    Figure,
    FinancialsTab,
    InvoiceRow,
    MonthFigures,
    MonthWindow,
    build_drilldown,
    build_financials_tab,
    month_window,
)
from custreg.domain.card.refs import (
    UNKNOWN_USER,
    CustomerRef,
    ProjectRef,
    UserRef,
    Users,
    customer_ref,
    project_link,
    project_ref,
    user_index,
    user_ref,
)
from custreg.domain.card.sales import (
    ProjectPhase,
    ProjectRow,
    SalesTab,
    build_sales_tab,
    project_phase,
)
from custreg.domain.card.settings_tab import (
    CustomFieldView,
    SegmentView,
    SettingsTab,
    build_settings_tab,
)

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
    "month_window",
    "newest_first",
    "note_views",
    "past_order",
    "planned_order",
    "project_link",
    "project_phase",
    "project_ref",
    "split_activities",
    "task_is_done",
    "user_index",
    "user_ref",
]
