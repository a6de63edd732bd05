"""What every contract module shares: the registry factory protocol, fresh registries, the
contract settings, small storing helpers and the capability probe."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any
from typing import Protocol
from typing import TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.address import Address
from custreg.domain.audit import AuditEntry
from custreg.domain.customer import Customer
from custreg.domain.errors import CapabilityMissing
from custreg.domain.errors import ConflictError
from custreg.domain.errors import CustregError
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import NoteId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s

T = TypeVar("T")


class RegistryFactory(Protocol):
    """Gives the registry of a fresh, empty organisation on the adapter under test."""

    def __call__(
        self,
        settings: OrganisationSettings
        | Callable[[OrganisationId], OrganisationSettings]
        | None = None,
        clock: Clock | None = None,
        ids: IdGenerator | None = None,
    ) -> Registry: ...


# -- helpers ---------------------------------------------------------------------------------------

#: The settings every contract registry starts with (fixed ids, so entities can refer to them).
SETTINGS = s.sample_settings(OrganisationId(uuid.UUID(int=0)))


def fresh(registry_factory: RegistryFactory) -> Registry:
    """A new organisation with the contract settings."""
    return registry_factory(settings=s.settings_factory(SETTINGS))


#: The body of a contract property: ``body(self, registry, **drawn)``.
Body = Callable[..., None]
#: A contract test method as pytest sees it: it takes the ``registry_factory`` fixture.
ContractTest = Callable[[Any, RegistryFactory], None]


def each_example(
    *, requires: Callable[[UnitOfWork], object] | None = None, **strategies: st.SearchStrategy[Any]
) -> Callable[[Body], ContractTest]:
    """Make a contract test of ``body(self, registry, **drawn)``: hypothesis runs ``body`` for
    every example it draws from ``strategies`` (one per keyword argument of ``body``), each time on
    a fresh registry with the contract settings, so examples never share data.

    The test takes the ``registry_factory`` fixture and keeps the name and docstring of ``body``
    (hosts subclass the contracts and may override a test by name). With ``requires``, the test is
    skipped first like ``require_offered(registry_factory, requires)``. The ``@given`` function
    is made when the test runs, so it follows whichever Hypothesis profile is loaded."""

    def decorate(body: Body) -> ContractTest:
        def test(self: Any, registry_factory: RegistryFactory) -> None:
            if requires is not None:
                require_offered(registry_factory, requires)

            def check(**drawn: Any) -> None:
                body(self, fresh(registry_factory), **drawn)

            # Hypothesis keys its database of failing examples by the test's source, the same for
            # every test made here: the body's name keeps one key per contract test.
            check._hypothesis_internal_add_digest = body.__qualname__.encode()  # type: ignore[attr-defined]
            given(**strategies)(check)()

        test.__name__ = body.__name__
        test.__qualname__ = body.__qualname__
        test.__module__ = body.__module__
        test.__doc__ = body.__doc__
        return test

    return decorate


def stored(registry: Registry, action: Callable[[UnitOfWork], T]) -> T:
    """Run ``action`` in a unit of work and commit it."""
    with registry.uow() as uow:
        result = action(uow)
        uow.commit()
    return result


def read(registry: Registry, action: Callable[[UnitOfWork], T]) -> T:
    """Run ``action`` in a unit of work that is not committed."""
    with registry.uow() as uow:
        return action(uow)


def _each(action: Callable[[T], None], items: Iterable[T]) -> None:
    for item in items:
        action(item)


def _get_customer(customer_id: CustomerId, uow: UnitOfWork) -> Customer:
    return uow.customers.get(customer_id)


def _get_address(address_id: AddressId, uow: UnitOfWork) -> Address:
    return uow.addresses.get(address_id)


def _dependant(kind: str, customer_id: CustomerId) -> tuple[str, object]:
    """A record of ``kind`` referring to the customer, and the repository that stores it."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    if kind == "invoice":
        one = Money(Decimal(1), "EUR")
        status = SETTINGS.invoice_statuses[0].id
        return "invoices", Invoice(
            InvoiceId(uuid.uuid4()), customer_id, status, at.date(), one, one
        )
    if kind == "note":
        return "notes", Note(NoteId(uuid.uuid4()), customer_id, "Keep", at)
    if kind == "activity":
        return "activities", Activity(
            ActivityId(uuid.uuid4()), customer_id, ActivityKind.TODO, "Call"
        )
    link = FileLink(
        FileLinkId(uuid.uuid4()), customer_id, FileLinkKind.LINK, "x.txt", at, url="https://x.fi"
    )
    return "files", link


