"""The composition root (custreg.bootstrap): one entry point that closes. ``custreg.open(url)``
disposes the engine it created on close; ``open(engine=...)`` and ``open(connection=...)`` leave
what they were given open; a closed registry raises StorageError on use; the old factories still
work, with a DeprecationWarning."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.pool import Pool

import custreg as cr

ME = cr.Principal(cr.UserId(uuid.UUID(int=1)), cr.CustomerPermission.ALL)
ORG = cr.OrganisationId(uuid.UUID(int=0xB007))
SETTINGS = cr.OrganisationSettings(ORG, "Host Oy")


class OpenConnections:
    """Counts the DBAPI connections every pool opened and has not closed yet."""

    def __init__(self) -> None:
        self.open = 0

    def connected(self, *_: Any) -> None:
        self.open += 1

    def closed(self, *_: Any) -> None:
        self.open -= 1


@pytest.fixture
def connections() -> Iterator[OpenConnections]:
    counter = OpenConnections()
    event.listen(Pool, "connect", counter.connected)
    event.listen(Pool, "close", counter.closed)
    yield counter
    event.remove(Pool, "connect", counter.connected)
    event.remove(Pool, "close", counter.closed)


def _use(registry: cr.Registry) -> list[str]:
    cr.create_customer(registry, ME, cr.CreateCustomer(f"Customer {uuid.uuid4().hex[:6]}"))
    return [c.name for c in cr.list_customers(registry, ME, cr.CustomerQuery()).items]


def _refused_after_close(registry: cr.Registry) -> None:
    assert registry.closed
    with pytest.raises(cr.StorageError, match="closed"):
        cr.list_customers(registry, ME, cr.CustomerQuery())
    with pytest.raises(cr.StorageError, match="closed"):
        cr.create_customer(registry, ME, cr.CreateCustomer("Too Late Oy"))
    with pytest.raises(cr.StorageError, match="closed"), registry:
        pass


def test_open_url_disposes_its_engine_on_leaving(
    tmp_path: Path, connections: OpenConnections
) -> None:
    settings = cr.OrganisationSettings(cr.DEFAULT_ORGANISATION, "Crm Oy")
    with cr.open(f"sqlite:///{tmp_path / 'crm.db'}", settings=settings) as registry:
        assert len(_use(registry)) == 1
        assert connections.open >= 1  # pooled, kept open while the registry is
        assert registry.organisation_id == cr.DEFAULT_ORGANISATION
    assert connections.open == 0
    _refused_after_close(registry)
    registry.close()  # idempotent


def test_open_url_again_sees_what_was_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    with cr.open(url, ORG, settings=SETTINGS) as registry:
        _use(registry)
    with cr.open(url, ORG) as registry:
        assert len(cr.list_customers(registry, ME, cr.CustomerQuery()).items) == 1


def test_open_engine_leaves_the_given_engine_open(
    tmp_path: Path, connections: OpenConnections
) -> None:
    from tests.sql.hostkit import sqlite_host_engine

    engine = sqlite_host_engine(tmp_path / "host.db")
    try:
        with cr.open(engine=engine, organisation_id=ORG, settings=SETTINGS) as registry:
            _use(registry)
        assert connections.open >= 1  # the host's pool still holds its connection
        _refused_after_close(registry)
        with engine.connect() as connection:  # and the engine still works
            assert connection.execute(text("SELECT count(*) FROM customers")).scalar_one() == 1
    finally:
        engine.dispose()
    assert connections.open == 0


def test_open_connection_leaves_the_given_connection_open(tmp_path: Path) -> None:
    from tests.sql.hostkit import sqlite_host_engine

    engine: Engine = sqlite_host_engine(tmp_path / "host.db")
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            with cr.open(connection=connection, organisation_id=ORG, settings=SETTINGS) as registry:
                _use(registry)
            assert not connection.closed
            assert transaction.is_active
            _refused_after_close(registry)
            assert connection.execute(text("SELECT count(*) FROM customers")).scalar_one() == 1
            transaction.commit()
    finally:
        engine.dispose()


def test_open_memory_closes_too() -> None:
    settings = cr.OrganisationSettings(cr.DEFAULT_ORGANISATION, "Crm Oy")
    with cr.open_memory(settings=settings) as registry:
        assert len(_use(registry)) == 1
    _refused_after_close(registry)


def test_open_needs_exactly_one_source(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with pytest.raises(cr.StorageError, match="exactly one"):
            cr.open()
        with pytest.raises(cr.StorageError, match="exactly one"):
            cr.open(f"sqlite:///{tmp_path / 'y.db'}", engine=engine)
    finally:
        engine.dispose()


def test_a_failed_open_releases_what_it_created(
    tmp_path: Path, connections: OpenConnections
) -> None:
    with pytest.raises(cr.StorageError):
        cr.open("postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert connections.open == 0


def test_old_factories_warn_and_still_work(tmp_path: Path) -> None:
    from custreg.adapters.memory import memory_registry as adapter_memory_registry
    from custreg.adapters.sql import SqlDatabase
    from custreg.adapters.sql import sql_registry

    with pytest.warns(DeprecationWarning, match="open_memory"):
        assert len(_use(cr.memory_registry(ORG, SETTINGS))) == 1
    with pytest.warns(DeprecationWarning, match="open_memory"):
        assert len(_use(adapter_memory_registry(ORG, SETTINGS))) == 1
    with pytest.warns(DeprecationWarning, match="custreg.open"):
        opened = cr.open_registry(f"sqlite:///{tmp_path / 'a.db'}", ORG, settings=SETTINGS)
    with opened:
        assert len(_use(opened)) == 1
    with pytest.warns(DeprecationWarning, match="custreg.open"), sql_registry(
        f"sqlite:///{tmp_path / 'b.db'}", ORG, settings=SETTINGS
    ) as registry:
        assert len(_use(registry)) == 1
    database = SqlDatabase(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with pytest.warns(DeprecationWarning, match="registry_of"):
            assert len(_use(database.registry(ORG, settings=SETTINGS))) == 1
    finally:
        database.dispose()


def test_registry_of_leaves_the_database_open_unless_owned(tmp_path: Path) -> None:
    from custreg.adapters.sql import SqlDatabase

    database = SqlDatabase(f"sqlite:///{tmp_path / 'multi.db'}")
    try:
        one, other = cr.OrganisationId(uuid.uuid4()), cr.OrganisationId(uuid.uuid4())
        first = cr.registry_of(database, one, settings=cr.OrganisationSettings(one, "One Oy"))
        second = cr.registry_of(database, other, settings=cr.OrganisationSettings(other, "Oy"))
        first.close()
        assert len(_use(second)) == 1  # the other organisation's registry goes on
        assert not database.closed
    finally:
        database.dispose()


def test_the_readme_snippet_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's embedding example, as printed, in a fresh folder."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Embedding it", 1)[1]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert "with cr.open(" in snippet
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {})
    assert (tmp_path / "crm.db").exists()


def test_a_sqlite_host_engine_without_the_recipe_is_refused(tmp_path: Path) -> None:
    """pysqlite beginning transactions itself would make our SAVEPOINTs commit on their own."""
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    try:
        with pytest.raises(cr.StorageError, match="begin"):
            cr.open(engine=engine, organisation_id=ORG)
        with engine.connect() as connection, connection.begin():
            with pytest.raises(cr.StorageError, match="begin"):
                cr.open(connection=connection, organisation_id=ORG)
            assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "name",
    ['x"; DROP TABLE customers; --', "", "a" * 64, "schema\x00", "naïve", "1abc", "a b", "\u200b"],
)
def test_hostile_schema_and_version_table_names_are_refused(tmp_path: Path, name: str) -> None:
    from tests.sql.hostkit import sqlite_host_engine

    engine = sqlite_host_engine(tmp_path / "host.db")
    try:
        with engine.connect() as connection, connection.begin():
            with pytest.raises(cr.StorageError, match="invalid schema name"):
                cr.upgrade_sql(connection, schema=name)
            with pytest.raises(cr.StorageError, match="invalid version table name"):
                cr.upgrade_sql(connection, version_table=name)
            with pytest.raises(cr.StorageError, match="invalid schema name"):
                cr.open(connection=connection, organisation_id=ORG, schema=name)
            assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0
    finally:
        engine.dispose()


def test_a_sqlite_schema_must_be_attached_and_cannot_come_with_a_url(tmp_path: Path) -> None:
    from tests.sql.hostkit import sqlite_host_engine

    engine = sqlite_host_engine(tmp_path / "host.db")
    try:
        with pytest.raises(cr.StorageError, match="not attached"):
            cr.open(engine=engine, organisation_id=ORG, schema="crm")
        with pytest.raises(cr.StorageError, match="schema= names a database the host attaches"):
            cr.open(f"sqlite:///{tmp_path / 'own.db'}", schema="crm")
        with (
            engine.connect() as connection,
            connection.begin(),
            pytest.raises(cr.StorageError, match="not attached"),
        ):
            cr.open(connection=connection, organisation_id=ORG, schema="crm")
        assert not (tmp_path / "own.db").exists()
    finally:
        engine.dispose()


def test_open_on_an_engine_keeps_our_tables_in_the_attached_sqlite_database(
    tmp_path: Path,
) -> None:
    from tests.sql.hostkit import sqlite_host_engine

    engine = sqlite_host_engine(tmp_path / "host.db", ("crm",))
    try:
        opened = cr.open(engine=engine, organisation_id=ORG, schema="crm", settings=SETTINGS)
        with opened as registry:
            made = cr.create_customer(registry, ME, cr.CreateCustomer("Attached Oy"))
        with cr.open(engine=engine, organisation_id=ORG, schema="crm") as registry:
            assert cr.get_customer(registry, ME, made.id).name == "Attached Oy"
        with engine.connect() as connection:
            main = connection.exec_driver_sql("SELECT count(*) FROM main.sqlite_master")
            assert main.scalar() == 0
            ours = connection.exec_driver_sql("SELECT name FROM crm.customers")
            assert [row.name for row in ours] == ["Attached Oy"]
            options = connection.get_execution_options()
            assert options.get("schema_translate_map") is None  # the host's engine is as it was
    finally:
        engine.dispose()
