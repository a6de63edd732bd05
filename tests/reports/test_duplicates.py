"""Duplicate detection (name normalisation, blocking) and consolidation (D1, D2) on every backend.

Detection is checked against a brute-force reference that compares every pair; consolidation
against the rules (S2: only projects without invoice and proposal move; S3: notes and activities
follow; D2: one transaction, a report of every moved and every refused project, inactivation only
when nothing was left behind), including a stateful test interleaving consolidations with invoice
and proposal creation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import consumes
from hypothesis.stateful import invariant
from hypothesis.stateful import multiple
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test
from rapidfuzz import fuzz
from reports_world import ANNA
from reports_world import EUR
from reports_world import SENT
from reports_world import World
from reports_world import add_activity
from reports_world import add_customer
from reports_world import add_invoice
from reports_world import add_note
from reports_world import add_project
from reports_world import add_proposal
from reports_world import open_world
from reports_world import settings_for

from custreg.adapters.similarity import RapidfuzzSimilarity
from custreg.domain.activity import ActivityKind
from custreg.domain.customer import CustomerStatus
from custreg.domain.duplicates import LEGAL_FORMS
from custreg.domain.duplicates import LEGAL_FORMS_BY_COUNTRY
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.duplicates import DuplicateReason
from custreg.domain.duplicates import normalise_name
from custreg.domain.duplicates import tax_key
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.moves import MoveBlocker
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity as add_activity_case
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.duplicates import consolidate
from custreg.usecases.duplicates import detect_duplicates
from custreg.usecases.duplicates import find_duplicates
from custreg.usecases.notes import add_note as add_note_case
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import add_proposal as add_proposal_case
from custreg.usecases.projects import create_project

RegistryFactory = Callable[..., Registry]
with_fixture = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
EDITOR = Principal(ANNA, CustomerPermission.EDIT)
SIMILARITY = RapidfuzzSimilarity()

# -- name normalisation ----------------------------------------------------------------------------

_PARTS = {"sp", "z", "oo", "co", "kg", "public", "limited", "liability", "company", "besloten",
          "naamloze", "vennootschap", "societe", "anonyme", "gmbh"}
def _folded(word: str) -> str:
    return (
        word.replace("ø", "o").replace("å", "a").replace("ä", "a").replace("ö", "o")
        .replace("ü", "u")
    )


# Words that are no legal form once folded ("äbp" folds to the legal form "abp": it would be
# dropped at an end of the name and kept in the middle, so word order would matter).
words = st.text("abcdefghijklmnopqrstuvwxyzåäöüø", min_size=3, max_size=8).filter(
    lambda w: _folded(w) not in LEGAL_FORMS
    and _folded(w) not in _PARTS
    and normalise_name(w) == _folded(w)
)
spellings = st.sampled_from(
    [form for forms in LEGAL_FORMS_BY_COUNTRY.values() for form in forms.split()]
).flatmap(lambda form: st.sampled_from((form, form.upper(), form.capitalize())))


@given(name=st.lists(words, min_size=1, max_size=4).map(" ".join), form=spellings,
       at_end=st.booleans())
def test_duplicates_a_legal_form_at_either_end_does_not_change_the_name_key(
    name: str, form: str, at_end: bool
) -> None:
    decorated = f"{name} {form}" if at_end else f"{form} {name}"
    assert normalise_name(decorated) == normalise_name(name)


@given(name=st.lists(words, min_size=1, max_size=4).map(" ".join), data=st.data())
def test_duplicates_the_name_key_ignores_case_word_order_and_punctuation(
    name: str, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(name.split()))
    messy = ", ".join(w.upper() if i % 2 else w.title() for i, w in enumerate(shuffled)) + "."
    assert normalise_name(messy) == normalise_name(name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oy Esimerkki Ab", "Esimerkki Oy"),
        ("Nordic Consulting A/S", "Consulting Nordic AS"),
        ("Brønnøysund Regnskap AS", "BRONNOYSUND REGNSKAP"),
        ("Müller GmbH & Co. KG", "Muller"),
        ("Firma Sp. z o.o.", "FIRMA"),
        ("Kovo s.r.o.", "Kovo"),
        ("ACME, Inc.", "Acme Ltd"),
        ("Esimerkki Osakeyhtiö", "esimerkki oyj"),
    ],
)
def test_duplicates_examples_of_equal_name_keys(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b) != ""


def test_duplicates_a_name_that_is_only_a_legal_form_is_kept() -> None:
    assert normalise_name("AB") == "ab"
    assert normalise_name("Oy Ab") != ""


# -- detection against brute force -----------------------------------------------------------------

NAMES = ("Esimerkki Oy", "Oy Esimerkki Ab", "Esimerki Oy", "Nordic Consulting AS",
         "Nordik Consulting", "Acme", "Acme Ltd", "Birch", "!!!")
VATS = (None, None, "FI01120389", "fi 0112038-9", "SE556036079301")
BUSINESS_IDS = (None, None, "FI:0112038-9", "NO:923609016")


@st.composite
def identities(draw: st.DrawFn, max_size: int = 8) -> list[CustomerIdentity]:
    count = draw(st.integers(0, max_size))
    return [
        CustomerIdentity(
            CustomerId(uuid.uuid4()),
            number,
            draw(st.sampled_from(NAMES) | st.text(min_size=1, max_size=12)),
            draw(st.sampled_from(VATS)),
            draw(st.sampled_from(BUSINESS_IDS)),
        )
        for number in range(1, count + 1)
    ]


def brute_force(
    customers: Sequence[CustomerIdentity], threshold: float
) -> dict[tuple[int, int], tuple[frozenset[DuplicateReason], float]]:
    """Every pair compared: the reference detection (scores from rapidfuzz directly)."""
    found = {}
    for i, a in enumerate(customers):
        for b in customers[i + 1 :]:
            reasons, score = set(), 0.0
            if tax_key(a.vat_number) and tax_key(a.vat_number) == tax_key(b.vat_number):
                reasons.add(DuplicateReason.SAME_VAT_NUMBER)
            if tax_key(a.business_id) and tax_key(a.business_id) == tax_key(b.business_id):
                reasons.add(DuplicateReason.SAME_BUSINESS_ID)
            key_a, key_b = normalise_name(a.name), normalise_name(b.name)
            if key_a and key_a == key_b:
                reasons.add(DuplicateReason.SAME_NAME)
            if reasons:
                score = 1.0
            if key_a and key_b and key_a != key_b:
                similarity = fuzz.ratio(key_a, key_b) / 100
                if similarity >= threshold:
                    reasons.add(DuplicateReason.SIMILAR_NAME)
                    score = max(score, similarity)
            if reasons:
                found[(a.number, b.number)] = (frozenset(reasons), round(score, 4))
    return found


@given(customers=identities(), threshold=st.sampled_from((0.8, 0.9, 1.0)))
def test_duplicates_detection_equals_brute_force_when_the_window_covers_every_name(
    customers: list[CustomerIdentity], threshold: float
) -> None:
    window = len(customers) or 1
    pairs = detect_duplicates(customers, SIMILARITY, threshold=threshold, window=window)
    got = {
        (p.first.number, p.second.number): (frozenset(p.reasons), p.score) for p in pairs
    }
    assert got == brute_force(customers, threshold)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


class CountingSimilarity:
    """The real scorer, counting how many names it is asked to compare."""

    def __init__(self) -> None:
        self.compared = 0

    def similar(
        self, query: str, candidates: Sequence[str], cutoff: float
    ) -> list[tuple[int, float]]:
        self.compared += len(candidates)
        return SIMILARITY.similar(query, candidates, cutoff)


@settings(max_examples=10)
@given(seed=st.lists(words, min_size=50, max_size=200, unique=True), window=st.integers(1, 6))
def test_duplicates_detection_never_compares_every_pair_yet_finds_typos(
    seed: list[str], window: int
) -> None:
    customers = [CustomerIdentity(CustomerId(uuid.uuid4()), i + 1, f"{w}ola Oy")
                 for i, w in enumerate(seed)]
    typo = CustomerIdentity(CustomerId(uuid.uuid4()), 10_000, f"{seed[0]}oal")
    counter = CountingSimilarity()
    pairs = detect_duplicates([*customers, typo], counter, threshold=0.8, window=window)
    distinct = len({normalise_name(c.name) for c in [*customers, typo]})
    assert counter.compared <= 2 * window * distinct < distinct * (distinct - 1) // 2
    assert any({p.first.number, p.second.number} == {1, 10_000} for p in pairs)


@with_fixture
@given(names=st.lists(st.sampled_from(NAMES[:-1]), min_size=2, max_size=6))
def test_duplicates_find_duplicates_reads_the_registry_and_skips_inactive_customers(
    registry_factory: RegistryFactory, names: list[str]
) -> None:
    world = World()
    for i, name in enumerate(names):
        status = CustomerStatus.INACTIVE if i == 0 else CustomerStatus.ACTIVE
        add_customer(world, name, status=status)
    registry = open_world(registry_factory, world)
    reader = Principal(ANNA, CustomerPermission.READ_ONLY)
    active = [
        CustomerIdentity(c.id, c.number.value, c.name, status=c.status)
        for c in world.customers if c.status is CustomerStatus.ACTIVE
    ]
    found = find_duplicates(registry, reader, SIMILARITY)
    assert found == detect_duplicates(active, SIMILARITY)
    everyone = find_duplicates(registry, reader, SIMILARITY, include_inactive=True)
    assert {p.first.number for p in everyone} | {p.second.number for p in everyone} >= (
        {p.first.number for p in found} | {p.second.number for p in found}
    )
    with pytest.raises(PermissionDeniedError):
        find_duplicates(registry, Principal(ANNA, CustomerPermission.NONE), SIMILARITY)
    with pytest.raises(ValidationError):
        find_duplicates(registry, reader, SIMILARITY, threshold=0)


# -- consolidation (D1, D2) ------------------------------------------------------------------------


def counts(registry: Registry, customer_id: CustomerId) -> dict[str, Any]:
    with registry.uow() as uow:
        return {
            "projects": {p.id for p in uow.projects.for_customer(customer_id)},
            "notes": {n.id for n in uow.notes.for_customer(customer_id)},
            "activities": {a.id for a in uow.activities.for_customer(customer_id)},
            "contacts": {c.id for c in uow.contacts.for_customer(customer_id, True)},
            "addresses": {a.id for a in uow.addresses.for_customer(customer_id)},
            "invoices": {i.id for i in uow.invoices.for_customer(customer_id)},
        }


@with_fixture
@given(
    plans=st.lists(
        st.tuples(st.booleans(), st.booleans(), st.integers(0, 2), st.integers(0, 2)),
        max_size=4,
    ),
    own_notes=st.integers(0, 2),
    keep_projects=st.integers(0, 2),
)
def test_d2_consolidation_moves_every_movable_project_and_reports_every_other(
    registry_factory: RegistryFactory,
    plans: list[tuple[bool, bool, int, int]],
    own_notes: int,
    keep_projects: int,
) -> None:
    world = World()
    duplicate, keep = add_customer(world, "Esimerkki Oy"), add_customer(world, "Oy Esimerkki Ab")
    for _ in range(keep_projects):
        add_note(world, keep, "kept", add_project(world, keep))
    movable, blocked = set(), {}
    for invoiced, proposed, notes, activities in plans:
        project = add_project(world, duplicate)
        for n in range(notes):
            add_note(world, duplicate, f"project note {n}", project)
        for _ in range(activities):
            add_activity(world, duplicate, project)
        if invoiced:
            add_invoice(world, duplicate, "10", projects=(project,))
        if proposed:
            add_proposal(world, project)
        blockers = (MoveBlocker.HAS_INVOICE,) * invoiced + (MoveBlocker.HAS_PROPOSAL,) * proposed
        if blockers:
            blocked[project.id] = blockers
        else:
            movable.add(project.id)
    for n in range(own_notes):
        add_note(world, duplicate, f"customer note {n}")
    add_activity(world, duplicate)
    registry = open_world(registry_factory, world)
    before_dup, before_keep = counts(registry, duplicate.id), counts(registry, keep.id)

    report = consolidate(registry, EDITOR, duplicate.id, keep.id)

    after_dup, after_keep = counts(registry, duplicate.id), counts(registry, keep.id)
    assert {m.project_id for m in report.moved} == movable
    assert {u.project_id: u.blockers for u in report.not_moved} == blocked
    assert all(u.reason for u in report.not_moved)
    moved_notes = {n for m in report.moved for n in m.note_ids}
    moved_activities = {a for m in report.moved for a in m.activity_ids}
    assert moved_notes == {n.id for n in world.notes if n.project_id in movable}
    assert moved_activities == {a.id for a in world.activities if a.project_id in movable}
    # S3: notes and activities follow their project; nothing is lost or duplicated
    assert after_keep["projects"] == before_keep["projects"] | movable
    assert after_dup["projects"] == before_dup["projects"] - movable
    assert after_keep["notes"] == before_keep["notes"] | moved_notes
    assert after_dup["notes"] == before_dup["notes"] - moved_notes
    assert after_keep["activities"] == before_keep["activities"] | moved_activities
    assert after_dup["activities"] == before_dup["activities"] - moved_activities
    # D1: no joining in place: what is not a movable project stays on the duplicate
    for kind in ("contacts", "addresses", "invoices"):
        assert after_dup[kind] == before_dup[kind] and after_keep[kind] == before_keep[kind]
    # D2: inactivated exactly when nothing was left behind
    status = get_customer(registry, EDITOR, duplicate.id).status
    assert report.inactivated == (not blocked)
    assert status is (CustomerStatus.INACTIVE if not blocked else CustomerStatus.ACTIVE)
    assert get_customer(registry, EDITOR, keep.id).status is CustomerStatus.ACTIVE
    # audited: every moved item is in the batch
    with registry.uow() as uow:
        batch = uow.audit.for_batch(report.batch_id)
    audited = {(e.entity, e.entity_id) for e in batch if e.action == "consolidate"}
    assert {("project", p) for p in movable} | {("note", n) for n in moved_notes} | {
        ("activity", a) for a in moved_activities
    } <= audited
    assert (("customer", duplicate.id) in audited) == (not blocked)


@with_fixture
@given(permission=st.sampled_from((CustomerPermission.NONE, CustomerPermission.READ_ONLY)))
def test_d2_consolidation_refused_changes_nothing(
    registry_factory: RegistryFactory, permission: CustomerPermission
) -> None:
    world = World()
    duplicate, keep = add_customer(world, "A Oy"), add_customer(world, "A Ab")
    gone = add_customer(world, "Inactive Oy", status=CustomerStatus.INACTIVE)
    add_note(world, duplicate, "n", add_project(world, duplicate))
    registry = open_world(registry_factory, world)
    snapshot = counts(registry, duplicate.id), counts(registry, keep.id)
    unknown = CustomerId(uuid.uuid4())
    attempts: list[tuple[type[Exception], Callable[[], object]]] = [
        (PermissionDeniedError,
         lambda: consolidate(registry, Principal(ANNA, permission), duplicate.id, keep.id)),
        (ValidationError, lambda: consolidate(registry, EDITOR, duplicate.id, duplicate.id)),
        (NotFoundError, lambda: consolidate(registry, EDITOR, duplicate.id, unknown)),
        (BusinessRuleError, lambda: consolidate(registry, EDITOR, duplicate.id, gone.id)),
    ]
    for error, attempt in attempts:
        with pytest.raises(error):
            attempt()
        assert (counts(registry, duplicate.id), counts(registry, keep.id)) == snapshot
        assert get_customer(registry, EDITOR, duplicate.id).status is CustomerStatus.ACTIVE


def test_d1_d2_consolidations_interleaved_with_invoicing_never_move_an_invoiced_project(
    registry_factory: RegistryFactory,
) -> None:
    class Consolidation(RuleBasedStateMachine):
        customers = Bundle("customers")
        projects = Bundle("projects")

        def __init__(self) -> None:
            super().__init__()
            self.registry = registry_factory(settings=settings_for)
            self.owner: dict[ProjectId, CustomerId] = {}
            self.invoiced: set[ProjectId] = set()
            self.proposed: set[ProjectId] = set()
            self.notes: dict[Any, ProjectId | None] = {}
            self.note_owner: dict[Any, CustomerId] = {}
            self.activities: dict[Any, ProjectId | None] = {}
            self.activity_owner: dict[Any, CustomerId] = {}
            self.active: dict[CustomerId, bool] = {}
            self.invoices = 0

        @rule(target=customers, n=st.integers(0, 99))
        def add_customer(self, n: int) -> CustomerId:
            created = create_customer(self.registry, EDITOR, CreateCustomer(f"Customer {n} Oy"))
            self.active[created.id] = True
            return created.id

        @rule(target=projects, customer=customers)
        def add_project(self, customer: CustomerId) -> Any:
            if not self.active[customer]:
                return multiple()
            project = create_project(self.registry, EDITOR, customer, NewProject("Work"))
            self.owner[project.id] = customer
            return project.id

        @rule(project=projects, on_project=st.booleans())
        def add_note(self, project: ProjectId, on_project: bool) -> None:
            customer = self.owner[project]
            note = add_note_case(
                self.registry, EDITOR, customer, "note", project if on_project else None
            )
            self.notes[note.id] = project if on_project else None
            self.note_owner[note.id] = customer

        @rule(project=projects)
        def add_activity(self, project: ProjectId) -> None:
            customer = self.owner[project]
            activity = add_activity_case(
                self.registry, EDITOR, customer,
                NewActivity(ActivityKind.TODO, "call", project_id=project),
            )
            self.activities[activity.id] = project
            self.activity_owner[activity.id] = customer

        @rule(project=projects)
        def create_invoice(self, project: ProjectId) -> None:
            """What a host's billing does: an invoice on the project, for its customer."""
            self.invoices += 1
            with self.registry.uow() as uow:
                uow.invoices.add(
                    Invoice(
                        InvoiceId(uuid.uuid4()), self.owner[project], SENT.id, date(2026, 5, 1),
                        Money("100", EUR), Money("125.5", EUR), number=self.invoices,
                        project_ids=frozenset({project}),
                    )
                )
                uow.commit()
            self.invoiced.add(project)

        @rule(project=projects)
        def add_proposal(self, project: ProjectId) -> None:
            add_proposal_case(self.registry, EDITOR, project, "Offer")
            self.proposed.add(project)

        @rule(duplicate=consumes(customers), keep=customers)
        def consolidate(self, duplicate: CustomerId, keep: CustomerId) -> None:
            if duplicate == keep or not self.active[keep]:
                with pytest.raises((ValidationError, BusinessRuleError)):
                    consolidate(self.registry, EDITOR, duplicate, keep)
                return
            report = consolidate(self.registry, EDITOR, duplicate, keep)
            mine = {p for p, c in self.owner.items() if c == duplicate}
            stuck = {p for p in mine if p in self.invoiced or p in self.proposed}
            assert {u.project_id for u in report.not_moved} == stuck
            assert {m.project_id for m in report.moved} == mine - stuck
            for project in mine - stuck:
                self.owner[project] = keep
            for items, owners in ((self.notes, self.note_owner),
                                  (self.activities, self.activity_owner)):
                for item, project in items.items():
                    if project is not None and project in mine - stuck:
                        owners[item] = keep
            if not stuck:
                self.active[duplicate] = False
            assert report.inactivated == (not stuck)

        @invariant()
        def registry_matches_the_model(self) -> None:
            with self.registry.uow() as uow:
                for project, customer in self.owner.items():
                    assert uow.projects.get(project).customer_id == customer
                    for invoice in uow.invoices.for_project(project):
                        assert invoice.customer_id == customer  # invoiced: never moved
                for note, customer in self.note_owner.items():
                    stored = uow.notes.get(note)  # never lost
                    assert stored.customer_id == customer
                    assert stored.project_id == self.notes[note]
                for activity, customer in self.activity_owner.items():
                    assert uow.activities.get(activity).customer_id == customer
                for customer, active in self.active.items():
                    assert uow.customers.get(customer).is_active == active

    run_state_machine_as_test(Consolidation)
