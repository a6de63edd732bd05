"""VAT numbers and national business ids, validated and normalised with python-stdnum (C2).

Normal forms are the compact ones with the country prefix for VAT numbers (``FI01120389``,
``NO923609016MVA``, ``SE556036079301``, ``EL094259216``) and the official national format for
business ids (``0112038-9``, ``923609016``, ``556036-0793``, ``13585628``). Parsing a normal form
gives it back unchanged, so normalising twice changes nothing.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Any

from attrs import AttrsInstance
from attrs import Converter
from attrs import field
from attrs import frozen
from stdnum import exceptions as stdnum_errors
from stdnum import get_cc_module
from stdnum.dk import cvr as dk_cvr
from stdnum.eu import vat as eu_vat
from stdnum.fi import ytunnus as fi_ytunnus
from stdnum.no import mva as no_mva
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

from custreg.domain.errors import ValidationError

#: Countries whose VAT numbers custreg validates: every EU VAT prefix plus Norway.
VAT_PREFIXES = frozenset(p.upper() for p in eu_vat.MEMBER_STATES) | {"EL", "NO"}

#: Countries whose national business ids custreg validates.
BUSINESS_ID_COUNTRIES = frozenset({"FI", "NO", "SE", "DK"})

_BUSINESS_ID_MODULES: dict[str, ModuleType] = {
    "FI": fi_ytunnus,
    "NO": no_orgnr,
    "SE": se_orgnr,
    "DK": dk_cvr,
}


@cache
def _vat_module(prefix: str) -> Any:
    """python-stdnum's VAT module of a prefix: what ``stdnum.eu.vat.validate`` looks up per call
    (after cleaning the whole number once more, which the module's own ``validate`` does too)."""
    return get_cc_module({"EL": "gr", "XI": "gb"}.get(prefix, prefix.lower()), "vat")


def _country_of_prefix(prefix: str) -> str:
    return "GR" if prefix == "EL" else prefix


def _reason(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error)
    return str(message).rstrip(".").lower()


def _normal_vat(raw: Any, country: str | None) -> str:
    """The normal form of the VAT number ``raw`` (``country`` when it has no prefix), or a
    ValidationError on ``customer.vat_number`` carrying ``raw``."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationError("customer", "vat_number", "must not be blank", raw)
    text = "".join(raw.split()).upper().replace("-", "").replace(".", "")
    if text[:2].isalpha():
        prefix, rest = text[:2], text[2:]
    elif country:
        prefix, rest = country.upper(), text
    else:
        raise ValidationError(
            "customer", "vat_number", "needs a country prefix such as FI or SE", raw
        )
    if prefix == "GR":
        prefix = "EL"
    if prefix not in VAT_PREFIXES:
        raise ValidationError(
            "customer", "vat_number", f"VAT numbers of {prefix} are not supported", raw
        )
    if prefix == "FI" and _valid_fi_digits(rest):
        return "FI" + rest
    try:
        if prefix == "NO":
            return "NO" + str(no_mva.validate(rest if rest.endswith("MVA") else rest + "MVA"))
        national = str(_vat_module(prefix).validate(prefix + rest))
    except stdnum_errors.ValidationError as error:
        raise ValidationError("customer", "vat_number", _reason(error), raw) from None
    return national if national.startswith(prefix) else prefix + national


def _valid_fi_digits(text: str) -> bool:
    """Whether ``text`` is the 8 ASCII digits of a Finnish business id whose check digit is
    right: python-stdnum's ``fi.alv`` / ``fi.ytunnus`` ``validate`` of such a text (its
    ``checksum``: weights 7, 9, 10, 5, 8, 4, 2, 1, modulo 11), less its cleaning of any spelling
    (most of a bulk import's time per VAT number). Anything else, and any failure, goes through
    python-stdnum for its verdict and reason."""
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return False
    a, b, c, d, e, f, g, h = map(int, text)
    return (7 * a + 9 * b + 10 * c + 5 * d + 8 * e + 4 * f + 2 * g + h) % 11 == 0


def _vat_value(value: Any) -> str:
    return _normal_vat(value, None)


def _normal_business_id(raw: Any, country: Any) -> tuple[str, str]:
    """The country and official format of the business id ``raw`` of ``country``, or a
    ValidationError on ``customer.business_id`` carrying ``raw``."""
    code = country.strip().upper() if isinstance(country, str) else ""
    module = _BUSINESS_ID_MODULES.get(code)
    if module is None:
        raise ValidationError(
            "customer", "business_id", f"business ids of {country!r} are not supported", raw
        )
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationError("customer", "business_id", "must not be blank", raw)
    text = raw.strip().upper()
    if text.startswith(code):
        text = text[2:]
    if code == "FI":
        digits = text.replace("-", "").replace(" ", "")
        if _valid_fi_digits(digits):
            return code, f"{digits[:7]}-{digits[7:]}"
    try:
        compact = module.validate(text)
    except stdnum_errors.ValidationError as error:
        raise ValidationError("customer", "business_id", _reason(error), raw) from None
    return code, str(module.format(compact) if code in {"FI", "SE"} else compact)


def _country_text(value: Any) -> Any:
    """A business id's country as given, stripped and upper-cased when it is text; the value's
    converter refuses a country without business ids."""
    return value.strip().upper() if isinstance(value, str) else value


def _business_id_value(value: Any, instance: AttrsInstance) -> str:
    """The official format of a business id of the country set just before (its converter)."""
    return _normal_business_id(value, getattr(instance, "country", None))[1]


_new = object.__new__
_set = object.__setattr__


def _checked_vat(value: str) -> VatNumber:
    """The VatNumber of a normal form just checked (``_normal_vat``, or derived from a valid
    business id): built without checking it a second time."""
    made: VatNumber = _new(VatNumber)
    _set(made, "value", value)
    return made


def _checked_business_id(country: str, value: str) -> BusinessId:
    """The BusinessId of a country and official format just checked: built without checking
    them a second time."""
    made: BusinessId = _new(BusinessId)
    _set(made, "country", country)
    _set(made, "value", value)
    return made


@frozen
class VatNumber:
    """A valid VAT number in compact form with its country prefix.

    Construction checks and normalises: ``VatNumber("fi 0112038-9")`` is
    ``VatNumber("FI01120389")``, and a value without a supported prefix or with a wrong checksum
    is a ValidationError on ``customer.vat_number``, so an invalid VatNumber cannot exist.
    """

    value: str = field(converter=_vat_value)

    @classmethod
    def parse(cls, raw: str, country: str | None = None) -> VatNumber:
        """Validate ``raw`` (any common spelling) and return its normal form.

        ``country`` (ISO alpha-2) is used when ``raw`` carries no country prefix.
        """
        return _checked_vat(_normal_vat(raw, country))

    @property
    def country(self) -> str:
        """ISO 3166 country (``GR`` for the ``EL`` prefix)."""
        return _country_of_prefix(self.value[:2])

    def business_id(self) -> BusinessId | None:
        """The national business id inside this VAT number, where custreg knows how to derive it."""
        country, national = self.country, self.value[2:]
        if country == "FI":
            return BusinessId.parse(national, "FI")
        if country == "NO":
            return BusinessId.parse(national.removesuffix("MVA"), "NO")
        if country == "SE":
            return BusinessId.parse(national[:10], "SE")
        if country == "DK":
            return BusinessId.parse(national, "DK")
        return None

    def __str__(self) -> str:
        return self.value


@frozen
class BusinessId:
    """A valid national business id (FI Y-tunnus, NO organisasjonsnummer,
    SE organisationsnummer, DK CVR) in its official format.

    Construction checks and normalises: ``BusinessId("fi", "01120389")`` is
    ``BusinessId("FI", "0112038-9")``, and a country without business ids or a value that is not
    one of its country is a ValidationError on ``customer.business_id``, so an invalid BusinessId
    cannot exist.
    """

    country: str = field(converter=_country_text)
    value: str = field(converter=Converter(_business_id_value, takes_self=True))  # type: ignore[misc]

    @classmethod
    def parse(cls, raw: str, country: str) -> BusinessId:
        """Validate ``raw`` as a business id of ``country`` and return its normal form."""
        return _checked_business_id(*_normal_business_id(raw, country))

    def vat_number(self) -> VatNumber:
        """The VAT number derived from this id (for NO only valid if VAT registered; SE adds 01)."""
        # VatNumber.parse drops the dash and adds Norway's "MVA".
        return VatNumber.parse(self.country + self.value + ("01" if self.country == "SE" else ""))

    def __str__(self) -> str:
        return self.value


def parse_tax_id(raw: Any, country: str | None = None) -> VatNumber | BusinessId:
    """Read what a user typed in the VAT field: a VAT number, or a business id of ``country``.

    Without a prefix the text is a business id where the country has one, else (or if it is not
    one, like ``923609016MVA`` or a 12-digit Swedish number) a VAT number of ``country``.
    """
    text = str(raw).strip() if raw is not None else ""
    if text[:2].isalpha() or country is None:
        return VatNumber.parse(text, country)
    if country.strip().upper() not in BUSINESS_ID_COUNTRIES:
        return VatNumber.parse(text, country)
    try:
        return BusinessId.parse(text, country)
    except ValidationError as not_business_id:
        try:
            return VatNumber.parse(text, country)
        except ValidationError:
            raise not_business_id from None


def tax_ids(raw: Any, country: str | None = None) -> tuple[VatNumber, BusinessId | None]:
    """C2: ``parse_tax_id`` and the id derived from it (``business_id()`` / ``vat_number()``),
    with each checksum computed once.

    In FI, NO, SE and DK the VAT number is the business id plus a fixed prefix and suffix, and
    python-stdnum's VAT check is the business id's check, so the derived id of one just parsed
    is valid and only needs its normal form (a bulk import would otherwise validate each twice).
    """
    parsed = parse_tax_id(raw, country)
    if isinstance(parsed, BusinessId):
        return _vat_number_of_valid(parsed), parsed
    return parsed, _business_id_of_valid(parsed)


def _vat_number_of_valid(business_id: BusinessId) -> VatNumber:
    """``business_id.vat_number()`` for a business id that passed its checksum."""
    digits = business_id.value.replace("-", "")
    suffix = {"NO": "MVA", "SE": "01"}.get(business_id.country, "")
    return _checked_vat(business_id.country + digits + suffix)


def _business_id_of_valid(vat: VatNumber) -> BusinessId | None:
    """``vat.business_id()`` for a VAT number that passed its checksum."""
    country, national = vat.country, vat.value[2:]
    module = _BUSINESS_ID_MODULES.get(country)
    if module is None:
        return None
    compact = {"NO": national.removesuffix("MVA"), "SE": national[:10]}.get(country, national)
    dash = _DASH_AT.get(country)
    return _checked_business_id(country, f"{compact[:dash]}-{compact[dash:]}" if dash else compact)


#: Where python-stdnum's ``format`` of a valid compact FI / SE business id puts its dash
#: (``ytunnus.format``: ``number[:7] + '-' + number[7:]``; ``orgnr.format``: after 6 digits);
#: done here for ids just validated, since ``format`` cleans the number once more first.
_DASH_AT = {"FI": 7, "SE": 6}
