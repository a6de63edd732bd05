"""Mass update (M1-M8, C7): the actions as values, and the pure per-customer transition.

An action names one customer field and how its new value follows from the old one. The use case
(``custreg.usecases.mass_update``) does the reading, checking and writing; everything here is pure,
so the same transition serves the in-memory and the SQL adapter, the tests' model and the undo.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from functools import partial
from itertools import groupby
from operator import attrgetter
from typing import Any
from typing import ClassVar
from typing import NamedTuple
from uuid import UUID

import attrs
from attrs import frozen

from custreg.domain.audit import render
from custreg.domain.customer import CustomerStatus
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.einvoice import normalised_address
from custreg.domain.einvoice import normalised_operator
from custreg.domain.errors import ValidationError
from custreg.domain.events import FieldChanged
from custreg.domain.events import FieldChanges
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import InvoiceTemplateId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.ids import VatRateId
from custreg.domain.settings import OrganisationSettings
from custreg.domain.validation import ErrorCollector

#: A value of one of the fields a mass update may change.
FieldValue = UUID | CustomerStatus | frozenset[MarketSegmentId] | EInvoiceAddresses | None

#: Prefix of the audit ``action`` of every entry a mass update (or its undo) records.
AUDIT_PREFIX = "mass_update."

#: Besides one entry per changed customer, a mass update records one entry about the batch itself
#: (entity BATCH_ENTITY, entity_id the batch id, field VERSIONS_FIELD) whose ``after`` maps each
#: changed customer's id to the version the batch wrote: undo's "changed since?" check.
BATCH_ENTITY = "mass_update"
VERSIONS_FIELD = "versions"


def _uuid(kind: str, field_name: str, value: Any) -> Any:
    if not isinstance(value, UUID):
        raise ValidationError("mass_update", field_name, f"must be a {kind} id (UUID)", value)
    return value


def _user_id(value: Any) -> UserId:
    return UserId(_uuid("user", "owner_id", value))


def _industry_id(value: Any) -> IndustryId:
    return IndustryId(_uuid("industry", "industry_id", value))


def _template_id(value: Any) -> InvoiceTemplateId:
    return InvoiceTemplateId(_uuid("invoice template", "invoice_template_id", value))


def _vat_rate_id(value: Any) -> VatRateId:
    return VatRateId(_uuid("VAT rate", "default_vat_rate_id", value))


_FIRST_ATTRIBUTE: dict[type, str] = {}


def _first_attribute(cls: type) -> str:
    """The name of the first attrs attribute of ``cls`` (looked up once per class)."""
    name = _FIRST_ATTRIBUTE.get(cls)
    if name is None:
        name = _FIRST_ATTRIBUTE[cls] = attrs.fields(cls)[0].name
    return name


class _SetFromCatalogue:
    """The one shape of the actions that set ``field`` to an entry of a settings catalogue:
    ``check`` asks the catalogue (``require``, which refuses unknown and disabled entries, M5)
    and every customer gets the same new value. A subclass declares its one attrs attribute
    (the id), ``name``, ``field`` and ``require``."""

    name: ClassVar[str]
    field: ClassVar[str]
    require: ClassVar[Callable[[OrganisationSettings, Any], object]]

    def _value(self) -> UUID:
        value: UUID = getattr(self, _first_attribute(type(self)))
        return value

    def check(self, settings: OrganisationSettings) -> None:
        """Refuse a value the organisation's catalogue does not offer as active (M5)."""
        type(self).require(settings, self._value())

    def new_value(self, current: FieldValue) -> FieldValue:
        """The catalogue entry's id, whatever the customer had."""
        return self._value()


@frozen
class ChangeOwner(_SetFromCatalogue):
    """Set the account owner; the user must be an active user of the organisation (M5)."""

    owner_id: UserId = attrs.field(converter=_user_id)
    name: ClassVar[str] = "change_owner"
    field: ClassVar[str] = "owner_id"
    require = OrganisationSettings.require_active_user


