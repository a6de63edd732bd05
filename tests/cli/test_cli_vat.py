"""``custreg vat check`` against a local server answering in VIES's JSON format (never the
internet): valid and invalid answers are recorded, an unknown answer is exit code 6 and records
nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import ME
from cli_helpers import ORG_A
from cli_helpers import Ran
from cli_helpers import make_database
from cli_helpers import snapshot
from pytest_httpserver import HTTPServer

import custreg as cr
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of

Cli = Callable[..., Ran]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "registries" / "vies"
BASE = "/taxation_customs/vies/rest-api"


def _serve(server: HTTPServer, name: str, **changes: object) -> str:
    body = json.loads((FIXTURES / name).read_text())
    body.update(changes)
    server.expect_request(f"{BASE}/check-vat-number", method="POST").respond_with_json(body)
    return server.url_for(BASE)


def _nokia_check(db: Path) -> cr.Customer:
    database = SqlDatabase(f"sqlite:///{db}", migrate=False)
    try:
        registry = registry_of(database, ORG_A)
        page = cr.list_customers(registry, ME, cr.CustomerQuery(text="Nokia"))
        return page.items[0]
    finally:
        database.dispose()


def test_valid_answer_is_recorded_on_the_customer(
    cli: Cli, httpserver: HTTPServer, workdir: Path
) -> None:
    db = make_database(workdir / "crm.db")
    url = _serve(httpserver, "valid.json")
    ran = cli("vat", "check", "Nokia", "--db", str(db), "--service-url", url)
    assert ran.code == 0, ran.err
    assert ran.out.splitlines() == ["#1 Nokia Oyj FI01120389: valid (registered as Nokia Oyj)"]
    check = _nokia_check(db).vat_check
    assert check is not None and check.status.value == "valid"


def test_customers_without_a_vat_number_are_not_checked(
    cli: Cli, httpserver: HTTPServer, workdir: Path
) -> None:
    db = make_database(workdir / "crm.db")
    url = _serve(httpserver, "invalid.json")
    ran = cli("vat", "check", "Esimerkki", "--db", str(db), "--service-url", url)
    assert ran.code == 0, ran.err
    assert all("not checked (the customer has no VAT number)" in line
               for line in ran.out.splitlines())
    assert len(httpserver.log) == 0


@pytest.mark.parametrize("code", ["MS_UNAVAILABLE", "TIMEOUT", "GLOBAL_MAX_CONCURRENT_REQ"])
def test_unknown_answer_is_exit_6_and_records_nothing(
    cli: Cli, httpserver: HTTPServer, workdir: Path, code: str
) -> None:
    db = make_database(workdir / "crm.db")
    body = json.loads((FIXTURES / "error.json").read_text())
    body["errorWrappers"][0]["error"] = code
    httpserver.expect_request(f"{BASE}/check-vat-number", method="POST").respond_with_json(body)
    before = _nokia_check(db)
    ran = cli("vat", "check", "Nokia", "--db", str(db), "--service-url",
              httpserver.url_for(BASE), "--timeout", "2")
    assert ran.code == ExitCode.REGISTRY_UNAVAILABLE, ran.err
    assert "1 of 1 answers unknown" in ran.one_error_line()
    assert "unknown" in ran.out and "invalid" not in ran.out
    assert _nokia_check(db) == before


def test_unreachable_service_is_unknown(cli: Cli, workdir: Path) -> None:
    db = make_database(workdir / "crm.db")
    ran = cli("vat", "check", "Nokia", "--db", str(db), "--service-url", "http://127.0.0.1:9/x",
              "--timeout", "1")
    assert ran.code == ExitCode.REGISTRY_UNAVAILABLE, ran.err
    ran.one_error_line()


def test_no_matching_customer_and_missing_database(cli: Cli, workdir: Path) -> None:
    db = make_database(workdir / "crm.db")
    before = snapshot(workdir)
    ran = cli("vat", "check", "No such company", "--db", str(db), "--service-url",
              "http://127.0.0.1:9/x")
    assert ran.code == ExitCode.NOT_FOUND
    ran.one_error_line()
    missing = cli("vat", "check", "--db", str(workdir / "nope.db"))
    assert missing.code == ExitCode.NOT_FOUND
    missing.one_error_line()
    assert snapshot(workdir) == before
