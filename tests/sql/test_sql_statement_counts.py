"""No N+1 anywhere: the number of statements a use case sends does not grow with the data
(the size of the registry, of the selection, of the page or of the import)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from typing import Any

import attrs
import pytest
from sqlkit import statements
from stdnum.fi import alv

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql.unit_of_work import COPY_MIN_ROWS
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import CustomerId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.mass_update import RemoveSegments
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import list_customers
from custreg.usecases.customers import update_customer
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import undo_mass_update

SMALL, LARGE = 3, 40
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USER = UserId(uuid.UUID(int=1))
SEGMENTS = [MarketSegmentId(uuid.UUID(int=100 + i)) for i in range(3)]
ADMIN = Principal(USER, CustomerPermission.ALL)


def _registry(database: SqlDatabase, size: int) -> tuple[Registry, list[Customer]]:
    """An organisation with ``size`` customers, each with segments (link rows to load)."""
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(
        organisation_id,
        "Counted Oy",
        users=(User(USER, "Ann"),),
        market_segments=tuple(MarketSegment(s, f"Segment {i}") for i, s in enumerate(SEGMENTS)),
    )
    registry = registry_of(database, organisation_id, settings=settings)
    customers = [
        Customer(
            CustomerId(uuid.uuid4()),
            CustomerNumber(n),
            f"Customer {n}",
            NOW,
            market_segment_ids=frozenset(SEGMENTS[: n % 3 + 1]),
        )
        for n in range(1, size + 1)
    ]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.customers.next_numbers(size)
        uow.commit()
    return registry, customers


def _count(
    database: SqlDatabase, size: int, action: Callable[[Registry, list[Customer]], Any]
) -> int:
    registry, customers = _registry(database, size)
    with registry.uow() as uow:  # warm the settings cache, as in a running application
        uow.settings.get()
    with statements(database) as log:
        action(registry, customers)
    # ANALYZE after bulk inserts (PostgreSQL) runs only when a table has doubled: a handful of
    # times per process whatever the data, so it is maintenance, not a statement per use case.
    return len([s for s in log.statements if not s.startswith("ANALYZE")])


def _records(size: int) -> list[dict[str, str]]:
    return [
        {"name": f"Imported {i}", "address_lines": f"Street {i}", "city": "Espoo", "country": "FI"}
        for i in range(size)
    ]


def _create(registry: Registry, customers: list[Customer]) -> None:
    create_customer(
        registry, ADMIN, CreateCustomer("New Oy", address=NewAddress("FI", ("Street 1",)))
    )


def _list(registry: Registry, customers: list[Customer]) -> None:
    page = list_customers(registry, ADMIN, CustomerQuery(text="customer"), PageRequest(limit=100))
    assert len(page.items) == len(customers)


def _get_many(registry: Registry, customers: list[Customer]) -> None:
    with registry.uow() as uow:
        assert len(uow.customers.get_many([c.id for c in customers])) == len(customers)


def _update_many(registry: Registry, customers: list[Customer]) -> None:
    changed = [
        attrs.evolve(c, name=c.name + "!", market_segment_ids=frozenset(SEGMENTS[:2]), version=2)
        for c in customers
    ]
    with registry.uow() as uow:
        uow.customers.update_many(changed)
        uow.commit()


def _update_one(registry: Registry, customers: list[Customer]) -> None:
    update_customer(registry, ADMIN, UpdateCustomer(customers[0].id, name="Renamed"))


def _mass_update(registry: Registry, customers: list[Customer]) -> None:
    """Segments: the heaviest action (the link rows' diff besides the one UPDATE)."""
    action = RemoveSegments(frozenset(SEGMENTS[:1]))
    versions = {c.id: c.version for c in customers}
    result = mass_update(registry, ADMIN, MassUpdate.of_ids(action, list(versions), versions))
    assert result.selected == len(customers)


def _mass_update_and_undo(registry: Registry, customers: list[Customer]) -> None:
    action = ChangeStatus(CustomerStatus.INACTIVE)
    done = mass_update(registry, ADMIN, MassUpdate.of_ids(action, [c.id for c in customers]))
    assert done.batch_id is not None
    assert len(undo_mass_update(registry, ADMIN, done.batch_id).changed) == len(customers)


def _import(registry: Registry, customers: list[Customer]) -> None:
    report = import_customers(registry, ADMIN, _records(len(customers)))
    assert report.ok and len(report.created) == len(customers)


@pytest.mark.parametrize(
    "action",
    [
        _create,
        _list,
        _get_many,
        _update_many,
        _update_one,
        _import,
        _mass_update,
        _mass_update_and_undo,
    ],
    ids=[
        "create_customer",
        "list_customers",
        "get_many",
        "update_many",
        "update_customer",
        "import_customers",
        "mass_update",
        "mass_update_and_undo",
    ],
)
def test_statements_per_use_case_do_not_grow_with_the_data(
    database: SqlDatabase, action: Callable[[Registry, list[Customer]], Any]
) -> None:
    small, large = _count(database, SMALL, action), _count(database, LARGE, action)
    assert small == large
    assert small <= 16  # each audit write draws its numbers from the organisation's counter


def _taxed_records(size: int, offset: int) -> list[dict[str, str]]:
    """``_records`` where every other record has a (valid, distinct) VAT number and an e-mail,
    so that every step of a batch runs: the duplicate check's query included."""
    vats = (f"FI{n:08d}" for n in itertools.count(offset * 100) if alv.is_valid(f"FI{n:08d}"))
    records = _records(size)
    for record in records[::2]:
        record["vat_number"] = next(vats)
        record["email"] = f"{record['name'].replace(' ', '.')}@example.fi"
    return records


def test_import_statements_per_batch_do_not_grow_with_the_batch_size(database: SqlDatabase) -> None:
    """Two batches of 5 records and two of 250 (past COPY_MIN_ROWS: COPY on PostgreSQL) send the
    same statements: a constant number per batch, whatever its size."""
    counts, kinds = [], []
    for batch in (5, COPY_MIN_ROWS + 150):
        registry, _ = _registry(database, 0)
        with registry.uow() as uow:
            uow.settings.get()
        with statements(database) as log:
            report = import_customers(
                registry, ADMIN, _taxed_records(2 * batch, batch), batch_size=batch
            )
        assert report.ok and len(report.created) == 2 * batch
        sent = [s for s in log.statements if not s.startswith("ANALYZE")]
        counts.append(len(sent))
        kinds.append(sorted(s.split(None, 1)[0] for s in sent))
    assert counts[0] == counts[1]
    assert counts[0] <= 2 * 16
    if database.engine.dialect.name == "postgresql":  # COPY replaced INSERT one for one
        assert kinds[0].count("INSERT") == kinds[1].count("COPY") + kinds[1].count("INSERT")
    else:
        assert kinds[0] == kinds[1]


def test_bulk_inserts_analyze_a_growing_table_only_when_it_has_doubled() -> None:
    """The PostgreSQL statistics guard: O(log n) ANALYZEs however the rows arrive."""
    from custreg.adapters.sql.database import GrowthTracker

    tracker = GrowthTracker(minimum=500)
    analyzed = [n for n in range(1, 129) if tracker.inserted("customers", 1000)]
    assert analyzed == [1, 2, 4, 8, 16, 32, 64, 128]
    assert not tracker.inserted("addresses", 499)
    assert tracker.inserted("addresses", 1)


def test_a_large_first_import_analyzes_the_new_tables(fresh_database: Any) -> None:
    database = fresh_database()
    registry, _ = _registry(database, 0)
    with statements(database) as log:
        report = import_customers(registry, ADMIN, _records(1200), batch_size=600)
    assert report.ok
    analyzed = [s for s in log.statements if s.startswith("ANALYZE")]
    if database.engine.dialect.name == "postgresql":
        assert analyzed == ["ANALYZE customers", "ANALYZE addresses"] * 2  # 600, then 1200
    else:
        assert analyzed == []
