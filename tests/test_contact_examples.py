"""Examples of contact persons (P1-P5): names, e-mails, phones, roles, keywords and status,
with every refusal's entity, field and reason."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from itertools import repeat
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.contact import Contact
from custreg.domain.contact import ContactStatus
from custreg.domain.contact import email_list
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import Stamp
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import UserId
from custreg.domain.values import EmailAddress
from refusals import refused


def _contact(**changes: Any) -> Contact:
    fields: dict[str, Any] = {
        "id": ContactId(UUID(int=1)),
        "customer_id": CustomerId(UUID(int=2)),
        "first_name": "Anna",
        "last_name": "Berg",
    }
    return Contact(**(fields | changes))


def test_p1_contact_defaults() -> None:
    contact = _contact(first_name=" Anna ", last_name=" Berg ")
    assert contact.full_name == "Anna Berg"
    assert (contact.title, contact.emails, contact.phones) == (None, (), ())
    assert (contact.roles, contact.keywords) == (frozenset(), frozenset())
    assert (contact.address_id, contact.deleted_at) == (None, None)
    assert contact.active is True
    assert contact.status is ContactStatus.ACTIVE
    assert contact.is_deleted is False


def test_p2_p3_status_and_deletion() -> None:
    assert [s.value for s in ContactStatus] == ["active", "inactive"]
    assert ContactStatus.of(True) is ContactStatus.ACTIVE
    assert ContactStatus.of(False) is ContactStatus.INACTIVE
    gone = _contact(active=False, deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert gone.status is ContactStatus.INACTIVE
    assert gone.is_deleted is True


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_p1_names_are_required_up_to_100(field: str) -> None:
    assert getattr(_contact(**{field: "n" * 100}), field) == "n" * 100
    with refused("contact", field, "must be at most 100 characters"):
        _contact(**{field: "n" * 101})
    with refused("contact", field, "must not be blank", " "):
        _contact(**{field: " "})


def test_p1_title_is_optional_up_to_100() -> None:
    assert _contact(title=" CEO ").title == "CEO"
    assert _contact(title=" ").title is None
    assert _contact(title="t" * 100).title == "t" * 100
    with refused("contact", "title", "must be at most 100 characters"):
        _contact(title="t" * 101)


def test_p4_emails_keep_order_and_drop_case_duplicates() -> None:
    emails = ["b@example.com", "A@example.com", "B@EXAMPLE.com", EmailAddress("c@example.com")]
    assert [e.address for e in _contact(emails=emails).emails] == [
        "b@example.com",
        "A@example.com",
        "c@example.com",
    ]
    assert email_list(iter(["a@example.com"])) == (EmailAddress("a@example.com"),)


def test_p4_emails_at_most_100() -> None:
    emails = [f"u{i}@example.com" for i in range(100)]
    assert len(email_list(emails)) == 100
    with refused("contact", "emails", "must hold at most 100 items"):
        email_list([*emails, "x@example.com"])


@pytest.mark.parametrize("value", ["a@example.com", b"a@example.com"])
def test_p4_emails_are_a_collection(value: Any) -> None:
    with refused("contact", "emails", "must be a collection of addresses", value):
        email_list(value)


def test_p4_phones_are_sorted_texts() -> None:
    assert _contact(phones=["+46 2", " +46  1 ", "+46 2"]).phones == ("+46 1", "+46 2")
    with refused("contact", "phones", "must not be blank", " "):
        _contact(phones=[" "])


@pytest.mark.parametrize("field", ["roles", "keywords"])
def test_p4_roles_and_keywords_are_sets_of_texts(field: str) -> None:
    assert getattr(_contact(**{field: ["a", " a ", "b"]}), field) == frozenset({"a", "b"})
    with refused("contact", field, "must be a collection of texts, not one text", "a"):
        _contact(**{field: "a"})
    with refused("contact", field, "must be at most 100 characters"):
        _contact(**{field: ["k" * 101]})


def test_p4_emails_ignore_case_by_lower_case() -> None:
    # Lower-casing keeps "ß" apart from "SS" (upper-casing would merge them).
    emails = email_list(["straße@example.com", "STRASSE@example.com"])
    assert [e.address for e in emails] == ["straße@example.com", "STRASSE@example.com"]


def test_p4_emails_read_at_most_101_items_of_an_endless_source() -> None:
    source = repeat("a@example.com")
    with refused("contact", "emails", "must hold at most 100 items", source):
        email_list(source)
    addresses = iter([f"u{i}@example.com" for i in range(150)])
    with refused("contact", "emails", "must hold at most 100 items", addresses):
        email_list(addresses)
    assert len(list(addresses)) == 49


# -- state changes and their events (M7) ------------------------------------------------------

NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)
STAMP = Stamp(UserId(UUID(int=9)), NOON)


def test_m7_added_and_revised() -> None:
    contact = _contact()
    assert contact.added(STAMP) == Created("contact", contact, STAMP, "add")
    assert contact.revise(contact, STAMP) == (contact, ())
    titled = _contact(title="CEO")
    assert contact.revise(titled, STAMP) == (
        titled, (Changed("contact", contact, titled, STAMP, "update"),)
    )
    assert contact.revise(titled, STAMP, "import")[1] == (
        Changed("contact", contact, titled, STAMP, "import"),
    )


def test_p1_edit() -> None:
    contact = _contact()
    edited = _contact(title="CEO", phones=("+358 40 1",))
    assert contact.edit(STAMP, title=" CEO ", phones=["+358 40 1"]) == (
        edited, (Changed("contact", contact, edited, STAMP, "update"),)
    )
    assert contact.edit(STAMP, first_name="Anna") == (contact, ())
    assert contact.edit(STAMP) == (contact, ())
    with refused("contact", "first_name", "must not be blank", " "):
        contact.edit(STAMP, first_name=" ")


@pytest.mark.parametrize(
    "values",
    [
        {"customer_id": CustomerId(UUID(int=3))},
        {"id": ContactId(UUID(int=3))},
        {"id": ContactId(UUID(int=3)), "customer_id": CustomerId(UUID(int=3)), "title": "x"},
    ],
)
def test_p1_a_contact_stays_on_its_customer(values: dict[str, Any]) -> None:
    with refused("contact", "customer_id", "a contact stays on its customer", None):
        _contact().edit(STAMP, **values)


def test_p2_set_active() -> None:
    contact = _contact()
    inactive = _contact(active=False)
    assert contact.set_active(False, STAMP) == (
        inactive, (Changed("contact", contact, inactive, STAMP, "inactivate"),)
    )
    assert inactive.set_active(True, STAMP) == (
        contact, (Changed("contact", inactive, contact, STAMP, "reactivate"),)
    )
    assert contact.set_active(True, STAMP) == (contact, ())
    assert inactive.set_active(False, STAMP) == (inactive, ())


def test_p4_tag_adds_then_removes() -> None:
    contact = _contact(keywords={"vip", "golf"}, roles={"buyer"})
    tagged, events = contact.tag(
        STAMP,
        keywords=(frozenset({"news", "golf"}), frozenset({"vip", "absent"})),
        roles=(frozenset({"signer"}), frozenset({"buyer"})),
    )
    assert (tagged.keywords, tagged.roles) == ({"golf", "news"}, {"signer"})
    assert tagged == _contact(keywords={"golf", "news"}, roles={"signer"})
    assert events == (Changed("contact", contact, tagged, STAMP, "tag"),)
    both, _ = contact.tag(STAMP, keywords=(frozenset({"x"}), frozenset({"x"})))
    assert both.keywords == {"vip", "golf"}
    roles_only, _ = contact.tag(STAMP, roles=(frozenset({"owner"}), frozenset()))
    assert (roles_only.keywords, roles_only.roles) == ({"vip", "golf"}, {"buyer", "owner"})
    keywords_only, _ = contact.tag(STAMP, keywords=(frozenset(), frozenset({"golf"})))
    assert (keywords_only.keywords, keywords_only.roles) == ({"vip"}, {"buyer"})
    assert contact.tag(STAMP) == (contact, ())
    assert contact.tag(STAMP, keywords=(frozenset({"vip"}), frozenset({"absent"}))) == (
        contact, ()
    )


def test_p5_unlink_address() -> None:
    linked = _contact(address_id=AddressId(UUID(int=5)))
    unlinked = _contact()
    assert linked.unlink_address(STAMP) == (
        unlinked, (Changed("contact", linked, unlinked, STAMP, "unlink address"),)
    )
    assert unlinked.unlink_address(STAMP) == (unlinked, ())


def test_p3_delete_leaves_a_tombstone() -> None:
    contact = _contact(active=False)
    gone = _contact(active=False, deleted_at=NOON)
    assert contact.delete(STAMP) == (gone, (Changed("contact", contact, gone, STAMP, "delete"),))
    assert gone.delete(Stamp(None, datetime(2027, 1, 1, tzinfo=UTC))) == (gone, ())
