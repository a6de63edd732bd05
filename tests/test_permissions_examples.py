"""Examples of the customer permissions (U1-U5): what each level and invoice access allows,
and the exact refusal each check raises."""

from __future__ import annotations

from uuid import UUID

import pytest

from custreg.domain.errors import PermissionDeniedError
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import InvoiceAccess
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.permissions import require_delete
from custreg.domain.permissions import require_money

ME, OTHER = UserId(UUID(int=1)), UserId(UUID(int=2))
P = CustomerPermission


def test_u1_levels_are_ordered() -> None:
    assert [int(p) for p in P] == [0, 1, 2, 3]
    assert [p.name for p in P] == ["NONE", "READ_ONLY", "EDIT", "ALL"]
    assert [a.value for a in InvoiceAccess] == ["all", "own", "none"]


def test_u1_principal_defaults() -> None:
    principal = Principal(ME)
    assert principal.customers is P.READ_ONLY
    assert principal.can_delete_customers is False
    assert principal.invoices is InvoiceAccess.NONE


@pytest.mark.parametrize(
    ("level", "invoices"),
    [
        (P.NONE, InvoiceAccess.NONE),
        (P.READ_ONLY, InvoiceAccess.NONE),
        (P.EDIT, InvoiceAccess.NONE),
        (P.ALL, InvoiceAccess.ALL),
    ],
)
def test_u5_default_invoice_access(level: CustomerPermission, invoices: InvoiceAccess) -> None:
    assert Principal(ME, level).invoices is invoices


# level, invoices -> sees_customers, sees_money, sees my invoice, sees other's, sees unowned
VISIBILITY = [
    (P.NONE, InvoiceAccess.ALL, False, False, False, False, False),
    (P.READ_ONLY, InvoiceAccess.ALL, True, True, True, True, True),
    (P.READ_ONLY, InvoiceAccess.OWN, True, True, True, False, False),
    (P.READ_ONLY, InvoiceAccess.NONE, True, False, False, False, False),
    (P.EDIT, InvoiceAccess.OWN, True, True, True, False, False),
    (P.ALL, InvoiceAccess.NONE, True, False, False, False, False),
    (P.ALL, InvoiceAccess.ALL, True, True, True, True, True),
]


@pytest.mark.parametrize(
    ("level", "access", "customers", "money", "mine", "other", "unowned"), VISIBILITY
)
def test_u2_u5_visibility(
    level: CustomerPermission,
    access: InvoiceAccess,
    customers: bool,
    money: bool,
    mine: bool,
    other: bool,
    unowned: bool,
) -> None:
    principal = Principal(ME, level, invoices=access)
    assert principal.sees_customers is customers
    assert principal.sees_money is money
    assert principal.may_see_invoice(ME) is mine
    assert principal.may_see_invoice(OTHER) is other
    assert principal.may_see_invoice(None) is unowned


def test_u1_require_at_and_above_the_level() -> None:
    require(Principal(ME, P.EDIT), P.EDIT, "customer", "edit")
    require(Principal(ME, P.ALL), P.EDIT, "customer", "edit")
    with pytest.raises(PermissionDeniedError) as info:
        require(Principal(ME, P.READ_ONLY), P.EDIT, "contact", "edit")
    error = info.value
    assert (error.entity, error.field, error.action) == ("contact", None, "edit")
    assert error.reason == "edit needs Customers permission EDIT (has READ_ONLY)"


@pytest.mark.parametrize(
    ("level", "flag", "reason"),
    [
        (P.READ_ONLY, True, "delete needs Customers permission EDIT (has READ_ONLY)"),
        (P.EDIT, False, "delete needs the 'allow delete customers' flag"),
        (P.ALL, False, "delete needs the 'allow delete customers' flag"),
    ],
)
def test_u4_delete_refusals(level: CustomerPermission, flag: bool, reason: str) -> None:
    with pytest.raises(PermissionDeniedError) as info:
        require_delete(Principal(ME, level, can_delete_customers=flag))
    assert (info.value.entity, info.value.field, info.value.reason) == ("customer", None, reason)


def test_u4_delete_allowed() -> None:
    require_delete(Principal(ME, P.EDIT, can_delete_customers=True))
    require_delete(Principal(ME, P.ALL, can_delete_customers=True))


def test_u5_require_money() -> None:
    require_money(Principal(ME, P.READ_ONLY, invoices=InvoiceAccess.OWN), "financials")
    with pytest.raises(PermissionDeniedError) as info:
        require_money(Principal(ME, P.ALL, invoices=InvoiceAccess.NONE), "financials")
    assert (info.value.entity, info.value.field, info.value.action) == (
        "customer",
        None,
        "financials",
    )
    assert info.value.reason == (
        "financials needs Customers permission READ_ONLY or above and invoice access ALL or OWN "
        "(has ALL, NONE)"
    )
