"""A stateful test of mass update (M1, M2, M3, M4, M5, M6, M7): mass updates of all seven
actions, undos (of updates and of undos), single-customer edits and stale-version conflicts,
interleaved at random against a plain-dict model, with the registry checked against the model
after every step. Runs on every backend through ``registry_factory``.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import invariant
from hypothesis.stateful import precondition
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test

from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ConflictError
from custreg.domain.errors import MassUpdateError
from custreg.domain.ids import CustomerId
from custreg.domain.mass_update import AddSegments
from custreg.domain.mass_update import ChangeDefaultVat
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.mass_update import ChangeInvoiceTemplate
from custreg.domain.mass_update import ChangeOwner
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.mass_update import MassAction
from custreg.domain.mass_update import RemoveSegments
from custreg.domain.query import CustomerQuery
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import update_customer
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import undo_mass_update
from test_mass_update import Catalogue
from test_mass_update import editor
from test_mass_update import new_registry
from test_mass_update import snapshot

FIELDS = (
    "owner_id",
    "industry_id",
    "invoice_template_id",
    "default_vat_rate_id",
    "status",
    "market_segment_ids",
    "name",
)

#: An action in catalogue-independent form: (kind, argument).
abstract_actions = st.one_of(
    st.tuples(st.just("owner"), st.integers(0, 2)),
    st.tuples(st.just("industry"), st.integers(0, 2)),
    st.tuples(st.just("template"), st.integers(0, 1)),
    st.tuples(st.just("vat"), st.integers(0, 1)),
    st.tuples(st.just("status"), st.sampled_from(CustomerStatus)),
    st.tuples(st.just("add"), st.frozensets(st.integers(0, 3), min_size=1)),
    st.tuples(st.just("remove"), st.frozensets(st.integers(0, 4), min_size=1)),
)


def resolve(cat: Catalogue, spec: tuple[str, Any]) -> tuple[MassAction, str, Any]:
    """The action, the field it sets, and its argument in catalogue terms."""
    kind, arg = spec
    if kind == "owner":
        return ChangeOwner(cat.users[arg]), "owner_id", cat.users[arg]
    if kind == "industry":
        return ChangeIndustry(cat.industries[arg]), "industry_id", cat.industries[arg]
    if kind == "template":
        return ChangeInvoiceTemplate(cat.templates[arg]), "invoice_template_id", cat.templates[arg]
    if kind == "vat":
        return ChangeDefaultVat(cat.vat_rates[arg]), "default_vat_rate_id", cat.vat_rates[arg]
    if kind == "status":
        return ChangeStatus(arg), "status", arg
    segments = frozenset(cat.all_segments[i] for i in arg)
    if kind == "add":
        return AddSegments(segments), "market_segment_ids", segments
    return RemoveSegments(segments), "market_segment_ids", segments


def model_value(kind: str, old: Any, arg: Any) -> Any:
    """The help article's meaning of each action, on plain values."""
    if kind == "add":
        return frozenset(old) | arg
    if kind == "remove":
        return frozenset(x for x in old if x not in arg)
    return arg


