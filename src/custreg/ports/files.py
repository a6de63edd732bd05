"""Metadata of files and links (an optional capability; contents go to a ``BlobStore``)."""

from __future__ import annotations

from typing import Protocol

from custreg.domain.activity import FileLink
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId


class FileLinkRepository(Protocol):
    """Metadata of files and links (file contents live in a blob store)."""

    def add(self, item: FileLink, /) -> None:
        """Store new metadata (IntegrityError for a taken id or an unknown customer)."""
        ...

    def get(self, item_id: FileLinkId, /) -> FileLink:
        """The file or link with this id, or NotFoundError."""
        ...

    def remove(self, item_id: FileLinkId, /) -> None:
        """Delete the metadata (NotFoundError if absent); the blob is the caller's to delete."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[FileLink]:
        """The customer's files and links, oldest first (ties by id)."""
        ...
