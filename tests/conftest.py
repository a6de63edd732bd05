"""Shared fixtures: Hypothesis profiles and the one parametrised backend fixture.

Every contract and rule test that takes ``registry_factory`` runs against each adapter: in-memory,
SQLite and PostgreSQL. Each call of the factory gives a fresh, empty organisation, so tests (and
Hypothesis examples) never see each other's data even when they share one database.

PostgreSQL: ``CUSTREG_TEST_POSTGRES_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).
If the server is unreachable the PostgreSQL cases skip with the reason, except under ``CI=true`` or
``CUSTREG_REQUIRE_POSTGRES=1``, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import settings

from custreg.adapters.system import FixedClock
from custreg.adapters.system import SequentialIds
from custreg.bootstrap import open_memory
from custreg.bootstrap import registry_of
from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.ports.clock import Clock
from custreg.ports.clock import IdGenerator
from custreg.ports.registry import Registry

settings.register_profile(
    "dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Mutation testing (scripts/mutation.sh) runs the fast in-memory tests thousands of times: few,
# reproducible examples per test.
settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(
    os.environ.get("CUSTREG_HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI") == "true" else "dev")
)

POSTGRES_URL = os.environ.get(
    "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
POSTGRES_REQUIRED = (
    os.environ.get("CI") == "true" or os.environ.get("CUSTREG_REQUIRE_POSTGRES") == "1"
)
#: The adapters the parametrised fixtures run on; ``CUSTREG_TEST_BACKENDS=memory`` narrows them
#: (mutation testing of the domain needs no database); ``sqlite-attached`` (not run by default)
#: is SQLite with custreg's tables in a database the host's engine attaches (``schema=``).
BACKENDS = tuple(
    b.strip()
    for b in os.environ.get("CUSTREG_TEST_BACKENDS", "memory,sqlite,postgres").split(",")
    if b.strip()
)

RegistryFactory = Callable[..., Registry]

#: A backend of the KPI, card and report tests: the memory repositories without their read
#: models, so the core's defaults (``custreg.usecases.read_models``) answer.
DEFAULT_READ_MODELS = "core-read-models"


def default_clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))


def _sql_database(kind: str, tmp_dir: str) -> Any:
    """One database per test session and worker (SqlDatabase from the SQL adapter)."""
    from custreg.adapters.sql import SqlDatabase

    if kind == "sqlite":
        return SqlDatabase(f"sqlite:///{tmp_dir}/custreg-test.db")
    if kind == "sqlite-attached":  # opt-in: custreg's tables in a database the host attached
        from tests.sql.hostkit import sqlite_host_engine

        engine = sqlite_host_engine(Path(tmp_dir) / "host.db", ("custreg_attached",))
        return SqlDatabase(engine=engine, schema="custreg_attached")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"custreg_test_{worker}_{os.getpid()}"
    try:
        return SqlDatabase(POSTGRES_URL, schema=schema)
    except Exception as error:  # translated to StorageError by the adapter
        if POSTGRES_REQUIRED:
            pytest.fail(f"PostgreSQL is required (CI=true) but unusable: {error}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error}")


@pytest.fixture(scope="session")
def _databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    opened: dict[str, Any] = {}
    tmp_dir = str(tmp_path_factory.mktemp("sql"))

    def get(kind: str) -> Any:
        if kind not in opened:
            opened[kind] = _sql_database(kind, tmp_dir)
        return opened[kind]

    yield {"get": get}
    for database in opened.values():
        database.dispose(drop_schema=True)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The adapter under test: memory, sqlite or postgres."""
    return str(request.param)


@pytest.fixture
def registry_factory(backend: str, _databases: dict[str, Any]) -> RegistryFactory:
    """A callable giving a fresh, empty organisation's Registry on the backend under test.

    Arguments (all optional): ``settings`` (OrganisationSettings, or a callable taking the new
    organisation id), ``clock``, ``ids``.
    """

    def make(
        settings: OrganisationSettings
        | Callable[[OrganisationId], OrganisationSettings]
        | None = None,
        clock: Clock | None = None,
        ids: IdGenerator | None = None,
    ) -> Registry:
        organisation_id = OrganisationId(uuid.uuid4())
        resolved = settings(organisation_id) if callable(settings) else settings
        the_clock = clock or default_clock()
        the_ids = ids or SequentialIds(start=uuid.uuid4().int >> 64)
        if backend == "memory":
            return open_memory(organisation_id, resolved, clock=the_clock, ids=the_ids)
        if backend == DEFAULT_READ_MODELS:  # memory repositories, the core's KPI and card models
            registry = open_memory(organisation_id, resolved, clock=the_clock, ids=the_ids)
            return attrs.evolve(registry, kpis=None, cards=None, reports=None)
        database = _databases["get"](backend)
        return registry_of(
            database, organisation_id, settings=resolved, clock=the_clock, ids=the_ids
        )

    return make


#: Tests that also run on the core's default read models (DEFAULT_READ_MODELS).
_READ_MODEL_TESTS = ("test_kpis.py", f"card{os.sep}test_card_", f"reports{os.sep}test_")


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The KPI, card and report tests run on every backend and on the core's default read
    models."""
    path = str(metafunc.definition.path)
    if "backend" in metafunc.fixturenames and any(t in path for t in _READ_MODEL_TESTS):
        metafunc.parametrize("backend", [*BACKENDS, DEFAULT_READ_MODELS])
