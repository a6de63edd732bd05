"""Contract of finding customers: queries (C6) and holders of tax ids (C4)."""

from __future__ import annotations

from hypothesis import strategies as st

from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts._support import _numbered
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import populations
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


class CustomerQueryContract:
    """CustomerRepository queries: find equals the reference predicate, status filters (C6),
    duplicates by VAT number and business id (C4)."""

    @each_example(population=populations(), data=st.data())
    def test_customer_find_equals_filtering_with_the_reference_predicate(
        self, registry: Registry, population: list[Customer], data: st.DataObject
    ) -> None:
        """C6 and search: every adapter selects exactly what ``CustomerQuery.matches`` accepts,
        ordered by number, and pages cut that list consistently."""
        customers = stored(registry, lambda uow: _numbered(uow, population))
        query = data.draw(s.customer_queries(customers), label="query")
        limit = data.draw(st.integers(1, 4), label="limit")
        expected = [c.id for c in sorted(customers, key=lambda c: c.number) if query.matches(c)]
        with registry.uow() as uow:
            assert uow.customers.ids_matching(query) == expected
            pages: list[Customer] = []
            offset = 0
            while True:
                page = uow.customers.find(query, PageRequest(limit=limit, offset=offset))
                assert page.total == len(expected)
                assert (page.offset, page.limit) == (offset, limit)
                assert len(page.items) <= limit
                pages.extend(page.items)
                offset += limit
                if not page.has_more:
                    break
            assert [c.id for c in pages] == expected
            assert all(c == next(x for x in customers if x.id == c.id) for c in pages)

    @each_example(population=populations())
    def test_c6_no_status_filter_is_the_union_of_active_and_inactive(
        self, registry: Registry, population: list[Customer]
    ) -> None:
        stored(registry, lambda uow: _numbered(uow, population))
        with registry.uow() as uow:
            everyone = uow.customers.ids_matching(CustomerQuery())
            active = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.ACTIVE))
            inactive = uow.customers.ids_matching(CustomerQuery(status=CustomerStatus.INACTIVE))
        assert not set(active) & set(inactive)
        assert sorted(active + inactive) == sorted(everyone)
        assert len(everyone) == len(population)

    @each_example(population=populations(), stranger=s.vat_numbers())
    def test_c4_with_vat_number_and_business_id_find_exactly_the_holders(
        self, registry: Registry, population: list[Customer], stranger: VatNumber
    ) -> None:
        customers = stored(registry, lambda uow: _numbered(uow, population))
        vats = {c.vat_number for c in customers if c.vat_number} | {stranger}
        by_number = sorted(customers, key=lambda c: c.number)
        with registry.uow() as uow:
            for vat in vats:
                expected = [c for c in by_number if c.vat_number == vat]
                assert uow.customers.with_vat_number(vat) == expected
                business_id = s.business_id_of(vat)
                if business_id is not None:
                    holders = [c for c in by_number if c.business_id == business_id]
                    assert uow.customers.with_business_id(business_id) == holders

    @each_example(population=populations(), data=st.data())
    def test_c4_with_tax_ids_finds_every_holder_of_any(
        self, registry: Registry, population: list[Customer], data: st.DataObject
    ) -> None:
        customers = stored(registry, lambda uow: _numbered(uow, population))
        vats = data.draw(
            st.frozensets(
                s.vat_numbers()
                | st.sampled_from(
                    [c.vat_number for c in customers if c.vat_number] or [VatNumber("FI01120389")]
                ),
                max_size=3,
            )
        )
        business_ids = data.draw(
            st.frozensets(
                s.business_ids()
                | st.sampled_from(
                    [c.business_id for c in customers if c.business_id]
                    or [BusinessId("FI", "0112038-9")]
                ),
                max_size=3,
            )
        )
        expected = [
            c
            for c in sorted(customers, key=lambda c: c.number)
            if c.vat_number in vats or c.business_id in business_ids
        ]
        found = read(registry, lambda uow: uow.customers.with_tax_ids(vats, business_ids))
        assert found == expected
