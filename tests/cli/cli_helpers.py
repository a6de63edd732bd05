"""Helpers of the command-line tests: the ``custreg`` command run in a subprocess, a small
database made in-process (the demo is run as rarely as possible), and folder snapshots proving
that a refused command changed and created nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import custreg as cr
from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass(frozen=True)
class Ran:
    """What one run of the command gave."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def one_error_line(self) -> str:
        """The single stderr line of a failure (asserts there is exactly one, no traceback)."""
        assert len(self.err_lines) == 1, self.err
        assert "Traceback" not in self.err
        assert self.err.startswith("custreg: ")
        return self.err_lines[0]


def run_cli(
    *args: str,
    cwd: Path,
    prelude: str = "",
    module: str = "custreg",
    stdin: str | None = None,
) -> Ran:
    """``python -m custreg ARGS`` in ``cwd`` (``prelude`` runs first, e.g. to hide a module)."""
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.pop("COLUMNS", None)
    if prelude:
        command = [
            sys.executable, "-c",
            f"{prelude}\nimport sys, runpy\nsys.argv = ['custreg', *{list(args)!r}]\n"
            f"runpy.run_module({module!r}, run_name='__main__')",
        ]
    else:
        command = [sys.executable, "-m", module, *args]
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, input=stdin,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


ORG_A = cr.OrganisationId(uuid.UUID(int=0xA))
ORG_B = cr.OrganisationId(uuid.UUID(int=0xB))
OWNER = cr.UserId(uuid.UUID(int=0x1))
ME = cr.Principal(OWNER, cr.CustomerPermission.ALL)


def make_database(path: Path, organisations: int = 1) -> Path:
    """A SQLite database with organisation "Alpha Oy" (and "Beta AS" when ``organisations`` is
    2) holding three customers (one with a formula-looking name) and a duplicate pair."""
    database = SqlDatabase(f"sqlite:///{path}")
    try:
        for org, name in ((ORG_A, "Alpha Oy"), (ORG_B, "Beta AS"))[:organisations]:
            settings = cr.OrganisationSettings(
                org, name, users=(cr.User(OWNER, "Olli Owner"),), timezone="Europe/Helsinki"
            )
            registry = registry_of(database, org, settings=settings)
            for command in (
                cr.CreateCustomer("Nokia Oyj", vat_number="FI01120389", owner_id=OWNER),
                cr.CreateCustomer("=cmd|' /C calc'!A0 Oy"),
                cr.CreateCustomer("Esimerkki Oy"),
                cr.CreateCustomer("Oy Esimerkki Ab"),
            ):
                cr.create_customer(registry, ME, command)
    finally:
        database.dispose()
    return path


#: The PostgreSQL server of the test suite (as in tests/conftest.py).
POSTGRES_URL = os.environ.get(
    "CUSTREG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
POSTGRES_REQUIRED = (
    os.environ.get("CI") == "true" or os.environ.get("CUSTREG_REQUIRE_POSTGRES") == "1"
)
