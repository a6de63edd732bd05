"""Hypothesis strategies for every custreg entity and value object, valid and invalid.

Valid values are generated *independently* of custreg's own validators: VAT numbers and business
ids get correct check digits from python-stdnum's ``is_valid`` (brute-forcing the check digits),
IBANs and GLNs from stdnum's check-digit functions. A test can therefore compare what custreg
does with what the strategy knows the answer is.

Everything is generated already in normal form (stripped names, compact VAT numbers, lower-case
e-mail domains), so an entity built from a drawn value keeps it unchanged; the ``*_spellings``
strategies give the messy forms users type, paired with the normal form they must become.

Needs ``hypothesis`` (a test dependency); custreg itself never imports this module.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

import attrs
from hypothesis import assume
from hypothesis import strategies as st
from stdnum import ean, iban
from stdnum.eu import vat as eu_vat
from stdnum.no import mva as no_mva

from custreg.domain.activity import Activity, ActivityKind, FileLink, FileLinkKind, Note, Task
from custreg.domain.address import Address, AddressKind
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId, VatNumber
from custreg.domain.company import CompanyRecord, CompanyStatus, RegistryAddress
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer, CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress, EInvoiceAddresses
from custreg.domain.forecast import ProjectForecast
from custreg.domain.frozenmap import FrozenMap
from custreg.domain.ids import (
    ActivityId,
    AddressId,
    AuditEntryId,
    ContactId,
    CostEntryId,
    CustomerId,
    CustomFieldId,
    FileLinkId,
    IndustryId,
    InvoiceId,
    InvoiceStatusId,
    InvoiceTemplateId,
    MarketSegmentGroupId,
    MarketSegmentId,
    NoteId,
    OrganisationId,
    ProjectId,
    ProposalId,
    SalesStatusId,
    TaskId,
    TaskStatusId,
    UserId,
    VatRateId,
)
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission, InvoiceAccess, Principal
from custreg.domain.project import CostEntry, CostKind, Project, Proposal
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import (
    CustomFieldDefinition,
    CustomFieldType,
    CustomValue,
    Industry,
    InvoiceStatus,
    InvoiceTemplate,
    MarketSegment,
    MarketSegmentGroup,
    OrganisationSettings,
    SalesState,
    SalesStatus,
    TaskStatus,
    User,
    VatRate,
)
from custreg.domain.text import clean_text, has_visible
from custreg.domain.values import CustomerNumber, EmailAddress, Money, Website
from custreg.usecases.commands import CreateCustomer, NewAddress, NewEInvoice

T = TypeVar("T")
I = TypeVar("I", bound=UUID)  # noqa: E741

# -- primitives ----------------------------------------------------------------------------------

DIGITS = string.digits
#: Letters users really type into names, plus characters that trip up SQL LIKE and quoting.
NAME_ALPHABET = string.ascii_letters + DIGITS + "åäöÅÄÖæøÆØéüÜ &-.,'%_\\"
#: Characters that ``str.strip`` removes: a name made of them is blank (C1).
BLANK_ALPHABET = " \t\n\r\u00a0\u2003\u3000"
CURRENCIES = ("EUR", "SEK", "NOK", "DKK", "USD")
ADDRESS_COUNTRIES = ("FI", "SE", "NO", "DK", "DE", "EE", "GB", "US")
TIMEZONES = ("Europe/Helsinki", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "UTC")

#: Fixed-offset zones only: an aware datetime in them has exactly one ISO spelling.
_ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)))


def ids(kind: Callable[[UUID], I]) -> st.SearchStrategy[I]:
    """Random ids of one NewType (``ids(CustomerId)``)."""
    return st.uuids().map(kind)


def texts(max_size: int = 40, alphabet: str = NAME_ALPHABET) -> st.SearchStrategy[str]:
    """Non-blank, stripped text: a valid name for any entity."""
    return st.text(alphabet, min_size=1, max_size=max_size).map(str.strip).filter(bool)


#: Characters the text policy (``custreg.domain.text``) accepts in any text field: all of Unicode
#: but controls, lone surrogates, non-characters and bidirectional overrides.
POLICY_CHARACTERS = st.characters(
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def unicode_texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Non-blank text from nearly all of Unicode, normalised as entities store it (NFC, one
    space between words, nothing invisible at the ends) and showing at least one character."""
    return (
        st.text(POLICY_CHARACTERS, min_size=1, max_size=max_size)
        .map(lambda s: clean_text("text", "text", s, 8 * max_size))
        .filter(has_visible)
    )


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def blank_texts() -> st.SearchStrategy[str]:
    """Empty or whitespace-only text: never a valid name (C1, N1, P1)."""
    return st.text(BLANK_ALPHABET, max_size=6)


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware instants between 2000 and 2100 (entities never hold naive datetimes)."""
    return st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(_ZONES),
    )


def dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def words(max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(string.ascii_lowercase + "åäö", min_size=1, max_size=max_size)


# -- money ---------------------------------------------------------------------------------------


@st.composite
def amounts(
    draw: st.DrawFn, min_value: Decimal | int | None = None, max_value: Decimal | int | None = None
) -> Decimal:
    """Exact decimals with 0-4 places, below 10^14 in size (what Money keeps exactly).

    The exponent varies (``Decimal("1.50")`` and ``Decimal("1.5")`` both occur), so adapters are
    checked to keep amounts, not just their value.
    """
    places = draw(st.integers(0, 4))
    bound = 10 ** (14 + places) - 1
    scale = Decimal(10) ** places
    low = -bound if min_value is None else max(-bound, int(Decimal(min_value) * scale))
    high = bound if max_value is None else min(bound, int(Decimal(max_value) * scale))
    return Decimal(draw(st.integers(low, high))).scaleb(-places)


def currencies() -> st.SearchStrategy[str]:
    return st.sampled_from(CURRENCIES)


def money(
    currency: str | None = None,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or a random one)."""
    code = st.just(currency) if currency else currencies()
    return st.builds(Money, amounts(min_value, max_value), code)


# -- VAT numbers and business ids (C2) -------------------------------------------------------------

