"""SQL repository of file links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import _OldestFirst
from custreg.domain.activity import FileLink

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


class SqlFiles(_OldestFirst[FileLink]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.files, "file", rows.file_row, rows.file_from_row)
