"""Tab 1 of the card, Contacts & addresses: the header, the addresses with the headquarters marked
(A2), active and inactive contacts in name order (P2, P3), keywords in use (P4), activities
(T1, T2), notes and files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from attrs import frozen

from custreg.domain.activity import Activity
from custreg.domain.activity import FileLink
from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.card.activities import ActivityView
from custreg.domain.card.activities import FileView
from custreg.domain.card.activities import NoteView
from custreg.domain.card.activities import newest_first
from custreg.domain.card.activities import note_views
from custreg.domain.card.activities import split_activities
from custreg.domain.card.refs import UserRef
from custreg.domain.card.refs import project_link
from custreg.domain.card.refs import user_index
from custreg.domain.card.refs import user_ref
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import CustomerId
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber


@frozen
class CustomerHeader:
    """The top of the card: name, number, account owner, who created and last changed it."""

    id: CustomerId
    number: CustomerNumber
    name: str
    status: CustomerStatus
    vat_number: str | None
    business_id: str | None
    owner: UserRef | None
    created_at: datetime
    created_by: UserRef | None
    updated_at: datetime | None
    updated_by: UserRef | None
    version: int


@frozen
class AddressLine:
    """An address with the headquarters marked (A2: exactly one when there are any)."""

    address: Address
    is_headquarters: bool


@frozen
class ContactsTab:
    """Contacts & addresses: everything the first tab shows, from one call.

    ``contacts`` is the default list (active, P2); ``inactive_contacts`` what "Show inactive" adds.
    Deleted contacts are in neither (P3). ``keywords`` are those in use on listed contacts (P4).
    """

    header: CustomerHeader
    addresses: tuple[AddressLine, ...]
    contacts: tuple[Contact, ...]
    inactive_contacts: tuple[Contact, ...]
    keywords: tuple[str, ...]
    planned_activities: tuple[ActivityView, ...]
    past_activities: tuple[ActivityView, ...]
    notes: tuple[NoteView, ...]
    files: tuple[FileView, ...]

    @property
    def contacts_with_inactive(self) -> tuple[Contact, ...]:
        """The "Show inactive" list: active and inactive contacts, in name order."""
        return tuple(sorted((*self.contacts, *self.inactive_contacts), key=contact_order))


def contact_order(contact: Contact) -> tuple[str, str, UUID]:
    """Contacts are listed by last name, then first name (case-insensitive), then id."""
    return (contact.last_name.casefold(), contact.first_name.casefold(), contact.id)


def build_contacts_tab(
    customer: Customer,
    addresses: Iterable[Address],
    contacts: Iterable[Contact],
    activities: Iterable[Activity],
    notes: Iterable[Note],
    files: Iterable[FileLink],
    projects: Iterable[Project],
    settings: OrganisationSettings,
) -> ContactsTab:
    """Assemble the Contacts & addresses tab.

    ``contacts`` holds every contact of the customer (inactive and deleted too) plus any contact
    of another customer that one of its activities names; ``projects`` the customer's projects.
    """
    by_project = {p.id: p for p in projects}
    everyone = list(contacts)
    listed = list(activities)
    names = {c.id: c.full_name for c in everyone} if listed else {}
    own = [c for c in everyone if c.customer_id == customer.id and not c.is_deleted]
    active = sorted((c for c in own if c.active), key=contact_order)
    inactive = sorted((c for c in own if not c.active), key=contact_order)
    hq = customer.headquarters_address_id
    users = user_index(settings)
    planned, past = split_activities(listed, by_project, names, users)
    return ContactsTab(
        header=CustomerHeader(
            id=customer.id,
            number=customer.number,
            name=customer.name,
            status=customer.status,
            vat_number=customer.vat_number.value if customer.vat_number else None,
            business_id=customer.business_id.value if customer.business_id else None,
            owner=user_ref(users, customer.owner_id),
            created_at=customer.created_at,
            created_by=user_ref(users, customer.created_by),
            updated_at=customer.updated_at,
            updated_by=user_ref(users, customer.updated_by),
            version=customer.version,
        ),
        addresses=tuple(
            AddressLine(a, a.id == hq) for a in sorted(addresses, key=lambda a: (a.ordinal, a.id))
        ),
        contacts=tuple(active),
        inactive_contacts=tuple(inactive),
        keywords=tuple(sorted({k for c in own for k in c.keywords})),
        planned_activities=planned,
        past_activities=past,
        notes=note_views(notes, by_project, users),
        files=tuple(
            FileView(f, project_link(by_project, f.project_id))
            for f in sorted(files, key=lambda f: newest_first(f.created_at, f.id))
        ),
    )
