"""Update commands: UNCHANGED leaves a field, CLEAR empties that field and no other (C2).

An empty VAT number used to clear the VAT number AND the business id. Now an update says
explicitly what it clears (CLEAR, or None), an empty or blank identifier is a ValidationError
naming the field that changes nothing, and clearing one field never clears another. Memory,
SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from card.cardkit import ADMIN
from card.cardkit import ANNA
from card.cardkit import FINNISH
from card.cardkit import VAT_GENERAL
from card.cardkit import card_settings
from card.cardkit import new_customer
from card.cardkit import per_example
from custreg import CLEAR
from custreg import UNCHANGED
from custreg.domain.activity import ActivityKind
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.errors import ValidationError
from custreg.ports.registry import Registry
from custreg.testing.contracts import RegistryFactory
from custreg.usecases.activities import ActivityChanges
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.activities import update_activity
from custreg.usecases.card import CustomerSettingsChange
from custreg.usecases.card import update_customer_settings
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.contacts import ContactChanges
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import update_contact
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import update_customer

VAT = "FI01120389"
BUSINESS_ID = "0112038-9"
#: The optional customer fields an update can clear, with a value to give each first.
OPTIONAL = {
    "vat_number": VAT,
    "business_id": BUSINESS_ID,
    "email": "sales@example.com",
    "website": "https://example.com",
    "owner_id": ANNA,
    "invoice_template_id": FINNISH,
    "default_vat_rate_id": VAT_GENERAL,
    "payment_term_days": 14,
    "einvoice_addresses": (NewEInvoice("003701120389", "003721291126"),),
}


def _full(registry: Registry) -> Any:
    customer = new_customer(registry, "Full Oy")
    values = {k: v for k, v in OPTIONAL.items() if k != "business_id"}
    return update_customer(registry, ADMIN, UpdateCustomer(customer.id, country="FI", **values))


def test_c2_setting_the_vat_number_sets_both_identifiers(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=card_settings)
    full = _full(registry)
    assert full.vat_number == VatNumber.parse(VAT)
    assert full.business_id == BusinessId.parse(BUSINESS_ID, "FI")


@per_example
@given(
    cleared=st.sets(st.sampled_from(sorted(OPTIONAL)), min_size=1),
    how=st.sampled_from([CLEAR, None]),
)
@example(cleared={"vat_number"}, how=CLEAR)
@example(cleared={"business_id"}, how=None)
def test_c2_clearing_fields_empties_exactly_those(
    registry_factory: RegistryFactory, cleared: set[str], how: Any
) -> None:
    """Clearing any set of optional fields (CLEAR or None) empties those and keeps the rest."""
    registry = registry_factory(settings=card_settings)
    before = _full(registry)
    after = update_customer(
        registry, ADMIN, UpdateCustomer(before.id, **dict.fromkeys(cleared, how))
    )
    for name in OPTIONAL:
        if name in cleared:  # an empty list of e-invoicing addresses is its empty value (C7)
            assert not getattr(after, name), name
        else:
            assert getattr(after, name) == getattr(before, name), name


@pytest.mark.parametrize("field", ["vat_number", "business_id"])
@pytest.mark.parametrize("empty", ["", "   ", "\t"])
def test_c2_an_empty_identifier_is_refused_and_changes_nothing(
    registry_factory: RegistryFactory, field: str, empty: str
) -> None:
    registry = registry_factory(settings=card_settings)
    before = _full(registry)
    with pytest.raises(ValidationError) as refused:
        update_customer(registry, ADMIN, UpdateCustomer(before.id, **{field: empty}))
    assert (refused.value.entity, refused.value.field) == ("customer", field)
    assert "CLEAR" in refused.value.reason
    assert get_customer(registry, ADMIN, before.id) == before


def test_c2_setting_the_business_id_alone_keeps_the_vat_number(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=card_settings)
    before = _full(registry)
    after = update_customer(
        registry, ADMIN, UpdateCustomer(before.id, business_id="2331972-7")
    )
    assert after.business_id == BusinessId.parse("2331972-7", "FI")
    assert after.vat_number == before.vat_number


def test_unchanged_is_the_default_and_changes_nothing(registry_factory: RegistryFactory) -> None:
    registry = registry_factory(settings=card_settings)
    before = _full(registry)
    fields = dict.fromkeys(OPTIONAL, UNCHANGED)
    assert update_customer(registry, ADMIN, UpdateCustomer(before.id, **fields)) == before


def test_the_settings_tab_clears_one_billing_setting_alone(
    registry_factory: RegistryFactory,
) -> None:
    registry = registry_factory(settings=card_settings)
    before = _full(registry)
    after = update_customer_settings(
        registry, ADMIN, before.id, CustomerSettingsChange(invoice_template_id=CLEAR)
    )
    assert after.invoice_template_id is None
    assert attrs.evolve(after, invoice_template_id=FINNISH, version=before.version) == attrs.evolve(
        before, updated_at=after.updated_at, updated_by=after.updated_by
    )


def test_contacts_and_activities_clear_one_field_alone(registry_factory: RegistryFactory) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    contact = add_contact(
        registry, ADMIN, customer.id, NewContact("Ada", "Lovelace", title="CTO", phones=("+358 1",))
    )
    changed = update_contact(registry, ADMIN, contact.id, ContactChanges(title=CLEAR))
    assert (changed.title, changed.phones) == (None, contact.phones)
    activity = add_activity(
        registry,
        ADMIN,
        customer.id,
        NewActivity(ActivityKind.TODO, "Call", owner_id=ANNA, description="About the offer"),
    )
    changed_activity = update_activity(
        registry, ADMIN, activity.id, ActivityChanges(description=CLEAR)
    )
    assert (changed_activity.description, changed_activity.owner_id) == (None, ANNA)
