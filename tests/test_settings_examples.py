"""Examples of organisation settings: names, VAT rates, probabilities, custom field values,
time zones, unique ids and lookups, with every refusal's entity, field and reason."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from custreg.domain.errors import NotFoundError
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
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import MarketSegmentGroup
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate
from custreg.domain.settings import usable_status
from refusals import refused

ORG = OrganisationId(UUID(int=1))


def _id(n: int) -> UUID:
    return UUID(int=n)


@pytest.mark.parametrize(
    ("make", "entity"),
    [
        (lambda name: User(UserId(_id(2)), name), "user"),
        (lambda name: Industry(IndustryId(_id(2)), name), "industry"),
        (lambda name: InvoiceTemplate(InvoiceTemplateId(_id(2)), name), "invoicetemplate"),
        (lambda name: VatRate(VatRateId(_id(2)), name, 24), "vatrate"),
        (lambda name: MarketSegmentGroup(MarketSegmentGroupId(_id(2)), name), "marketsegmentgroup"),
        (lambda name: MarketSegment(MarketSegmentId(_id(2)), name), "marketsegment"),
        (lambda name: InvoiceStatus(InvoiceStatusId(_id(2)), name), "invoicestatus"),
        (lambda name: SalesStatus(SalesStatusId(_id(2)), name, SalesState.WON), "salesstatus"),
        (lambda name: TaskStatus(TaskStatusId(_id(2)), name), "taskstatus"),
        (
            lambda name: CustomFieldDefinition(CustomFieldId(_id(2)), name, CustomFieldType.TEXT),
            "customfielddefinition",
        ),
        (lambda name: OrganisationSettings(ORG, name), "organisationsettings"),
    ],
)
def test_every_settings_name_follows_the_text_policy(make: Any, entity: str) -> None:
    assert make("  A  b ").name == "A b"
    assert make("n" * 255).name == "n" * 255
    with refused(entity, "name", "must not be blank", " "):
        make(" ")
    with refused(entity, "name", "must be at most 255 characters"):
        make("n" * 256)


def test_defaults() -> None:
    user = User(UserId(_id(2)), "Anna")
    assert (user.email, user.active) == (None, True)
    assert Industry(IndustryId(_id(2)), "I").active is True
    template = InvoiceTemplate(InvoiceTemplateId(_id(2)), "T")
    assert (template.language, template.active) == (None, True)
    assert VatRate(VatRateId(_id(2)), "V", 24).active is True
    segment = MarketSegment(MarketSegmentId(_id(2)), "S")
    assert (segment.group_id, segment.active) == (None, True)
    status = InvoiceStatus(InvoiceStatusId(_id(2)), "S")
    assert (status.is_sent, status.is_paid, status.has_number, status.is_read_only) == (
        False,
        False,
        False,
        False,
    )
    assert status.active is True
    sales = SalesStatus(SalesStatusId(_id(2)), "S", SalesState.LOST)
    assert (sales.default_probability, sales.active) == (0, True)
    task = TaskStatus(TaskStatusId(_id(2)), "T")
    assert (task.is_done, task.order, task.active) == (False, 0, True)
    field = CustomFieldDefinition(CustomFieldId(_id(2)), "F", CustomFieldType.TEXT)
    assert (field.choices, field.required, field.active) == ((), False, True)
    settings = OrganisationSettings(ORG, "Org")
    assert (settings.currency, settings.timezone) == ("EUR", "Europe/Helsinki")
    assert settings.zone == ZoneInfo("Europe/Helsinki")
    assert [s.value for s in SalesState] == ["in_progress", "won", "lost"]
    assert [t.value for t in CustomFieldType] == ["text", "number", "date", "boolean", "choice"]


@pytest.mark.parametrize(("rate", "result"), [(0, "0"), ("24.5", "24.5"), (100, "100")])
def test_vat_rate_between_0_and_100(rate: Any, result: str) -> None:
    assert VatRate(VatRateId(_id(2)), "V", rate).rate == Decimal(result)


@pytest.mark.parametrize("rate", [-1, "-0.01", "100.01", 101])
def test_vat_rate_refusals(rate: Any) -> None:
    with refused("vat_rate", "rate", "must be between 0 and 100 percent", rate):
        VatRate(VatRateId(_id(2)), "V", rate)
    with refused("vat_rate", "rate", "must be a Decimal, int or str, never float", 24.0):
        VatRate(VatRateId(_id(2)), "V", 24.0)


@pytest.mark.parametrize("probability", [0, 100, 55])
def test_sales_status_probability(probability: int) -> None:
    status = SalesStatus(SalesStatusId(_id(2)), "S", SalesState.IN_PROGRESS, probability)
    assert status.default_probability == probability


@pytest.mark.parametrize("probability", [-1, 101, True, 5.0, "5"])
def test_sales_status_probability_refusals(probability: Any) -> None:
    with refused("sales_status", "probability", "must be an integer 0-100", probability):
        SalesStatus(SalesStatusId(_id(2)), "S", SalesState.IN_PROGRESS, probability)


def _field(kind: CustomFieldType, choices: tuple[str, ...] = ()) -> CustomFieldDefinition:
    return CustomFieldDefinition(CustomFieldId(_id(3)), "Size", kind, choices)


def test_custom_field_choices() -> None:
    assert _field(CustomFieldType.CHOICE, (" S ", "M")).choices == ("S", "M")
    with refused("customfielddefinition", "choices", "must be a list of texts", "SM"):
        _field(CustomFieldType.CHOICE, "SM")  # type: ignore[arg-type]
    with refused("customfielddefinition", "choices", "must not be blank", " "):
        _field(CustomFieldType.CHOICE, ("S", " "))


@pytest.mark.parametrize(
    ("kind", "value", "result"),
    [
        (CustomFieldType.TEXT, "  big  one ", "big one"),
        (CustomFieldType.NUMBER, "12.50", Decimal("12.50")),
        (CustomFieldType.NUMBER, 3, Decimal(3)),
        (CustomFieldType.DATE, date(2026, 1, 2), date(2026, 1, 2)),
        (CustomFieldType.BOOLEAN, False, False),
        (CustomFieldType.BOOLEAN, True, True),
        (CustomFieldType.CHOICE, "M", "M"),
    ],
)
def test_custom_field_values(kind: CustomFieldType, value: Any, result: Any) -> None:
    assert _field(kind, ("S", "M")).check(value) == result


@pytest.mark.parametrize(
    ("kind", "value", "reason"),
    [
        (CustomFieldType.NUMBER, True, "must be a number"),
        (CustomFieldType.NUMBER, 1.5, "must be a Decimal, int or str, never float"),
        (CustomFieldType.TEXT, 5, "must be of type text"),
        (CustomFieldType.DATE, datetime(2026, 1, 2), "must be of type date"),
        (CustomFieldType.DATE, "2026-01-02", "must be of type date"),
        (CustomFieldType.BOOLEAN, 1, "must be of type boolean"),
        (CustomFieldType.CHOICE, 1, "must be of type choice"),
        (CustomFieldType.CHOICE, "L", "must be one of ['S', 'M']"),
        (CustomFieldType.TEXT, " ", "must not be blank"),
    ],
)
def test_custom_field_refusals(kind: CustomFieldType, value: Any, reason: str) -> None:
    with refused("customer", "custom_fields.Size", reason, value):
        _field(kind, ("S", "M")).check(value)


def test_custom_field_text_up_to_2000() -> None:
    assert _field(CustomFieldType.TEXT).check("t" * 2000) == "t" * 2000
    with refused("customer", "custom_fields.Size", "must be at most 2000 characters"):
        _field(CustomFieldType.TEXT).check("t" * 2001)


def test_time_zone_must_be_iana() -> None:
    assert OrganisationSettings(ORG, "Org", timezone="UTC").zone == ZoneInfo("UTC")
    for zone in ("Mars/Base", "../etc/passwd", ""):
        with refused("settings", "timezone", "unknown IANA time zone", zone):
            OrganisationSettings(ORG, "Org", timezone=zone)


CATALOGUES = [
    ("users", lambda: User(UserId(_id(5)), "U")),
    ("industries", lambda: Industry(IndustryId(_id(5)), "I")),
    ("invoice_templates", lambda: InvoiceTemplate(InvoiceTemplateId(_id(5)), "T")),
    ("vat_rates", lambda: VatRate(VatRateId(_id(5)), "V", 24)),
    ("market_segment_groups", lambda: MarketSegmentGroup(MarketSegmentGroupId(_id(5)), "G")),
    ("market_segments", lambda: MarketSegment(MarketSegmentId(_id(5)), "M")),
    ("invoice_statuses", lambda: InvoiceStatus(InvoiceStatusId(_id(5)), "I")),
    ("sales_statuses", lambda: SalesStatus(SalesStatusId(_id(5)), "S", SalesState.WON)),
    ("task_statuses", lambda: TaskStatus(TaskStatusId(_id(5)), "T")),
    (
        "custom_fields",
        lambda: CustomFieldDefinition(CustomFieldId(_id(5)), "C", CustomFieldType.TEXT),
    ),
]


@pytest.mark.parametrize(("name", "make"), CATALOGUES)
def test_ids_are_unique_in_each_catalogue(name: str, make: Any) -> None:
    assert getattr(OrganisationSettings(ORG, "Org", **{name: (make(),)}), name) == (make(),)
    with refused("settings", name, "two entries share one id", _id(5)):
        OrganisationSettings(ORG, "Org", **{name: (make(), make())})


def _settings() -> OrganisationSettings:
    return OrganisationSettings(
        ORG,
        "Org",
        users=(User(UserId(_id(10)), "On"), User(UserId(_id(11)), "Off", active=False)),
        industries=(
            Industry(IndustryId(_id(10)), "On"),
            Industry(IndustryId(_id(11)), "Off", False),
        ),
        invoice_templates=(
            InvoiceTemplate(InvoiceTemplateId(_id(10)), "On"),
            InvoiceTemplate(InvoiceTemplateId(_id(11)), "Off", active=False),
        ),
        vat_rates=(
            VatRate(VatRateId(_id(10)), "On", 24),
            VatRate(VatRateId(_id(11)), "Off", 0, False),
        ),
        market_segments=(
            MarketSegment(MarketSegmentId(_id(10)), "On"),
            MarketSegment(MarketSegmentId(_id(11)), "Off", active=False),
        ),
        invoice_statuses=(InvoiceStatus(InvoiceStatusId(_id(10)), "Sent", is_sent=True),),
        sales_statuses=(SalesStatus(SalesStatusId(_id(10)), "Won", SalesState.WON),),
        task_statuses=(TaskStatus(TaskStatusId(_id(10)), "Done", is_done=True),),
        custom_fields=(CustomFieldDefinition(CustomFieldId(_id(10)), "F", CustomFieldType.TEXT),),
    )


def test_lookups_find_entries_active_or_not() -> None:
    settings = _settings()
    assert settings.user(UserId(_id(11))).name == "Off"
    assert settings.industry(IndustryId(_id(11))).name == "Off"
    assert settings.invoice_status(InvoiceStatusId(_id(10))).name == "Sent"
    assert settings.sales_status(SalesStatusId(_id(10))).name == "Won"
    assert settings.task_status(TaskStatusId(_id(10))).name == "Done"
    assert settings.custom_field(CustomFieldId(_id(10))).name == "F"


@pytest.mark.parametrize(
    ("lookup", "kind"),
    [
        (lambda s, i: s.user(UserId(i)), "user"),
        (lambda s, i: s.industry(IndustryId(i)), "industry"),
        (lambda s, i: s.invoice_status(InvoiceStatusId(i)), "invoice_status"),
        (lambda s, i: s.sales_status(SalesStatusId(i)), "sales_status"),
        (lambda s, i: s.task_status(TaskStatusId(i)), "task_status"),
    ],
)
def test_lookups_raise_not_found(lookup: Any, kind: str) -> None:
    with pytest.raises(NotFoundError) as info:
        lookup(_settings(), _id(99))
    assert (info.value.entity, info.value.field, info.value.entity_id) == (kind, "id", _id(99))


def test_unknown_custom_field() -> None:
    with refused("customer", "custom_fields", "unknown custom field", _id(99)):
        _settings().custom_field(CustomFieldId(_id(99)))


@pytest.mark.parametrize(
    ("require", "kind", "field"),
    [
        (lambda s, i: s.require_active_user(UserId(i)), "user", "owner_id"),
        (lambda s, i: s.require_active_user(UserId(i), "assignee_id"), "user", "assignee_id"),
        (lambda s, i: s.require_industry(IndustryId(i)), "industry", "industry_id"),
        (
            lambda s, i: s.require_invoice_template(InvoiceTemplateId(i)),
            "invoice template",
            "invoice_template_id",
        ),
        (lambda s, i: s.require_vat_rate(VatRateId(i)), "VAT rate", "default_vat_rate_id"),
        (
            lambda s, i: s.require_segment(MarketSegmentId(i)),
            "market segment",
            "market_segment_ids",
        ),
    ],
)
def test_m5_require_active(require: Any, kind: str, field: str) -> None:
    settings = _settings()
    assert require(settings, _id(10)).name == "On"
    with refused("customer", field, f"{kind} is not active", _id(11)):
        require(settings, _id(11))
    with refused("customer", field, f"unknown {kind}", _id(99)):
        require(settings, _id(99))


# -- saving settings and changing statuses (S4, M7) ------------------------------------------

STAMP = Stamp(UserId(_id(9)), datetime(2026, 11, 25, 12, tzinfo=UTC))


def test_m7_saving_settings_is_a_creation_then_a_change() -> None:
    first = OrganisationSettings(ORG, "Org")
    second = OrganisationSettings(ORG, "Org Oy")
    assert first.replacing(None, STAMP) == Created("settings", first, STAMP, "create")
    assert second.replacing(first, STAMP) == Changed("settings", first, second, STAMP, "update")
    assert first.id == ORG


def _statuses() -> OrganisationSettings:
    return OrganisationSettings(
        ORG, "Org",
        sales_statuses=(
            SalesStatus(SalesStatusId(_id(20)), "Lead", SalesState.IN_PROGRESS),
            SalesStatus(SalesStatusId(_id(21)), "Old", SalesState.LOST, active=False),
            SalesStatus(SalesStatusId(_id(22)), "Won", SalesState.WON),
        ),
        task_statuses=(
            TaskStatus(TaskStatusId(_id(30)), "Todo"),
            TaskStatus(TaskStatusId(_id(31)), "Done", is_done=True),
        ),
        invoice_statuses=(InvoiceStatus(InvoiceStatusId(_id(40)), "Draft"),),
    )


def test_s4_disable_and_enable_a_status() -> None:
    settings = _statuses()
    lead, old, won = settings.sales_statuses
    off = SalesStatus(lead.id, "Lead", SalesState.IN_PROGRESS, active=False)
    changed, events = settings.change_status("sales_statuses", lead.id, "disable", STAMP)
    assert changed.sales_statuses == (off, old, won)
    assert changed.task_statuses == settings.task_statuses
    assert events == (Changed("sales_status", lead, off, STAMP, "disable"),)
    assert settings.change_status("sales_statuses", old.id, "disable", STAMP) == (settings, ())
    on = SalesStatus(old.id, "Old", SalesState.LOST)
    changed, events = settings.change_status("sales_statuses", old.id, "enable", STAMP)
    assert changed.sales_statuses == (lead, on, won)
    assert events == (Changed("sales_status", old, on, STAMP, "enable"),)
    assert settings.change_status("sales_statuses", won.id, "enable", STAMP) == (settings, ())
    todo, done = settings.task_statuses
    changed, events = settings.change_status("task_statuses", done.id, "disable", STAMP)
    assert changed.task_statuses == (todo, TaskStatus(done.id, "Done", is_done=True, active=False))
    assert [(e.entity, e.action) for e in events] == [("task_status", "disable")]


def test_s4_delete_a_status() -> None:
    settings = _statuses()
    lead, old, won = settings.sales_statuses
    changed, events = settings.change_status("sales_statuses", old.id, "delete", STAMP)
    assert changed.sales_statuses == (lead, won)
    assert events == (Removed("sales_status", old, STAMP, "delete"),)
    (draft,) = settings.invoice_statuses
    changed, events = settings.change_status("invoice_statuses", draft.id, "delete", STAMP)
    assert changed.invoice_statuses == ()
    assert events == (Removed("invoice_status", draft, STAMP, "delete"),)
    assert changed.sales_statuses == settings.sales_statuses


def test_s4_usable_status() -> None:
    settings = _statuses()
    lead, old, _ = settings.sales_statuses
    assert usable_status(settings.sales_statuses, lead.id, "project", "sales_status_id") == lead
    with refused("project", "sales_status_id", "is disabled", old.id):
        usable_status(settings.sales_statuses, old.id, "project", "sales_status_id")
    with refused("project", "sales_status_id", "unknown sales status", _id(1)):
        usable_status(settings.sales_statuses, _id(1), "project", "sales_status_id")
    with refused("task", "status_id", "unknown task status", _id(1)):
        usable_status(settings.task_statuses, _id(1), "task", "status_id")
    with refused("invoice", "invoice_status_id", "unknown invoice status", _id(1)):
        usable_status(settings.invoice_statuses, _id(1), "invoice", "invoice_status_id")
    with refused("task", "status", "unknown task status", _id(1)):
        usable_status((), _id(1), "task", "status")
