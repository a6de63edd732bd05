"""The customer card's statements, each built once per shape with bound parameters.

A statement built for every read costs more than the database's work on a small tab: SQLAlchemy
builds its expression, then its cache key, before it finds the compiled form. The card's
statements are built once per shape instead (``built``: a dialect's variant, a principal's kind
of invoice visibility) with bound parameters for the values of one read (``org``, ``customer``,
``owner``, ``start``, ``end``, ``month``), which ``CardRead.plain`` gives when it runs them: the
statement and its cache key are made once, and every read finds the compiled form directly.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable
from typing import Any
from typing import TypeVar

from sqlalchemy import JSON
from sqlalchemy import ColumnElement
from sqlalchemy import CompoundSelect
from sqlalchemy import Select
from sqlalchemy import Uuid
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy import type_coerce
from sqlalchemy import union_all
from sqlalchemy.types import NullType

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.predicates import counted_project
from custreg.adapters.sql.predicates import visible
from custreg.adapters.sql.trusted import raw_column
from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.permissions import Principal

P = t.projects.c
I = t.invoices.c  # noqa: E741 - the invoices table's columns, as in the statements

_S = TypeVar("_S")
_BUILT: dict[Hashable, Any] = {}


def built(key: Hashable, build: Callable[[], _S]) -> _S:
    """The statement ``build`` makes, built the first time ``key`` is asked for and kept: its
    values are bound parameters given when it runs, so SQLAlchemy reuses its compiled form
    without building the statement or its cache key again. ``key`` names everything that
    changes the statement's shape (a dialect's variant, a principal's kind of visibility)."""
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = build()
    return found


def bound_org() -> Any:
    """The read's organisation, a bound parameter (``CardRead.plain`` gives its value)."""
    return bindparam("org")


def bound_customer() -> Any:
    """The tab's customer, a bound parameter (``customer=`` of ``CardRead.plain``)."""
    return bindparam("customer")


def settings_token() -> Any:
    """The token of the read's organisation's settings (``SqlSettings.cached``) as an
    uncorrelated scalar subquery (computed once however many rows it rides on): read with the
    customer, the tab's settings come from the cache without a statement of their own. NULL
    when there are none."""
    s = t.organisation_settings.c
    return select(raw_column(s.token)).where(s.organisation_id == bound_org()).scalar_subquery()


def customer_and_projects() -> CompoundSelect[Any]:
    """The customer (number, name, status, the settings' token) and its projects (stored id,
    number, name): ONE statement, the customer's row (project columns NULL) UNION ALL a row per
    project (customer columns NULL), so no project row repeats the customer's values."""
    c = t.customers.c
    customer = select(c.number, c.name, c.status, settings_token(), *[null()] * 3).where(
        c.organisation_id == bound_org(), c.id == bound_customer()
    )
    projects = select(*[null()] * 4, raw_column(P.id), P.number, P.name).where(
        P.organisation_id == bound_org(), P.customer_id == bound_customer()
    )
    return union_all(customer, projects)


def visibility(principal: Principal) -> tuple[str, InvoiceVisibility | None, dict[str, Any]]:
    """U5 for ``principal`` as a statement's shape (none, own or all, for ``built``'s key), the
    visibility its conditions are built from (``invoices_visible``), and their parameters."""
    seen = InvoiceVisibility.of(principal)
    if seen is None:
        return "none", None, {}
    if seen.owner_id is not None:
        return "own", seen, {"owner": seen.owner_id}
    return "all", seen, {}


def invoices_visible(seen: InvoiceVisibility | None) -> list[ColumnElement[bool]]:
    """``Principal.may_see_invoice`` as conditions on the invoices table (U5), the owner a
    bound parameter (``owner``)."""
    return visible(t.invoices, seen, bindparam("owner"))


def counted_by() -> list[ColumnElement[bool]]:
    """The customer's projects that count (K1/K2/K5), as conditions on the projects table."""
    return [
        P.organisation_id == bound_org(),
        P.customer_id == bound_customer(),
        counted_project(t.projects),
    ]


def joined_to_projects(table: Any, on: Any) -> Any:
    """``table JOIN projects`` on the organisation and the project id."""
    return table.join(
        t.projects, and_(P.organisation_id == on.organisation_id, P.id == on.project_id)
    )


def named_by_activities(text_ids: bool) -> Select[Any]:
    """The ids of the contacts the customer's activities name (their JSON lists, opened in
    SQL), for ``contacts.id IN (...)``: no list of ids sent back to the database. ``text_ids``:
    the database keeps ids as 32 hex digits (SQLite), the lists as canonical text."""
    a = t.activities.c
    own = (a.organisation_id == bound_org(), a.customer_id == bound_customer())
    if text_ids:
        listed = func.json_each(a.contact_ids).table_valued("value").alias("named")
        named = func.replace(listed.c.value, "-", "")
        joined = t.activities.join(listed, true())  # the function reads each row's list
        return select(named).select_from(joined).where(*own)
    listed_ids = func.json_array_elements_text(cast(a.contact_ids, JSON))
    return select(cast(listed_ids, Uuid)).where(*own)


#: Between a contact's keywords as SQLite gathers them (``contacts_statement``): a control
#: character, which the text policy refuses in any keyword.
KEYWORD_SEPARATOR = "\x1f"


def contacts_statement(text: bool, where: ColumnElement[bool]) -> Select[Any]:
    """The contacts ``where`` picks (id, customer, first and last name, title, e-mails, phones,
    roles, address, active, deleted at, as the driver gives them) with their keywords gathered
    by a correlated subquery (NULL: none): with ``text`` (SQLite) joined by
    ``KEYWORD_SEPARATOR``, else (PostgreSQL) a list."""
    c, k = t.contacts.c, t.contact_keywords.c
    aggregate = (
        func.group_concat(k.keyword, KEYWORD_SEPARATOR) if text else func.array_agg(k.keyword)
    )
    gathered = (
        select(type_coerce(aggregate, NullType()))
        .where(k.organisation_id == c.organisation_id, k.contact_id == c.id)
        .scalar_subquery()
    )
    return select(
        raw_column(c.id), raw_column(c.customer_id), c.first_name, c.last_name, c.title,
        c.emails, c.phones, c.roles, raw_column(c.address_id), c.active, c.deleted_at, gathered,
    ).where(c.organisation_id == bound_org(), where)  # fmt: skip
