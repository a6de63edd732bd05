"""How cost grows with the data: runs the benchmarks at several sizes and plots time against size.

Each benchmark script appends its measurements (library and floor, seconds) to a JSON-lines file
named by ``CUSTREG_BENCH_RECORD``; this script runs the chosen ones at the chosen sizes with that
variable set, then draws one log-log chart per job (time against size, one solid line per engine
for the library, a dashed line of the same colour for its hand-written floor) into
``docs/img/growth-<job>.svg`` and prints the slopes (the exponent ``b`` of ``time ≈ a·sizeᵇ``
between the smallest and the largest size: 1.0 is linear, 0 is flat).

    .venv/bin/python benchmarks/growth.py                      # run everything, then plot
    .venv/bin/python benchmarks/growth.py --plot-only growth.jsonl

The plots need matplotlib (``pip install 'custreg[bench]'``); the runs do not.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import RECORD_ENV
from _common import table

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parent / "docs" / "img"

#: script, its arguments; ``{sizes}`` is replaced by the comma-separated sizes.
RUNS: dict[str, list[str]] = {
    "kpi": ["kpi.py", "--sizes", "{sizes}", "--adapters", "sqlite,postgres", "--repeat", "3"],
    "listing": ["sql_listing.py", "--sizes", "{sizes}", "--repeat", "7"],
    "mass_update": [
        "mass_update.py",
        "--sizes",
        "{sizes}",
        "--adapters",
        "sqlite,postgres",
        "--repeats",
        "3",
    ],
    "data_entry": ["data_entry.py", "--sizes", "{sizes}", "--repeat", "2"],
    "import": ["sql_import.py", "--sizes", "{sizes}", "--repeat", "2"],
}

#: the listing benchmark measures several pages; the plot keeps these (the others are similar).
LISTING_KEPT = ("list: first page", "list: name search (1 %)")


def run(jobs: Sequence[str], sizes: Sequence[int], out: Path) -> None:
    """Run each job's script at ``sizes``, appending its records to ``out``."""
    environment = {**os.environ, RECORD_ENV: str(out)}
    for job in jobs:
        argv = [a.replace("{sizes}", ",".join(map(str, sizes))) for a in RUNS[job]]
        print(f"== {job}: {' '.join(argv)}", flush=True)
        subprocess.run(
            [sys.executable, str(HERE / argv[0]), *argv[1:]], env=environment, check=True
        )


def load(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The records of ``paths``; a later record of the same job, engine and size wins."""
    latest: dict[tuple[str, str, int], dict[str, Any]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                latest[item["job"], item["engine"], item["size"]] = item
    return [
        v for v in latest.values() if not v["job"].startswith("list: ") or v["job"] in LISTING_KEPT
    ]


def slope(points: Sequence[tuple[int, float]]) -> float | None:
    """The exponent of size between the smallest and the largest size (None under two sizes)."""
    ordered = sorted(points)
    if len(ordered) < 2 or ordered[0][1] <= 0 or ordered[-1][1] <= 0:
        return None
    (x0, y0), (x1, y1) = ordered[0], ordered[-1]
    return math.log(y1 / y0) / math.log(x1 / x0)


def summary(records: Sequence[dict[str, Any]]) -> str:
    """A Markdown table: per job and engine, the time and ratio at each size and both slopes."""
    series: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in records:
        series[item["job"], item["engine"]].append(item)
    rows = []
    for (job, engine), items in sorted(series.items()):
        items.sort(key=lambda i: i["size"])
        ours = slope([(i["size"], i["library_s"]) for i in items])
        floors = [(i["size"], i["floor_s"]) for i in items if i["floor_s"]]
        theirs = slope(floors)
        at = ", ".join(
            f"{i['size']:,}: {1000 * i['library_s']:.1f} ms"
            + (f" ({i['library_s'] / i['floor_s']:.2f}x)" if i["floor_s"] else "")
            for i in items
        )
        rows.append([job, engine, at, _fmt(ours), _fmt(theirs)])
    return table(["job", "engine", "size: time (ratio to floor)", "slope", "floor slope"], rows)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def plot(records: Sequence[dict[str, Any]], folder: Path, fmt: str = "svg") -> list[Path]:
    """One log-log chart per job into ``folder`` (SVG, or ``fmt``); returns the files written."""
    import matplotlib

    matplotlib.use("svg" if fmt == "svg" else "agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "custreg"  # stable ids: the same data gives the same file
    plt.rcParams["svg.fonttype"] = "none"
    folder.mkdir(parents=True, exist_ok=True)
    by_job: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in records:
        by_job[item["job"]].append(item)
    colours = {"sqlite": "tab:blue", "postgres": "tab:orange", "memory": "tab:green"}
    written = []
    for job, items in sorted(by_job.items()):
        figure, axes = plt.subplots(figsize=(5.5, 3.6))
        for engine in sorted({i["engine"] for i in items}):
            points = sorted(
                (i["size"], i["library_s"], i["floor_s"]) for i in items if i["engine"] == engine
            )
            colour = colours.get(engine, "tab:gray")
            axes.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                "o-",
                color=colour,
                label=f"custreg, {engine}",
            )
            floor = [(p[0], p[2]) for p in points if p[2]]
            if floor:
                axes.plot(
                    [p[0] for p in floor],
                    [p[1] for p in floor],
                    "s--",
                    color=colour,
                    alpha=0.6,
                    label=f"floor, {engine}",
                )
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("invoices" if "invoice" in job else "customers")
        axes.set_ylabel("seconds")
        axes.set_title(job)
        axes.grid(True, which="major", alpha=0.3)
        axes.legend(fontsize="small")
        figure.tight_layout()
        path = folder / f"growth-{_slug(job)}.{fmt}"
        figure.savefig(path, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(figure)
        written.append(path)
    return written


def _slug(job: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in job.lower().split("(")[0]).split()
    return "-".join(words)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", default=",".join(RUNS), help=f"any of {', '.join(RUNS)}")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", type=Path, default=Path("growth.jsonl"), help="records file")
    parser.add_argument("--plot-only", type=Path, nargs="*", help="plot these records, run nothing")
    parser.add_argument("--images", type=Path, default=IMAGES)
    args = parser.parse_args(argv)
    if args.plot_only is None:
        sizes = [int(s) for s in args.sizes.split(",")]
        run([j for j in args.jobs.split(",") if j], sizes, args.out.resolve())
        paths = [args.out]
    else:
        paths = args.plot_only
    records = load(paths)
    print(summary(records))
    for path in plot(records, args.images):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
