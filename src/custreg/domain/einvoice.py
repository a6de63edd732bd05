"""C7: the e-invoicing address of a customer, one per customer, with its operator.

Accepted address formats, all common in the Nordics:
- Finnish OVT code: ``0037`` + a valid Y-tunnus without the dash + an optional suffix of up to five
  letters or digits (``003701120389``, ``00370112038900100``);
- a Peppol participant id ``ICD:identifier`` with a four-digit ISO 6523 scheme (``0192:923609016``);
- an IBAN (consumer e-invoices), checked with its checksum;
- a 13-digit GLN/EAN location number, checked with its check digit.
The operator (intermediator) is an OVT-style code, a BIC, or a Peppol access point id.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import field, frozen
from stdnum import bic, ean, iban
from stdnum.fi import ytunnus

from custreg.domain.errors import ValidationError

_OVT = re.compile(r"^0037(\d{8})([0-9A-Z]{0,5})$")
_PEPPOL = re.compile(r"^(\d{4}):([A-Za-z0-9._-]{1,50})$")
_OPERATOR_CODE = re.compile(r"^[0-9A-Z]{4,35}$")


def _address(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("einvoice", "address", "must not be blank", value)
    text = "".join(value.split())
    ovt = _OVT.match(text.upper())
    if ovt:
        if not ytunnus.is_valid(ovt.group(1)):
            raise ValidationError("einvoice", "address", "OVT code has an invalid Y-tunnus", value)
        return text.upper()
    if _PEPPOL.match(text):
        return text
    if iban.is_valid(text):
        return iban.compact(text)
    if text.isdigit() and len(text) == 13 and ean.is_valid(text):
        return text
    raise ValidationError(
        "einvoice", "address", "must be an OVT code, a Peppol id, an IBAN or a GLN", value
    )


def _operator(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("einvoice", "operator", "must not be blank", value)
    text = "".join(value.split()).upper()
    if bic.is_valid(text) or _OPERATOR_CODE.match(text) or _PEPPOL.match(text):
        return text
    raise ValidationError("einvoice", "operator", "must be an operator code or a BIC", value)


@frozen
class EInvoiceAddress:
    """An e-invoicing address plus the operator that carries it."""

    address: str = field(converter=_address)
    operator: str = field(converter=_operator)
