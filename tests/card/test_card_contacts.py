"""Contacts & addresses tab: contacts (P1-P5), the header and the headquarters mark (A2)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from cardkit import ADMIN
from cardkit import ANNA
from cardkit import EDITOR
from cardkit import READER
from cardkit import card_settings
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import ActivityId
from custreg.testing.strategies import NAME_ALPHABET
from custreg.testing.strategies import blank_texts
from custreg.testing.strategies import texts
from custreg.testing.strategies import words
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.addresses import add_address
from custreg.usecases.addresses import set_headquarters
from custreg.usecases.card import contacts_tab
from custreg.usecases.commands import NewAddress
from custreg.usecases.contacts import ContactChanges
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import contacts_with_keyword
from custreg.usecases.contacts import delete_contact
from custreg.usecases.contacts import get_contact
from custreg.usecases.contacts import inactivate_contact
from custreg.usecases.contacts import list_contacts
from custreg.usecases.contacts import reactivate_contact
from custreg.usecases.contacts import tag_contact
from custreg.usecases.contacts import update_contact

names = texts(30)


@per_example
@given(first=names, last=names, title=st.none() | texts(20))
def test_p1_contact_appears_only_on_its_customer(
    registry_factory: Any, first: str, last: str, title: str | None
) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    contact = add_contact(registry, EDITOR, mine.id, NewContact(first, last, title=title))
    assert (contact.first_name, contact.last_name, contact.title) == (first, last, title)
    assert [c.id for c in contacts_tab(registry, READER, mine.id).contacts] == [contact.id]
    assert contacts_tab(registry, READER, other.id).contacts == ()
    assert list_contacts(registry, READER, other.id, include_inactive=True) == []


@per_example
@given(blank=blank_texts(), which=st.sampled_from(["first_name", "last_name"]))
def test_p1_contact_needs_first_and_last_name(
    registry_factory: Any, blank: str, which: str
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    values = {"first_name": "Ann", "last_name": "Able", which: blank}
    with pytest.raises(ValidationError) as error:
        add_contact(registry, EDITOR, customer.id, NewContact(**values))
    assert (error.value.entity, error.value.field) == ("contact", which)
    assert list_contacts(registry, READER, customer.id, include_inactive=True) == []


def test_p1_contact_needs_an_existing_customer(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    with pytest.raises(NotFoundError):
        add_contact(registry, EDITOR, registry.ids.new_id(), NewContact("Ann", "Able"))
    assert list_contacts(registry, READER, customer.id, include_inactive=True) == []


@per_example
@given(
    first=names,
    last=names,
    keywords=st.frozensets(words(), max_size=3),
    roles=st.frozensets(words(), max_size=2),
    rounds=st.integers(1, 2),
)
def test_p2_inactive_contact_is_only_in_show_inactive_and_keeps_its_values(
    registry_factory: Any,
    first: str,
    last: str,
    keywords: frozenset[str],
    roles: frozenset[str],
    rounds: int,
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    contact = add_contact(
        registry,
        EDITOR,
        customer.id,
        NewContact(first, last, emails=("ann@example.com",), keywords=keywords, roles=roles),
    )
    other = add_contact(registry, EDITOR, customer.id, NewContact("Other", "Person"))
    for _ in range(rounds):
        inactivate_contact(registry, EDITOR, contact.id)
        tab = contacts_tab(registry, READER, customer.id)
        assert [c.id for c in tab.contacts] == [other.id]
        assert list(tab.inactive_contacts) == [attrs.evolve(contact, active=False)]  # values kept
        assert {c.id for c in tab.contacts_with_inactive} == {contact.id, other.id}
        assert contact.id not in {c.id for c in list_contacts(registry, READER, customer.id)}
        shown = list_contacts(registry, READER, customer.id, include_inactive=True)
        assert contact.id in {c.id for c in shown}
        reactivate_contact(registry, EDITOR, contact.id)
        tab = contacts_tab(registry, READER, customer.id)
        assert contact in tab.contacts and tab.inactive_contacts == ()


@per_example
@given(first=names, last=names, inactive_first=st.booleans())
def test_p3_deleted_contact_is_in_no_list_but_history_resolves_its_name(
    registry_factory: Any, first: str, last: str, inactive_first: bool
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    contact = add_contact(registry, EDITOR, customer.id, NewContact(first, last))
    add_activity(
        registry,
        READER,
        customer.id,
        NewActivity(ActivityKind.TODO, "Call", contact_ids=frozenset({contact.id})),
    )
    if inactive_first:
        inactivate_contact(registry, EDITOR, contact.id)
    delete_contact(registry, EDITOR, contact.id)
    tab = contacts_tab(registry, READER, customer.id)
    assert contact.id not in {c.id for c in tab.contacts_with_inactive}
    assert list_contacts(registry, READER, customer.id, include_inactive=True) == []
    assert tab.planned_activities[0].contact_names == (f"{first} {last}",)
    assert get_contact(registry, READER, contact.id).full_name == f"{first} {last}"
    with pytest.raises(NotFoundError):  # a deleted contact cannot be edited back to life
        reactivate_contact(registry, EDITOR, contact.id)


POOL = ("newsletter", "christmas card", "vip", "event")


@per_example
@given(
    tagged=st.lists(
        st.tuples(st.frozensets(st.sampled_from(POOL)), st.booleans(), st.integers(0, 1)),
        min_size=1,
        max_size=5,
    ),
    twice=st.booleans(),
)
def test_p4_keyword_filter_returns_exactly_the_contacts_carrying_it(
    registry_factory: Any,
    tagged: list[tuple[frozenset[str], bool, int]],
    twice: bool,
) -> None:
    registry = registry_factory(settings=card_settings)
    customers = [new_customer(registry, "One Oy"), new_customer(registry, "Two Oy")]
    model: dict[Any, tuple[frozenset[str], bool, Any]] = {}
    for n, (keywords, active, owner) in enumerate(tagged):
        contact = add_contact(registry, EDITOR, customers[owner].id, NewContact("P", f"N{n}"))
        for _ in range(2 if twice else 1):  # a set: tagging twice is tagging once
            contact = tag_contact(registry, EDITOR, contact.id, add_keywords=keywords)
        assert contact.keywords == keywords
        if not active:
            inactivate_contact(registry, EDITOR, contact.id)
        model[contact.id] = (keywords, active, customers[owner].id)
    for keyword in POOL:
        expected = {cid for cid, (kws, active, _) in model.items() if keyword in kws and active}
        found = contacts_with_keyword(registry, READER, keyword)
        assert {c.id for c in found} == expected
        assert all(keyword in c.keywords for c in found)
        one = customers[0].id
        mine = {c.id for c in contacts_with_keyword(registry, READER, keyword, one)}
        assert mine == {cid for cid in expected if model[cid][2] == one}


@per_example
@given(
    start=st.frozensets(st.sampled_from(POOL)),
    add=st.frozensets(st.sampled_from(POOL)),
    remove=st.frozensets(st.sampled_from(POOL)),
)
def test_p4_keywords_and_roles_behave_as_sets(
    registry_factory: Any, start: frozenset[str], add: frozenset[str], remove: frozenset[str]
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    contact = add_contact(
        registry, EDITOR, customer.id, NewContact("Ann", "Able", keywords=start, roles=start)
    )
    once = tag_contact(
        registry, EDITOR, contact.id, add_keywords=add, remove_keywords=remove, add_roles=add
    )
    again = tag_contact(
        registry, EDITOR, contact.id, add_keywords=add, remove_keywords=remove, add_roles=add
    )
    assert once.keywords == again.keywords == (start | add) - remove
    assert once.roles == again.roles == start | add
    stored = contacts_tab(registry, READER, customer.id).contacts[0]
    assert stored.keywords == (start | add) - remove


@per_example
@given(own=st.booleans())
def test_p5_contact_address_must_be_of_the_same_customer(registry_factory: Any, own: bool) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    home = add_address(registry, EDITOR, mine.id, NewAddress("FI", ("Street 1",), "00100", "Oslo"))
    away = add_address(registry, EDITOR, other.id, NewAddress("FI", ("Road 2",), "00200", "Turku"))
    address = home if own else away
    if own:
        contact = add_contact(
            registry, EDITOR, mine.id, NewContact("A", "B", address_id=address.id)
        )
        assert contact.address_id == home.id
        with pytest.raises(ValidationError) as error:
            update_contact(registry, EDITOR, contact.id, ContactChanges(address_id=away.id))
        assert get_contact(registry, READER, contact.id).address_id == home.id
    else:
        with pytest.raises(ValidationError) as error:
            add_contact(registry, EDITOR, mine.id, NewContact("A", "B", address_id=address.id))
        assert list_contacts(registry, READER, mine.id, include_inactive=True) == []
    assert (error.value.entity, error.value.field) == ("contact", "address_id")


def test_contacts_tab_header_and_headquarters(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry, "Header Oy")
    first = add_address(registry, EDITOR, customer.id, NewAddress("FI", ("A 1",), "00100", "X"))
    second = add_address(registry, EDITOR, customer.id, NewAddress("FI", ("B 2",), "00200", "Y"))
    set_headquarters(registry, EDITOR, customer.id, second.id)
    tab = contacts_tab(registry, READER, customer.id)
    header = tab.header
    assert (header.name, header.number) == ("Header Oy", customer.number)
    assert header.owner is not None and (header.owner.id, header.owner.name) == (
        ANNA,
        "Anna Account",
    )
    assert header.created_by is not None and header.created_by.id == ADMIN.user_id
    assert header.created_at == customer.created_at
    assert header.updated_by is not None and header.updated_by.id == EDITOR.user_id
    assert [line.address.id for line in tab.addresses] == [first.id, second.id]
    assert [line.is_headquarters for line in tab.addresses] == [False, True]  # A2: exactly one


def test_an_activity_naming_a_contact_of_another_customer_shows_its_name(
    registry_factory: Any,
) -> None:
    # Use cases refuse such an activity; a row written before that rule (or by a host's own
    # import) still has its contact's name on the card, the same on every adapter.
    registry = registry_factory(settings=card_settings)
    mine, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    theirs = add_contact(registry, EDITOR, other.id, NewContact("Ada", "Byron"))
    with registry.uow() as uow:
        uow.activities.add(
            Activity(
                ActivityId(registry.ids.new_id()), mine.id, ActivityKind.TODO, "Call",
                contact_ids=frozenset({theirs.id}),
            )
        )  # fmt: skip
        uow.commit()
    tab = contacts_tab(registry, READER, mine.id)
    assert tab.contacts == () and tab.planned_activities[0].contact_names == ("Ada Byron",)


@per_example
@given(
    tagged=st.lists(
        st.frozensets(texts(max_size=30, alphabet=NAME_ALPHABET + "🙂;\"|ß"), max_size=4),
        min_size=1,
        max_size=4,
    )
)
def test_p4_the_card_shows_every_keyword_of_every_contact_as_stored(
    registry_factory: Any, tagged: list[frozenset[str]]
) -> None:
    """Keywords holding commas, quotes, separators or emoji, several per contact or none: each
    contact on the Contacts tab has exactly its own, and the tab lists all of them once."""
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    made = [
        add_contact(registry, EDITOR, customer.id, NewContact("P", f"N{n}", keywords=keywords))
        for n, keywords in enumerate(tagged)
    ]
    tab = contacts_tab(registry, READER, customer.id)
    assert {c.id: c.keywords for c in tab.contacts} == {c.id: c.keywords for c in made}
    assert tab.keywords == tuple(sorted(set().union(*tagged)))
