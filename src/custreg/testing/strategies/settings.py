"""Organisation settings catalogues, a fixed sample organisation and principals."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL
from uuid import UUID
from uuid import uuid5

import attrs
from hypothesis import strategies as st

from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentGroupId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import MarketSegmentGroup
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.domain.values import EmailAddress
from custreg.testing.strategies.channels import email_addresses
from custreg.testing.strategies.monetary import currencies
from custreg.testing.strategies.primitives import TIMEZONES
from custreg.testing.strategies.primitives import I
from custreg.testing.strategies.primitives import T
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import texts


def _unique_by_id(
    items: st.SearchStrategy[T], min_size: int, max_size: int
) -> st.SearchStrategy[tuple[T, ...]]:
    unique = st.lists(items, min_size=min_size, max_size=max_size, unique_by=_id_of)
    return unique.map(tuple)


def _id_of(item: Any) -> UUID:
    return item.id  # type: ignore[no-any-return]


def users() -> st.SearchStrategy[User]:
    """Valid users, with or without an e-mail address, active or not."""
    return st.builds(User, ids(UserId), texts(), optional(email_addresses()), st.booleans())


def vat_rates() -> st.SearchStrategy[VatRate]:
    """Valid VAT rates between 0 and 100 with at most two decimals."""
    rate = st.decimals(min_value=0, max_value=100, places=2)
    return st.builds(VatRate, ids(VatRateId), texts(), rate, st.booleans())


@st.composite
def custom_field_definitions(draw: st.DrawFn) -> CustomFieldDefinition:
    """A valid custom field definition of any type (choices only for a choice field)."""
    kind = draw(st.sampled_from(CustomFieldType))
    choices: tuple[str, ...] = ()
    if kind is CustomFieldType.CHOICE:
        choices = tuple(draw(st.lists(texts(15), min_size=1, max_size=4, unique=True)))
    return CustomFieldDefinition(
        id=draw(ids(CustomFieldId)),
        name=draw(texts(20)),
        type=kind,
        choices=choices,
        required=draw(st.booleans()),
        active=draw(st.booleans()),
    )


def _active_first(items: tuple[T, ...]) -> tuple[T, ...]:
    """Make the first item active, so every catalogue has something usable."""
    if not items:
        return items
    return (attrs.evolve(items[0], active=True), *items[1:])  # type: ignore[misc]


@st.composite
def organisation_settings(
    draw: st.DrawFn, organisation_id: OrganisationId | None = None, min_each: int = 1
) -> OrganisationSettings:
    """Settings with users, industries, templates, VAT rates, segments, statuses and custom fields.

    With ``min_each`` >= 1 every catalogue holds at least that many entries and its first one is
    active; sales statuses then include one of each state, task statuses one done column.
    """
    size = {"min_size": min_each, "max_size": min_each + 3}
    groups = draw(
        _unique_by_id(st.builds(MarketSegmentGroup, ids(MarketSegmentGroupId), texts()), 0, 2)
    )
    group_ids = st.sampled_from([g.id for g in groups]) if groups else st.nothing()
    segments = _unique_by_id(
        st.builds(MarketSegment, ids(MarketSegmentId), texts(), optional(group_ids), st.booleans()),
        **size,
    )
    invoice_statuses = st.builds(
        InvoiceStatus,
        ids(InvoiceStatusId),
        texts(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    )
    sales = list(
        draw(
            _unique_by_id(
                st.builds(
                    SalesStatus,
                    ids(SalesStatusId),
                    texts(),
                    st.sampled_from(SalesState),
                    st.integers(0, 100),
                    st.booleans(),
                ),
                **size,
            )
        )
    )
    if min_each:
        present = {s.state for s in sales}
        for state in SalesState:
            if state not in present:
                sales.append(SalesStatus(draw(ids(SalesStatusId)), state.value, state, 50))
    tasks = list(
        draw(
            _unique_by_id(
                st.builds(
                    TaskStatus,
                    ids(TaskStatusId),
                    texts(),
                    st.booleans(),
                    st.integers(0, 20),
                    st.booleans(),
                ),
                **size,
            )
        )
    )
    if min_each and not any(t.is_done for t in tasks):
        tasks.append(TaskStatus(draw(ids(TaskStatusId)), "Done", is_done=True, order=99))
    return OrganisationSettings(
        organisation_id=organisation_id or draw(ids(OrganisationId)),
        name=draw(texts()),
        currency=draw(currencies()),
        timezone=draw(st.sampled_from(TIMEZONES)),
        users=_active_first(draw(_unique_by_id(users(), **size))),
        industries=_active_first(
            draw(
                _unique_by_id(st.builds(Industry, ids(IndustryId), texts(), st.booleans()), **size)
            )
        ),
        invoice_templates=_active_first(
            draw(
                _unique_by_id(
                    st.builds(
                        InvoiceTemplate,
                        ids(InvoiceTemplateId),
                        texts(),
                        optional(st.sampled_from(["fi", "sv", "en", "no", "da"])),
                        st.booleans(),
                    ),
                    **size,
                )
            )
        ),
        vat_rates=_active_first(draw(_unique_by_id(vat_rates(), **size))),
        market_segment_groups=groups,
        market_segments=_active_first(draw(segments)),
        invoice_statuses=_active_first(draw(_unique_by_id(invoice_statuses, **size))),
        sales_statuses=tuple(sales),
        task_statuses=tuple(tasks),
        custom_fields=draw(_unique_by_id(custom_field_definitions(), 0, 3)),
    )


def _fixed(kind: Callable[[UUID], I], name: str) -> I:
    return kind(uuid5(NAMESPACE_URL, f"custreg:sample:{name}"))


def sample_settings(organisation_id: OrganisationId | None = None) -> OrganisationSettings:
    """Fixed, realistic settings with stable ids: active and disabled entries in every catalogue,
    invoice statuses with and without the Sent flag, one sales status per state, a done column."""
    org = organisation_id or _fixed(OrganisationId, "organisation")
    group = MarketSegmentGroup(_fixed(MarketSegmentGroupId, "group"), "Size")
    return OrganisationSettings(
        organisation_id=org,
        name="Sample Oy",
        users=(
            User(_fixed(UserId, "anna"), "Anna Admin", EmailAddress("anna@example.fi")),
            User(_fixed(UserId, "bert"), "Bert Seller"),
            User(_fixed(UserId, "gone"), "Gone User", active=False),
        ),
        industries=(
            Industry(_fixed(IndustryId, "software"), "Software"),
            Industry(_fixed(IndustryId, "retail"), "Retail"),
            Industry(_fixed(IndustryId, "mining"), "Mining", active=False),
        ),
        invoice_templates=(
            InvoiceTemplate(_fixed(InvoiceTemplateId, "fi"), "Finnish", "fi"),
            InvoiceTemplate(_fixed(InvoiceTemplateId, "en"), "English", "en"),
            InvoiceTemplate(_fixed(InvoiceTemplateId, "old"), "Old", active=False),
        ),
        vat_rates=(
            VatRate(_fixed(VatRateId, "general"), "General 25.5 %", Decimal("25.5")),
            VatRate(_fixed(VatRateId, "food"), "Food 14 %", Decimal("14")),
            VatRate(_fixed(VatRateId, "old"), "Old 24 %", Decimal("24"), active=False),
        ),
        market_segment_groups=(group,),
        market_segments=(
            MarketSegment(_fixed(MarketSegmentId, "small"), "Small", group.id),
            MarketSegment(_fixed(MarketSegmentId, "large"), "Large", group.id),
            MarketSegment(_fixed(MarketSegmentId, "public"), "Public sector"),
            MarketSegment(_fixed(MarketSegmentId, "old"), "Old", active=False),
        ),
        invoice_statuses=(
            InvoiceStatus(_fixed(InvoiceStatusId, "draft"), "Draft"),
            InvoiceStatus(_fixed(InvoiceStatusId, "sent"), "Sent", is_sent=True, has_number=True),
            InvoiceStatus(
                _fixed(InvoiceStatusId, "paid"),
                "Paid",
                is_sent=True,
                is_paid=True,
                has_number=True,
                is_read_only=True,
            ),
        ),
        sales_statuses=(
            SalesStatus(_fixed(SalesStatusId, "lead"), "Lead", SalesState.IN_PROGRESS, 10),
            SalesStatus(_fixed(SalesStatusId, "won"), "Won", SalesState.WON, 100),
            SalesStatus(_fixed(SalesStatusId, "lost"), "Lost", SalesState.LOST, 0),
        ),
        task_statuses=(
            TaskStatus(_fixed(TaskStatusId, "todo"), "To do", order=1),
            TaskStatus(_fixed(TaskStatusId, "doing"), "Doing", order=2),
            TaskStatus(_fixed(TaskStatusId, "done"), "Done", is_done=True, order=3),
        ),
        custom_fields=(
            CustomFieldDefinition(_fixed(CustomFieldId, "note"), "Note", CustomFieldType.TEXT),
            CustomFieldDefinition(_fixed(CustomFieldId, "staff"), "Staff", CustomFieldType.NUMBER),
            CustomFieldDefinition(
                _fixed(CustomFieldId, "tier"), "Tier", CustomFieldType.CHOICE, ("A", "B", "C")
            ),
        ),
    )


def settings_factory(
    settings: OrganisationSettings,
) -> Callable[[OrganisationId], OrganisationSettings]:
    """``settings`` re-addressed to whatever organisation a registry factory creates."""
    return lambda organisation_id: attrs.evolve(settings, organisation_id=organisation_id)


def active(items: Sequence[T]) -> list[T]:
    """The active entries of a settings catalogue."""
    return [item for item in items if item.active]  # type: ignore[attr-defined]


def principals(
    min_level: CustomerPermission = CustomerPermission.NONE,
    max_level: CustomerPermission = CustomerPermission.ALL,
    user_id: UserId | None = None,
) -> st.SearchStrategy[Principal]:
    """Principals with a Customers permission between ``min_level`` and ``max_level`` (U1)."""
    levels = [p for p in CustomerPermission if min_level <= p <= max_level]
    return st.builds(
        Principal,
        st.just(user_id) if user_id is not None else ids(UserId),
        st.sampled_from(levels),
        st.booleans(),
        st.sampled_from(InvoiceAccess),
    )
