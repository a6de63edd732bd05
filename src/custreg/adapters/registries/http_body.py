"""Reading a registry answer under the caps: decoding JSON, recognising HTML pages, inflating
gzip/deflate bodies step by step so a compression bomb never inflates in memory, and the
registries' own error messages."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

import httpx
from attrs import frozen

from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import RegistryUnavailableError

#: The content encodings decoded here (anything else but identity is refused).
ENCODINGS = frozenset({"gzip", "x-gzip", "deflate"})


def error_message(payload: Any) -> str | None:
    """The human message inside a registry error body (YTJ ``message``; Brønnøysund
    ``feilmelding`` plus each ``valideringsfeil``), or None."""
    if not isinstance(payload, Mapping):
        return None
    parts: list[str] = []
    for key in ("message", "feilmelding", "error"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    details = payload.get("valideringsfeil")
    if isinstance(details, list):
        for detail in details:
            text = detail.get("feilmelding") if isinstance(detail, Mapping) else None
            if isinstance(text, str) and text.strip():
                parts.append(text.strip())
    return ": ".join(parts) or None


@frozen
class RawAnswer:
    """One answer read under the caps: status, content type, headers and the decoded body."""

    status: int
    content_type: str
    headers: httpx.Headers
    body: bytes
    reason: str


def looks_like_html(kind: str, body: bytes) -> bool:
    """True when the answer is an HTML page (by its content type or its first character)."""
    return "html" in kind or body.lstrip()[:1] == b"<"


def decode_json(registry: str, raw: RawAnswer) -> Any:
    """The JSON body of a 200. An HTML page (a portal, a maintenance page) is unknown; another
    content type, truncated or malformed JSON is bad data."""
    kind = raw.content_type
    if looks_like_html(kind, raw.body):
        raise RegistryUnavailableError(
            registry, f"answered an HTML page instead of JSON (HTTP {raw.status})"
        )
    if kind and not (kind.endswith("json") or kind.endswith("+json")):
        raise RegistryDataError(registry, f"expected JSON, got {kind[:80]} (HTTP {raw.status})")
    try:
        return json.loads(raw.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise RegistryDataError(
            registry, f"malformed or truncated JSON (HTTP {raw.status}): {str(error)[:200]}"
        ) from None


def json_or_none(raw: RawAnswer) -> Any:
    """The JSON body of an error answer, or None if it has none."""
    try:
        return json.loads(raw.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


class Inflater:
    """Decodes a gzip or deflate body step by step, never producing more than the cap."""

    def __init__(self, registry: str, encoding: str, cap: int) -> None:
        self.registry = registry
        self.cap = cap
        self.produced = 0
        self._zlib = (
            zlib.decompressobj(wbits=zlib.MAX_WBITS | 32) if encoding in ENCODINGS else None
        )

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of ``data``; RegistryDataError once their total passes the cap."""
        if self._zlib is None:
            self._count(len(data))
            yield data
            return
        pending = data
        while pending:
            try:
                piece = self._zlib.decompress(pending, self.cap - self.produced + 1)
            except zlib.error as error:
                raise RegistryDataError(
                    self.registry, f"corrupt compressed body: {error}"
                ) from None
            self._count(len(piece))
            yield piece
            pending = self._zlib.unconsumed_tail

    def _count(self, size: int) -> None:
        self.produced += size
        if self.produced > self.cap:
            raise RegistryDataError(
                self.registry, f"answer larger than the cap of {self.cap} bytes (decoded); not read"
            )
