"""Contact persons of a customer (P1-P5): add, edit, inactivate, reactivate, delete, keywords and
roles as sets, and the "contacts by keyword" query behind mailing lists."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

import attrs
from attrs import field
from attrs import frozen

from custreg.domain.contact import Contact
from custreg.domain.contact import email_list
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.text import optional_text
from custreg.domain.text import required_text
from custreg.domain.text import text_set
from custreg.domain.validation import ErrorCollector
from custreg.domain.validation import text_frozenset
from custreg.domain.validation import text_tuple
from custreg.domain.values import EmailAddress
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import Clear
from custreg.usecases.commands import Unset
from custreg.usecases.commands import cleared
from custreg.usecases.writes import writing


@frozen
class NewContact:
    """A contact person as typed in the contact form."""

    first_name: str
    last_name: str
    title: str | None = None
    emails: tuple[str, ...] = field(default=(), converter=text_tuple)
    phones: tuple[str, ...] = field(default=(), converter=text_tuple)
    roles: frozenset[str] = field(default=frozenset(), converter=text_frozenset)
    keywords: frozenset[str] = field(default=frozenset(), converter=text_frozenset)
    address_id: AddressId | None = None


@frozen
class ContactChanges:
    """Edit a contact: fields left UNSET stay as they are; sets are replaced as a whole."""

    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    title: str | Unset | Clear | None = UNSET
    emails: tuple[str, ...] | Unset = UNSET
    phones: tuple[str, ...] | Unset = UNSET
    roles: frozenset[str] | Unset = UNSET
    keywords: frozenset[str] | Unset = UNSET
    address_id: AddressId | Unset | Clear | None = UNSET


def _emails(values: Any) -> tuple[EmailAddress, ...]:
    return email_list(values)


_CHECKS: dict[str, Any] = {
    "first_name": lambda v: required_text("contact", "first_name", v, 100),
    "last_name": lambda v: required_text("contact", "last_name", v, 100),
    "title": lambda v: optional_text("contact", "title", v, 100),
    "emails": _emails,
    "phones": lambda v: tuple(sorted(text_set("contact", "phones", v))),
    "roles": lambda v: text_set("contact", "roles", v),
    "keywords": lambda v: text_set("contact", "keywords", v),
}


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """Every field of the form checked at once; all bad fields reported together."""
    errors = ErrorCollector()
    result: dict[str, Any] = {}
    for name, raw in values.items():
        check = _CHECKS.get(name)
        result[name] = raw if check is None else errors.check(partial(check, raw), "contact", name)
    errors.raise_if_any()
    return result


def _check_address(uow: UnitOfWork, customer_id: CustomerId, address_id: AddressId | None) -> None:
    """P5: a contact's address is an address of the same customer."""
    if address_id is None:
        return
    try:
        address = uow.addresses.get(address_id)
    except NotFoundError:
        raise ValidationError("contact", "address_id", "no such address", address_id) from None
    if address.customer_id != customer_id:
        raise ValidationError(
            "contact", "address_id", "is an address of another customer", address_id
        )


def _live(uow: UnitOfWork, contact_id: ContactId) -> Contact:
    """A contact that can still be changed (deleted ones only resolve names, P3)."""
    contact = uow.contacts.get(contact_id)
    if contact.is_deleted:
        raise NotFoundError("contact", contact_id)
    return contact


def add_contact(
    registry: Registry, principal: Principal, customer_id: CustomerId, new: NewContact
) -> Contact:
    """P1: a contact with first and last name on one customer; P5: its address is the customer's."""
    require(principal, CustomerPermission.EDIT, "contact", "add")
    values = _checked({n: getattr(new, n) for n in attrs.fields_dict(NewContact)})
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        uow.customers.get(customer_id)
        _check_address(uow, customer_id, new.address_id)
        contact = Contact(id=ContactId(registry.ids.new_id()), customer_id=customer_id, **values)
        uow.contacts.add(contact)
        uow.commit([contact.added(stamp)])
    return contact


