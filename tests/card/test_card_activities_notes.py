"""Activities (T1, T2) and notes (N1-N3) on the customer card and on project cards."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import BO
from cardkit import EDITOR
from cardkit import READER
from cardkit import card_settings
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.activity import ActivityKind
from custreg.domain.errors import ValidationError
from custreg.testing.strategies import blank_texts
from custreg.testing.strategies import texts
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.activities import complete_activity
from custreg.usecases.activities import customer_activities
from custreg.usecases.activities import project_activities
from custreg.usecases.activities import reopen_activity
from custreg.usecases.card import collaboration_tab
from custreg.usecases.card import contacts_tab
from custreg.usecases.notes import add_note
from custreg.usecases.notes import add_project_note
from custreg.usecases.notes import customer_notes
from custreg.usecases.notes import project_notes
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_project

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

activity_specs = st.lists(
    st.tuples(
        st.sampled_from(ActivityKind),
        st.booleans(),  # done
        st.none() | st.integers(-48, 48),  # starts at T0 + hours
        st.booleans(),  # linked to the project
    ),
    max_size=6,
)


@per_example
@given(specs=activity_specs, flips=st.lists(st.integers(0, 5), max_size=4))
def test_t1_every_activity_is_in_exactly_one_of_planned_and_past(
    registry_factory: Any,
    specs: list[tuple[ActivityKind, bool, int | None, bool]],
    flips: list[int],
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    done: dict[Any, bool] = {}
    for n, (kind, is_done, hours, linked) in enumerate(specs):
        activity = add_activity(
            registry,
            READER,  # U2: Read-only may add activities
            customer.id,
            NewActivity(
                kind,
                f"Activity {n}",
                starts_at=None if hours is None else T0 + timedelta(hours=hours),
                project_id=project.id if linked else None,
                done=is_done,
            ),
        )
        done[activity.id] = is_done
    ids = list(done)
    for flip in flips:
        if ids:
            target = ids[flip % len(ids)]
            flipped = (reopen_activity if done[target] else complete_activity)(
                registry, EDITOR, target
            )
            done[target] = flipped.done
    lists = customer_activities(registry, READER, customer.id)
    planned, past = {a.id for a in lists.planned}, {a.id for a in lists.past}
    assert planned.isdisjoint(past) and planned | past == set(done)
    assert planned == {a for a, d in done.items() if not d}
    assert all(a.kind in ActivityKind for a in (*lists.planned, *lists.past))
    tab = contacts_tab(registry, READER, customer.id)
    assert [v.activity.id for v in tab.planned_activities] == [a.id for a in lists.planned]
    assert [v.activity.id for v in tab.past_activities] == [a.id for a in lists.past]
    starts = [a.starts_at for a in lists.planned if a.starts_at is not None]
    assert starts == sorted(starts)  # planned: soonest first


@per_example
@given(specs=activity_specs)
def test_t2_project_activity_shows_on_the_project_and_its_customer(
    registry_factory: Any, specs: list[tuple[ActivityKind, bool, int | None, bool]]
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    linked = set()
    for n, (kind, is_done, _, link) in enumerate(specs):
        activity = add_activity(
            registry,
            EDITOR,
            customer.id,
            NewActivity(kind, f"A{n}", project_id=project.id if link else None, done=is_done),
        )
        if link:
            linked.add(activity.id)
    on_project = project_activities(registry, READER, project.id)
    assert {a.id for a in (*on_project.planned, *on_project.past)} == linked
    tab = contacts_tab(registry, READER, customer.id)
    views = (*tab.planned_activities, *tab.past_activities)
    assert {v.activity.id for v in views} >= linked
    for view in views:
        if view.activity.id in linked:
            assert view.project is not None and view.project.id == project.id
        else:
            assert view.project is None


def test_t2_activity_may_not_link_another_customers_project(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    theirs = create_project(registry, EDITOR, other.id, NewProject("Theirs"))
    with pytest.raises(ValidationError) as error:
        add_activity(
            registry, EDITOR, mine.id, NewActivity(ActivityKind.TODO, "x", project_id=theirs.id)
        )
    assert (error.value.entity, error.value.field) == ("activity", "project_id")
    assert customer_activities(registry, READER, mine.id).planned == ()
    assert project_activities(registry, READER, theirs.id).planned == ()


@per_example
@given(blank=blank_texts(), on_project=st.booleans())
def test_n1_blank_note_is_rejected_and_nothing_stored(
    registry_factory: Any, blank: str, on_project: bool
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    with pytest.raises(ValidationError) as error:
        if on_project:
            add_project_note(registry, EDITOR, project.id, blank)
        else:
            add_note(registry, EDITOR, customer.id, blank)
    assert (error.value.entity, error.value.field) == ("note", "text")
    assert customer_notes(registry, READER, customer.id) == []


@per_example
@given(notes=st.lists(st.tuples(texts(60), st.sampled_from([None, 0, 1])), min_size=1, max_size=6))
def test_n2_n3_note_visibility_on_customer_and_project_cards(
    registry_factory: Any, notes: list[tuple[str, int | None]]
) -> None:
    registry = registry_factory(settings=card_settings)
    customer, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    projects = [create_project(registry, EDITOR, customer.id, NewProject(f"P{n}")) for n in (0, 1)]
    added = []
    for text, where in notes:
        project_id = None if where is None else projects[where].id
        added.append(add_note(registry, EDITOR, customer.id, text, project_id))
    tab = contacts_tab(registry, READER, customer.id)
    # N2 + N3: every note (customer and project ones) is on the customer card, project ones linked
    assert {v.note.id for v in tab.notes} == {n.id for n in added}
    for view in tab.notes:
        linked = view.note.project_id
        assert (view.project.id if view.project else None) == linked
        assert view.author is not None and view.author.id == BO
    # N2: a customer-card note is on no project card; N3: a project note only on its project
    for n, project in enumerate(projects):
        expected = {a.id for a, (_, where) in zip(added, notes, strict=True) if where == n}
        assert {x.id for x in project_notes(registry, READER, project.id)} == expected
    board = collaboration_tab(registry, READER, customer.id)
    assert {v.note.id for v in board.project_notes} == {n.id for n in added if n.project_id}
    # N3: never on another customer's card
    assert contacts_tab(registry, READER, other.id).notes == ()
    assert customer_notes(registry, READER, other.id) == []


def test_n3_note_on_another_customers_project_is_rejected(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    mine, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    theirs = create_project(registry, ADMIN, other.id, NewProject("Theirs"))
    with pytest.raises(ValidationError) as error:
        add_note(registry, EDITOR, mine.id, "hello", theirs.id)
    assert (error.value.entity, error.value.field) == ("note", "project_id")
    assert customer_notes(registry, READER, mine.id) == []
    assert project_notes(registry, READER, theirs.id) == []
