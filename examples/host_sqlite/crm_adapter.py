"""The minimal capability set of custreg over a host CRM's own tables, with plain ``sqlite3``.

The host keeps its customers in ``crm_customer`` (its own column names: ``cust_no``,
``display_name``, ``vat_no``, ``org_no``, ``row_version``) plus a JSON document of the rest, its
addresses in ``crm_address`` and its contact persons in ``crm_contact``. It implements the 20
members custreg's base classes leave abstract, and one optional capability, the audit trail
(``crm_audit_log``), so mass updates can be undone. The settings are the host's own, given once
(``Registry(settings=...)``). Everything else (projects, invoices...) is not offered:
custreg raises ``CapabilityMissing`` if it is asked for.

Customer numbers come from a sequence kept in a second database file and drawn in its own short
transaction, so a number drawn in a unit of work that rolls back is skipped, never reused.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from typing import TypeVar

import custreg as cr
from custreg import AddressRepository
from custreg import AuditLog
from custreg import ConflictError
from custreg import ContactRepository
from custreg import CustomerRepository
from custreg import IntegrityError
from custreg import NotFoundError
from custreg import StorageError
from custreg import ValidationError

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS crm_customer (
    cust_id TEXT PRIMARY KEY,
    cust_no INTEGER NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    vat_no TEXT,
    org_no TEXT,
    row_version INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crm_customer_vat ON crm_customer (vat_no);
CREATE INDEX IF NOT EXISTS crm_customer_org ON crm_customer (org_no);
CREATE TABLE IF NOT EXISTS crm_address (
    addr_id TEXT PRIMARY KEY,
    cust_id TEXT NOT NULL REFERENCES crm_customer (cust_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crm_contact (
    person_id TEXT PRIMARY KEY,
    cust_id TEXT NOT NULL REFERENCES crm_customer (cust_id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crm_audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id TEXT,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    document TEXT NOT NULL
);
"""


def _dump(entity: Any) -> str:
    return json.dumps(cr.to_json(entity), sort_keys=True)


def _load(cls: type[T], text: str) -> T:
    return cr.from_json(cls, json.loads(text))


def _ids(values: Collection[Any]) -> str:
    """A JSON list, read by ``json_each``: one statement whatever the number of ids."""
    return json.dumps([str(v) for v in values])