def test_m1_m2_m6_m7_mass_updates_undos_and_edits_interleaved_match_a_model(
    registry_factory: Any,
) -> None:
    class MassUpdateMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.registry, self.cat = new_registry(registry_factory)
            self.principal = editor(self.cat)
            #: customer id -> {field: value, "version": n}, in creation (= number) order
            self.model: dict[CustomerId, dict[str, Any]] = {}
            #: every batch written: batch id -> {customer id: (field, value before, version after)}
            self.batches: dict[UUID, dict[CustomerId, tuple[str, Any, int]]] = {}

        # -- steps -------------------------------------------------------------------------

        @precondition(lambda self: len(self.model) < 8)
        @rule(n=st.integers(0, 10**6))
        def add_customer(self, n: int) -> None:
            created = create_customer(
                self.registry, self.principal, CreateCustomer(name=f"Customer {n}")
            )
            self.model[created.id] = {
                "owner_id": None,
                "industry_id": None,
                "invoice_template_id": None,
                "default_vat_rate_id": None,
                "status": CustomerStatus.ACTIVE,
                "market_segment_ids": frozenset(),
                "name": f"Customer {n}",
                "version": 1,
            }

        @rule(spec=abstract_actions, data=st.data())
        def mass_update_by_ids(self, spec: tuple[str, Any], data: st.DataObject) -> None:
            ids = list(self.model)
            selected = data.draw(
                st.lists(st.sampled_from(ids), unique=True) if ids else st.just([])
            )
            stale = data.draw(st.sets(st.sampled_from(selected)) if selected else st.just(set()))
            seen = (
                {
                    cid: self.model[cid]["version"] + (1 if cid in stale else 0)
                    for cid in data.draw(st.sets(st.sampled_from(selected))) | stale
                }
                if selected
                else {}
            )
            unknown = [CustomerId(uuid.uuid4())] if data.draw(st.booleans(), "unknown id") else []
            order = data.draw(st.permutations(selected + unknown))
            action, field, arg = resolve(self.cat, spec)
            cmd = MassUpdate.of_ids(action, order, seen)
            failing = [cid for cid in order if cid in stale or cid in unknown]
            if failing:
                with pytest.raises(MassUpdateError) as raised:
                    mass_update(self.registry, self.principal, cmd)
                assert list(raised.value.customer_ids) == failing
                return
            self._apply(mass_update(self.registry, self.principal, cmd), order, spec, field, arg)

        @rule(
            spec=abstract_actions,
            owner=st.none() | st.integers(0, 2),
            industry=st.none() | st.integers(0, 2),
            segment=st.none() | st.integers(0, 4),
            status=st.none() | st.sampled_from(CustomerStatus),
        )
        def mass_update_by_query(
            self,
            spec: tuple[str, Any],
            owner: int | None,
            industry: int | None,
            segment: int | None,
            status: CustomerStatus | None,
        ) -> None:
            cat = self.cat
            want = {
                "owner_id": None if owner is None else cat.users[owner],
                "industry_id": None if industry is None else cat.industries[industry],
                "status": status,
            }
            wanted_segment = None if segment is None else cat.all_segments[segment]
            query = CustomerQuery(market_segment_id=wanted_segment, **want)
            matching = [
                cid
                for cid, row in self.model.items()
                if all(v is None or row[k] == v for k, v in want.items())
                and (wanted_segment is None or wanted_segment in row["market_segment_ids"])
            ]
            action, field, arg = resolve(cat, spec)
            result = mass_update(self.registry, self.principal, MassUpdate.matching(action, query))
            self._apply(result, matching, spec, field, arg)

        def _apply(
            self, result: Any, selected: list[CustomerId], spec: Any, field: str, arg: Any
        ) -> None:
            assert [o.customer_id for o in result.outcomes] == selected
            written: dict[CustomerId, tuple[str, Any, int]] = {}
            for cid in selected:
                row = self.model[cid]
                new = model_value(spec[0], row[field], arg)
                outcome = result.outcomes[selected.index(cid)]
                assert (outcome.before, outcome.after) == (row[field], new)
                if new != row[field]:
                    written[cid] = (field, row[field], row["version"] + 1)
                    row[field], row["version"] = new, row["version"] + 1
            assert (result.batch_id is None) == (not written)
            if result.batch_id is not None:
                self.batches[result.batch_id] = written

        @precondition(lambda self: bool(self.batches))
        @rule(data=st.data())
        def undo(self, data: st.DataObject) -> None:
            batch_id = data.draw(st.sampled_from(list(self.batches)), "batch")
            batch = self.batches[batch_id]
            moved = [cid for cid, (_, _, v) in batch.items() if self.model[cid]["version"] != v]
            if moved:
                with pytest.raises(MassUpdateError) as raised:
                    undo_mass_update(self.registry, self.principal, batch_id)
                assert set(raised.value.customer_ids) == set(moved)
                return
            result = undo_mass_update(self.registry, self.principal, batch_id)
            assert result.undoes == batch_id
            written: dict[CustomerId, tuple[str, Any, int]] = {}
            for cid, (field, before, _) in batch.items():
                row = self.model[cid]
                written[cid] = (field, row[field], row["version"] + 1)
                row[field], row["version"] = before, row["version"] + 1
            assert result.batch_id is not None
            self.batches[result.batch_id] = written

        @precondition(lambda self: bool(self.model))
        @rule(
            data=st.data(),
            name=st.none() | st.sampled_from(["Acme", "Globex", "Initech"]),
            industry=st.none() | st.integers(0, 2),
            stale=st.booleans(),
        )
        def single_edit(
            self, data: st.DataObject, name: str | None, industry: int | None, stale: bool
        ) -> None:
            """Another user edits one customer; with a stale version the edit is refused."""
            cid = data.draw(st.sampled_from(list(self.model)), "customer")
            row = self.model[cid]
            changes: dict[str, Any] = {}
            if name is not None:
                changes["name"] = name
            if industry is not None:
                changes["industry_id"] = self.cat.industries[industry]
            version = row["version"] - 1 if stale else row["version"]
            cmd = UpdateCustomer(customer_id=cid, expected_version=version, **changes)
            if stale and version >= 1:
                with pytest.raises(ConflictError):
                    update_customer(self.registry, self.principal, cmd)
                return
            if version < 1:
                return
            update_customer(self.registry, self.principal, cmd)
            if any(row[k] != v for k, v in changes.items()):
                row.update(changes)
                row["version"] += 1

        # -- invariants --------------------------------------------------------------------

        @invariant()
        def registry_matches_model(self) -> None:
            stored = snapshot(self.registry, self.cat)
            assert set(stored) == set(self.model)
            for cid, row in self.model.items():
                customer = stored[cid]
                assert customer.version == row["version"]
                for field in FIELDS:
                    assert getattr(customer, field) == row[field], (cid, field)

        @invariant()
        def every_batch_is_in_the_audit_log(self) -> None:
            with self.registry.uow() as uow:
                for batch_id, written in self.batches.items():
                    entries = uow.audit.for_batch(batch_id)
                    customers = [e for e in entries if e.entity == "customer"]
                    assert [(e.entity_id, e.field) for e in customers] == [
                        (cid, field) for cid, (field, _, _) in written.items()
                    ]
                    (summary,) = [e for e in entries if e.entity == "mass_update"]
                    assert summary.after == {str(cid): v for cid, (_, _, v) in written.items()}

    run_state_machine_as_test(MassUpdateMachine)
