"""The card's Contacts & addresses tab over SQL, its rows made straight from the driver's values.

The tab lists every contact, activity, note and file of a customer; most are never looked at
one by one. Each is made from its row with only what the tab's rules need (names, the active
flag, project links, owners, contacts' names), and the rest left to be built on first use
(``Deferred``): a contact's id, e-mails, phones, roles, keywords, address and deletion, and the
``Activity``, ``Note`` and ``FileLink`` of a view. The rules are the domain card's
(``build_contacts_tab``: P2-P4, T1, T2, N3), applied on the stored values: a deleted contact has
a deletion time, stored ids sort as their UUIDs (32 hex digits on SQLite, ``UUID`` on
PostgreSQL), and stored instants as the instants (fixed-width UTC text on SQLite); the card
tests compare the tab with the memory adapter's, which only uses the domain's builder.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any

import attrs
import orjson
from sqlalchemy import CompoundSelect
from sqlalchemy import Select
from sqlalchemy import literal_column
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import union_all

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.card_rows import CardRead
from custreg.adapters.sql.card_statements import bound_customer
from custreg.adapters.sql.card_statements import bound_org
from custreg.adapters.sql.card_statements import built
from custreg.adapters.sql.trusted import emails_of
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import raw_column
from custreg.adapters.sql.trusted import setter
from custreg.adapters.sql.trusted import text_uuid
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.card import ActivityView
from custreg.domain.card import ContactsTab
from custreg.domain.card import FileView
from custreg.domain.card import NoteView
from custreg.domain.card import ProjectRef
from custreg.domain.card import UserRef
from custreg.domain.card import build_contacts_tab
from custreg.domain.card import user_index
from custreg.domain.card import user_ref
from custreg.domain.contact import Contact
from custreg.domain.ids import CustomerId
from custreg.domain.ids import UserId
from custreg.domain.settings import OrganisationSettings

Row = tuple[Any, ...]

#: The fields of a listed contact made on first use: the rest are what the tab's rules read.
_LATER = ("id", "customer_id", "emails", "phones", "roles", "keywords", "address_id", "deleted_at")
_contact = maker(Contact, later=_LATER)
_contact_setters = tuple(setter(Contact, name) for name in _LATER)
_activity_view = maker(ActivityView, later=("activity",))
_set_activity = setter(ActivityView, "activity")
_note_view = maker(NoteView, later=("note",))
_set_note = setter(NoteView, "note")
_file_view = maker(FileView, later=("file",))
_file = maker(FileLink)
_FILE_KINDS = {kind.value: kind for kind in FileLinkKind}
_set_file = setter(FileView, "file")


def contacts_tab(read: CardRead, customer_id: CustomerId) -> ContactsTab:
    """The Contacts & addresses tab of ``customer_id`` (NotFoundError when there is none): the
    header and addresses from the domain's builder, the lists made here from rows."""
    customer = read.customer(customer_id)
    settings = read.settings()
    found = read.uow.execute(
        built("addresses", _addresses), {"org": read.org, "customer": customer_id}
    )
    addresses = [rows.address_from_row(r) for r in found.mappings()]
    contacts, keywords = read.contact_rows(customer_id)
    activities = read.activity_rows(customer_id)
    keys = _hex_keys if read.text_ids else _uuid_keys
    named = {text: keys(text) for text in {row[9] for row in activities}}  # by stored list
    missing = {key for listed in named.values() for key in listed if key not in contacts}
    if missing:  # contacts of other customers its activities name: one statement more
        read.named_contacts(missing, contacts, keywords)
    notes, files = notes_and_files(read, customer_id)
    # by stored id: a dict lookup per row
    projects = read.project_refs(read.project_names(customer_id))
    tab = build_contacts_tab(customer, addresses, (), (), (), (), (), settings)
    people = _People(user_index(settings), read.ids)

    def fill_note(view: NoteView, row: Row) -> None:
        _set_note(view, read.note_of(row))

    def fill_file(view: FileView, row: Row) -> None:
        _set_file(view, _file_of(read, row))

    planned, past = _activities(read, activities, named, contacts, projects, people)
    mine = read.stored(customer_id)
    own = [row for row in contacts.values() if row[1] == mine and row[10] is None]
    return attrs.evolve(
        tab,
        contacts=_contacts(read, [row for row in own if row[9]], keywords),
        inactive_contacts=_contacts(read, [row for row in own if not row[9]], keywords),
        keywords=tuple(sorted({k for row in own for k in keywords.get(row[0], ())})),
        planned_activities=planned,
        past_activities=past,
        notes=tuple(_note_view(projects.get(r[5]), people[r[4]], (fill_note, r)) for r in notes),
        files=tuple(_file_view(projects.get(r[5]), (fill_file, r)) for r in files),
    )


