"""Test data for the report and duplicate tests: one organisation's registry as plain lists
(a *world*), a Hypothesis strategy drawing worlds, and storing a world through the repository
ports so the same world runs on every adapter.

Texts are drawn from (almost) all of Unicode and include the formula prefixes of X4, so exporters
meet names like ``=HYPERLINK(...)``, ``-5``, ``@SUM`` and embedded line breaks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import NoteId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.testing.strategies import unicode_texts

RegistryFactory = Callable[..., Registry]

EUR = "EUR"
ANNA = UserId(uuid.UUID(int=0xA11A))
BO = UserId(uuid.UUID(int=0xB0B0))
USERS = (User(ANNA, "Anna Account"), User(BO, "Bo Builder"))
INDUSTRIES = (Industry(IndustryId(uuid.UUID(int=0x1D1)), "IT"), Industry(
    IndustryId(uuid.UUID(int=0x1D2)), "Retail"
))
SEGMENTS = (
    MarketSegment(MarketSegmentId(uuid.UUID(int=0x5E1)), "Key accounts"),
    MarketSegment(MarketSegmentId(uuid.UUID(int=0x5E2)), "Nordics"),
    MarketSegment(MarketSegmentId(uuid.UUID(int=0x5E3)), "=Public sector"),
)
IN_PROGRESS = SalesStatus(SalesStatusId(uuid.UUID(int=0x5A1)), "Lead", SalesState.IN_PROGRESS)
NEGOTIATION = SalesStatus(
    SalesStatusId(uuid.UUID(int=0x5A2)), "Negotiation", SalesState.IN_PROGRESS, 50
)
WON = SalesStatus(SalesStatusId(uuid.UUID(int=0x5A3)), "Won", SalesState.WON, 100)
LOST = SalesStatus(SalesStatusId(uuid.UUID(int=0x5A4)), "Lost", SalesState.LOST)
SALES_STATUSES = (IN_PROGRESS, NEGOTIATION, WON, LOST)
DRAFT = InvoiceStatus(InvoiceStatusId(uuid.UUID(int=0x1A1)), "Draft")
SENT = InvoiceStatus(InvoiceStatusId(uuid.UUID(int=0x1A2)), "Sent", is_sent=True, has_number=True)
INVOICE_STATUSES = (DRAFT, SENT)
CUSTOM_TEXT = CustomFieldDefinition(
    CustomFieldId(uuid.UUID(int=0xCF1)), "Region", CustomFieldType.TEXT
)
CUSTOM_NUMBER = CustomFieldDefinition(
    CustomFieldId(uuid.UUID(int=0xCF2)), "Employees", CustomFieldType.NUMBER
)
CUSTOM_DATE = CustomFieldDefinition(
    CustomFieldId(uuid.UUID(int=0xCF3)), "Customer since", CustomFieldType.DATE
)
KEYWORDS = ("newsletter", "vip", "=cmd")
FORMULA_TEXTS = (
    "=1+1",
    "+46 70 123",
    "-5",
    "@SUM(A1)",
    "\tTabbed",
    "=HYPERLINK(\"http://x\",\"y\")",
    "Line\r\nbreak",
    "#N/A",
    "'quoted",
    "a,b;\"c\"",
)
START = datetime(2025, 1, 1, 8, 30, tzinfo=UTC)


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Non-blank text as the entities store it, from nearly all of Unicode (the text policy
    refuses controls and lone surrogates), or a formula-looking text."""
    return st.one_of(st.sampled_from(FORMULA_TEXTS), unicode_texts(max_size))


def settings_for(
    organisation_id: OrganisationId, timezone: str = "Europe/Helsinki"
) -> OrganisationSettings:
    return OrganisationSettings(
        organisation_id=organisation_id,
        name="Report test Oy",
        currency=EUR,
        timezone=timezone,
        users=USERS,
        industries=INDUSTRIES,
        market_segments=SEGMENTS,
        invoice_statuses=INVOICE_STATUSES,
        sales_statuses=SALES_STATUSES,
        custom_fields=(CUSTOM_TEXT, CUSTOM_NUMBER, CUSTOM_DATE),
    )


