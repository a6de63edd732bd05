"""Examples of the customer aggregate (C1-C8): name, payment term, versions, the current VAT
check and the state transitions, with every refusal's field, reason and value."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs
import pytest

from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import BILLING_SETTINGS
from custreg.domain.customer import MAX_VERSION
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.customer import customer_name
from custreg.domain.customer import expected_version
from custreg.domain.customer import payment_term
from custreg.domain.customer import version_number
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import Removed
from custreg.domain.events import Stamp
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import MarketSegmentId
from custreg.domain.ids import UserId
from custreg.domain.values import CustomerNumber
from custreg.domain.vat_check import VatCheckResult
from custreg.domain.vat_check import VatCheckStatus
from refusals import refused

NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)
LATER = datetime(2026, 11, 26, 12, tzinfo=UTC)
ANNA = UserId(UUID(int=9))
FI = VatNumber("FI01120389")


def _customer(**changes: Any) -> Customer:
    fields: dict[str, Any] = {
        "id": CustomerId(UUID(int=1)),
        "number": CustomerNumber(1001),
        "name": "Acme",
        "created_at": NOON,
    }
    return Customer(**(fields | changes))


def test_c1_customer_defaults() -> None:
    customer = _customer(name="  Acme   Oy ")
    assert customer.name == "Acme Oy"
    assert customer.status is CustomerStatus.ACTIVE
    assert customer.is_active is True
    assert (customer.version, customer.vat_check, customer.current_vat_check) == (1, None, None)
    assert customer.market_segment_ids == frozenset()
    assert customer.is_internal is False
    assert [s.value for s in CustomerStatus] == ["active", "inactive"]
    assert _customer(status=CustomerStatus.INACTIVE).is_active is False
    assert BILLING_SETTINGS == (
        "invoice_template_id",
        "default_vat_rate_id",
        "payment_term_days",
        "einvoice_addresses",
    )


def test_c1_name_is_required() -> None:
    assert customer_name(" A ") == "A"
    with refused("customer", "name", "must not be blank", " "):
        _customer(name=" ")
    with refused("customer", "name", "must be at most 255 characters"):
        _customer(name="n" * 256)


def test_segments_become_a_set() -> None:
    segment = MarketSegmentId(UUID(int=3))
    assert _customer(market_segment_ids=[segment, segment]).market_segment_ids == {segment}


@pytest.mark.parametrize(("days", "result"), [(None, None), (0, 0), (14, 14), (365, 365)])
def test_payment_term_0_to_365(days: int | None, result: int | None) -> None:
    assert payment_term(days) == result
    assert _customer(payment_term_days=days).payment_term_days == result


@pytest.mark.parametrize("days", [-1, 366, True, False, 14.0, "14"])
def test_payment_term_refusals(days: Any) -> None:
    with refused("customer", "payment_term_days", "must be 0-365 days", days):
        payment_term(days)


@pytest.mark.parametrize("version", [1, 2, MAX_VERSION])
def test_version_numbers(version: int) -> None:
    assert version_number(version) == version
    assert _customer(version=version).version == version
    assert MAX_VERSION == 9_223_372_036_854_775_807


@pytest.mark.parametrize("version", [0, -1, MAX_VERSION + 1, True, 1.0, "1", None])
def test_version_number_refusals(version: Any) -> None:
    with refused("customer", "version", "must be a positive integer", version):
        version_number(version)
    with refused("contact", "row_version", "must be a positive integer", version):
        version_number(version, "contact", "row_version")
    with refused("customer", "version", "must be a positive integer", version):
        _customer(version=version)


@pytest.mark.parametrize("version", [None, 0, -1, 1, MAX_VERSION, -MAX_VERSION])
def test_expected_versions(version: int | None) -> None:
    assert expected_version(version) == version


@pytest.mark.parametrize("version", [MAX_VERSION + 1, -MAX_VERSION - 1, True, False, 1.0, "1"])
def test_expected_version_refusals(version: Any) -> None:
    with refused("customer", "expected_version", "must be an integer version", version):
        expected_version(version)


def test_c7_current_vat_check_only_for_the_current_number() -> None:
    check = VatCheckResult(VatCheckStatus.VALID, NOON, FI)
    assert _customer(vat_number=FI, vat_check=check).current_vat_check == check
    other = VatNumber("FI20774740")
    assert _customer(vat_number=other, vat_check=check).current_vat_check is None
    assert _customer(vat_check=check).current_vat_check is None


def test_touched_is_the_next_version() -> None:
    customer = _customer(version=4)
    touched = customer.touched(LATER, ANNA)
    assert (touched.updated_at, touched.updated_by, touched.version) == (LATER, ANNA, 5)
    assert (touched.created_at, touched.name) == (NOON, "Acme")


def test_c3_renumbered() -> None:
    customer = _customer(version=4)
    stamp = Stamp(ANNA, LATER)
    assert customer.renumber(CustomerNumber(1001), stamp) == (customer, ())
    moved, events = customer.renumber(CustomerNumber(7), stamp)
    assert (moved.number, moved.version, moved.updated_at, moved.updated_by) == (
        CustomerNumber(7),
        5,
        LATER,
        ANNA,
    )
    assert [(e.action, e.before, e.after) for e in events] == [("update", customer, moved)]


# -- state changes and their events (M7) ------------------------------------------------------

STAMP = Stamp(ANNA, LATER)


def test_m7_creation_and_removal_events() -> None:
    customer = _customer()
    assert customer.created(STAMP) == Created("customer", customer, STAMP, "create")
    assert customer.created(STAMP, "import") == Created("customer", customer, STAMP, "import")
    assert customer.removed(STAMP) == Removed("customer", customer, STAMP, "delete")


def _next(customer: Customer, **changes: Any) -> Customer:
    return attrs.evolve(
        customer, updated_at=LATER, updated_by=ANNA, version=customer.version + 1, **changes
    )


def test_m7_revise_stamps_the_next_version() -> None:
    customer = _customer(version=3)
    assert customer.revise(customer, STAMP) == (customer, ())
    revised = attrs.evolve(customer, name="Acme Group")
    after = _next(customer, name="Acme Group")
    assert customer.revise(revised, STAMP) == (
        after, (Changed("customer", customer, after, STAMP, "update"),)
    )
    assert customer.revise(revised, STAMP, "registry")[1] == (
        Changed("customer", customer, after, STAMP, "registry"),
    )


def test_c8_edit_changes_details_and_billing_settings() -> None:
    customer = _customer(version=2)
    after = _next(customer, name="Acme Group", payment_term_days=30)
    assert customer.edit(STAMP, name=" Acme  Group ", payment_term_days=30) == (
        after, (Changed("customer", customer, after, STAMP, "update"),)
    )
    assert customer.edit(STAMP, "registry", name="Acme Group")[1] == (
        Changed("customer", customer, _next(customer, name="Acme Group"), STAMP, "registry"),
    )
    assert customer.edit(STAMP, name="Acme") == (customer, ())
    assert customer.edit(STAMP) == (customer, ())
    with refused("customer", "payment_term_days", "must be 0-365 days", 400):
        customer.edit(STAMP, payment_term_days=400)


@pytest.mark.parametrize(
    ("values", "field", "value"),
    [
        ({"id": CustomerId(UUID(int=5))}, "id", CustomerId(UUID(int=5))),
        ({"number": CustomerNumber(5)}, "number", CustomerNumber(5)),
        ({"status": CustomerStatus.INACTIVE}, "status", CustomerStatus.INACTIVE),
        ({"version": 9}, "version", 9),
        ({"created_at": LATER}, "created_at", LATER),
        ({"created_by": ANNA}, "created_by", ANNA),
        ({"version": 9, "name": "X", "created_by": ANNA}, "created_by", ANNA),
        ({"status": CustomerStatus.ACTIVE, "number": CustomerNumber(5)}, "number",
         CustomerNumber(5)),
    ],
)
def test_c3_c5_edit_leaves_identity_number_and_status_alone(
    values: dict[str, Any], field: str, value: Any
) -> None:
    with refused("customer", field, "is not changed by an edit", value):
        _customer().edit(STAMP, **values)


def test_c5_inactivate_and_reactivate() -> None:
    customer = _customer()
    inactive = _next(customer, status=CustomerStatus.INACTIVE)
    assert customer.inactivate(STAMP) == (
        inactive, (Changed("customer", customer, inactive, STAMP, "inactivate"),)
    )
    assert customer.inactivate(STAMP, "consolidate")[1] == (
        Changed("customer", customer, inactive, STAMP, "consolidate"),
    )
    assert inactive.inactivate(STAMP) == (inactive, ())
    active = _next(inactive, status=CustomerStatus.ACTIVE)
    assert inactive.reactivate(STAMP) == (
        active, (Changed("customer", inactive, active, STAMP, "reactivate"),)
    )
    assert customer.reactivate(STAMP) == (customer, ())


def test_a2_move_headquarters_and_record_vat_check() -> None:
    customer = _customer()
    hq = AddressId(UUID(int=44))
    moved = _next(customer, headquarters_address_id=hq)
    assert customer.move_headquarters(hq, STAMP) == (
        moved, (Changed("customer", customer, moved, STAMP, "headquarters"),)
    )
    assert moved.move_headquarters(hq, STAMP) == (moved, ())
    none = _next(moved, headquarters_address_id=None)
    assert moved.move_headquarters(None, STAMP) == (
        none, (Changed("customer", moved, none, STAMP, "headquarters"),)
    )
    check = VatCheckResult(VatCheckStatus.VALID, NOON, FI)
    checked = _next(customer, vat_check=check)
    assert customer.record_vat_check(check, STAMP) == (
        checked, (Changed("customer", customer, checked, STAMP, "vat check"),)
    )
    assert checked.record_vat_check(check, STAMP) == (checked, ())
