"""Mass update from a report (M9) and the contact status of the Contacts & addresses report (X2),
on every adapter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from reports_world import ANNA
from reports_world import BO
from reports_world import KEYWORDS
from reports_world import SEGMENTS
from reports_world import World
from reports_world import add_customer
from reports_world import open_world
from reports_world import worlds

from custreg.adapters.exports import CollectingSink
from custreg.domain.contact import Contact
from custreg.domain.contact import ContactStatus
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import ContactId
from custreg.domain.mass_update import ChangeOwner
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import builtin_report
from custreg.domain.reports import parse_filters
from custreg.ports.registry import Registry
from custreg.usecases.customers import get_customer
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.reports import mass_update_report
from custreg.usecases.reports import report_customer_ids
from custreg.usecases.reports import run_report

RegistryFactory = Callable[..., Registry]
with_fixture = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

ADMIN = Principal(ANNA, CustomerPermission.ALL)
EDITOR = Principal(BO, CustomerPermission.EDIT)
READER = Principal(BO, CustomerPermission.READ_ONLY)

filters = st.builds(
    ReportFilters,
    status=st.sampled_from((None, *CustomerStatus)),
    owner_id=st.sampled_from((None, ANNA, BO)),
    market_segment_id=st.sampled_from((None, SEGMENTS[1].id)),
    keyword=st.sampled_from((None, *KEYWORDS)),
    contact_status=st.sampled_from((None, *ContactStatus)),
    text=st.sampled_from((None, "a", "1")),
)


def rows_customer_ids(registry: Registry, definition: ReportDefinition) -> list[str]:
    """The customer id cell of every row the report exports, in row order."""
    sink = CollectingSink()
    columns = ("customer.id", *(c for c in definition.columns if c != "customer.id"))
    run_report(
        registry, ADMIN, ReportDefinition(definition.level, columns, definition.filters), sink
    )
    return [str(row[0]) for row in sink.rows]


@with_fixture
@given(
    world=worlds(),
    level=st.sampled_from((ReportLevel.CUSTOMERS, ReportLevel.CONTACTS)),
    chosen=filters,
)
def test_m9_mass_update_from_a_report_changes_exactly_the_customers_of_its_rows(
    registry_factory: RegistryFactory, world: World, level: ReportLevel, chosen: ReportFilters
) -> None:
    registry = open_world(registry_factory, world)
    columns = ("customer.number",) if level is ReportLevel.CUSTOMERS else ("contact.last_name",)
    definition = ReportDefinition(level, columns, chosen)
    in_rows = list(dict.fromkeys(rows_customer_ids(registry, definition)))

    selected = report_customer_ids(registry, EDITOR, definition)

    assert [str(c) for c in selected] == in_rows
    before = {c.id: c.owner_id for c in world.customers}
    result = mass_update_report(registry, EDITOR, ChangeOwner(BO), definition)
    assert [o.customer_id for o in result.outcomes] == list(selected)
    for customer in world.customers:
        now = get_customer(registry, READER, customer.id)
        expected = BO if customer.id in selected else before[customer.id]
        assert now.owner_id == expected


def test_m9_keyword_filter_reaches_the_mass_update(registry_factory: RegistryFactory) -> None:
    world = World()
    tagged, untagged, gone = (
        add_customer(world, name, owner_id=ANNA) for name in ("Tagged", "Untagged", "Deleted tag")
    )
    for n, (customer, keyword, deleted) in enumerate(
        ((tagged, "newsletter", False), (untagged, "other", False), (gone, "newsletter", True))
    ):
        world.contacts.append(
            Contact(
                ContactId(tagged.id.__class__(int=n + 1)),
                customer.id,
                "First",
                f"Last{n}",
                keywords=frozenset({keyword}),
                active=False,  # inactive contacts are listed too (X2), so they count
                deleted_at=world.customers[0].created_at if deleted else None,
            )
        )
    registry = open_world(registry_factory, world)
    definition = builtin_report("customers", filters=ReportFilters(keyword="newsletter"))

    assert report_customer_ids(registry, EDITOR, definition) == (tagged.id,)
    result = mass_update_report(registry, EDITOR, ChangeOwner(BO), definition)
    assert [o.customer_id for o in result.changed] == [tagged.id]
    assert get_customer(registry, READER, untagged.id).owner_id == ANNA
    assert get_customer(registry, READER, gone.id).owner_id == ANNA
    # The query form drops the keyword: every customer would have changed.
    query = definition.filters.customer_query()
    every = mass_update(registry, EDITOR, MassUpdate.matching(ChangeOwner(ANNA), query))
    assert len(every.outcomes) == 3


def test_m9_report_without_rows_changes_nothing(registry_factory: RegistryFactory) -> None:
    world = World()
    add_customer(world, "Alone", owner_id=ANNA)
    registry = open_world(registry_factory, world)
    definition = builtin_report("customers", filters=ReportFilters(keyword="nobody"))
    result = mass_update_report(registry, EDITOR, ChangeOwner(BO), definition)
    assert result.outcomes == ()


def test_m9_needs_edit_and_changes_nothing_when_refused(registry_factory: RegistryFactory) -> None:
    world = World()
    alone = add_customer(world, "Alone", owner_id=ANNA)
    registry = open_world(registry_factory, world)
    with pytest.raises(PermissionDeniedError):
        mass_update_report(registry, READER, ChangeOwner(BO), builtin_report("customers"))
    assert report_customer_ids(registry, READER, builtin_report("customers")) == (alone.id,)
    assert get_customer(registry, READER, alone.id).owner_id == ANNA


def test_x2_contacts_report_lists_active_and_inactive_by_default_and_a_filter_narrows(
    registry_factory: RegistryFactory,
) -> None:
    world = World()
    customer = add_customer(world, "Acme")
    for n, (active, deleted) in enumerate(((True, False), (False, False), (True, True))):
        world.contacts.append(
            Contact(
                ContactId(customer.id.__class__(int=100 + n)),
                customer.id,
                f"F{n}",
                f"L{n}",
                active=active,
                deleted_at=customer.created_at if deleted else None,
            )
        )
    registry = open_world(registry_factory, world)
    columns = ("contact.last_name", "contact.status")

    def rows(status: ContactStatus | str | None) -> list[tuple[Any, ...]]:
        sink = CollectingSink()
        chosen = ReportFilters(contact_status=status)
        run_report(registry, ADMIN, ReportDefinition(ReportLevel.CONTACTS, columns, chosen), sink)
        return [tuple(r) for r in sink.rows]

    assert rows(None) == [("L0", "active"), ("L1", "inactive")]
    assert rows(ContactStatus.ACTIVE) == [("L0", "active")]
    assert rows("Inactive ") == [("L1", "inactive")]
    builtin = CollectingSink()
    run_report(registry, ADMIN, builtin_report("contacts"), builtin)
    assert "contact.status" in [c.key for c in builtin.header.columns]  # type: ignore[union-attr]
    assert len(builtin.rows) == 2


def test_x2_contact_status_filter_is_checked_and_named(registry_factory: RegistryFactory) -> None:
    registry = open_world(registry_factory, World())
    with registry.read() as uow:
        org_settings = uow.settings.get()
    with pytest.raises(ValidationError) as caught:
        parse_filters({"contact_status": "deleted"}, org_settings)
    assert (caught.value.field, caught.value.value) == ("filters.contact_status", "deleted")
    assert "active, inactive" in caught.value.reason
    with pytest.raises(ValidationErrors) as both:
        parse_filters({"contact_status": "deleted", "status": "gone"}, org_settings)
    assert sorted(e.field or "" for e in both.value.errors) == [
        "filters.contact_status",
        "filters.status",
    ]
    with pytest.raises(ValidationError) as wrong_level:
        run_report(
            registry,
            ADMIN,
            ReportDefinition(
                ReportLevel.CUSTOMER_NOTES,
                ("note.text",),
                ReportFilters(contact_status=ContactStatus.ACTIVE),
            ),
            CollectingSink(),
        )
    assert wrong_level.value.field == "filters.contact_status"
