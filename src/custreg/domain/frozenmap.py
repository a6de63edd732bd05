"""An immutable, hashable mapping for entity fields (custom field values)."""

from __future__ import annotations

from collections.abc import ItemsView
from collections.abc import Iterator
from collections.abc import KeysView
from collections.abc import Mapping
from collections.abc import ValuesView
from typing import Any
from typing import Generic
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only dict that can live inside a frozen attrs class."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` (the dict's own lookup, one hash)."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """A read-only view of the keys."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """A read-only view of the values."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """A read-only view of the items."""
        return self._data.items()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A copy with ``key`` set to ``value``."""
        return FrozenMap({**self._data, key: value})

    def without(self, key: K) -> FrozenMap[K, V]:
        """A copy without ``key``."""
        return FrozenMap({k: v for k, v in self._data.items() if k != key})


def freeze(value: Mapping[Any, Any] | None) -> FrozenMap[Any, Any]:
    """attrs converter: any mapping (or None) to a FrozenMap."""
    if isinstance(value, FrozenMap):
        return value
    return FrozenMap(value or {})