@dataclass
class World:
    """One organisation's data. Ids are fresh UUIDs so worlds never collide in a shared database."""

    timezone: str = "Europe/Helsinki"
    customers: list[Customer] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)

    def settings(self, organisation_id: OrganisationId) -> OrganisationSettings:
        return settings_for(organisation_id, self.timezone)

    def customer(self, customer_id: CustomerId) -> Customer:
        return next(c for c in self.customers if c.id == customer_id)

    def address(self, address_id: AddressId | None) -> Address | None:
        return next((a for a in self.addresses if a.id == address_id), None)

    def project(self, project_id: ProjectId | None) -> Project | None:
        return next((p for p in self.projects if p.id == project_id), None)


def _id() -> uuid.UUID:
    return uuid.uuid4()


def add_customer(world: World, name: str, **values: Any) -> Customer:
    number = len(world.customers) + 1
    customer = Customer(
        id=CustomerId(_id()),
        number=CustomerNumber(number),
        name=name,
        created_at=values.pop("created_at", START + timedelta(hours=number)),
        **values,
    )
    world.customers.append(customer)
    return customer


def add_address(
    world: World, customer: Customer, city: str, lines: tuple[str, ...] = ()
) -> Address:
    ordinal = sum(1 for a in world.addresses if a.customer_id == customer.id) + 1
    address = Address(
        AddressId(_id()), customer.id, "FI", lines, "00100", city, frozenset({AddressKind.POSTAL}),
        ordinal,
    )
    world.addresses.append(address)
    return address


def add_project(
    world: World, customer: Customer, status: SalesStatus | None = None, **values: Any
) -> Project:
    project = Project(
        id=ProjectId(_id()),
        customer_id=customer.id,
        number=len(world.projects) + 1,
        name=values.pop("name", f"Project {len(world.projects) + 1}"),
        sales_status_id=status.id if status else None,
        **values,
    )
    world.projects.append(project)
    return project


def add_note(world: World, customer: Customer, text: str, project: Project | None = None) -> Note:
    note = Note(
        NoteId(_id()),
        customer.id,
        text,
        START + timedelta(minutes=7 * len(world.notes), microseconds=123),
        ANNA,
        project.id if project else None,
    )
    world.notes.append(note)
    return note


def add_invoice(
    world: World,
    customer: Customer,
    amount: str,
    *,
    status: InvoiceStatus = SENT,
    owner: UserId | None = None,
    projects: tuple[Project, ...] = (),
) -> Invoice:
    value = Decimal(amount)
    invoice = Invoice(
        InvoiceId(_id()),
        customer.id,
        status.id,
        date(2026, 3, 1),
        Money(value, EUR),
        Money(value, EUR),
        number=len(world.invoices) + 1,
        project_ids=frozenset(p.id for p in projects),
        is_credit_note=value < 0,
        owner_id=owner,
    )
    world.invoices.append(invoice)
    return invoice


EMAILS = ("anna@example.com", "bo@example.fi", "=x@example.org", "sales@esimerkki.fi")
LAST_NAMES = ("Virtanen", "virtanen", "Ärje", "-Minus")
EXPECTED_VALUES = (None, Money("1500.5", EUR), Money("3", "USD"))
AMOUNTS = ("0", "12.50", "-3.25", "1000000.0001", "99999999999.99", "7")


