"""Rules for file contents kept in a blob store (U3): keys, sizes and media types.

Keys are generated from the file's id, never from the user's file name, so no name can reach the
file system as a path: a key is exactly 32 lower-case hex digits.
"""

from __future__ import annotations

import re
from typing import Any

from custreg.domain.errors import ValidationError
from custreg.domain.ids import FileLinkId

#: The default size limit of one file (25 MiB); blob stores take their own limit.
DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024

_KEY = re.compile(r"^[0-9a-f]{32}$")
_TOKEN = r"[A-Za-z0-9!#$&^_.+-]{1,127}"
_MEDIA_TYPE = re.compile(rf"^{_TOKEN}/{_TOKEN}$")


def blob_key(file_id: FileLinkId) -> str:
    """The blob key of a file: its id as 32 hex digits (unique, and never a path)."""
    return file_id.hex


def check_blob_key(key: Any) -> str:
    """Refuse anything but a key made by ``blob_key`` (stores call this before any I/O)."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError("file", "blob_key", "must be 32 lower-case hex digits", key)
    return key


def check_size(size: int, limit: int) -> int:
    """A file's size must be at most ``limit`` bytes."""
    if size > limit:
        raise ValidationError(
            "file", "content", f"is {size} bytes; the limit is {limit} bytes", size
        )
    return size


def media_type(value: Any) -> str:
    """A ``type/subtype`` media type, lower-cased, without parameters."""
    if not isinstance(value, str) or not _MEDIA_TYPE.match(value.strip()):
        raise ValidationError("file", "media_type", "must look like type/subtype", value)
    return value.strip().lower()


def check_limit(limit: Any) -> int:
    """A blob store's size limit: a positive number of bytes."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise ValidationError("blob_store", "max_size", "must be a positive number of bytes", limit)
    return limit
