"""SQL repositories of addresses and contacts (with the contacts' keyword link rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import LinkedTable
from custreg.adapters.sql.repositories.base import _Crud
from custreg.adapters.sql.repositories.base import _Linked
from custreg.domain.address import Address
from custreg.domain.contact import Contact
from custreg.domain.ids import CustomerId

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


class SqlAddresses(_Crud[Address]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.addresses, "address", rows.address_row, rows.address_from_row)

    def add_many(self, addresses: Sequence[Address]) -> None:
        """Insert many addresses with one executemany statement, all or none."""
        if addresses:
            with self._uow.savepoint():
                values = [rows.address_values(self._org, a) for a in addresses]
                self._uow.insert_rows(t.addresses, rows.ADDRESS_COLUMNS, values)
            self._uow.inserted(t.addresses, len(addresses))

    def for_customer(self, customer_id: CustomerId) -> list[Address]:
        c = t.addresses.c
        return self._list(c.customer_id == customer_id, order=[c.ordinal])


_CONTACTS = LinkedTable(
    t.contacts, "contact", rows.contact_row, rows.contact_from_row,
    links=t.contact_keywords, owner="contact_id", linked="keyword", link_rows=rows.keyword_rows,
    order=(t.contacts.c.id,),
)


class SqlContacts(_Linked[Contact]):
    """Contacts, with keywords in the ``contact_keywords`` link table (P4 filters on it)."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, _CONTACTS)

    def for_customer(
        self, customer_id: CustomerId, include_inactive: bool = False
    ) -> list[Contact]:
        c = t.contacts.c
        where = [c.customer_id == customer_id, c.deleted_at.is_(None)]
        if not include_inactive:
            where.append(c.active.is_(True))
        found = self._load(self._select(*where))
        return sorted(found, key=lambda x: (x.last_name.casefold(), x.first_name.casefold(), x.id))

    def with_keyword(self, keyword: str) -> list[Contact]:
        c, links = t.contacts.c, t.contact_keywords
        carrying = select(links.c.contact_id).where(
            self._of_org(links), links.c.keyword == keyword.strip()
        )
        return self._load(
            self._select(c.id.in_(carrying), c.active.is_(True), c.deleted_at.is_(None))
        )
