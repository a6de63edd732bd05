"""The VatCheck port over the European Commission's keyless VIES REST service.

Facts this adapter relies on (the service's published OpenAPI description; see
docs/registries.md):
- ``POST {base}/check-vat-number`` with ``{"countryCode": "FI", "vatNumber": "01120389"}``
  (the number without its prefix; Greece is ``EL``, Northern Ireland ``XI``).
- A check answers 200 with ``{"countryCode", "vatNumber", "requestDate", "valid", "name",
  "address", "requestIdentifier", ...}``; ``name`` and ``address`` are ``"---"`` when the member
  state does not share them.
- Errors come as ``{"actionSucceed": false, "errorWrappers": [{"error": CODE, "message"}]}``
  (HTTP 200, 400 or 500). ``MS_UNAVAILABLE``, ``TIMEOUT``, ``SERVICE_UNAVAILABLE``,
  ``MS_MAX_CONCURRENT_REQ(_TIME)``, ``GLOBAL_MAX_CONCURRENT_REQ(_TIME)``, ``VAT_BLOCKED``,
  ``IP_BLOCKED``, ``INVALID_INPUT``, ``INVALID_REQUESTER_INFO`` say nothing about the number: each
  is an *unknown* answer, never "invalid". The per-number ``GET .../ms/{cc}/vat/{number}`` form
  answers ``{"isValid": false, "userError": "MS_UNAVAILABLE"}``: read the same way.

Every service problem (network, deadline, size cap, HTML, malformed JSON, an answer about
another number) becomes an UNKNOWN answer with the reason; the HTTP policy (one deadline per
call, size cap, same-origin redirects) is ``RegistryHttp``'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from typing import Any
from typing import Unpack

from custreg.adapters.registries.http import ClientOptions
from custreg.adapters.registries.http import RegistryHttp
from custreg.adapters.registries.http_cache import TtlCache
from custreg.domain.business_ids import VatNumber
from custreg.domain.errors import RegistryError
from custreg.domain.vat_check import VatCheckAnswer
from custreg.domain.vat_check import VatCheckStatus
from custreg.domain.vat_check import clean_text
from custreg.domain.vat_check import vies_prefix

DEFAULT_VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api"

#: How long a valid or invalid answer is reused by default (unknown answers are never kept).
DEFAULT_VIES_CACHE_TTL = 24 * 3600.0

#: The codes VIES uses for "no answer about this number", with what each means.
UNAVAILABLE_CODES: Mapping[str, str] = {
    "MS_UNAVAILABLE": "the member state's service is unavailable",
    "TIMEOUT": "the member state's service did not answer in time",
    "SERVICE_UNAVAILABLE": "VIES itself is unavailable",
    "MS_MAX_CONCURRENT_REQ": "too many requests to this member state",
    "MS_MAX_CONCURRENT_REQ_TIME": "too many requests to this member state",
    "GLOBAL_MAX_CONCURRENT_REQ": "too many requests to VIES",
    "GLOBAL_MAX_CONCURRENT_REQ_TIME": "too many requests to VIES",
    "VAT_BLOCKED": "the number is blocked from checking",
    "IP_BLOCKED": "this address is blocked by VIES",
    "INVALID_INPUT": "VIES refused the request",
    "INVALID_REQUESTER_INFO": "VIES refused the requester's details",
}

_REGISTRY = "VIES"


def _code_of(payload: Mapping[str, Any]) -> str | None:
    """The error code of an answer (``errorWrappers[0].error`` or a GET ``userError`` other
    than VALID/INVALID), or None."""
    wrappers = payload.get("errorWrappers")
    if isinstance(wrappers, list):
        for wrapper in wrappers:
            code = wrapper.get("error") if isinstance(wrapper, Mapping) else None
            if isinstance(code, str) and code.strip():
                return code.strip()[:60]
        if wrappers:
            return "UNREADABLE_ERROR"
    user_error = payload.get("userError")
    if isinstance(user_error, str) and user_error.strip() not in {"", "VALID", "INVALID"}:
        return user_error.strip()[:60]
    if payload.get("actionSucceed") is False:
        return "UNREADABLE_ERROR"
    return None


class ViesVatCheck:
    """The VatCheck port over VIES.

    ``cache_ttl`` is how many seconds a valid or invalid answer is reused (unknown answers are
    never cached); ``clock`` gives the aware time stamped on answers (the organisation's clock
    port); ``monotonic`` drives the cache and the deadline. ``deadline`` and ``max_body_bytes``
    bound each call as for the registries. Give ``http`` to share a configured RegistryHttp, or
    ``ClientOptions`` (``client``, ``timeout``, ``retry``, ``sleep``, ``deadline``,
    ``max_body_bytes``) to build one.
    """

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_VIES_URL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cache_ttl: float = DEFAULT_VIES_CACHE_TTL,
        cache_size: int = 4096,
        http: RegistryHttp | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        **options: Unpack[ClientOptions],
    ) -> None:
        if (
            isinstance(cache_ttl, bool)
            or not isinstance(cache_ttl, int | float)
            or not (0 <= cache_ttl < float("inf"))
        ):
            raise ValueError(f"cache_ttl must be a finite number >= 0, got {cache_ttl!r}")
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 0:
            raise ValueError(f"cache_size must be an integer >= 0, got {cache_size!r}")
        self.base_url = base_url.rstrip("/")
        self.cache_ttl = float(cache_ttl)
        self.cache_size = cache_size
        self._clock = clock
        # definite answers only, by VAT number
        self._cache: TtlCache[str, VatCheckAnswer] = TtlCache(cache_size, cache_ttl, monotonic)
        self.http = http or RegistryHttp(_REGISTRY, monotonic=monotonic, **options)

    def close(self) -> None:
        """Close the HTTP client if this adapter built it."""
        self.http.close()

    def check(self, vat_number: VatNumber) -> VatCheckAnswer:
        """Valid, invalid or unknown; never raises for the service's trouble (see the port)."""
        prefix = vies_prefix(vat_number)
        cached = self._cache.get(vat_number.value)
        if cached is not None:
            return cached
        answer = self._ask(vat_number, prefix)
        if answer.status.is_definite:
            self._cache.put(vat_number.value, answer)
        return answer

    # --- one request --------------------------------------------------------------------------

    def _unknown(self, vat_number: VatNumber, reason: str) -> VatCheckAnswer:
        return VatCheckAnswer(vat_number, VatCheckStatus.UNKNOWN, self._clock(), reason=reason)

    def _ask(self, vat_number: VatNumber, prefix: str) -> VatCheckAnswer:
        number = vat_number.value[2:]
        try:
            answer = self.http.request(
                "POST",
                f"{self.base_url}/check-vat-number",
                json_body={"countryCode": prefix, "vatNumber": number},
                expected=(200, 400, 500),
            )
        except RegistryError as error:
            return self._unknown(vat_number, error.reason)
        payload = answer.payload
        if not isinstance(payload, Mapping):
            return self._unknown(vat_number, f"VIES answered HTTP {answer.status} without JSON")
        code = _code_of(payload)
        if code is not None:
            meaning = UNAVAILABLE_CODES.get(code, "an error VIES did not explain")
            return self._unknown(vat_number, f"{code}: {meaning}")
        if answer.status != 200:
            return self._unknown(vat_number, f"VIES answered HTTP {answer.status}")
        return self._read(vat_number, prefix, number, payload)

    def _read(
        self, vat_number: VatNumber, prefix: str, number: str, payload: Mapping[str, Any]
    ) -> VatCheckAnswer:
        valid = payload.get("valid", payload.get("isValid"))
        if not isinstance(valid, bool):
            return self._unknown(vat_number, "VIES answered without a true/false 'valid'")
        echoed = (payload.get("countryCode"), payload.get("vatNumber"))
        if echoed[0] not in (None, prefix) or echoed[1] not in (None, number, vat_number.value):
            return self._unknown(vat_number, "VIES answered about another number")
        identifier = payload.get("requestIdentifier")
        return VatCheckAnswer(
            vat_number,
            VatCheckStatus.VALID if valid else VatCheckStatus.INVALID,
            self._clock(),
            name=clean_text(payload.get("name")) if valid else None,
            address=clean_text(payload.get("address")) if valid else None,
            request_identifier=clean_text(identifier),
        )
