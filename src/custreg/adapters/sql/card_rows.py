"""The customer card's rows read straight into trusted entities, one set-based statement each.

Every loader selects only the columns it needs, ids as the driver gives them
(``trusted.raw_column``), and builds each entity with a generated constructor that skips the
converters and validators (``trusted.maker``): the rows were validated when written. A row's own
id is decoded once (``new_id``); ids repeated on many rows (customer, project, status, owner) go
through the read's ``Ids``, and JSON lists shared by many rows (roles, contact lists, assignees)
through its ``Decoded``, so both cost one decoding per distinct value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Sequence
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON
from sqlalchemy import ColumnElement
from sqlalchemy import CompoundSelect
from sqlalchemy import Select
from sqlalchemy import Uuid
from sqlalchemy import and_
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy import union_all

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.predicates import billed
from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.trusted import Decoded
from custreg.adapters.sql.trusted import Ids
from custreg.adapters.sql.trusted import contact_ids_of
from custreg.adapters.sql.trusted import emails_of
from custreg.adapters.sql.trusted import fresh_uuid
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import new_id
from custreg.adapters.sql.trusted import raw_column
from custreg.adapters.sql.unit_of_work import SqlUnitOfWork
from custreg.domain.activity import Activity
from custreg.domain.activity import ActivityKind
from custreg.domain.activity import FileLink
from custreg.domain.activity import FileLinkKind
from custreg.domain.activity import Note
from custreg.domain.card import CustomerRef
from custreg.domain.card import ProjectRef
from custreg.domain.contact import Contact
from custreg.domain.customer import Customer
from custreg.domain.customer import CustomerStatus
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CustomerId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.domain.values import Money

P = t.projects.c
I = t.invoices.c  # noqa: E741 - the invoices table's columns, as in the statements
_raw = raw_column

_activity = maker(Activity)
_contact = maker(Contact)
_note = maker(Note)
_file = maker(FileLink)
_project = maker(Project)
_invoice = maker(Invoice)
_cost = maker(CostEntry)
_forecast = maker(ProjectForecast)
_project_ref = maker(ProjectRef)
_customer_ref = maker(CustomerRef)
_customer_number = maker(CustomerNumber)
_STATUSES = {status.value: status for status in CustomerStatus}
_ACTIVITY_KINDS = {kind.value: kind for kind in ActivityKind}
_FILE_KINDS = {kind.value: kind for kind in FileLinkKind}
_COST_KINDS = {kind.value: kind for kind in CostKind}


def joined_to_projects(table: Any, on: Any) -> Any:
    """``table JOIN projects`` on the organisation and the project id."""
    return table.join(
        t.projects, and_(P.organisation_id == on.organisation_id, P.id == on.project_id)
    )


_money = maker(Money)


def money_of(units: int, exponent: int | None, currency: str) -> Money:
    """The stored amount (integer units, written exponent) as ``Money``, trusted."""
    return _money(money_amount(units, exponent), currency)


def _as_is(value: Any) -> Any:
    """A value the driver already decoded (UUIDs on PostgreSQL)."""
    return value


def _hex(value: UUID) -> str:
    return value.hex


def _text_instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


class CardRead:
    """One read transaction of one organisation with the loaders the tabs share; ``ids`` and
    ``json_of`` decode each distinct repeated value once for the whole read."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self.uow = uow
        self.org = uow.organisation_id
        #: PostgreSQL's driver gives UUIDs already: nothing to decode or share there.
        text = uow.dialect != "postgresql"
        #: Whether ids come as hex text (SQLite) rather than UUIDs (PostgreSQL's driver).
        self.text_ids = text
        self.ids: Callable[[Any], Any] = Ids() if text else _as_is
        #: A row's own id (met once): decoded from hex text on SQLite, as is on PostgreSQL.
        self.new_id: Callable[[Any], Any] = fresh_uuid if text else _as_is
        #: A UUID as the driver gives it back (hex text on SQLite), to compare with raw rows.
        self.stored: Callable[[UUID], Any] = _hex if text else _as_is
        self.json_of = Decoded()
        #: Instants and days as the driver gives them (text on SQLite) decoded as the columns'
        #: types would (``UtcDateTime``: aware, in UTC), one C call each.
        self.instant: Callable[[Any], datetime | None] = _text_instant if text else _utc
        self.day: Callable[[Any], date] = date.fromisoformat if text else _as_is

    def run(self, statement: Select[Any] | CompoundSelect[Any]) -> Sequence[Any]:
        """The rows of ``statement``, as the driver gives them (tuples)."""
        return self.uow.execute(statement).all()

    def plain(self, statement: Select[Any] | CompoundSelect[Any]) -> list[tuple[Any, ...]]:
        """The rows of ``statement`` straight from the driver's cursor, without SQLAlchemy's
        row objects and result processing: values as the driver gives them (ids, instants and
        days as text on SQLite, booleans as integers), for the loader to decode (``ids``,
        ``instant``, ``day``, ``bool``)."""
        result = self.uow.execute(statement)
        rows = list(result.cursor.fetchall())
        result.close()
        return rows

    def settings(self) -> OrganisationSettings:
        """The organisation's settings (cached by the repository while unchanged)."""
        return self.uow.settings.get()

    def customer(self, customer_id: CustomerId) -> Customer:
        """The customer, validated as any repository read; NotFoundError when there is none."""
        return self.uow.customers.get(customer_id)

    def customer_ref(self, customer_id: CustomerId) -> CustomerRef:
        """Which customer a tab is about (id, number, name, status), for the tabs that show no
        more of it: one statement; NotFoundError when there is none, as ``customer``."""
        c = t.customers.c
        found = self.plain(
            select(c.number, c.name, c.status).where(
                c.organisation_id == self.org, c.id == customer_id
            )
        )
        if not found:
            raise NotFoundError("customer", customer_id)
        number, name, status = found[0]
        return _customer_ref(customer_id, _customer_number(number), name, _STATUSES[status])

    def project_refs(self, customer_id: CustomerId) -> dict[Any, ProjectRef]:
        """The customer's projects as the links shown next to things, by the id as the driver
        gives it (rows joined to them look their project up without decoding it)."""
        statement = select(_raw(P.id), P.number, P.name).where(
            P.organisation_id == self.org, P.customer_id == customer_id
        )
        ids = self.ids
        return {raw: _project_ref(ids(raw), n, name) for raw, n, name in self.plain(statement)}

    def projects(self, customer_id: CustomerId) -> list[Project]:
        """The customer's projects, in number order."""
        return [project for project, _ in self.flagged_projects(customer_id)]

    def flagged_projects(
        self, customer_id: CustomerId, *flags: ColumnElement[bool]
    ) -> list[tuple[Project, tuple[bool, ...]]]:
        """The customer's projects in number order, each with the values of ``flags`` (boolean
        expressions on its row, e.g. correlated EXISTS): one statement."""
        statement = (
            select(
                _raw(P.id),
                _raw(P.customer_id),
                P.number,
                P.name,
                _raw(P.owner_id),
                P.is_internal,
                P.is_closed,
                _raw(P.sales_status_id),
                P.probability,
                P.expected_value_units,
                P.expected_value_exponent,
                P.expected_value_currency,
                P.version,
                *flags,
            )
            .where(P.organisation_id == self.org, P.customer_id == customer_id)
            .order_by(P.number)
        )
        ids = self.ids
        return [
            (
                _project(
                    ids(i),
                    ids(c),
                    number,
                    name,
                    ids(owner),
                    bool(internal),
                    bool(closed),
                    ids(status),
                    probability,
                    None if units is None else money_of(units, exponent, currency),
                    version,
                ),
                tuple(bool(flag) for flag in flagged),
            )
            for (
                i, c, number, name, owner, internal, closed, status, probability,
                units, exponent, currency, version, *flagged,
            ) in self.plain(statement)
        ]  # fmt: skip

    def named_by_activities(self, customer_id: CustomerId) -> Select[Any]:
        """The ids of the contacts the customer's activities name (their JSON lists, opened in
        SQL), for ``contacts.id IN (...)``: no list of ids sent back to the database."""
        a = t.activities.c
        own = (a.organisation_id == self.org, a.customer_id == customer_id)
        if self.text_ids:  # SQLite keeps ids as 32 hex digits, the lists as canonical text
            listed = func.json_each(a.contact_ids).table_valued("value").alias("named")
            named = func.replace(listed.c.value, "-", "")
            joined = t.activities.join(listed, true())  # the function reads each row's list
            return select(named).select_from(joined).where(*own)
        return select(cast(func.json_array_elements_text(cast(a.contact_ids, JSON)), Uuid)).where(
            *own
        )

    def contacts(self, *arms: ColumnElement[bool]) -> list[Contact]:
        """Contacts matching any of ``arms`` (conditions that no contact meets twice: each
        is one index range, as an OR of them would not be) with their keywords: one statement,
        a contact row per keyword (LEFT JOIN: a contact without keywords is one row)."""
        c, k = t.contacts.c, t.contact_keywords.c
        columns = (
            _raw(c.id), _raw(c.customer_id), c.first_name, c.last_name, c.title, c.emails,
            c.phones, c.roles, _raw(c.address_id), c.active, c.deleted_at, k.keyword,
        )  # fmt: skip
        linked = t.contacts.outerjoin(
            t.contact_keywords,
            (k.organisation_id == c.organisation_id) & (k.contact_id == c.id),
        )
        statement = union_all(
            *(
                select(*columns).select_from(linked).where(c.organisation_id == self.org, w)
                for w in arms
            )
        )
        first: dict[Any, Any] = {}
        keywords: dict[Any, list[str]] = defaultdict(list)
        for row in self.plain(statement):
            first.setdefault(row[0], row)
            if row[11] is not None:
                keywords[row[0]].append(row[11])
        ids, json_of, instant = self.ids, self.json_of, self.instant
        return [
            _contact(
                new_id(i),
                ids(customer),
                first_name,
                last,
                title,
                json_of(emails, emails_of),
                json_of(phones, tuple),
                json_of(roles, frozenset),
                frozenset(keywords.get(i, ())),
                ids(address),
                bool(active),
                instant(deleted_at),
            )
            for (
                i, customer, first_name, last, title, emails, phones, roles, address, active,
                deleted_at, _,
            ) in first.values()
        ]  # fmt: skip

    def activities(self, customer_id: CustomerId) -> list[Activity]:
        """The customer's activities: one statement."""
        a = t.activities.c
        statement = select(
            _raw(a.id),
            _raw(a.customer_id),
            a.kind,
            a.title,
            _raw(a.owner_id),
            _raw(a.project_id),
            a.starts_at,
            a.ends_at,
            a.done,
            a.contact_ids,
            a.description,
        ).where(a.organisation_id == self.org, a.customer_id == customer_id)
        ids, json_of, instant, new = self.ids, self.json_of, self.instant, self.new_id
        return [
            _activity(
                new(i),
                ids(customer),
                _ACTIVITY_KINDS[kind],
                title,
                ids(owner),
                ids(project),
                instant(starts_at),
                instant(ends_at),
                bool(done),
                json_of(contacts, contact_ids_of),
                description,
            )
            for (
                i, customer, kind, title, owner, project, starts_at, ends_at, done, contacts,
                description,
            ) in self.plain(statement)
        ]  # fmt: skip

    def notes(self, where: ColumnElement[bool]) -> list[Note]:
        """The organisation's notes matching ``where``: one statement."""
        n = t.notes.c
        statement = select(
            _raw(n.id), _raw(n.customer_id), n.text, n.created_at, _raw(n.created_by),
            _raw(n.project_id),
        ).where(n.organisation_id == self.org, where)  # fmt: skip
        ids, instant, new = self.ids, self.instant, self.new_id
        return [
            _note(new(i), ids(customer), text, instant(at), ids(author), ids(project))
            for i, customer, text, at, author, project in self.plain(statement)
        ]

    def files(self, customer_id: CustomerId) -> list[FileLink]:
        """The customer's files and links: one statement."""
        f = t.files.c
        statement = select(
            _raw(f.id), _raw(f.customer_id), f.kind, f.name, f.created_at, _raw(f.created_by),
            _raw(f.project_id), f.url, f.blob_key, f.size, f.media_type,
        ).where(f.organisation_id == self.org, f.customer_id == customer_id)  # fmt: skip
        ids, instant, new = self.ids, self.instant, self.new_id
        return [
            _file(
                new(i), ids(customer), _FILE_KINDS[kind], name, instant(at), ids(author),
                ids(project), url, blob_key, size, media_type,
            )
            for (
                i, customer, kind, name, at, author, project, url, blob_key, size, media_type,
            ) in self.plain(statement)
        ]  # fmt: skip

    def invoices(self, where: list[ColumnElement[bool]], billed_only: bool) -> list[Invoice]:
        """Invoices matching ``where`` with their projects: one statement."""
        found, projects = self.invoice_rows(where, billed_only)
        return [self.invoice_of(row, projects) for row in found]

    def invoice_rows(
        self, where: list[ColumnElement[bool]], billed_only: bool
    ) -> tuple[list[Any], dict[Any, list[Any]]]:
        """Invoices matching ``where`` as the driver gives them (``invoice_of`` makes each one
        an Invoice; stored dates and ids sort as the values do) and the stored ids of their
        projects by the stored invoice id: one statement, an invoice row per project link
        (LEFT JOIN: an invoice without projects is one row)."""
        links = t.invoice_projects.c
        conditions = [I.organisation_id == self.org, *where]
        if billed_only:
            conditions += billed(t.invoices, self.org)
        linked = t.invoices.outerjoin(
            t.invoice_projects,
            (links.organisation_id == I.organisation_id) & (links.invoice_id == I.id),
        )
        statement = (
            select(
                _raw(I.id), _raw(I.customer_id), _raw(I.status_id), I.on_date,
                I.total_excl_vat_units, I.total_excl_vat_exponent, I.total_incl_vat_units,
                I.total_incl_vat_exponent, I.currency, I.number, I.is_credit_note,
                _raw(I.owner_id), _raw(links.project_id),
            )
            .select_from(linked)
            .where(*conditions)
        )  # fmt: skip
        first: dict[Any, Any] = {}
        projects: dict[Any, list[Any]] = defaultdict(list)
        for row in self.plain(statement):
            invoice_id, project_id = row[0], row[12]
            first.setdefault(invoice_id, row)
            if project_id is not None:
                projects[invoice_id].append(project_id)
        return list(first.values()), projects

    def invoice_of(self, row: Sequence[Any], projects: dict[Any, list[Any]]) -> Invoice:
        """The Invoice of a row of ``invoice_rows``, trusted."""
        i, customer, status, on, excl, excl_exponent, incl, incl_exponent, currency, number, \
            credit, owner, _ = row  # fmt: skip
        ids = self.ids
        return _invoice(
            self.new_id(i), ids(customer), ids(status), self.day(on),
            money_of(excl, excl_exponent, currency), money_of(incl, incl_exponent, currency),
            number, frozenset(ids(p) for p in projects.get(i, ())), bool(credit), ids(owner),
        )  # fmt: skip

    def costs(self, where: list[ColumnElement[bool]]) -> list[CostEntry]:
        """Cost entries joined to their project, matching ``where``: one statement."""
        k = t.cost_entries.c
        statement = (
            select(
                _raw(k.id), _raw(k.project_id), k.kind, k.on_date, k.amount_units,
                k.amount_exponent, k.currency,
            )
            .select_from(joined_to_projects(t.cost_entries, k))
            .where(*where)
        )  # fmt: skip
        ids, day = self.ids, self.day
        return [
            _cost(
                new_id(i), ids(p), _COST_KINDS[kind], day(on), money_of(units, exponent, currency)
            )
            for i, p, kind, on, units, exponent, currency in self.plain(statement)
        ]

    def forecasts(self, where: list[ColumnElement[bool]]) -> list[ProjectForecast]:
        """Forecasts joined to their project, matching ``where``: one statement."""
        f = t.project_forecasts.c
        statement = (
            select(
                _raw(f.project_id), f.month, f.billing_units, f.billing_exponent, f.costs_units,
                f.costs_exponent, f.currency,
            )
            .select_from(joined_to_projects(t.project_forecasts, f))
            .where(*where)
        )  # fmt: skip
        ids, day = self.ids, self.day
        return [
            _forecast(
                ids(p),
                day(month),
                money_of(billing, b_exp, currency),
                money_of(costs, c_exp, currency),
            )
            for p, month, billing, b_exp, costs, c_exp, currency in self.plain(statement)
        ]
