"""File link rows."""

from __future__ import annotations

from custreg.adapters.sql.rows.codec import INSTANT
from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.codec import enum_of
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind

_FILE = RowCodec(
    "file",
    FileLink,
    "id customer_id kind name created_at created_by project_id url blob_key size media_type",
    {"kind": enum_of(FileLinkKind), "created_at": INSTANT},
)

file_row = _FILE.row
file_from_row = _FILE.from_row
