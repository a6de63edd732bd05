"""Report filters (X1, X2, P4): which customers, contacts and notes a report keeps, checked on
construction, read from plain data (``parse_filters``) and checked against a level and the
organisation's settings (``check_filters``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from collections.abc import Sequence
from functools import partial
from typing import Any
from typing import TypeVar
from uuid import UUID

from attrs import Attribute
from attrs import field
from attrs import frozen

from custreg.domain.contact import ContactStatus
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ValidationError
from custreg.domain.ids import IndustryId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.query import CustomerQuery
from custreg.domain.reports.columns import ALL_LEVELS
from custreg.domain.reports.columns import ReportLevel
from custreg.domain.settings import OrganisationSettings
from custreg.domain.text import search_text
from custreg.domain.validation import ErrorCollector

E = TypeVar("E", bound=enum.Enum)

#: The longest keyword filter (a contact keyword is at most this long, P4).
KEYWORD_MAX_LENGTH = 100

#: Filter names, as given in a mapping (``definition_from_mapping``, the CLI).
FILTER_NAMES = (
    "status", "owner", "industry", "market_segment", "keyword", "contact_status", "text"
)
_WITH_CONTACTS = frozenset({ReportLevel.CUSTOMERS, ReportLevel.CONTACTS})
#: The levels each filter applies to (the others apply to every level).
FILTER_LEVELS = {"keyword": _WITH_CONTACTS, "contact_status": _WITH_CONTACTS}


def _optional_text(value: str | None) -> str | None:
    return search_text("report", "filters.text", value)


def _keyword(value: str | None) -> str | None:
    return search_text("report", "filters.keyword", value, KEYWORD_MAX_LENGTH)


def _filter_id(instance: object, attribute: Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, UUID):
        raise ValidationError("report", f"filters.{attribute.name}", "must be an id (UUID)", value)


def _member(kind: type[E], field_name: str, value: E | str | None) -> E | None:
    """``value`` as a member of the status enum ``kind``, from the member or its value text
    (spacing and case ignored); None stays None."""
    if value is None or isinstance(value, kind):
        return value
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in kind)
        raise ValidationError(
            "report", f"filters.{field_name}", f"unknown status; valid: {valid}", value
        ) from None


def _status(value: CustomerStatus | str | None) -> CustomerStatus | None:
    return _member(CustomerStatus, "status", value)


def _contact_status(value: ContactStatus | str | None) -> ContactStatus | None:
    return _member(ContactStatus, "contact_status", value)


@frozen
class ReportFilters:
    """Which rows a report keeps; every filter given must hold, None means "any".

    ``status``, ``owner_id``, ``industry_id``, ``market_segment_id`` and ``text`` (the C6 search:
    name substring or exact number / VAT / business id) select customers, at every level.
    ``keyword`` is a contact keyword (P4, mailing lists): the Contacts level keeps the contacts
    carrying it, the Customers level the customers with at least one such listed contact.
    ``contact_status`` narrows the contacts listed (X2: by default every contact person, active
    and inactive; deleted ones never): the Contacts level lists only contacts of that status,
    and the keyword filter then looks only at them.
    """

    status: CustomerStatus | None = field(default=None, converter=_status)
    owner_id: UserId | None = field(default=None, validator=_filter_id)
    industry_id: IndustryId | None = field(default=None, validator=_filter_id)
    market_segment_id: MarketSegmentId | None = field(default=None, validator=_filter_id)
    keyword: str | None = field(default=None, converter=_keyword)
    text: str | None = field(default=None, converter=_optional_text)
    contact_status: ContactStatus | None = field(default=None, converter=_contact_status)

    def given(self) -> list[str]:
        """The names (as in FILTER_NAMES) of the filters that are set."""
        values = {
            "status": self.status,
            "owner": self.owner_id,
            "industry": self.industry_id,
            "market_segment": self.market_segment_id,
            "keyword": self.keyword,
            "contact_status": self.contact_status,
            "text": self.text,
        }
        return [name for name, value in values.items() if value is not None]

    def customer_query(self) -> CustomerQuery:
        """The customer filters as the query the customer search answers (C6)."""
        return CustomerQuery(
            text=self.text,
            status=self.status,
            owner_id=self.owner_id,
            industry_id=self.industry_id,
            market_segment_id=self.market_segment_id,
        )


def _resolve(
    kind: str, value: Any, items: Sequence[Any], field_name: str
) -> Any:
    """A settings entry by id, id text or (case-insensitive) name."""
    for item in items:
        if item.id == value or str(item.id) == str(value).strip():
            return item.id
    wanted = str(value).strip().casefold()
    named = [item for item in items if item.name.casefold() == wanted]
    if len(named) == 1:
        return named[0].id
    valid = ", ".join(item.name for item in items) or "none configured"
    raise ValidationError(
        "report", f"filters.{field_name}", f"unknown {kind}; valid: {valid}", value
    )


def parse_filters(values: Mapping[str, Any], settings: OrganisationSettings) -> ReportFilters:
    """Filters from a mapping of FILTER_NAMES to values; owners, industries and segments may be
    given by id or name. Unknown filter names get a ValidationError listing the valid ones."""
    errors = ErrorCollector()
    unknown = sorted(set(values) - set(FILTER_NAMES))
    for name in unknown:
        errors.errors.append(
            ValidationError(
                "report", "filters", f"unknown filter; valid filters: {', '.join(FILTER_NAMES)}",
                name,
            )
        )
    resolved: dict[str, Any] = {}
    lookups = {
        "owner": ("owner_id", "user", settings.users),
        "industry": ("industry_id", "industry", settings.industries),
        "market_segment": ("market_segment_id", "market segment", settings.market_segments),
    }
    for name, value in values.items():
        if value is None or name in unknown:
            continue
        if name in lookups:
            target, kind, items = lookups[name]
            resolved[target] = errors.check(partial(_resolve, kind, value, items, name))
        elif name == "status":
            resolved["status"] = errors.check(partial(_status, value))
        elif name == "keyword":
            resolved[name] = errors.check(partial(_keyword, value))
        elif name == "contact_status":
            resolved[name] = errors.check(partial(_contact_status, value))
        else:
            resolved[name] = errors.check(partial(_optional_text, value))
    errors.raise_if_any()
    return ReportFilters(**resolved)


def check_filters(
    level: ReportLevel,
    filters: ReportFilters,
    settings: OrganisationSettings,
    errors: ErrorCollector,
) -> None:
    """Add to ``errors`` one ValidationError per filter that does not apply to ``level`` (naming
    the valid filters) and per owner, industry or market segment unknown to ``settings``."""
    for name in filters.given():
        levels = FILTER_LEVELS.get(name, ALL_LEVELS)
        if level not in levels:
            valid = [n for n in FILTER_NAMES if level in FILTER_LEVELS.get(n, ALL_LEVELS)]
            errors.errors.append(
                ValidationError(
                    "report", f"filters.{name}",
                    f"does not apply to level {level.value}; valid filters: {', '.join(valid)}",
                    name,
                )
            )
    checks: list[tuple[str, Any, Sequence[Any]]] = [
        ("owner", filters.owner_id, settings.users),
        ("industry", filters.industry_id, settings.industries),
        ("market_segment", filters.market_segment_id, settings.market_segments),
    ]
    for name, value, items in checks:
        if value is not None and all(item.id != value for item in items):
            errors.errors.append(
                ValidationError("report", f"filters.{name}", f"unknown {name}", value)
            )
