"""Fixtures of the command-line tests (helpers in ``cli_helpers``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import Ran
from cli_helpers import make_database
from cli_helpers import run_cli


@pytest.fixture(scope="session")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database for the read-only tests (never written: the tests check that)."""
    return make_database(tmp_path_factory.mktemp("cli-shared") / "crm.db")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working folder for one test."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def cli(workdir: Path) -> Callable[..., Ran]:
    """Run ``custreg`` in the test's working folder."""

    def run(*args: str, **options: object) -> Ran:
        options.setdefault("cwd", workdir)
        return run_cli(*args, **options)  # type: ignore[arg-type]

    return run
