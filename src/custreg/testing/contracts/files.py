"""The contract of the files capability (metadata of files and links)."""

from __future__ import annotations

import uuid
from functools import partial

from hypothesis import strategies as st

from custreg.domain.ids import FileLinkId
from custreg.ports.files import FileLinkRepository
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import _add_each
from custreg.testing.contracts._support import _by_id
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import _check_remove
from custreg.testing.contracts._support import _on_customer_or
from custreg.testing.contracts._support import _two_customers_and_project
from custreg.testing.contracts._support import _unique
from custreg.testing.contracts._support import each_example
from custreg.testing.contracts._support import offered_only
from custreg.testing.contracts._support import read


def _files(uow: UnitOfWork) -> FileLinkRepository:
    return uow.files


@offered_only(lambda uow: uow.files)
class FileLinkRepositoryContract:
    """The FileLinkRepository port."""

    @each_example(data=st.data())
    def test_files_and_links(self, registry: Registry, data: st.DataObject) -> None:
        customer, other, project = _two_customers_and_project(registry)
        mine = data.draw(_on_customer_or(project, partial(s.file_links, customer.id), 4))
        theirs = data.draw(_unique(s.file_links(other.id), 2))
        _add_each(registry, _files, [*mine, *theirs])
        listed = read(registry, lambda uow: uow.files.for_customer(customer.id))
        assert _by_id(listed) == _by_id(mine)
        if mine:
            _check_remove(registry, _files, mine[0].id)
        _check_not_found(registry, lambda uow: uow.files.remove(FileLinkId(uuid.uuid4())))


__all__ = [
    "FileLinkRepositoryContract",
]
