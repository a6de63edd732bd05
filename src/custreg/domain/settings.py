"""Organisation settings as data: users, catalogues (industries, templates, VAT rates, segments)
and configurable statuses whose meaning comes from flags, never from their names (K4)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from typing import TypeVar
from typing import cast
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from attrs import evolve
from attrs import field
from attrs import frozen

from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomFieldId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentGroupId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import TaskStatusId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.text import required_text
from custreg.domain.validation import an_id
from custreg.domain.validation import an_optional_id
from custreg.domain.values import EmailAddress
from custreg.domain.values import checked_probability
from custreg.domain.values import to_decimal


def _named(entity: str, value: Any) -> str:
    """A settings entry's name by the text policy (normalised, visible, at most 255)."""
    return required_text(entity, "name", value)


def _user_name(value: Any) -> str:
    return _named("user", value)


def _industry_name(value: Any) -> str:
    return _named("industry", value)


def _invoicetemplate_name(value: Any) -> str:
    return _named("invoicetemplate", value)


def _vatrate_name(value: Any) -> str:
    return _named("vatrate", value)


def _marketsegmentgroup_name(value: Any) -> str:
    return _named("marketsegmentgroup", value)


def _marketsegment_name(value: Any) -> str:
    return _named("marketsegment", value)


def _invoicestatus_name(value: Any) -> str:
    return _named("invoicestatus", value)


def _salesstatus_name(value: Any) -> str:
    return _named("salesstatus", value)


def _taskstatus_name(value: Any) -> str:
    return _named("taskstatus", value)


def _customfielddefinition_name(value: Any) -> str:
    return _named("customfielddefinition", value)


def _organisationsettings_name(value: Any) -> str:
    return _named("organisationsettings", value)