#: ISO country -> (VAT prefix, text before the digits, allowed first digits, free digits,
#: check digits to brute-force, fixed suffix). Shapes follow each country's official format.
VAT_SHAPES: dict[str, tuple[str, str, str, int, int, str]] = {
    "FI": ("FI", "", DIGITS, 6, 1, ""),
    "NO": ("NO", "", "89", 7, 1, "MVA"),
    "SE": ("SE", "", "25789", 8, 1, "01"),
    "DK": ("DK", "", "123456789", 6, 1, ""),
    "DE": ("DE", "", "123456789", 7, 1, ""),
    "EE": ("EE", "", "1", 7, 1, ""),
    "AT": ("AT", "U", DIGITS, 6, 1, ""),
    "BE": ("BE", "", "01", 7, 2, ""),
    "NL": ("NL", "", DIGITS, 7, 1, "B01"),
    "GR": ("EL", "", DIGITS, 7, 1, ""),
    "PL": ("PL", "", "123456789", 8, 1, ""),
    "CZ": ("CZ", "", "12345678", 6, 1, ""),
}
VAT_COUNTRIES = tuple(VAT_SHAPES)
BUSINESS_ID_COUNTRIES = ("FI", "NO", "SE", "DK")


def _stdnum_valid(prefix: str, national: str) -> bool:
    """python-stdnum's verdict, the independent oracle for check digits."""
    if prefix == "NO":
        return bool(no_mva.is_valid(national if national.endswith("MVA") else national + "MVA"))
    return bool(eu_vat.is_valid(prefix + national))


def _with_check_digits(country: str, body: str) -> str | None:
    """The national part of a VAT number: ``body`` plus the check digits that make it valid."""
    prefix, infix, _, _, check, suffix = VAT_SHAPES[country]
    for value in range(10**check):
        national = f"{infix}{body}{value:0{check}d}{suffix}"
        if _stdnum_valid(prefix, national):
            return national
    return None


@st.composite
def _vat_national(draw: st.DrawFn, country: str) -> str:
    _, _, first, free, _, _ = VAT_SHAPES[country]
    body = draw(st.sampled_from(first)) + draw(st.text(DIGITS, min_size=free, max_size=free))
    national = _with_check_digits(country, body)
    assume(national is not None)  # e.g. a mod-11 body whose check digit would be 10
    assert national is not None
    return national


def vat_numbers(countries: Sequence[str] = VAT_COUNTRIES) -> st.SearchStrategy[VatNumber]:
    """Valid VAT numbers in normal form (prefix + compact national part)."""
    return st.sampled_from(tuple(countries)).flatmap(
        lambda c: _vat_national(c).map(lambda n: VatNumber(VAT_SHAPES[c][0] + n))
    )


def business_id_of(vat: VatNumber) -> BusinessId | None:
    """The business id a FI/NO/SE/DK VAT number contains, in official format (independent of
    custreg's own derivation, so tests can compare the two)."""
    prefix, digits = vat.value[:2], vat.value[2:]
    if prefix == "FI":
        return BusinessId("FI", f"{digits[:7]}-{digits[7]}")
    if prefix == "NO":
        return BusinessId("NO", digits[:9])
    if prefix == "SE":
        return BusinessId("SE", f"{digits[:6]}-{digits[6:10]}")
    if prefix == "DK":
        return BusinessId("DK", digits)
    return None


def business_ids(countries: Sequence[str] = BUSINESS_ID_COUNTRIES) -> st.SearchStrategy[BusinessId]:
    """Valid national business ids (FI Y-tunnus, NO orgnr, SE orgnr, DK CVR) in official format."""
    return vat_numbers(countries).map(_business_id_of_known)


def _business_id_of_known(vat: VatNumber) -> BusinessId:
    business_id = business_id_of(vat)
    if business_id is None:
        raise ValueError(f"{vat} is not from a country with business ids")
    return business_id


@st.composite
def spellings(draw: st.DrawFn, normal: str, separators: str = " -.") -> str:
    """``normal`` as a user might type it: separators inserted, case changed, padded."""
    chars = []
    for ch in normal:
        if separators and draw(st.integers(0, 4)) == 0:
            chars.append(draw(st.sampled_from(separators)))
        chars.append(ch.lower() if draw(st.booleans()) else ch)
    padding = st.sampled_from(["", " ", "  ", "\t"])
    return draw(padding) + "".join(chars) + draw(padding)


def vat_spellings(
    countries: Sequence[str] = VAT_COUNTRIES,
) -> st.SearchStrategy[tuple[str, VatNumber]]:
    """``(typed, normal)``: a VAT number as typed, and the VatNumber it must normalise to."""
    return vat_numbers(countries).flatmap(lambda v: st.tuples(spellings(v.value), st.just(v)))


@st.composite
def business_id_spellings(
    draw: st.DrawFn, countries: Sequence[str] = BUSINESS_ID_COUNTRIES
) -> tuple[str, str, BusinessId]:
    """``(typed, country, normal)``: a business id as typed for ``country`` and its normal form."""
    normal = draw(business_ids(countries))
    digits = normal.value.replace("-", "")
    raw = draw(st.sampled_from([normal.value, digits]))
    separators = " " if normal.country == "NO" else " -"
    typed = draw(spellings(raw, separators))
    return typed, normal.country, normal


@st.composite
def invalid_vat_numbers(draw: st.DrawFn) -> str:
    """Text that is not a valid VAT number: wrong check digit, wrong length, unknown prefix,
    letters among the digits, or junk. Each is checked against python-stdnum."""
    valid = draw(vat_numbers()).value
    prefix, national = valid[:2], valid[2:]
    kind = draw(st.sampled_from(["check", "short", "long", "prefix", "letters", "junk"]))
    if kind == "check":
        position = max(i for i, ch in enumerate(national) if ch.isdigit())
        digit = draw(st.sampled_from([d for d in DIGITS if d != national[position]]))
        candidate = prefix + national[:position] + digit + national[position + 1 :]
    elif kind == "short":
        candidate = valid[:-2]
    elif kind == "long":
        candidate = valid + draw(st.text(DIGITS, min_size=1, max_size=3))
    elif kind == "prefix":
        candidate = draw(st.sampled_from(["US", "XX", "CH", "QQ"])) + national
    elif kind == "letters":
        candidate = prefix + "AB" + national[2:]
    else:
        candidate = draw(st.text(string.ascii_uppercase + DIGITS, min_size=2, max_size=14))
    compact = candidate.upper()
    assume(not _stdnum_valid(compact[:2], compact[2:]))
    assume(not _stdnum_valid("EL" if compact[:2] == "GR" else compact[:2], compact[2:]))
    return candidate


