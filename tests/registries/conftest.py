"""Fixtures of the registry tests: adapters pointed at a local pytest-httpserver, and a recorder
for the backoff sleeps so no test waits."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from registry_server import FI_PREFIX
from registry_server import NO_PREFIX
from registry_server import OWN_FIXTURES
from registry_server import SHARED_SAMPLES
from registry_server import install
from registry_server import load_manifest

from custreg.adapters.registries import BrregRegistry
from custreg.adapters.registries import RetryPolicy
from custreg.adapters.registries import YtjRegistry

#: Short timeouts: the local server answers in milliseconds unless a test makes it stall.
TEST_TIMEOUT = httpx.Timeout(2.0, connect=1.0)


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the adapters asked to sleep, in order (they never really sleep in tests)."""
    return []


@pytest.fixture
def make_fi(httpserver: HTTPServer, sleeps: list[float]) -> Iterator[Callable[..., YtjRegistry]]:
    built: list[YtjRegistry] = []

    def make(**options: Any) -> YtjRegistry:
        options.setdefault("timeout", TEST_TIMEOUT)
        options.setdefault("retry", RetryPolicy(attempts=3, backoff=0.5))
        registry = YtjRegistry(
            base_url=httpserver.url_for(FI_PREFIX), sleep=sleeps.append, **options
        )
        built.append(registry)
        return registry

    yield make
    for registry in built:
        registry.close()


@pytest.fixture
def make_no(httpserver: HTTPServer, sleeps: list[float]) -> Iterator[Callable[..., BrregRegistry]]:
    built: list[BrregRegistry] = []

    def make(**options: Any) -> BrregRegistry:
        options.setdefault("timeout", TEST_TIMEOUT)
        options.setdefault("retry", RetryPolicy(attempts=3, backoff=0.5))
        registry = BrregRegistry(
            base_url=httpserver.url_for(NO_PREFIX), sleep=sleeps.append, **options
        )
        built.append(registry)
        return registry

    yield make
    for registry in built:
        registry.close()


@pytest.fixture
def fi(make_fi: Callable[..., YtjRegistry]) -> YtjRegistry:
    return make_fi()


@pytest.fixture
def no(make_no: Callable[..., BrregRegistry]) -> BrregRegistry:
    return make_no()


@pytest.fixture
def recorded(httpserver: HTTPServer) -> HTTPServer:
    """The local server answering every recorded exchange (ours, plus the shared samples)."""
    exchanges = list(load_manifest(OWN_FIXTURES).exchanges)
    if (SHARED_SAMPLES / "manifest.json").exists():
        exchanges += load_manifest(SHARED_SAMPLES).exchanges
    install(httpserver, exchanges)
    return httpserver