@frozen
class ChangeIndustry(_SetFromCatalogue):
    """Set the industry; it must be an active industry of the catalogue (M5)."""

    industry_id: IndustryId = attrs.field(converter=_industry_id)
    name: ClassVar[str] = "change_industry"
    field: ClassVar[str] = "industry_id"
    require = OrganisationSettings.require_industry


@frozen
class ChangeInvoiceTemplate(_SetFromCatalogue):
    """Set the invoice template (e.g. another language version) for future invoices (M5, C8)."""

    template_id: InvoiceTemplateId = attrs.field(converter=_template_id)
    name: ClassVar[str] = "change_invoice_template"
    field: ClassVar[str] = "invoice_template_id"
    require = OrganisationSettings.require_invoice_template


@frozen
class ChangeDefaultVat(_SetFromCatalogue):
    """Set the default invoicing VAT; it must be a configured, active VAT rate (M5, C8)."""

    vat_rate_id: VatRateId = attrs.field(converter=_vat_rate_id)
    name: ClassVar[str] = "change_default_vat"
    field: ClassVar[str] = "default_vat_rate_id"
    require = OrganisationSettings.require_vat_rate


def _status(value: Any) -> CustomerStatus:
    if not isinstance(value, CustomerStatus):
        raise ValidationError("mass_update", "status", "must be a CustomerStatus", value)
    return value


@frozen
class ChangeStatus:
    """Make the customers active or inactive ("passive"); inactivation deletes nothing (C5)."""

    status: CustomerStatus = attrs.field(converter=_status)
    name: ClassVar[str] = "change_status"
    field: ClassVar[str] = "status"

    def check(self, settings: OrganisationSettings) -> None:
        """Both statuses are always allowed."""

    def new_value(self, current: FieldValue) -> FieldValue:
        return self.status


def _segment_ids(value: Iterable[MarketSegmentId]) -> frozenset[MarketSegmentId]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError("mass_update", "market_segment_ids", "must be a set of ids", value)
    ids = frozenset(value)
    if not ids:
        raise ValidationError("mass_update", "market_segment_ids", "choose at least one segment")
    for segment_id in ids:
        _uuid("market segment", "market_segment_ids", segment_id)
    return ids


def _segments(current: FieldValue) -> frozenset[MarketSegmentId]:
    assert isinstance(current, frozenset)
    return current


@frozen
class AddSegments:
    """M3: unite each customer's segments with these (previous segments are retained).

    Every segment must be an active segment of the catalogue.
    """

    segment_ids: frozenset[MarketSegmentId] = attrs.field(converter=_segment_ids)
    name: ClassVar[str] = "add_segments"
    field: ClassVar[str] = "market_segment_ids"

    def check(self, settings: OrganisationSettings) -> None:
        errors = ErrorCollector()
        for segment_id in sorted(self.segment_ids):
            errors.check(partial(settings.require_segment, segment_id))
        errors.raise_if_any()

    def new_value(self, current: FieldValue) -> FieldValue:
        return _segments(current) | self.segment_ids


@frozen
class RemoveSegments:
    """M4: take these segments off each customer; removing an absent one is a no-op.

    The segments must be in the catalogue but may be disabled: taking customers out of a retired
    segment is exactly what one does before or after disabling it.
    """

    segment_ids: frozenset[MarketSegmentId] = attrs.field(converter=_segment_ids)
    name: ClassVar[str] = "remove_segments"
    field: ClassVar[str] = "market_segment_ids"

    def check(self, settings: OrganisationSettings) -> None:
        known = {segment.id for segment in settings.market_segments}
        errors = ErrorCollector()
        for segment_id in sorted(self.segment_ids):
            if segment_id not in known:
                errors.errors.append(
                    ValidationError(
                        "customer", "market_segment_ids", "unknown market segment", segment_id
                    )
                )
        errors.raise_if_any()

    def new_value(self, current: FieldValue) -> FieldValue:
        return _segments(current) - self.segment_ids


def _relabelled(make: Callable[[Any], str], field_name: str, value: Any) -> str:
    try:
        return make(value)
    except ValidationError as error:
        raise ValidationError("mass_update", field_name, error.reason, value) from None


def _einvoice_address(value: Any) -> str:
    return _relabelled(normalised_address, "address", value)


