"""Adapters for the CompanyRegistry port: Finland's YTJ and Norway's Enhetsregisteret (R1-R5),
and for the VatCheck port: the European Commission's VIES (``ViesVatCheck``).

Install with the ``custreg[registry]`` extra (httpx). Build them with ``registries_for()`` at the
composition root, never at import time::

    with registries_for() as registries:          # {"FI": YtjRegistry, "NO": BrregRegistry}
        page = search_registry(registries, principal, "FI", "nokia")
"""

from __future__ import annotations

import time
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Self

import httpx

from custreg.adapters.registries.finland import YtjRegistry
from custreg.adapters.registries.http import DEFAULT_DEADLINE
from custreg.adapters.registries.http import DEFAULT_MAX_BODY_BYTES
from custreg.adapters.registries.http import RegistryHttp
from custreg.adapters.registries.http import ResponseCache
from custreg.adapters.registries.http import RetryPolicy
from custreg.adapters.registries.norway import BrregRegistry
from custreg.adapters.registries.vies import ViesVatCheck
from custreg.domain.errors import ValidationError
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.unit_of_work import ExcInfo

#: The public services (the manifest in registry-samples records the same bases).
DEFAULT_BASE_URLS: Mapping[str, str] = {
    "FI": "https://avoindata.prh.fi/opendata-ytj-api/v3",
    "NO": "https://data.brreg.no/enhetsregisteret/api",
}

SUPPORTED_COUNTRIES = tuple(DEFAULT_BASE_URLS)


class RegistrySet(Mapping[str, CompanyRegistry]):
    """The registries by country code; a Mapping the use cases accept. Close it (or use it as a
    context manager) to close the HTTP clients it built."""

    def __init__(self, registries: Iterable[YtjRegistry | BrregRegistry]) -> None:
        self._by_country: dict[str, YtjRegistry | BrregRegistry] = {
            r.country: r for r in registries
        }

    def __getitem__(self, country: str) -> CompanyRegistry:
        return self._by_country[country]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_country)

    def __len__(self) -> int:
        return len(self._by_country)

    def close(self) -> None:
        for registry in self._by_country.values():
            registry.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: *ExcInfo) -> None:
        self.close()


def registries_for(
    countries: Iterable[str] = SUPPORTED_COUNTRIES,
    *,
    base_urls: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    timeout: httpx.Timeout | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    cache_size: int = 256,
    cache_ttl: float = 600.0,
    language: str = "fi",
    page_size: int = 20,
    deadline: float = DEFAULT_DEADLINE,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> RegistrySet:
    """Build the registry adapters of ``countries``.

    ``base_urls`` overrides the public services per country (tests and demos point them at a local
    recorded server). ``client`` is shared by every adapter and stays the caller's to close;
    without it each adapter builds and owns a client with ``timeout``. Each adapter keeps its own
    cache of ``cache_size`` answers for ``cache_ttl`` seconds. ``language`` (fi, sv, en) is for
    Finnish post office names; ``page_size`` for Norwegian search pages (YTJ's is fixed at 100).
    ``deadline`` bounds each registry call in seconds (connect, every attempt, backoff and body);
    ``max_body_bytes`` bounds each answer, raw and decompressed.
    """
    urls = {**DEFAULT_BASE_URLS, **(base_urls or {})}
    built: list[YtjRegistry | BrregRegistry] = []
    for raw in countries:
        country = raw.strip().upper()
        if country not in DEFAULT_BASE_URLS:
            raise ValidationError(
                "registry", "country", f"no public registry adapter for {raw!r}", raw
            )
        http = RegistryHttp(
            country,
            client,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            cache=ResponseCache(cache_size, cache_ttl),
            deadline=deadline,
            max_body_bytes=max_body_bytes,
        )
        if country == "FI":
            built.append(YtjRegistry(base_url=urls["FI"], language=language, http=http))
        else:
            built.append(BrregRegistry(base_url=urls["NO"], page_size=page_size, http=http))
    return RegistrySet(built)


__all__ = [
    "DEFAULT_BASE_URLS",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BODY_BYTES",
    "SUPPORTED_COUNTRIES",
    "BrregRegistry",
    "RegistryHttp",
    "RegistrySet",
    "ResponseCache",
    "RetryPolicy",
    "ViesVatCheck",
    "YtjRegistry",
    "registries_for",
]