# -- emails, websites, e-invoicing ----------------------------------------------------------------

_LOCAL = string.ascii_letters + DIGITS + "_%+-"
_LABEL = string.ascii_lowercase + DIGITS


@st.composite
def _domains(draw: st.DrawFn) -> str:
    labels = draw(st.lists(st.text(_LABEL, min_size=1, max_size=10), min_size=1, max_size=3))
    tld = draw(st.text(string.ascii_lowercase, min_size=2, max_size=6).filter(_not_special))
    return ".".join([*labels, tld])


#: Special-use names (RFC 6761 and others) that no e-mail address may end in.
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def _not_special(tld: str) -> bool:
    return tld not in _SPECIAL_USE


@st.composite
def _local_parts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.text(_LOCAL, min_size=1, max_size=10), min_size=1, max_size=3))
    return ".".join(parts)


def email_addresses() -> st.SearchStrategy[EmailAddress]:
    """Valid e-mail addresses in normal form (domain lower-case)."""
    return st.builds(
        lambda local, domain: EmailAddress(f"{local}@{domain}"), _local_parts(), _domains()
    )


@st.composite
def email_spellings(draw: st.DrawFn) -> tuple[str, EmailAddress]:
    """``(typed, normal)``: padded, domain in any case."""
    local, domain = draw(_local_parts()), draw(_domains())
    typed_domain = "".join(ch.upper() if draw(st.booleans()) else ch for ch in domain)
    pad = st.sampled_from(["", " ", "\t"])
    return f"{draw(pad)}{local}@{typed_domain}{draw(pad)}", EmailAddress(f"{local}@{domain}")


@st.composite
def invalid_emails(draw: st.DrawFn) -> str:
    """Text that is not an e-mail address (no @, two @, empty or dotted-wrong local part, a
    domain without a dot, spaces inside)."""
    local, domain = draw(_local_parts()), draw(_domains())
    return draw(
        st.sampled_from(
            [
                f"{local}{domain}",
                f"{local}@@{domain}",
                f"{local}@{local}@{domain}",
                f"@{domain}",
                f".{local}@{domain}",
                f"{local}.@{domain}",
                f"{local}..x@{domain}",
                f"{local}@{domain.split('.')[0]}",
                f"{local} x@{domain}",
                f"{local}@{domain}.",
                f"{local}@-{domain}",
                "",
                " ",
            ]
        )
    )


def websites() -> st.SearchStrategy[Website]:
    scheme = st.sampled_from(["", "www.", "https://", "http://www."])
    path = st.sampled_from(["", "/", "/en", "/fi/yhteystiedot"])
    return st.builds(lambda s, d, p: Website(f"{s}{d}{p}"), scheme, _domains(), path)


@st.composite
def _ovt_codes(draw: st.DrawFn) -> str:
    national = draw(_vat_national("FI"))
    suffix = draw(st.text(string.ascii_uppercase + DIGITS, max_size=5))
    return f"0037{national}{suffix}"


@st.composite
def _ibans(draw: st.DrawFn) -> str:
    bban = draw(st.text(DIGITS, min_size=14, max_size=14))
    return f"FI{iban.calc_check_digits('FI00' + bban)}{bban}"


@st.composite
def _glns(draw: st.DrawFn) -> str:
    body = draw(
        st.text(DIGITS, min_size=12, max_size=12).filter(lambda s: not s.startswith("0037"))
    )
    return body + ean.calc_check_digit(body)


@st.composite
def _peppol_ids(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["0192", "0088", "0216", "0007"]))
    return f"{scheme}:{draw(st.text(_LABEL + '.-_', min_size=1, max_size=20))}"


def einvoice_address_texts() -> st.SearchStrategy[str]:
    """Valid e-invoicing addresses in normal form: OVT, Peppol id, IBAN or GLN (C7)."""
    return st.one_of(_ovt_codes(), _peppol_ids(), _ibans(), _glns())


def einvoice_operators() -> st.SearchStrategy[str]:
    bics = st.sampled_from(["NDEAFIHH", "OKOYFIHH", "DABAFIHX", "HANDSESS", "DNBANOKK"])
    codes = st.text(string.ascii_uppercase + DIGITS, min_size=4, max_size=35)
    return st.one_of(bics, codes, _peppol_ids().map(str.upper))  # operators are upper-cased


def einvoice_addresses() -> st.SearchStrategy[EInvoiceAddress]:
    return st.builds(EInvoiceAddress, einvoice_address_texts(), einvoice_operators())


@st.composite
def einvoice_address_lists(draw: st.DrawFn, max_size: int = 4) -> EInvoiceAddresses:
    """C7: a customer's e-invoicing addresses (none to ``max_size``), any one the default."""
    added = draw(
        st.lists(einvoice_addresses(), max_size=max_size, unique_by=lambda a: a.address.casefold())
    )
    default = draw(st.integers(0, max(len(added) - 1, 0)))
    return EInvoiceAddresses(added, default)


@st.composite
def invalid_einvoice_addresses(draw: st.DrawFn) -> str:
    """Addresses that fit no accepted format (bad OVT Y-tunnus, bad IBAN or GLN check, junk)."""
    kind = draw(st.sampled_from(["ovt", "iban", "gln", "junk", "blank"]))
    if kind == "ovt":
        national = draw(_vat_national("FI"))
        wrong = national[:7] + str((int(national[7]) + draw(st.integers(1, 9))) % 10)
        assume(not eu_vat.is_valid("FI" + wrong))
        return f"0037{wrong}"
    if kind == "iban":
        good = draw(_ibans())
        wrong = good[:2] + f"{(int(good[2:4]) + draw(st.integers(1, 90))) % 100:02d}" + good[4:]
        assume(not iban.is_valid(wrong))
        return wrong
    if kind == "gln":
        good = draw(_glns())
        wrong = good[:12] + str((int(good[12]) + draw(st.integers(1, 9))) % 10)
        return wrong
    if kind == "blank":
        return draw(blank_texts())
    return draw(st.text(string.ascii_letters + " !?#", min_size=1, max_size=20))