def update_contact(
    registry: Registry, principal: Principal, contact_id: ContactId, changes: ContactChanges
) -> Contact:
    """Edit a contact's details; it stays on its customer (P1)."""
    require(principal, CustomerPermission.EDIT, "contact", "update")
    raw = {
        n: cleared(getattr(changes, n))
        for n in attrs.fields_dict(ContactChanges)
        if getattr(changes, n) is not UNSET
    }
    values = _checked(raw)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = _live(uow, contact_id)
        if "address_id" in values:
            _check_address(uow, before.customer_id, values["address_id"])
        return uow.commit_change(uow.contacts.update, *before.edit(stamp, **values))


def _set_active(
    registry: Registry, principal: Principal, contact_id: ContactId, active: bool
) -> Contact:
    action = "reactivate" if active else "inactivate"
    with writing(registry, principal, "contact", action) as (uow, stamp):
        after, events = _live(uow, contact_id).set_active(active, stamp)
        return uow.commit_change(uow.contacts.update, after, events)


def inactivate_contact(registry: Registry, principal: Principal, contact_id: ContactId) -> Contact:
    """P2: hide the contact from the default list; every value is kept."""
    return _set_active(registry, principal, contact_id, False)


def reactivate_contact(registry: Registry, principal: Principal, contact_id: ContactId) -> Contact:
    """P2: return an inactive contact to the default list."""
    return _set_active(registry, principal, contact_id, True)


def delete_contact(registry: Registry, principal: Principal, contact_id: ContactId) -> Contact:
    """P3: remove the contact from both lists; it stays stored so history resolves its name.
    Deleting a deleted contact changes nothing."""
    with writing(registry, principal, "contact", "delete") as (uow, stamp):
        return uow.commit_change(uow.contacts.update, *uow.contacts.get(contact_id).delete(stamp))


def tag_contact(
    registry: Registry,
    principal: Principal,
    contact_id: ContactId,
    *,
    add_keywords: Iterable[str] = (),
    remove_keywords: Iterable[str] = (),
    add_roles: Iterable[str] = (),
    remove_roles: Iterable[str] = (),
) -> Contact:
    """P4: keywords and roles are sets: adding one twice or removing an absent one is a no-op."""
    require(principal, CustomerPermission.EDIT, "contact", "tag")
    errors = ErrorCollector()

    def words(name: str, values: Iterable[str]) -> frozenset[str]:
        return errors.check(lambda: text_set("contact", name, values)) or frozenset()

    plus_keywords, minus_keywords = (
        words("keywords", add_keywords),
        words("keywords", remove_keywords),
    )
    plus_roles, minus_roles = words("roles", add_roles), words("roles", remove_roles)
    errors.raise_if_any()
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = _live(uow, contact_id)
        after, events = before.tag(
            stamp, (plus_keywords, minus_keywords), (plus_roles, minus_roles)
        )
        return uow.commit_change(uow.contacts.update, after, events)


def get_contact(registry: Registry, principal: Principal, contact_id: ContactId) -> Contact:
    """One contact, deleted ones included (P3: history resolves their names)."""
    require(principal, CustomerPermission.READ_ONLY, "contact", "read")
    with registry.read() as uow:
        return uow.contacts.get(contact_id)


def list_contacts(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    include_inactive: bool = False,
) -> list[Contact]:
    """The customer's contacts: active ones, or with ``include_inactive`` the "Show inactive"
    list (P2); never deleted ones (P3)."""
    require(principal, CustomerPermission.READ_ONLY, "contact", "list")
    with registry.read() as uow:
        uow.customers.get(customer_id)
        return uow.contacts.for_customer(customer_id, include_inactive=include_inactive)


def contacts_with_keyword(
    registry: Registry,
    principal: Principal,
    keyword: str,
    customer_id: CustomerId | None = None,
) -> list[Contact]:
    """P4 (mailing lists): exactly the active, non-deleted contacts carrying ``keyword``, of every
    customer or of one."""
    require(principal, CustomerPermission.READ_ONLY, "contact", "list")
    wanted = required_text("contact", "keywords", keyword, 100)
    with registry.read() as uow:
        found = uow.contacts.with_keyword(wanted)
    return [c for c in found if customer_id is None or c.customer_id == customer_id]