def _set_forecast(forecast: ProjectForecast, uow: UnitOfWork) -> None:
    uow.projects.set_forecast(forecast)


def _record(entries: Sequence[AuditEntry], uow: UnitOfWork) -> None:
    uow.audit.record(entries)


def _ids(items: Iterable[Any]) -> list[Any]:
    return [item.id for item in items]


def _by_id(items: Iterable[T]) -> list[T]:
    return sorted(items, key=lambda item: item.id)  # type: ignore[attr-defined]


def _numbered(uow: UnitOfWork, customers: Sequence[Customer]) -> list[Customer]:
    """Store ``customers`` under numbers the repository hands out (numbers must be unique)."""
    result = []
    for customer in customers:
        numbered = attrs.evolve(customer, number=uow.customers.next_number())
        uow.customers.add(numbered)
        result.append(numbered)
    return result


def _unique_customers(min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[list[Customer]]:
    return st.lists(
        s.customers(SETTINGS), min_size=min_size, max_size=max_size, unique_by=lambda c: c.id
    )


@st.composite
def populations(draw: st.DrawFn, max_size: int = 8) -> list[Customer]:
    """Customers that share VAT numbers, owners and segments often enough for queries to bite."""
    people = draw(_unique_customers(0, max_size))
    pool = draw(st.lists(s.vat_numbers(), min_size=1, max_size=2))
    result = []
    for customer in people:
        if draw(st.booleans()):
            vat = draw(st.sampled_from(pool))
            customer = attrs.evolve(customer, vat_number=vat, business_id=s.business_id_of(vat))
        result.append(customer)
    return result


def _one_customer(registry: Registry) -> Customer:
    """Store one plain customer to hang children (addresses, projects...) on."""
    customer = Customer(
        id=CustomerId(uuid.uuid4()),
        number=CustomerNumber(1),
        name="Parent Oy",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return stored(registry, lambda uow: _numbered(uow, [customer])[0])


def _one_project(registry: Registry, customer: Customer) -> Project:
    project = Project(ProjectId(uuid.uuid4()), customer.id, 1, "Parent project")

    def add(uow: UnitOfWork) -> Project:
        numbered = attrs.evolve(project, number=uow.projects.next_number())
        uow.projects.add(numbered)
        return numbered

    return stored(registry, add)


def _id_of(item: Any) -> Any:
    return item.id


def _unique(items: st.SearchStrategy[T], max_size: int) -> st.SearchStrategy[list[T]]:
    """Lists of at most ``max_size`` of ``items`` with distinct ids (a repository stores an id
    once)."""
    return st.lists(items, max_size=max_size, unique_by=_id_of)


def _on_customer_or(
    project: Project, make: Callable[[ProjectId | None], st.SearchStrategy[T]], max_size: int
) -> st.SearchStrategy[list[T]]:
    """Records with distinct ids made by ``make``, each on the customer alone (None) or on
    ``project``."""
    return _unique(st.sampled_from([None, project.id]).flatmap(make), max_size)


def _two_customers_and_project(registry: Registry) -> tuple[Customer, Customer, Project]:
    """Two stored customers and a stored project of the first: records hung on them show
    whether a listing keeps to its own customer."""
    customer, other = _one_customer(registry), _one_customer(registry)
    return customer, other, _one_project(registry, customer)


def _check_update(
    registry: Registry, repository: Callable[[UnitOfWork], Any], changed: Any
) -> None:
    """``update`` of ``changed`` through ``repository`` is committed and read back exactly."""
    stored(registry, lambda uow: repository(uow).update(changed))
    assert read(registry, lambda uow: repository(uow).get(changed.id)) == changed


def _check_versioned_update(
    registry: Registry, repository: Callable[[UnitOfWork], Any], before: Any, changed: Any
) -> None:
    """``update`` of ``changed`` (the stored ``before`` with another version) through
    ``repository`` stores it exactly when its version is one more than ``before``'s; any other
    version raises ConflictError and ``before`` stays stored."""
    if changed.version == before.version + 1:
        _check_update(registry, repository, changed)
    else:
        with pytest.raises(ConflictError):
            stored(registry, lambda uow: repository(uow).update(changed))
        assert read(registry, lambda uow: repository(uow).get(before.id)) == before


def _add_each(
    registry: Registry, repository: Callable[[UnitOfWork], Any], items: Iterable[Any]
) -> None:
    """Store ``items`` one by one through ``repository``'s ``add`` and commit; each then reads
    back exactly by ``get``."""
    items = list(items)
    stored(registry, lambda uow: _each(repository(uow).add, items))
    with registry.uow() as uow:
        for item in items:
            assert repository(uow).get(item.id) == item


def _check_not_found(registry: Registry, action: Callable[[UnitOfWork], object]) -> None:
    """``action`` (on an unknown or removed id) raises NotFoundError; nothing is committed."""
    with pytest.raises(NotFoundError):
        read(registry, action)


def _check_remove(
    registry: Registry, repository: Callable[[UnitOfWork], Any], item_id: Any
) -> None:
    """``remove`` of ``item_id`` through ``repository`` is committed; ``get`` then raises
    NotFoundError."""
    stored(registry, lambda uow: repository(uow).remove(item_id))
    _check_not_found(registry, lambda uow: repository(uow).get(item_id))


def _unique_ordinals(items: list[Address]) -> list[Address]:
    """Addresses of one customer have distinct ordinals (the use cases hand them out)."""
    return [attrs.evolve(a, ordinal=i + 1 + a.ordinal * 10) for i, a in enumerate(items)]


def require_offered(
    registry_factory: RegistryFactory, probe: Callable[[UnitOfWork], object]
) -> None:
    """Skip the calling test when the adapter does not offer what ``probe`` uses: ``probe`` runs
    in a unit of work of a fresh registry that is rolled back, and a ``CapabilityMissing`` it
    raises skips the test, naming the capability. Any other outcome (a result, a
    ``NotFoundError``...) means the capability is offered and the test runs."""
    with fresh(registry_factory).uow() as uow:
        try:
            probe(uow)
        except CapabilityMissing as missing:
            pytest.skip(f"the adapter does not offer the {missing.capability!r} capability")
        except CustregError:
            pass


C = TypeVar("C", bound=type)


def offered_only(probe: Callable[[UnitOfWork], object]) -> Callable[[C], C]:
    """Class decorator of a contract: every test of the class (and of classes combining it with
    others) is skipped when the adapter does not offer what ``probe`` uses (``require_offered``)."""
    return skipped_unless(partial(require_offered, probe=probe))


def skipped_unless(offered: Callable[[RegistryFactory], None]) -> Callable[[C], C]:
    """Class decorator of a contract: before every test of the class (and of classes combining it
    with others), ``offered(registry_factory)`` may skip the test (with ``pytest.skip``) when the
    adapter does not offer what the class tests. The check is an autouse fixture named after the
    class, so combined contracts keep each one."""

    def decorate(contract: C) -> C:
        def check(self: object, registry_factory: RegistryFactory) -> None:
            offered(registry_factory)

        check.__doc__ = f"Skip every test of {contract.__name__} if what it tests is not offered."
        name = f"_offers_{contract.__name__}"
        setattr(contract, name, pytest.fixture(autouse=True, name=name)(check))
        return contract

    return decorate
