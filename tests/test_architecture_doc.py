"""docs/architecture.md names every module of the package with its job in one line, and its
glossary comes first."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_module_table_names_every_module_as_its_docstring_says() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "module_table.py"))
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert script["table"]() in doc, "run: python scripts/module_table.py --write"
    assert len(script["modules"]()) > 100


def test_the_glossary_opens_the_architecture_page() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    headings = [line for line in doc.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Glossary"
    for word in ("**registry**", "**company register**", "**removal**", "**tombstone**"):
        assert word in doc
