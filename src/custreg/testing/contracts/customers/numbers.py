"""Contract of customer numbers (C3): drawn ascending, never repeated, reservations kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import strategies as st

from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing.contracts._support import each_example

R = TypeVar("R")


def _rounds(each: st.SearchStrategy[R]) -> st.SearchStrategy[list[tuple[R, bool]]]:
    """One to five rounds: what to do in a unit of work, and whether to commit it."""
    return st.lists(st.tuples(each, st.booleans()), min_size=1, max_size=5)


def _in_rounds(
    registry: Registry,
    rounds: list[tuple[R, bool]],
    draw: Callable[[UnitOfWork, R], list[int]],
) -> list[list[int]]:
    """The numbers ``draw`` hands out in each round, each round in its own unit of work that is
    committed or rolled back as the round says."""
    result = []
    for what, commit in rounds:
        with registry.uow() as uow:
            result.append(draw(uow, what))
            if commit:
                uow.commit()
    return result


def _one_by_one(uow: UnitOfWork, count: int) -> list[int]:
    return [uow.customers.next_number().value for _ in range(count)]


def _batch_then_one(uow: UnitOfWork, count: int) -> list[int]:
    """``next_numbers(count)``, then one more by ``next_number``."""
    batch = [n.value for n in uow.customers.next_numbers(count)]
    return [*batch, uow.customers.next_number().value]


def _reserve_then_batch(uow: UnitOfWork, number_and_count: tuple[int, int]) -> list[int]:
    """Reserve the number, then draw ``next_numbers(count)``."""
    number, count = number_and_count
    uow.customers.reserve_number(CustomerNumber(number))
    return [n.value for n in uow.customers.next_numbers(count)]


def _all(rounds: list[list[int]]) -> list[int]:
    return [n for numbers in rounds for n in numbers]


class CustomerNumberContract:
    """CustomerRepository numbers (C3): ascending, never repeated (not even after a rollback),
    reserved numbers never handed out."""

    @each_example(rounds=_rounds(st.integers(1, 3)))
    def test_c3_next_number_never_repeats_even_after_rollback(
        self, registry: Registry, rounds: list[tuple[int, bool]]
    ) -> None:
        seen = _all(_in_rounds(registry, rounds, _one_by_one))
        assert len(seen) == len(set(seen))
        assert all(n > 0 for n in seen)

    @each_example(rounds=_rounds(st.integers(0, 4)))
    def test_c3_next_numbers_ascend_and_never_repeat(
        self, registry: Registry, rounds: list[tuple[int, bool]]
    ) -> None:
        drawn = _in_rounds(registry, rounds, _batch_then_one)
        for (count, _), numbers in zip(rounds, drawn, strict=True):
            batch = numbers[:-1]
            assert len(batch) == count
            assert batch == sorted(batch)
        seen = _all(drawn)
        assert len(seen) == len(set(seen))

    @each_example(
        requires=lambda uow: uow.customers.reserve_number(CustomerNumber(1)),
        rounds=_rounds(st.tuples(st.integers(1, 40), st.integers(0, 3))),
    )
    def test_c3_reserved_numbers_are_never_handed_out(
        self, registry: Registry, rounds: list[tuple[tuple[int, int], bool]]
    ) -> None:
        batches = _in_rounds(registry, rounds, _reserve_then_batch)
        reserved = [number for (number, _), _ in rounds]
        for i, batch in enumerate(batches):
            # Drawn after a reservation (kept even if rolled back): above every one so far.
            assert all(n > max(reserved[: i + 1]) for n in batch)
        drawn = _all(batches)
        assert len(drawn) == len(set(drawn))
        with registry.uow() as uow:
            assert uow.customers.next_number().value > max(reserved + drawn)
