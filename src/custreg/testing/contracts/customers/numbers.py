"""Contract of customer numbers (C3): drawn ascending, never repeated, reservations kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.values import CustomerNumber
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import require_offered


class CustomerNumberContract:
    """CustomerRepository numbers (C3): ascending, never repeated (not even after a rollback),
    reserved numbers never handed out."""

    def test_c3_next_number_never_repeats_even_after_rollback(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=5))
        def check(rounds: list[tuple[int, bool]]) -> None:
            registry = fresh(registry_factory)
            seen: list[int] = []
            for count, commit in rounds:
                with registry.uow() as uow:
                    seen.extend(uow.customers.next_number().value for _ in range(count))
                    if commit:
                        uow.commit()
            assert len(seen) == len(set(seen))
            assert all(n > 0 for n in seen)

        check()

    def test_c3_next_numbers_ascend_and_never_repeat(
        self, registry_factory: RegistryFactory
    ) -> None:
        @given(st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=5))
        def check(rounds: list[tuple[int, bool]]) -> None:
            registry = fresh(registry_factory)
            seen: list[int] = []
            for count, commit in rounds:
                with registry.uow() as uow:
                    batch = [n.value for n in uow.customers.next_numbers(count)]
                    single = uow.customers.next_number().value
                    if commit:
                        uow.commit()
                assert len(batch) == count
                assert batch == sorted(batch)
                seen += [*batch, single]
            assert len(seen) == len(set(seen))

        check()

    def test_c3_reserved_numbers_are_never_handed_out(
        self, registry_factory: RegistryFactory
    ) -> None:
        require_offered(
            registry_factory, lambda uow: uow.customers.reserve_number(CustomerNumber(1))
        )

        @given(
            st.lists(
                st.tuples(st.integers(1, 40), st.integers(0, 3), st.booleans()),
                min_size=1,
                max_size=5,
            )
        )
        def check(rounds: list[tuple[int, int, bool]]) -> None:
            registry = fresh(registry_factory)
            reserved: list[int] = []
            drawn: list[int] = []
            for number, count, commit in rounds:
                with registry.uow() as uow:
                    uow.customers.reserve_number(CustomerNumber(number))
                    reserved.append(number)
                    batch = [n.value for n in uow.customers.next_numbers(count)]
                    if commit:
                        uow.commit()
                # Drawn after a reservation (kept even if rolled back): above every one so far.
                assert all(n > max(reserved) for n in batch)
                drawn += batch
            assert len(drawn) == len(set(drawn))
            with registry.uow() as uow:
                assert uow.customers.next_number().value > max(reserved + drawn)

        check()
