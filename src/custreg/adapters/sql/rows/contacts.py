"""Address and contact rows (with the contact's keyword link rows)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row, aware, dumps
from custreg.domain.address import Address, AddressKind
from custreg.domain.contact import Contact
from custreg.domain.ids import AddressId, ContactId, CustomerId
from custreg.domain.values import EmailAddress

#: The columns of an address row, in the order ``address_values`` gives them.
ADDRESS_COLUMNS = (
    "organisation_id",
    "id",
    "customer_id",
    "country",
    "lines",
    "postal_code",
    "city",
    "kinds",
    "ordinal",
)


def address_values(organisation_id: UUID, address: Address) -> tuple[Any, ...]:
    """An address as a plain tuple in ``ADDRESS_COLUMNS`` order (the bulk insert's row)."""
    return (
        organisation_id,
        address.id,
        address.customer_id,
        address.country,
        dumps(list(address.lines)),
        address.postal_code,
        address.city,
        ",".join(sorted(kind.value for kind in address.kinds)),
        address.ordinal,
    )


def address_row(organisation_id: UUID, address: Address) -> dict[str, Any]:
    return dict(zip(ADDRESS_COLUMNS, address_values(organisation_id, address), strict=True))


def address_from_row(row: Row) -> Address:
    kinds = row["kinds"]
    return Address(
        id=AddressId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        country=row["country"],
        lines=tuple(json.loads(row["lines"])),
        postal_code=row["postal_code"],
        city=row["city"],
        kinds=frozenset(AddressKind(k) for k in kinds.split(",")) if kinds else frozenset(),
        ordinal=row["ordinal"],
    )


def contact_row(organisation_id: UUID, contact: Contact) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": contact.id,
        "customer_id": contact.customer_id,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "title": contact.title,
        "emails": dumps([e.address for e in contact.emails]),
        "phones": dumps(list(contact.phones)),
        "roles": dumps(sorted(contact.roles)),
        "address_id": contact.address_id,
        "active": contact.active,
        "deleted_at": aware("contact", "deleted_at", contact.deleted_at),
    }


def keyword_rows(organisation_id: UUID, contact: Contact) -> list[dict[str, Any]]:
    return [
        {"organisation_id": organisation_id, "contact_id": contact.id, "keyword": keyword}
        for keyword in contact.keywords
    ]


def contact_from_row(row: Row, keywords: Iterable[str]) -> Contact:
    return Contact(
        id=ContactId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        first_name=row["first_name"],
        last_name=row["last_name"],
        title=row["title"],
        emails=tuple(EmailAddress(e) for e in json.loads(row["emails"])),
        phones=tuple(json.loads(row["phones"])),
        roles=frozenset(json.loads(row["roles"])),
        keywords=frozenset(keywords),
        address_id=row["address_id"],
        active=row["active"],
        deleted_at=row["deleted_at"],
    )
