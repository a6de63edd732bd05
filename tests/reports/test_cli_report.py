"""``custreg report`` / ``custreg duplicates`` over an embedded SQLite file (X1, X4 end to end)."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from reports_world import BO
from reports_world import World
from reports_world import add_customer
from reports_world import add_invoice
from reports_world import store

from custreg.adapters.cli import main
from custreg.adapters.cli.report import ProgressBar
from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.contact import Contact
from custreg.domain.customer import CustomerStatus
from custreg.domain.ids import ContactId
from custreg.domain.ids import OrganisationId


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    organisation = OrganisationId(uuid.uuid4())
    world = World(timezone="UTC")
    nokia = add_customer(world, "=Nokia Oyj", owner_id=BO)
    add_customer(world, "Oy Esimerkki Ab")
    add_customer(world, "Esimerkki Oy", status=CustomerStatus.INACTIVE)
    add_invoice(world, nokia, "1200.50")
    world.contacts.append(
        Contact(ContactId(uuid.uuid4()), nokia.id, "Anna", "Virtanen", emails=["a@nokia.com"])
    )
    db = SqlDatabase(f"sqlite:///{path}")
    store(registry_of(db, organisation, settings=world.settings(organisation)), world)
    db.dispose()
    return path


def test_x4_cli_writes_a_builtin_report_to_csv(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "customers.csv"
    code = main(["report", "customers", "--db", str(database), "-o", str(out), "--bom",
                 "--delimiter", ";", "--filter", "status=active", "--money", "--no-progress"])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    header = rows[0]
    names = [row[header.index("Customer")] for row in rows[1:]]
    assert names == ["'=Nokia Oyj", "Oy Esimerkki Ab"]  # neutralised; inactive filtered out
    assert rows[1][header.index("Billing (excl. VAT)")] == "1200.50"
    assert rows[1][header.index("Account owner")] == "Bo Builder"


def test_x1_cli_read_only_permission_gets_no_money_columns(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "contacts.xlsx"
    code = main(["report", "customers", "--db", str(database), "-o", str(out),
                 "--permission", "read_only", "--no-progress"])
    assert code == 0
    header = next(load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert "Billing (excl. VAT)" not in header and "Customer" in header


def test_x2_cli_contacts_report_to_xlsx_with_progress(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "contacts.xlsx"
    assert main(["report", "contacts", "--db", str(database), "-o", str(out), "--progress"]) == 0
    rows = list(load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert rows[1][rows[0].index("Email addresses")] == "a@nokia.com"
    err = capsys.readouterr().err
    assert "100%" in err and "1/1 rows" in err


def test_cli_refuses_unknown_columns_with_the_valid_ones(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    code = main(["report", "customers", "--db", str(database), "-o", str(out),
                 "--columns", "customer.name,customer.colour"])
    assert code == 2
    assert "customer.colour" in capsys.readouterr().err
    assert not out.exists()


def test_cli_lists_duplicates(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["duplicates", "--db", str(database), "--include-inactive"]) == 0
    out = capsys.readouterr().out
    assert " Oy Esimerkki Ab " in out and " Esimerkki Oy " in out and "same_name" in out
    assert "'" not in out  # names as they are, not Python reprs


def test_progress_bar_renders_shares_and_ends_the_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(0, 4)
    bar(4, 4)
    text = stream.getvalue()
    assert "[..........]   0% 0/4 rows" in text
    assert "[##########] 100% 4/4 rows" in text and text.endswith("\n")