class _People(dict[Any, UserRef | None]):
    """Users as shown (``user_ref``) by the stored id, each looked up once: ``people[raw]``."""

    def __init__(self, users: Mapping[UserId, UserRef], ids: Callable[[Any], Any]) -> None:
        super().__init__()
        self._users = users
        self._ids = ids

    def __missing__(self, raw: Any) -> UserRef | None:
        found = self[raw] = user_ref(self._users, self._ids(raw))
        return found


def _contacts(
    read: CardRead, listed: list[Row], keywords: dict[Any, list[str]]
) -> tuple[Contact, ...]:
    """P2: ``listed`` contacts by last name, then first name (case-insensitive), then id
    (``contact_order``), each made with its names, title and flag, the rest on first use."""

    def fill(contact: Contact, row: Row) -> None:
        made = _contact_fields(read, row, keywords.get(row[0], []))
        for set_field, value in zip(_contact_setters, made, strict=True):
            set_field(contact, value)

    listed.sort(key=_contact_order)
    return tuple(_contact(r[2], r[3], r[4], bool(r[9]), (fill, r)) for r in listed)


def _contact_order(row: Row) -> tuple[str, str, Any]:
    return (row[3].casefold(), row[2].casefold(), row[0])


def _activities(
    read: CardRead,
    found: list[Row],
    listed: dict[str, list[Any]],
    contacts: dict[Any, Row],
    projects: dict[Any, ProjectRef],
    people: _People,
) -> tuple[tuple[ActivityView, ...], tuple[ActivityView, ...]]:
    """T1, T2: the planned and past activity views (soonest first, most recent first, undated
    last, then by id), each with its project link, owner and the sorted names of the contacts
    it names that were read (P3: deleted ones too), its Activity made on first use."""
    named: dict[str, tuple[str, ...]] = {}  # each distinct stored list's names, once
    for text, keys in listed.items():
        shown = [f"{c[2]} {c[3]}" for c in map(contacts.get, keys) if c]
        named[text] = tuple(shown if len(shown) < 2 else sorted(shown))

    def fill(view: ActivityView, row: Row) -> None:
        _set_activity(view, read.activity_of(row))

    link, owner = projects.get, people.__getitem__
    planned = sorted((row for row in found if not row[8]), key=_soonest)
    past = sorted((row for row in found if row[8]), key=_row_id)
    past.sort(key=_latest, reverse=True)  # stable: equal instants stay in id order

    def views(listed: list[Row]) -> tuple[ActivityView, ...]:
        return tuple(
            [_activity_view(link(r[5]), owner(r[4]), named[r[9]], (fill, r)) for r in listed]
        )

    return views(planned), views(past)


def activity_views_of_rows(
    read: CardRead,
    found: list[Row],
    contacts: dict[Any, Row],
    projects: dict[Any, ProjectRef],
    settings: OrganisationSettings,
) -> tuple[tuple[ActivityView, ...], tuple[ActivityView, ...]]:
    """The planned and past activity views of the rows ``found`` (``CardRead.activity_rows``)
    as the Contacts tab makes them (T1, T2; each Activity made on first use), the contacts
    they name from ``contacts`` (rows by stored id, first and last name at 2 and 3) and their
    projects from ``projects`` (links by stored id)."""
    keys = _hex_keys if read.text_ids else _uuid_keys
    listed = {text: keys(text) for text in {row[9] for row in found}}  # by stored list
    people = _People(user_index(settings), read.ids)
    return _activities(read, found, listed, contacts, projects, people)


