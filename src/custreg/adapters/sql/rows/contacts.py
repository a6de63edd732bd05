"""Address and contact rows (with the contact's keyword link rows)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.codec import INSTANT
from custreg.adapters.sql.rows.codec import JSON_TUPLE
from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import dumps
from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.contact import Contact
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
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


@lru_cache(maxsize=16)
def kinds_text(kinds: frozenset[AddressKind]) -> str:
    """An address's kinds as stored: their values, sorted, comma-separated (one text per set of
    kinds, of which there are eight, each joined once)."""
    return ",".join(sorted(kind.value for kind in kinds))


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
        kinds_text(address.kinds),
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


_CONTACT = RowCodec(
    "contact",
    Contact,
    "id customer_id first_name last_name title emails phones roles address_id active deleted_at",
    {
        "emails": (
            lambda emails: dumps([e.address for e in emails]),
            lambda text: tuple(EmailAddress(e) for e in json.loads(text)),
        ),
        "phones": JSON_TUPLE,
        "roles": (lambda roles: dumps(sorted(roles)), lambda text: frozenset(json.loads(text))),
        "deleted_at": INSTANT,
    },
)
contact_row = _CONTACT.row


def keyword_rows(organisation_id: UUID, contact: Contact) -> list[dict[str, Any]]:
    return [
        {"organisation_id": organisation_id, "contact_id": contact.id, "keyword": keyword}
        for keyword in contact.keywords
    ]


def contact_from_row(row: Row, keywords: Iterable[str]) -> Contact:
    return _CONTACT.from_row(row, keywords=frozenset(keywords))
