"""The customer card's rows read straight into trusted entities, one set-based statement each.

Every loader selects only the columns it needs, ids as the driver gives them
(``trusted.raw_column``), and builds each entity with a generated constructor that skips the
converters and validators (``trusted.maker``): the rows were validated when written. A row's own
id is decoded once (``new_id``); ids repeated on many rows (customer, project, status, owner) go
through the read's ``Ids``, and JSON lists shared by many rows (roles, contact lists, assignees)
through its ``Decoded``, so both cost one decoding per distinct value.

Every statement is built once per shape (``built``) with bound parameters (``org``,
``customer``, ...) for the values of a read: SQLAlchemy then finds its compiled form without
building the statement and its cache key again, most of the fixed cost of a statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement
from sqlalchemy import CompoundSelect
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import bindparam
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import or_
from sqlalchemy import select

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.card_decoding import as_is
from custreg.adapters.sql.card_decoding import hex_of
from custreg.adapters.sql.card_decoding import money_of
from custreg.adapters.sql.card_decoding import project_ref
from custreg.adapters.sql.card_decoding import text_instant
from custreg.adapters.sql.card_decoding import utc
from custreg.adapters.sql.card_decoding import uuid_in
from custreg.adapters.sql.card_statements import KEYWORD_SEPARATOR
from custreg.adapters.sql.card_statements import I
from custreg.adapters.sql.card_statements import P
from custreg.adapters.sql.card_statements import bound_customer
from custreg.adapters.sql.card_statements import bound_org
from custreg.adapters.sql.card_statements import built
from custreg.adapters.sql.card_statements import contacts_statement
from custreg.adapters.sql.card_statements import counted_by
from custreg.adapters.sql.card_statements import customer_and_projects
from custreg.adapters.sql.card_statements import invoices_visible
from custreg.adapters.sql.card_statements import joined_to_projects
from custreg.adapters.sql.card_statements import settings_token
from custreg.adapters.sql.card_statements import visibility
from custreg.adapters.sql.predicates import billed
from custreg.adapters.sql.trusted import Decoded
from custreg.adapters.sql.trusted import Ids
from custreg.adapters.sql.trusted import contact_ids_of
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
from custreg.domain.permissions import Principal
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber

_raw = raw_column

_activity = maker(Activity)
_contact = maker(Contact)
_note = maker(Note)
_file = maker(FileLink)
_project = maker(Project)
_invoice = maker(Invoice)
_cost = maker(CostEntry)
_forecast = maker(ProjectForecast)
_customer_ref = maker(CustomerRef)
_customer_number = maker(CustomerNumber)
_STATUSES = {status.value: status for status in CustomerStatus}
_ACTIVITY_KINDS = {kind.value: kind for kind in ActivityKind}
_FILE_KINDS = {kind.value: kind for kind in FileLinkKind}
_COST_KINDS = {kind.value: kind for kind in CostKind}


class CardRead:
    """One read transaction of one organisation with the loaders the tabs share; ``ids`` and
    ``json_of`` decode each distinct repeated value once for the whole read."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self.uow = uow
        self.org = uow.organisation_id
        self._org = {"org": self.org}
        #: PostgreSQL's driver gives UUIDs already: nothing to decode or share there.
        text = uow.dialect != "postgresql"
        #: Whether ids come as hex text (SQLite) rather than UUIDs (PostgreSQL's driver).
        self.text_ids = text
        self.ids: Callable[[Any], Any] = Ids().__getitem__ if text else as_is
        #: A row's own id (met once): decoded from hex text on SQLite, as is on PostgreSQL.
        self.new_id: Callable[[Any], Any] = fresh_uuid if text else as_is
        #: A UUID as the driver gives it back (hex text on SQLite), to compare with raw rows.
        self.stored: Callable[[UUID], Any] = hex_of if text else as_is
        self.json_of = Decoded()
        #: Instants and days as the driver gives them (text on SQLite) decoded as the columns'
        #: types would (``UtcDateTime``: aware, in UTC), one C call each.
        self.instant: Callable[[Any], datetime | None] = text_instant if text else utc
        self.day: Callable[[Any], date] = date.fromisoformat if text else as_is
        #: The settings' token as read with the customer (None: not read yet).
        self._token: UUID | None = None

    def run(self, statement: Select[Any] | CompoundSelect[Any], **values: Any) -> Sequence[Any]:
        """The rows of ``statement`` (its parameters: the organisation and ``values``), as the
        driver gives them (tuples)."""
        return self.uow.execute(statement, {**self._org, **values}).all()

    def plain(
        self, statement: Select[Any] | CompoundSelect[Any], **values: Any
    ) -> list[tuple[Any, ...]]:
        """The rows of ``statement`` (its parameters: the organisation and ``values``) straight
        from the driver's cursor, without SQLAlchemy's row objects and result processing: values
        as the driver gives them (ids, instants and days as text on SQLite, booleans as
        integers), for the loader to decode (``ids``, ``instant``, ``day``, ``bool``)."""
        result = self.uow.execute(statement, {**self._org, **values})
        rows = list(result.cursor.fetchall())
        result.close()
        return rows

    def stream(
        self, statement: Select[Any] | CompoundSelect[Any], **values: Any
    ) -> Iterator[tuple[Any, ...]]:
        """``plain``'s rows one at a time as the driver fetches them: a big set is never held
        as one list (fewer objects alive at once for the garbage collector)."""
        result = self.uow.execute(statement, {**self._org, **values})
        try:
            cursor: Any = result.cursor  # a DB-API cursor iterates its rows
            yield from cursor
        finally:
            result.close()

    def settings(self) -> OrganisationSettings:
        """The organisation's settings: from the cache under the token read with the customer
        (``customer``, ``customer_ref``, ``customer_projects``: no statement), else read (and
        cached by the repository while unchanged)."""
        found = self.uow.settings.cached(self._token)
        return found if found is not None else self.uow.settings.get()

    def customer(self, customer_id: CustomerId) -> Customer:
        """The customer with its market segments, as the repository reads it, and the token of
        the settings: one statement (the segments gathered by a subquery); NotFoundError when
        there is none."""
        customer, self._token = self.uow.customers.get_with_settings_token(customer_id)
        return customer

    def customer_ref(self, customer_id: CustomerId) -> CustomerRef:
        """Which customer a tab is about (id, number, name, status), for the tabs that show no
        more of it: one statement; NotFoundError when there is none, as ``customer``."""
        c = t.customers.c
        statement = built(
            "customer_ref",
            lambda: select(c.number, c.name, c.status, settings_token()).where(
                c.organisation_id == bound_org(), c.id == bound_customer()
            ),
        )
        found = self.plain(statement, customer=customer_id)
        if not found:
            raise NotFoundError("customer", customer_id)
        number, name, status, token = found[0]
        self._token = None if token is None else new_id(token)
        return _customer_ref(customer_id, _customer_number(number), name, _STATUSES[status])

    def customer_projects(
        self, customer_id: CustomerId
    ) -> tuple[CustomerRef, dict[Any, tuple[int, str]]]:
        """``customer_ref`` and the numbers and names of the customer's projects by stored id:
        one statement (``customer_and_projects``); NotFoundError as ``customer``."""
        statement = built("customer_projects", customer_and_projects)
        head: Sequence[Any] = ()
        names: dict[Any, tuple[int, str]] = {}
        for number, name, status, token, project, project_number, project_name in self.plain(
            statement, customer=customer_id
        ):
            if project is None:  # the customer's row
                head = (number, name, status, token)
            else:
                names[project] = (project_number, project_name)
        if not head:
            raise NotFoundError("customer", customer_id)
        number, name, status, token = head
        self._token = None if token is None else new_id(token)
        customer = _customer_ref(customer_id, _customer_number(number), name, _STATUSES[status])
        return customer, names

    def project_names(self, customer_id: CustomerId) -> dict[Any, tuple[int, str]]:
        """The customer's projects' numbers and names by stored id: one statement."""
        statement = built(
            "project_refs",
            lambda: select(_raw(P.id), P.number, P.name).where(
                P.organisation_id == bound_org(), P.customer_id == bound_customer()
            ),
        )
        return {raw: (n, name) for raw, n, name in self.plain(statement, customer=customer_id)}

    def project_refs(self, names: Mapping[Any, tuple[int, str]]) -> dict[Any, ProjectRef]:
        """The projects of ``names`` (``customer_projects``, ``project_names``) as the links
        shown next to things, by the id as the driver gives it (rows joined to them look their
        project up without decoding it)."""
        ids = self.ids
        return {raw: project_ref(ids(raw), number, name) for raw, (number, name) in names.items()}

    def projects(self, customer_id: CustomerId) -> list[Project]:
        """The customer's projects, in number order."""
        ids = self.ids
        return [
            _project(
                ids(i), ids(c), number, name, ids(owner), bool(internal), bool(closed),
                ids(status), probability,
                None if units is None else money_of(units, exponent, currency), version,
            )
            for (
                i, c, number, name, owner, internal, closed, status, probability,
                units, exponent, currency, version,
            ) in self.project_rows(customer_id, "plain", tuple)
        ]  # fmt: skip

    def project_rows(
        self,
        customer_id: CustomerId,
        key: Hashable,
        flags: Callable[[], tuple[ColumnElement[bool], ...]],
        **values: Any,
    ) -> list[tuple[Any, ...]]:
        """The customer's projects by number and id, as the driver gives them: id, customer,
        number, name, owner, internal, closed, sales status, probability, expected value
        (units, exponent, currency), version, then the values of the ``flags`` made (boolean
        expressions on its row, e.g. correlated EXISTS; ``key`` names them for ``built``,
        ``values`` are their parameters): one statement."""
        statement = built(("projects", key), lambda: (
            select(
                _raw(P.id), _raw(P.customer_id), P.number, P.name, _raw(P.owner_id),
                P.is_internal, P.is_closed, _raw(P.sales_status_id), P.probability,
                P.expected_value_units, P.expected_value_exponent, P.expected_value_currency,
                P.version, *flags(),
            )
            .where(P.organisation_id == bound_org(), P.customer_id == bound_customer())
            .order_by(P.number, P.id)  # stored ids sort as their UUIDs
        ))  # fmt: skip
        return self.plain(statement, customer=customer_id, **values)

    def contact_rows(
        self, customer_id: CustomerId
    ) -> tuple[dict[Any, tuple[Any, ...]], dict[Any, list[str]]]:
        """The customer's contacts (deleted ones too) as the driver gives them (id, customer,
        first and last name, title, e-mails, phones, roles, address, active, deleted at;
        ``card_contacts`` makes the rest of a Contact) by stored id, and their keywords by
        stored id: one statement, a row per contact with its keywords aggregated."""
        first: dict[Any, Any] = {}
        keywords: dict[Any, list[str]] = {}
        text = self.text_ids
        own = built(("own_contacts", text), lambda: contacts_statement(
            text, t.contacts.c.customer_id == bound_customer()
        ))  # fmt: skip
        self.add_contacts(first, keywords, self.plain(own, customer=customer_id))
        return first, keywords

    def named_contacts(
        self, ids: Iterable[Any], first: dict[Any, Any], keywords: dict[Any, list[str]]
    ) -> None:
        """Adds the contacts of ``ids`` (stored ids) to ``first`` and ``keywords`` as
        ``contact_rows`` gives them: one statement."""
        text = self.text_ids
        named = built(("named_contacts", text), lambda: contacts_statement(
            text, t.contacts.c.id.in_(bindparam("named", expanding=True))
        ))  # fmt: skip
        self.add_contacts(first, keywords, self.plain(named, named=[self.ids(i) for i in ids]))

    def add_contacts(
        self, first: dict[Any, Any], keywords: dict[Any, list[str]], found: Iterable[Any]
    ) -> None:
        """The contacts' rows by stored id, their keywords listed (joined by
        ``KEYWORD_SEPARATOR`` on SQLite, a list on PostgreSQL)."""
        text = self.text_ids
        for row in found:
            first[row[0]] = row
            listed = row[11]
            if listed is not None:
                keywords[row[0]] = listed.split(KEYWORD_SEPARATOR) if text else listed

    def activity_rows(self, customer_id: CustomerId) -> list[tuple[Any, ...]]:
        """The customer's activities as the driver gives them (id, customer, kind, title,
        owner, project, starts at, ends at, done, contacts, description): one statement."""
        a = t.activities.c
        statement = built("activities", lambda: select(
            _raw(a.id), _raw(a.customer_id), a.kind, a.title, _raw(a.owner_id),
            _raw(a.project_id), a.starts_at, a.ends_at, a.done, a.contact_ids, a.description,
        ).where(a.organisation_id == bound_org(), a.customer_id == bound_customer()))  # fmt: skip
        return self.plain(statement, customer=customer_id)

    def activity_of(self, row: Sequence[Any]) -> Activity:
        """The Activity of a row of ``activity_rows``, trusted."""
        i, customer, kind, title, owner, project, starts_at, ends_at, done, contacts, \
            description = row  # fmt: skip
        ids, instant = self.ids, self.instant
        return _activity(
            self.new_id(i), ids(customer), _ACTIVITY_KINDS[kind], title, ids(owner),
            ids(project), instant(starts_at), instant(ends_at), bool(done),
            self.json_of(contacts, contact_ids_of), description,
        )  # fmt: skip

    def note_rows(self, customer_id: CustomerId, with_projects: bool) -> list[tuple[Any, ...]]:
        """The customer's notes and, ``with_projects``, those of its projects, as the driver
        gives them (id, customer, text, created at and by, project; ``note_of`` makes each one
        a Note), newest first, then by id (stored instants and ids sort as the values): one
        statement."""
        n = t.notes.c

        def build() -> Select[Any]:
            where = n.customer_id == bound_customer()
            if with_projects:
                projects = select(P.id).where(
                    P.organisation_id == bound_org(), P.customer_id == bound_customer()
                )
                where = or_(where, n.project_id.in_(projects))
            return select(
                _raw(n.id), _raw(n.customer_id), n.text, n.created_at, _raw(n.created_by),
                _raw(n.project_id),
            ).where(n.organisation_id == bound_org(), where).order_by(
                n.created_at.desc(), n.id
            )  # fmt: skip

        statement = built(("notes", with_projects), build)
        return self.plain(statement, customer=customer_id)

    def note_of(self, row: Sequence[Any]) -> Note:
        """The Note of a row of ``note_rows`` (or of a note of ``card_contacts``), trusted."""
        i, customer, text, at, author, project = row[:6]  # rows of ``notes_and_files`` too
        ids = self.ids
        return _note(
            self.new_id(i), ids(customer), text, self.instant(at), ids(author), ids(project)
        )

    def invoice_rows(
        self,
        customer_id: CustomerId,
        principal: Principal,
        billed_in: tuple[date, date] | None = None,
    ) -> tuple[list[Any], dict[Any, list[Any]]]:
        """The customer's invoices ``principal`` may see (U5; with ``billed_in``, only those
        billed (K4) in that range of days) as the driver gives them (``invoice_of`` makes each
        one an Invoice; stored dates and ids sort as the values do) and the stored ids of their
        projects by the stored invoice id: one statement. All of them: an invoice row per
        project link (LEFT JOIN: an invoice without projects is one row; the links are read in
        one pass). A range: a row per invoice with its links gathered by a subquery (a few
        index lookups each, where PostgreSQL would hash every link of the organisation)."""
        kind, seen, values = visibility(principal)
        ranged = billed_in is not None
        text = self.text_ids

        def build() -> Select[Any]:
            links = t.invoice_projects.c
            conditions = [I.organisation_id == bound_org(), I.customer_id == bound_customer()]
            conditions += invoices_visible(seen)
            own = (links.organisation_id == I.organisation_id) & (links.invoice_id == I.id)
            if ranged:
                conditions += billed(t.invoices, bound_org())
                conditions += [I.on_date >= bindparam("start"), I.on_date < bindparam("end")]
                gathered = (  # as text: psycopg would decode an array's UUIDs one by one
                    func.group_concat(links.project_id)
                    if text
                    else func.string_agg(cast(links.project_id, String), literal_column("','"))
                )
                project = select(gathered).where(own).scalar_subquery()
                linked: Any = t.invoices
            else:
                project = _raw(links.project_id)
                linked = t.invoices.outerjoin(t.invoice_projects, own)
            statement = (
                select(
                    _raw(I.id), _raw(I.customer_id), _raw(I.status_id), I.on_date,
                    I.total_excl_vat_units, I.total_excl_vat_exponent, I.total_incl_vat_units,
                    I.total_incl_vat_exponent, I.currency, I.number, I.is_credit_note,
                    _raw(I.owner_id), project,
                )
                .select_from(linked)
                .where(*conditions)
            )  # fmt: skip
            # a range by day and id, the drill-down's order (stored ids sort as their UUIDs)
            return statement.order_by(I.on_date, I.id) if ranged else statement

        if billed_in is not None:
            values = {**values, "start": billed_in[0], "end": billed_in[1]}
        statement = built(("invoices", kind, ranged, text), build)
        found = self.plain(statement, customer=customer_id, **values)
        projects: dict[Any, list[Any]] = defaultdict(list)
        if ranged:  # the links gathered: "id,id" (hex on SQLite, canonical on PostgreSQL)
            uuids: dict[str, UUID] = {}  # PostgreSQL: the driver's UUIDs, each decoded once
            for row in found:
                if row[12]:
                    listed = row[12].split(",")
                    projects[row[0]] = listed if text else [uuid_in(uuids, p) for p in listed]
            return found, projects
        first: dict[Any, Any] = {}
        for row in found:
            invoice_id, project_id = row[0], row[12]
            first.setdefault(invoice_id, row)
            if project_id is not None:
                projects[invoice_id].append(project_id)
        return list(first.values()), projects

    def invoice_of(self, row: Sequence[Any], projects: Mapping[Any, Sequence[Any]]) -> Invoice:
        """The Invoice of a row of ``invoice_rows``, trusted."""
        i, customer, status, on, excl, excl_exponent, incl, incl_exponent, currency, number, \
            credit, owner, _ = row  # fmt: skip
        ids = self.ids
        return _invoice(
            self.new_id(i), ids(customer), ids(status), self.day(on),
            money_of(excl, excl_exponent, currency), money_of(incl, incl_exponent, currency),
            number, frozenset(ids(p) for p in projects.get(i, ())), bool(credit), ids(owner),
        )  # fmt: skip

    def cost_rows(self, customer_id: CustomerId, start: date, end: date) -> list[Any]:
        """The cost entries of the customer's counted projects (K1) dated from ``start`` to
        before ``end``, by day and id, as the driver gives them (id, project, kind, day, units,
        exponent, currency; ``cost_of`` makes each one a CostEntry): one statement."""
        k = t.cost_entries.c
        statement = built("costs", lambda: (
            select(
                _raw(k.id), _raw(k.project_id), k.kind, k.on_date, k.amount_units,
                k.amount_exponent, k.currency,
            )
            .select_from(joined_to_projects(t.cost_entries, k))
            .where(
                *counted_by(), k.on_date >= bindparam("start"), k.on_date < bindparam("end")
            )
            .order_by(k.on_date, k.id)  # the drill-down's order (ids sort as their UUIDs)
        ))  # fmt: skip
        return self.plain(statement, customer=customer_id, start=start, end=end)

    def cost_of(self, row: Sequence[Any]) -> CostEntry:
        """The CostEntry of a row of ``cost_rows``, trusted."""
        i, p, kind, on, units, exponent, currency = row
        return _cost(
            new_id(i), self.ids(p), _COST_KINDS[kind], self.day(on),
            money_of(units, exponent, currency),
        )  # fmt: skip

    def forecasts(self, customer_id: CustomerId, month: date) -> list[ProjectForecast]:
        """The forecasts of the customer's counted projects (K1) for ``month``: one
        statement."""
        f = t.project_forecasts.c
        statement = built("forecasts", lambda: (
            select(
                _raw(f.project_id), f.month, f.billing_units, f.billing_exponent, f.costs_units,
                f.costs_exponent, f.currency,
            )
            .select_from(joined_to_projects(t.project_forecasts, f))
            .where(*counted_by(), f.month == bindparam("month"))
        ))  # fmt: skip
        ids, day = self.ids, self.day
        return [
            _forecast(
                ids(p),
                day(month),
                money_of(billing, b_exp, currency),
                money_of(costs, c_exp, currency),
            )
            for p, month, billing, b_exp, costs, c_exp, currency in self.plain(
                statement, customer=customer_id, month=month
            )
        ]