# -- addresses ------------------------------------------------------------------------------------


@st.composite
def _place(draw: st.DrawFn) -> tuple[tuple[str, ...], str | None, str | None]:
    lines = tuple(draw(st.lists(texts(30), max_size=4)))
    postal_code = draw(optional(st.text(DIGITS, min_size=3, max_size=6)))
    city = draw(optional(texts(20, string.ascii_letters + "åäöÅÄÖ -")))
    if not lines and postal_code is None and city is None:
        city = "Helsinki"
    return lines, postal_code, city


def address_kinds() -> st.SearchStrategy[frozenset[AddressKind]]:
    return st.frozensets(st.sampled_from(AddressKind))


@st.composite
def addresses(
    draw: st.DrawFn, customer_id: CustomerId | None = None, ordinal: int | None = None
) -> Address:
    lines, postal_code, city = draw(_place())
    return Address(
        id=draw(ids(AddressId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        country=draw(st.sampled_from(ADDRESS_COUNTRIES)),
        lines=lines,
        postal_code=postal_code,
        city=city,
        kinds=draw(address_kinds()),
        ordinal=ordinal if ordinal is not None else draw(st.integers(0, 1000)),
    )


@st.composite
def new_addresses(draw: st.DrawFn) -> NewAddress:
    """An address as a user types it into a form (valid)."""
    lines, postal_code, city = draw(_place())
    kinds: frozenset[Any] = draw(address_kinds())
    return NewAddress(
        country=draw(st.sampled_from(ADDRESS_COUNTRIES)),
        lines=lines,
        postal_code=postal_code,
        city=city,
        kinds=kinds,
    )


# -- settings -------------------------------------------------------------------------------------


def _unique_by_id(
    items: st.SearchStrategy[T], min_size: int, max_size: int
) -> st.SearchStrategy[tuple[T, ...]]:
    unique = st.lists(items, min_size=min_size, max_size=max_size, unique_by=_id_of)
    return unique.map(tuple)


def _id_of(item: Any) -> UUID:
    return item.id  # type: ignore[no-any-return]


def users() -> st.SearchStrategy[User]:
    return st.builds(User, ids(UserId), texts(), optional(email_addresses()), st.booleans())


def vat_rates() -> st.SearchStrategy[VatRate]:
    rate = st.decimals(min_value=0, max_value=100, places=2)
    return st.builds(VatRate, ids(VatRateId), texts(), rate, st.booleans())


@st.composite
def custom_field_definitions(draw: st.DrawFn) -> CustomFieldDefinition:
    kind = draw(st.sampled_from(CustomFieldType))
    choices: tuple[str, ...] = ()
    if kind is CustomFieldType.CHOICE:
        choices = tuple(draw(st.lists(texts(15), min_size=1, max_size=4, unique=True)))
    return CustomFieldDefinition(
        id=draw(ids(CustomFieldId)),
        name=draw(texts(20)),
        type=kind,
        choices=choices,
        required=draw(st.booleans()),
        active=draw(st.booleans()),
    )


def _active_first(items: tuple[T, ...]) -> tuple[T, ...]:
    """Make the first item active, so every catalogue has something usable."""
    if not items:
        return items
    return (attrs.evolve(items[0], active=True), *items[1:])  # type: ignore[misc]


@st.composite
def organisation_settings(
    draw: st.DrawFn, organisation_id: OrganisationId | None = None, min_each: int = 1
) -> OrganisationSettings:
    """Settings with users, industries, templates, VAT rates, segments, statuses and custom fields.

    With ``min_each`` >= 1 every catalogue holds at least that many entries and its first one is
    active; sales statuses then include one of each state, task statuses one done column.
    """
    size = {"min_size": min_each, "max_size": min_each + 3}
    groups = draw(
        _unique_by_id(st.builds(MarketSegmentGroup, ids(MarketSegmentGroupId), texts()), 0, 2)
    )
    group_ids = st.sampled_from([g.id for g in groups]) if groups else st.nothing()
    segments = _unique_by_id(
        st.builds(MarketSegment, ids(MarketSegmentId), texts(), optional(group_ids), st.booleans()),
        **size,
    )
    invoice_statuses = st.builds(
        InvoiceStatus,
        ids(InvoiceStatusId),
        texts(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    )
    sales = list(
        draw(
            _unique_by_id(
                st.builds(
                    SalesStatus,
                    ids(SalesStatusId),
                    texts(),
                    st.sampled_from(SalesState),
                    st.integers(0, 100),
                    st.booleans(),
                ),
                **size,
            )
        )
    )
    if min_each:
        present = {s.state for s in sales}
        for state in SalesState:
            if state not in present:
                sales.append(SalesStatus(draw(ids(SalesStatusId)), state.value, state, 50))
    tasks = list(
        draw(
            _unique_by_id(
                st.builds(
                    TaskStatus,
                    ids(TaskStatusId),
                    texts(),
                    st.booleans(),
                    st.integers(0, 20),
                    st.booleans(),
                ),
                **size,
            )
        )
    )
    if min_each and not any(t.is_done for t in tasks):
        tasks.append(TaskStatus(draw(ids(TaskStatusId)), "Done", is_done=True, order=99))
    return OrganisationSettings(
        organisation_id=organisation_id or draw(ids(OrganisationId)),
        name=draw(texts()),
        currency=draw(currencies()),
        timezone=draw(st.sampled_from(TIMEZONES)),
        users=_active_first(draw(_unique_by_id(users(), **size))),
        industries=_active_first(
            draw(
                _unique_by_id(st.builds(Industry, ids(IndustryId), texts(), st.booleans()), **size)
            )
        ),
        invoice_templates=_active_first(
            draw(
                _unique_by_id(
                    st.builds(
                        InvoiceTemplate,
                        ids(InvoiceTemplateId),
                        texts(),
                        optional(st.sampled_from(["fi", "sv", "en", "no", "da"])),
                        st.booleans(),
                    ),
                    **size,
                )
            )
        ),
        vat_rates=_active_first(draw(_unique_by_id(vat_rates(), **size))),
        market_segment_groups=groups,
        market_segments=_active_first(draw(segments)),
        invoice_statuses=_active_first(draw(_unique_by_id(invoice_statuses, **size))),
        sales_statuses=tuple(sales),
        task_statuses=tuple(tasks),
        custom_fields=draw(_unique_by_id(custom_field_definitions(), 0, 3)),
    )


def _fixed(kind: Callable[[UUID], I], name: str) -> I:
    return kind(uuid5(NAMESPACE_URL, f"custreg:sample:{name}"))


def sample_settings(organisation_id: OrganisationId | None = None) -> OrganisationSettings:
    """Fixed, realistic settings with stable ids: active and disabled entries in every catalogue,
    invoice statuses with and without the Sent flag, one sales status per state, a done column."""
    org = organisation_id or _fixed(OrganisationId, "organisation")
    group = MarketSegmentGroup(_fixed(MarketSegmentGroupId, "group"), "Size")
    return OrganisationSettings(
        organisation_id=org,
        name="Sample Oy",
        users=(
            User(_fixed(UserId, "anna"), "Anna Admin", EmailAddress("anna@example.fi")),
            User(_fixed(UserId, "bert"), "Bert Seller"),
            User(_fixed(UserId, "gone"), "Gone User", active=False),
        ),
        industries=(
            Industry(_fixed(IndustryId, "software"), "Software"),
            Industry(_fixed(IndustryId, "retail"), "Retail"),
            Industry(_fixed(IndustryId, "mining"), "Mining", active=False),
        ),
        invoice_templates=(
            InvoiceTemplate(_fixed(InvoiceTemplateId, "fi"), "Finnish", "fi"),
            InvoiceTemplate(_fixed(InvoiceTemplateId, "en"), "English", "en"),
            InvoiceTemplate(_fixed(InvoiceTemplateId, "old"), "Old", active=False),
        ),
        vat_rates=(
            VatRate(_fixed(VatRateId, "general"), "General 25.5 %", Decimal("25.5")),
            VatRate(_fixed(VatRateId, "food"), "Food 14 %", Decimal("14")),
            VatRate(_fixed(VatRateId, "old"), "Old 24 %", Decimal("24"), active=False),
        ),
        market_segment_groups=(group,),
        market_segments=(
            MarketSegment(_fixed(MarketSegmentId, "small"), "Small", group.id),
            MarketSegment(_fixed(MarketSegmentId, "large"), "Large", group.id),
            MarketSegment(_fixed(MarketSegmentId, "public"), "Public sector"),
            MarketSegment(_fixed(MarketSegmentId, "old"), "Old", active=False),
        ),
        invoice_statuses=(
            InvoiceStatus(_fixed(InvoiceStatusId, "draft"), "Draft"),
            InvoiceStatus(_fixed(InvoiceStatusId, "sent"), "Sent", is_sent=True, has_number=True),
            InvoiceStatus(
                _fixed(InvoiceStatusId, "paid"),
                "Paid",
                is_sent=True,
                is_paid=True,
                has_number=True,
                is_read_only=True,
            ),
        ),
        sales_statuses=(
            SalesStatus(_fixed(SalesStatusId, "lead"), "Lead", SalesState.IN_PROGRESS, 10),
            SalesStatus(_fixed(SalesStatusId, "won"), "Won", SalesState.WON, 100),
            SalesStatus(_fixed(SalesStatusId, "lost"), "Lost", SalesState.LOST, 0),
        ),
        task_statuses=(
            TaskStatus(_fixed(TaskStatusId, "todo"), "To do", order=1),
            TaskStatus(_fixed(TaskStatusId, "doing"), "Doing", order=2),
            TaskStatus(_fixed(TaskStatusId, "done"), "Done", is_done=True, order=3),
        ),
        custom_fields=(
            CustomFieldDefinition(_fixed(CustomFieldId, "note"), "Note", CustomFieldType.TEXT),
            CustomFieldDefinition(_fixed(CustomFieldId, "staff"), "Staff", CustomFieldType.NUMBER),
            CustomFieldDefinition(
                _fixed(CustomFieldId, "tier"), "Tier", CustomFieldType.CHOICE, ("A", "B", "C")
            ),
        ),
    )


def settings_factory(
    settings: OrganisationSettings,
) -> Callable[[OrganisationId], OrganisationSettings]:
    """``settings`` re-addressed to whatever organisation a registry factory creates."""
    return lambda organisation_id: attrs.evolve(settings, organisation_id=organisation_id)


def active(items: Sequence[T]) -> list[T]:
    """The active entries of a settings catalogue."""
    return [item for item in items if item.active]  # type: ignore[attr-defined]


def principals(
    min_level: CustomerPermission = CustomerPermission.NONE,
    max_level: CustomerPermission = CustomerPermission.ALL,
    user_id: UserId | None = None,
) -> st.SearchStrategy[Principal]:
    """Principals with a Customers permission between ``min_level`` and ``max_level`` (U1)."""
    levels = [p for p in CustomerPermission if min_level <= p <= max_level]
    return st.builds(
        Principal,
        st.just(user_id) if user_id is not None else ids(UserId),
        st.sampled_from(levels),
        st.booleans(),
        st.sampled_from(InvoiceAccess),
    )


# -- customers ------------------------------------------------------------------------------------


def custom_values(
    kind: CustomFieldType | None = None, choices: Sequence[str] = ()
) -> st.SearchStrategy[CustomValue]:
    """A value of a custom field of type ``kind`` (any type if None)."""
    strategies: dict[CustomFieldType, st.SearchStrategy[Any]] = {
        CustomFieldType.TEXT: texts(30),
        CustomFieldType.NUMBER: amounts(),
        CustomFieldType.DATE: dates(),
        CustomFieldType.BOOLEAN: st.booleans(),
        CustomFieldType.CHOICE: st.sampled_from(tuple(choices)) if choices else texts(15),
    }
    if kind is None:
        return st.one_of(*strategies.values())
    return strategies[kind]


@st.composite
def _custom_field_values(
    draw: st.DrawFn, settings: OrganisationSettings | None
) -> FrozenMap[CustomFieldId, CustomValue]:
    if settings is None:
        values = draw(st.dictionaries(ids(CustomFieldId), custom_values(), max_size=3))
        return FrozenMap(values)
    chosen = (
        draw(st.lists(st.sampled_from(settings.custom_fields), unique_by=lambda d: d.id))
        if settings.custom_fields
        else []
    )
    return FrozenMap({d.id: draw(custom_values(d.type, d.choices)) for d in chosen})


def _reference(
    settings: OrganisationSettings | None,
    items: Callable[[OrganisationSettings], Sequence[Any]],
    kind: Callable[[UUID], Any],
) -> st.SearchStrategy[Any]:
    """An id of an active catalogue entry (or None), or a random id without settings."""
    if settings is None:
        return optional(ids(kind))
    usable = [item.id for item in active(items(settings))]
    return st.none() | st.sampled_from(usable) if usable else st.none()


@st.composite
def customers(
    draw: st.DrawFn,
    settings: OrganisationSettings | None = None,
    *,
    status: CustomerStatus | None = None,
    number: CustomerNumber | None = None,
) -> Customer:
    """A valid customer. With ``settings``, its references (owner, industry, template, VAT rate,
    segments, custom fields) point at active entries there; otherwise they are random ids."""
    vat = draw(optional(vat_numbers()))
    segments = (
        draw(st.frozensets(st.sampled_from([s.id for s in active(settings.market_segments)])))
        if settings is not None and active(settings.market_segments)
        else (
            draw(st.frozensets(ids(MarketSegmentId), max_size=3))
            if settings is None
            else frozenset()
        )
    )
    return Customer(
        id=draw(ids(CustomerId)),
        number=number or CustomerNumber(draw(st.integers(1, 10**9))),
        name=draw(texts()),
        created_at=draw(aware_datetimes()),
        created_by=draw(optional(ids(UserId))),
        updated_at=draw(optional(aware_datetimes())),
        updated_by=draw(optional(ids(UserId))),
        status=status or draw(st.sampled_from(CustomerStatus)),
        vat_number=vat,
        business_id=business_id_of(vat) if vat is not None else None,
        website=draw(optional(websites())),
        email=draw(optional(email_addresses())),
        owner_id=draw(_reference(settings, lambda s: s.users, UserId)),
        industry_id=draw(_reference(settings, lambda s: s.industries, IndustryId)),
        market_segment_ids=segments,
        invoice_template_id=draw(
            _reference(settings, lambda s: s.invoice_templates, InvoiceTemplateId)
        ),
        default_vat_rate_id=draw(_reference(settings, lambda s: s.vat_rates, VatRateId)),
        payment_term_days=draw(optional(st.integers(0, 365))),
        einvoice_addresses=draw(einvoice_address_lists()),
        headquarters_address_id=draw(optional(ids(AddressId))),
        custom_fields=draw(_custom_field_values(settings)),
        is_internal=draw(st.booleans()),
        version=draw(st.integers(1, 5)),
    )


@st.composite
def create_customer_commands(
    draw: st.DrawFn, settings: OrganisationSettings | None = None, *, with_vat: bool | None = None
) -> CreateCustomer:
    """A valid "Add new > Customer" form, typed the way users type (messy spellings).

    ``with_vat``: True always gives a VAT number, False never, None either.
    """
    vat_text: str | None = None
    if with_vat or (with_vat is None and draw(st.booleans())):
        vat_text, _ = draw(vat_spellings())
    einvoices = draw(einvoice_address_lists(max_size=2))
    email = draw(optional(email_spellings()))
    return CreateCustomer(
        name=draw(texts()),
        vat_number=vat_text,
        address=draw(optional(new_addresses())),
        einvoice_addresses=tuple(NewEInvoice(e.address, e.operator) for e in einvoices),
        email=email[0] if email is not None else None,
        website=draw(optional(websites().map(str))),
        owner_id=draw(_reference(settings, lambda s: s.users, UserId)) if settings else None,
        industry_id=draw(_reference(settings, lambda s: s.industries, IndustryId))
        if settings
        else None,
        is_internal=draw(st.booleans()),
    )


@st.composite
def customer_queries(draw: st.DrawFn, population: Sequence[Customer] = ()) -> CustomerQuery:
    """Queries whose criteria are mostly taken from ``population`` so they select something:
    name fragments (any case), numbers, VAT numbers and business ids as typed, owners, segments."""
    known = list(population)

    def pick(values: list[Any]) -> st.SearchStrategy[Any]:
        return st.sampled_from(values) if values else st.nothing()

    fragments: list[st.SearchStrategy[str]] = [texts(5), st.text(POLICY_CHARACTERS, max_size=6)]
    if known:
        customer = draw(st.sampled_from(known))
        name = customer.name
        start = draw(st.integers(0, len(name) - 1))
        end = draw(st.integers(start + 1, len(name)))
        fragments.append(st.just(name[start:end]))
        fragments.append(st.just(name[start:end].upper()))
        fragments.append(st.just(str(customer.number)))
        if customer.vat_number is not None:
            fragments.append(spellings(customer.vat_number.value))
        if customer.business_id is not None:
            fragments.append(st.just(customer.business_id.value))
    owners = [c.owner_id for c in known if c.owner_id is not None]
    industries = [c.industry_id for c in known if c.industry_id is not None]
    segments = sorted({s for c in known for s in c.market_segment_ids})
    return CustomerQuery(
        text=draw(optional(st.one_of(*fragments))),
        status=draw(optional(st.sampled_from(CustomerStatus))),
        owner_id=draw(optional(pick(owners) | ids(UserId))),
        industry_id=draw(optional(pick(industries) | ids(IndustryId))),
        market_segment_id=draw(optional(pick(segments) | ids(MarketSegmentId))),
        ids=draw(
            optional(st.frozensets(pick([c.id for c in known]) | ids(CustomerId), max_size=4))
        ),
    )


# -- contacts, projects, invoices ------------------------------------------------------------------


def phones() -> st.SearchStrategy[str]:
    return st.text(DIGITS + " +-", min_size=1, max_size=16).map(str.strip).filter(bool)


@st.composite
def contacts(
    draw: st.DrawFn,
    customer_id: CustomerId | None = None,
    address_id: AddressId | None = None,
) -> Contact:
    """A contact person (P1); ``deleted_at`` set now and then (P3)."""
    return Contact(
        id=draw(ids(ContactId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        first_name=draw(texts(30)),
        last_name=draw(texts(30)),
        title=draw(optional(texts(30))),
        emails=tuple(draw(st.lists(email_addresses(), max_size=3))),
        phones=tuple(draw(st.lists(phones(), max_size=3))),
        roles=draw(st.frozensets(words(), max_size=3)),
        keywords=draw(st.frozensets(words(), max_size=4)),
        address_id=address_id,
        active=draw(st.booleans()),
        deleted_at=draw(optional(aware_datetimes())) if draw(st.integers(0, 4)) == 0 else None,
    )


@st.composite
def projects(
    draw: st.DrawFn,
    customer_id: CustomerId | None = None,
    settings: OrganisationSettings | None = None,
    number: int | None = None,
) -> Project:
    """A project or sales case (sales status from ``settings`` when given)."""
    status_ids = [s.id for s in settings.sales_statuses] if settings else []
    return Project(
        id=draw(ids(ProjectId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        number=number if number is not None else draw(st.integers(1, 10**6)),
        name=draw(texts()),
        owner_id=draw(optional(ids(UserId))),
        is_internal=draw(st.booleans()),
        is_closed=draw(st.booleans()),
        sales_status_id=draw(
            optional(st.sampled_from(status_ids) if status_ids else ids(SalesStatusId))
        ),
        probability=draw(st.integers(0, 100)),
        expected_value=draw(optional(money(settings.currency if settings else None))),
        version=draw(st.integers(1, 5)),
    )


def proposals(project_id: ProjectId | None = None) -> st.SearchStrategy[Proposal]:
    return st.builds(
        Proposal,
        ids(ProposalId),
        st.just(project_id) if project_id is not None else ids(ProjectId),
        texts(),
        dates(),
    )


def cost_entries(
    project_id: ProjectId | None = None, currency: str | None = None
) -> st.SearchStrategy[CostEntry]:
    return st.builds(
        CostEntry,
        ids(CostEntryId),
        st.just(project_id) if project_id is not None else ids(ProjectId),
        st.sampled_from(CostKind),
        dates(),
        money(currency, min_value=0),
    )


@st.composite
def invoices(
    draw: st.DrawFn,
    customer_id: CustomerId | None = None,
    settings: OrganisationSettings | None = None,
    project_ids: Sequence[ProjectId] = (),
    credit_note: bool | None = None,
) -> Invoice:
    """An invoice, or a credit note (totals <= 0); status from ``settings`` when given."""
    is_credit = draw(st.booleans()) if credit_note is None else credit_note
    currency = settings.currency if settings else draw(currencies())
    excl = draw(amounts(min_value=0, max_value=10**9))
    vat = draw(amounts(min_value=0, max_value=10**8))
    sign = -1 if is_credit else 1
    statuses = [s.id for s in settings.invoice_statuses] if settings else []
    return Invoice(
        id=draw(ids(InvoiceId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        status_id=draw(st.sampled_from(statuses) if statuses else ids(InvoiceStatusId)),
        on=draw(dates()),
        total_excl_vat=Money(sign * excl, currency),
        total_incl_vat=Money(sign * (excl + vat), currency),
        number=draw(optional(st.integers(1, 10**9))),
        project_ids=draw(
            st.frozensets(st.sampled_from(list(project_ids)))
            if project_ids
            else st.just(frozenset())
        ),
        is_credit_note=is_credit,
        owner_id=draw(optional(ids(UserId))),
    )


# -- activities, notes, tasks, files, audit --------------------------------------------------------


@st.composite
def activities(
    draw: st.DrawFn, customer_id: CustomerId | None = None, project_id: ProjectId | None = None
) -> Activity:
    starts = draw(optional(aware_datetimes()))
    ends = (
        draw(optional(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))))
        if starts
        else None
    )
    contact_ids: Any = draw(st.frozensets(ids(ContactId), max_size=3))
    return Activity(
        id=draw(ids(ActivityId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        kind=draw(st.sampled_from(ActivityKind)),
        title=draw(texts()),
        owner_id=draw(optional(ids(UserId))),
        project_id=project_id,
        starts_at=starts,
        ends_at=starts + ends if starts is not None and ends is not None else None,
        done=draw(st.booleans()),
        contact_ids=contact_ids,
        description=draw(optional(texts(100))),
    )


def notes(
    customer_id: CustomerId | None = None, project_id: ProjectId | None = None
) -> st.SearchStrategy[Note]:
    return st.builds(
        Note,
        id=ids(NoteId),
        customer_id=st.just(customer_id) if customer_id is not None else ids(CustomerId),
        text=texts(200),
        created_at=aware_datetimes(),
        created_by=optional(ids(UserId)),
        project_id=st.just(project_id),
    )


def tasks(
    project_id: ProjectId | None = None, settings: OrganisationSettings | None = None
) -> st.SearchStrategy[Task]:
    statuses = [s.id for s in settings.task_statuses] if settings else []
    return st.builds(
        Task,
        id=ids(TaskId),
        project_id=st.just(project_id) if project_id is not None else ids(ProjectId),
        name=texts(),
        status_id=st.sampled_from(statuses) if statuses else ids(TaskStatusId),
        assignee_ids=st.frozensets(ids(UserId), max_size=3),
    )


def file_names() -> st.SearchStrategy[str]:
    stem = st.text(string.ascii_letters + DIGITS + " _-åäö", min_size=1, max_size=20)
    extension = st.sampled_from(["pdf", "docx", "xlsx", "txt", "png"])
    return (
        st.builds(lambda s, e: f"{s}.{e}", stem, extension)
        .map(str.strip)
        .filter(lambda name: bool(name) and not name.startswith("."))
    )


@st.composite
def file_links(
    draw: st.DrawFn, customer_id: CustomerId | None = None, project_id: ProjectId | None = None
) -> FileLink:
    kind = draw(st.sampled_from(FileLinkKind))
    is_file = kind is FileLinkKind.FILE
    return FileLink(
        id=draw(ids(FileLinkId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        kind=kind,
        name=draw(file_names()),
        created_at=draw(aware_datetimes()),
        created_by=draw(optional(ids(UserId))),
        project_id=project_id,
        url=None if is_file else draw(websites()).url,
        blob_key=draw(st.uuids().map(str)) if is_file else None,
        size=draw(st.integers(0, 10**10)) if is_file else None,
        media_type=draw(st.sampled_from(["application/pdf", "text/plain"])) if is_file else None,
    )


def json_values() -> st.SearchStrategy[Any]:
    """JSON-native values, like the renderings stored in audit entries."""
    scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def audit_entries(
    entity_id: UUID | None = None, batch_id: UUID | None = None
) -> st.SearchStrategy[AuditEntry]:
    return st.builds(
        AuditEntry,
        id=ids(AuditEntryId),
        at=aware_datetimes(),
        actor=optional(ids(UserId)),
        action=st.sampled_from(["create", "update", "inactivate", "mass_update"]),
        entity=st.sampled_from(["customer", "contact", "project"]),
        entity_id=st.just(entity_id) if entity_id is not None else st.uuids(),
        field=st.sampled_from(["*", "name", "status", "owner_id"]),
        before=json_values(),
        after=json_values(),
        batch_id=st.just(batch_id) if batch_id is not None else optional(st.uuids()),
    )


# -- public registries ----------------------------------------------------------------------------


def registry_addresses() -> st.SearchStrategy[RegistryAddress]:
    return st.builds(
        RegistryAddress,
        st.sampled_from(ADDRESS_COUNTRIES),
        st.lists(texts(30), max_size=3).map(tuple),
        optional(st.text(DIGITS, min_size=5, max_size=5)),
        optional(texts(20)),
        optional(st.text(DIGITS, min_size=1, max_size=4)),
        optional(texts(30)),
    )


@st.composite
def company_records(draw: st.DrawFn) -> CompanyRecord:
    vat = draw(vat_numbers(BUSINESS_ID_COUNTRIES))
    business_id = business_id_of(vat)
    assert business_id is not None
    registered = draw(optional(dates()))
    former_names: Any = tuple(draw(st.lists(texts(), max_size=2)))
    parallel_names: Any = tuple(draw(st.lists(texts(), max_size=2)))
    parent = draw(optional(business_ids([business_id.country])))
    return CompanyRecord(
        registry=draw(st.sampled_from(["ytj", "brreg", "bolagsverket", "cvr"])),
        business_id=business_id,
        name=draw(texts()),
        status=draw(st.sampled_from(CompanyStatus)),
        vat_number=vat if draw(st.booleans()) else None,
        visiting_address=draw(optional(registry_addresses())),
        postal_address=draw(optional(registry_addresses())),
        website=draw(optional(websites().map(str))),
        email=draw(optional(email_addresses().map(str))),
        industry_code=draw(optional(st.text(DIGITS, min_size=5, max_size=5))),
        industry_name=draw(optional(texts())),
        company_form=draw(optional(st.sampled_from(["OY", "OYJ", "AS", "AB", "ApS"]))),
        registered_on=registered,
        ended_on=draw(optional(dates())),
        former_names=former_names,
        conditions=draw(st.frozensets(st.sampled_from(CompanyStatus))),
        company_form_name=draw(optional(texts())),
        parallel_names=parallel_names,
        parent_business_id=parent,
        last_modified=draw(optional(aware_datetimes())),
        einvoice_addresses=draw(einvoice_address_lists(max_size=2)).added,
    )


@st.composite
def project_forecasts(draw: st.DrawFn, project_id: ProjectId | None = None) -> ProjectForecast:
    """Expected billing and costs of a project in a month (any day of it is drawn)."""
    currency = draw(currencies())
    return ProjectForecast(
        project_id=project_id if project_id is not None else draw(ids(ProjectId)),
        month=draw(dates()),
        billing=draw(money(currency, min_value=0)),
        costs=draw(money(currency, min_value=0)),
    )


# -- every entity, for round-trip properties -------------------------------------------------------


def entity_strategies() -> dict[str, st.SearchStrategy[Any]]:
    """One strategy per entity, value object and settings type, by type name."""
    return {
        "Customer": customers(),
        "Address": addresses(),
        "Contact": contacts(),
        "Project": projects(),
        "Proposal": proposals(),
        "CostEntry": cost_entries(),
        "Invoice": invoices(),
        "Activity": activities(),
        "Note": notes(),
        "Task": tasks(),
        "FileLink": file_links(),
        "AuditEntry": audit_entries(),
        "OrganisationSettings": organisation_settings(min_each=0),
        "Principal": principals(),
        "CompanyRecord": company_records(),
        "ProjectForecast": project_forecasts(),
        "CustomerQuery": customer_queries(),
        "Money": money(),
        "VatNumber": vat_numbers(),
        "BusinessId": business_ids(),
        "EmailAddress": email_addresses(),
        "Website": websites(),
        "EInvoiceAddress": einvoice_addresses(),
        "EInvoiceAddresses": einvoice_address_lists(),
    }


def entities() -> st.SearchStrategy[object]:
    """One instance of any entity, value object or settings type (for round-trip tests)."""
    return st.one_of(*entity_strategies().values())


__all__ = [
    "ADDRESS_COUNTRIES",
    "BLANK_ALPHABET",
    "BUSINESS_ID_COUNTRIES",
    "NAME_ALPHABET",
    "VAT_COUNTRIES",
    "VAT_SHAPES",
    "active",
    "activities",
    "address_kinds",
    "addresses",
    "amounts",
    "audit_entries",
    "aware_datetimes",
    "blank_texts",
    "business_id_of",
    "business_id_spellings",
    "business_ids",
    "company_records",
    "contacts",
    "cost_entries",
    "create_customer_commands",
    "currencies",
    "custom_field_definitions",
    "custom_values",
    "customer_queries",
    "customers",
    "dates",
    "einvoice_address_lists",
    "einvoice_address_texts",
    "einvoice_addresses",
    "einvoice_operators",
    "email_addresses",
    "email_spellings",
    "entities",
    "entity_strategies",
    "file_links",
    "file_names",
    "ids",
    "invalid_einvoice_addresses",
    "invalid_emails",
    "invalid_vat_numbers",
    "invoices",
    "json_values",
    "money",
    "new_addresses",
    "notes",
    "optional",
    "organisation_settings",
    "phones",
    "principals",
    "project_forecasts",
    "projects",
    "proposals",
    "registry_addresses",
    "sample_settings",
    "settings_factory",
    "spellings",
    "tasks",
    "texts",
    "users",
    "vat_numbers",
    "vat_rates",
    "vat_spellings",
    "websites",
    "words",
]
