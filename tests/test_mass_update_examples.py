"""The mass-update actions (M3-M7) stated as examples: each action's new value from an old one,
each refusal's entity, field and reason, and the audit rendering undo reads back. Pure domain:
the properties of tests/test_mass_update.py run the same actions through every adapter."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest

from custreg.domain.customer import CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.events import FieldChanged
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.mass_update import BATCH_ENTITY
from custreg.domain.mass_update import FIELDS
from custreg.domain.mass_update import VERSIONS_FIELD
from custreg.domain.mass_update import AddEInvoiceAddress
from custreg.domain.mass_update import AddSegments
from custreg.domain.mass_update import ChangeDefaultVat
from custreg.domain.mass_update import ChangeIndustry
from custreg.domain.mass_update import ChangeInvoiceTemplate
from custreg.domain.mass_update import ChangeOwner
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.mass_update import CustomerOutcome
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import OutcomeKind
from custreg.domain.mass_update import RemoveEInvoiceAddress
from custreg.domain.mass_update import RemoveSegments
from custreg.domain.mass_update import mass_update_events
from custreg.domain.mass_update import parse_rendered
from custreg.domain.mass_update import plan
from custreg.domain.mass_update import writable_field
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.settings import VatRate


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


ANNA, GONE, NOBODY = UserId(_id(1)), UserId(_id(2)), UserId(_id(3))
IT, OLD_INDUSTRY = IndustryId(_id(10)), IndustryId(_id(11))
FI_TEMPLATE, OLD_TEMPLATE = InvoiceTemplateId(_id(20)), InvoiceTemplateId(_id(21))
GENERAL, OLD_RATE = VatRateId(_id(30)), VatRateId(_id(31))
RETAIL, PUBLIC, RETIRED, UNKNOWN = (MarketSegmentId(_id(n)) for n in (40, 41, 42, 43))
CUSTOMER = CustomerId(_id(99))

SETTINGS = OrganisationSettings(
    OrganisationId(_id(1000)),
    "Mass Oy",
    users=(User(ANNA, "Anna"), User(GONE, "Gone", active=False)),
    industries=(Industry(IT, "IT"), Industry(OLD_INDUSTRY, "Old", active=False)),
    invoice_templates=(
        InvoiceTemplate(FI_TEMPLATE, "Finnish", "fi"),
        InvoiceTemplate(OLD_TEMPLATE, "Old", "fi", active=False),
    ),
    vat_rates=(VatRate(GENERAL, "General", 25), VatRate(OLD_RATE, "Old", 24, active=False)),
    market_segments=(
        MarketSegment(RETAIL, "Retail"),
        MarketSegment(PUBLIC, "Public"),
        MarketSegment(RETIRED, "Retired", active=False),
    ),
)


@pytest.mark.parametrize(
    ("action", "field", "name", "old", "new"),
    [
        (ChangeOwner(ANNA), "owner_id", "change_owner", None, ANNA),
        (ChangeOwner(ANNA), "owner_id", "change_owner", ANNA, ANNA),
        (ChangeIndustry(IT), "industry_id", "change_industry", OLD_INDUSTRY, IT),
        (
            ChangeInvoiceTemplate(FI_TEMPLATE), "invoice_template_id", "change_invoice_template",
            None, FI_TEMPLATE,
        ),
        (ChangeDefaultVat(GENERAL), "default_vat_rate_id", "change_default_vat", OLD_RATE, GENERAL),
        (
            ChangeStatus(CustomerStatus.INACTIVE), "status", "change_status",
            CustomerStatus.ACTIVE, CustomerStatus.INACTIVE,
        ),
        (
            AddSegments({RETAIL}), "market_segment_ids", "add_segments",
            frozenset({PUBLIC}), frozenset({PUBLIC, RETAIL}),
        ),
        (
            AddSegments({RETAIL, PUBLIC}), "market_segment_ids", "add_segments",
            frozenset(), frozenset({PUBLIC, RETAIL}),
        ),
        (
            RemoveSegments({RETAIL}), "market_segment_ids", "remove_segments",
            frozenset({PUBLIC, RETAIL}), frozenset({PUBLIC}),
        ),
        (  # removing an absent segment is a no-op (M4)
            RemoveSegments({RETAIL}), "market_segment_ids", "remove_segments",
            frozenset({PUBLIC}), frozenset({PUBLIC}),
        ),
    ],
)
def test_m3_m4_m5_each_action_sets_only_its_field_from_the_old_value(
    action: Any, field: str, name: str, old: Any, new: Any
) -> None:
    assert (action.field, action.name) == (field, name)
    action.check(SETTINGS)  # an active value: accepted
    outcome = plan(CUSTOMER, FieldState(7, old), action)
    assert outcome == CustomerOutcome(CUSTOMER, field, old, new)
    assert outcome.changed is (old != new)
    assert outcome.kind is (OutcomeKind.CHANGED if old != new else OutcomeKind.UNCHANGED)
    again = plan(CUSTOMER, FieldState(8, new), action)  # M6: applying twice equals once
    assert again.after == new and not again.changed
    assert field in FIELDS and writable_field(field) == field


@pytest.mark.parametrize(
    ("action", "field", "reason"),
    [
        (ChangeOwner(GONE), "owner_id", "user is not active"),
        (ChangeOwner(NOBODY), "owner_id", "unknown user"),
        (ChangeIndustry(OLD_INDUSTRY), "industry_id", "industry is not active"),
        (ChangeIndustry(IndustryId(_id(12))), "industry_id", "unknown industry"),
        (
            ChangeInvoiceTemplate(OLD_TEMPLATE), "invoice_template_id",
            "invoice template is not active",
        ),
        (ChangeDefaultVat(OLD_RATE), "default_vat_rate_id", "VAT rate is not active"),
        (ChangeDefaultVat(VatRateId(_id(32))), "default_vat_rate_id", "unknown VAT rate"),
        (AddSegments({RETIRED}), "market_segment_ids", "market segment is not active"),
        (AddSegments({UNKNOWN}), "market_segment_ids", "unknown market segment"),
        (RemoveSegments({UNKNOWN}), "market_segment_ids", "unknown market segment"),
    ],
)
def test_m5_disabled_or_unknown_values_are_refused_naming_the_field(
    action: Any, field: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        action.check(SETTINGS)
    assert (refused.value.entity, refused.value.field, refused.value.reason) == (
        "customer", field, reason
    )


def test_m4_a_disabled_segment_can_still_be_removed() -> None:
    RemoveSegments({RETIRED}).check(SETTINGS)
    assert RemoveSegments({RETIRED}).new_value(frozenset({RETIRED, RETAIL})) == {RETAIL}


def test_m5_every_bad_segment_is_reported_at_once() -> None:
    with pytest.raises(ValidationErrors) as refused:
        AddSegments({RETIRED, UNKNOWN}).check(SETTINGS)
    assert sorted(e.reason for e in refused.value.errors) == [
        "market segment is not active",
        "unknown market segment",
    ]
    with pytest.raises(ValidationErrors) as removed:
        RemoveSegments({UNKNOWN, MarketSegmentId(_id(44))}).check(SETTINGS)
    assert [e.value for e in removed.value.errors] == [UNKNOWN, _id(44)]


@pytest.mark.parametrize(
    ("make", "field", "reason"),
    [
        (lambda: ChangeOwner("anna"), "owner_id", "must be a user id (UUID)"),
        (lambda: ChangeIndustry(None), "industry_id", "must be a industry id (UUID)"),
        (
            lambda: ChangeInvoiceTemplate(5), "invoice_template_id",
            "must be a invoice template id (UUID)",
        ),
        (lambda: ChangeDefaultVat("25"), "default_vat_rate_id", "must be a VAT rate id (UUID)"),
        (lambda: ChangeStatus("inactive"), "status", "must be a CustomerStatus"),
        (lambda: AddSegments("retail"), "market_segment_ids", "must be a set of ids"),
        (lambda: AddSegments(5), "market_segment_ids", "must be a set of ids"),
        (lambda: AddSegments(set()), "market_segment_ids", "choose at least one segment"),
        (lambda: RemoveSegments([]), "market_segment_ids", "choose at least one segment"),
        (
            lambda: RemoveSegments(["x"]), "market_segment_ids",
            "must be a market segment id (UUID)",
        ),
    ],
)
def test_m5_badly_typed_actions_are_refused_naming_the_field(
    make: Any, field: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        make()
    assert (refused.value.entity, refused.value.field, refused.value.reason) == (
        "mass_update", field, reason
    )


@pytest.mark.parametrize("name", ["name", "number", "vat_number", "", "status "])
def test_only_the_seven_mass_update_fields_are_writable(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        writable_field(name)
    assert (refused.value.entity, refused.value.field, refused.value.value) == (
        "customer", "field", name
    )
    assert refused.value.reason == "is not a mass-updatable field"
    assert {
        "owner_id", "industry_id", "invoice_template_id", "default_vat_rate_id", "status",
        "market_segment_ids", "einvoice_addresses",
    } == FIELDS


@pytest.mark.parametrize(
    ("field", "rendered", "value"),
    [
        ("owner_id", str(ANNA), ANNA),
        ("owner_id", None, None),
        ("industry_id", str(IT), IT),
        ("status", "inactive", CustomerStatus.INACTIVE),
        ("status", "active", CustomerStatus.ACTIVE),
        ("market_segment_ids", [str(RETAIL), str(PUBLIC)], frozenset({RETAIL, PUBLIC})),
        ("market_segment_ids", [], frozenset()),
        ("einvoice_addresses", {"added": [], "default_index": 0}, EInvoiceAddresses()),
        (
            "einvoice_addresses",
            {"added": [{"address": "0192:A-1", "operator": "NDEAFIHH"}], "default_index": 0},
            EInvoiceAddresses([EInvoiceAddress("0192:A-1", "NDEAFIHH")]),
        ),
    ],
)
def test_m7_undo_reads_back_the_audit_rendering(field: str, rendered: Any, value: Any) -> None:
    assert parse_rendered(field, rendered) == value


@pytest.mark.parametrize(
    ("field", "rendered", "entity", "reason"),
    [
        ("name", "x", "mass_update", "is not a mass-updatable field"),
        ("owner_id", "not-a-uuid", "audit_entry", "is not a stored value of this field"),
        ("status", "passive", "audit_entry", "is not a stored value of this field"),
        ("market_segment_ids", 5, "audit_entry", "is not a stored value of this field"),
        ("market_segment_ids", ["x"], "audit_entry", "is not a stored value of this field"),
        ("einvoice_addresses", 5, "audit_entry", "is not a stored value of this field"),
        ("einvoice_addresses", {"added": [{"address": "x"}]}, "audit_entry",
         "is not a stored value of this field"),
        ("einvoice_addresses", {"added": [{"address": "x", "operator": "NDEAFIHH"}],
                                "default_index": 0}, "audit_entry",
         "is not a stored value of this field"),
    ],
)
def test_m7_a_damaged_audit_rendering_is_refused(
    field: str, rendered: Any, entity: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_rendered(field, rendered)
    assert (refused.value.entity, refused.value.reason) == (entity, reason)
    if entity == "audit_entry":
        assert (refused.value.field, refused.value.value) == (field, rendered)
    else:
        assert (refused.value.field, refused.value.value) == ("field", field)


@pytest.mark.parametrize(
    ("make", "value"),
    [
        (lambda: ChangeOwner("anna"), "anna"),
        (lambda: ChangeIndustry("it"), "it"),
        (lambda: ChangeInvoiceTemplate(5), 5),
        (lambda: ChangeDefaultVat("25"), "25"),
        (lambda: ChangeStatus("inactive"), "inactive"),
        (lambda: AddSegments("retail"), "retail"),
        (lambda: AddSegments(5), 5),
    ],
)
def test_m5_refused_actions_carry_the_value(make: Any, value: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        make()
    assert refused.value.value == value


def test_m7_undo_reads_back_the_default_einvoice_address() -> None:
    rendered = {
        "added": [
            {"address": "0192:A-1", "operator": "NDEAFIHH"},
            {"address": "0192:B-2", "operator": "NDEAFIHH"},
        ],
        "default_index": 1,
    }
    value = parse_rendered("einvoice_addresses", rendered)
    assert isinstance(value, EInvoiceAddresses)
    assert value.default == EInvoiceAddress("0192:B-2", "NDEAFIHH")


# -- e-invoicing addresses (C7) and the events of a batch (M7) --------------------------------

OP = "003721291126"
OVT = "003701120389"


def test_c7_add_einvoice_address() -> None:
    action = AddEInvoiceAddress(" 0192:a-1 ", " ndeafihh ")
    assert (action.address, action.operator) == ("0192:a-1", "NDEAFIHH")
    assert (action.name, action.field) == ("add_einvoice_address", "einvoice_addresses")
    assert action.check(SETTINGS) is None
    first = EInvoiceAddress("0192:a-1", "NDEAFIHH")
    assert action.new_value(EInvoiceAddresses()) == EInvoiceAddresses([first])
    other = EInvoiceAddress(OVT, OP)
    assert action.new_value(EInvoiceAddresses([other])) == EInvoiceAddresses([other, first])
    spelled = EInvoiceAddresses([other, EInvoiceAddress("0192:A-1", OP)], 1)
    assert action.new_value(spelled) is spelled
    outcome = plan(CUSTOMER, FieldState(3, EInvoiceAddresses()), action)
    assert outcome == CustomerOutcome(
        CUSTOMER, "einvoice_addresses", EInvoiceAddresses(), EInvoiceAddresses([first])
    )


def test_c7_remove_einvoice_address() -> None:
    action = RemoveEInvoiceAddress(" 0192:A-1 ")
    assert action.address == "0192:A-1"
    assert (action.name, action.field) == ("remove_einvoice_address", "einvoice_addresses")
    assert action.check(SETTINGS) is None
    first, second = EInvoiceAddress("0192:a-1", OP), EInvoiceAddress(OVT, OP)
    assert action.new_value(EInvoiceAddresses([first, second])) == EInvoiceAddresses([second])
    assert action.new_value(EInvoiceAddresses([second])) == EInvoiceAddresses([second])


@pytest.mark.parametrize(
    ("make", "field", "reason", "value"),
    [
        (lambda: AddEInvoiceAddress("nonsense", OP), "address",
         "must be an OVT code, a Peppol id, an IBAN or a GLN", "nonsense"),
        (lambda: AddEInvoiceAddress(" ", OP), "address", "must not be blank", " "),
        (lambda: AddEInvoiceAddress(OVT, "no!"), "operator", "must be an operator code or a BIC",
         "no!"),
        (lambda: AddEInvoiceAddress(OVT, None), "operator", "must not be blank", None),
        (lambda: RemoveEInvoiceAddress("nonsense"), "address",
         "must be an OVT code, a Peppol id, an IBAN or a GLN", "nonsense"),
    ],
)
def test_c7_bad_einvoice_actions(make: Any, field: str, reason: str, value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        make()
    error = info.value
    assert (error.entity, error.field, error.reason, error.value) == (
        "mass_update", field, reason, value
    )


def test_m7_events_of_a_batch() -> None:
    batch = _id(500)
    stamp = Stamp(ANNA, datetime(2026, 11, 25, 12, tzinfo=UTC), batch)
    other = CustomerId(_id(98))
    changed = [
        CustomerOutcome(CUSTOMER, "industry_id", None, IT),
        CustomerOutcome(other, "industry_id", OLD_INDUSTRY, IT),
    ]
    events = mass_update_events(stamp, "mass update", changed, {CUSTOMER: 4, other: 1})
    assert events == [
        FieldChanged("customer", CUSTOMER, "industry_id", None, str(IT), stamp, "mass update"),
        FieldChanged(
            "customer", other, "industry_id", str(OLD_INDUSTRY), str(IT), stamp, "mass update"
        ),
        FieldChanged(
            BATCH_ENTITY, batch, VERSIONS_FIELD, None, {str(CUSTOMER): 5, str(other): 2}, stamp,
            "mass update",
        ),
    ]
    assert (BATCH_ENTITY, VERSIONS_FIELD) == ("mass_update", "versions")
    segments = frozenset({PUBLIC, RETAIL})
    (event, versions) = mass_update_events(
        stamp, "undo",
        [CustomerOutcome(CUSTOMER, "market_segment_ids", frozenset(), segments)],
        {CUSTOMER: 1},
    )
    assert (event.before, event.after) == ([], sorted([str(RETAIL), str(PUBLIC)]))
    assert (event.action, versions.action, versions.after) == ("undo", "undo", {str(CUSTOMER): 2})
    assert mass_update_events(stamp, "mass update", [], {}) == [
        FieldChanged(BATCH_ENTITY, batch, VERSIONS_FIELD, None, {}, stamp, "mass update")
    ]
    with pytest.raises(AssertionError) as failed:
        mass_update_events(Stamp(ANNA, stamp.at), "mass update", [], {})
    assert str(failed.value).splitlines()[0] == "a mass update is one batch"


def test_m7_renderings_of_distinct_values_are_not_mixed_up() -> None:
    stamp = Stamp(ANNA, datetime(2026, 11, 25, 12, tzinfo=UTC), _id(500))
    first, second = CustomerId(_id(97)), CustomerId(_id(96))
    events = mass_update_events(
        stamp, "mass update",
        [
            CustomerOutcome(first, "status", CustomerStatus.ACTIVE, CustomerStatus.INACTIVE),
            CustomerOutcome(second, "status", CustomerStatus.INACTIVE, CustomerStatus.ACTIVE),
        ],
        {first: 1, second: 1},
    )
    assert [(e.before, e.after) for e in events[:2]] == [
        ("active", "inactive"), ("inactive", "active")
    ]