class Session:
    """The connection of one unit of work; sqlite3's errors become custreg's (no library
    exception crosses into custreg), and a closed session refuses every statement."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.closed = False

    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._run(lambda: self.connection.execute(sql, args))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> sqlite3.Cursor:
        return self._run(lambda: self.connection.executemany(sql, rows))

    def _run(self, statement: Callable[[], sqlite3.Cursor]) -> sqlite3.Cursor:
        if self.closed:
            raise StorageError("the unit of work is used outside its block")
        try:
            return statement()
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from None
        except sqlite3.Error as error:
            raise StorageError(str(error)) from None


@contextmanager
def _all_or_none(db: Session) -> Iterator[None]:
    """A savepoint: the statements inside happen all, or none."""
    db.execute("SAVEPOINT batch")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK TO batch")
        db.execute("RELEASE batch")
        raise
    db.execute("RELEASE batch")


class CrmCustomers(cr.HostCustomerRepository):
    """Customers in ``crm_customer``: the six members custreg cannot derive."""

    def __init__(self, db: Session, numbers: CrmDatabase) -> None:
        self._db = db
        self._numbers = numbers

    def _rows(self, sql: str, *args: Any) -> list[cr.Customer]:
        return [_load(cr.Customer, doc) for (doc,) in self._db.execute(sql, args)]

    def add_many(self, customers: Sequence[cr.Customer], /) -> None:
        rows = [
            (
                str(c.id),
                c.number.value,
                c.name,
                c.vat_number.value if c.vat_number else None,
                c.business_id.value if c.business_id else None,
                c.version,
                _dump(c),
            )
            for c in customers
        ]
        with _all_or_none(self._db):
            self._db.executemany("INSERT INTO crm_customer VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def get_many(
        self, customer_ids: Collection[cr.CustomerId], /
    ) -> dict[cr.CustomerId, cr.Customer]:
        found = self._rows(
            "SELECT document FROM crm_customer WHERE cust_id IN (SELECT value FROM json_each(?))",
            _ids(customer_ids),
        )
        return {c.id: c for c in found}

    def update_many(self, customers: Sequence[cr.Customer], /) -> None:
        with _all_or_none(self._db):
            for c in customers:
                changed = self._db.execute(
                    "UPDATE crm_customer SET cust_no = ?, display_name = ?, vat_no = ?,"
                    " org_no = ?, row_version = ?, document = ?"
                    " WHERE cust_id = ? AND row_version = ?",
                    (
                        c.number.value,
                        c.name,
                        c.vat_number.value if c.vat_number else None,
                        c.business_id.value if c.business_id else None,
                        c.version,
                        _dump(c),
                        str(c.id),
                        c.version - 1,
                    ),
                ).rowcount
                if not changed:
                    stored = self._db.execute(
                        "SELECT row_version FROM crm_customer WHERE cust_id = ?", (str(c.id),)
                    ).fetchone()
                    if stored is None:
                        raise NotFoundError("customer", c.id)
                    raise ConflictError("customer", c.id, c.version - 1, stored[0])

    def find(self, query: cr.CustomerQuery, page: cr.PageRequest, /) -> cr.Page[cr.Customer]:
        # The simplest correct search: custreg's own predicate over the rows, in number order.
        # A host with many customers translates the query into SQL here instead.
        rows = self._rows("SELECT document FROM crm_customer ORDER BY cust_no")
        matching = [c for c in rows if query.matches(c)]
        items = matching[page.offset : page.offset + page.limit]
        return cr.Page(items=items, total=len(matching), offset=page.offset, limit=page.limit)

    def with_tax_ids(
        self,
        vat_numbers: Collection[cr.VatNumber],
        business_ids: Collection[cr.BusinessId],
        /,
    ) -> list[cr.Customer]:
        return self._rows(
            "SELECT document FROM crm_customer"
            " WHERE vat_no IN (SELECT value FROM json_each(?))"
            " OR org_no IN (SELECT value FROM json_each(?)) ORDER BY cust_no",
            json.dumps([v.value for v in vat_numbers]),
            json.dumps([b.value for b in business_ids]),
        )

    def next_numbers(self, count: int, /) -> list[cr.CustomerNumber]:
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError("customer", "count", "must be a whole number >= 0", count)
        return [cr.CustomerNumber(n) for n in self._numbers.draw(count)]


class CrmAddresses(cr.HostAddressRepository):
    """Addresses in ``crm_address``."""

    def __init__(self, db: Session) -> None:
        self._db = db

    def add(self, address: cr.Address, /) -> None:
        with _all_or_none(self._db):
            self._db.execute(
                "INSERT INTO crm_address VALUES (?, ?, ?, ?)",
                (str(address.id), str(address.customer_id), address.ordinal, _dump(address)),
            )

    def get(self, address_id: cr.AddressId, /) -> cr.Address:
        row = self._db.execute(
            "SELECT document FROM crm_address WHERE addr_id = ?", (str(address_id),)
        ).fetchone()
        if row is None:
            raise NotFoundError("address", address_id)
        return _load(cr.Address, row[0])

    def update(self, address: cr.Address, /) -> None:
        with _all_or_none(self._db):
            changed = self._db.execute(
                "UPDATE crm_address SET cust_id = ?, ordinal = ?, document = ? WHERE addr_id = ?",
                (str(address.customer_id), address.ordinal, _dump(address), str(address.id)),
            ).rowcount
        if not changed:
            raise NotFoundError("address", address.id)

    def remove(self, address_id: cr.AddressId, /) -> None:
        sql = "DELETE FROM crm_address WHERE addr_id = ?"
        if not self._db.execute(sql, (str(address_id),)).rowcount:
            raise NotFoundError("address", address_id)

    def for_customer(self, customer_id: cr.CustomerId, /) -> list[cr.Address]:
        rows = self._db.execute(
            "SELECT document FROM crm_address WHERE cust_id = ? ORDER BY ordinal, addr_id",
            (str(customer_id),),
        )
        return [_load(cr.Address, doc) for (doc,) in rows]


class CrmContacts(cr.HostContactRepository):
    """Contact persons in ``crm_contact``; deleted ones stay stored (P3)."""

    def __init__(self, db: Session) -> None:
        self._db = db

    def add(self, contact: cr.Contact, /) -> None:
        with _all_or_none(self._db):
            self._db.execute(
                "INSERT INTO crm_contact VALUES (?, ?, ?)",
                (str(contact.id), str(contact.customer_id), _dump(contact)),
            )

    def get(self, contact_id: cr.ContactId, /) -> cr.Contact:
        row = self._db.execute(
            "SELECT document FROM crm_contact WHERE person_id = ?", (str(contact_id),)
        ).fetchone()
        if row is None:
            raise NotFoundError("contact", contact_id)
        return _load(cr.Contact, row[0])

    def update(self, contact: cr.Contact, /) -> None:
        with _all_or_none(self._db):
            changed = self._db.execute(
                "UPDATE crm_contact SET cust_id = ?, document = ? WHERE person_id = ?",
                (str(contact.customer_id), _dump(contact), str(contact.id)),
            ).rowcount
        if not changed:
            raise NotFoundError("contact", contact.id)

    def for_customer(
        self, customer_id: cr.CustomerId, /, include_inactive: bool = False
    ) -> list[cr.Contact]:
        rows = self._db.execute(
            "SELECT document FROM crm_contact WHERE cust_id = ? ORDER BY person_id",
            (str(customer_id),),
        )
        contacts = [_load(cr.Contact, doc) for (doc,) in rows]
        return [c for c in contacts if not c.is_deleted and (c.active or include_inactive)]


class CrmAuditLog:
    """The optional audit capability, in ``crm_audit_log`` (insertion order is ``seq``)."""

    def __init__(self, db: Session) -> None:
        self._db = db

    def record(self, entries: Sequence[cr.AuditEntry], /) -> None:
        rows = [
            (str(e.batch_id) if e.batch_id else None, e.entity, str(e.entity_id), _dump(e))
            for e in entries
        ]
        self._db.executemany(
            "INSERT INTO crm_audit_log (batch_id, entity, entity_id, document) VALUES (?, ?, ?, ?)",
            rows,
        )

    def _entries(self, sql: str, *args: Any) -> list[cr.AuditEntry]:
        return [_load(cr.AuditEntry, doc) for (doc,) in self._db.execute(sql, args)]

    def for_entity(self, entity: str, entity_id: uuid.UUID, /) -> list[cr.AuditEntry]:
        return self._entries(
            "SELECT document FROM crm_audit_log WHERE entity = ? AND entity_id = ? ORDER BY seq",
            entity,
            str(entity_id),
        )

    def for_batch(self, batch_id: uuid.UUID, /) -> list[cr.AuditEntry]:
        return self._entries(
            "SELECT document FROM crm_audit_log WHERE batch_id = ? ORDER BY seq", str(batch_id)
        )


class CrmUnitOfWork(cr.HostUnitOfWork):
    """One SQLite transaction on its own connection; closed when the block is left."""

    def __init__(self, database: CrmDatabase) -> None:
        self._db = Session(database.connect())
        self._db.execute("BEGIN")
        self._customers = CrmCustomers(self._db, database)
        self._addresses = CrmAddresses(self._db)
        self._contacts = CrmContacts(self._db)
        self._audit = CrmAuditLog(self._db)

    @property
    def customers(self) -> CustomerRepository:
        return self._customers

    @property
    def addresses(self) -> AddressRepository:
        return self._addresses

    @property
    def contacts(self) -> ContactRepository:
        return self._contacts

    @property
    def audit(self) -> AuditLog:  # an optional capability this host offers
        return self._audit

    def commit(self) -> None:
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")  # committing again later commits only what came after

    def rollback(self) -> None:
        if self._db.connection.in_transaction:
            self._db.execute("ROLLBACK")
        self._db.execute("BEGIN")

    def __exit__(self, *exc: object) -> None:
        if not self._db.closed:
            if self._db.connection.in_transaction:
                self._db.execute("ROLLBACK")
            self._db.connection.close()
            self._db.closed = True


class CrmDatabase:
    """The host's database file, and the sequence file its customer numbers are drawn from."""

    def __init__(self, path: str | Path, *, durable: bool = True) -> None:
        self.path = str(path)
        #: False for throw-away databases (tests): no fsync per commit.
        self.durable = durable
        self._sequences = sqlite3.connect(f"{self.path}.seq", isolation_level=None)
        if not durable:
            self._sequences.execute("PRAGMA synchronous = OFF")
        self._sequences.execute(
            "CREATE TABLE IF NOT EXISTS crm_sequence (name TEXT PRIMARY KEY, value INTEGER)"
        )
        self._lock = threading.Lock()
        with self.connect() as db:
            db.executescript(SCHEMA)

    def connect(self) -> sqlite3.Connection:
        """A new connection in autocommit mode (transactions are explicit), foreign keys on."""
        db = sqlite3.connect(self.path, isolation_level=None, timeout=10, check_same_thread=False)
        db.execute("PRAGMA foreign_keys = ON")
        if not self.durable:
            db.execute("PRAGMA synchronous = OFF")
        return db

    def draw(self, count: int) -> list[int]:
        """``count`` new customer numbers, ascending, committed at once (never rolled back)."""
        with self._lock:
            seq = self._sequences
            seq.execute("BEGIN IMMEDIATE")
            row = seq.execute("SELECT value FROM crm_sequence WHERE name = 'cust_no'").fetchone()
            last = row[0] if row else 0
            seq.execute(
                "INSERT INTO crm_sequence VALUES ('cust_no', ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (last + count,),
            )
            seq.execute("COMMIT")
        return list(range(last + 1, last + count + 1))

    def unit_of_work(self) -> CrmUnitOfWork:
        """A unit of work over this database."""
        return CrmUnitOfWork(self)

    def close(self) -> None:
        """Close the sequence connection (units of work close their own)."""
        self._sequences.close()


def crm_registry(
    database: CrmDatabase,
    settings: cr.OrganisationSettings,
    *,
    clock: cr.Clock | None = None,
    ids: cr.IdGenerator | None = None,
) -> cr.Registry:
    """custreg's registry over the host's tables, with the host's own (fixed) settings."""
    return cr.Registry(
        organisation_id=settings.organisation_id,
        uow=database.unit_of_work,
        clock=clock or cr.SystemClock(),
        ids=ids or cr.RandomIds(),
        settings=settings,
    )
