"""The customer card's query port: one read per tab, answered set-based by the adapter.

Each method loads what its tab shows in a number of statements that does not grow with the
number of contacts, projects, tasks or invoices, and assembles it with the pure ``build_*``
functions of ``custreg.domain.card``. Permissions are checked by the use cases before calling.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Protocol

from custreg.domain.card import CollaborationTab
from custreg.domain.card import ContactsTab
from custreg.domain.card import DrillDown
from custreg.domain.card import Figure
from custreg.domain.card import FinancialsTab
from custreg.domain.card import SalesTab
from custreg.domain.card import SettingsTab
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import Principal


class CardQueries(Protocol):
    """Read models of the customer card. Every method raises NotFoundError for an unknown
    customer and reads one consistent snapshot."""

    def contacts_tab(self, customer_id: CustomerId, /) -> ContactsTab:
        """Header, addresses (headquarters marked), contacts (active and inactive), planned and
        past activities, notes (customer and project ones) and files & links."""
        ...

    def sales_tab(self, customer_id: CustomerId, principal: Principal, /) -> SalesTab:
        """Open and closed sales cases and projects; values only when ``principal.sees_money``;
        a project "has an invoice" only through an invoice ``principal`` may see (U5)."""
        ...

    def collaboration_tab(self, customer_id: CustomerId, /) -> CollaborationTab:
        """Every task of every project of the customer in its status column, plus project notes."""
        ...

    def financials_tab(
        self, customer_id: CustomerId, now: datetime, principal: Principal, /
    ) -> FinancialsTab:
        """Monthly billing, costs and forecasts in ``month_window(now, organisation zone)`` and
        the invoices ``principal`` may see (``Principal.may_see_invoice``)."""
        ...

    def financials_drilldown(
        self,
        customer_id: CustomerId,
        month: date,
        figure: Figure,
        principal: Principal,
        /,
    ) -> DrillDown:
        """The rows that ``figure`` of ``month`` on the Financials tab sums."""
        ...

    def settings_tab(self, customer_id: CustomerId, /) -> SettingsTab:
        """Billing settings, market segments and custom field values of the customer."""
        ...
