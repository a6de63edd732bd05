"""The bulk import's fast paths (and the domain shortcuts it needs) give exactly what the general
code they stand in for gives."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.audit import render
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.business_ids import parse_tax_id
from custreg.domain.business_ids import tax_ids
from custreg.domain.customer import Customer
from custreg.domain.errors import ValidationError
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.testing import strategies as s
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.bulk_import import render_customer


@given(customer=s.customers())
def test_a_customer_renders_as_the_audit_trail_renders_it(customer: Customer) -> None:
    assert render_customer(customer) == render(customer)


@given(customers=st.lists(s.customers(), max_size=4), repeated=st.integers(0, 3))
def test_a_batch_of_customers_renders_as_the_audit_trail_renders_each(
    customers: list[Customer], repeated: int
) -> None:
    """``many``, a field at a time, equals ``render`` of each (the same customer twice too)."""
    batch = customers + customers[:repeated]
    assert render_customer.many(batch) == [render(c) for c in batch]


ANN = UserId(uuid.UUID(int=7))


def test_each_imported_customer_gets_its_creation_entry(registry_factory: Any) -> None:
    registry = registry_factory(
        settings=lambda org: OrganisationSettings(org, "Import Oy", users=(User(ANN, "Ann"),))
    )
    record = {
        "name": "Nokia Oyj",
        "vat_number": "FI01120389",
        "email": "info@nokia.com",
        "city": "Espoo",
        "country": "FI",
        "owner_id": str(ANN),
    }
    report = import_customers(registry, Principal(ANN, CustomerPermission.ALL), [record])
    with registry.uow() as uow:
        customer = uow.customers.get(report.created[0])
        entries = uow.audit.for_entity("customer", customer.id)
    assert [(e.actor, e.action, e.field, e.before, e.after, e.batch_id) for e in entries] == [
        (ANN, "import", "*", None, render(customer), None)
    ]


def _derived(raw: str, country: str | None) -> tuple[VatNumber, BusinessId | None]:
    """What create_customer derived before ``tax_ids``: each id validated on its own."""
    parsed = parse_tax_id(raw, country)
    if isinstance(parsed, BusinessId):
        return parsed.vat_number(), parsed
    return parsed, parsed.business_id()


@given(pair=s.vat_spellings(), country=st.none() | st.sampled_from(s.VAT_COUNTRIES))
def test_tax_ids_of_a_vat_number_are_the_ids_validated_one_by_one(
    pair: tuple[str, VatNumber], country: str | None
) -> None:
    typed, _ = pair
    assert tax_ids(typed, country) == _derived(typed, country)


@given(triple=s.business_id_spellings())
def test_tax_ids_of_a_business_id_are_the_ids_validated_one_by_one(
    triple: tuple[str, str, BusinessId],
) -> None:
    typed, country, _ = triple
    assert tax_ids(typed, country) == _derived(typed, country)


@given(raw=s.invalid_vat_numbers(), country=st.none() | st.sampled_from(s.VAT_COUNTRIES))
def test_tax_ids_refuse_what_parse_tax_id_refuses(raw: str, country: str | None) -> None:
    """Invalid as a VAT number may still be a valid business id of ``country`` (``00000000`` is
    Finland's 0000000-0): whatever ``parse_tax_id`` makes of it, ``tax_ids`` agrees."""
    try:
        expected = _derived(raw, country)
    except ValidationError as error:
        with pytest.raises(ValidationError) as refused:
            tax_ids(raw, country)
        assert (refused.value.field, refused.value.reason) == (error.field, error.reason)
        return
    assert tax_ids(raw, country) == expected
