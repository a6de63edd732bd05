"""``custreg registry search`` / ``import`` against a local server replaying recorded registry
answers (never the internet): "not found" and "unknown" are different answers with different
exit codes, and a registry that cannot answer writes nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import Ran
from cli_helpers import make_database
from cli_helpers import snapshot
from pytest_httpserver import HTTPServer
from werkzeug import Response

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "registries"))
from registry_server import FI_PREFIX
from registry_server import OWN_FIXTURES
from registry_server import install
from registry_server import load_manifest

from custreg.adapters.cli.errors import ExitCode

Cli = Callable[..., Ran]


@pytest.fixture
def fi_url(httpserver: HTTPServer) -> str:
    install(httpserver, load_manifest(OWN_FIXTURES).exchanges)
    return httpserver.url_for(FI_PREFIX)


@pytest.fixture
def down_url(httpserver: HTTPServer) -> str:
    """A registry that rate-limits every request for an hour (the adapter gives up at once)."""
    httpserver.expect_request(f"{FI_PREFIX}/companies").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "3600"})
    )
    return httpserver.url_for(FI_PREFIX)


def test_search_by_name_lists_hits(cli: Cli, fi_url: str, workdir: Path) -> None:
    ran = cli("registry", "search", "fi", "Segel", "--registry-url", fi_url)
    assert ran.code == 0, ran.err
    assert ran.out.splitlines() == [
        "1414213-0    Ålands Segel Ab  MARIEHAMN",
        "1234567-1    Segel & Motor Oy  HELSINKI",
    ]
    assert ran.err.strip() == "2 companies"
    assert snapshot(workdir) == {}


def test_search_unknown_id_is_not_found(cli: Cli, httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"{FI_PREFIX}/companies").respond_with_json(
        {"totalResults": 0, "companies": []}
    )
    ran = cli("registry", "search", "FI", "0112038-9", "--registry-url",
              httpserver.url_for(FI_PREFIX))
    assert ran.code == ExitCode.NOT_FOUND, ran.err
    assert "no company matching" in ran.one_error_line()


def test_registry_down_is_unknown_not_not_found(cli: Cli, down_url: str) -> None:
    ran = cli("registry", "search", "FI", "Segel", "--registry-url", down_url)
    assert ran.code == ExitCode.REGISTRY_UNAVAILABLE, ran.err
    assert "unavailable" in ran.one_error_line()


def test_unreachable_registry_is_unknown(cli: Cli) -> None:
    ran = cli("registry", "search", "FI", "Segel", "--registry-url", "http://127.0.0.1:9/x",
              "--timeout", "0.5")
    assert ran.code == ExitCode.REGISTRY_UNAVAILABLE, ran.err
    ran.one_error_line()


def test_invalid_business_id_is_refused_before_any_request(cli: Cli) -> None:
    ran = cli("registry", "search", "FI", "0112038-8", "--registry-url", "http://127.0.0.1:9/x")
    assert ran.code == ExitCode.USAGE
    assert "business_id: the number's checksum" in ran.one_error_line()


def test_import_creates_once_then_reports_the_duplicate(
    cli: Cli, fi_url: str, workdir: Path
) -> None:
    db = make_database(workdir / "crm.db")
    ran = cli("registry", "import", "FI", "1414213-0", "--db", str(db), "--registry-url", fi_url)
    assert ran.code == 0, ran.err
    assert ran.out.startswith("created customer #5 Ålands Segel Ab")
    after_first = snapshot(workdir)
    again = cli("registry", "import", "FI", "FI14142130", "--db", str(db), "--registry-url",
                fi_url)
    assert again.code == ExitCode.CONFLICT
    assert "duplicate" in again.one_error_line()
    gone = cli("registry", "import", "FI", "1732050-2", "--db", str(db), "--registry-url", fi_url)
    assert gone.code == ExitCode.CONFLICT  # in liquidation: needs --accept-inactive
    assert "liquidation" in gone.one_error_line()
    assert snapshot(workdir) == after_first


def test_import_when_the_registry_is_down_writes_nothing(
    cli: Cli, down_url: str, workdir: Path
) -> None:
    db = make_database(workdir / "crm.db")
    before = snapshot(workdir)
    ran = cli("registry", "import", "FI", "1414213-0", "--db", str(db), "--registry-url",
              down_url)
    assert ran.code == ExitCode.REGISTRY_UNAVAILABLE
    ran.one_error_line()
    assert snapshot(workdir) == before
