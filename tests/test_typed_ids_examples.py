"""Entities take typed ids only: every id field of an entity (``Customer.id``, ``owner_id``,
``Invoice.project_ids``, ...) holds a ``UUID`` (every id NewType is one at runtime). Anything
else, a text id above all, is a ValidationError naming the entity and the field, never stored."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from types import UnionType
from typing import Any
from typing import NewType
from typing import Union
from typing import get_args
from typing import get_origin
from uuid import UUID

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.activity import Activity
from custreg.domain.activity import FileLink
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import MarketSegmentGroup
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.validation import entity_name
from custreg.domain.validation import ids_only
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.testing.strategies.every_entity import entity_strategies
from custreg.testing.strategies.settings import organisation_settings
from refusals import refused

REASON = "must be an id (UUID)"
ACME = CustomerId(UUID(int=1))
ANNA = UserId(UUID(int=2))
NOW = datetime(2026, 1, 1, tzinfo=UTC)

#: The catalogue entries of the organisation's settings, each an entity with an id.
SETTINGS_ENTRIES = (
    User,
    Industry,
    InvoiceTemplate,
    VatRate,
    MarketSegmentGroup,
    MarketSegment,
    InvoiceStatus,
    SalesStatus,
    TaskStatus,
    CustomFieldDefinition,
)
AGGREGATES = (
    Customer,
    Address,
    Contact,
    Project,
    Proposal,
    CostEntry,
    Invoice,
    Activity,
    Note,
    Task,
    FileLink,
    AuditEntry,
    ProjectForecast,
)
ENTITIES = (*AGGREGATES, *SETTINGS_ENTRIES, OrganisationSettings)


def _is_id(kind: Any) -> bool:
    return kind is UUID or (isinstance(kind, NewType) and kind.__supertype__ is UUID)


def id_fields(cls: type) -> dict[str, str]:
    """The id fields of ``cls`` by their annotation: ``one``, ``optional`` or ``set``."""
    found = {}
    for f in attrs.fields(attrs.resolve_types(cls)):
        kind, args = f.type, get_args(f.type)
        if _is_id(kind):
            found[f.name] = "one"
        elif get_origin(kind) in {Union, UnionType} and len(args) == 2 and _is_id(args[0]):
            found[f.name] = "optional"
        elif get_origin(kind) in {frozenset, tuple} and args and _is_id(args[0]):
            found[f.name] = "set"
    return found


_VALIDATORS = {"one": an_id, "optional": an_optional_id, "set": ids_only}


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
def test_every_id_field_of_an_entity_checks_its_type(cls: type) -> None:
    fields = id_fields(cls)
    assert fields, f"{cls.__name__} has no id field"
    for f in attrs.fields(cls):
        if f.name in fields:
            assert f.validator is _VALIDATORS[fields[f.name]], f"{cls.__name__}.{f.name}"


def test_the_id_fields_are_the_ones_typed_as_ids() -> None:
    assert id_fields(Customer) == {
        "id": "one",
        "created_by": "optional",
        "updated_by": "optional",
        "owner_id": "optional",
        "industry_id": "optional",
        "market_segment_ids": "set",
        "invoice_template_id": "optional",
        "default_vat_rate_id": "optional",
        "headquarters_address_id": "optional",
    }
    assert id_fields(Invoice) == {
        "id": "one",
        "customer_id": "one",
        "status_id": "one",
        "project_ids": "set",
        "owner_id": "optional",
    }
    assert id_fields(AuditEntry) == {
        "id": "one",
        "actor": "optional",
        "entity_id": "one",
        "batch_id": "optional",
    }


def _customer(**changes: Any) -> Customer:
    values: dict[str, Any] = {"id": ACME, "number": CustomerNumber(1), "name": "Acme Oy"}
    return Customer(**(values | {"created_at": NOW} | changes))


@pytest.mark.parametrize(
    ("field", "value", "refused_value"),
    [
        ("id", str(ACME), str(ACME)),
        ("id", None, None),
        ("id", 1, 1),
        ("owner_id", str(ANNA), str(ANNA)),
        ("owner_id", ANNA.bytes, ANNA.bytes),
        ("created_by", "anna", "anna"),
        ("industry_id", str(UUID(int=3)), str(UUID(int=3))),
        ("headquarters_address_id", "hq", "hq"),
        ("market_segment_ids", {MarketSegmentId(UUID(int=4)), "5"}, "5"),
    ],
)
def test_a_customer_refuses_an_id_that_is_not_a_uuid(
    field: str, value: Any, refused_value: Any
) -> None:
    with refused("customer", field, REASON, refused_value):
        _customer(**{field: value})


def test_typed_ids_and_none_where_optional_are_accepted() -> None:
    segment = MarketSegmentId(UUID(int=4))
    customer = _customer(owner_id=ANNA, market_segment_ids=[segment], industry_id=None)
    assert (customer.id, customer.owner_id, customer.industry_id) == (ACME, ANNA, None)
    assert customer.market_segment_ids == frozenset({segment})


def test_the_entity_an_id_error_names_is_the_class_in_snake_case() -> None:
    assert [entity_name(c) for c in (Customer, CostEntry, FileLink, OrganisationSettings)] == [
        "customer",
        "cost_entry",
        "file_link",
        "organisation_settings",
    ]
    entry = CostEntry(
        CostEntryId(UUID(int=5)),
        ProjectId(UUID(int=6)),
        CostKind.TRAVEL,
        date(2026, 1, 1),
        Money(Decimal("1"), "EUR"),
    )
    with refused("cost_entry", "project_id", REASON, "p"):
        attrs.evolve(entry, project_id="p")


def _wrong(shape: str, valid: Any) -> tuple[Any, Any]:
    """A text id in place of ``valid`` and the value the refusal names."""
    if shape == "set":
        text = "not-an-id"
        return frozenset({*valid, text}), text
    text = str(valid) if valid is not None else "not-an-id"
    return text, text


@given(st.data())
@pytest.mark.parametrize("name", [c.__name__ for c in AGGREGATES])
def test_no_entity_accepts_a_text_id_in_any_id_field(name: str, data: st.DataObject) -> None:
    entity = data.draw(entity_strategies()[name])
    for field, shape in id_fields(type(entity)).items():
        wrong, named = _wrong(shape, getattr(entity, field))
        with refused(entity_name(type(entity)), field, REASON, named):
            attrs.evolve(entity, **{field: wrong})


@given(organisation_settings(min_each=1))
def test_no_settings_entry_accepts_a_text_id(settings: OrganisationSettings) -> None:
    entries = [
        settings.users[0],
        settings.industries[0],
        settings.invoice_templates[0],
        settings.vat_rates[0],
        settings.market_segments[0],
        settings.invoice_statuses[0],
        settings.sales_statuses[0],
        settings.task_statuses[0],
        *settings.custom_fields[:1],
        *settings.market_segment_groups[:1],
    ]
    for entry in entries:
        with refused(entity_name(type(entry)), "id", REASON, str(entry.id)):
            attrs.evolve(entry, id=str(entry.id))
    with refused("organisation_settings", "organisation_id", REASON, "org"):
        attrs.evolve(settings, organisation_id="org")
