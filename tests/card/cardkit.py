"""Shared set-up of the customer-card tests: an organisation's settings, principals at every
permission level, and small helpers that create data through the use cases."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck
from hypothesis import settings

from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentGroupId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
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
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.statuses import StatusKind


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=0xCA4D << 64 | n)


ANNA, BO, CAIA, GONE = UserId(_id(1)), UserId(_id(2)), UserId(_id(3)), UserId(_id(4))
LEAD, OFFER, WON, LOST = (SalesStatusId(_id(n)) for n in (10, 11, 12, 13))
TODO, DOING, DONE, OLD_COLUMN = (TaskStatusId(_id(n)) for n in (20, 21, 22, 23))
DRAFT, SENT, PAID = (InvoiceStatusId(_id(n)) for n in (30, 31, 32))
FINNISH, ENGLISH = InvoiceTemplateId(_id(40)), InvoiceTemplateId(_id(41))
VAT_GENERAL, VAT_REDUCED = VatRateId(_id(50)), VatRateId(_id(51))
NORDICS = MarketSegmentGroupId(_id(60))
KEY_ACCOUNTS, RETAIL, PUBLIC = (MarketSegmentId(_id(n)) for n in (61, 62, 63))
TIER, EMPLOYEES, SIGNED_ON, PARTNER, REGION = (CustomFieldId(_id(n)) for n in range(70, 75))

ADMIN = Principal(ANNA, CustomerPermission.ALL, can_delete_customers=True)
EDITOR = Principal(BO, CustomerPermission.EDIT)
READER = Principal(CAIA, CustomerPermission.READ_ONLY)
NOBODY = Principal(CAIA, CustomerPermission.NONE)
OWN_INVOICES = Principal(BO, CustomerPermission.ALL, invoices=InvoiceAccess.OWN)
PRINCIPALS = (ADMIN, EDITOR, READER, NOBODY)
SALES_STATUS_KIND = StatusKind.SALES

#: Hypothesis settings for tests that make a fresh organisation per example.
per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
#: The same for heavy examples (dozens of rows and reads each), with fewer of them.
per_heavy_example = settings(per_example, max_examples=min(per_example.max_examples, 15))


def card_settings(organisation_id: OrganisationId) -> OrganisationSettings:
    """An organisation with users, statuses of every kind, templates, VAT rates, segments and
    typed custom fields."""
    return OrganisationSettings(
        organisation_id=organisation_id,
        name="Card Oy",
        currency="EUR",
        timezone="Europe/Helsinki",
        users=(
            User(ANNA, "Anna Account"),
            User(BO, "Bo Builder"),
            User(CAIA, "Caia Reader"),
            User(GONE, "Gus Gone", active=False),
        ),
        invoice_templates=(
            InvoiceTemplate(FINNISH, "Finnish", "fi"),
            InvoiceTemplate(ENGLISH, "English", "en"),
        ),
        vat_rates=(
            VatRate(VAT_GENERAL, "General 25.5 %", Decimal("25.5")),
            VatRate(VAT_REDUCED, "Reduced 14 %", Decimal("14")),
        ),
        market_segment_groups=(MarketSegmentGroup(NORDICS, "Nordics"),),
        market_segments=(
            MarketSegment(KEY_ACCOUNTS, "Key accounts"),
            MarketSegment(RETAIL, "Retail", NORDICS),
            MarketSegment(PUBLIC, "Public sector", NORDICS),
        ),
        invoice_statuses=(
            InvoiceStatus(DRAFT, "Draft"),
            InvoiceStatus(SENT, "Sent", is_sent=True, has_number=True),
            InvoiceStatus(PAID, "Paid", is_sent=True, is_paid=True, has_number=True),
        ),
        sales_statuses=(
            SalesStatus(LEAD, "Lead", SalesState.IN_PROGRESS, 10),
            SalesStatus(OFFER, "Offer", SalesState.IN_PROGRESS, 50),
            SalesStatus(WON, "Won", SalesState.WON, 100),
            SalesStatus(LOST, "Lost", SalesState.LOST, 0),
        ),
        task_statuses=(
            TaskStatus(TODO, "Not started", order=1),
            TaskStatus(DOING, "In progress", order=2),
            TaskStatus(DONE, "Done", is_done=True, order=3),
            TaskStatus(OLD_COLUMN, "Old column", order=4, active=False),
        ),
        custom_fields=(
            CustomFieldDefinition(TIER, "Tier", CustomFieldType.CHOICE, ("gold", "silver")),
            CustomFieldDefinition(EMPLOYEES, "Employees", CustomFieldType.NUMBER),
            CustomFieldDefinition(SIGNED_ON, "Signed on", CustomFieldType.DATE),
            CustomFieldDefinition(PARTNER, "Partner", CustomFieldType.BOOLEAN),
            CustomFieldDefinition(REGION, "Region", CustomFieldType.TEXT),
        ),
    )


def new_customer(registry: Registry, name: str = "Acme Oy", **fields: Any) -> Customer:
    return create_customer(registry, ADMIN, CreateCustomer(name, owner_id=ANNA, **fields))


def eur(amount: str | int | Decimal) -> Money:
    return Money(Decimal(amount), "EUR")


def add_invoice(
    registry: Registry,
    customer_id: CustomerId,
    on: date,
    total: str | int | Decimal,
    *,
    status: InvoiceStatusId = SENT,
    number: int | None = 1,
    projects: tuple[ProjectId, ...] = (),
    owner: UserId | None = ANNA,
) -> Invoice:
    """Invoices come from billing, outside the card: stored directly through the unit of work."""
    amount = Decimal(total)
    invoice = Invoice(
        id=InvoiceId(registry.ids.new_id()),
        customer_id=customer_id,
        status_id=status,
        on=on,
        total_excl_vat=eur(amount),
        total_incl_vat=eur((amount * Decimal("1.255")).quantize(Decimal("0.0001"))),
        number=number,
        project_ids=frozenset(projects),
        is_credit_note=amount < 0,
        owner_id=owner,
    )
    with registry.uow() as uow:
        uow.invoices.add(invoice)
        uow.commit()
    return invoice
