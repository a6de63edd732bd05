"""The customer card: one call per tab, each returning the tab's read model (docs/card/).

Permissions (U1-U5) are checked here before the query port is asked: None sees nothing,
Read-only reads every tab but Financials, Edit writes, All also sees money (sales values and the
Financials tab, where anyone else gets a PermissionDeniedError rather than zeros), and deleting a
customer needs the delete flag (U4).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import field
from attrs import fields_dict
from attrs import frozen

from custreg.domain.card import CollaborationTab
from custreg.domain.card import ContactsTab
from custreg.domain.card import DrillDown
from custreg.domain.card import Figure
from custreg.domain.card import FinancialsTab
from custreg.domain.card import SalesTab
from custreg.domain.card import SettingsTab
from custreg.domain.customer import Customer
from custreg.domain.errors import BusinessRuleError
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import VatRateId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.permissions import require_delete
from custreg.domain.permissions import require_money
from custreg.ports.blobs import BlobStore
from custreg.ports.card import CardQueries
from custreg.ports.registry import Registry
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import Clear
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.commands import Unset
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import update_customer
from custreg.usecases.read_models.cards import RepositoryCardQueries


def _cards(registry: Registry) -> CardQueries:
    """The registry's card read models: its pushdown, else the core default."""
    if registry.cards is not None:
        return registry.cards
    return RepositoryCardQueries(registry.read)


def contacts_tab(registry: Registry, principal: Principal, customer_id: CustomerId) -> ContactsTab:
    """Contacts & addresses: header, addresses, contacts, activities, notes, files and links."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "read the card")
    return _cards(registry).contacts_tab(customer_id)


def sales_tab(registry: Registry, principal: Principal, customer_id: CustomerId) -> SalesTab:
    """Sales & projects: open and closed sales cases and projects. U5: values only for a
    principal with an invoice permission, and a project's "has invoice" flag (and so
    ``movable``) from the invoices the principal may see only."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "read the card")
    return _cards(registry).sales_tab(customer_id, principal)


def collaboration_tab(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> CollaborationTab:
    """Collaboration: the kanban of every task of the customer's projects (T3)."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "read the card")
    return _cards(registry).collaboration_tab(customer_id)


def financials_tab(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> FinancialsTab:
    """Financials: monthly actuals and forecasts and the invoices the principal may see. U5: it
    needs an invoice permission (ALL or OWN) at any Customers level that sees customers; billing
    counts the visible invoices only."""
    require_money(principal, "see the financials")
    return _cards(registry).financials_tab(customer_id, registry.clock.now(), principal)


def financials_drilldown(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    month: date,
    figure: Figure,
) -> DrillDown:
    """The rows one figure of the Financials tab sums (U5: as the tab; billing rows are the
    visible invoices only)."""
    require_money(principal, "see the financials")
    return _cards(registry).financials_drilldown(customer_id, month, figure, principal)


def settings_tab(registry: Registry, principal: Principal, customer_id: CustomerId) -> SettingsTab:
    """Customer settings: billing settings, market segments and custom fields."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "read the card")
    return _cards(registry).settings_tab(customer_id)


def delete_customer(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    blobs: BlobStore | None = None,
) -> None:
    """U4: delete a customer (Edit or All plus the "allow delete customers" flag).

    A customer with projects or invoices keeps its history: BusinessRuleError, inactivate it
    instead (C5). Otherwise its addresses, contacts, notes, activities, files and links go with
    it, in one unit of work; file contents are then deleted from ``blobs``, which is required
    when the customer has files.
    """
    require_delete(principal)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        customer = uow.customers.get(customer_id)
        if uow.projects.for_customer(customer_id) or uow.invoices.for_customer(customer_id):
            raise BusinessRuleError(
                "customer", "id", "has projects or invoices: inactivate it instead of deleting it"
            )
        files = uow.files.for_customer(customer_id)
        keys = [f.blob_key for f in files if f.blob_key is not None]
        if keys and blobs is None:
            raise BusinessRuleError(
                "customer", "files", "has files: pass the blob store so their contents go too"
            )
        for note in uow.notes.for_customer(customer_id):
            uow.notes.remove(note.id)
        for activity in uow.activities.for_customer(customer_id):
            uow.activities.remove(activity.id)
        for item in files:
            uow.files.remove(item.id)
        uow.customers.remove(customer_id)
        uow.commit([customer.removed(stamp)])
    for key in keys:
        assert blobs is not None
        blobs.delete(key)


def _segments(value: Any) -> Any:
    return value if value is UNSET else frozenset(value)


@frozen
class CustomerSettingsChange:
    """What the Customer settings tab saves; fields left UNSET stay as they are.

    ``custom_fields`` maps field ids to new values (None removes a value); each value is checked
    against its definition's type (ValidationError on ``custom_fields.<name>``).
    """

    invoice_template_id: InvoiceTemplateId | Unset | Clear | None = UNSET
    default_vat_rate_id: VatRateId | Unset | Clear | None = UNSET
    payment_term_days: int | Unset | Clear | None = UNSET
    #: C7: replaces the whole list of e-invoicing addresses (the first the default).
    einvoice_addresses: tuple[NewEInvoice, ...] | Unset | Clear | None = UNSET
    market_segment_ids: frozenset[MarketSegmentId] | Unset = field(
        default=UNSET, converter=_segments
    )
    custom_fields: Mapping[CustomFieldId, Any] | Unset = UNSET


def update_customer_settings(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    change: CustomerSettingsChange,
    expected_version: int | None = None,
) -> Customer:
    """Save the Customer settings tab (Edit). C8: billing settings apply to what is created from
    now on; existing invoices, projects and sales cases are not touched."""
    require(principal, CustomerPermission.EDIT, "customer", "update settings")
    return update_customer(
        registry,
        principal,
        UpdateCustomer(
            customer_id=customer_id,
            expected_version=expected_version,
            # the tab's fields are UpdateCustomer's billing fields, by name
            **{n: getattr(change, n) for n in fields_dict(CustomerSettingsChange)},
        ),
    )