def _einvoice_operator(value: Any) -> str:
    return _relabelled(normalised_operator, "operator", value)


def _einvoices(current: FieldValue) -> EInvoiceAddresses:
    assert isinstance(current, EInvoiceAddresses)
    return current


@frozen
class AddEInvoiceAddress:
    """C7: give each selected customer this e-invoicing address (after its others; the default
    for a customer that had none). A customer that already has the address (case and spacing
    ignored) keeps its entry unchanged; one that already has MAX_EINVOICE_ADDRESSES fails the
    whole update (M2, the failure names it). The address and operator are validated when the
    action is made (ValidationError on ``mass_update.address`` / ``mass_update.operator``)."""

    address: str = attrs.field(converter=_einvoice_address)
    operator: str = attrs.field(converter=_einvoice_operator)
    name: ClassVar[str] = "add_einvoice_address"
    field: ClassVar[str] = "einvoice_addresses"

    def check(self, settings: OrganisationSettings) -> None:
        """Any valid address may be added (no catalogue)."""

    def new_value(self, current: FieldValue) -> FieldValue:
        addresses = _einvoices(current)
        if addresses.find(self.address) is not None:
            return addresses
        return addresses.with_address(EInvoiceAddress(self.address, self.operator))


@frozen
class RemoveEInvoiceAddress:
    """C7: take this e-invoicing address (case and spacing ignored) off each selected customer;
    a customer without it is unchanged; where it was the default, the earliest-added remaining
    address becomes the default."""

    address: str = attrs.field(converter=_einvoice_address)
    name: ClassVar[str] = "remove_einvoice_address"
    field: ClassVar[str] = "einvoice_addresses"

    def check(self, settings: OrganisationSettings) -> None:
        """Any valid address may be removed."""

    def new_value(self, current: FieldValue) -> FieldValue:
        return _einvoices(current).without(self.address)


#: The closed set of mass-update actions (the seven of the "Mass update" help article, and
#: adding / removing an e-invoicing address, C7).
MassAction = (
    ChangeOwner
    | ChangeIndustry
    | ChangeInvoiceTemplate
    | ChangeDefaultVat
    | ChangeStatus
    | AddSegments
    | RemoveSegments
    | AddEInvoiceAddress
    | RemoveEInvoiceAddress
)

#: The customer fields a mass update may change (and so an undo may restore).
FIELDS = frozenset(
    {
        "owner_id",
        "industry_id",
        "invoice_template_id",
        "default_vat_rate_id",
        "status",
        "market_segment_ids",
        "einvoice_addresses",
    }
)


def writable_field(name: str) -> str:
    """``name`` checked to be a mass-updatable field (what ``CustomerRepository.read_field`` and
    ``write_field`` accept), else a ValidationError naming it."""
    if name not in FIELDS:
        raise ValidationError("customer", "field", "is not a mass-updatable field", name)
    return name


class FieldState(NamedTuple):
    """What a mass update reads of one customer: its stored version and the one field's value
    (not the whole customer: a selection of 100,000 builds no Customer objects)."""

    version: int
    value: FieldValue


class FieldWrite(NamedTuple):
    """What a mass update writes to one customer: the field's new value, guarded by the version
    the change was planned on (the optimistic lock: a customer changed since is not overwritten)."""

    customer_id: CustomerId
    version: int
    value: FieldValue


