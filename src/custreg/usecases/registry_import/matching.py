"""The field-by-field comparison of a customer with its registry record (R3)."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.company import CompanyRecord
from custreg.domain.customer import Customer
from custreg.domain.customer import customer_name
from custreg.domain.errors import ValidationError
from custreg.usecases.registry_import.mapping import Content
from custreg.usecases.registry_import.mapping import _content_of
from custreg.usecases.registry_import.mapping import _optional_value
from custreg.usecases.registry_import.mapping import address_content


@frozen
class FieldChange:
    """One row of the diff: what the customer has, what the registry proposes.

    ``proposed`` is None when the registry has no usable value; ``note`` then says why.
    """

    field: str
    current: str | None
    proposed: str | None
    note: str | None = None

    @property
    def changed(self) -> bool:
        """Whether applying this field would change the customer."""
        return self.proposed is not None and self.proposed != self.current


def visiting_and_postal(
    customer: Customer, addresses: Iterable[Address]
) -> tuple[Address | None, Address | None]:
    """Which of the customer's addresses are "the" visiting and "the" postal address: the
    headquarters if it is a visiting address, else the earliest visiting one; the earliest postal
    address other than that, else the visiting one if it is also postal."""
    ordered = sorted(addresses, key=lambda a: a.ordinal)
    hq = next((a for a in ordered if a.id == customer.headquarters_address_id), None)
    visiting = (
        hq
        if hq is not None and AddressKind.VISITING in hq.kinds
        else next((a for a in ordered if AddressKind.VISITING in a.kinds), None)
    )
    postal = next((a for a in ordered if AddressKind.POSTAL in a.kinds and a is not visiting), None)
    if postal is None and visiting is not None and AddressKind.POSTAL in visiting.kinds:
        postal = visiting
    return visiting, postal


def _one_line(content: Content | None) -> str | None:
    if content is None:
        return None
    country, lines, postal_code, city = content
    place = " ".join(p for p in (postal_code, city) if p)
    return ", ".join(p for p in (*lines, place, country) if p)


def diff(
    customer: Customer, addresses: Iterable[Address], record: CompanyRecord
) -> tuple[tuple[FieldChange, ...], Content | None, Content | None]:
    """The field-by-field comparison of a customer with its registry record (pure)."""
    visiting, postal = visiting_and_postal(customer, addresses)
    changes: list[FieldChange] = []
    try:
        changes.append(FieldChange("name", customer.name, customer_name(record.name)))
    except ValidationError as error:
        changes.append(FieldChange("name", customer.name, None, f"invalid name: {error.reason}"))
    proposals: dict[str, Content | None] = {}
    for name, current, source in (
        ("visiting_address", visiting, record.visiting_address),
        ("postal_address", postal, record.postal_address),
    ):
        now = _one_line(_content_of(current)) if current else None
        proposals[name] = None
        if source is None:
            changes.append(FieldChange(name, now, None, "no such address in the registry"))
            continue
        try:
            proposals[name] = address_content(source)
        except ValidationError as error:
            changes.append(FieldChange(name, now, None, f"unusable address: {error.reason}"))
            continue
        changes.append(FieldChange(name, now, _one_line(proposals[name])))
    for name, current_value, raw in (
        ("email", customer.email, record.email),
        ("website", customer.website, record.website),
    ):
        value, why = _optional_value(name, raw)
        note = why or (None if value else "not published by the registry")
        changes.append(
            FieldChange(name, str(current_value) if current_value else None, value, note)
        )
    joined = customer.einvoice_addresses.merged(record.einvoice_addresses)
    changes.append(
        FieldChange(
            "einvoice_addresses",
            "; ".join(customer.einvoice_addresses.labels()) or None,
            "; ".join(joined.labels()) if record.einvoice_addresses else None,
            None if record.einvoice_addresses else "not published by the registry",
        )
    )
    return tuple(changes), proposals["visiting_address"], proposals["postal_address"]
