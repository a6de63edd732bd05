"""The SQL adapter's JSON columns: ``rows.dumps`` writes what ``json`` writes (compact, UTF-8 text
kept) for every JSON value, including those orjson refuses and hands back. Floats (custreg stores
none: money is Decimal) may spell a large exponent differently (``1e16`` / ``1e+16``) but read back
equal."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.sql.rows import dumps

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson refuses those
    | st.text()  # lone surrogates too
    | st.floats(allow_nan=False, allow_infinity=False)
)
_json_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4),
    max_leaves=20,
)


def _as_json_writes(value: Any) -> str | type[Exception]:
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as error:
        return type(error)


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    return isinstance(value, list) and any(_has_float(v) for v in value)


@given(_json_values)
def test_dumps_writes_what_json_writes(value: Any) -> None:
    expected = _as_json_writes(value)
    if isinstance(expected, str):
        written = dumps(value)
        assert json.loads(written) == json.loads(expected)
        if not _has_float(value):
            assert written == expected
    else:
        with pytest.raises(expected):
            dumps(value)


def test_dumps_of_values_orjson_refuses() -> None:
    assert dumps({"n": 2**70, 1: "one"}) == '{"n":1180591620717411303424,"1":"one"}'
    assert dumps(None) == "null"
    assert dumps({"name": "Åbo Ab \u2013 €"}) == "{\"name\":\"Åbo Ab \u2013 €\"}"
