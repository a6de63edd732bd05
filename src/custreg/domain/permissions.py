"""Principals and the customer permissions U1-U5, as data plus pure checks."""

from __future__ import annotations

import enum

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
    """Which invoices a principal may see (K4: billing counts only the visible ones).

    ALL: every invoice; OWN: invoices whose owner is the principal; NONE: no invoice.
    """

    ALL = "all"
    OWN = "own"
    NONE = "none"


@frozen
class Principal:
    """The acting user and what they may do."""

    user_id: UserId
    customers: CustomerPermission = CustomerPermission.READ_ONLY
    can_delete_customers: bool = False
    invoices: InvoiceAccess = InvoiceAccess.ALL

    @property
    def sees_customers(self) -> bool:
        """U2: None sees no customer, contact, address or project."""
        return self.customers >= CustomerPermission.READ_ONLY

    @property
    def sees_money(self) -> bool:
        """U5: financial values only for All."""
        return self.customers >= CustomerPermission.ALL

    def may_see_invoice(self, owner_id: UserId | None) -> bool:
        """K4: whether an invoice owned by ``owner_id`` counts for this principal."""
        if not self.sees_money or self.invoices is InvoiceAccess.NONE:
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
