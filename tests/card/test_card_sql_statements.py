"""A card tab is one read, not N+1: on SQLite and PostgreSQL each tab issues the same number of
statements for a customer with 2 or with 30 contacts, projects, tasks and invoices."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import attrs
import pytest
from cardkit import ADMIN
from cardkit import ANNA
from cardkit import BO
from cardkit import DONE
from cardkit import SENT
from cardkit import TODO
from cardkit import card_settings
from cardkit import eur
from sqlalchemy import event

from custreg.adapters.system import FixedClock
from custreg.adapters.system import SequentialIds
from custreg.bootstrap import registry_of
from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.activity import Task
from custreg.domain.address import Address
from custreg.domain.card import Figure
from custreg.domain.contact import Contact
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import ActivityId
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import NoteId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import TaskId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.usecases import card
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer

pytest.importorskip("sqlalchemy")

POSTGRES_URL = os.environ.get(
    "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Any]:
    from custreg.adapters.sql import SqlDatabase

    if request.param == "sqlite":
        db = SqlDatabase(f"sqlite:///{tmp_path}/statements.db")
    else:
        try:
            db = SqlDatabase(POSTGRES_URL, schema=f"card_statements_{os.getpid()}")
        except Exception as error:
            if os.environ.get("CI") == "true":
                raise
            pytest.skip(f"PostgreSQL not reachable: {error}")
    yield db
    db.dispose(drop_schema=True)


class Counter:
    """Counts statements sent to the database (a ``before_cursor_execute`` listener)."""

    def __init__(self, engine: Any) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1

    def measure(self, call: Callable[[], Any]) -> int:
        start = self.count
        call()
        return self.count - start


def populate(registry: Any, size: int) -> Any:
    """A customer with ``size`` of everything the card shows."""
    customer = create_customer(registry, ADMIN, CreateCustomer("Big Oy", owner_id=ANNA))
    new = registry.ids.new_id
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    with registry.uow() as uow:
        projects = []
        for n in range(size):
            project = Project(ProjectId(new()), customer.id, 1000 + n, f"P{n}", owner_id=BO)
            uow.projects.add(project)
            projects.append(project)
        for n in range(size):
            project = projects[n]
            address = Address(AddressId(new()), customer.id, "FI", (f"Street {n}",), ordinal=n + 1)
            uow.addresses.add(address)
            contact = Contact(
                ContactId(new()), customer.id, "First", f"Last{n}", keywords={"vip", f"k{n}"}
            )
            uow.contacts.add(contact)
            uow.activities.add(
                Activity(
                    ActivityId(new()),
                    customer.id,
                    ActivityKind.TODO,
                    f"A{n}",
                    project_id=project.id,
                    contact_ids=frozenset({contact.id}),
                    starts_at=now + timedelta(hours=n),
                    done=n % 2 == 0,
                )
            )
            uow.notes.add(Note(NoteId(new()), customer.id, f"note {n}", now, ANNA, project.id))
            uow.files.add(
                FileLink(
                    FileLinkId(new()),
                    customer.id,
                    FileLinkKind.LINK,
                    f"L{n}",
                    now,
                    url="https://example.com",
                )
            )
            for m in range(3):
                uow.tasks.add(
                    Task(
                        TaskId(new()),
                        project.id,
                        f"T{n}.{m}",
                        DONE if m else TODO,
                        frozenset({ANNA}),
                    )
                )
            uow.invoices.add(
                Invoice(
                    InvoiceId(new()),
                    customer.id,
                    SENT,
                    date(2026, 11 - n % 6, 1 + n % 27),
                    eur(100 + n),
                    eur(125 + n),
                    number=n + 1,
                    project_ids={project.id},
                    owner_id=ANNA,
                )
            )
            uow.projects.add_cost(
                CostEntry(
                    CostEntryId(new()),
                    project.id,
                    CostKind.TRAVEL,
                    date(2026, 11 - n % 6, 2),
                    eur(10 + n),
                )
            )
            uow.projects.add_proposal(
                Proposal(ProposalId(new()), project.id, "Q", date(2026, 1, 1))
            )
            uow.projects.set_forecast(
                ProjectForecast(project.id, date(2027, 1 + n % 12, 1), eur(50), eur(20))
            )
        uow.commit()
    return customer.id


TABS: dict[str, Callable[[Any, Any], Any]] = {
    "contacts": lambda r, c: card.contacts_tab(r, ADMIN, c),
    "sales": lambda r, c: card.sales_tab(r, ADMIN, c),
    "collaboration": lambda r, c: card.collaboration_tab(r, ADMIN, c),
    "financials": lambda r, c: card.financials_tab(r, ADMIN, c),
    "drilldown": lambda r, c: card.financials_drilldown(
        r, ADMIN, c, date(2026, 11, 1), Figure.MARGIN
    ),
    "settings": lambda r, c: card.settings_tab(r, ADMIN, c),
}
#: The most statements a tab may take (settings already cached), whatever the data size.
BOUNDS = {
    "contacts": 8,
    "sales": 3,
    "collaboration": 6,
    "financials": 4,
    "drilldown": 4,
    "settings": 1,
}


@pytest.mark.parametrize("tab", sorted(TABS))
def test_card_tab_statements_do_not_grow_with_the_data(database: Any, tab: str) -> None:
    counts = []
    for size in (2, 30):
        organisation = OrganisationId(uuid.uuid4())
        registry = registry_of(
            database,
            organisation,
            settings=card_settings(organisation),
            clock=FixedClock(datetime(2026, 11, 25, 12, tzinfo=UTC)),
            ids=SequentialIds(start=uuid.uuid4().int >> 64),
        )
        customer = populate(registry, size)
        read = TABS[tab]
        read(registry, customer)  # warms the settings cache, as any earlier call does
        counter = Counter(database.engine)
        counts.append(counter.measure(lambda r=registry, c=customer, f=read: f(r, c)))
        result = read(registry, customer)
        assert result is not None
    assert counts[0] == counts[1], f"{tab}: {counts[0]} statements for 2 rows, {counts[1]} for 30"
    assert counts[1] <= BOUNDS[tab], f"{tab}: {counts[1]} statements"


def _settings_registry(database: Any) -> tuple[Any, Any]:
    organisation = OrganisationId(uuid.uuid4())
    registry = registry_of(database, organisation, settings=card_settings(organisation))
    customer = create_customer(registry, ADMIN, CreateCustomer("Settings Oy", owner_id=ANNA))
    return registry, customer.id


def test_settings_tab_reads_settings_not_cached_in_a_transaction(database: Any) -> None:
    from custreg.adapters.sql.database import SettingsCache

    registry, customer = _settings_registry(database)
    cached = card.settings_tab(registry, ADMIN, customer)
    database.settings_cache = SettingsCache()  # as after a restart
    counter = Counter(database.engine)
    count = counter.measure(lambda: card.settings_tab(registry, ADMIN, customer))
    assert card.settings_tab(registry, ADMIN, customer) == cached
    # the customer with the token, then (SQLite: BEGIN) the settings row and 10 catalogues
    assert count == (13 if database.engine.dialect.name == "sqlite" else 12)


def test_settings_tab_shows_one_snapshot_when_the_settings_change_meanwhile(
    database: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custreg.adapters.sql.database import SettingsCache
    from custreg.adapters.sql.repositories.settings import SqlSettings
    from custreg.usecases.card import CustomerSettingsChange
    from custreg.usecases.card import update_customer_settings

    registry, customer = _settings_registry(database)
    database.settings_cache = SettingsCache()
    cached = SqlSettings.cached
    changed: list[bool] = []

    def change_then_miss(self: SqlSettings, token: Any) -> Any:
        """Between the tab's first statement and its settings: the settings and the customer
        change (another connection), and the cache does not know the token read."""
        if not changed:  # (the save below caches the settings it read: not these ones)
            changed.append(True)
            with registry.uow() as uow:
                settings = uow.settings.get()
                uow.settings.save(attrs.evolve(settings, name="Renamed Oy"))
                uow.commit()
            update_customer_settings(
                registry, ADMIN, customer, CustomerSettingsChange(payment_term_days=45)
            )
            return None
        return cached(self, token)

    monkeypatch.setattr(SqlSettings, "cached", change_then_miss)
    tab = card.settings_tab(registry, ADMIN, customer)
    assert changed
    if database.engine.dialect.name == "sqlite":
        # the statement was a snapshot of its own: the settings are read (and the customer
        # again) in the transaction begun after, which sees both changes
        assert tab.payment_term_days == 45
    else:  # the transaction's snapshot is the first statement's: neither change is seen
        assert tab.payment_term_days is None
