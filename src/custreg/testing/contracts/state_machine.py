"""The customer state machine: random sequences of customer use cases against a model."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime

import attrs
import pytest
from hypothesis import note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import invariant
from hypothesis.stateful import precondition
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test

from custreg.domain.address import Address
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import ConflictError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import AddressId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import fresh
from custreg.usecases.addresses import add_address
from custreg.usecases.addresses import remove_address
from custreg.usecases.addresses import set_headquarters
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import inactivate_customer
from custreg.usecases.customers import reactivate_customer
from custreg.usecases.customers import update_customer

# -- the customer state machine --------------------------------------------------------------------


@attrs.define
class _ModelCustomer:
    """The plain model: what the registry must hold for one customer."""

    name: str
    number: int
    status: CustomerStatus
    addresses: list[AddressId] = attrs.field(factory=list)  # earliest-added first
    headquarters: AddressId | None = None


class CustomerMachine(RuleBasedStateMachine):
    """Drives the customer and address use cases and a dict model side by side (C1, C3, C5, C6,
    A1-A4), checking after every step that the registry and the model agree.

    Subclassed by ``customer_machine(registry_factory)``, which supplies the backend.
    """

    registry_factory: RegistryFactory

    def __init__(self) -> None:
        super().__init__()
        self.registry = fresh(self.registry_factory)
        self.principal = Principal(SETTINGS.users[0].id, CustomerPermission.ALL)
        self.model: dict[CustomerId, _ModelCustomer] = {}
        self.numbers_handed_out: set[int] = set()

    # -- helpers
    def _pick_customer(self, data: st.DataObject) -> CustomerId:
        return data.draw(st.sampled_from(sorted(self.model)), label="customer")

    def _with_addresses(self) -> list[CustomerId]:
        return sorted(cid for cid, m in self.model.items() if m.addresses)

    def _pick_address(self, data: st.DataObject) -> tuple[CustomerId, _ModelCustomer, AddressId]:
        """A customer with addresses, its model and one of its addresses."""
        customer_id = data.draw(st.sampled_from(self._with_addresses()), label="customer")
        model = self.model[customer_id]
        return customer_id, model, data.draw(st.sampled_from(model.addresses), label="address")

    def _set_status(
        self,
        data: st.DataObject,
        change: Callable[[Registry, Principal, CustomerId], object],
        status: CustomerStatus,
    ) -> None:
        """``change`` (inactivate or reactivate) a customer; the model takes ``status``."""
        customer_id = self._pick_customer(data)
        change(self.registry, self.principal, customer_id)
        self.model[customer_id].status = status

    # -- rules
    @rule(name=s.texts(), address=s.optional(s.new_addresses()))
    def create(self, name: str, address: NewAddress | None) -> None:
        customer = create_customer(
            self.registry, self.principal, CreateCustomer(name=name, address=address)
        )
        number = customer.number.value
        assert number not in self.numbers_handed_out, "C3: a customer number was reused"
        self.numbers_handed_out.add(number)
        assert customer.status is CustomerStatus.ACTIVE  # C5: a new customer is active
        model = _ModelCustomer(customer.name, number, CustomerStatus.ACTIVE)
        if address is not None:
            assert customer.headquarters_address_id is not None  # A1
            model.addresses.append(customer.headquarters_address_id)
            model.headquarters = customer.headquarters_address_id
        self.model[customer.id] = model

    @rule(name=s.blank_texts())
    def create_with_blank_name_is_refused(self, name: str) -> None:
        with pytest.raises(ValidationError) as caught:
            create_customer(self.registry, self.principal, CreateCustomer(name=name))
        assert caught.value.field == "name"  # C1: and nothing stored (the invariants check)

    @rule(name=s.texts())
    def create_with_unknown_industry_is_refused(self, name: str) -> None:
        command = CreateCustomer(name=name, industry_id=IndustryId(uuid.uuid4()))
        with pytest.raises(ValidationError) as caught:
            create_customer(self.registry, self.principal, command)
        assert caught.value.field == "industry_id"

    @rule(name=s.texts(), with_address=st.booleans())
    def rolled_back_work_leaves_nothing(self, name: str, with_address: bool) -> None:
        with self.registry.uow() as uow:
            number = uow.customers.next_number()
            self.numbers_handed_out.add(number.value)  # drawn, so never to be seen again (C3)
            customer = Customer(
                CustomerId(uuid.uuid4()), number, name, datetime(2026, 1, 1, tzinfo=UTC)
            )
            uow.customers.add(customer)
            if with_address:
                uow.addresses.add(Address(AddressId(uuid.uuid4()), customer.id, "FI", city="Oulu"))
            uow.rollback()

    @precondition(lambda self: self.model)
    @rule(data=st.data(), name=s.texts())
    def rename(self, data: st.DataObject, name: str) -> None:
        customer_id = self._pick_customer(data)
        updated = update_customer(
            self.registry, self.principal, UpdateCustomer(customer_id, name=name)
        )
        self.model[customer_id].name = updated.name

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def stale_update_is_refused(self, data: st.DataObject) -> None:
        customer_id = self._pick_customer(data)
        with self.registry.uow() as uow:
            current = uow.customers.get(customer_id)
        command = UpdateCustomer(customer_id, expected_version=current.version - 1, name="Stale")
        with pytest.raises(ConflictError):
            update_customer(self.registry, self.principal, command)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def inactivate(self, data: st.DataObject) -> None:
        self._set_status(data, inactivate_customer, CustomerStatus.INACTIVE)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def reactivate(self, data: st.DataObject) -> None:
        self._set_status(data, reactivate_customer, CustomerStatus.ACTIVE)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), address=s.new_addresses())
    def add_address(self, data: st.DataObject, address: NewAddress) -> None:
        customer_id = self._pick_customer(data)
        added = add_address(self.registry, self.principal, customer_id, address)
        model = self.model[customer_id]
        model.addresses.append(added.id)
        if model.headquarters is None:
            model.headquarters = added.id  # A1

    @precondition(lambda self: self._with_addresses())
    @rule(data=st.data())
    def remove_address(self, data: st.DataObject) -> None:
        _, model, address_id = self._pick_address(data)
        remove_address(self.registry, self.principal, address_id)
        model.addresses.remove(address_id)
        if model.headquarters == address_id:  # A4: the earliest-added remaining one
            model.headquarters = model.addresses[0] if model.addresses else None

    @precondition(lambda self: self._with_addresses())
    @rule(data=st.data())
    def set_headquarters(self, data: st.DataObject) -> None:
        customer_id, model, address_id = self._pick_address(data)
        set_headquarters(self.registry, self.principal, customer_id, address_id)
        model.headquarters = address_id  # A3

    @precondition(lambda self: len(self._with_addresses()) >= 2)
    @rule(data=st.data())
    def headquarters_of_another_customer_is_refused(self, data: st.DataObject) -> None:
        mine, theirs = data.draw(
            st.lists(st.sampled_from(self._with_addresses()), min_size=2, max_size=2, unique=True)
        )
        foreign = self.model[theirs].addresses[0]
        with pytest.raises(ValidationError):
            set_headquarters(self.registry, self.principal, mine, foreign)

    # -- invariants
    @invariant()
    def registry_matches_model(self) -> None:
        with self.registry.uow() as uow:
            everyone = uow.customers.ids_matching(CustomerQuery())
            active = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.ACTIVE))
            inactive = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.INACTIVE))
            stored_customers = uow.customers.get_many(everyone)
            addresses = {cid: uow.addresses.for_customer(cid) for cid in everyone}
        note(f"model: {self.model}")
        assert sorted(everyone) == sorted(self.model)  # nothing lost, nothing extra (C1)
        assert sorted(active + inactive) == sorted(everyone)  # C6
        assert not set(active) & set(inactive)
        numbers = [stored_customers[cid].number.value for cid in everyone]
        assert numbers == sorted(set(numbers))  # C3 unique, and listed by number
        for customer_id, model in self.model.items():
            customer = stored_customers[customer_id]
            assert customer.name == model.name
            assert customer.status is model.status
            assert customer.number.value == model.number
            # C5: status changes keep every address; A2: one headquarters, one of its own
            assert [a.id for a in addresses[customer_id]] == model.addresses
            assert customer.headquarters_address_id == model.headquarters
            if model.addresses:
                assert customer.headquarters_address_id in model.addresses
            assert all(a.customer_id == customer_id for a in addresses[customer_id])


def customer_machine(registry_factory: RegistryFactory) -> type[CustomerMachine]:
    """The customer state machine bound to one backend."""
    return type(
        "CustomerMachineOn",
        (CustomerMachine,),
        {"registry_factory": staticmethod(registry_factory)},
    )


def run_customer_machine(
    registry_factory: RegistryFactory, settings: hypothesis_settings | None = None
) -> None:
    """Run the customer state machine against ``registry_factory``'s backend."""
    run_state_machine_as_test(
        customer_machine(registry_factory),
        settings=settings or hypothesis_settings(stateful_step_count=25),
    )


class CustomerStateMachineContract:
    """The customer state machine as a contract test."""

    def test_customer_state_machine(self, registry_factory: RegistryFactory) -> None:
        run_customer_machine(registry_factory)


__all__ = [
    "CustomerMachine",
    "CustomerStateMachineContract",
    "customer_machine",
    "run_customer_machine",
]
