"""SQL repository of file links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import _Crud
from custreg.domain.activity import FileLink
from custreg.domain.ids import CustomerId

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


class SqlFiles(_Crud[FileLink]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.files, "file", rows.file_row, rows.file_from_row)

    def for_customer(self, customer_id: CustomerId) -> list[FileLink]:
        c = t.files.c
        return self._list(c.customer_id == customer_id, order=[c.created_at])