@st.composite
def worlds(draw: st.DrawFn, max_customers: int = 5) -> World:
    """A small world exercising every column: statuses, owners, segments, custom fields,
    headquarters and contact addresses, (in)active and deleted contacts with emails and keywords,
    notes on customers, sales cases and projects, billed and draft invoices."""
    world = World(timezone=draw(st.sampled_from(("Europe/Helsinki", "UTC", "America/New_York"))))
    for _ in range(draw(st.integers(0, max_customers))):
        custom = {}
        if draw(st.booleans()):
            custom[CUSTOM_TEXT.id] = draw(texts())
        if draw(st.booleans()):
            custom[CUSTOM_NUMBER.id] = Decimal(draw(st.sampled_from(("-1.5", "42", "1E+3"))))
        if draw(st.booleans()):
            custom[CUSTOM_DATE.id] = draw(st.dates(date(1990, 1, 1), date(2030, 1, 1)))
        customer = add_customer(
            world,
            draw(texts()),
            status=draw(st.sampled_from(CustomerStatus)),
            owner_id=draw(st.sampled_from((None, ANNA, BO))),
            industry_id=draw(st.sampled_from((None, *(i.id for i in INDUSTRIES)))),
            market_segment_ids=draw(st.frozensets(st.sampled_from([s.id for s in SEGMENTS]))),
            email=draw(st.sampled_from((None, EmailAddress(EMAILS[0])))),
            is_internal=draw(st.booleans()),
            custom_fields=custom,
            created_at=START
            + timedelta(days=draw(st.integers(0, 400)), seconds=draw(st.integers(0, 86399))),
        )
        addresses = [
            add_address(world, customer, draw(texts()), (draw(texts()),))
            for _ in range(draw(st.integers(0, 2)))
        ]
        if addresses:
            world.customers[-1] = customer = _with_hq(customer, addresses[0].id)
        for _ in range(draw(st.integers(0, 3))):
            world.contacts.append(
                Contact(
                    ContactId(_id()),
                    customer.id,
                    draw(texts(8)),
                    draw(st.sampled_from(LAST_NAMES) | texts(8)),
                    title=draw(st.sampled_from((None, "CEO", "=Boss"))),
                    emails=draw(st.lists(st.sampled_from(EMAILS), unique=True, max_size=3)),
                    phones=draw(st.frozensets(st.sampled_from(("+358 40 1", "040 2")))),
                    roles=draw(st.frozensets(st.sampled_from(("Buyer", "@Owner")))),
                    keywords=draw(st.frozensets(st.sampled_from(KEYWORDS))),
                    address_id=draw(st.sampled_from([None, *(a.id for a in addresses)])),
                    active=draw(st.booleans()),
                    deleted_at=draw(st.sampled_from((None, START))),
                )
            )
        for _ in range(draw(st.integers(0, 2))):
            project = add_project(
                world,
                customer,
                draw(st.sampled_from((None, *SALES_STATUSES))),
                probability=draw(st.integers(0, 100)),
                expected_value=draw(st.sampled_from(EXPECTED_VALUES)),
                is_closed=draw(st.booleans()),
            )
            for _ in range(draw(st.integers(0, 2))):
                add_note(world, customer, draw(texts(30)), project)
        for _ in range(draw(st.integers(0, 2))):
            add_note(world, customer, draw(texts(30)))
        for _ in range(draw(st.integers(0, 2))):
            add_invoice(
                world,
                customer,
                draw(st.sampled_from(AMOUNTS)),
                status=draw(st.sampled_from(INVOICE_STATUSES)),
                owner=draw(st.sampled_from((None, ANNA, BO))),
            )
    return world


def _with_hq(customer: Customer, address_id: AddressId) -> Customer:
    import attrs

    return attrs.evolve(customer, headquarters_address_id=address_id)


def store(registry: Registry, world: World) -> Registry:
    """Put the world into the registry through the repository ports."""
    with registry.uow() as uow:
        for customer in world.customers:
            uow.customers.add(customer)
        for address in world.addresses:
            uow.addresses.add(address)
        for contact in world.contacts:
            uow.contacts.add(contact)
        for project in world.projects:
            uow.projects.add(project)
        for proposal in world.proposals:
            uow.projects.add_proposal(proposal)
        for note in world.notes:
            uow.notes.add(note)
        for activity in world.activities:
            uow.activities.add(activity)
        for invoice in world.invoices:
            uow.invoices.add(invoice)
        uow.commit()
    return registry


def open_world(registry_factory: RegistryFactory, world: World, **kwargs: Any) -> Registry:
    return store(registry_factory(settings=world.settings, **kwargs), world)


def add_activity(world: World, customer: Customer, project: Project | None = None) -> Activity:
    activity = Activity(
        ActivityId(_id()), customer.id, ActivityKind.TODO, f"Call {len(world.activities)}",
        project_id=project.id if project else None,
    )
    world.activities.append(activity)
    return activity


def add_proposal(world: World, project: Project) -> Proposal:
    proposal = Proposal(ProposalId(_id()), project.id, "Offer", date(2026, 1, 5))
    world.proposals.append(proposal)
    return proposal
