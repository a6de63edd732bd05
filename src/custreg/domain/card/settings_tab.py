"""Tab 5 of the card, Customer settings: billing settings, e-invoicing addresses (C7), market
segments and custom fields.
"""

from __future__ import annotations

from attrs import frozen

from custreg.domain.card.refs import CustomerRef
from custreg.domain.card.refs import customer_ref
from custreg.domain.customer import Customer
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomValue
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import VatRate


@frozen
class SegmentView:
    """A market segment of the customer with the name of its group (None: no group)."""

    segment: MarketSegment
    group_name: str | None


@frozen
class CustomFieldView:
    """A custom field definition with the customer's value (None: not set)."""

    definition: CustomFieldDefinition
    value: CustomValue | None


@frozen
class SettingsTab:
    """Customer settings: billing settings, market segments and custom fields."""

    customer: CustomerRef
    invoice_template: InvoiceTemplate | None
    default_vat_rate: VatRate | None
    payment_term_days: int | None
    #: C7: every e-invoicing address, the default first.
    einvoice_addresses: EInvoiceAddresses
    market_segments: tuple[SegmentView, ...]
    custom_fields: tuple[CustomFieldView, ...]
    version: int

    @property
    def einvoice(self) -> EInvoiceAddress | None:
        """The default e-invoicing address (None: the customer has none)."""
        return self.einvoice_addresses.default


def build_settings_tab(customer: Customer, settings: OrganisationSettings) -> SettingsTab:
    """Assemble the Customer settings tab: active custom fields always, disabled ones only while
    the customer still has a value."""
    templates = {t.id: t for t in settings.invoice_templates}
    rates = {r.id: r for r in settings.vat_rates}
    groups = {g.id: g.name for g in settings.market_segment_groups}
    segments = [
        SegmentView(s, groups.get(s.group_id) if s.group_id else None)
        for s in settings.market_segments
        if s.id in customer.market_segment_ids
    ]
    fields = [
        CustomFieldView(d, customer.custom_fields.get(d.id))
        for d in settings.custom_fields
        if d.active or d.id in customer.custom_fields
    ]
    template_id, rate_id = customer.invoice_template_id, customer.default_vat_rate_id
    return SettingsTab(
        customer=customer_ref(customer),
        invoice_template=templates.get(template_id) if template_id else None,
        default_vat_rate=rates.get(rate_id) if rate_id else None,
        payment_term_days=customer.payment_term_days,
        einvoice_addresses=customer.einvoice_addresses,
        market_segments=tuple(segments),
        custom_fields=tuple(fields),
        version=customer.version,
    )