def _choices(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ValidationError("customfielddefinition", "choices", "must be a list of texts", value)
    return tuple(required_text("customfielddefinition", "choices", v) for v in value)


@frozen
class User:
    """A user of the organisation; only active users can own customers (M5)."""

    id: UserId = field(validator=an_id)
    name: str = field(converter=_user_name)
    email: EmailAddress | None = None
    active: bool = True


@frozen
class Industry:
    id: IndustryId = field(validator=an_id)
    name: str = field(converter=_industry_name)
    active: bool = True


@frozen
class InvoiceTemplate:
    """An invoice layout, e.g. a language version."""

    id: InvoiceTemplateId = field(validator=an_id)
    name: str = field(converter=_invoicetemplate_name)
    language: str | None = None
    active: bool = True


def _rate(value: Any) -> Decimal:
    rate = to_decimal("vat_rate", "rate", value)
    if rate < 0 or rate > 100:
        raise ValidationError("vat_rate", "rate", "must be between 0 and 100 percent", value)
    return rate


@frozen
class VatRate:
    """A VAT percentage the organisation invoices with."""

    id: VatRateId = field(validator=an_id)
    name: str = field(converter=_vatrate_name)
    rate: Decimal = field(converter=_rate)
    active: bool = True


@frozen
class MarketSegmentGroup:
    id: MarketSegmentGroupId = field(validator=an_id)
    name: str = field(converter=_marketsegmentgroup_name)


@frozen
class MarketSegment:
    id: MarketSegmentId = field(validator=an_id)
    name: str = field(converter=_marketsegment_name)
    group_id: MarketSegmentGroupId | None = field(default=None, validator=an_optional_id)
    active: bool = True


@frozen
class InvoiceStatus:
    """An invoice status; what it means is carried by its flags (K4), not its name."""

    id: InvoiceStatusId = field(validator=an_id)
    name: str = field(converter=_invoicestatus_name)
    is_sent: bool = False
    is_paid: bool = False
    has_number: bool = False
    is_read_only: bool = False
    active: bool = True


class SalesState(enum.Enum):
    """The phase a sales status stands for."""

    IN_PROGRESS = "in_progress"
    WON = "won"
    LOST = "lost"


def _probability(value: Any) -> int:
    return checked_probability("sales_status", value)


@frozen
class SalesStatus:
    """A configurable sales status; ``state`` says whether it is in progress, won or lost."""

    id: SalesStatusId = field(validator=an_id)
    name: str = field(converter=_salesstatus_name)
    state: SalesState
    default_probability: int = field(default=0, converter=_probability)
    active: bool = True


@frozen
class TaskStatus:
    """A kanban column for project tasks; a task is done exactly when its status is_done (T4)."""

    id: TaskStatusId = field(validator=an_id)
    name: str = field(converter=_taskstatus_name)
    is_done: bool = False
    order: int = 0
    active: bool = True


class CustomFieldType(enum.Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"


CustomValue = str | Decimal | date | bool


@frozen
class CustomFieldDefinition:
    """A custom field the organisation adds to customers, with its type (and choices)."""

    id: CustomFieldId = field(validator=an_id)
    name: str = field(converter=_customfielddefinition_name)
    type: CustomFieldType
    choices: tuple[str, ...] = field(default=(), converter=_choices)
    required: bool = False
    active: bool = True

    def check(self, value: Any) -> CustomValue:
        """Return ``value`` as this field's type, or raise a ValidationError naming the field."""
        where = f"custom_fields.{self.name}"
        expected = {
            CustomFieldType.TEXT: str,
            CustomFieldType.CHOICE: str,
            CustomFieldType.DATE: date,
            CustomFieldType.BOOLEAN: bool,
        }.get(self.type)
        if self.type is CustomFieldType.NUMBER:
            if isinstance(value, bool):
                raise ValidationError("customer", where, "must be a number", value)
            return to_decimal("customer", where, value)
        if expected is None or not isinstance(value, expected) or isinstance(value, datetime):
            # a datetime is a date too, but a date field keeps dates only
            raise ValidationError("customer", where, f"must be of type {self.type.value}", value)
        if self.type is CustomFieldType.CHOICE and value not in self.choices:
            raise ValidationError("customer", where, f"must be one of {list(self.choices)}", value)
        if isinstance(value, str):
            return required_text("customer", where, value, 2000)
        return cast(CustomValue, value)


T = TypeVar("T")


def _tz(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("settings", "timezone", "unknown IANA time zone", value) from None
    return value


_CATALOGUES = (
    "users",
    "industries",
    "invoice_templates",
    "vat_rates",
    "market_segment_groups",
    "market_segments",
    "invoice_statuses",
    "sales_statuses",
    "task_statuses",
    "custom_fields",
)


S = TypeVar("S", SalesStatus, TaskStatus, InvoiceStatus)


def usable_status(statuses: Iterable[S], status_id: object, entity: str, field_name: str) -> S:
    """The status ``status_id`` of ``statuses`` if a record may take it now: it exists and is
    active (else a ValidationError on ``entity.field_name``: "unknown ..." or "is disabled")."""
    for status in statuses:
        if status.id == status_id:
            if not status.active:
                raise ValidationError(entity, field_name, "is disabled", status_id)
            return status
    label = field_name.removesuffix("_id").replace("_", " ")
    kind = label if label != "status" else f"{entity} status"
    raise ValidationError(entity, field_name, f"unknown {kind}", status_id)


@frozen
class OrganisationSettings:
    """Everything an organisation configures, as one immutable value.

    Lookups (`industry(id)`, ...) raise NotFoundError; `require_active_*` also refuse disabled
    entries, which is what writes need (M5).
    """

    organisation_id: OrganisationId = field(validator=an_id)
    name: str = field(converter=_organisationsettings_name)
    currency: str = "EUR"
    timezone: str = field(default="Europe/Helsinki", converter=_tz)
    users: tuple[User, ...] = ()
    industries: tuple[Industry, ...] = ()
    invoice_templates: tuple[InvoiceTemplate, ...] = ()
    vat_rates: tuple[VatRate, ...] = ()
    market_segment_groups: tuple[MarketSegmentGroup, ...] = ()
    market_segments: tuple[MarketSegment, ...] = ()
    invoice_statuses: tuple[InvoiceStatus, ...] = ()
    sales_statuses: tuple[SalesStatus, ...] = ()
    task_statuses: tuple[TaskStatus, ...] = ()
    custom_fields: tuple[CustomFieldDefinition, ...] = ()

    @property
    def id(self) -> OrganisationId:
        """The settings' id in the audit trail: the organisation's."""
        return self.organisation_id

    def replacing(self, previous: OrganisationSettings | None, stamp: Stamp) -> Created | Changed:
        """The event of saving these settings over ``previous`` (None: the organisation's first
        settings, a creation)."""
        if previous is None:
            return Created("settings", self, stamp)
        return Changed("settings", previous, self, stamp)

    def change_status(
        self, catalogue: str, status_id: object, action: str, stamp: Stamp
    ) -> tuple[OrganisationSettings, tuple[Changed | Removed, ...]]:
        """S4: these settings with the status ``status_id`` of ``catalogue`` (``sales_statuses``,
        ``task_statuses``, ``invoice_statuses``) disabled, enabled or deleted (``action``; the
        caller checks a deleted one was never used), and the event on that status; no event
        when nothing changes. The status must exist (the caller looks it up first)."""
        statuses: tuple[Any, ...] = getattr(self, catalogue)
        (status,) = [s for s in statuses if s.id == status_id]
        entity = catalogue[:-2]
        if action == "delete":
            kept = tuple(s for s in statuses if s.id != status_id)
            event: Changed | Removed = Removed(entity, status, stamp, "delete")
        else:
            changed_status = evolve(status, active=action == "enable")
            kept = tuple(changed_status if s.id == status_id else s for s in statuses)
            if changed_status == status:
                return self, ()
            event = Changed(entity, status, changed_status, stamp, action)
        changes: dict[str, Any] = {catalogue: kept}
        return evolve(self, **changes), (event,)

    def __attrs_post_init__(self) -> None:
        """Ids are unique within each catalogue, so lookups are unambiguous in every adapter."""
        for name in _CATALOGUES:
            seen: set[object] = set()
            for item in getattr(self, name):
                if item.id in seen:
                    raise ValidationError("settings", name, "two entries share one id", item.id)
                seen.add(item.id)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def _find(self, items: tuple[T, ...], kind: str, item_id: object) -> T:
        for item in items:
            if item.id == item_id:  # type: ignore[attr-defined]
                return item
        raise NotFoundError(kind, item_id)

    def _active(self, items: tuple[T, ...], kind: str, field_name: str, item_id: object) -> T:
        for item in items:
            if item.id == item_id:  # type: ignore[attr-defined]
                if not item.active:  # type: ignore[attr-defined]
                    raise ValidationError("customer", field_name, f"{kind} is not active", item_id)
                return item
        raise ValidationError("customer", field_name, f"unknown {kind}", item_id)

    def user(self, user_id: UserId) -> User:
        return self._find(self.users, "user", user_id)

    def industry(self, industry_id: IndustryId) -> Industry:
        return self._find(self.industries, "industry", industry_id)

    def invoice_status(self, status_id: InvoiceStatusId) -> InvoiceStatus:
        return self._find(self.invoice_statuses, "invoice_status", status_id)

    def sales_status(self, status_id: SalesStatusId) -> SalesStatus:
        return self._find(self.sales_statuses, "sales_status", status_id)

    def task_status(self, status_id: TaskStatusId) -> TaskStatus:
        return self._find(self.task_statuses, "task_status", status_id)

    def require_active_user(self, user_id: UserId, field_name: str = "owner_id") -> User:
        return self._active(self.users, "user", field_name, user_id)

    def require_industry(self, industry_id: IndustryId) -> Industry:
        return self._active(self.industries, "industry", "industry_id", industry_id)

    def require_invoice_template(self, template_id: InvoiceTemplateId) -> InvoiceTemplate:
        return self._active(
            self.invoice_templates, "invoice template", "invoice_template_id", template_id
        )

    def require_vat_rate(self, rate_id: VatRateId) -> VatRate:
        return self._active(self.vat_rates, "VAT rate", "default_vat_rate_id", rate_id)

    def require_segment(self, segment_id: MarketSegmentId) -> MarketSegment:
        return self._active(
            self.market_segments, "market segment", "market_segment_ids", segment_id
        )

    def custom_field(self, field_id: CustomFieldId) -> CustomFieldDefinition:
        for definition in self.custom_fields:
            if definition.id == field_id:
                return definition
        raise ValidationError("customer", "custom_fields", "unknown custom field", field_id)
