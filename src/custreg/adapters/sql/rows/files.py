"""File link rows."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row, aware
from custreg.domain.activity import FileLink, FileLinkKind
from custreg.domain.ids import CustomerId, FileLinkId


def file_row(organisation_id: UUID, item: FileLink) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": item.id,
        "customer_id": item.customer_id,
        "kind": item.kind.value,
        "name": item.name,
        "created_at": aware("file", "created_at", item.created_at),
        "created_by": item.created_by,
        "project_id": item.project_id,
        "url": item.url,
        "blob_key": item.blob_key,
        "size": item.size,
        "media_type": item.media_type,
    }


def file_from_row(row: Row) -> FileLink:
    return FileLink(
        id=FileLinkId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        kind=FileLinkKind(row["kind"]),
        name=row["name"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        project_id=row["project_id"],
        url=row["url"],
        blob_key=row["blob_key"],
        size=row["size"],
        media_type=row["media_type"],
    )
