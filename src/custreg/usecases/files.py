"""Files & links of a customer or one of its projects (U3: every change needs Edit).

Contents go to a ``BlobStore`` passed in by the host (it is not part of the registry: hosts
often keep files elsewhere than rows); only metadata is stored with the customer. The blob key
is made from the file's id, so the user's file name never becomes a path.
"""

from __future__ import annotations

import re

from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.blobs import blob_key
from custreg.domain.blobs import check_size
from custreg.domain.blobs import guess_media_type
from custreg.domain.blobs import media_type
from custreg.domain.errors import ValidationError
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import FileLinkId
from custreg.domain.ids import ProjectId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.validation import ErrorCollector
from custreg.ports.blobs import BlobStore
from custreg.ports.registry import Registry
from custreg.usecases.projects import project_of_customer
from custreg.usecases.writes import customer_rows
from custreg.usecases.writes import writing

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)


def _media_type(name: str, given: str | None) -> str:
    if given is not None:
        return media_type(given)
    return guess_media_type(name)


def add_file(
    registry: Registry,
    principal: Principal,
    blobs: BlobStore,
    customer_id: CustomerId,
    name: str,
    content: bytes,
    media: str | None = None,
    project_id: ProjectId | None = None,
) -> FileLink:
    """Upload a file to the customer (or one of its projects). Size and media type are recorded;
    a name with a path or content over ``blobs.max_size`` is a ValidationError and nothing is
    stored."""
    require(principal, CustomerPermission.EDIT, "file", "add")
    if not isinstance(content, bytes | bytearray):
        raise ValidationError("file", "content", "must be bytes", type(content).__name__)
    file_id = FileLinkId(registry.ids.new_id())
    errors = ErrorCollector()
    stamp = Stamp.by(principal, registry.clock.now())
    item = errors.check(
        lambda: FileLink(
            id=file_id,
            customer_id=customer_id,
            kind=FileLinkKind.FILE,
            name=name,
            created_at=stamp.at,
            created_by=stamp.actor,
            project_id=project_id,
            blob_key=blob_key(file_id),
            size=len(content),
            media_type=_media_type(name if isinstance(name, str) else "", media),
        )
    )
    errors.check(lambda: check_size(len(content), blobs.max_size))
    errors.raise_if_any()
    assert item is not None and item.blob_key is not None
    with registry.transaction() as uow:
        uow.customers.get(customer_id)
        project_of_customer(uow, "file", customer_id, project_id)
        uow.files.add(item)
        uow.record([item.added(stamp)])
        blobs.put(item.blob_key, bytes(content))
        try:
            uow.commit()
        except BaseException:
            blobs.delete(item.blob_key)
            raise
    return item


def add_link(
    registry: Registry,
    principal: Principal,
    customer_id: CustomerId,
    name: str,
    url: str,
    project_id: ProjectId | None = None,
) -> FileLink:
    """Add a web link (http or https) to the customer or one of its projects."""
    require(principal, CustomerPermission.EDIT, "file", "add")
    if not isinstance(url, str) or not _URL.match(url.strip()):
        raise ValidationError("file", "url", "must be an http(s) address", url)
    stamp = Stamp.by(principal, registry.clock.now())
    item = FileLink(
        id=FileLinkId(registry.ids.new_id()),
        customer_id=customer_id,
        kind=FileLinkKind.LINK,
        name=name,
        created_at=stamp.at,
        created_by=stamp.actor,
        project_id=project_id,
        url=url.strip(),
    )
    with registry.transaction() as uow:
        uow.customers.get(customer_id)
        project_of_customer(uow, "file", customer_id, project_id)
        uow.files.add(item)
        uow.commit([item.added(stamp)])
    return item


def file_content(
    registry: Registry, principal: Principal, blobs: BlobStore, file_id: FileLinkId
) -> tuple[FileLink, bytes]:
    """A file's metadata and content (reading needs Read-only)."""
    require(principal, CustomerPermission.READ_ONLY, "file", "read")
    with registry.read() as uow:
        item = uow.files.get(file_id)
    if item.blob_key is None:
        raise ValidationError("file", "kind", "a link has no content", item.id)
    return item, blobs.get(item.blob_key)


def remove_file(
    registry: Registry, principal: Principal, blobs: BlobStore, file_id: FileLinkId
) -> None:
    """Remove a file or link. The content is deleted after the metadata commits: if the blob
    store then fails, its StorageError is raised and only an unreachable blob remains."""
    with writing(registry, principal, "file", "remove") as (uow, stamp):
        item = uow.files.get(file_id)
        uow.files.remove(file_id)
        uow.commit([item.removed(stamp)])
    if item.blob_key is not None:
        blobs.delete(item.blob_key)


def customer_files(
    registry: Registry, principal: Principal, customer_id: CustomerId
) -> list[FileLink]:
    """The customer's files and links, project ones included."""
    return customer_rows(registry, principal, "file", customer_id, lambda uow: uow.files)


def project_files(
    registry: Registry, principal: Principal, project_id: ProjectId
) -> list[FileLink]:
    """The project card's files and links."""
    require(principal, CustomerPermission.READ_ONLY, "file", "list")
    with registry.read() as uow:
        project = uow.projects.get(project_id)
        files = uow.files.for_customer(project.customer_id)
    return [f for f in files if f.project_id == project_id]
