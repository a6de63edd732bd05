"""Registry adapters: cost of mapping a search page, and of a lookup over local HTTP (cache miss
and hit). The floor for mapping is ``json.loads`` of the same bytes: the ratio says how much the
tolerant reader adds on top of parsing. Then the fault table (outcome and wall time of a lookup
against each hostile server, under a 2 s deadline) and the client's peak memory for a 200 MiB
answer and a gzip bomb (a server in its own process, so tracemalloc sees the client alone).
Run: ``python benchmarks/registries.py``."""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

from pytest_httpserver import HTTPServer
from stdnum.fi import ytunnus
from stdnum.no import orgnr
from werkzeug import Request
from werkzeug import Response

from custreg.adapters.registries import BrregRegistry
from custreg.adapters.registries import YtjRegistry
from custreg.adapters.registries.finland import YtjMapper
from custreg.adapters.registries.http import DEFAULT_MAX_BODY_BYTES
from custreg.adapters.registries.http import RegistryHttp
from custreg.adapters.registries.norway import BrregMapper
from custreg.domain.business_ids import BusinessId
from custreg.domain.errors import RegistryError

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "registry-samples"
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "registries"
BOMB_SERVER = Path(__file__).resolve().parents[1] / "tests" / "registries" / "bomb_server.py"
MIB = 1024 * 1024


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
    root = SAMPLES if (SAMPLES / "fi").exists() else FIXTURES / "shared-samples"
    if not (root / "fi").exists():
        sys.exit(f"needs the registry samples at {root}")
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
    faults(json.dumps(nokia).encode())
    peak_memory()


def _hostile(stop: threading.Event, good: bytes) -> dict[str, Callable[[Request], Response]]:
    def drip() -> Iterator[bytes]:
        for i in range(len(good)):
            if stop.wait(0.02):
                return
            yield good[i : i + 1]

    def stall() -> Iterator[bytes]:
        yield good[: len(good) // 2]
        stop.wait(30)

    def big() -> Iterator[bytes]:
        chunk = bytes(MIB)
        for _ in range(200):
            if stop.is_set():
                return
            yield chunk

    json_type = "application/json"
    return {
        "slow headers (30 s)": lambda _: (stop.wait(30), Response(good, 200))[1],
        "body dripped 1 byte / 20 ms": lambda _: Response(drip(), 200, content_type=json_type),
        "half the body, then silence": lambda _: Response(stall(), 200, content_type=json_type),
        "503 on every attempt": lambda _: Response(b"busy", 503),
        "429 Retry-After: 3600": lambda _: Response(b"", 429, headers={"Retry-After": "3600"}),
        "200 MiB body, no length": lambda _: Response(big(), 200, content_type=json_type),
        "gzip bomb (200 MiB of zeros)": lambda _: Response(
            _BOMB, 200, content_type=json_type, headers={"Content-Encoding": "gzip"}
        ),
        "redirect to another host": lambda _: Response(
            b"", 302, headers={"Location": "https://elsewhere.invalid/companies"}
        ),
        "200 with an HTML page": lambda _: Response(b"<html>login</html>", 200),
        "malformed JSON": lambda _: Response(b'{"companies": [', 200, content_type=json_type),
    }


_BOMB = b""


def faults(good: bytes) -> None:
    """Outcome and wall time of one FI lookup per hostile server (deadline 2 s, real sleeps)."""
    global _BOMB
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    _BOMB = b"".join([*(packer.compress(bytes(MIB)) for _ in range(200)), packer.flush()])
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    stop = threading.Event()
    print(f"\n{'fault (deadline 2 s)':34} {'outcome':26} {'time':>7}")
    for name, handler in _hostile(stop, good).items():
        server.clear()
        server.expect_request("/fi/companies").respond_with_handler(handler)
        registry = YtjRegistry(base_url=server.url_for("/fi"), deadline=2.0)
        start = time.monotonic()
        try:
            registry.lookup(BusinessId.parse("0112038-9", "FI"))
            outcome = "answer"
        except RegistryError as error:
            outcome = type(error).__name__
        elapsed = time.monotonic() - start
        registry.close()
        print(f"{name:34} {outcome:26} {elapsed:6.2f}s")
    stop.set()
    time.sleep(0.2)
    server.stop()


def peak_memory() -> None:
    """Peak traced memory of the client for a 200 MiB answer and a gzip bomb, per cap."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(BOMB_SERVER), str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        print(f"\n{'answer':34} {'cap':>8} {'peak':>10} {'time':>7}")
        for path in ("/big", "/bomb"):
            for cap in (256 * 1024, DEFAULT_MAX_BODY_BYTES):
                http = RegistryHttp("FI", max_body_bytes=cap)
                with contextlib.suppress(RegistryError):
                    http.get(f"http://127.0.0.1:{port}/warm{path}")
                gc.collect()
                tracemalloc.start()
                start = time.monotonic()
                with contextlib.suppress(RegistryError):
                    http.get(f"http://127.0.0.1:{port}{path}")
                elapsed = time.monotonic() - start
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                http.close()
                label = "200 MiB, no length" if path == "/big" else "gzip bomb, 200 MiB inflated"
                print(f"{label:34} {cap / MIB:6.2f}Mi {peak / MIB:8.2f}Mi {elapsed:6.2f}s")
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    main()
