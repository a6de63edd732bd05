"""Likely duplicate customers (D1, D2): name normalisation across Nordic and EU legal forms, the
blocking that keeps detection far from comparing every pair, and the result values.

Pure: the string similarity itself comes through the ``NameSimilarity`` port (an adapter wraps
rapidfuzz), so this module only decides *which* names to compare and how to report matches.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from decimal import Decimal
from uuid import UUID

from attrs import frozen

from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ValidationError
from custreg.domain.ids import ActivityId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import NoteId
from custreg.domain.ids import ProjectId
from custreg.domain.moves import MoveBlocker
from custreg.domain.moves import describe

#: Legal forms by country, as people write them. Nordic first; then the common EU (and UK/US)
#: forms. Entries are split on spaces; an entry with dots or slashes is one form ("a/s").
LEGAL_FORMS_BY_COUNTRY: dict[str, str] = {
    "FI": "oy oyj ab abp ky ay tmi osk osuuskunta ry osakeyhtiö",
    "SE": "ab abp hb kb ek aktiebolag aktiebolaget handelsbolag kommanditbolag",
    "NO": "as asa ans da nuf ba ks sa",
    "DK": "a/s aps i/s k/s p/s ivs amba fmba smba",
    "DE AT CH LI": "gmbh ag kg ohg ug e.v. kgaa mbh",
    "EU": "se sce",
    "UK IE US": "ltd limited plc llp lp llc inc incorporated corp corporation co company",
    "NL BE": "bv b.v. nv n.v. vof cv bvba sprl",
    "FR LU BE": "sa s.a. sas sasu sarl eurl sca snc scs",
    "IT ES PT": "srl s.r.l. spa s.p.a. sapa sl slu sll lda",
    "CZ SK": "s.r.o. a.s. v.o.s. k.s.",
    "EE LV LT": "oü as tü uü sia uab",
    "PL": "sp.z.o.o. s.a. spzoo",
    "HU": "kft zrt nyrt bt kkt",
    "HR SI BG": "d.o.o. d.d. ood ead ad",
}

#: Multi-word spellings of legal forms (after ``_words``), removed as a whole.
_MULTI_WORD_FORMS: tuple[tuple[str, ...], ...] = (
    ("sp", "z", "oo"),
    ("gmbh", "co", "kg"),
    ("co", "kg"),
    ("public", "limited", "company"),
    ("limited", "liability", "company"),
    ("besloten", "vennootschap"),
    ("naamloze", "vennootschap"),
    ("societe", "anonyme"),
)

# Letters NFKD does not decompose into a base letter plus marks.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
_SEPARATORS = re.compile(r"[^\w]+")
_JOINERS = re.compile(r"(?<=\w)[./](?=\w)")


def _fold(text: str) -> str:
    """Case-fold and strip accents (Å -> a, Ö -> o, ß -> ss, Ø -> o)."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_LETTERS)


def _words(name: str) -> list[str]:
    """Folded words; dots and slashes inside abbreviations join them (``A/S`` -> ``as``,
    ``S.r.o.`` -> ``sro``, ``Sp. z o.o.`` -> ``sp z oo``)."""
    text = _fold(name).replace("&", " ")
    text = _JOINERS.sub("", text)
    return [w for w in _SEPARATORS.split(text) if w]


def _legal_forms() -> frozenset[str]:
    words: set[str] = set()
    for forms in LEGAL_FORMS_BY_COUNTRY.values():
        for form in forms.split():
            words.update(_words(form))
    return frozenset(words)


#: Every single-word legal form, in the folded spelling ``_words`` gives ("a/s" -> "as").
LEGAL_FORMS = _legal_forms()


def _strip_forms(words: list[str]) -> list[str]:
    """Drop legal forms at the start and the end (never the whole name)."""
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in _MULTI_WORD_FORMS:
            n = len(form)
            if len(words) > n and tuple(words[-n:]) == form:
                words, changed = words[:-n], True
            elif len(words) > n and tuple(words[:n]) == form:
                words, changed = words[n:], True
        if len(words) > 1 and words[-1] in LEGAL_FORMS:
            words, changed = words[:-1], True
        if len(words) > 1 and words[0] in LEGAL_FORMS:
            words, changed = words[1:], True
    return words


def normalise_name(name: str) -> str:
    """The comparable form of a company name: case and accents folded, punctuation dropped,
    legal forms removed at either end, words sorted ("Oy Esimerkki Ab" and "Esimerkki Oy" are
    both "esimerkki"; "Consulting Nordic AS" and "Nordic Consulting A/S" agree too)."""
    return " ".join(sorted(_strip_forms(_words(name))))


def tax_key(value: str | None) -> str | None:
    """A VAT number or business id compared without spaces, dashes, dots and case."""
    if value is None:
        return None
    key = "".join(ch for ch in value.upper() if ch.isalnum())
    return key or None


@frozen
class CustomerIdentity:
    """What duplicate detection looks at: who the customer is, not the rest of the card.

    ``business_id`` carries its country (``FI:0112038-9``) so equal national numbers of
    different countries never match.
    """

    id: CustomerId
    number: int
    name: str
    vat_number: str | None = None
    business_id: str | None = None
    status: CustomerStatus = CustomerStatus.ACTIVE


