"""Blob stores for file contents: in memory, and in a local directory.

Both refuse any key but the 32 hex digits ``custreg.domain.blobs.blob_key`` makes, before any
I/O, so a user's file name can never become a path; and both enforce their size limit with a
ValidationError naming the field, so a host gets the same error whichever store it plugs in.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from custreg.domain.blobs import DEFAULT_MAX_FILE_SIZE
from custreg.domain.blobs import check_blob_key
from custreg.domain.blobs import check_limit
from custreg.domain.blobs import check_size
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError


def _content(content: bytes, limit: int) -> bytes:
    if not isinstance(content, bytes | bytearray | memoryview):
        raise ValidationError("file", "content", "must be bytes", type(content).__name__)
    data = bytes(content)
    check_size(len(data), limit)
    return data


class MemoryBlobStore:
    """File contents in a dict (tests, demos, embedded use without a file system)."""

    def __init__(self, max_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
        self._max_size = check_limit(max_size)
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    @property
    def max_size(self) -> int:
        return self._max_size

    def put(self, key: str, content: bytes) -> None:
        key = check_blob_key(key)
        data = _content(content, self._max_size)
        with self._lock:
            self._blobs[key] = data

    def get(self, key: str) -> bytes:
        key = check_blob_key(key)
        with self._lock:
            try:
                return self._blobs[key]
            except KeyError:
                raise NotFoundError("file", key, "blob_key") from None

    def delete(self, key: str) -> None:
        key = check_blob_key(key)
        with self._lock:
            self._blobs.pop(key, None)

    def keys(self) -> frozenset[str]:
        """Every stored key (for tests: nothing is left behind)."""
        with self._lock:
            return frozenset(self._blobs)


class LocalDirectoryBlobStore:
    """File contents as files under one directory, ``<root>/<first 2 hex>/<key>``.

    Writes go to a temporary file in the same directory and are renamed into place, so a reader
    never sees half a file. OS errors become StorageError.
    """

    def __init__(self, root: str | os.PathLike[str], max_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
        self._max_size = check_limit(max_size)
        self._root = Path(root).resolve()
        try:
            self._root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot create blob directory: {error}", "file") from None

    @property
    def max_size(self) -> int:
        return self._max_size

    @property
    def root(self) -> Path:
        return self._root

    def _path(self, key: str) -> Path:
        key = check_blob_key(key)
        path = self._root / key[:2] / key
        if path.parent.parent != self._root:  # cannot happen for a checked key; belt and braces
            raise StorageError("blob path escapes the store", "file", "blob_key")
        return path

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        data = _content(content, self._max_size)
        try:
            path.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise StorageError(f"cannot write file content: {error}", "file", "content") from None

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError("file", key, "blob_key") from None
        except OSError as error:
            raise StorageError(f"cannot read file content: {error}", "file", "content") from None

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"cannot delete file content: {error}", "file", "content") from None
