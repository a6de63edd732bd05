"""Exports stream: the peak memory of exporting a report does not grow with the registry.

A report is read ``chunk_size`` rows at a time and each chunk is handed to the sink before the
next is read, so exporting ten times the customers must not take ten times the memory. Measured
with ``tracemalloc`` around ``run_report`` (after a warm-up, so SQLAlchemy's statement cache and
first-use imports are not counted), writing CSV to a stream that keeps nothing. The benchmark
``benchmarks/export.py`` measures the same at 100,000 customers / 300,000 contacts.
"""

from __future__ import annotations

import io
import tracemalloc
import uuid
from datetime import UTC
from datetime import datetime

from custreg.adapters.exports import CsvSink
from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.address import Address
from custreg.domain.address import AddressKind
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.ids import AddressId
from custreg.domain.ids import ContactId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.reports import builtin_report
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.usecases.reports import run_report

SMALL, LARGE = 200, 2_000
CHUNK = 100
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USER = UserId(uuid.UUID(int=1))
ADMIN = Principal(USER, CustomerPermission.ALL)


class _Discard(io.TextIOBase):
    """A text stream that counts what it is given and keeps none of it."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, text: str) -> int:
        self.written += len(text)
        return len(text)


def _registry(database: SqlDatabase, size: int) -> Registry:
    """``size`` customers, each with a headquarters address and two contacts with e-mails."""
    organisation_id = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(organisation_id, "Memory Oy", users=(User(USER, "Ann"),))
    registry = registry_of(database, organisation_id, settings=settings)
    customers, addresses, contacts = [], [], []
    for n in range(1, size + 1):
        customer_id = CustomerId(uuid.uuid4())
        address = Address(
            AddressId(uuid.uuid4()), customer_id, "FI", (f"Katu {n}",), "00100", "Helsinki",
            frozenset({AddressKind.VISITING}),
        )
        addresses.append(address)
        customers.append(
            Customer(
                customer_id, CustomerNumber(n), f"Company {n} Oy", NOW,
                headquarters_address_id=address.id,
            )
        )
        contacts.extend(
            Contact(
                ContactId(uuid.uuid4()), customer_id, f"First{k}", f"Last{n}",
                emails=(f"first{k}.{n}@example.com",), phones=(f"+358 40 {n:07d}",),
            )
            for k in range(2)
        )
    with registry.uow() as uow:
        uow.customers.add_many(customers)
        uow.customers.next_numbers(size)
        uow.addresses.add_many(addresses)
        for contact in contacts:
            uow.contacts.add(contact)
        uow.commit()
    return registry


def _export_peak(registry: Registry, report: str) -> tuple[int, int, int]:
    """(rows exported, characters written, peak bytes allocated) of one CSV export."""
    stream = _Discard()
    tracemalloc.start()
    try:
        result = run_report(
            registry, ADMIN, builtin_report(report), CsvSink(stream), chunk_size=CHUNK
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result.rows, stream.written, peak


def test_export_memory_stays_flat_when_the_registry_grows(database: SqlDatabase) -> None:
    small, large = _registry(database, SMALL), _registry(database, LARGE)
    for report, per_customer in (("contacts", 2), ("customers", 1)):
        run_report(small, ADMIN, builtin_report(report), CsvSink(_Discard()), chunk_size=CHUNK)
        rows_small, written_small, peak_small = _export_peak(small, report)
        rows_large, written_large, peak_large = _export_peak(large, report)
        assert (rows_small, rows_large) == (SMALL * per_customer, LARGE * per_customer)
        assert written_large > 9 * written_small  # ten times the data went through the sink
        # ... in at most a little more memory than a tenth of it did (the chunk is the unit).
        assert peak_large <= 1.5 * peak_small + 256 * 1024, (report, peak_small, peak_large)


def test_a_postgresql_export_reads_its_rows_with_one_select(database: SqlDatabase) -> None:
    """On PostgreSQL the rows come from ONE ordered SELECT read through a server-side cursor,
    ``chunk_size`` at a time (the database sorts once); on SQLite each chunk is its own short
    keyset SELECT, so a long export never holds SQLite's lock between chunks. Either way the
    file is the same, and the statements besides the row SELECTs do not grow with the chunks."""
    from sqlkit import statements

    registry = _registry(database, SMALL)
    run_report(registry, ADMIN, builtin_report("contacts"), CsvSink(_Discard()))  # settings cached
    files, counts = [], []
    for chunk_size in (CHUNK, SMALL * 4):
        stream = io.StringIO()
        with statements(database) as log:
            report = builtin_report("contacts")
            run_report(registry, ADMIN, report, CsvSink(stream), chunk_size=chunk_size)
        files.append(stream.getvalue())
        ordered = [s for s in log.statements if "ORDER BY" in s and "FROM contacts" in s]
        counts.append((len(ordered), len(log) - len(ordered)))
    assert files[0] == files[1] and files[0].count("\r\n") == 1 + 2 * SMALL
    chunks = 2 * SMALL // CHUNK
    if database.engine.dialect.name == "postgresql":
        assert counts[0] == counts[1] and counts[0][0] == 1, counts
    else:  # a keyset SELECT per chunk (the last one is full, so one more finds nothing)
        assert counts[0][0] == chunks + 1 and counts[1][0] == 1, counts
