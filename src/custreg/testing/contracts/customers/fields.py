"""Contract of the single-field reads and writes a mass update makes (M2, M5)."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from functools import partial

import attrs
import pytest
from hypothesis import strategies as st

from custreg.domain.customer import Customer
from custreg.domain.errors import ConflictError
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CustomerId
from custreg.domain.mass_update import FIELDS as MASS_UPDATE_FIELDS
from custreg.domain.mass_update import FieldState
from custreg.domain.mass_update import FieldWrite
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _get_customer
from custreg.testing.contracts._support import _ids
from custreg.testing.contracts._support import _numbered
from custreg.testing.contracts._support import _one_customer
from custreg.testing.contracts._support import _unique_customers
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import populations
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


class CustomerFieldContract:
    """CustomerRepository field access for mass updates: version and value read together,
    one field written (M5), all or nothing (M2), other fields refused."""

    @each_example(
        customers=populations(),
        field=st.sampled_from(sorted(MASS_UPDATE_FIELDS)),
        unknown=st.uuids(),
    )
    def test_customer_read_field_gives_version_and_value_of_the_existing(
        self, registry: Registry, customers: list[Customer], field: str, unknown: uuid.UUID
    ) -> None:
        added = stored(registry, lambda uow: _numbered(uow, customers))
        wanted = [CustomerId(unknown), *[c.id for c in added]]
        found = read(registry, lambda uow: uow.customers.read_field(wanted, field))
        assert found == {c.id: FieldState(c.version, getattr(c, field)) for c in added}

    @each_example(
        customers=_unique_customers(min_size=1, max_size=4),
        other=s.customers(SETTINGS),
        field=st.sampled_from(sorted(MASS_UPDATE_FIELDS)),
    )
    def test_m5_customer_write_field_writes_only_that_field(
        self, registry: Registry, customers: list[Customer], other: Customer, field: str
    ) -> None:
        added = stored(registry, lambda uow: _numbered(uow, customers))
        value = getattr(other, field)
        at, by = datetime(2027, 5, 4, 3, 2, 1, tzinfo=UTC), SETTINGS.users[1].id
        changes = [FieldWrite(c.id, c.version, value) for c in added]
        stored(registry, lambda uow: uow.customers.write_field(field, changes, at, by))
        expected = [
            attrs.evolve(c, version=c.version + 1, updated_at=at, updated_by=by, **{field: value})
            for c in added
        ]
        assert read(registry, lambda uow: uow.customers.get_many(_ids(added))) == {
            c.id: c for c in expected
        }

    @each_example(
        customers=_unique_customers(min_size=2, max_size=4),
        field=st.sampled_from(sorted(MASS_UPDATE_FIELDS - {"market_segment_ids"})),
        fault=st.sampled_from(["stale", "ahead", "unknown", "twice"]),
        data=st.data(),
    )
    def test_m2_customer_write_field_is_all_or_nothing(
        self,
        registry: Registry,
        customers: list[Customer],
        field: str,
        fault: str,
        data: st.DataObject,
    ) -> None:
        added = stored(registry, lambda uow: _numbered(uow, customers))
        other = data.draw(s.customers(SETTINGS))
        changes = [FieldWrite(c.id, c.version, getattr(other, field)) for c in added]
        bad = data.draw(st.integers(0, len(changes) - 1))
        target = changes[bad]
        if fault == "unknown":
            changes[bad] = target._replace(customer_id=CustomerId(uuid.uuid4()))
        elif fault == "twice":
            changes.append(target)
        else:
            changes[bad] = target._replace(version=target.version + (-1 if fault == "stale" else 1))
        error = NotFoundError if fault == "unknown" else ConflictError
        at = datetime(2027, 5, 4, tzinfo=UTC)
        with pytest.raises(error):
            stored(registry, lambda uow: uow.customers.write_field(field, changes, at, None))
        assert read(registry, lambda uow: uow.customers.get_many(_ids(added))) == {
            c.id: c for c in added
        }

    def test_customer_read_and_write_field_refuse_other_fields(
        self, registry_factory: RegistryFactory
    ) -> None:
        registry = fresh(registry_factory)
        customer = _one_customer(registry)
        with pytest.raises(ValidationError):
            read(registry, lambda uow: uow.customers.read_field([customer.id], "name"))
        change = FieldWrite(customer.id, customer.version, None)
        at = datetime(2027, 5, 4, tzinfo=UTC)
        with pytest.raises(ValidationError):
            stored(registry, lambda uow: uow.customers.write_field("name", [change], at, None))
        assert read(registry, partial(_get_customer, customer.id)) == customer
