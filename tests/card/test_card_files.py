"""Files & links (U3) and the blob stores: sizes, media types, limits, no path traversal."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from cardkit import ADMIN
from cardkit import EDITOR
from cardkit import NOBODY
from cardkit import READER
from cardkit import card_settings
from cardkit import new_customer
from cardkit import per_example
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.blobs import LocalDirectoryBlobStore
from custreg.adapters.blobs import MemoryBlobStore
from custreg.domain.blobs import blob_key
from custreg.domain.blobs import guess_media_type
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.ids import FileLinkId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.testing.strategies import file_names
from custreg.usecases.card import contacts_tab
from custreg.usecases.files import add_file
from custreg.usecases.files import add_link
from custreg.usecases.files import customer_files
from custreg.usecases.files import file_content
from custreg.usecases.files import project_files
from custreg.usecases.files import remove_file
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import create_project


@pytest.fixture(params=["memory", "directory"])
def blob_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """Both blob stores, each with a 1 KiB limit so the limit is easy to cross."""
    if request.param == "memory":
        return MemoryBlobStore(max_size=1024)
    return LocalDirectoryBlobStore(tmp_path / "blobs", max_size=1024)


@per_example
@given(
    name=file_names(),
    content=st.binary(max_size=1024),
    level=st.sampled_from(list(CustomerPermission)),
    on_project=st.booleans(),
)
def test_u3_files_need_edit_and_keep_size_and_media_type(
    registry_factory: Any,
    blob_store: Any,
    name: str,
    content: bytes,
    level: CustomerPermission,
    on_project: bool,
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    principal = Principal(EDITOR.user_id, level)
    project_id = project.id if on_project else None
    if level < CustomerPermission.EDIT:
        with pytest.raises(PermissionDeniedError):
            add_file(registry, principal, blob_store, customer.id, name, content, None, project_id)
        assert customer_files(registry, ADMIN, customer.id) == []
        return
    item = add_file(registry, principal, blob_store, customer.id, name, content, None, project_id)
    assert (item.name, item.size) == (name, len(content))
    assert item.media_type and "/" in item.media_type
    assert file_content(registry, READER, blob_store, item.id) == (item, content)
    views = contacts_tab(registry, READER, customer.id).files
    assert [(v.file, v.project.id if v.project else None) for v in views] == [(item, project_id)]
    shown = project_files(registry, READER, project.id)
    assert shown == ([item] if on_project else [])
    with pytest.raises(PermissionDeniedError):
        remove_file(registry, READER, blob_store, item.id)
    remove_file(registry, principal, blob_store, item.id)
    assert customer_files(registry, READER, customer.id) == []
    assert item.blob_key is not None
    with pytest.raises(NotFoundError):
        blob_store.get(item.blob_key)


@per_example
@given(extra=st.integers(1, 2048))
def test_u3_file_over_the_limit_is_a_validation_error_and_nothing_is_stored(
    registry_factory: Any, blob_store: Any, extra: int
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    with pytest.raises(ValidationError) as error:
        add_file(registry, EDITOR, blob_store, customer.id, "big.pdf", b"x" * (1024 + extra))
    assert (error.value.entity, error.value.field) == ("file", "content")
    assert "limit is 1024 bytes" in error.value.reason
    assert customer_files(registry, READER, customer.id) == []
    if isinstance(blob_store, MemoryBlobStore):
        assert blob_store.keys() == frozenset()
    else:
        assert [p for p in blob_store.root.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    "name",
    ["../etc/passwd", "..\\boot.ini", "a/b.txt", "/abs.txt", "..", ".", "C:\\x.txt", "nul\x00.txt"],
)
def test_u3_file_name_with_a_path_is_rejected(
    registry_factory: Any, blob_store: Any, name: str
) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    with pytest.raises(ValidationError) as error:
        add_file(registry, EDITOR, blob_store, customer.id, name, b"data")
    assert (error.value.entity, error.value.field) == ("file", "name")
    assert customer_files(registry, READER, customer.id) == []


@pytest.mark.parametrize("key", ["../../x", "a" * 31, "A" * 32, "0" * 31 + "/", "", "x.y"])
def test_blob_keys_that_are_not_32_hex_digits_never_touch_the_store(
    blob_store: Any, key: str, tmp_path: Path
) -> None:
    for call in (lambda: blob_store.put(key, b"x"), lambda: blob_store.get(key)):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.field == "blob_key"
    assert not (tmp_path / "x").exists()


def test_local_directory_store_keeps_files_inside_its_root(tmp_path: Path) -> None:
    store = LocalDirectoryBlobStore(tmp_path / "root", max_size=10)
    key = blob_key(FileLinkId(uuid.UUID(int=7)))
    store.put(key, b"hello")
    written = [p for p in (tmp_path / "root").rglob("*") if p.is_file()]
    assert [p.relative_to(tmp_path / "root").parts for p in written] == [(key[:2], key)]
    assert store.get(key) == b"hello"
    store.put(key, b"again")  # replacing is atomic and leaves no temporary file behind
    assert store.get(key) == b"again"
    assert len([p for p in (tmp_path / "root").rglob("*") if p.is_file()]) == 1
    store.delete(key)
    store.delete(key)  # deleting twice is fine
    with pytest.raises(NotFoundError):
        store.get(key)


@pytest.mark.parametrize("limit", [0, -1, True, 1.5])
def test_blob_store_limit_must_be_a_positive_size(limit: Any, tmp_path: Path) -> None:
    for make in (lambda: MemoryBlobStore(limit), lambda: LocalDirectoryBlobStore(tmp_path, limit)):
        with pytest.raises(ValidationError) as error:
            make()
        assert error.value.field == "max_size"


def test_u3_links_need_edit_and_an_http_address(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    project = create_project(registry, EDITOR, customer.id, NewProject("Site"))
    for principal in (READER, NOBODY):
        with pytest.raises(PermissionDeniedError):
            add_link(registry, principal, customer.id, "Site", "https://example.com")
    for bad in ("javascript:alert(1)", "ftp://example.com/x", "example.com", " "):
        with pytest.raises(ValidationError) as error:
            add_link(registry, EDITOR, customer.id, "Site", bad)
        assert (error.value.entity, error.value.field) == ("file", "url")
    link = add_link(registry, EDITOR, customer.id, "Spec", "https://example.com/spec", project.id)
    assert customer_files(registry, READER, customer.id) == [link]
    assert project_files(registry, READER, project.id) == [link]
    with pytest.raises(ValidationError):
        file_content(registry, READER, MemoryBlobStore(), link.id)


def test_u3_file_on_another_customers_project_is_rejected(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    store = MemoryBlobStore()
    mine, other = new_customer(registry, "Mine Oy"), new_customer(registry, "Other Oy")
    theirs = create_project(registry, EDITOR, other.id, NewProject("Theirs"))
    with pytest.raises(ValidationError) as error:
        add_file(registry, EDITOR, store, mine.id, "a.txt", b"x", project_id=theirs.id)
    assert (error.value.entity, error.value.field) == ("file", "project_id")
    assert customer_files(registry, READER, mine.id) == [] and store.keys() == frozenset()


def test_explicit_media_type_is_checked(registry_factory: Any) -> None:
    registry = registry_factory(settings=card_settings)
    store = MemoryBlobStore()
    customer = new_customer(registry)
    item = add_file(registry, EDITOR, store, customer.id, "x.bin", b"1", "Application/PDF")
    assert item.media_type == "application/pdf"
    with pytest.raises(ValidationError) as error:
        add_file(registry, EDITOR, store, customer.id, "x.bin", b"1", "not a type")
    assert (error.value.entity, error.value.field) == ("file", "media_type")
    assert customer_files(registry, READER, customer.id) == [item]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("offer.pdf", "application/pdf"),
        ("OFFER.PDF", "application/pdf"),
        ("budget 2026.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("photo.JPEG", "image/jpeg"),
        ("backup.tar.gz", "application/gzip"),
        ("contacts.vcf", "text/vcard"),
        ("README", "application/octet-stream"),
        ("archive.", "application/octet-stream"),
        ("strange.xyz123", "application/octet-stream"),
        (".pdf", "application/pdf"),
    ],
)
def test_media_type_is_guessed_from_the_name_the_same_on_every_machine(
    name: str, expected: str
) -> None:
    assert guess_media_type(name) == expected
