"""Registry adapters: cost of mapping a search page, and of a lookup over local HTTP (cache miss
and hit). The floor for mapping is ``json.loads`` of the same bytes: the ratio says how much the
tolerant reader adds on top of parsing. Run: ``python benchmarks/registries.py``."""

from __future__ import annotations

import copy
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer
from stdnum.fi import ytunnus
from stdnum.no import orgnr

from custreg.adapters.registries import BrregRegistry, YtjRegistry
from custreg.adapters.registries.finland import YtjMapper
from custreg.adapters.registries.norway import BrregMapper
from custreg.domain.business_ids import BusinessId

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "registry-samples"
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "registries"


def _ids(country: str, count: int) -> list[str]:
    found, base = [], 1_000_000 if country == "FI" else 91_000_000
    while len(found) < count:
        for check in "0123456789":
            raw = f"{base}{check}"
            if country == "FI" and ytunnus.is_valid(raw):
                found.append(ytunnus.format(raw))
                break
            if country == "NO" and orgnr.is_valid(raw):
                found.append(raw)
                break
        base += 1
    return found


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def main() -> None:
    root = SAMPLES if (SAMPLES / "fi").exists() else None
    if root is None:
        sys.exit(f"needs the shared registry samples at {SAMPLES}")
    nokia = json.loads((root / "fi" / "companies-businessId-0112038-9.json").read_text())
    company = nokia["companies"][0]
    fi_page = {"totalResults": 100, "companies": []}
    for business_id in _ids("FI", 100):
        item = copy.deepcopy(company)
        item["businessId"]["value"] = business_id
        fi_page["companies"].append(item)
    fi_bytes = json.dumps(fi_page).encode()
    nordlys = json.loads((root / "no" / "enheter-navn-nordlys.json").read_text())
    entity = nordlys["_embedded"]["enheter"][0]
    no_page = copy.deepcopy(nordlys)
    no_page["_embedded"]["enheter"] = []
    for business_id in _ids("NO", 20):
        item = copy.deepcopy(entity)
        item["organisasjonsnummer"] = business_id
        no_page["_embedded"]["enheter"].append(item)
    no_bytes = json.dumps(no_page).encode()

    rows = []
    fi_map = _best(lambda: YtjMapper().page(json.loads(fi_bytes)), 20)
    fi_floor = _best(lambda: json.loads(fi_bytes), 20)
    rows.append(("YTJ page, 100 companies: parse + map", fi_map, fi_floor))
    no_map = _best(lambda: BrregMapper().page(json.loads(no_bytes)), 50)
    no_floor = _best(lambda: json.loads(no_bytes), 50)
    rows.append(("Brreg page, 20 entities: parse + map", no_map, no_floor))

    server = HTTPServer()
    server.start()
    server.expect_request("/fi/companies").respond_with_data(
        json.dumps(nokia), content_type="application/json"
    )
    equinor = (root / "no" / "enheter-923609016.json").read_bytes()
    server.expect_request("/no/enheter/923609016").respond_with_data(
        equinor, content_type="application/json"
    )
    fi = YtjRegistry(base_url=server.url_for("/fi"))
    no = BrregRegistry(base_url=server.url_for("/no"))
    fi_id, no_id = BusinessId.parse("0112038-9", "FI"), BusinessId.parse("923609016", "NO")

    def fi_miss() -> None:
        fi.http.cache.clear()
        fi.lookup(fi_id)

    def no_miss() -> None:
        no.http.cache.clear()
        no.lookup(no_id)

    fi_cold, no_cold = _best(fi_miss, 20), _best(no_miss, 20)
    fi_hot, no_hot = _best(lambda: fi.lookup(fi_id), 200), _best(lambda: no.lookup(no_id), 200)
    rows.append(("FI lookup over local HTTP: miss vs cache hit", fi_cold, fi_hot))
    rows.append(("NO lookup over local HTTP: miss vs cache hit", no_cold, no_hot))
    fi.close()
    no.close()
    server.stop()

    print(f"{'case':48} {'time':>10} {'baseline':>10} {'ratio':>7}")
    for name, measured, baseline in rows:
        print(
            f"{name:48} {measured * 1e3:8.3f}ms {baseline * 1e3:8.3f}ms {measured / baseline:7.1f}"
        )


if __name__ == "__main__":
    main()
