"""Examples of deferred views (``custreg.domain.deferred``), stated directly.

An adapter may build a card view (a task card, an invoice row) with fields left unset and a way
to fill them: the first read of an unset field fills them all, once, and from then on the view
is the one ``__init__`` makes, for equality, hashing, ``repr``, pickling and ``attrs.evolve``.
Views are built here as an adapter builds them, by ``checked.maker`` with ``later=``.
"""

from __future__ import annotations

import pickle
import threading
import uuid
from typing import Any

import attrs
import pytest

from custreg.domain.card import ProjectRef
from custreg.domain.card import TaskCard
from custreg.domain.checked import maker
from custreg.domain.ids import ProjectId
from custreg.domain.ids import TaskId
from custreg.domain.ids import TaskStatusId

TASK = TaskId(uuid.UUID(int=7))
PROJECT = ProjectRef(ProjectId(uuid.UUID(int=8)), 12, "Roof")
STATUS = TaskStatusId(uuid.UUID(int=9))


def eager() -> TaskCard:
    return TaskCard(TASK, "Fix it", PROJECT, STATUS, (), False)


def deferred(fills: list[str], wait: threading.Barrier | None = None) -> TaskCard:
    """A task card whose id is decoded from its stored text on first use; each fill is noted
    in ``fills`` (and waits at ``wait`` first, when given)."""

    def fill(card: Any, stored: str) -> None:
        if wait is not None:
            wait.wait()
        fills.append(stored)
        object.__setattr__(card, "id", TaskId(uuid.UUID(hex=stored)))

    make = maker(TaskCard, later=("id",))
    return make("Fix it", PROJECT, STATUS, (), False, (fill, TASK.hex))


def test_a_deferred_view_is_filled_once_on_the_first_read_of_an_unset_field() -> None:
    fills: list[str] = []
    card = deferred(fills)
    assert card.name == "Fix it" and card.is_done is False
    assert fills == []  # the fields it was built with need no filling
    assert card.id == TASK
    assert fills == [TASK.hex]
    assert card.id == TASK and card == eager()
    assert fills == [TASK.hex]  # filled once


@pytest.mark.parametrize(
    "use",
    [
        lambda card: card == eager(),
        lambda card: eager() == card,
        lambda card: hash(card) == hash(eager()),
        lambda card: repr(card) == repr(eager()),
        lambda card: pickle.loads(pickle.dumps(card)) == eager(),
        lambda card: attrs.evolve(card, name="Other") == attrs.evolve(eager(), name="Other"),
        lambda card: attrs.asdict(card, recurse=False) == attrs.asdict(eager(), recurse=False),
    ],
)
def test_a_deferred_view_is_indistinguishable_from_the_eager_one(use: Any) -> None:
    fills: list[str] = []
    assert use(deferred(fills)) is True
    assert fills == [TASK.hex]


def test_a_filled_view_forgets_its_source_and_an_eager_view_never_has_one() -> None:
    card = deferred([])
    assert card.id == TASK
    for view in (card, eager()):
        assert not hasattr(view, "_deferred")
        with pytest.raises(AttributeError) as error:
            view._deferred  # noqa: B018
        assert str(error.value) == "_deferred"


def test_a_deferred_view_stays_frozen() -> None:
    card = deferred([])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.name = "changed"  # type: ignore[misc]
    assert card == eager()


def test_a_name_the_view_lacks_fails_as_on_any_object() -> None:
    message = "'TaskCard' object has no attribute 'nothing'"
    fills: list[str] = []
    card = deferred(fills)
    for view in (card, card, eager()):  # unfilled, filled, eager
        with pytest.raises(AttributeError) as error:
            view.nothing  # type: ignore[attr-defined]  # noqa: B018
        assert str(error.value) == message
    assert fills == [TASK.hex]


def test_two_threads_filling_one_view_at_once_both_get_the_value() -> None:
    # Both threads are inside the fill together (the barrier): both fill, both forget the source.
    fills: list[str] = []
    card = deferred(fills, threading.Barrier(2, timeout=10))
    seen: list[Any] = []
    failures: list[BaseException] = []

    def read() -> None:
        try:
            seen.append(card.id)
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and seen == [TASK, TASK]
    assert fills == [TASK.hex, TASK.hex] and card == eager()
