"""Updating a customer's chosen fields from its registry record (R3, R5)."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Mapping
from typing import Any

from attrs import field
from attrs import frozen

from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord
from custreg.domain.customer import Customer
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import ConflictError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.values import EmailAddress
from custreg.domain.values import Website
from custreg.ports.company_registry import CompanyRegistry
from custreg.ports.registry import Registry
from custreg.usecases.registry_import.address_plan import _AddressPlan
from custreg.usecases.registry_import.mapping import Content
from custreg.usecases.registry_import.mapping import _refuse_inactive
from custreg.usecases.registry_import.matching import FieldChange
from custreg.usecases.registry_import.matching import diff
from custreg.usecases.registry_import.search import CompanyRegistries

#: The fields "Update customer details" may change (R3), in display order.
REGISTRY_FIELDS = (
    "name",
    "visiting_address",
    "postal_address",
    "email",
    "website",
    "einvoice_addresses",
)


@frozen
class RegistryUpdatePreview:
    """What "Update customer details" shows before anything is written (R3)."""

    customer_id: CustomerId
    customer_version: int
    record: CompanyRecord
    changes: tuple[FieldChange, ...]
    visiting_content: Content | None = None
    postal_content: Content | None = None

    def change(self, name: str) -> FieldChange:
        return next(c for c in self.changes if c.field == name)

    @property
    def changed_fields(self) -> tuple[str, ...]:
        """The fields whose update would change something."""
        return tuple(c.field for c in self.changes if c.changed)

    def render(self) -> str:
        """The diff as text, one field per line."""
        record = self.record
        rows = [f"{record.name} ({record.business_id.value}): {record.describe_status()}"]
        for c in self.changes:
            if c.proposed is None:
                rows.append(f"  {c.field}: {c.current or '-'} (registry: {c.note or 'no value'})")
            elif c.changed:
                rows.append(f"  {c.field}: {c.current or '-'} -> {c.proposed}")
            else:
                rows.append(f"  {c.field}: {c.current or '-'} (unchanged)")
        return "\n".join(rows)


@frozen
class RegistryUpdateResult:
    """The customer after the update, the fields that changed, and the chosen fields that could
    not be applied, with the reason (the registry has no such value)."""

    customer: Customer
    applied: tuple[str, ...]
    skipped: Mapping[str, str] = field(factory=dict)


def _customer_registry(
    registries: CompanyRegistries, customer: Customer
) -> tuple[CompanyRegistry, BusinessId]:
    """R3: only customers with a VAT number of a country that has a registry."""
    vat = customer.vat_number
    if vat is None:
        raise BusinessRuleError(
            "customer", "vat_number", "updating from a public registry needs a VAT number"
        )
    registry = registries.get(vat.country)
    business_id = vat.business_id()
    if registry is None or business_id is None:
        available = ", ".join(sorted(registries)) or "none"
        raise BusinessRuleError(
            "customer",
            "vat_number",
            f"no public registry for {vat.country} VAT numbers (registries: {available})",
        )
    return registry, business_id


def preview_registry_update(
    registry: Registry,
    principal: Principal,
    registries: CompanyRegistries,
    customer_id: CustomerId,
) -> RegistryUpdatePreview:
    """R3: fetch the customer's company from its registry and compare field by field. Writes
    nothing; registry errors (R4) and R3 refusals propagate."""
    require(principal, CustomerPermission.EDIT, "customer", "update from a public registry")
    with registry.read() as uow:
        customer = uow.customers.get(customer_id)
        addresses = uow.addresses.for_customer(customer_id)
    company_registry, business_id = _customer_registry(registries, customer)
    record = company_registry.lookup(business_id)
    changes, visiting, postal = diff(customer, addresses, record)
    return RegistryUpdatePreview(customer.id, customer.version, record, changes, visiting, postal)


def _chosen(fields: Collection[str]) -> frozenset[str]:
    if isinstance(fields, str):
        raise ValidationError(
            "registry_update", "fields", "must be a collection of field names", fields
        )
    chosen = frozenset(fields)
    unknown = sorted(chosen - set(REGISTRY_FIELDS))
    if unknown:
        raise ValidationError(
            "registry_update",
            "fields",
            f"unknown field(s) {', '.join(unknown)}; choose among {', '.join(REGISTRY_FIELDS)}",
            fields,
        )
    return chosen


def update_from_registry(
    registry: Registry,
    principal: Principal,
    registries: CompanyRegistries,
    customer_id: CustomerId,
    fields: Collection[str],
    *,
    preview: RegistryUpdatePreview | None = None,
    accept_inactive: bool = False,
) -> RegistryUpdateResult:
    """R3: change only the chosen ``fields`` (among REGISTRY_FIELDS) to the registry's values.

    Pass the ``preview`` the user confirmed: its values are applied (no second request) and the
    update fails with ConflictError if the customer changed since. Without it the registry is
    asked first. A chosen field the registry has no value for is reported in ``skipped`` and left
    as is. R5: a company that is not alive needs ``accept_inactive``. One unit of work.
    """
    require(principal, CustomerPermission.EDIT, "customer", "update from a public registry")
    chosen = _chosen(fields)
    if preview is None:
        preview = preview_registry_update(registry, principal, registries, customer_id)
    elif preview.customer_id != customer_id:
        raise ValidationError("registry_update", "preview", "is for another customer", preview)
    if not accept_inactive:
        _refuse_inactive(preview.record)
    skipped = {
        c.field: c.note or "no value in the registry"
        for c in preview.changes
        if c.field in chosen and c.proposed is None
    }
    proposed = {c.field: c.proposed for c in preview.changes if c.proposed is not None}
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.customers.get(customer_id)
        _customer_registry(registries, before)
        if before.version != preview.customer_version:
            raise ConflictError("customer", before.id, preview.customer_version, before.version)
        plan = _AddressPlan(registry, before, uow.addresses.for_customer(customer_id))
        visiting = preview.visiting_content if "visiting_address" in chosen else None
        postal = preview.postal_content if "postal_address" in chosen else None
        if visiting is not None and postal is not None:
            plan.set_both(visiting, postal)
        elif visiting is not None:
            plan.set_visiting(visiting)
        elif postal is not None:
            plan.set_postal(postal)
        values: dict[str, Any] = {"headquarters_address_id": plan.hq}
        if "name" in chosen and "name" in proposed:
            values["name"] = proposed["name"]
        if "email" in chosen and "email" in proposed:
            values["email"] = EmailAddress(str(proposed["email"]))
        if "website" in chosen and "website" in proposed:
            values["website"] = Website(str(proposed["website"]))
        if "einvoice_addresses" in chosen:  # C7: the registry's addresses join the list
            values["einvoice_addresses"] = before.einvoice_addresses.merged(
                preview.record.einvoice_addresses
            )
        after, events = before.edit(stamp, "registry update", **values)
        address_events = plan.write(uow, stamp)
        if events:
            uow.customers.update(after)
        if events or address_events:
            uow.commit([*events, *address_events])
    applied = tuple(c.field for c in preview.changes if c.field in chosen and c.changed)
    return RegistryUpdateResult(after, applied, skipped)