class DuplicateReason(enum.Enum):
    """Why two customers look like one."""

    SAME_VAT_NUMBER = "same_vat_number"
    SAME_BUSINESS_ID = "same_business_id"
    SAME_NAME = "same_name"
    SIMILAR_NAME = "similar_name"


@frozen
class DuplicatePair:
    """Two customers that are likely the same company: ``first`` has the lower number.

    ``score`` is 1.0 for equal VAT numbers, business ids or normalised names, else the name
    similarity in [0, 1].
    """

    first: CustomerIdentity
    second: CustomerIdentity
    reasons: tuple[DuplicateReason, ...]
    score: float


def _check_settings(threshold: float, window: int) -> None:
    # a number type first: a str compared with 0 raises TypeError, a Decimal NaN InvalidOperation
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float | Decimal)
        or (isinstance(threshold, Decimal) and not threshold.is_finite())
        or not 0 < threshold <= 1  # a float NaN compares False
    ):
        raise ValidationError("duplicates", "threshold", "must be in (0, 1]", threshold)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 1000:
        raise ValidationError("duplicates", "window", "must be an integer 1-1000", window)


def _pair_key(a: CustomerIdentity, b: CustomerIdentity) -> tuple[CustomerId, CustomerId]:
    return (a.id, b.id) if (a.number, a.id) < (b.number, b.id) else (b.id, a.id)


class PairCollector:
    """Accumulates reasons and best score per unordered pair of customers."""

    def __init__(self) -> None:
        self._found: dict[tuple[CustomerId, CustomerId], tuple[set[DuplicateReason], float]] = {}
        self._people: dict[CustomerId, CustomerIdentity] = {}

    def add(
        self, a: CustomerIdentity, b: CustomerIdentity, reason: DuplicateReason, score: float
    ) -> None:
        if a.id == b.id:
            return
        key = _pair_key(a, b)
        self._people[a.id], self._people[b.id] = a, b
        reasons, best = self._found.get(key, (set(), 0.0))
        reasons.add(reason)
        self._found[key] = (reasons, max(best, score))

    def pairs(self) -> list[DuplicatePair]:
        """Best score first, then by the customers' numbers."""
        order = list(DuplicateReason)
        result = [
            DuplicatePair(
                self._people[a],
                self._people[b],
                tuple(sorted(reasons, key=order.index)),
                round(score, 4),
            )
            for (a, b), (reasons, score) in self._found.items()
        ]
        result.sort(key=lambda p: (-p.score, p.first.number, p.second.number))
        return result


def groups_by_key(
    customers: Iterable[CustomerIdentity], key: str
) -> Iterator[list[CustomerIdentity]]:
    """Customers sharing a non-empty ``key`` attribute value (after ``tax_key``), group by group."""
    groups: dict[str, list[CustomerIdentity]] = {}
    for customer in customers:
        value = tax_key(getattr(customer, key))
        if value is not None:
            groups.setdefault(value, []).append(customer)
    return (group for group in groups.values() if len(group) > 1)


def reversed_key(key: str) -> str:
    """The key read backwards: sorting by it puts names that differ in their first letters
    (``Esimerkki`` / ``Äsimerkki``) next to each other, which the forward sort misses."""
    return key[::-1]


def validate_detection(threshold: float, window: int) -> None:
    """Check the detection parameters (ValidationError naming the field)."""
    _check_settings(threshold, window)


def pair_up(
    group: Sequence[CustomerIdentity],
) -> Iterator[tuple[CustomerIdentity, CustomerIdentity]]:
    """Every unordered pair of one group (its size is what the output holds anyway)."""
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            yield a, b


# -- consolidation (D1, D2) ------------------------------------------------------------------------


@frozen
class MovedProjectItems:
    """One project consolidation moved to the kept customer, with what went along (S3)."""

    project_id: ProjectId
    number: int
    name: str
    note_ids: tuple[NoteId, ...]
    activity_ids: tuple[ActivityId, ...]
    file_ids: tuple[FileLinkId, ...]


@frozen
class UnmovedProject:
    """A project consolidation left on the duplicate, and why (S2: an invoice or a proposal)."""

    project_id: ProjectId
    number: int
    name: str
    blockers: tuple[MoveBlocker, ...]

    @property
    def reason(self) -> str:
        return describe(self.blockers)


@frozen
class ConsolidationReport:
    """D2: what consolidating ``duplicate_id`` into ``kept_id`` did, in one transaction.

    ``inactivated``: the duplicate is now inactive, which is so exactly when nothing was left
    behind (``not_moved`` is empty; it may have been inactive already);
    ``batch_id`` groups the audit entries of the consolidation (``AuditLog.for_batch``).
    """

    duplicate_id: CustomerId
    kept_id: CustomerId
    batch_id: UUID
    moved: tuple[MovedProjectItems, ...]
    not_moved: tuple[UnmovedProject, ...]
    inactivated: bool

    @property
    def complete(self) -> bool:
        return not self.not_moved
