"""The private cattrs converter: every hook registered once."""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from custreg.adapters.serialization.containers import _frozenmap_hooks
from custreg.adapters.serialization.containers import _set_hooks
from custreg.adapters.serialization.containers import _tuple_hooks
from custreg.adapters.serialization.scalars import _BadValue
from custreg.adapters.serialization.scalars import _structure_any
from custreg.adapters.serialization.scalars import _structure_bool
from custreg.adapters.serialization.scalars import _structure_date
from custreg.adapters.serialization.scalars import _structure_datetime
from custreg.adapters.serialization.scalars import _structure_decimal
from custreg.adapters.serialization.scalars import _structure_enum
from custreg.adapters.serialization.scalars import _structure_int
from custreg.adapters.serialization.scalars import _structure_str
from custreg.adapters.serialization.scalars import _structure_uuid
from custreg.adapters.serialization.scalars import _type_name
from custreg.adapters.serialization.scalars import _unstructure_enum
from custreg.adapters.serialization.values import _structure_business_id
from custreg.adapters.serialization.values import _structure_custom_value
from custreg.adapters.serialization.values import _structure_customer_number
from custreg.adapters.serialization.values import _structure_email
from custreg.adapters.serialization.values import _structure_vat
from custreg.adapters.serialization.values import _structure_website
from custreg.adapters.serialization.values import _unstructure_custom_value
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.settings import CustomValue
from custreg.domain.values import CustomerNumber
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website


def _attrs_structure(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    """The generated structure function of an attrs class, made strict about its input shape."""

    def factory(cls: Any) -> Callable[[Any, type], Any]:
        generated = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, Mapping):
                raise _BadValue(f"must be an object, not {_type_name(value)}", value)
            return generated(value, cls)

        return structure

    return factory


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind, structure in (
        (str, _structure_str),
        (int, _structure_int),
        (bool, _structure_bool),
        # IntEnum / StrEnum are ints / strs too: registered so their enum hook wins.
        (enum.Enum, _structure_enum),
        (enum.IntEnum, _structure_enum),
        (enum.StrEnum, _structure_enum),
        (Decimal, _structure_decimal),
        (date, _structure_date),
        (datetime, _structure_datetime),
        (UUID, _structure_uuid),
        (VatNumber, _structure_vat),
        (BusinessId, _structure_business_id),
        (CustomerNumber, _structure_customer_number),
        (EmailAddress, _structure_email),
        (Website, _structure_website),
    ):
        converter.register_structure_hook(kind, structure)
    converter.register_structure_hook_func(lambda cls: cls is Any, _structure_any)
    converter.register_structure_hook_func(lambda cls: cls == CustomValue, _structure_custom_value)
    converter.register_unstructure_hook_func(
        lambda cls: cls == CustomValue, _unstructure_custom_value
    )
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_unstructure_hook(UUID, str)
    converter.register_unstructure_hook(VatNumber, lambda v: v.value)
    converter.register_unstructure_hook(
        BusinessId, lambda b: {"country": b.country, "value": b.value}
    )
    converter.register_unstructure_hook(CustomerNumber, lambda n: n.value)
    converter.register_unstructure_hook(EmailAddress, lambda e: e.address)
    converter.register_unstructure_hook(Website, lambda w: w.url)
    for kind in (enum.Enum, enum.IntEnum, enum.StrEnum):
        converter.register_unstructure_hook(kind, _unstructure_enum)
    _tuple_hooks(converter)
    _set_hooks(converter)
    _frozenmap_hooks(converter)
    converter.register_structure_hook_factory(attrs.has, _attrs_structure(converter))
    return converter


_CONVERTER = _make_converter()
