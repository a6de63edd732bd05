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

_KEY = re.compile(r"[0-9a-f]{32}")
_TOKEN = r"[A-Za-z0-9!#$&^_.+-]{1,127}"
_MEDIA_TYPE = re.compile(rf"^{_TOKEN}/{_TOKEN}$")


def blob_key(file_id: FileLinkId) -> str:
    """The blob key of a file: its id as 32 hex digits (unique, and never a path)."""
    return file_id.hex


def check_blob_key(key: Any) -> str:
    """Refuse anything but a key made by ``blob_key`` (stores call this before any I/O)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
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


#: Media types by file-name extension for the files a customer registry holds (IANA names). A
#: fixed table rather than the platform's ``mimetypes`` database, so a name gets the same type
#: on every machine; anything else is ``application/octet-stream``.
MEDIA_TYPES: dict[str, str] = {
    "7z": "application/x-7z-compressed",
    "bmp": "image/bmp",
    "csv": "text/csv",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "eml": "message/rfc822",
    "gif": "image/gif",
    "gz": "application/gzip",
    "heic": "image/heic",
    "htm": "text/html",
    "html": "text/html",
    "ics": "text/calendar",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "json": "application/json",
    "md": "text/markdown",
    "mov": "video/quicktime",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "msg": "application/vnd.ms-outlook",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
    "png": "image/png",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "rtf": "application/rtf",
    "svg": "image/svg+xml",
    "tar": "application/x-tar",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "vcf": "text/vcard",
    "wav": "audio/wav",
    "webp": "image/webp",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/xml",
    "zip": "application/zip",
}

#: The media type of a file whose type is neither given nor known from its name.
UNKNOWN_MEDIA_TYPE = "application/octet-stream"


def guess_media_type(name: str) -> str:
    """The media type of a file called ``name`` from its extension (case-insensitive, the last
    one: ``offer.tar.gz`` is gzip), ``application/octet-stream`` when the extension is unknown
    or missing. The same answer on every machine (``MEDIA_TYPES``)."""
    _, dot, extension = name.rpartition(".")
    return MEDIA_TYPES.get(extension.lower(), UNKNOWN_MEDIA_TYPE) if dot else UNKNOWN_MEDIA_TYPE


def check_limit(limit: Any) -> int:
    """A blob store's size limit: a positive number of bytes."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise ValidationError("blob_store", "max_size", "must be a positive number of bytes", limit)
    return limit
