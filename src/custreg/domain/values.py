"""Value objects without outside dependencies: Money, EmailAddress, CountryCode, CustomerNumber."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Sequence
from decimal import Context
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from attrs import field
from attrs import frozen

from custreg.domain.email_syntax import EMAIL_MAX_LENGTH as EMAIL_MAX_LENGTH
from custreg.domain.email_syntax import email_text as _email
from custreg.domain.errors import ValidationError
from custreg.domain.text import clean_text

_CURRENCY = re.compile(r"^[A-Z]{3}$")

# ISO 3166-1 alpha-2, officially assigned codes.
ISO_COUNTRIES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)


def country_code(entity: str, field_name: str, value: str) -> str:
    """Normalise and check an ISO 3166-1 alpha-2 country code."""
    code = value.strip().upper() if isinstance(value, str) else value
    if code not in ISO_COUNTRIES:
        reason = "must be an ISO 3166-1 alpha-2 country code"
        raise ValidationError(entity, field_name, reason, value)
    return str(code)


def checked_probability(entity: str, value: Any) -> int:
    """A probability in percent (a project's, a sales status's default): an integer 0-100, never
    a bool; else a ValidationError on ``entity``'s field ``probability``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValidationError(entity, "probability", "must be an integer 0-100", value)
    return value


#: The most significant digits an exact number may carry (integer and fraction digits).
MAX_DECIMAL_DIGITS = 38
#: The most digits an exact number may have after its decimal point.
MAX_DECIMAL_SCALE = 20
#: The most digits an exact number may have before its decimal point.
MAX_DECIMAL_INTEGER_DIGITS = 30


def to_decimal(entity: str, field_name: str, value: Any) -> Decimal:
    """Exact decimals only: floats are refused because they are not exact (K8); so are NaN and
    the infinities, booleans, and numbers beyond MAX_DECIMAL_DIGITS significant digits,
    MAX_DECIMAL_INTEGER_DIGITS integer digits or MAX_DECIMAL_SCALE decimals (a thousand-digit
    amount or ``1E+999999999`` is a ValidationError naming the field, never an overflow in an
    adapter)."""
    if isinstance(value, bool | float):
        reason = "must be a Decimal, int or str, never float"
        raise ValidationError(entity, field_name, reason, value)
    if isinstance(value, str) and len(value) > 2 * MAX_DECIMAL_DIGITS + 16:
        raise ValidationError(entity, field_name, "is too long for a number", value)
    try:
        result = value if isinstance(value, Decimal) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(entity, field_name, "is not a number", value) from None
    if not result.is_finite():
        raise ValidationError(entity, field_name, "must be a finite number", value)
    digits = len(result.as_tuple().digits)
    if digits <= MAX_DECIMAL_DIGITS and result.as_tuple().exponent < -MAX_DECIMAL_SCALE:  # type: ignore[operator]
        result = result.normalize(Context(prec=digits))  # trailing zeros only: exact
    exponent = result.as_tuple().exponent
    if (
        digits > MAX_DECIMAL_DIGITS
        or result.adjusted() >= MAX_DECIMAL_INTEGER_DIGITS
        or (isinstance(exponent, int) and exponent < -MAX_DECIMAL_SCALE)
    ):
        reason = (
            f"must have at most {MAX_DECIMAL_INTEGER_DIGITS} digits before and "
            f"{MAX_DECIMAL_SCALE} after the decimal point"
        )
        raise ValidationError(entity, field_name, reason, value)
    return result


#: Money carries at most this many decimals, so every adapter stores it exactly (as integers).
MONEY_DECIMALS = 4


#: Money refuses amounts from here on.
_AMOUNT_LIMIT = Decimal(10) ** 14


def _amount(value: Any) -> Decimal:
    amount = to_decimal("money", "amount", value)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONEY_DECIMALS:
        normal = amount.normalize()
        exponent = normal.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MONEY_DECIMALS:
            raise ValidationError(
                "money", "amount", f"at most {MONEY_DECIMALS} decimals are kept exactly", value
            )
    if abs(amount) >= _AMOUNT_LIMIT:
        raise ValidationError("money", "amount", "must be below 10^14", value)
    return amount


def _currency(value: Any) -> str:
    code = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(code, str) or not _CURRENCY.match(code):
        raise ValidationError("money", "currency", "must be an ISO 4217 code like EUR", value)
    return code


@frozen(order=False)
class Money:
    """An exact amount in one currency (K8: never float)."""

    amount: Decimal = field(converter=_amount)
    currency: str = field(converter=_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """``sum(amounts, Money.zero(currency))``: the same Money, or the same ValidationError
        (another currency, a partial sum at or past the limit). Summed on Decimals, one Money
        built at the end, when every amount is in ``currency`` as given."""
        found = amounts if isinstance(amounts, Sequence) else list(amounts)
        total = Decimal(0)
        for money in found:
            total += money.amount
            if money.currency != currency or abs(total) >= _AMOUNT_LIMIT:
                return sum(found, cls.zero(currency))
        return cls(total, currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValidationError(
                "money", "currency", f"cannot mix {self.currency} and {other.currency}", other
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


@frozen
class EmailAddress:
    """A syntactically valid e-mail address, checked by ``email-validator`` (syntax only, no DNS;
    internationalised addresses accepted) and stored in its normalised form: the domain
    lower-cased (internationalised domains in Unicode), the local part as typed (NFC)."""

    address: str = field(converter=_email)

    def __str__(self) -> str:
        return self.address


#: The largest customer number: every adapter stores it as a signed 64-bit integer.
MAX_CUSTOMER_NUMBER = 10**18 - 1


def _positive(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("customer", "number", "must be a positive integer", value)
    if not 0 < value <= MAX_CUSTOMER_NUMBER:
        reason = "must be a positive integer of at most 18 digits"
        raise ValidationError("customer", "number", reason, value)
    return value


@frozen(order=True)
class CustomerNumber:
    """C3: the registry-wide unique, never reused number of a customer."""

    value: int = field(converter=_positive)

    def __str__(self) -> str:
        return str(self.value)


#: The longest web address.
WEBSITE_MAX_LENGTH = 2000


def _url(value: Any) -> str:
    cleaned = clean_text("customer", "website", value, WEBSITE_MAX_LENGTH)
    host = re.sub(r"^https?://", "", cleaned, flags=re.IGNORECASE).split("/")[0]
    if not cleaned or " " in cleaned or "." not in host or host.startswith("."):
        raise ValidationError("customer", "website", "is not a web address", value)
    return cleaned


@frozen
class Website:
    """A web address as the user or registry gave it (``www.nokia.com`` or ``https://...``)."""

    url: str = field(converter=_url)

    def __str__(self) -> str:
        return self.url
