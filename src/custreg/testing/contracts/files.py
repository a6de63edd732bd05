"""The contract of the files capability (metadata of files and links)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.errors import (
    NotFoundError,
)
from custreg.domain.ids import (
    FileLinkId,
)
from custreg.testing import strategies as s
from custreg.testing.contracts._support import (
    RegistryFactory,
    _by_id,
    _each,
    _one_customer,
    _one_project,
    fresh,
    offered_only,
    read,
    stored,
)


@offered_only(lambda uow: uow.files)
class FileLinkRepositoryContract:
    """The FileLinkRepository port."""

    def test_files_and_links(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer, other = _one_customer(registry), _one_customer(registry)
            project = _one_project(registry, customer)
            mine = data.draw(
                st.lists(
                    st.sampled_from([None, project.id]).flatmap(
                        lambda p: s.file_links(customer.id, p)
                    ),
                    max_size=4,
                    unique_by=lambda f: f.id,
                )
            )
            theirs = data.draw(
                st.lists(s.file_links(other.id), max_size=2, unique_by=lambda f: f.id)
            )
            stored(registry, lambda uow: _each(uow.files.add, [*mine, *theirs]))
            with registry.uow() as uow:
                assert _by_id(uow.files.for_customer(customer.id)) == _by_id(mine)
                for item in mine:
                    assert uow.files.get(item.id) == item
            if mine:
                stored(registry, lambda uow: uow.files.remove(mine[0].id))
                with pytest.raises(NotFoundError):
                    read(registry, lambda uow: uow.files.get(mine[0].id))
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.files.remove(FileLinkId(uuid.uuid4())))

        check()


__all__ = [
    "FileLinkRepositoryContract",
]
