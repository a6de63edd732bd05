"""Checking customers' VAT numbers live (VIES) and recording the answer on the customer.

- ``check_customer_vat``: ask the VatCheck port about one customer's VAT number; a valid or
  invalid answer is recorded on the customer (``Customer.vat_check``: the answer and when) with
  an audit entry, in one unit of work; an unknown answer writes nothing (the customer keeps its
  last definite answer, None if never checked).
- ``check_customers_vat``: the same over a selection, one outcome per selected customer, each
  customer in its own unit of work (a mass check is not all-or-nothing: every answer that came
  back is kept).

The service is asked before any unit of work opens, so a slow or failing service never holds a
transaction, and its trouble is an UNKNOWN outcome, never an error (offline-safe).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs
from attrs import frozen

from custreg.domain.errors import ConflictError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.vat_check import VatCheckAnswer
from custreg.domain.vat_check import VatCheckStatus
from custreg.domain.vat_check import vies_prefix
from custreg.ports.registry import Registry
from custreg.ports.vat_check import VatCheck

#: The most customers one mass check takes (each is one request to the service).
MAX_SELECTION = 10_000


class VatCheckOutcome(enum.Enum):
    """What happened to one customer in a check."""

    #: A valid or invalid answer was recorded on the customer.
    RECORDED = "recorded"
    #: The service could not tell (member state down, timeout, rate limit...): nothing written.
    UNKNOWN = "unknown"
    #: Not checked: no VAT number, or one the service does not cover (``reason`` says which).
    NOT_CHECKED = "not_checked"
    #: The customer (its VAT number, or its version) changed while the service was asked:
    #: nothing written.
    CHANGED_MEANWHILE = "changed_meanwhile"


@frozen
class CustomerVatCheck:
    """The outcome for one customer: what happened, the service's answer when it was asked
    (``answer.status`` valid / invalid / unknown, with the registered name and address when
    shared), and why when nothing was recorded."""

    customer_id: CustomerId
    outcome: VatCheckOutcome
    answer: VatCheckAnswer | None = None
    reason: str | None = None

    @property
    def status(self) -> VatCheckStatus:
        """The answer's status; UNKNOWN when the service was not asked."""
        return self.answer.status if self.answer is not None else VatCheckStatus.UNKNOWN


def _ask(
    registry: Registry, checker: VatCheck, customer_id: CustomerId
) -> CustomerVatCheck | tuple[CustomerVatCheck, VatCheckAnswer]:
    with registry.read() as uow:
        customer = uow.customers.get(customer_id)
    vat = customer.vat_number
    if vat is None:
        return CustomerVatCheck(
            customer_id, VatCheckOutcome.NOT_CHECKED, reason="the customer has no VAT number"
        )
    try:
        vies_prefix(vat)
    except ValidationError as error:
        return CustomerVatCheck(customer_id, VatCheckOutcome.NOT_CHECKED, reason=error.reason)
    answer = checker.check(vat)
    if not answer.status.is_definite:
        return CustomerVatCheck(customer_id, VatCheckOutcome.UNKNOWN, answer, answer.reason)
    return CustomerVatCheck(customer_id, VatCheckOutcome.RECORDED, answer), answer


def _record(
    registry: Registry, principal: Principal, outcome: CustomerVatCheck, answer: VatCheckAnswer
) -> CustomerVatCheck:
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.customers.get(outcome.customer_id)
        if before.vat_number != answer.vat_number:
            return attrs.evolve(
                outcome,
                outcome=VatCheckOutcome.CHANGED_MEANWHILE,
                reason="the VAT number changed while it was being checked; check again",
            )
        after, events = before.record_vat_check(answer.result(), stamp)
        if not events:
            return outcome
        try:
            uow.customers.update(after)
        except ConflictError:  # another writer got there first: nothing is written
            return attrs.evolve(
                outcome,
                outcome=VatCheckOutcome.CHANGED_MEANWHILE,
                reason="the customer changed while it was being checked; check again",
            )
        uow.commit(events)
    return outcome


def check_customer_vat(
    registry: Registry, principal: Principal, checker: VatCheck, customer_id: CustomerId
) -> CustomerVatCheck:
    """Check one customer's VAT number live and record a valid or invalid answer, with its date
    from the service's answer time, on the customer (audited). Unknown writes nothing.

    Needs Edit on customers (the answer is stored). NotFoundError if the customer does not
    exist; the service's own trouble is never an error (outcome UNKNOWN).
    """
    require(principal, CustomerPermission.EDIT, "customer", "check a VAT number")
    asked = _ask(registry, checker, customer_id)
    if isinstance(asked, CustomerVatCheck):
        return asked
    return _record(registry, principal, *asked)


def check_customers_vat(
    registry: Registry,
    principal: Principal,
    checker: VatCheck,
    customer_ids: Iterable[CustomerId],
) -> tuple[CustomerVatCheck, ...]:
    """Check every selected customer's VAT number; one outcome per selected customer, in the
    order given (duplicates checked once, reported once). Every customer must exist (checked
    before the service is asked: NotFoundError naming the first missing one, nothing written).
    Answers are recorded customer by customer, so an unknown answer for one costs only that one.
    """
    require(principal, CustomerPermission.EDIT, "customer", "check VAT numbers")
    if isinstance(customer_ids, str | bytes):
        raise ValidationError(
            "vat_check", "customer_ids", "must be a collection of customer ids", customer_ids
        )
    selection = list(dict.fromkeys(customer_ids))
    if len(selection) > MAX_SELECTION:
        raise ValidationError(
            "vat_check",
            "customer_ids",
            f"at most {MAX_SELECTION} customers per check",
            len(selection),
        )
    with registry.read() as uow:
        found = set(uow.customers.get_many(selection))
    missing = [c for c in selection if c not in found]
    if missing:
        raise NotFoundError("customer", missing[0])
    outcomes: list[CustomerVatCheck] = []
    for customer_id in selection:
        try:
            asked = _ask(registry, checker, customer_id)
            outcomes.append(
                asked
                if isinstance(asked, CustomerVatCheck)
                else _record(registry, principal, *asked)
            )
        except NotFoundError:  # deleted while the selection was being checked
            outcomes.append(
                CustomerVatCheck(
                    customer_id,
                    VatCheckOutcome.NOT_CHECKED,
                    reason="the customer was deleted during the check",
                )
            )
    return tuple(outcomes)


__all__ = [
    "MAX_SELECTION",
    "CustomerVatCheck",
    "VatCheckOutcome",
    "check_customer_vat",
    "check_customers_vat",
]
