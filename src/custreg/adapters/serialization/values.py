"""Custom field values and value objects (VAT numbers, business ids, e-mail, websites)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from custreg.adapters.serialization.scalars import _BadValue
from custreg.adapters.serialization.scalars import _domain
from custreg.adapters.serialization.scalars import _expect
from custreg.adapters.serialization.scalars import _Nested
from custreg.adapters.serialization.scalars import _structure_bool
from custreg.adapters.serialization.scalars import _structure_date
from custreg.adapters.serialization.scalars import _structure_decimal
from custreg.adapters.serialization.scalars import _structure_str
from custreg.adapters.serialization.scalars import _type_name
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.errors import ValidationError
from custreg.domain.settings import CustomValue
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website


def _unstructure_custom_value(value: CustomValue) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"boolean": value}
    if isinstance(value, Decimal):
        return {"number": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return {"text": value}


_CUSTOM_VALUE_HOOKS: dict[str, Callable[[Any, type], Any]] = {
    "text": _structure_str,
    "number": _structure_decimal,
    "date": _structure_date,
    "boolean": _structure_bool,
}


def _structure_custom_value(value: Any, _: type) -> CustomValue:
    if not isinstance(value, Mapping) or len(value) != 1:
        kinds = ", ".join(_CUSTOM_VALUE_HOOKS)
        raise _BadValue(f"must be an object with one key of {kinds}", value)
    ((kind, inner),) = value.items()
    hook = _CUSTOM_VALUE_HOOKS.get(kind)
    if hook is None:
        raise _Nested([(f".{kind}", _BadValue("unknown custom value type", kind))])
    try:
        result: CustomValue = hook(inner, object)
    except _BadValue as error:
        raise _Nested([(f".{kind}", error)]) from None
    return result


def _structure_vat(value: Any, _: type) -> VatNumber:
    _expect(value, str, "a VAT number")
    return _domain(lambda: VatNumber.parse(value))


def _structure_business_id(value: Any, _: type) -> BusinessId:
    fields = _exact_keys(value, ("country", "value"))
    country, text = fields["country"], fields["value"]
    errors: list[tuple[str, BaseException]] = []
    for name, item in (("country", country), ("value", text)):
        if not isinstance(item, str):
            errors.append((f".{name}", _BadValue(f"must be text, not {_type_name(item)}", item)))
    if errors:
        raise _Nested(errors)
    try:
        return BusinessId.parse(text, country)
    except ValidationError as error:
        where = ".country" if "not supported" in error.reason else ".value"
        raise _Nested([(where, _BadValue(error.reason, error.value))]) from None


def _exact_keys(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _BadValue(f"must be an object, not {_type_name(value)}", value)
    errors: list[tuple[str, BaseException]] = [
        (f".{name}", KeyError(name)) for name in names if name not in value
    ]
    errors += [
        (f".{key}", _BadValue("is not a known field", value[key]))
        for key in value
        if key not in names
    ]
    if errors:
        raise _Nested(errors)
    return dict(value)


def _structure_customer_number(value: Any, _: type) -> CustomerNumber:
    _expect(value, int, "an integer")
    return _domain(lambda: CustomerNumber(value))


def _structure_email(value: Any, _: type) -> EmailAddress:
    _expect(value, str, "an e-mail address")
    return _domain(lambda: EmailAddress(value))


def _structure_website(value: Any, _: type) -> Website:
    _expect(value, str, "a web address")
    return _domain(lambda: Website(value))
