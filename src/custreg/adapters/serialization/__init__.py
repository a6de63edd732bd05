"""Entities as JSON-safe data and back, through one private cattrs converter (the JSON edge).

``to_json(value)`` turns any entity, value object or settings value into dicts, lists, strings,
ints, bools and None that ``json.dumps`` accepts; ``from_json(cls, data)`` turns such data back
into ``cls``, re-validating every value object on the way in. The round trip is exact: Decimals
keep their digits (``"1.50"`` stays ``1.50``), datetimes their instant, sets their members.

Shapes: Decimal as a string, datetime and date as ISO 8601 text (datetimes must carry a UTC
offset), UUIDs as strings, enums by value, tuples and frozensets as lists (sets sorted), Money as
``{"amount": "1.50", "currency": "EUR"}``, VatNumber / EmailAddress / Website as their text,
CustomerNumber as an int, BusinessId as ``{"country", "value"}``, a custom field value as
``{"text" | "number" | "date" | "boolean": value}`` so ``"1.5"`` the text and ``1.5`` the number
stay apart.

Bad data raises custreg's ValidationError (one bad field) or ValidationErrors (several), whose
``field`` is the path of each bad field (``einvoice.address``, ``users[0].name``,
``custom_fields[<id>]``); unknown keys are refused, and no value is coerced into another type
(``1.9`` is not an int, ``"5"`` is not an int, ``1`` is not a string).

This converter is private to custreg: it is never the global ``cattrs`` one, so a host's own
cattrs hooks cannot change how custreg data is read and written.

The package holds one module per kind of thing converted (``scalars``, ``containers``,
``values``), the converter that ties them together (``converter``), the translation of cattrs'
errors (``errors``) and the public functions (``api``); it re-exports the public functions.
"""

from custreg.adapters.serialization.api import from_json
from custreg.adapters.serialization.api import from_json_dict
from custreg.adapters.serialization.api import to_json
from custreg.adapters.serialization.api import to_json_dict

__all__ = [
    "from_json",
    "from_json_dict",
    "to_json",
    "to_json_dict",
]
