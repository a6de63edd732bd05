"""The benchmark scripts keep running as the library changes: each runs once at a tiny size on
SQLite and PostgreSQL and must finish without error. Every script checks its hand-written floor
against the library's result (same figures, same page, same file), so a floor left behind by a
schema or behaviour change fails here instead of silently measuring something else. The numbers
themselves are not asserted: benchmarks report numbers, tests assert behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

RUNS = {
    "kpi": ["kpi.py", "--sizes", "200", "--adapters", "memory,sqlite,postgres", "--repeat", "1"],
    "listing": ["sql_listing.py", "--sizes", "300", "--repeat", "1"],
    "mass_update": [
        "mass_update.py", "--sizes", "200", "--adapters", "memory,sqlite,postgres",
        "--repeats", "1",
    ],
    "data_entry": ["data_entry.py", "--sizes", "200", "--repeat", "1"],
    "import": ["sql_import.py", "--sizes", "200", "--repeat", "1"],
    "import_limits": ["import_limits.py", "--size", "300", "--repeat", "1"],
    "card": [
        "card.py", "--scale", "0.01", "--adapters", "memory,sqlite,postgres", "--repeats", "1",
    ],
    "export": ["export.py", "--scale", "0.002", "--repeat", "1", "--no-memory"],
    "duplicates": ["duplicates.py", "--sizes", "500", "--no-sql"],
    "scale_pg": ["scale_pg.py", "--base", "200", "--factor", "2", "--repeat", "1"],
}
#: the scripts whose measurements feed the growth plots (``benchmarks/growth.py``).
RECORDING = {"kpi", "listing", "mass_update", "data_entry", "import", "scale_pg"}


def _run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / argv[0]), *argv[1:]],
        cwd=BENCHMARKS,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("name", sorted(RUNS))
def test_benchmark_runs_and_its_floor_agrees(name: str, tmp_path: Path) -> None:
    record = tmp_path / "records.jsonl"
    done = _run(RUNS[name], {"CUSTREG_BENCH_RECORD": str(record)})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    if name in RECORDING:
        measured = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
        assert measured and all(m["library_s"] > 0 for m in measured)
        assert {m["engine"] for m in measured} >= {"postgres"}


def test_growth_records_and_plots(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    records = tmp_path / "records.jsonl"
    lines = [
        {"job": "KPIs", "engine": e, "size": n, "library_s": n * k * 1e-5, "floor_s": n * 1e-5}
        for e, k in (("sqlite", 1.2), ("postgres", 1.1))
        for n in (1000, 10000, 100000)
    ]
    records.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    images = tmp_path / "img"
    done = _run(["growth.py", "--plot-only", str(records), "--images", str(images)])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| KPIs | postgres" in done.stdout and "1.00" in done.stdout  # linear: slope 1
    assert (images / "growth-kpis.svg").read_text(encoding="utf-8").startswith("<?xml")
