"""Examples of the KPI rules (K1-K8): periods at their edges, the reference day in the
organisation's zone, what counts, the canonical amount, the change percentage, stated
directly (the strip's text is ``tests/test_kpi_text.py``)."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import tzinfo
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from custreg.domain.customer import Customer
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.kpi import BillingThisMonth
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import KpiPeriods
from custreg.domain.kpi import MarginThisYear
from custreg.domain.kpi import Period
from custreg.domain.kpi import billing_per_period
from custreg.domain.kpi import canonical_amount
from custreg.domain.kpi import change_percent
from custreg.domain.kpi import count_prospects
from custreg.domain.kpi import counts_as_active
from custreg.domain.kpi import counts_as_billing
from custreg.domain.kpi import counts_as_cost
from custreg.domain.kpi import counts_as_customer
from custreg.domain.kpi import is_sales_case_in_progress
from custreg.domain.kpi import is_won
from custreg.domain.kpi import month_of
from custreg.domain.kpi import previous_month
from custreg.domain.kpi import reference_day
from custreg.domain.kpi import year_of
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.project import Project
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money
from refusals import refused

HELSINKI = ZoneInfo("Europe/Helsinki")
ME, OTHER = UserId(UUID(int=1)), UserId(UUID(int=2))


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_k3_period_is_half_open() -> None:
    period = Period(date(2026, 1, 1), date(2026, 2, 1))
    assert date(2026, 1, 1) in period
    assert date(2026, 1, 31) in period
    assert date(2026, 2, 1) not in period
    assert date(2025, 12, 31) not in period
    assert "2026-01-05" not in period
    assert period.last_day == date(2026, 1, 31)
    assert Period(date(2026, 1, 1), date(2026, 1, 2)).last_day == date(2026, 1, 1)


def test_k3_period_must_end_after_start() -> None:
    with refused("period", "end", "must be after start", date(2026, 1, 1)):
        Period(date(2026, 1, 1), date(2026, 1, 1))
    with refused("period", "end", "must be after start", date(2025, 12, 31)):
        Period(date(2026, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("day", "month", "previous", "year"),
    [
        (
            date(2026, 1, 1),
            (date(2026, 1, 1), date(2026, 2, 1)),
            (date(2025, 12, 1), date(2026, 1, 1)),
            2026,
        ),
        (
            date(2026, 3, 31),
            (date(2026, 3, 1), date(2026, 4, 1)),
            (date(2026, 2, 1), date(2026, 3, 1)),
            2026,
        ),
        (
            date(2026, 12, 31),
            (date(2026, 12, 1), date(2027, 1, 1)),
            (date(2026, 11, 1), date(2026, 12, 1)),
            2026,
        ),
        (
            date(2024, 2, 29),
            (date(2024, 2, 1), date(2024, 3, 1)),
            (date(2024, 1, 1), date(2024, 2, 1)),
            2024,
        ),
        (
            date(2026, 11, 15),
            (date(2026, 11, 1), date(2026, 12, 1)),
            (date(2026, 10, 1), date(2026, 11, 1)),
            2026,
        ),
    ],
)
def test_k3_calendar_periods(
    day: date, month: tuple[date, date], previous: tuple[date, date], year: int
) -> None:
    assert month_of(day) == Period(*month)
    assert previous_month(day) == Period(*previous)
    assert year_of(day) == Period(date(year, 1, 1), date(year + 1, 1, 1))
    assert KpiPeriods.around(day) == KpiPeriods(
        day, Period(date(year, 1, 1), date(year + 1, 1, 1)), Period(*month), Period(*previous)
    )


@pytest.mark.parametrize(
    ("reference", "day"),
    [
        (datetime(2026, 1, 31, 22, 30, tzinfo=UTC), date(2026, 2, 1)),
        (datetime(2026, 1, 31, 21, 59, tzinfo=UTC), date(2026, 1, 31)),
        (date(2026, 1, 31), date(2026, 1, 31)),
    ],
)
def test_k3_reference_day_in_the_organisation_zone(reference: date | datetime, day: date) -> None:
    assert reference_day(reference, HELSINKI) == day


def test_k3_reference_day_refusals() -> None:
    naive = datetime(2026, 1, 31, 12)
    with refused("kpi", "reference", "a datetime must be timezone-aware", naive):
        reference_day(naive, HELSINKI)
    with refused("kpi", "reference", "must be a date or an aware datetime", "2026-01-31"):
        reference_day("2026-01-31", HELSINKI)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("principal", "visibility"),
    [
        (Principal(ME, CustomerPermission.ALL), InvoiceVisibility()),
        (
            Principal(ME, CustomerPermission.READ_ONLY, invoices=InvoiceAccess.ALL),
            InvoiceVisibility(),
        ),
        (Principal(ME, CustomerPermission.EDIT, invoices=InvoiceAccess.OWN), InvoiceVisibility(ME)),
        (Principal(ME, CustomerPermission.ALL, invoices=InvoiceAccess.NONE), None),
        (Principal(ME, CustomerPermission.NONE, invoices=InvoiceAccess.ALL), None),
    ],
)
def test_k4_invoice_visibility(principal: Principal, visibility: InvoiceVisibility | None) -> None:
    assert InvoiceVisibility.of(principal) == visibility


def test_k4_visibility_allows() -> None:
    assert InvoiceVisibility().owner_id is None
    assert InvoiceVisibility().allows(None) is True
    assert InvoiceVisibility().allows(OTHER) is True
    assert InvoiceVisibility(ME).allows(ME) is True
    assert InvoiceVisibility(ME).allows(OTHER) is False
    assert InvoiceVisibility(ME).allows(None) is False


SENT = InvoiceStatus(InvoiceStatusId(UUID(int=41)), "Sent", is_sent=True)
DRAFT = InvoiceStatus(InvoiceStatusId(UUID(int=42)), "Draft")
STATUSES = {SENT.id: SENT, DRAFT.id: DRAFT}
JANUARY = Period(date(2026, 1, 1), date(2026, 2, 1))


def _invoice(**changes: Any) -> Invoice:
    fields: dict[str, Any] = {
        "id": InvoiceId(UUID(int=5)),
        "customer_id": CustomerId(UUID(int=6)),
        "status_id": SENT.id,
        "on": date(2026, 1, 15),
        "total_excl_vat": eur("10"),
        "total_incl_vat": eur("12.4"),
        "number": 1,
        "owner_id": ME,
    }
    return Invoice(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "period", "visibility", "counts"),
    [
        ({}, None, None, True),
        ({}, JANUARY, InvoiceVisibility(ME), True),
        ({"number": None}, None, None, False),
        ({"status_id": DRAFT.id}, None, None, False),
        ({"status_id": InvoiceStatusId(UUID(int=99))}, None, None, False),
        ({"on": date(2026, 2, 1)}, JANUARY, None, False),
        ({"on": date(2026, 1, 31)}, JANUARY, None, True),
        ({}, None, InvoiceVisibility(OTHER), False),
        ({"owner_id": None}, None, InvoiceVisibility(), True),
    ],
)
def test_k4_counts_as_billing(
    changes: dict[str, Any],
    period: Period | None,
    visibility: InvoiceVisibility | None,
    counts: bool,
) -> None:
    assert counts_as_billing(_invoice(**changes), STATUSES, period, visibility) is counts


OFFER = SalesStatus(SalesStatusId(UUID(int=31)), "Offer", SalesState.IN_PROGRESS)
WON = SalesStatus(SalesStatusId(UUID(int=32)), "Won", SalesState.WON)
LOST = SalesStatus(SalesStatusId(UUID(int=33)), "Lost", SalesState.LOST)
SALES = {s.id: s for s in (OFFER, WON, LOST)}


def _project(**changes: Any) -> Project:
    fields: dict[str, Any] = {
        "id": ProjectId(UUID(int=7)),
        "customer_id": CustomerId(UUID(int=6)),
        "number": 1,
        "name": "P",
    }
    return Project(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "cost", "active", "in_progress", "won"),
    [
        ({}, True, True, False, False),
        ({"is_internal": True}, False, False, False, False),
        ({"is_closed": True}, True, False, False, False),
        ({"sales_status_id": OFFER.id}, True, True, True, False),
        ({"sales_status_id": OFFER.id, "is_closed": True}, True, False, False, False),
        ({"sales_status_id": OFFER.id, "is_internal": True}, False, False, False, False),
        (
            {"sales_status_id": WON.id, "is_closed": True, "is_internal": True},
            False,
            False,
            False,
            True,
        ),
        ({"sales_status_id": LOST.id}, True, True, False, False),
    ],
)
def test_k1_k5_k6_what_counts(
    changes: dict[str, Any], cost: bool, active: bool, in_progress: bool, won: bool
) -> None:
    project = _project(**changes)
    assert counts_as_cost(project) is cost
    assert counts_as_active(project) is active
    assert is_sales_case_in_progress(project, SALES) is in_progress
    assert is_won(project, SALES) is won


ME_ONLY = InvoiceVisibility(ME)


def test_k3_k4_billing_per_period_sums_each_period_in_order() -> None:
    february = Period(date(2026, 2, 1), date(2026, 3, 1))
    march = Period(date(2026, 3, 1), date(2026, 4, 1))
    invoices = [
        _invoice(total_excl_vat=eur("10")),
        _invoice(on=date(2026, 1, 31), total_excl_vat=eur("2.5")),
        _invoice(on=date(2026, 2, 1), total_excl_vat=eur("7")),
        _invoice(status_id=DRAFT.id, total_excl_vat=eur("100")),
        _invoice(owner_id=OTHER, total_excl_vat=eur("1000")),
    ]
    # A one-pass iterable: every period must see every invoice.
    sums = billing_per_period(iter(invoices), STATUSES, [february, JANUARY, march], ME_ONLY)
    assert sums == (Decimal("7"), Decimal("12.5"), Decimal("0"))
    assert all(type(amount) is Decimal for amount in sums)
    everyone = billing_per_period(invoices, STATUSES, [JANUARY], InvoiceVisibility())
    assert everyone == (Decimal("1012.5"),)
    assert billing_per_period([], STATUSES, [JANUARY, march], ME_ONLY) == (Decimal(0), Decimal(0))
    assert billing_per_period(invoices, STATUSES, [], ME_ONLY) == ()


def _customer_id(n: int) -> CustomerId:
    return CustomerId(UUID(int=100 + n))


def test_k6_count_prospects() -> None:
    a, b, c, d, e, f, g = (_customer_id(n) for n in range(7))
    projects = [
        _project(customer_id=a, sales_status_id=OFFER.id),
        _project(customer_id=a, sales_status_id=OFFER.id, number=2),  # A counts once
        _project(customer_id=b, sales_status_id=OFFER.id),
        _project(customer_id=b, sales_status_id=WON.id, is_closed=True),  # B has won: no
        _project(customer_id=c, sales_status_id=OFFER.id),  # C is billed (by me)
        _project(customer_id=d, sales_status_id=OFFER.id),  # D is billed by someone else
        _project(customer_id=e, sales_status_id=OFFER.id),  # E has a draft only
        _project(customer_id=f, sales_status_id=OFFER.id, is_closed=True),  # closed: no
        _project(customer_id=g, sales_status_id=OFFER.id, is_internal=True),  # internal: no
        _project(customer_id=_customer_id(7), sales_status_id=WON.id),  # won only: no
        _project(customer_id=_customer_id(8)),  # no sales case: no
    ]
    invoices = [
        _invoice(customer_id=c),
        _invoice(customer_id=d, owner_id=OTHER),
        _invoice(customer_id=e, status_id=DRAFT.id),
        _invoice(customer_id=_customer_id(8)),
    ]
    asked: list[set[CustomerId]] = []

    def invoices_of(customer_ids: set[CustomerId]) -> list[Invoice]:
        asked.append(set(customer_ids))
        # "at least those customers' invoices": one of a customer that is no prospect too
        return [i for i in invoices if i.customer_id in customer_ids or i.customer_id == f]

    def count(visibility: InvoiceVisibility | None) -> int:
        return count_prospects(iter(projects), SALES, STATUSES, visibility, invoices_of)

    assert count(ME_ONLY) == 3  # A, D, E
    assert asked == [{a, b, c, d, e}]
    assert count(InvoiceVisibility()) == 2  # A, E
    assert count(None) == 4  # A, C, D, E: no invoice is seen
    assert count_prospects([], SALES, STATUSES, ME_ONLY, invoices_of) == 0


def test_k6_an_invoice_of_a_customer_not_asked_for_changes_nothing() -> None:
    a, b = _customer_id(0), _customer_id(1)
    projects = [_project(customer_id=a, sales_status_id=OFFER.id)]
    billed_b = _invoice(customer_id=b)
    assert count_prospects(projects, SALES, STATUSES, ME_ONLY, lambda ids: [billed_b]) == 1
    billed_a = _invoice(customer_id=a)
    assert count_prospects(projects, SALES, STATUSES, ME_ONLY, lambda ids: [billed_a]) == 0


@pytest.mark.parametrize("internal", [False, True])
def test_k5_internal_customer_never_counts(internal: bool) -> None:
    customer = Customer(
        id=CustomerId(UUID(int=6)),
        number=CustomerNumber(1),
        name="Us",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        is_internal=internal,
    )
    assert counts_as_customer(customer) is not internal


@pytest.mark.parametrize(
    ("amount", "canonical"),
    [
        ("0.3", "0.30"),
        ("0.3000", "0.30"),
        ("0", "0.00"),
        ("-5", "-5.00"),
        ("12345678.9", "12345678.90"),
        ("0.125", "0.1250"),
        ("0.0001", "0.0001"),
        ("-0.12340", "-0.1234"),
    ],
)
def test_k7_canonical_amount(amount: str, canonical: str) -> None:
    assert str(canonical_amount(Decimal(amount))) == canonical


@pytest.mark.parametrize(
    ("current", "previous", "percent"),
    [
        ("150", "100", "50.00"),
        ("50", "100", "-50.00"),
        ("100", "100", "0.00"),
        ("0", "100", "-100.00"),
        ("-50", "-100", "50.00"),
        ("-150", "-100", "-50.00"),
        ("1", "3", "-66.67"),
        ("2", "3", "-33.33"),
        ("1.00005", "1", "0.01"),
        ("1.00004", "1", "0.00"),
        ("0.99995", "1", "-0.01"),
        ("100", "0", None),
        ("0", "0", None),
        ("100000000000000000000000000001", "3", "3333333333333333333333333333266.67"),
    ],
)
def test_k3_change_percent(current: str, previous: str, percent: str | None) -> None:
    result = change_percent(Decimal(current), Decimal(previous))
    assert (None if result is None else str(result)) == percent


def test_k1_margin_and_k3_billing_defaults() -> None:
    year = Period(date(2026, 1, 1), date(2027, 1, 1))
    margin = MarginThisYear(year, eur("100"), eur("130.5"))
    assert margin.margin == eur("-30.5")
    billing = BillingThisMonth(JANUARY, JANUARY, eur("150"), eur("100"))
    assert (billing.change, billing.change_percent) == (eur("50"), Decimal("50.00"))
    assert BillingThisMonth(JANUARY, JANUARY, eur("5"), eur("0")).change_percent is None


class _NoOffset(tzinfo):
    """A time zone that names no offset: a datetime in it is still naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


def test_k3_reference_day_refuses_a_zone_without_offset() -> None:
    reference = datetime(2026, 1, 31, 12, tzinfo=_NoOffset())
    with refused("kpi", "reference", "a datetime must be timezone-aware", reference):
        reference_day(reference, HELSINKI)
