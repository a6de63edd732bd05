"""Scalar encodings shared by every row: money as integer units, aware instants, compact JSON,
custom field values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any
from uuid import UUID

import orjson

from custreg.domain.errors import ValidationError
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.ids import CustomFieldId
from custreg.domain.settings import CustomValue
from custreg.domain.values import MONEY_DECIMALS
from custreg.domain.values import Money

Row = Mapping[Any, Any]


def money_units(money: Money) -> int:
    """The exact integer number of 10^-4 units (the domain guarantees at most 4 decimals)."""
    scaled = money.amount.scaleb(MONEY_DECIMALS)
    units = int(scaled)
    if units != scaled:  # pragma: no cover - Money refuses more decimals
        raise ValidationError("money", "amount", "more decimals than can be stored", money.amount)
    return units


def money_exponent(money: Money) -> int:
    """The exponent of the amount as written (-2 for ``1.50``), so it comes back unchanged."""
    exponent = money.amount.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def money_units_column(amounts: Sequence[Money]) -> list[int]:
    """``money_units`` of each amount (a bulk write's column): the same integers, or the same
    error for the first amount with more decimals than can be stored."""
    scaled = [money.amount.scaleb(MONEY_DECIMALS) for money in amounts]
    units = list(map(int, scaled))
    if units != scaled:  # pragma: no cover - Money refuses more decimals
        for money in amounts:
            money_units(money)
    return units


def money_exponent_column(amounts: Sequence[Money]) -> list[int]:
    """``money_exponent`` of each amount (a bulk write's column)."""
    exponents = [money.amount.as_tuple().exponent for money in amounts]
    return [exponent if type(exponent) is int else 0 for exponent in exponents]


#: How many stored units one step of each written exponent is (``money_amount``), computed once.
_STEPS = {exponent: 10 ** (MONEY_DECIMALS + exponent) for exponent in range(-MONEY_DECIMALS, 15)}


def money_amount(units: int, exponent: int | None = None) -> Decimal:
    """The Decimal for ``units``: with the stored ``exponent`` when it represents the value
    exactly, else the shortest form (12.5, not 12.5000), e.g. for sums."""
    if exponent is not None:
        step = _STEPS.get(exponent)
        if step is not None and units % step == 0:  # exact with the written exponent
            return Decimal(units // step).scaleb(exponent)
    shift = next((k for k in range(MONEY_DECIMALS, 0, -1) if units % 10**k == 0), 0)
    return Decimal(units // 10**shift).scaleb(shift - MONEY_DECIMALS)


def amounts_total(found: Iterable[Sequence[Any]], units_at: int, exponent_at: int) -> Decimal:
    """The sum of the amounts of the rows ``found`` (``money_amount`` of each row's units and
    exponent, at those positions) as ``Money.total`` adds them (``Decimal(0)`` plus each: the
    value and the lowest exponent, 0 at most), from the integer units: one Decimal, not one
    per row. Rows this library wrote hold their amount's units at its exponent exactly; any
    other exponent (none stored, beyond ``_STEPS``) is summed one amount at a time."""
    rows = found if isinstance(found, Sequence) else list(found)
    exponents = set(map(itemgetter(exponent_at), rows))
    if exponents <= _STEPS.keys():
        lowest = min(min(exponents, default=0), 0)
        return money_amount(sum(map(itemgetter(units_at), rows)), lowest)
    total = Decimal(0)
    for row in rows:
        total += money_amount(row[units_at], row[exponent_at])
    return total


def money(units: int | None, currency: str | None, exponent: int | None = None) -> Money | None:
    if units is None or currency is None:
        return None
    return Money(money_amount(units, exponent), currency)


def aware(entity: str, field: str, value: datetime | None) -> datetime | None:
    """Instants are stored in UTC, so they must say which instant they are."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError(entity, field, "must be a timezone-aware datetime", value)
    return value


#: The fallback encoder (one for every call: ``json.dumps`` with options builds a new one).
_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """Compact JSON, as ``json`` writes it with ``separators=(",", ":"), ensure_ascii=False``.

    orjson writes the same text about five times faster (a bulk import writes a whole customer
    into each creation's audit entry); what it refuses (integers beyond 64 bits, lone surrogates,
    non-text keys) goes to ``json``, which writes it or raises as before.
    """
    if value is None:  # the "before" of every creation's audit entry
        return "null"
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _JSON.encode(value)


def _uuids(values: Iterable[UUID]) -> str:
    return dumps(sorted(str(v) for v in values))


def _load_uuids(text: str) -> list[UUID]:
    return [UUID(v) for v in json.loads(text)]


def encode_custom_fields(values: Mapping[CustomFieldId, CustomValue]) -> str:
    """Custom values as JSON ``{field id: [type tag, text]}``: exact for Decimal and dates."""
    if not values:
        return "{}"
    encoded: dict[str, list[Any]] = {}
    for field_id, value in values.items():
        if isinstance(value, bool):
            encoded[str(field_id)] = ["b", value]
        elif isinstance(value, Decimal):
            encoded[str(field_id)] = ["n", str(value)]
        elif isinstance(value, datetime):
            encoded[str(field_id)] = ["t", value.isoformat()]
        elif isinstance(value, date):
            encoded[str(field_id)] = ["d", value.isoformat()]
        else:
            encoded[str(field_id)] = ["s", str(value)]
    return dumps(dict(sorted(encoded.items())))


def decode_custom_fields(text: str) -> FrozenMap[CustomFieldId, CustomValue]:
    if text == "{}":
        return FrozenMap()
    decoders: dict[str, Any] = {
        "b": bool,
        "n": Decimal,
        "t": datetime.fromisoformat,
        "d": date.fromisoformat,
        "s": str,
    }
    return FrozenMap(
        {
            CustomFieldId(UUID(key)): decoders[tag](raw)
            for key, (tag, raw) in json.loads(text).items()
        }
    )
