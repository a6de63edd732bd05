"""Examples of FrozenMap, the immutable mapping of custom field values, stated directly."""

from __future__ import annotations

from typing import Any

import pytest

from custreg.domain.frozenmap import FrozenMap
from custreg.domain.frozenmap import freeze


def test_reads_like_the_dict_it_copies() -> None:
    source = {"a": 1, "b": 2}
    frozen = FrozenMap(source)
    source["c"] = 3
    assert frozen["a"] == 1
    assert frozen["b"] == 2
    assert list(frozen) == ["a", "b"]
    assert len(frozen) == 2
    assert dict(frozen.items()) == {"a": 1, "b": 2}
    with pytest.raises(KeyError):
        frozen["c"]


@pytest.mark.parametrize("data", [None, {}])
def test_empty(data: Any) -> None:
    frozen: FrozenMap[str, int] = FrozenMap(data)
    assert len(frozen) == 0
    assert list(frozen) == []
    assert repr(frozen) == "FrozenMap({})"


def test_repr_shows_the_content() -> None:
    assert repr(FrozenMap({"a": 1})) == "FrozenMap({'a': 1})"


def test_equal_to_any_mapping_with_the_same_items() -> None:
    frozen = FrozenMap({"a": 1})
    assert frozen == {"a": 1}
    assert frozen == FrozenMap({"a": 1})
    assert frozen != {"a": 2}
    assert frozen != {"a": 1, "b": 2}
    assert frozen != [("a", 1)]
    assert frozen.__eq__([("a", 1)]) is NotImplemented
    assert frozen.__eq__({"a": 1}) is True
    assert frozen.__eq__({"b": 1}) is False


def test_hash_is_the_hash_of_its_items_and_is_kept() -> None:
    frozen = FrozenMap({"a": 1, "b": 2})
    assert hash(frozen) == hash(frozenset({("a", 1), ("b", 2)}))
    assert hash(frozen) == hash(FrozenMap({"b": 2, "a": 1}))
    assert frozen._hash == hash(frozenset({("a", 1), ("b", 2)}))
    assert hash(FrozenMap()) == hash(frozenset())
    fresh: FrozenMap[str, int] = FrozenMap({"x": 1})
    assert fresh._hash is None


def test_set_returns_a_copy_with_the_key() -> None:
    frozen = FrozenMap({"a": 1})
    assert frozen.set("b", 2) == {"a": 1, "b": 2}
    assert frozen.set("a", 5) == {"a": 5}
    assert isinstance(frozen.set("b", 2), FrozenMap)
    assert frozen == {"a": 1}


def test_without_returns_a_copy_without_the_key() -> None:
    frozen = FrozenMap({"a": 1, "b": 2})
    assert frozen.without("a") == {"b": 2}
    assert frozen.without("missing") == {"a": 1, "b": 2}
    assert isinstance(frozen.without("a"), FrozenMap)
    assert frozen == {"a": 1, "b": 2}


def test_freeze_keeps_a_frozen_map_and_copies_anything_else() -> None:
    frozen = FrozenMap({"a": 1})
    assert freeze(frozen) is frozen
    thawed = freeze({"a": 1})
    assert type(thawed) is FrozenMap
    assert thawed == {"a": 1}
    empty = freeze(None)
    assert type(empty) is FrozenMap
    assert empty == {}
