"""The SQL listing's pages (C6): statements compiled once per shape, run at the driver, the count
on the page statement for queries likely to fill pages; the same pages and totals as before,
whatever the shape, the offset or the page size."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC
from datetime import datetime

import pytest
from sqlkit import statements

from custreg.adapters.sql import SqlDatabase
from custreg.adapters.sql import listing
from custreg.bootstrap import registry_of
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import StorageError
from custreg.domain.ids import CustomerId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.customers import list_customers

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USER = UserId(uuid.UUID(int=1))
SEGMENTS = [MarketSegmentId(uuid.UUID(int=100 + i)) for i in range(3)]
ADMIN = Principal(USER, CustomerPermission.ALL)
SIZE = 25


def _registry(database: SqlDatabase) -> tuple[Registry, list[Customer]]:
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(
        organisation_id,
        "Listed Oy",
        users=(User(USER, "Ann"),),
        market_segments=tuple(MarketSegment(s, f"Segment {i}") for i, s in enumerate(SEGMENTS)),
    )
    registry = registry_of(database, organisation_id, settings=settings)
    customers = [
        Customer(
            CustomerId(uuid.uuid4()),
            CustomerNumber(n),
            f"Customer {n} {'Oy' if n % 2 else 'Ab'}",
            NOW,
            status=CustomerStatus.INACTIVE if n % 5 == 0 else CustomerStatus.ACTIVE,
            owner_id=USER if n % 3 == 0 else None,
            market_segment_ids=frozenset(SEGMENTS[: n % 3]),
        )
        for n in range(1, SIZE + 1)
    ]
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.commit()
    return registry, customers


def _selects(log: list[str]) -> list[str]:
    return [s for s in log if s.lstrip().startswith("SELECT")]


QUERIES = [
    CustomerQuery(),
    CustomerQuery(status=CustomerStatus.ACTIVE),
    CustomerQuery(owner_id=USER, status=CustomerStatus.ACTIVE),
    CustomerQuery(market_segment_id=SEGMENTS[1]),
    CustomerQuery(text="oy"),
    CustomerQuery(text="1"),
    CustomerQuery(text="customer 2"),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
@pytest.mark.parametrize(("limit", "offset"), [(10, 0), (10, 10), (10, 20), (10, 30), (100, 0)])
def test_c6_every_shape_and_slice_lists_what_the_query_matches(
    database: SqlDatabase, query: CustomerQuery, limit: int, offset: int
) -> None:
    registry, customers = _registry(database)
    matching = [c for c in customers if query.matches(c)]
    page = list_customers(registry, ADMIN, query, PageRequest(limit=limit, offset=offset))
    assert list(page.items) == matching[offset : offset + limit]
    assert page.total == len(matching)


def test_a_full_first_page_of_the_register_is_one_select_with_its_total(
    database: SqlDatabase,
) -> None:
    registry, _ = _registry(database)
    with statements(database) as log:
        page = list_customers(registry, ADMIN, CustomerQuery(), PageRequest(limit=10))
    assert (len(page.items), page.total) == (10, SIZE)
    assert len(_selects(log.statements)) == 1
    with statements(database) as log:  # past the end: the page cannot tell, so it is counted
        page = list_customers(registry, ADMIN, CustomerQuery(), PageRequest(offset=SIZE + 5))
    assert (list(page.items), page.total) == ([], SIZE)
    assert len(_selects(log.statements)) == 2


def test_a_search_counts_only_when_its_page_does_not_tell_the_total(
    database: SqlDatabase,
) -> None:
    registry, _ = _registry(database)
    with statements(database) as log:
        page = list_customers(registry, ADMIN, CustomerQuery(text="customer 1"))
    assert page.total == len(page.items) == 11  # 1, 10-19
    assert len(_selects(log.statements)) == 1
    with statements(database) as log:
        page = list_customers(registry, ADMIN, CustomerQuery(text="oy"), PageRequest(limit=5))
    assert (len(page.items), page.total) == (5, 13)
    assert len(_selects(log.statements)) == 2


def test_each_shape_is_compiled_once_and_kept(database: SqlDatabase) -> None:
    dialect = database.engine.dialect
    shape = listing.shape_of(CustomerQuery(text="12", owner_id=USER), PageRequest(offset=3))
    assert (shape.text, shape.number, shape.owner, shape.later) == (True, True, True, True)
    assert not shape.counted
    compiled = listing.compiled(dialect, shape, False, None)
    assert listing.compiled(dialect, shape, False, None) is compiled
    assert listing.compiled(dialect, shape, True, None) is not compiled


def test_a_failing_page_read_is_a_storage_error_and_fails_the_unit_of_work(
    database: SqlDatabase,
) -> None:
    registry, _ = _registry(database)
    with registry.read() as uow, pytest.raises(StorageError):
        uow.fetch_driver("SELECT no_such_column FROM customers", ())  # type: ignore[attr-defined]


def test_a_page_read_at_the_driver_is_logged_like_any_statement(
    database: SqlDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    registry, _ = _registry(database)
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
        list_customers(registry, ADMIN, CustomerQuery(), PageRequest(limit=10))
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("SELECT") and "FROM customers" in m for m in logged)
    assert any(m.startswith("[at the driver]") for m in logged)
