"""The contract of the files capability (metadata of files and links)."""

from __future__ import annotations

import uuid
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.errors import NotFoundError
from custreg.domain.ids import FileLinkId
from custreg.testing import strategies as s
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _check_remove
from custreg.testing.contracts._support import _each
from custreg.testing.contracts._support import _on_customer_or
from custreg.testing.contracts._support import _two_customers_and_project
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import offered_only
from custreg.testing.contracts._support import stored


@offered_only(lambda uow: uow.files)
class FileLinkRepositoryContract:
    """The FileLinkRepository port."""

    def test_files_and_links(self, registry_factory: RegistryFactory) -> None:
        @given(st.data())
        def check(data: st.DataObject) -> None:
            registry = fresh(registry_factory)
            customer, other, project = _two_customers_and_project(registry)
            mine = data.draw(_on_customer_or(project, partial(s.file_links, customer.id), 4))
            theirs = data.draw(_unique(s.file_links(other.id), 2))
            stored(registry, lambda uow: _each(uow.files.add, [*mine, *theirs]))
            with registry.uow() as uow:
                assert _by_id(uow.files.for_customer(customer.id)) == _by_id(mine)
                for item in mine:
                    assert uow.files.get(item.id) == item
            if mine:
                _check_remove(registry, lambda uow: uow.files, mine[0].id)
            with pytest.raises(NotFoundError):
                stored(registry, lambda uow: uow.files.remove(FileLinkId(uuid.uuid4())))

        check()


__all__ = [
    "FileLinkRepositoryContract",
]