class OutcomeKind(enum.Enum):
    """M7: what a mass update did to one selected customer."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"  # it already had the value (M6: nothing written)


@frozen
class CustomerOutcome:
    """M7: the outcome for one selected customer: the field, its value before and after.

    ``before == after`` means the customer already had the value and was not written.
    """

    customer_id: CustomerId
    field: str
    before: FieldValue
    after: FieldValue

    @property
    def kind(self) -> OutcomeKind:
        return OutcomeKind.CHANGED if self.before != self.after else OutcomeKind.UNCHANGED

    @property
    def changed(self) -> bool:
        return self.before != self.after


def plan(customer_id: CustomerId, state: FieldState, action: MassAction) -> CustomerOutcome:
    """The outcome ``action`` would have on the customer in ``state`` (pure, nothing is
    written)."""
    return CustomerOutcome(customer_id, action.field, state.value, action.new_value(state.value))


def parse_rendered(field_name: str, rendered: Any) -> FieldValue:
    """The typed value of a mass-updatable field from its audit rendering (for undo).

    The inverse of ``custreg.domain.audit.render`` on these fields: ids are text, the status is
    its value, segments are a sorted list of ids.
    """
    if field_name not in FIELDS:
        raise ValidationError("mass_update", "field", "is not a mass-updatable field", field_name)
    if rendered is None:
        return None
    try:
        if field_name == "status":
            return CustomerStatus(rendered)
        if field_name == "market_segment_ids":
            return frozenset(MarketSegmentId(UUID(str(item))) for item in rendered)
        if field_name == "einvoice_addresses":
            return EInvoiceAddresses(
                tuple(EInvoiceAddress(e["address"], e["operator"]) for e in rendered["added"]),
                rendered["default_index"],
            )
        return UUID(str(rendered))
    except (TypeError, ValueError, KeyError):
        raise ValidationError(
            "audit_entry", field_name, "is not a stored value of this field", rendered
        ) from None


__all__ = [
    "AUDIT_PREFIX",
    "BATCH_ENTITY",
    "FIELDS",
    "VERSIONS_FIELD",
    "AddEInvoiceAddress",
    "AddSegments",
    "ChangeDefaultVat",
    "ChangeIndustry",
    "ChangeInvoiceTemplate",
    "ChangeOwner",
    "ChangeStatus",
    "CustomerOutcome",
    "FieldState",
    "FieldValue",
    "FieldWrite",
    "MassAction",
    "OutcomeKind",
    "RemoveEInvoiceAddress",
    "RemoveSegments",
    "parse_rendered",
    "plan",
    "writable_field",
]


def _rendered() -> Callable[[object], Any]:
    """``render`` remembering its results by object identity for one batch: its values are a few
    ids shared by thousands of customers (the objects stay referenced while the batch is built)."""
    done: dict[int, Any] = {}

    def rendered(value: object) -> Any:
        key = id(value)
        if key not in done:
            done[key] = render(value)
        return done[key]

    return rendered


def mass_update_changes(
    stamp: Stamp, action: str, changed: Sequence[CustomerOutcome],
    versions: Mapping[CustomerId, int],
) -> list[FieldChanges | FieldChanged]:
    """M7: what one mass update records (``stamp`` carries its batch id), as columns: per run of
    consecutive changed customers in one field, their ``FieldChanges`` (field, before and after
    of each), then one ``FieldChanged`` about the batch: the version it wrote for each customer,
    one past the version in ``versions`` its change was planned on (undo's "changed since?"
    check). ``mass_update_events`` gives the same as one event each."""
    assert stamp.batch_id is not None, "a mass update is one batch"
    rendered = _rendered()
    parts: list[FieldChanges | FieldChanged] = []
    for name, run in groupby(changed, key=attrgetter("field")):
        outcomes = list(run)
        parts.append(
            FieldChanges(
                "customer", name, stamp, action,
                [outcome.customer_id for outcome in outcomes],
                [rendered(outcome.before) for outcome in outcomes],
                [rendered(outcome.after) for outcome in outcomes],
            )
        )
    written = {str(o.customer_id): versions[o.customer_id] + 1 for o in changed}
    parts.append(
        FieldChanged(BATCH_ENTITY, stamp.batch_id, VERSIONS_FIELD, None, written, stamp, action)
    )
    return parts


def mass_update_events(
    stamp: Stamp, action: str, changed: Sequence[CustomerOutcome],
    versions: Mapping[CustomerId, int],
) -> list[FieldChanged]:
    """M7: the events of one mass update (``stamp`` carries its batch id): one per changed
    customer (its field, before and after), then one about the batch: the version it wrote for
    each customer, one past the version in ``versions`` its change was planned on (undo's
    "changed since?" check). The events of ``mass_update_changes``, one by one."""
    events: list[FieldChanged] = []
    for part in mass_update_changes(stamp, action, changed, versions):
        events.extend(part.events() if isinstance(part, FieldChanges) else (part,))
    return events
