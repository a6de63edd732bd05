"""The ``custreg`` command as a user meets it, run in a subprocess: every mistake ends with exit
code per kind and exactly one line on stderr, and a refused command changes and creates no file."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import POSTGRES_REQUIRED
from cli_helpers import POSTGRES_URL
from cli_helpers import SRC
from cli_helpers import Ran
from cli_helpers import make_database
from cli_helpers import run_cli
from cli_helpers import snapshot

import custreg as cr
from custreg.adapters.cli import build_parser
from custreg.adapters.cli.errors import ExitCode
from custreg.bootstrap import registry_of

Cli = Callable[..., Ran]


@pytest.fixture
def copy_db(shared_db: Path, workdir: Path) -> Path:
    """A private copy of the shared database in the working folder."""
    target = workdir / "crm.db"
    shutil.copyfile(shared_db, target)
    return target


# --- habits --------------------------------------------------------------------------------------


def test_version_and_both_module_entry_points(workdir: Path) -> None:
    for module in ("custreg", "custreg.adapters.cli"):
        ran = run_cli("--version", cwd=workdir, module=module)
        assert (ran.code, ran.out.strip(), ran.err) == (0, f"custreg {cr.__version__}", "")
    assert snapshot(workdir) == {}


def test_help_speaks_to_users_without_rule_ids_or_plans() -> None:
    parser = build_parser()
    texts = [parser.format_help()]
    stack = [parser]
    while stack:
        for action in stack.pop()._actions:
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):
                for sub in choices.values():
                    texts.append(sub.format_help())
                    stack.append(sub)
    assert len(texts) >= 8  # custreg, demo, customers, report, duplicates, registry, search, import
    for text in texts:
        assert not re.search(r"\b[ACDKMNPRSTUVX]\d\b", text), text
        assert "(later)" not in text and "seed" not in text.lower()
    assert "exit codes:" in texts[0]


def test_usage_error_is_one_line_exit_2(cli: Cli, workdir: Path) -> None:
    for argv, expected in (
        (["customers", "--limit"], "--limit: expected one argument"),
        (["duplicates", "--limit", "0"], "--limit: must be at least 1, not 0"),
        (["registry", "search", "FI", "x", "--timeout", "-1"], "--timeout: must be above 0"),
        (["report", "salaries"], "invalid choice: 'salaries'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ):
        ran = cli(*argv)
        assert ran.code == ExitCode.USAGE
        assert expected in ran.one_error_line() and "--help" in ran.err
    assert snapshot(workdir) == {}


def test_option_values_starting_with_a_dash(cli: Cli, shared_db: Path) -> None:
    before = snapshot(shared_db.parent)
    ran = cli("report", "customers", "--db", str(shared_db), "--sort", "-customer.name",
              "--columns", "customer.name")
    assert ran.code == 0, ran.err
    names = [row[0] for row in csv.reader(io.StringIO(ran.out))][1:]
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert names[0] == "Oy Esimerkki Ab"
    assert snapshot(shared_db.parent) == before


def test_cut_listing_says_so(cli: Cli, shared_db: Path) -> None:
    ran = cli("customers", "--db", str(shared_db), "--limit", "2")
    assert ran.code == 0
    assert ran.err.strip() == "showing 2 of 4 customers (use --limit or --offset to see others)"
    assert len(ran.out.splitlines()) == 3  # header and two rows
    whole = cli("customers", "--db", str(shared_db))
    assert whole.err.strip() == "4 customers"


def test_listing_prints_values_not_reprs_in_the_organisation_zone(
    cli: Cli, shared_db: Path
) -> None:
    ran = cli("customers", "--db", str(shared_db), "--status", "active")
    assert "=cmd|' /C calc'!A0 Oy" in ran.out  # as stored, no quotes around it
    assert "VatNumber(" not in ran.out and "datetime" not in ran.out
    assert re.search(r"FI01120389\s+active\s+\d{4}-\d\d-\d\d$", ran.out, re.MULTILINE)


def test_hostile_organisation_name_stays_on_one_line(cli: Cli, shared_db: Path) -> None:
    # \udcff is how Python reads a byte that is not UTF-8 from the command line
    hostile = "Acme\ncustreg: all fine\x1b[2J\u202e\udcff\u200b" + "9" * 10_000
    ran = cli("customers", "--db", str(shared_db), "--organisation", hostile)
    assert ran.code == ExitCode.NOT_FOUND
    line = ran.one_error_line()
    assert "\\n" in line and "\\x1b" in line and "\\u202e" in line and len(line) <= 520


# --- never create by mistake ---------------------------------------------------------------------


@pytest.mark.parametrize("db", ["missing.db", "sqlite:///missing.db", "sub/missing.db"])
def test_read_commands_refuse_a_missing_database(cli: Cli, workdir: Path, db: str) -> None:
    command = {"missing.db": ["customers"], "sub/missing.db": ["duplicates"]}.get(
        db, ["report", "contacts", "-o", "r.csv"]
    )
    ran = cli(*command, "--db", db)
    assert ran.code == ExitCode.NOT_FOUND, ran.err
    assert "missing.db" in ran.one_error_line()
    assert snapshot(workdir) == {}


def test_default_database_missing_suggests_the_demo(cli: Cli, workdir: Path) -> None:
    ran = cli("customers")
    assert ran.code == ExitCode.NOT_FOUND
    assert "custreg demo" in ran.one_error_line()
    assert snapshot(workdir) == {}


def test_a_file_that_is_not_a_custreg_database_is_refused(cli: Cli, workdir: Path) -> None:
    (workdir / "notes.db").write_text("my notes\n", encoding="utf-8")
    import sqlite3

    sqlite3.connect(workdir / "other.db").execute("create table t (x)").connection.close()
    before = snapshot(workdir)
    for name in ("notes.db", "other.db"):
        ran = cli("customers", "--db", name)
        assert ran.code in (ExitCode.NOT_FOUND, ExitCode.STORAGE), ran.err
        ran.one_error_line()
    assert snapshot(workdir) == before


def test_unknown_organisation_lists_the_stored_ones(cli: Cli, workdir: Path) -> None:
    db = make_database(workdir / "two.db", organisations=2)
    before = snapshot(workdir)
    ran = cli("customers", "--db", str(db), "--organisation", "Alfa Oy")
    assert ran.code == ExitCode.NOT_FOUND
    line = ran.one_error_line()
    assert "'Alfa Oy'" in line and "Alpha Oy" in line and "Beta AS" in line
    none_named = cli("customers", "--db", str(db))
    assert none_named.code == ExitCode.USAGE
    assert "--organisation" in none_named.one_error_line()
    assert "Alpha Oy" in none_named.err and "Beta AS" in none_named.err
    by_name = cli("customers", "--db", str(db), "--organisation", "beta as")
    assert by_name.code == 0 and "Nokia Oyj" in by_name.out
    assert snapshot(workdir) == before  # reading registered nothing


# --- never destroy a file ------------------------------------------------------------------------


def test_demo_refuses_a_file_that_is_not_its_own(cli: Cli, workdir: Path, copy_db: Path) -> None:
    (workdir / "thesis.txt").write_text("three years of work", encoding="utf-8")
    before = snapshot(workdir)
    for target, extra in (("thesis.txt", ["--force"]), ("crm.db", [])):
        ran = cli("demo", "--db", target, *extra)
        assert ran.code == ExitCode.CONFLICT
        assert "never overwrites" in ran.one_error_line()
    assert snapshot(workdir) == before


def test_demo_into_a_missing_folder_creates_nothing(cli: Cli, workdir: Path) -> None:
    ran = cli("demo", "--db", "no/such/folder/demo.db")
    assert ran.code == ExitCode.STORAGE
    assert "no folder" in ran.one_error_line()
    assert snapshot(workdir) == {}


def test_demo_runs_then_refuses_to_rerun_without_force(cli: Cli, workdir: Path) -> None:
    first = cli("demo")
    assert first.code == 0, first.err
    assert "custreg customers --db custreg-demo.db" in first.out
    made = snapshot(workdir)
    assert set(made) == {"custreg-demo.db", "custreg-demo-contacts.csv"}
    again = cli("demo")
    assert again.code == ExitCode.CONFLICT
    assert "--force" in again.one_error_line()
    assert snapshot(workdir) == made
    listed = cli("customers")  # the first call after the demo, as the README shows
    assert listed.code == 0 and "Nokia Oyj" in listed.out
    forced = cli("demo", "--force")
    assert forced.code == 0, forced.err
    assert set(snapshot(workdir)) == set(made)


@pytest.mark.postgres
def test_postgres_demo_twice_is_refused_not_a_crash(workdir: Path) -> None:
    from custreg.adapters.cli.demo import ORG
    from custreg.adapters.cli.demo import demo_settings
    from custreg.adapters.cli.demo import drop_schema
    from custreg.adapters.sql import SqlDatabase

    schema = f"custreg_cli_demo_{os.getpid()}"
    try:
        database = SqlDatabase(POSTGRES_URL, schema=schema)
    except cr.errors.StorageError as error:
        if POSTGRES_REQUIRED:
            pytest.fail(f"PostgreSQL is required: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    try:
        registry_of(database, ORG, settings=demo_settings())  # what a first demo run leaves
        ran = run_cli("demo", "--db", POSTGRES_URL, "--schema", schema, cwd=workdir)
        assert ran.code == ExitCode.CONFLICT
        assert "--force" in ran.one_error_line()
        assert snapshot(workdir) == {}
        forced = run_cli("demo", "--db", POSTGRES_URL, "--schema", schema, "--force", cwd=workdir)
        assert forced.code == 0, forced.err
        assert f"--schema {schema}" in forced.out  # the next step names the schema
        listed = run_cli("customers", "--db", POSTGRES_URL, "--schema", schema, cwd=workdir)
        assert listed.code == 0 and "Nokia Oyj" in listed.out
    finally:
        database.dispose()
        drop_schema(POSTGRES_URL, schema)


# --- reports: output paths, formats, closed pipes, extras ----------------------------------------


def test_unknown_output_format_is_refused(cli: Cli, shared_db: Path, workdir: Path) -> None:
    ran = cli("report", "customers", "--db", str(shared_db), "-o", "report.pdf")
    assert ran.code == ExitCode.USAGE
    assert ".csv or .xlsx" in ran.one_error_line()
    assert snapshot(workdir) == {}
    explicit = cli("report", "customers", "--db", str(shared_db), "-o", "report.txt",
                   "--format", "csv")
    assert explicit.code == 0 and (workdir / "report.txt").read_text().startswith("Customer")


def test_output_in_a_missing_folder(cli: Cli, shared_db: Path, workdir: Path) -> None:
    ran = cli("report", "customers", "--db", str(shared_db), "-o", "nowhere/r.csv")
    assert ran.code == ExitCode.STORAGE
    assert "no folder" in ran.one_error_line()
    assert snapshot(workdir) == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through folder permissions")
def test_output_without_permission(cli: Cli, shared_db: Path, workdir: Path) -> None:
    locked = workdir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        ran = cli("report", "customers", "--db", str(shared_db), "-o", "locked/r.xlsx")
        assert ran.code == ExitCode.STORAGE
        assert "permission denied" in ran.one_error_line()
    finally:
        locked.chmod(0o755)
    assert snapshot(workdir) == {}


def test_failed_report_keeps_the_existing_file(cli: Cli, shared_db: Path, workdir: Path) -> None:
    (workdir / "r.csv").write_text("yesterday's report", encoding="utf-8")
    before = snapshot(workdir)
    ran = cli("report", "customers", "--db", str(shared_db), "-o", "r.csv",
              "--columns", "customer.colour")
    assert ran.code == ExitCode.USAGE
    assert "customer.colour" in ran.one_error_line()
    assert snapshot(workdir) == before


def test_bad_filter_value_names_the_field(cli: Cli, shared_db: Path) -> None:
    ran = cli("report", "customers", "--db", str(shared_db), "--filter", "status=sleeping")
    assert ran.code == ExitCode.USAGE
    assert "status" in ran.one_error_line()


def test_closed_pipe_is_quiet(shared_db: Path, workdir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "custreg", "report", "customers", "--db", str(shared_db)],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader went away before the first row, as `| head -0` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, ExitCode.CLOSED_PIPE)
    assert err == "" or err.startswith("Customers"), err  # no traceback, no error line
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_missing_extra_names_the_pip_install(cli: Cli, shared_db: Path, workdir: Path) -> None:
    ran = cli("report", "customers", "--db", str(shared_db), "-o", "r.xlsx",
              prelude="import sys; sys.modules['openpyxl'] = None")
    assert ran.code == ExitCode.MISSING_EXTRA
    assert "pip install 'custreg[excel]'" in ran.one_error_line()
    no_sql = cli("customers", "--db", str(shared_db),
                 prelude="import sys; sys.modules['sqlalchemy'] = None")
    assert no_sql.code == ExitCode.MISSING_EXTRA
    assert "custreg[sql]" in no_sql.one_error_line()
    assert snapshot(workdir) == {}


def test_debug_shows_the_traceback(cli: Cli) -> None:
    ran = cli("--debug", "customers", "--db", "missing.db")
    assert ran.code != 0 and "Traceback" in ran.err and "CliError" in ran.err
    after = cli("customers", "--db", "missing.db", "--debug")
    assert "Traceback" in after.err


def test_report_has_the_api_columns_and_money_on_request(
    cli: Cli, shared_db: Path
) -> None:
    from custreg.domain.reports import builtin_report

    headers = {}
    for name in ("customers", "contacts"):
        ran = cli("report", name, "--db", str(shared_db))
        headers[name] = next(csv.reader(io.StringIO(ran.out)))
        assert len(headers[name]) == len(builtin_report(name).columns)
    plain = headers["customers"]
    money = cli("report", "customers", "--db", str(shared_db), "--money")
    with_money = next(csv.reader(io.StringIO(money.out)))
    assert len(with_money) == len(builtin_report("customers", with_money=True).columns)
    assert len(with_money) > len(plain)
    refused = cli("report", "customers", "--db", str(shared_db), "--money",
                  "--permission", "read_only")
    assert refused.code in (ExitCode.NOT_ALLOWED, ExitCode.USAGE)
    refused.one_error_line()
