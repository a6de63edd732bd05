"""The port to where file contents live (the Files & links section, U3).

Only metadata (name, size, media type, blob key) is stored with the customer; contents go to a
blob store: memory, a local directory, or a host's object storage.
"""

from __future__ import annotations

from typing import Protocol


class BlobStore(Protocol):
    """Contents of files by key. Keys come from ``custreg.domain.blobs.blob_key`` (32 hex digits)
    and are checked with ``check_blob_key`` before any I/O, so no key is ever a path.

    Errors: ValidationError (field ``content``) for contents over ``max_size``; NotFoundError for
    an unknown key; StorageError when the store fails.
    """

    @property
    def max_size(self) -> int:
        """The largest content, in bytes, this store accepts."""
        ...

    def put(self, key: str, content: bytes, /) -> None:
        """Store ``content`` under ``key`` (replacing any content there), atomically."""
        ...

    def get(self, key: str, /) -> bytes:
        """The content stored under ``key``."""
        ...

    def delete(self, key: str, /) -> None:
        """Forget the content under ``key``; an unknown key is a no-op."""
        ...
