"""``import custreg`` stays light: the optional extras (SQL, PostgreSQL, registries, Excel, name
similarity) are loaded only when their adapter is used, so a host that embeds the core over its
own storage pays for none of them, and the top-level names stay importable without them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "psycopg", "httpx", "tenacity", "openpyxl", "rapidfuzz", "orjson")


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_import_custreg_loads_no_optional_extra() -> None:
    assert _loaded_after("import custreg") == []


def test_every_public_name_resolves_without_loading_an_extra() -> None:
    code = "import custreg\nfor name in custreg.__all__:\n    getattr(custreg, name)"
    assert _loaded_after(code) == []


def test_the_probe_sees_an_extra_once_its_adapter_is_used() -> None:
    assert "sqlalchemy" in _loaded_after("import custreg.adapters.sql")
