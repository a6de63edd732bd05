"""A stateful test of the customer card: contact, note, activity and project-move steps
interleaved on an adapter and on a plain model, with the visibility rules checked after every
step (P1-P3, T1-T2, N2-N3, S2-S3)."""

from __future__ import annotations

from typing import Any

import pytest
from cardkit import EDITOR
from cardkit import READER
from cardkit import card_settings
from cardkit import new_customer
from cardkit import per_example
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import invariant
from hypothesis.stateful import multiple
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test

from custreg.domain.activity import ActivityKind
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.testing.strategies import texts
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.activities import complete_activity
from custreg.usecases.activities import project_activities
from custreg.usecases.activities import reopen_activity
from custreg.usecases.card import contacts_tab
from custreg.usecases.card import sales_tab
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import delete_contact
from custreg.usecases.contacts import inactivate_contact
from custreg.usecases.contacts import reactivate_contact
from custreg.usecases.notes import add_note
from custreg.usecases.notes import project_notes
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import add_proposal
from custreg.usecases.projects import create_project
from custreg.usecases.projects import move_project

CUSTOMERS = 3
customer_index = st.integers(0, CUSTOMERS - 1)


class CardMachine(RuleBasedStateMachine):
    """The adapter under test next to dicts that say what each card must show."""

    projects = Bundle("projects")
    contacts = Bundle("contacts")
    activities = Bundle("activities")

    def __init__(self, factory: Any) -> None:
        super().__init__()
        self.registry = factory(settings=card_settings)
        self.customers = [new_customer(self.registry, f"C{n} Oy").id for n in range(CUSTOMERS)]
        self.project_owner: dict[Any, Any] = {}  # project -> customer
        self.movable: set[Any] = set()
        self.contact_state: dict[Any, tuple[Any, str]] = {}  # contact -> (customer, state)
        self.notes: dict[Any, tuple[Any, Any]] = {}  # note -> (customer it was added on, project)
        self.activity_state: dict[Any, tuple[Any, Any, bool]] = {}  # -> (customer, project, done)

    def _customer_of_note(self, note: Any) -> Any:
        customer, project = self.notes[note]
        return self.project_owner[project] if project is not None else customer

    def _customer_of_activity(self, activity: Any) -> Any:
        customer, project, _ = self.activity_state[activity]
        return self.project_owner[project] if project is not None else customer

    # -- projects ------------------------------------------------------------------------------
    @rule(target=projects, c=customer_index)
    def create(self, c: int) -> Any:
        project = create_project(self.registry, EDITOR, self.customers[c], NewProject("P"))
        self.project_owner[project.id] = self.customers[c]
        self.movable.add(project.id)
        return project.id

    @rule(project=projects)
    def propose(self, project: Any) -> None:
        add_proposal(self.registry, EDITOR, project, "Quote")
        self.movable.discard(project)  # S2: a proposal pins the project to its customer

    @rule(project=projects, c=customer_index)
    def move(self, project: Any, c: int) -> None:
        target = self.customers[c]
        if project in self.movable and self.project_owner[project] != target:
            moved = move_project(self.registry, EDITOR, project, target)
            assert moved.project.customer_id == target
            self.project_owner[project] = target  # S3: notes and activities follow (model)
        else:
            with pytest.raises(BusinessRuleError):
                move_project(self.registry, EDITOR, project, target)

    # -- contacts ------------------------------------------------------------------------------
    @rule(target=contacts, c=customer_index, first=texts(12), last=texts(12))
    def add_contact(self, c: int, first: str, last: str) -> Any:
        contact = add_contact(self.registry, EDITOR, self.customers[c], NewContact(first, last))
        self.contact_state[contact.id] = (self.customers[c], "active")
        return contact.id

    @rule(contact=contacts, action=st.sampled_from(["inactivate", "reactivate", "delete"]))
    def change_contact(self, contact: Any, action: str) -> None:
        customer, state = self.contact_state[contact]
        if action == "delete":
            delete_contact(self.registry, EDITOR, contact)
            self.contact_state[contact] = (customer, "deleted")
        elif state == "deleted":
            with pytest.raises(NotFoundError):
                (inactivate_contact if action == "inactivate" else reactivate_contact)(
                    self.registry, EDITOR, contact
                )
        else:
            change = inactivate_contact if action == "inactivate" else reactivate_contact
            change(self.registry, EDITOR, contact)
            self.contact_state[contact] = (
                customer,
                "inactive" if action == "inactivate" else "active",
            )

    # -- notes and activities ------------------------------------------------------------------
    @rule(c=customer_index, project=st.none() | projects, text=texts(30))
    def add_note(self, c: int, project: Any, text: str) -> None:
        customer = self.customers[c]
        if project is not None and self.project_owner[project] != customer:
            with pytest.raises(ValidationError):  # N3: only the customer's own projects
                add_note(self.registry, EDITOR, customer, text, project)
            return
        note = add_note(self.registry, EDITOR, customer, text, project)
        self.notes[note.id] = (customer, project)

    @rule(target=activities, c=customer_index, project=st.none() | projects, done=st.booleans())
    def add_activity(self, c: int, project: Any, done: bool) -> Any:
        customer = self.customers[c]
        new = NewActivity(ActivityKind.TODO, "Call", project_id=project, done=done)
        if project is not None and self.project_owner[project] != customer:
            with pytest.raises(ValidationError):  # T2
                add_activity(self.registry, READER, customer, new)
            return multiple()
        activity = add_activity(self.registry, READER, customer, new)
        self.activity_state[activity.id] = (customer, project, done)
        return activity.id

    @rule(activity=activities)
    def toggle(self, activity: Any) -> None:
        customer, project, done = self.activity_state[activity]
        (reopen_activity if done else complete_activity)(self.registry, EDITOR, activity)
        self.activity_state[activity] = (customer, project, not done)

    # -- what every card must show after every step ----------------------------------------------
    @invariant()
    def cards_match_the_model(self) -> None:
        for customer in self.customers:
            tab = contacts_tab(self.registry, READER, customer)
            mine = {k: s for k, (c, s) in self.contact_state.items() if c == customer}
            assert {c.id for c in tab.contacts} == {k for k, s in mine.items() if s == "active"}
            assert {c.id for c in tab.inactive_contacts} == {
                k for k, s in mine.items() if s == "inactive"
            }
            shown_notes = {v.note.id: v.project.id if v.project else None for v in tab.notes}
            assert shown_notes == {
                n: self.notes[n][1] for n in self.notes if self._customer_of_note(n) == customer
            }
            planned = {v.activity.id for v in tab.planned_activities}
            past = {v.activity.id for v in tab.past_activities}
            expected = {a for a in self.activity_state if self._customer_of_activity(a) == customer}
            assert planned | past == expected and not planned & past
            assert past == {a for a in expected if self.activity_state[a][2]}
            for view in (*tab.notes, *tab.planned_activities, *tab.past_activities):
                if view.project is not None:  # T2 / N3: links stay within the customer
                    assert self.project_owner[view.project.id] == customer
            rows = sales_tab(self.registry, READER, customer).rows
            assert {r.id for r in rows} == {
                p for p, c in self.project_owner.items() if c == customer
            }
            assert {r.id for r in rows if r.movable} == {
                p for p in self.movable if self.project_owner[p] == customer
            }

    @invariant()
    def project_cards_match_the_model(self) -> None:
        for project in self.project_owner:
            notes = {n.id for n in project_notes(self.registry, READER, project)}
            assert notes == {n for n, (_, p) in self.notes.items() if p == project}
            lists = project_activities(self.registry, READER, project)
            assert {a.id for a in (*lists.planned, *lists.past)} == {
                a for a, (_, p, _) in self.activity_state.items() if p == project
            }


def test_card_state_machine_p1_p3_t1_t2_n2_n3_s2_s3(registry_factory: Any) -> None:
    config = settings(
        max_examples=min(settings.default.max_examples, 12),
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=list(per_example.suppress_health_check),
    )
    run_state_machine_as_test(lambda: CardMachine(registry_factory), settings=config)
