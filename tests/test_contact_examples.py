"""Examples of contact persons (P1-P5): names, e-mails, phones, roles, keywords and status,
with every refusal's entity, field and reason."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import repeat
from typing import Any
from uuid import UUID

import pytest

from custreg.domain.contact import Contact, ContactStatus, email_list
from custreg.domain.ids import ContactId, CustomerId
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
