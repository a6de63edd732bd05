"""Host-side data entry: the invoices, credit notes, cost entries and proposals a host records, as
plain input values and the pure checks that turn them into entities (K4, K8, S2, U5).

Each ``*_of`` function checks every field of one input against what the registry holds
(``EntryFacts``: the organisation's settings, the customers and the projects the input names) and
returns the entity, or raises ValidationError (ValidationErrors for several fields) naming each
failing field and why. Nothing here reads or writes storage, so the single and the bulk use cases
(``custreg.usecases.invoices``, ``costs``, ``proposals``), the tests' model and every adapter share
one set of rules. The bulk-entry errors (``RowError``, ``EntryRowsError``, ``row_errors``) live in
``custreg.domain.errors`` and are re-exported here for code that imported them from this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from typing import TypeVar
from uuid import UUID

from attrs import field
from attrs import frozen

from custreg.domain.checked import maker
from custreg.domain.errors import EntryRowsError as EntryRowsError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import RowError as RowError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.errors import row_errors as row_errors
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Proposal
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.text import required_text
from custreg.domain.values import Money

#: The largest invoice number stored (18 digits: exact in a 64-bit integer column).
MAX_INVOICE_NUMBER = 999_999_999_999_999_999

#: Unicode categories never accepted in entered text: controls (NUL, ESC...), format characters
#: (zero-width spaces, bidi overrides that hide what a cell says), lone surrogates, private use
#: and unassigned code points.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

AmountInput = Money | Decimal | int | str
T = TypeVar("T")


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return (value,)  # a single id where a collection is expected: checked (and named) later
    return tuple(value)


@frozen
class NewInvoice:
    """An invoice or credit note as the host's ledger gives it.

    ``total_excl_vat`` and ``total_incl_vat`` are Money in the organisation's currency, or an
    exact amount (Decimal, int or text, never float) in that currency. A credit note has
    ``is_credit_note`` and totals <= 0; an invoice totals >= 0 (credit notes reduce billing, K4).
    ``number`` None: not numbered yet (it does not count as billed). ``project_ids``: projects of
    the same customer the invoice bills.
    """

    customer_id: CustomerId
    status_id: InvoiceStatusId
    on: date
    total_excl_vat: AmountInput
    total_incl_vat: AmountInput
    number: int | None = None
    project_ids: tuple[ProjectId, ...] = field(default=(), converter=_tuple)
    is_credit_note: bool = False
    owner_id: UserId | None = None


@frozen
class NewCostEntry:
    """A cost booked on a project on a date: work-hour cost, travel expense or purchase/fee.

    ``kind`` is a CostKind or its value (``"work_hours"``, ``"travel"``, ``"purchase"``);
    ``amount`` Money in the organisation's currency or an exact amount in it (never float). A
    negative amount is a correction (a refund) and reduces total cost.
    """

    project_id: ProjectId
    kind: CostKind | str
    on: date
    amount: AmountInput


@frozen
class NewProposal:
    """A proposal (quote) made on a project. ``created_on`` None: today in the organisation's
    time zone (the use case's clock)."""

    project_id: ProjectId
    name: str
    created_on: date | None = None


@frozen
class EntryFacts:
    """What checking entries needs to know of the registry: the settings, which of the named
    customers exist, and the customer of each named project that exists."""

    settings: OrganisationSettings
    customers: frozenset[CustomerId]
    projects: Mapping[ProjectId, CustomerId]
    #: The organisation's users and invoice statuses by id (derived from ``settings``).
    users: frozenset[UUID] = field(init=False)
    invoice_statuses: Mapping[UUID, InvoiceStatus] = field(init=False)

    @users.default
    def _users(self) -> frozenset[UUID]:
        return frozenset(user.id for user in self.settings.users)

    @invoice_statuses.default
    def _statuses(self) -> Mapping[UUID, InvoiceStatus]:
        return {status.id: status for status in self.settings.invoice_statuses}


# -- field checks ----------------------------------------------------------------------------------
def entry_text(entity: str, field_name: str, value: Any, max_length: int = 255) -> str:
    """``required_text`` that also refuses characters no one types: controls, format characters
    (zero-width, bidi), lone surrogates, private-use and unassigned code points."""
    cleaned = required_text(entity, field_name, value, max_length)
    for char in cleaned:
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            reason = f"must not contain the invisible or control character U+{ord(char):04X}"
            raise ValidationError(entity, field_name, reason, value)
    return cleaned


def entry_id(entity: str, field_name: str, value: Any) -> Any:
    """``value`` if it is an id (a UUID), else a ValidationError on the field."""
    if not isinstance(value, UUID):
        raise ValidationError(entity, field_name, "must be an id (UUID)", value)
    return value


def entry_date(entity: str, field_name: str, value: Any) -> date:
    """A calendar date (a datetime is refused: which day it is depends on a time zone)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(entity, field_name, "must be a date (not a datetime)", value)
    return value


def entry_amount(entity: str, field_name: str, value: Any, currency: str) -> Money:
    """Money in the organisation's ``currency`` (K8): Money, or an exact amount in it."""
    if isinstance(value, Money):
        if value.currency != currency:
            reason = f"must be in the organisation's currency {currency}, not {value.currency}"
            raise ValidationError(entity, field_name, reason, value)
        return value
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        reason = "must be Money or an exact amount (Decimal, int or text), never float"
        raise ValidationError(entity, field_name, reason, value)
    if isinstance(value, str) and len(value) > 40:
        raise ValidationError(entity, field_name, "is not an amount (too long)", value[:40])
    if isinstance(value, int) and value.bit_length() > 64:
        raise ValidationError(entity, field_name, "must be below 10^14", value)
    try:
        return Money(value.strip() if isinstance(value, str) else value, currency)
    except ValidationError as error:
        raise ValidationError(entity, field_name, error.reason, value) from None


def _flag(entity: str, field_name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(entity, field_name, "must be True or False", value)
    return value


def _invoice_number(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_INVOICE_NUMBER:
        reason = f"must be a whole number 1 to {MAX_INVOICE_NUMBER} or None"
        raise ValidationError("invoice", "number", reason, value)
    return value


def _customer(facts: EntryFacts, value: Any) -> CustomerId:
    customer_id = entry_id("invoice", "customer_id", value)
    if customer_id not in facts.customers:
        raise ValidationError("invoice", "customer_id", "no such customer", value)
    return CustomerId(customer_id)


def _invoice_status(
    facts: EntryFacts, value: Any, current: InvoiceStatusId | None
) -> InvoiceStatusId:
    status = facts.invoice_statuses.get(entry_id("invoice", "status_id", value))
    if status is None:
        raise ValidationError("invoice", "status_id", "unknown invoice status", value)
    if not status.active and status.id != current:
        raise ValidationError("invoice", "status_id", "is disabled", value)
    return status.id


def _owner(entity: str, facts: EntryFacts, value: Any) -> UserId | None:
    if value is None:
        return None
    if entry_id(entity, "owner_id", value) not in facts.users:
        raise ValidationError(entity, "owner_id", "unknown user", value)
    return UserId(value)


def _invoice_projects(
    facts: EntryFacts, customer_id: CustomerId | None, values: tuple[Any, ...]
) -> frozenset[ProjectId]:
    for value in values:
        project_id = entry_id("invoice", "project_ids", value)
        owner = facts.projects.get(ProjectId(project_id))
        if owner is None:
            raise ValidationError("invoice", "project_ids", "no such project", value)
        if customer_id is not None and owner != customer_id:
            raise ValidationError(
                "invoice", "project_ids", "is a project of another customer", value
            )
    return frozenset(values)


def _project(entity: str, facts: EntryFacts, value: Any) -> ProjectId:
    project_id = entry_id(entity, "project_id", value)
    if project_id not in facts.projects:
        raise ValidationError(entity, "project_id", "no such project", value)
    return ProjectId(project_id)


def _try(errors: list[ValidationError], check: Callable[..., T], *args: Any) -> T | None:
    """``check(*args)``, or None after keeping its ValidationError in ``errors``."""
    try:
        return check(*args)
    except ValidationError as error:
        errors.append(error)
        return None


def _raise(errors: list[ValidationError]) -> None:
    """Raise the one error, or ValidationErrors for several."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


# -- entities --------------------------------------------------------------------------------------
#: ``Invoice`` from fields ``_valid_invoice`` checked, in field order (``checked.maker``).
_checked_invoice = maker(Invoice)

def _valid_invoice(
    new: NewInvoice, invoice_id: InvoiceId, facts: EntryFacts, current: InvoiceStatusId | None
) -> Invoice:
    """``invoice_of``'s checks in one pass that stops at the first failure: the common case of a
    valid row (a bulk entry's thousands) costs no per-field error bookkeeping. ``invoice_of``
    redoes the failing row field by field to report every failure."""
    currency = facts.settings.currency
    customer_id = _customer(facts, new.customer_id)
    excl = entry_amount("invoice", "total_excl_vat", new.total_excl_vat, currency)
    incl = entry_amount("invoice", "total_incl_vat", new.total_incl_vat, currency)
    credit = _flag("invoice", "is_credit_note", new.is_credit_note)
    wrong_sign = (
        excl.amount > 0 or incl.amount > 0 if credit else excl.amount < 0 or incl.amount < 0
    )
    if wrong_sign or abs(incl.amount) < abs(excl.amount):
        raise ValidationError("invoice", "total_excl_vat", "checked field by field", excl)
    if not isinstance(invoice_id, UUID):
        raise ValidationError("invoice", "id", "checked field by field", invoice_id)
    # Every field passed checks at least as strict as Invoice's own (ids, a number 1..MAX, the
    # projects' ids, both totals in one currency and signed as the kind says): built as it is.
    return _checked_invoice(
        invoice_id,
        customer_id,
        _invoice_status(facts, new.status_id, current),
        entry_date("invoice", "on", new.on),
        excl,
        incl,
        _invoice_number(new.number),
        _invoice_projects(facts, customer_id, new.project_ids),
        credit,
        _owner("invoice", facts, new.owner_id),
    )


def invoice_of(
    new: NewInvoice,
    invoice_id: InvoiceId,
    facts: EntryFacts,
    current_status: InvoiceStatusId | None = None,
) -> Invoice:
    """The Invoice ``new`` stands for, every field checked (all failures raised together).

    The customer, the status (active, or ``current_status``: a correction may keep a status that
    was disabled since, S4), the owner (a user of the organisation) and the projects (of that
    customer) must exist; totals are in the organisation's currency, signed as the kind says
    (a credit note <= 0, an invoice >= 0), and the total incl. VAT is not nearer zero than the
    total excl. VAT.
    """
    if not isinstance(new, NewInvoice):
        raise ValidationError("invoice", None, "must be a NewInvoice", new)
    try:
        return _valid_invoice(new, invoice_id, facts, current_status)
    except ValidationError:
        return invoice_field_by_field(new, invoice_id, facts, current_status)


def invoice_field_by_field(
    new: NewInvoice,
    invoice_id: InvoiceId,
    facts: EntryFacts,
    current_status: InvoiceStatusId | None = None,
) -> Invoice:
    """``invoice_of`` checking every field on its own and raising all failures together (one
    ValidationError, or ValidationErrors): what ``invoice_of`` does for a row its one-pass
    check refused, and gives the same result as it for any row."""
    errors: list[ValidationError] = []
    currency = facts.settings.currency
    customer_id = _try(errors, _customer, facts, new.customer_id)
    status_id = _try(errors, _invoice_status, facts, new.status_id, current_status)
    on = _try(errors, entry_date, "invoice", "on", new.on)
    excl = _try(errors, entry_amount, "invoice", "total_excl_vat", new.total_excl_vat, currency)
    incl = _try(errors, entry_amount, "invoice", "total_incl_vat", new.total_incl_vat, currency)
    number = _try(errors, _invoice_number, new.number)
    credit = _try(errors, _flag, "invoice", "is_credit_note", new.is_credit_note)
    owner_id = _try(errors, _owner, "invoice", facts, new.owner_id)
    project_ids = _try(errors, _invoice_projects, facts, customer_id, new.project_ids)
    if credit is not None:
        for name, total in (("total_excl_vat", excl), ("total_incl_vat", incl)):
            if total is not None and (total.amount > 0 if credit else total.amount < 0):
                reason = "a credit note has totals <= 0" if credit else "an invoice has totals >= 0"
                errors.append(ValidationError("invoice", name, reason, total))
    if excl is not None and incl is not None and abs(incl.amount) < abs(excl.amount):
        reason = "must not be nearer zero than the total excl. VAT"
        errors.append(ValidationError("invoice", "total_incl_vat", reason, incl))
    _raise(errors)
    assert customer_id and status_id and on and excl and incl and project_ids is not None
    return Invoice(
        id=invoice_id,
        customer_id=customer_id,
        status_id=status_id,
        on=on,
        total_excl_vat=excl,
        total_incl_vat=incl,
        number=number,
        project_ids=project_ids,
        is_credit_note=bool(credit),
        owner_id=owner_id,
    )


def _cost_kind(value: Any) -> CostKind:
    if isinstance(value, CostKind):
        return value
    if isinstance(value, str):
        for kind in CostKind:
            if kind.value == value:
                return kind
    kinds = ", ".join(k.value for k in CostKind)
    raise ValidationError("cost_entry", "kind", f"must be one of {kinds}", value)


def cost_entry_of(new: NewCostEntry, entry_id_: CostEntryId, facts: EntryFacts) -> CostEntry:
    """The CostEntry ``new`` stands for: an existing project, a known kind, a date and an amount
    in the organisation's currency (every failing field raised together)."""
    if not isinstance(new, NewCostEntry):
        raise ValidationError("cost_entry", None, "must be a NewCostEntry", new)
    errors: list[ValidationError] = []
    currency = facts.settings.currency
    project_id = _try(errors, _project, "cost_entry", facts, new.project_id)
    kind = _try(errors, _cost_kind, new.kind)
    on = _try(errors, entry_date, "cost_entry", "on", new.on)
    amount = _try(errors, entry_amount, "cost_entry", "amount", new.amount, currency)
    _raise(errors)
    assert project_id and kind and on and amount
    return CostEntry(entry_id_, project_id, kind, on, amount)


def proposal_of(
    new: NewProposal, proposal_id: ProposalId, facts: EntryFacts, today: date
) -> Proposal:
    """The Proposal ``new`` stands for: an existing project, a visible one-line name (no control
    or invisible characters) and a date (``today`` when not given)."""
    if not isinstance(new, NewProposal):
        raise ValidationError("proposal", None, "must be a NewProposal", new)
    errors: list[ValidationError] = []
    project_id = _try(errors, _project, "proposal", facts, new.project_id)
    name = _try(errors, entry_text, "proposal", "name", new.name)
    created_on = (
        today
        if new.created_on is None
        else _try(errors, entry_date, "proposal", "created_on", new.created_on)
    )
    _raise(errors)
    assert project_id and name and created_on
    return Proposal(proposal_id, project_id, name, created_on)


# -- what an entry names ---------------------------------------------------------------------------
def named_customers(items: Iterable[object]) -> set[CustomerId]:
    """The customer ids the inputs name (ids only; anything else is left to the checks)."""
    return {
        i.customer_id
        for i in items
        if isinstance(i, NewInvoice) and isinstance(i.customer_id, UUID)
    }


def named_projects(items: Iterable[object]) -> set[ProjectId]:
    """The project ids the inputs name (ids only; anything else is left to the checks)."""
    found: set[ProjectId] = set()
    for item in items:
        if isinstance(item, NewInvoice):
            found.update(p for p in item.project_ids if isinstance(p, UUID))
        elif isinstance(item, NewCostEntry | NewProposal) and isinstance(item.project_id, UUID):
            found.add(item.project_id)
    return found


# -- permissions -----------------------------------------------------------------------------------
def require_invoice_write(principal: Principal, action: str, owner_id: UserId | None) -> None:
    """Recording, correcting or removing an invoice needs Edit on customers, and the principal
    must be one who may see that invoice (K4, U5: no one writes figures they may not read).
    PermissionDeniedError on ``invoice.owner_id`` otherwise."""
    require(principal, CustomerPermission.EDIT, "invoice", action)
    if not principal.may_see_invoice(owner_id):
        raise PermissionDeniedError(
            "invoice", action, "the right to see this invoice (its owner)", "owner_id"
        )


def may_see_costs(principal: Principal) -> bool:
    """U5: whether cost entries count for (and may be written by) this principal."""
    return principal.sees_money


def require_cost_write(principal: Principal, action: str) -> None:
    """Recording, correcting or removing a cost entry needs Edit on customers and the right to
    see financial values (U5). PermissionDeniedError otherwise."""
    require(principal, CustomerPermission.EDIT, "cost_entry", action)
    if not may_see_costs(principal):
        raise PermissionDeniedError("cost_entry", action, "the right to see financial values")


def require_proposal_write(principal: Principal, action: str) -> None:
    """Recording, correcting or removing a proposal needs Edit on customers (U2)."""
    require(principal, CustomerPermission.EDIT, "proposal", action)

