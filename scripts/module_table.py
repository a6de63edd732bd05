"""Print (or, with --write, refresh in docs/architecture.md) the table naming every module of
custreg with the first sentence of its docstring: each module's job in one line."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "custreg"
DOC = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- modules: begin (scripts/module_table.py --write) -->"
END = "<!-- modules: end -->"


def modules() -> list[tuple[str, str]]:
    """Every module of the package (migrations and ``__main__`` left out) and its job."""
    rows = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "migrations" in parts or parts[-1] == "__main__":
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        paragraph = " ".join(doc.split("\n\n")[0].split())
        first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0].rstrip(".")
        rows.append((name, first.replace("``", "`").replace("|", "\\|")))
    return rows


def table() -> str:
    """The markdown table, between its markers."""
    lines = [BEGIN, "", "| module | its job |", "|---|---|"]
    lines += [f"| `{name}` | {job} |" for name, job in modules()]
    return "\n".join([*lines, "", END])


def main() -> None:
    text = table()
    if "--write" not in sys.argv:
        print(text)
        return
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    DOC.write_text(doc[:start] + text + doc[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
