"""Contact persons of a customer (P1-P5)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from itertools import islice
from typing import Any

import attrs
from attrs import field
from attrs import frozen

from custreg.domain.deferred import Deferred
from custreg.domain.errors import ValidationError
from custreg.domain.events import Created
from custreg.domain.events import Outcome
from custreg.domain.events import Stamp
from custreg.domain.events import changed
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.text import MAX_ITEMS
from custreg.domain.text import optional_text
from custreg.domain.text import required_text
from custreg.domain.text import text_set
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.values import EmailAddress


def _first(value: Any) -> str:
    return required_text("contact", "first_name", value, 100)


def _last(value: Any) -> str:
    return required_text("contact", "last_name", value, 100)


def _title(value: Any) -> str | None:
    return optional_text("contact", "title", value, 100)


def email_list(value: Iterable[EmailAddress | str]) -> tuple[EmailAddress, ...]:
    """A contact's e-mail addresses: at most MAX_ITEMS, each valid, duplicates (ignoring case)
    dropped, in the order given."""
    if isinstance(value, str | bytes):
        raise ValidationError("contact", "emails", "must be a collection of addresses", value)
    items = list(islice(value, MAX_ITEMS + 1))
    if len(items) > MAX_ITEMS:
        raise ValidationError("contact", "emails", f"must hold at most {MAX_ITEMS} items", value)
    seen: dict[str, EmailAddress] = {}
    for email in items:
        item = email if isinstance(email, EmailAddress) else EmailAddress(email)
        seen.setdefault(item.address.lower(), item)
    return tuple(seen.values())


def _emails(value: Iterable[EmailAddress]) -> tuple[EmailAddress, ...]:
    return email_list(value)


def _keywords(value: Any) -> frozenset[str]:
    return text_set("contact", "keywords", value)


def _roles(value: Any) -> frozenset[str]:
    return text_set("contact", "roles", value)


def _phones(value: Any) -> tuple[str, ...]:
    return tuple(sorted(text_set("contact", "phones", value)))


class ContactStatus(enum.Enum):
    """P2/X2: a contact person is active or inactive; a deleted one (P3) is in no list."""

    ACTIVE = "active"
    INACTIVE = "inactive"

    @classmethod
    def of(cls, active: bool) -> ContactStatus:
        """The status of a contact whose active flag is ``active``."""
        return cls.ACTIVE if active else cls.INACTIVE


@frozen
class Contact(Deferred):
    """A contact person. Inactive contacts are hidden by default (P2); deleted ones keep their name
    so history still resolves (P3). A read model may leave fields to be filled on first use
    (``Deferred``): such a contact equals, hashes, prints and pickles as the one made here."""

    id: ContactId = field(validator=an_id)
    customer_id: CustomerId = field(validator=an_id)
    first_name: str = field(converter=_first)
    last_name: str = field(converter=_last)
    title: str | None = field(default=None, converter=_title)
    emails: tuple[EmailAddress, ...] = field(default=(), converter=_emails)
    phones: tuple[str, ...] = field(default=(), converter=_phones)
    roles: frozenset[str] = field(default=frozenset(), converter=_roles)
    keywords: frozenset[str] = field(default=frozenset(), converter=_keywords)
    address_id: AddressId | None = field(default=None, validator=an_optional_id)
    active: bool = True
    deleted_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def status(self) -> ContactStatus:
        """Active or inactive (P2), whatever ``is_deleted`` says."""
        return ContactStatus.of(self.active)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def added(self, stamp: Stamp) -> Created:
        """The event of this contact's creation."""
        return Created("contact", self, stamp, "add")

    def revise(self, revised: Contact, stamp: Stamp, action: str = "update") -> Outcome[Contact]:
        """``revised`` (this contact with changed details, checked by its validators) with its
        ``Changed`` event; this contact and no event when nothing differs."""
        return changed("contact", self, revised, stamp, action)

    def edit(self, stamp: Stamp, **values: Any) -> Outcome[Contact]:
        """This contact with ``values`` (field name to new value; P1: it stays on its
        customer, so ``customer_id`` and ``id`` cannot be given)."""
        if {"id", "customer_id"} & values.keys():
            raise ValidationError("contact", "customer_id", "a contact stays on its customer")
        return self.revise(attrs.evolve(self, **values), stamp)

    def set_active(self, active: bool, stamp: Stamp) -> Outcome[Contact]:
        """P2: this contact in (``active``) or out of the default list; every value is kept."""
        action = "reactivate" if active else "inactivate"
        return self.revise(attrs.evolve(self, active=active), stamp, action)

    def tag(
        self,
        stamp: Stamp,
        keywords: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
        roles: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
    ) -> Outcome[Contact]:
        """P4: keywords and roles are sets; each pair is (added, removed). Adding one twice or
        removing an absent one changes nothing."""
        revised = attrs.evolve(
            self,
            keywords=(self.keywords | keywords[0]) - keywords[1],
            roles=(self.roles | roles[0]) - roles[1],
        )
        return self.revise(revised, stamp, "tag")

    def unlink_address(self, stamp: Stamp) -> Outcome[Contact]:
        """P5: this contact without its address (the address is being removed)."""
        return self.revise(attrs.evolve(self, address_id=None), stamp, "unlink address")

    def delete(self, stamp: Stamp) -> Outcome[Contact]:
        """P3: this contact's tombstone (out of both lists, kept so history resolves its name),
        as a change audited under "delete"; a deleted contact stays as it is."""
        if self.is_deleted:
            return self, ()
        return self.revise(attrs.evolve(self, deleted_at=stamp.at), stamp, "delete")
