"""The minimal capability set (what a host must implement) and the optional capabilities."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import attrs
import pytest

import custreg
from custreg.domain.errors import CapabilityMissing
from custreg.domain.errors import CustregError
from custreg.ports.audit import NoAuditLog
from custreg.ports.host import MINIMAL_CAPABILITY_SET
from custreg.ports.host import OPTIONAL_CAPABILITIES
from custreg.ports.host import HostUnitOfWork
from custreg.ports.host import capabilities
from custreg.ports.host import required_members

EMBEDDING = Path(__file__).parent.parent / "docs" / "embedding.md"

#: The issue's target: a host offering customers, contacts, addresses and search implements at
#: most this many members to run create, update, search, list and mass update.
MAX_MEMBERS = 20


def test_the_minimal_capability_set_has_at_most_20_members() -> None:
    members = required_members()
    assert len(members) == len(set(members))
    assert 0 < len(members) <= MAX_MEMBERS, members


def test_embedding_guide_states_the_figure_and_lists_every_member() -> None:
    text = EMBEDDING.read_text(encoding="utf-8")
    members = required_members()
    assert re.search(rf"\*\*{len(members)} members\*\*", text), "the figure in docs/embedding.md"
    for member in members:
        assert f"`{member}`" in text, member


def test_the_required_members_are_the_abstract_ones_only() -> None:
    for base in MINIMAL_CAPABILITY_SET:
        abstract = set(base.__abstractmethods__)
        public = {n for n in dir(base) if not n.startswith("_")}
        assert abstract <= public | {"__enter__", "__exit__"}
        assert {f"{base.__name__}.{n}" for n in abstract} <= set(required_members())
    with pytest.raises(TypeError):
        HostUnitOfWork()  # type: ignore[abstract]


class _Bare(HostUnitOfWork):
    """The least a host writes: the three repositories and the transaction."""

    customers = addresses = contacts = None  # type: ignore[assignment]
    rolled_back = 0

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        self.rolled_back += 1


@pytest.mark.parametrize("name", [n for n in OPTIONAL_CAPABILITIES if n != "audit"])
def test_an_optional_capability_not_offered_raises_capability_missing(name: str) -> None:
    with pytest.raises(CapabilityMissing) as raised:
        getattr(_Bare(), name)
    assert isinstance(raised.value, CustregError)
    assert raised.value.capability == name and raised.value.field == name


def test_without_audit_nothing_is_recorded_and_the_trail_cannot_be_read() -> None:
    audit = _Bare().audit
    assert isinstance(audit, NoAuditLog)
    audit.record([])
    with pytest.raises(CapabilityMissing):
        audit.for_batch(uuid.uuid4())
    with pytest.raises(CapabilityMissing):
        audit.for_entity("customer", uuid.uuid4())


def test_capabilities_lists_what_is_offered() -> None:
    assert capabilities(_Bare()) == frozenset()
    organisation = custreg.OrganisationId(uuid.uuid4())
    registry = custreg.open_memory(
        organisation, custreg.OrganisationSettings(organisation, "O")
    )
    with registry.uow() as uow:
        assert capabilities(uow) == frozenset(OPTIONAL_CAPABILITIES)
    fixed = attrs.evolve(registry, settings=custreg.OrganisationSettings(organisation, "F"))
    with fixed.uow() as uow:
        assert capabilities(uow) == frozenset(OPTIONAL_CAPABILITIES) - {"settings"}
        assert uow.settings.get().name == "F"
        with pytest.raises(CapabilityMissing):
            uow.settings.save(uow.settings.get())


def test_leaving_a_host_unit_of_work_rolls_back_even_on_error() -> None:
    uow = _Bare()
    with pytest.raises(RuntimeError), uow:
        raise RuntimeError("boom")
    with uow:
        pass
    assert uow.rolled_back == 2


def _public_port_members() -> list[tuple[str, object]]:
    import importlib
    import inspect
    import pkgutil

    import custreg.ports

    found: list[tuple[str, object]] = []
    for info in pkgutil.iter_modules(custreg.ports.__path__):
        module = importlib.import_module(f"custreg.ports.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if not (inspect.isclass(value) or inspect.isfunction(value)):
                continue
            found.append((f"{info.name}.{name}", value))
            if inspect.isclass(value):
                for member, attr in vars(value).items():
                    if member.startswith("_") and member not in ("__enter__", "__exit__"):
                        continue
                    if inspect.isfunction(attr) or isinstance(attr, property):
                        found.append((f"{info.name}.{name}.{member}", attr))
    return found


def test_every_public_port_class_and_method_says_what_it_guarantees() -> None:
    members = _public_port_members()
    assert len(members) > 150
    undocumented = [name for name, value in members if not (value.__doc__ or "").strip()]
    assert undocumented == []
