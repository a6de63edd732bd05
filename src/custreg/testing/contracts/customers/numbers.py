"""Contract of customer numbers (C3): drawn ascending, never repeated, reservations kept."""

from __future__ import annotations

from hypothesis import strategies as st

from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.testing.contracts._support import each_example


class CustomerNumberContract:
    """CustomerRepository numbers (C3): ascending, never repeated (not even after a rollback),
    reserved numbers never handed out."""

    @each_example(
        rounds=st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=5)
    )
    def test_c3_next_number_never_repeats_even_after_rollback(
        self, registry: Registry, rounds: list[tuple[int, bool]]
    ) -> None:
        seen: list[int] = []
        for count, commit in rounds:
            with registry.uow() as uow:
                seen.extend(uow.customers.next_number().value for _ in range(count))
                if commit:
                    uow.commit()
        assert len(seen) == len(set(seen))
        assert all(n > 0 for n in seen)

    @each_example(
        rounds=st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=5)
    )
    def test_c3_next_numbers_ascend_and_never_repeat(
        self, registry: Registry, rounds: list[tuple[int, bool]]
    ) -> None:
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

    @each_example(
        requires=lambda uow: uow.customers.reserve_number(CustomerNumber(1)),
        rounds=st.lists(
            st.tuples(st.integers(1, 40), st.integers(0, 3), st.booleans()),
            min_size=1,
            max_size=5,
        ),
    )
    def test_c3_reserved_numbers_are_never_handed_out(
        self, registry: Registry, rounds: list[tuple[int, int, bool]]
    ) -> None:
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
