"""Customer settings tab: billing settings (C8), market segments and typed custom fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from cardkit import EDITOR
from cardkit import EMPLOYEES
from cardkit import ENGLISH
from cardkit import FINNISH
from cardkit import KEY_ACCOUNTS
from cardkit import LEAD
from cardkit import PARTNER
from cardkit import PUBLIC
from cardkit import READER
from cardkit import REGION
from cardkit import RETAIL
from cardkit import SIGNED_ON
from cardkit import TIER
from cardkit import VAT_GENERAL
from cardkit import VAT_REDUCED
from cardkit import WON
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomFieldId
from custreg.testing.strategies import einvoice_address_lists
from custreg.usecases.card import CustomerSettingsChange
from custreg.usecases.card import settings_tab
from custreg.usecases.card import update_customer_settings
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.customers import get_customer
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_project
from custreg.usecases.projects import create_sales_case

changes = st.builds(
    CustomerSettingsChange,
    invoice_template_id=st.sampled_from([UNSET, None, FINNISH, ENGLISH]),
    default_vat_rate_id=st.sampled_from([UNSET, None, VAT_GENERAL, VAT_REDUCED]),
    payment_term_days=st.sampled_from([UNSET, None]) | st.integers(0, 365),
    einvoice_addresses=st.sampled_from([UNSET, None])
    | einvoice_address_lists(max_size=3).map(
        lambda found: tuple(NewEInvoice(e.address, e.operator) for e in found)
    ),
    market_segment_ids=st.sampled_from([UNSET])
    | st.frozensets(st.sampled_from([KEY_ACCOUNTS, RETAIL, PUBLIC])),
)


def _history(registry: Any, customer_id: Any) -> tuple[Any, ...]:
    with registry.uow() as uow:
        return (
            uow.invoices.for_customer(customer_id),
            uow.projects.for_customer(customer_id),
        )


@per_example
@given(steps=st.lists(changes, min_size=1, max_size=3))
def test_c8_billing_settings_change_no_existing_invoice_project_or_sales_case(
    registry_factory: Any, steps: list[CustomerSettingsChange]
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    create_project(registry, EDITOR, customer.id, NewProject("Won one", sales_status_id=WON))
    create_sales_case(registry, EDITOR, customer.id, NewProject("Pipeline", sales_status_id=LEAD))
    add_invoice(registry, customer.id, date(2026, 10, 3), 1200)
    before = _history(registry, customer.id)
    for step in steps:
        updated = update_customer_settings(registry, EDITOR, customer.id, step)
        tab = settings_tab(registry, READER, customer.id)
        assert (tab.invoice_template.id if tab.invoice_template else None) == (
            updated.invoice_template_id
        )
        assert (tab.default_vat_rate.id if tab.default_vat_rate else None) == (
            updated.default_vat_rate_id
        )
        assert tab.payment_term_days == updated.payment_term_days
        assert tab.einvoice_addresses == updated.einvoice_addresses
        assert tab.einvoice == updated.einvoice_addresses.default
        assert {s.segment.id for s in tab.market_segments} == updated.market_segment_ids
        assert tab.version == updated.version
    assert _history(registry, customer.id) == before


VALUES = {
    TIER: ("gold", "platinum"),
    EMPLOYEES: (Decimal("1250"), "many"),
    SIGNED_ON: (date(2024, 5, 1), "2024-05-01"),
    PARTNER: (True, "yes"),
    REGION: ("Uusimaa", 17),
}
NAMES = {
    TIER: "Tier",
    EMPLOYEES: "Employees",
    SIGNED_ON: "Signed on",
    PARTNER: "Partner",
    REGION: "Region",
}


@per_example
@given(field=st.sampled_from(list(VALUES)), good=st.booleans())
def test_c8_custom_field_values_are_checked_against_their_definition(
    registry_factory: Any, field: CustomFieldId, good: bool
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    right, wrong = VALUES[field]
    if good:
        update_customer_settings(
            registry, EDITOR, customer.id, CustomerSettingsChange(custom_fields={field: right})
        )
        tab = settings_tab(registry, READER, customer.id)
        shown = {v.definition.id: v.value for v in tab.custom_fields}
        assert shown[field] == right
        assert sum(1 for v in shown.values() if v is not None) == 1
        return
    with pytest.raises(ValidationError) as error:
        update_customer_settings(
            registry, EDITOR, customer.id, CustomerSettingsChange(custom_fields={field: wrong})
        )
    assert (error.value.entity, error.value.field) == ("customer", f"custom_fields.{NAMES[field]}")
    assert get_customer(registry, READER, customer.id) == customer  # nothing stored


def test_unknown_custom_field_is_a_validation_error_naming_the_field(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    unknown = CustomFieldId(registry.ids.new_id())
    with pytest.raises(ValidationError) as error:
        update_customer_settings(
            registry, EDITOR, customer.id, CustomerSettingsChange(custom_fields={unknown: "x"})
        )
    assert (error.value.entity, error.value.field) == ("customer", "custom_fields")
    assert get_customer(registry, READER, customer.id) == customer


def test_settings_tab_shows_segments_with_groups_and_every_active_field(
    registry_factory: Any,
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    update_customer_settings(
        registry,
        EDITOR,
        customer.id,
        CustomerSettingsChange(market_segment_ids=frozenset({RETAIL, KEY_ACCOUNTS})),
    )
    tab = settings_tab(registry, READER, customer.id)
    assert [(s.segment.name, s.group_name) for s in tab.market_segments] == [
        ("Key accounts", None),
        ("Retail", "Nordics"),
    ]
    assert [v.definition.name for v in tab.custom_fields] == list(NAMES.values())
    assert all(v.value is None for v in tab.custom_fields)
