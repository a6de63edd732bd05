"""Principals and the customer permissions U1-U5, as data plus pure checks."""

from __future__ import annotations

import enum

from attrs import Factory
from attrs import field
from attrs import frozen

from custreg.domain.errors import PermissionDeniedError
from custreg.domain.ids import UserId


class CustomerPermission(enum.IntEnum):
    """U1: the Customers permission levels, ordered so ``>=`` compares them."""

    NONE = 0
    READ_ONLY = 1
    EDIT = 2
    ALL = 3


class InvoiceAccess(enum.Enum):
    """U5: which invoices a principal may see, a permission of its own beside the Customers level.

    ALL: every invoice; OWN: the invoices whose owner is the principal; NONE: no invoice.
    Cost entries have no owner: ALL and OWN see every cost entry, NONE none. So ALL and OWN see
    the financial figures (billing, costs, margin, forecasts, project values), billing counting
    the visible invoices only; NONE sees no financial figure at all.
    Every figure, flag and count that depends on invoices (billing, "has invoice", K6's "no
    billing") is computed from the visible invoices only. A principal who sees no customer
    (Customers None) sees no invoice whatever this says.
    """

    ALL = "all"
    OWN = "own"
    NONE = "none"


def _default_invoices(principal: Principal) -> InvoiceAccess:
    """Without an explicit invoice permission: ALL for Customers All, NONE below it (what a
    principal saw before invoice access was a permission of its own)."""
    if principal.customers >= CustomerPermission.ALL:
        return InvoiceAccess.ALL
    return InvoiceAccess.NONE


@frozen
class Principal:
    """The acting user and what they may do.

    ``invoices`` (U5) is independent of ``customers``: a Read-only principal with
    ``InvoiceAccess.ALL`` sees every financial figure, an All principal with ``NONE`` sees none.
    Left out, it defaults to ALL for Customers All and NONE below it.
    """

    user_id: UserId
    customers: CustomerPermission = CustomerPermission.READ_ONLY
    can_delete_customers: bool = False
    invoices: InvoiceAccess = field(default=Factory(_default_invoices, takes_self=True))

    @property
    def sees_customers(self) -> bool:
        """U2: None sees no customer, contact, address or project."""
        return self.customers >= CustomerPermission.READ_ONLY

    @property
    def sees_money(self) -> bool:
        """U5: whether any financial value is shown: the principal sees customers and some
        invoices (InvoiceAccess ALL or OWN), whatever their Customers level."""
        return self.sees_customers and self.invoices is not InvoiceAccess.NONE

    def may_see_invoice(self, owner_id: UserId | None) -> bool:
        """K4, U5: whether an invoice owned by ``owner_id`` is visible to (and counts for) this
        principal."""
        if not self.sees_money:
            return False
        return self.invoices is InvoiceAccess.ALL or owner_id == self.user_id


def require(principal: Principal, level: CustomerPermission, entity: str, action: str) -> None:
    """Raise PermissionDeniedError unless ``principal`` has at least ``level`` on customers."""
    if principal.customers < level:
        raise PermissionDeniedError(
            entity, action, f"Customers permission {level.name} (has {principal.customers.name})"
        )


def require_delete(principal: Principal) -> None:
    """U4: deleting a customer needs Edit or All plus the delete flag."""
    require(principal, CustomerPermission.EDIT, "customer", "delete")
    if not principal.can_delete_customers:
        raise PermissionDeniedError("customer", "delete", "the 'allow delete customers' flag")


def require_money(principal: Principal, action: str) -> None:
    """U5: a view made of financial figures (the Financials tab, its drill-downs) needs a
    principal who sees customers and has an invoice permission (ALL or OWN), whatever the
    Customers level above None."""
    if not principal.sees_money:
        raise PermissionDeniedError(
            "customer",
            action,
            "Customers permission READ_ONLY or above and invoice access ALL or OWN "
            f"(has {principal.customers.name}, {principal.invoices.name})",
        )
