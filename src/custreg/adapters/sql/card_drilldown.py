"""The Financials drill-down over SQL, made from the rows as the driver gives them.

A month's billed invoices and cost entries come from the database already by day and id, the
drill-down's order (``CardRead.invoice_rows``, ``CardRead.cost_rows``); what the domain's
drill-down reads of them (``drilldown_in_order``: their sums, the projects they name) is taken
from the rows: the amounts summed from their stored units (``amounts_total``: one Decimal per
sum, no Money per row), the project ids decoded once each. Each row becomes its ``Invoice`` or
``CostEntry`` only on first use (``Deferred``: equal, hashing and printing as the one built at
once), so a drill-down that is only counted or summed builds no entity per row. Rows in another
currency than the organisation's go through the entities and ``drilldown_of``, which refuses
them as before (``Money.total``).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from itertools import chain
from operator import attrgetter
from operator import itemgetter
from typing import Any
from typing import TypeVar

from custreg.adapters.sql.card_decoding import ProjectLinks
from custreg.adapters.sql.card_decoding import project_ref
from custreg.adapters.sql.card_rows import CardRead
from custreg.adapters.sql.rows.encoding import amounts_total
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import setter
from custreg.adapters.sql.trusted import uuid_of
from custreg.domain.card import DrillDown
from custreg.domain.card import Figure
from custreg.domain.card import ProjectRef
from custreg.domain.card import Summed
from custreg.domain.card import drilldown_in_order
from custreg.domain.card import drilldown_of
from custreg.domain.checked import field_names
from custreg.domain.forecast import ProjectForecast
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.values import Money

_T = TypeVar("_T")
_get = object.__getattribute__
_invoice_later = maker(Invoice, later=field_names(Invoice))
_cost_later = maker(CostEntry, later=field_names(CostEntry))

#: Where a row of ``invoice_rows`` / ``cost_rows`` holds the amount summed: units, exponent,
#: currency.
_INVOICE_AMOUNT = (4, 5, 8)
_COST_AMOUNT = (4, 5, 6)
_project_of_cost = itemgetter(1)
_int = attrgetter("int")


def filled_by(cls: type[_T], build: Callable[[Any], _T]) -> Callable[[_T, Any], None]:
    """A ``Deferred`` view's fill function: every field of ``cls`` set from the entity
    ``build`` makes of the view's source (a row)."""
    setters = tuple((name, setter(cls, name)) for name in field_names(cls))

    def fill(view: _T, source: Any) -> None:
        made = build(source)
        for name, put in setters:
            put(view, _get(made, name))

    return fill


def drilldown(
    read: CardRead,
    month: date,
    figure: Figure,
    currency: str,
    invoices: tuple[list[Any], Mapping[Any, Sequence[Any]]],
    costs: list[Any],
    forecasts: Sequence[ProjectForecast],
    names: Mapping[Any, tuple[int, str]],
) -> DrillDown:
    """The drill-down of ``figure`` in ``month`` from the rows of its billed ``invoices`` (with
    their projects' stored ids by stored invoice id) and ``costs``, in the drill-down's order,
    its ``forecasts``, and the customer's projects' numbers and names by stored id."""
    found, links = invoices
    if not (_in(found, _INVOICE_AMOUNT[2], currency) and _in(costs, _COST_AMOUNT[2], currency)):
        made = [read.invoice_of(row, links) for row in found]
        spent = [read.cost_of(row) for row in costs]
        projects = ProjectLinks(names, read.stored)
        return drilldown_of(month, figure, currency, made, spent, forecasts, projects)
    named = chain(chain.from_iterable(links.values()), map(_project_of_cost, costs))
    summed = Summed(
        Money(amounts_total(found, *_INVOICE_AMOUNT[:2]), currency),
        Money(amounts_total(costs, *_COST_AMOUNT[:2]), currency),
        _named_projects(read.text_ids, named, names),
    )
    fill_invoice = filled_by(Invoice, lambda row: read.invoice_of(row, links))
    fill_cost = filled_by(CostEntry, read.cost_of)
    return drilldown_in_order(
        month,
        figure,
        currency,
        [_invoice_later((fill_invoice, row)) for row in found],
        [_cost_later((fill_cost, row)) for row in costs],
        forecasts,
        ProjectLinks(names, read.stored),  # for the forecasts' projects
        summed,
    )


def _named_projects(
    text_ids: bool, named: Iterable[Any], names: Mapping[Any, tuple[int, str]]
) -> list[ProjectRef]:
    """The links of the customer's projects (``names``, by stored id) that ``named`` (stored
    ids, repeated) names: each decoded and linked once (a project named but not the
    customer's has no link, as in ``drilldown_of``). Ids are told apart by a key hashed at C
    speed: the hex text on SQLite, the integer of the driver's UUID on PostgreSQL (a UUID
    hashes and compares in Python)."""
    if text_ids:
        return [project_ref(uuid_of(p), *names[p]) for p in set(named) if p in names]
    by_int = dict(zip(map(_int, names), names.items(), strict=True))
    found = filter(None, map(by_int.get, set(map(_int, named))))
    return [project_ref(p, *number_and_name) for p, number_and_name in found]


def _in(found: Sequence[Any], at: int, currency: str) -> bool:
    """Whether every row's currency (at ``at``) is ``currency``."""
    return set(map(itemgetter(at), found)) <= {currency}
