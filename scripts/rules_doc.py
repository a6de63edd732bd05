"""Write docs/rules.md: every product rule (summaries from custreg.testing.rules) with the tests
that cite it (test functions named ``test_<id>_...``, e.g. ``test_c4_...``; several ids may lead
the name: ``test_n2_n3_...``).

    python scripts/rules_doc.py           # rewrite docs/rules.md
    python scripts/rules_doc.py --check   # exit 1 if docs/rules.md is stale or an id is unknown
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from custreg.testing.rules import RULE_GROUPS  # noqa: E402
from custreg.testing.rules import RULES  # noqa: E402
from custreg.testing.rules import cited_rules  # noqa: E402

OUTPUT = ROOT / "docs" / "rules.md"


def cited_ids(name: str) -> list[str]:
    """The rule ids a test name cites: ``test_k4_u5_x`` -> ["K4", "U5"]."""
    return cited_rules(name)


def citations(root: Path = ROOT) -> dict[str, list[str]]:
    """Rule id -> the tests citing it (``path::Class::name``), in file order; test functions of
    ``tests/`` and of the shipped contract suite."""
    found: dict[str, list[str]] = defaultdict(list)
    files = sorted((root / "tests").rglob("test_*.py"))
    files += sorted((root / "src" / "custreg" / "testing").rglob("*.py"))
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        for rule in cited_ids(item.name):
                            found[rule].append(f"{where}::{node.name}::{item.name}")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for rule in cited_ids(node.name):
                    found[rule].append(f"{where}::{node.name}")
    return dict(found)


def unknown_ids(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """Cited ids that have no summary in custreg.testing.rules."""
    return {rule: tests for rule, tests in found.items() if rule not in RULES}


def _order(rule: str) -> tuple[int, int]:
    return list(RULE_GROUPS).index(rule[0]), int(rule[1:])


def render(found: dict[str, list[str]]) -> str:
    """The text of docs/rules.md."""
    lines = [
        "# Rules and the tests that check them",
        "",
        "custreg implements numbered product rules. Each is checked by tests whose name starts "
        "with the rule id (`test_c4_...` checks C4). This page is generated from the test suite "
        "by `scripts/rules_doc.py`; the summaries are also in the package, as "
        "`custreg.testing.rules.RULES`.",
        "",
    ]
    for letter, title in RULE_GROUPS.items():
        rules = sorted((r for r in RULES if r[0] == letter), key=_order)
        if not rules:
            continue
        lines += [f"## {title} ({letter})", ""]
        for rule in rules:
            tests = found.get(rule, [])
            lines.append(f"- **{rule}** {RULES[rule]}")
            if tests:
                for test in tests:
                    lines.append(f"    - `{test}`")
            else:
                lines.append("    - (no test cites it yet)")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    found = citations()
    unknown = unknown_ids(found)
    if unknown:
        for rule, tests in sorted(unknown.items()):
            print(
                f"rule {rule} has no summary in custreg.testing.rules: {tests[0]}",
                file=sys.stderr,
            )
        return 1
    text = render(found)
    if "--check" in argv:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print("docs/rules.md is stale: run python scripts/rules_doc.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(RULES)} rules, "
          f"{sum(len(t) for t in found.values())} citing tests")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
