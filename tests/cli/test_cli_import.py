"""``custreg import FILE.csv``: refused rows are named by their row in the file (header = row 1),
a malformed file changes nothing, and the import is all or nothing unless --skip-bad."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import Ran
from cli_helpers import make_database
from cli_helpers import snapshot

from custreg.adapters.cli.errors import ExitCode

Cli = Callable[..., Ran]

GOOD_AND_BAD = (
    "\ufeffname,vat_number,address_lines,city,address_country\r\n"
    "Aalto Oy,,\"Otakaari 1\nPL 11000\",Espoo,FI\r\n"  # row 2 spans lines 2-3
    "\r\n"  # a blank line: skipped, as spreadsheets do
    "Bad Vat Oy,FI01120388,,,\r\n"  # row 3, line 5
    "Cee Ab,,,,\r\n"
)


@pytest.fixture
def db(workdir: Path) -> Path:
    return make_database(workdir / "crm.db")


def test_refused_rows_are_numbered_as_in_the_file_and_nothing_is_imported(
    cli: Cli, workdir: Path, db: Path
) -> None:
    (workdir / "in.csv").write_text(GOOD_AND_BAD, encoding="utf-8", newline="")
    listed, files = cli("customers", "--db", str(db)).out, set(snapshot(workdir))
    ran = cli("import", "in.csv", "--db", str(db))
    assert ran.code == ExitCode.USAGE
    assert ran.out.splitlines() == [
        "row 3 (line 5): vat_number: the number's checksum or check digit is invalid"
    ]
    assert "1 of 3 rows refused; nothing imported" in ran.one_error_line()
    # No customer stored (the numbers the refused import drew stay drawn, as C3 wants).
    assert cli("customers", "--db", str(db)).out == listed
    assert set(snapshot(workdir)) == files


def test_skip_bad_imports_the_good_rows(cli: Cli, workdir: Path, db: Path) -> None:
    (workdir / "in.csv").write_text(GOOD_AND_BAD, encoding="utf-8", newline="")
    ran = cli("import", "in.csv", "--db", str(db), "--skip-bad")
    assert ran.code == ExitCode.USAGE
    assert "created 2" in ran.one_error_line()
    listed = cli("customers", "--db", str(db), "--offset", "4")
    assert [line.split()[1] for line in listed.out.splitlines()[1:]] == ["Aalto", "Cee"]


def test_a_clean_file_imports_everything(cli: Cli, workdir: Path, db: Path) -> None:
    (workdir / "in.csv").write_text("name;city;address_country\nDee Oy;Oulu;FI\n", encoding="utf-8")
    ran = cli("import", "in.csv", "--db", str(db), "--delimiter", ";")
    assert (ran.code, ran.out, ran.err.strip()) == (0, "", "created 1 customers from 1 rows")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name\nA\x00 Oy\n", "row 2: contains a NUL byte"),
        (b"name\n\xff\xfe Oy\n", "not UTF-8"),
        (b"vat_number\nFI01120389\n", "no 'name' column"),
        (b"", "is empty"),
        (b'name\n"unclosed\n', "not valid CSV"),
        (b"name\n" + b"x" * 200_000 + b"\n", "not valid CSV"),
        (b"name\nA Oy,extra\n", "row 2: 2 cells but the header has 1"),
    ],
    ids=["nul", "not-utf8", "no-name-column", "empty", "unclosed-quote", "huge-cell", "wide-row"],
)
def test_a_malformed_file_changes_nothing(
    cli: Cli, workdir: Path, db: Path, content: bytes, expected: str
) -> None:
    (workdir / "in.csv").write_bytes(content)
    before = snapshot(workdir)
    ran = cli("import", "in.csv", "--db", str(db))
    assert ran.code == ExitCode.USAGE, ran.err
    assert expected in ran.one_error_line()
    assert snapshot(workdir) == before


def test_missing_file_is_not_found(cli: Cli, workdir: Path, db: Path) -> None:
    before = snapshot(workdir)
    ran = cli("import", "nope.csv", "--db", str(db))
    assert ran.code == ExitCode.NOT_FOUND
    assert "nope.csv" in ran.one_error_line()
    assert snapshot(workdir) == before
