"""The README's demo command runs end to end over a SQLite file and shows every section."""

from __future__ import annotations

from pathlib import Path

import pytest

from custreg.adapters.cli import main


def test_demo_runs_over_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    for section in (
        "Create customers",
        "Bad input gets a typed error",
        "KPI strip",
        "Mass update",
        "Customer card",
        "Report: Contacts & addresses",
        "Duplicates",
        "Demo finished. Next, try: custreg customers --db",
    ):
        assert section in out
    for python_repr in ("Decimal(", "datetime(", "UUID(", "EInvoiceAddress(", " None", ": True"):
        assert python_repr not in out
    assert db.exists()
    assert (tmp_path / "custreg-demo-contacts.csv").read_text(encoding="utf-8").startswith(
        "Customer number"
    )
