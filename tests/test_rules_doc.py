"""docs/rules.md is generated from the test suite: it must be up to date, and every rule id a
test cites must have a summary in custreg.testing.rules."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from custreg.testing.rules import RULE_GROUPS
from custreg.testing.rules import RULES
from custreg.testing.rules import rule_summary

ROOT = Path(__file__).resolve().parents[1]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rules_doc", ROOT / "scripts" / "rules_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("test_c4_duplicate_reported", ["C4"]),
        ("test_n2_n3_notes_on_cards", ["N2", "N3"]),
        ("test_k4_u5_hidden_invoices", ["K4", "U5"]),
        ("test_customer_get_unknown", []),
        ("test_c_is_no_rule", []),
    ],
)
def test_test_names_cite_their_leading_rule_ids(name: str, ids: list[str]) -> None:
    assert _generator().cited_ids(name) == ids


def test_every_cited_rule_has_a_summary() -> None:
    rules_doc = _generator()
    found = rules_doc.citations()
    assert rules_doc.unknown_ids(found) == {}
    assert len(found) >= 50  # the suite cites most rules; a broken scan finds none


def test_rules_md_is_up_to_date() -> None:
    rules_doc = _generator()
    expected = rules_doc.render(rules_doc.citations())
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run python scripts/rules_doc.py"


def test_every_rule_belongs_to_a_group_and_reads_as_one_line() -> None:
    for rule, summary in RULES.items():
        assert rule[0] in RULE_GROUPS and rule[1:].isdigit()
        assert summary.strip() == summary and "\n" not in summary and summary.endswith(".")
    assert rule_summary("c4") == RULES["C4"]
    with pytest.raises(KeyError):
        rule_summary("Z9")
