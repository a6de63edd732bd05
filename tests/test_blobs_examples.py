"""Examples of the blob rules (U3): keys, size limits and media types, stated directly."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from custreg.domain.blobs import DEFAULT_MAX_FILE_SIZE
from custreg.domain.blobs import MEDIA_TYPES
from custreg.domain.blobs import UNKNOWN_MEDIA_TYPE
from custreg.domain.blobs import blob_key
from custreg.domain.blobs import check_blob_key
from custreg.domain.blobs import check_limit
from custreg.domain.blobs import check_size
from custreg.domain.blobs import guess_media_type
from custreg.domain.blobs import media_type
from custreg.domain.ids import FileLinkId
from refusals import refused

KEY = "0123456789abcdef0123456789abcdef"


def test_u3_blob_key_is_the_file_id_in_hex() -> None:
    assert blob_key(FileLinkId(UUID(KEY))) == KEY
    assert check_blob_key(KEY) == KEY


@pytest.mark.parametrize(
    "key",
    [KEY.upper(), KEY[:-1], KEY + "0", "../" + KEY[3:], f"{KEY[:31]}g", f" {KEY}", f"{KEY}\n", 7],
)
def test_u3_blob_key_refuses_anything_else(key: Any) -> None:
    with refused("file", "blob_key", "must be 32 lower-case hex digits", key):
        check_blob_key(key)


def test_u3_default_limit_is_25_mib() -> None:
    assert DEFAULT_MAX_FILE_SIZE == 26_214_400


def test_u3_size_at_the_limit_is_accepted() -> None:
    assert check_size(0, 10) == 0
    assert check_size(10, 10) == 10
    with refused("file", "content", "is 11 bytes; the limit is 10 bytes", 11):
        check_size(11, 10)


@pytest.mark.parametrize(("limit", "result"), [(1, 1), (25, 25)])
def test_u3_store_limit_is_a_positive_int(limit: int, result: int) -> None:
    assert check_limit(limit) == result


@pytest.mark.parametrize("limit", [0, -1, True, False, 1.5, "10", None])
def test_u3_store_limit_refusals(limit: Any) -> None:
    with refused("blob_store", "max_size", "must be a positive number of bytes", limit):
        check_limit(limit)


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("application/pdf", "application/pdf"),
        (" Image/PNG ", "image/png"),
        ("application/vnd.ms-excel", "application/vnd.ms-excel"),
        ("a/b", "a/b"),
        ("x!#$&^_.+-/y", "x!#$&^_.+-/y"),
        (f"{'t' * 127}/{'s' * 127}", f"{'t' * 127}/{'s' * 127}"),
    ],
)
def test_u3_media_type_examples(value: str, result: str) -> None:
    assert media_type(value) == result


@pytest.mark.parametrize(
    "value",
    [
        "text",
        "text/",
        "/plain",
        "text/plain; charset=utf-8",
        "text/plain/x",
        "a b/c",
        f"{'t' * 128}/s",
        f"t/{'s' * 128}",
        None,
        b"text/plain",
    ],
)
def test_u3_media_type_refusals(value: Any) -> None:
    with refused("file", "media_type", "must look like type/subtype", value):
        media_type(value)


@pytest.mark.parametrize(
    ("name", "result"),
    [
        ("offer.pdf", "application/pdf"),
        ("OFFER.PDF", "application/pdf"),
        ("offer.tar.gz", "application/gzip"),
        ("photo.jpeg", "image/jpeg"),
        ("photo.JPG", "image/jpeg"),
        ("sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("README", UNKNOWN_MEDIA_TYPE),
        ("pdf", UNKNOWN_MEDIA_TYPE),
        ("offer.", UNKNOWN_MEDIA_TYPE),
        ("offer.exe", UNKNOWN_MEDIA_TYPE),
        (".pdf", "application/pdf"),
    ],
)
def test_u3_guess_media_type_examples(name: str, result: str) -> None:
    assert guess_media_type(name) == result
    assert UNKNOWN_MEDIA_TYPE == "application/octet-stream"


def test_u3_media_type_table_is_valid_and_lower_case() -> None:
    expected = {
        "7z": "application/x-7z-compressed", "bmp": "image/bmp", "csv": "text/csv",
        "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "eml": "message/rfc822", "gif": "image/gif", "gz": "application/gzip",
        "heic": "image/heic", "htm": "text/html", "html": "text/html", "ics": "text/calendar",
        "jpeg": "image/jpeg", "jpg": "image/jpeg", "json": "application/json",
        "md": "text/markdown", "mov": "video/quicktime", "mp3": "audio/mpeg", "mp4": "video/mp4",
        "msg": "application/vnd.ms-outlook",
        "odp": "application/vnd.oasis.opendocument.presentation",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odt": "application/vnd.oasis.opendocument.text", "pdf": "application/pdf",
        "png": "image/png", "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "rtf": "application/rtf", "svg": "image/svg+xml", "tar": "application/x-tar",
        "tif": "image/tiff", "tiff": "image/tiff", "tsv": "text/tab-separated-values",
        "txt": "text/plain", "vcf": "text/vcard", "wav": "audio/wav", "webp": "image/webp",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xml": "application/xml", "zip": "application/zip",
    }  # fmt: skip
    assert expected == MEDIA_TYPES
    for extension, value in MEDIA_TYPES.items():
        assert guess_media_type(f"x.{extension}") == value == media_type(value)
