"""Serve recorded registry exchanges (a ``manifest.json`` folder) from a local HTTP server.

Used by the registry tests with pytest-httpserver's ``httpserver`` fixture, and usable on its own
for a demo::

    from pytest_httpserver import HTTPServer
    server = HTTPServer(); server.start()
    install(server, load_manifest(SAMPLES).exchanges)
    registries_for(base_urls=base_urls(server))

A request matches an exchange when its path is the same and its query holds the exchange's query;
extra parameters are allowed only at the values the adapters send by default (first page, default
size). Norwegian requests must carry the v2 Accept header the API documents, else 406.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request
from werkzeug import Response

REPO = Path(__file__).resolve().parents[2]
OWN_FIXTURES = REPO / "tests" / "fixtures" / "registries"
#: The project's shared registry samples (beside the repository, as CI lays them out); a copy
#: taken on 2026-11-25 is vendored under tests/fixtures so a lone clone still runs every test.
_SHARED_BESIDE = REPO.parent / "shared" / "registry-samples"
SHARED_SAMPLES = (
    _SHARED_BESIDE
    if (_SHARED_BESIDE / "manifest.json").exists()
    else OWN_FIXTURES / "shared-samples"
)

FI_PREFIX = "/opendata-ytj-api/v3"
NO_PREFIX = "/enhetsregisteret/api"

#: Parameters an adapter adds on its own, at their default values.
DEFAULT_QUERY: Mapping[str, Mapping[str, str]] = {
    "FI": {"page": "1"},
    "NO": {"page": "0", "size": "20"},
}

ACCEPT = {
    "/enheter": "application/vnd.brreg.enhetsregisteret.enhet.v2+json",
    "/underenheter": "application/vnd.brreg.enhetsregisteret.underenhet.v2+json",
}


@dataclass(frozen=True)
class Exchange:
    """One recorded request/response pair and what an adapter should conclude from it."""

    name: str
    registry: str
    path: str
    query: Mapping[str, str]
    status: int
    content_type: str
    headers: Mapping[str, str]
    body: bytes
    expect: Mapping[str, Any]
    provenance: str = ""


@dataclass(frozen=True)
class Manifest:
    bases: Mapping[str, str]
    exchanges: list[Exchange] = field(default_factory=list)


def load_manifest(folder: Path) -> Manifest:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    exchanges = []
    for raw in data["exchanges"]:
        request, response = raw["request"], raw["response"]
        exchanges.append(
            Exchange(
                name=raw["name"],
                registry=raw["registry"],
                path=request["path"],
                query={k: str(v) for k, v in request.get("query", {}).items()},
                status=int(response["status"]),
                content_type=response["content_type"],
                headers=dict(response.get("headers", {})),
                body=(folder / response["body_file"]).read_bytes(),
                expect=raw["expect"],
                provenance=raw.get("provenance", ""),
            )
        )
    return Manifest(data.get("bases", {}), exchanges)


def _matches(exchange: Exchange, args: Mapping[str, str]) -> bool:
    defaults = DEFAULT_QUERY.get(exchange.registry, {})
    for key, value in exchange.query.items():
        if args.get(key) != value:
            return False
    extra = {k: v for k, v in args.items() if k not in exchange.query}
    return all(defaults.get(k) == v for k, v in extra.items())


def _accept_ok(path: str, accept: str) -> bool:
    if not path.startswith(NO_PREFIX):
        return True
    rest = path[len(NO_PREFIX) :]
    wanted = next((v for k, v in ACCEPT.items() if rest.startswith(k + "/") or rest == k), None)
    return wanted is None or wanted in accept


def install(server: HTTPServer, exchanges: Iterable[Exchange]) -> None:
    """Answer every exchange's request with its recorded response (by path, then by query)."""
    by_path: dict[str, list[Exchange]] = defaultdict(list)
    for exchange in exchanges:
        by_path[exchange.path].append(exchange)

    for path, candidates in by_path.items():

        def handler(request: Request, candidates: list[Exchange] = candidates) -> Response:
            if not _accept_ok(request.path, request.headers.get("Accept", "")):
                return Response("wrong Accept header", status=406, content_type="text/plain")
            args = {k: v for k, v in request.args.items()}
            for exchange in candidates:
                if _matches(exchange, args):
                    return Response(
                        exchange.body,
                        status=exchange.status,
                        headers=dict(exchange.headers),
                        content_type=exchange.content_type,
                    )
            missing = f"no recorded exchange for {request.full_path}"
            return Response(missing, status=418, content_type="text/plain")

        server.expect_request(path, method="GET").respond_with_handler(handler)


def base_urls(server: HTTPServer) -> dict[str, str]:
    """The adapters' base URLs on the local server (same paths as the live services)."""
    return {"FI": server.url_for(FI_PREFIX), "NO": server.url_for(NO_PREFIX)}
