"""The customer's addresses changed in memory by a registry update (R3, A1)."""

from __future__ import annotations

from typing import Any

import attrs

from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.address import headquarters_after_adding
from custreg.domain.customer import Customer
from custreg.domain.events import Changed
from custreg.domain.events import Created
from custreg.domain.events import DomainEvent
from custreg.domain.events import Stamp
from custreg.domain.ids import AddressId
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.registry_import.mapping import Content
from custreg.usecases.registry_import.mapping import _content_fields
from custreg.usecases.registry_import.mapping import _content_of
from custreg.usecases.registry_import.matching import visiting_and_postal


class _AddressPlan:
    """The customer's addresses being changed in memory, with what to add and update."""

    def __init__(self, registry: Registry, customer: Customer, addresses: list[Address]) -> None:
        self.registry = registry
        self.customer = customer
        self.by_id: dict[AddressId, Address] = {a.id: a for a in addresses}
        self.before = dict(self.by_id)
        self.added: list[AddressId] = []
        self.hq = customer.headquarters_address_id

    def pick(self) -> tuple[Address | None, Address | None]:
        probe = attrs.evolve(self.customer, headquarters_address_id=self.hq)
        return visiting_and_postal(probe, self.by_id.values())

    def put(self, address: Address, **changes: Any) -> None:
        self.by_id[address.id] = attrs.evolve(address, **changes)

    def add(self, content: Content, kind: AddressKind) -> None:
        address = Address(
            id=AddressId(self.registry.ids.new_id()),
            customer_id=self.customer.id,
            **_content_fields(content),
            kinds=frozenset({kind}),
            ordinal=max((a.ordinal for a in self.by_id.values()), default=0) + 1,
        )
        self.by_id[address.id] = address
        self.added.append(address.id)
        self.hq = headquarters_after_adding(self.hq, address.id)

    def _with(self, address: Address, content: Content, kinds: frozenset[AddressKind]) -> None:
        self.put(address, **_content_fields(content), kinds=kinds)

    def _take_kind(
        self, other: Address | None, wanted: Content, kind: AddressKind, alone: bool = True
    ) -> None:
        """Give ``kind`` (no address has it yet) to ``wanted``: the address ``other`` of the
        other kind takes it too when it has that content (and is ``alone`` of its kind), else a
        new address is added."""
        if other is not None and alone and _content_of(other) == wanted:
            self.put(other, kinds=other.kinds | {kind})
        else:
            self.add(wanted, kind)

    def set_visiting(self, wanted: Content) -> None:
        visiting, postal = self.pick()
        if visiting is None:
            postal_count = sum(AddressKind.POSTAL in a.kinds for a in self.by_id.values())
            self._take_kind(postal, wanted, AddressKind.VISITING, alone=postal_count == 1)
        elif _content_of(visiting) == wanted:
            return
        elif postal is visiting:
            # The one address is also the postal address: that one keeps its content.
            old = _content_of(visiting)
            self._with(visiting, wanted, visiting.kinds - {AddressKind.POSTAL})
            self.add(old, AddressKind.POSTAL)
        else:
            self._with(visiting, wanted, visiting.kinds)

    def set_postal(self, wanted: Content) -> None:
        visiting, postal = self.pick()
        if postal is None:
            self._take_kind(visiting, wanted, AddressKind.POSTAL)
        elif _content_of(postal) == wanted:
            return
        elif postal is visiting:
            self.put(visiting, kinds=visiting.kinds - {AddressKind.POSTAL})
            self.add(wanted, AddressKind.POSTAL)
        else:
            self._with(postal, wanted, postal.kinds)

    def set_both(self, visiting_wanted: Content, postal_wanted: Content) -> None:
        visiting, postal = self.pick()
        if visiting is not None and postal is visiting and visiting_wanted == postal_wanted:
            self._with(visiting, visiting_wanted, visiting.kinds)
            return
        self.set_visiting(visiting_wanted)
        self.set_postal(postal_wanted)

    def write(self, uow: UnitOfWork, stamp: Stamp) -> list[DomainEvent]:
        """Store the changes; return their events (an address the registry added is recorded
        as imported, a changed one as a registry update)."""
        events: list[DomainEvent] = []
        for address_id, address in self.by_id.items():
            if address_id in self.added:
                uow.addresses.add(address)
                events.append(Created("address", address, stamp, "import"))
            elif address != self.before[address_id]:
                uow.addresses.update(address)
                before = self.before[address_id]
                events.append(Changed("address", before, address, stamp, "registry update"))
        return events
