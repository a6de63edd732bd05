"""The production clock and id generator (``custreg.adapters.system``)."""

from __future__ import annotations

import os
import pickle
import threading
import uuid
from datetime import UTC

import pytest

from custreg.adapters.system import RandomIds
from custreg.adapters.system import SequentialIds
from custreg.adapters.system import SystemClock


def test_random_ids_are_version_4_uuids_like_uuid4_makes() -> None:
    ids = [RandomIds().new_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    for made in ids:
        assert made.version == 4 and made.variant == uuid.RFC_4122
        again = uuid.UUID(str(made))
        assert again == made and hash(again) == hash(made) and again.int == made.int
        assert pickle.loads(pickle.dumps(made)) == made


def test_random_ids_of_several_threads_are_all_different() -> None:
    drawn: list[list[uuid.UUID]] = [[] for _ in range(4)]

    def draw(into: list[uuid.UUID]) -> None:
        generator = RandomIds()
        into.extend(generator.new_id() for _ in range(3000))

    threads = [threading.Thread(target=draw, args=(d,)) for d in drawn]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [i for d in drawn for i in d]
    assert len(set(every)) == len(every) == 12000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_draws_other_ids_than_its_parent() -> None:
    generator = RandomIds()
    generator.new_id()  # the pool is filled before the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        os.write(write, "".join(generator.new_id().hex for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    child = {text[i : i + 32] for i in range(0, len(text), 32)}
    parent = {generator.new_id().hex for _ in range(50)}
    assert len(child) == 50 and not child & parent


def test_sequential_ids_count_up_and_the_system_clock_is_utc() -> None:
    ids = SequentialIds(start=5)
    assert [ids.new_id().int for _ in range(3)] == [5, 6, 7]
    assert SystemClock().now().tzinfo is UTC