def note_views_of_rows(
    read: CardRead,
    found: list[Row],
    projects: dict[Any, ProjectRef],
    settings: OrganisationSettings,
) -> tuple[NoteView, ...]:
    """The note views of the rows ``found`` (``CardRead.note_rows``, in their order) as the
    Contacts tab makes them: each with its project link (from ``projects``, links by stored
    id) and author, its Note made on first use."""
    people = _People(user_index(settings), read.ids)

    def fill_note(view: NoteView, row: Row) -> None:
        _set_note(view, read.note_of(row))

    return tuple(_note_view(projects.get(r[5]), people[r[4]], (fill_note, r)) for r in found)


def _soonest(row: Row) -> tuple[bool, Any, Any]:
    return (row[6] is None, row[6], row[0])


def _latest(row: Row) -> tuple[bool, Any]:
    return (row[6] is not None, row[6])


def _row_id(row: Row) -> Any:
    return row[0]


def notes_and_files(
    read: CardRead, customer_id: CustomerId
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The customer's notes (as ``CardRead.note_rows`` gives them) and files and links (id,
    customer, kind, created at and by, project, name, url, blob key, size, media type),
    each newest first, then by id (stored instants and ids sort as the values): one
    statement, the two as the arms of a UNION ALL told apart by their last column."""
    n, f = t.notes.c, t.files.c

    def build() -> CompoundSelect[Any]:
        of_customer = (bound_org(), bound_customer())
        notes = select(
            raw_column(n.id),
            raw_column(n.customer_id),
            n.text,
            n.created_at,
            raw_column(n.created_by),
            raw_column(n.project_id),
            *(null() for _ in range(5)),
            literal_column("0").label("is_file"),
        ).where(n.organisation_id == of_customer[0], n.customer_id == of_customer[1])
        files = select(
            raw_column(f.id),
            raw_column(f.customer_id),
            f.kind,
            f.created_at,
            raw_column(f.created_by),
            raw_column(f.project_id),
            f.name,
            f.url,
            f.blob_key,
            f.size,
            f.media_type,
            literal_column("1"),
        ).where(f.organisation_id == of_customer[0], f.customer_id == of_customer[1])
        both = union_all(notes, files)
        seen = both.selected_columns
        return both.order_by(seen.is_file, seen.created_at.desc(), seen.id)  # fmt: skip

    found: tuple[list[Any], list[Any]] = ([], [])
    for row in read.plain(built("notes_and_files", build), customer=customer_id):
        found[row[11]].append(row)
    return found


def _file_of(read: CardRead, row: Row) -> FileLink:
    """The FileLink of a file's row of ``notes_and_files``, trusted."""
    i, customer, kind, at, author, project, name, url, blob_key, size, media_type, _ = row
    ids = read.ids
    return _file(
        read.new_id(i), ids(customer), _FILE_KINDS[kind], name, read.instant(at),
        ids(author), ids(project), url, blob_key, size, media_type,
    )  # fmt: skip


def _contact_fields(read: CardRead, row: Row, keywords: list[str]) -> tuple[Any, ...]:
    """The values of the Contact of a row of ``CardRead.contact_rows`` with its ``keywords`` that
    are costly to make (id, customer, e-mails, phones, roles, keywords, address, deleted
    at), trusted."""
    i, customer, _, _, _, emails, phones, roles, address, _, deleted_at, _ = row
    ids, json_of = read.ids, read.json_of
    return (
        read.new_id(i), ids(customer), json_of(emails, emails_of), json_of(phones, tuple),
        json_of(roles, frozenset), frozenset(keywords), ids(address),
        read.instant(deleted_at),
    )  # fmt: skip


def _hex_keys(stored: str) -> list[str]:
    """An activity's stored contact list (JSON, ids as canonical text) as SQLite keeps the ids:
    32 hex digits (the text's only dashes are the ids')."""
    keys: list[str] = orjson.loads(stored.replace("-", ""))
    return keys


def _uuid_keys(stored: str) -> list[Any]:
    """An activity's stored contact list as PostgreSQL's driver gives ids (``UUID``)."""
    return [text_uuid(text) for text in orjson.loads(stored)]


def _addresses() -> Select[Any]:
    """The customer's addresses, every column but the organisation."""
    a = t.addresses.c
    return select(*[c for c in a if c.name != "organisation_id"]).where(
        a.organisation_id == bound_org(), a.customer_id == bound_customer()
    )
