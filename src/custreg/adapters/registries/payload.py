"""A tolerant reader of registry JSON: unknown fields are ignored, missing optional fields are
fine, a field of the wrong type is a RegistryDataError naming its path (R4)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from typing import Any
from typing import TypeVar

from custreg.domain.business_ids import BusinessId
from custreg.domain.company import RejectedEntry
from custreg.domain.errors import RegistryDataError
from custreg.domain.errors import ValidationError
from custreg.domain.values import ISO_COUNTRIES

T = TypeVar("T")

_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f")


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return "null" if value is None else type(value).__name__


class Fields:
    """Typed, path-aware access to one JSON object of a registry answer."""

    def __init__(self, registry: str, data: Any, path: str = "$") -> None:
        if not isinstance(data, Mapping):
            raise RegistryDataError(registry, f"{path}: expected an object, got {_kind(data)}")
        self.registry = registry
        self.data: Mapping[str, Any] = data
        self.path = path

    def fail(self, key: str, expected: str, value: Any = None) -> RegistryDataError:
        """The error for ``key`` not being ``expected``."""
        return RegistryDataError(
            self.registry, f"{self.path}.{key}: expected {expected}, got {_kind(value)}"
        )

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str | None:
        """A stripped string; absent, null or blank is None (or an error if ``required``)."""
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "text", value)
        cleaned = value.strip() if value else None
        if required and not cleaned:
            raise self.fail(key, "non-blank text", value)
        return cleaned

    def _typed(self, key: str, kind: type | tuple[type, ...], expected: str) -> Any:
        """The value of ``key`` (None if absent or null), or the error if it is not a ``kind``."""
        value = self.data.get(key)
        if value is not None and not isinstance(value, kind):
            raise self.fail(key, expected, value)
        return value

    def boolean(self, key: str) -> bool | None:
        value: bool | None = self._typed(key, bool, "true or false")
        return value

    def integer(self, key: str) -> int | None:
        """An integer (a string of digits is accepted: codes drift between the two)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "an integer", value)
        return value

    def obj(self, key: str) -> Fields | None:
        value = self._typed(key, Mapping, "an object")
        return None if value is None else Fields(self.registry, value, f"{self.path}.{key}")

    def objects(self, key: str) -> list[Fields]:
        """A list of objects (absent or null: empty; null items skipped)."""
        value: list[Any] = self._typed(key, list, "a list") or []
        return [
            Fields(self.registry, item, f"{self.path}.{key}[{i}]")
            for i, item in enumerate(value)
            if item is not None
        ]

    def texts(self, key: str) -> list[str]:
        """A list of strings with nulls and blanks dropped."""
        value: list[Any] = self._typed(key, list, "a list") or []
        out: list[str] = []
        for i, item in enumerate(value):
            if item is None:
                continue
            if not isinstance(item, str):
                raise self.fail(f"{key}[{i}]", "text", item)
            if item.strip():
                out.append(item.strip())
        return out

    def date(self, key: str) -> date | None:
        """An ISO date (``2024-03-04``); blank is None."""
        raw = self.text(key)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw[:10]) if len(raw) >= 10 else date.fromisoformat(raw)
        except ValueError:
            raise self.fail(key, "a date YYYY-MM-DD", raw) from None

    def timestamp(self, key: str) -> datetime | None:
        """A local timestamp in either spelling the registries use (``T`` or a space)."""
        raw = self.text(key)
        if raw is None:
            return None
        for fmt in _DATETIME_FORMATS:
            try:
                return datetime.strptime(raw, fmt)
            except ValueError:
                continue
        raise self.fail(key, "a timestamp YYYY-MM-DD hh:mm:ss", raw)


def business_id_of(fields: Fields, key: str, country: str) -> BusinessId:
    """The business id at ``key``; an invalid one is bad data from the registry, not bad input."""
    raw = fields.text(key, required=True)
    try:
        return BusinessId.parse(raw or "", country)
    except ValidationError as error:
        where = f"{fields.path}.{key}"
        raise RegistryDataError(
            fields.registry,
            f"{where}: {(raw or '')[:40]!r} is not a valid business id ({error.reason[:200]})",
        ) from None


def country_or(raw: str | None, default: str) -> tuple[str, str | None]:
    """An ISO country code from the registry, or ``default`` plus the unrecognised text."""
    code = (raw or "").strip().upper()
    if not code:
        return default, None
    if code in ISO_COUNTRIES:
        return code, None
    return default, (raw or "").strip()


def search_text(name: object) -> str:
    """The name to search for: non-blank text of a sane length (checked before any request)."""
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("registry_search", "query", "must not be blank", name)
    cleaned = " ".join(name.split())
    if len(cleaned) > 200:
        raise ValidationError("registry_search", "query", "must be at most 200 characters", name)
    return cleaned


def page_number(page: object) -> int:
    """A 0-based page number."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        raise ValidationError("registry_search", "page", "must be a whole number >= 0", page)
    return page


def require_country(business_id: BusinessId, country: str, label: str) -> None:
    """Refuse, before any request, a business id of another country."""
    if business_id.country != country:
        raise ValidationError(
            "registry_search", "business_id", f"is not a {label}", business_id.value
        )


def each_entry(
    parent: Fields, key: str, read: Callable[[Fields], T], id_of: Callable[[Any], object]
) -> tuple[list[T], list[RejectedEntry]]:
    """Read every entry of the list at ``key`` on its own (R4: one bad record costs one record):
    the entries ``read`` maps, and a RejectedEntry for each one it cannot (not an object, a
    field of the wrong type, an invalid business id...). ``id_of`` digs the registry's raw
    business id out of an entry for the report. A ``key`` that is not a list fails the page."""
    value = parent.data.get(key)
    if value is None:
        return [], []
    if not isinstance(value, list):
        raise parent.fail(key, "a list", value)
    good: list[T] = []
    bad: list[RejectedEntry] = []
    for position, item in enumerate(value):
        path = f"{parent.path}.{key}[{position}]"
        try:
            good.append(read(Fields(parent.registry, item, path)))
        except (RegistryDataError, ValidationError) as error:
            bad.append(RejectedEntry(position, error.reason, _raw_id(id_of, item)))
    return good, bad


def _raw_id(id_of: Callable[[Any], object], item: Any) -> str | None:
    try:
        raw = id_of(item) if isinstance(item, Mapping) else None
    except (AttributeError, TypeError, KeyError):  # pragma: no cover - defensive
        return None
    if not isinstance(raw, str):
        return None
    printable = "".join(ch for ch in raw[:200] if ch.isprintable())[:40]
    return printable or None
