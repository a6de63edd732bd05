"""The customer card's per-row views built from trusted rows (``card_rows``): the Sales
tab's project rows and the Financials tab's invoice list, each in the order and with the links
the domain card's builders give them (the card tests compare every tab with the memory adapter,
which only uses those builders)."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from custreg.adapters.sql.card_decoding import money_of
from custreg.adapters.sql.card_rows import CardRead
from custreg.adapters.sql.trusted import maker
from custreg.adapters.sql.trusted import setter
from custreg.domain.card import CustomerRef
from custreg.domain.card import InvoiceRow
from custreg.domain.card import ProjectPhase
from custreg.domain.card import ProjectRef
from custreg.domain.card import ProjectRow
from custreg.domain.card import SalesTab
from custreg.domain.card import UserRef
from custreg.domain.card import phase_of
from custreg.domain.card import user_index
from custreg.domain.card import user_ref
from custreg.domain.ids import UserId
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesStatus

_invoice_row_later = maker(InvoiceRow, later=("invoice",))
_set_invoice = setter(InvoiceRow, "invoice")
_project_row_later = maker(ProjectRow, later=("id", "value"))
_set_project_id = setter(ProjectRow, "id")
_set_project_value = setter(ProjectRow, "value")
Statuses = Iterable[InvoiceStatus]
Refs = Mapping[Any, ProjectRef]
Users = Mapping[UserId, UserRef]


def invoice_rows(
    read: CardRead, rows: Sequence[Any], projects: dict[Any, list[Any]], statuses: Statuses
) -> tuple[InvoiceRow, ...]:
    """The invoice list of the Financials tab as ``build_financials_tab`` makes it (newest
    first, status name, K4 billed) from the rows of ``CardRead.invoice_rows``: sorted on the
    stored date and id (hex digits sort as their UUIDs), each status looked up once, and each
    row's Invoice built on first use (``Deferred``)."""
    unknown = "(unknown status)"
    shown = {read.stored(s.id): (s.name, s.is_sent) for s in statuses}

    def fill(row_view: InvoiceRow, row: Sequence[Any]) -> None:
        _set_invoice(row_view, read.invoice_of(row, projects))

    made = []
    for row in sorted(rows, key=_newest, reverse=True):
        name, sent = shown.get(row[2], (unknown, False))
        # K4 (``is_billed``): the status has the Sent flag and the invoice a number
        made.append(_invoice_row_later(name, sent and row[9] is not None, (fill, row)))
    return tuple(made)


def _newest(row: Sequence[Any]) -> tuple[Any, Any]:
    return (row[3], row[0])


def sales_tab(
    read: CardRead,
    customer: CustomerRef,
    rows: Iterable[Sequence[Any]],
    settings: OrganisationSettings,
    money_visible: bool,
) -> SalesTab:
    """``build_sales_tab`` of the domain card from the rows of ``CardRead.project_rows`` with
    the "has a visible invoice" and "has a proposal" flags (in number and id order, as the
    domain lists them): each project's row made straight from its values, each status, owner
    and phase looked up once, its id and value made on first use (``Deferred``)."""
    statuses = {read.stored(status.id): status for status in settings.sales_statuses}
    users = user_index(settings)
    owners: dict[Any, UserRef | None] = {}
    phases: dict[tuple[Any, bool], tuple[SalesStatus | None, ProjectPhase]] = {}
    lists: dict[ProjectPhase, list[ProjectRow]] = {phase: [] for phase in ProjectPhase}
    new_id = read.new_id

    def fill(view: ProjectRow, row: Sequence[Any]) -> None:
        units, exponent, currency = row[9:12]
        _set_project_id(view, new_id(row[0]))
        shown = money_visible and units is not None
        _set_project_value(view, money_of(units, exponent, currency) if shown else None)

    for row in rows:
        _, _, number, name, owner, internal, closed, status_id, probability = row[:9]
        version, invoiced, proposed = row[12:]
        key = (status_id, bool(closed))
        found = phases.get(key)
        if found is None:
            status = statuses.get(status_id) if status_id is not None else None
            found = phases[key] = (status, phase_of(status, key[1]))
        status, phase = found
        shown = owners.get(owner, _MISSING)
        if shown is _MISSING:
            shown = owners[owner] = user_ref(users, read.ids(owner))
        lists[phase].append(
            _project_row_later(
                number,
                name,
                phase,
                status,
                probability,
                shown,
                bool(internal),
                key[1],
                bool(invoiced),
                bool(proposed),
                version,
                (fill, row),
            )
        )
    return SalesTab(
        customer=customer,
        open_sales_cases=tuple(lists[ProjectPhase.OPEN_SALES_CASE]),
        closed_sales_cases=tuple(lists[ProjectPhase.CLOSED_SALES_CASE]),
        open_projects=tuple(lists[ProjectPhase.OPEN_PROJECT]),
        closed_projects=tuple(lists[ProjectPhase.CLOSED_PROJECT]),
        money_visible=money_visible,
    )


_MISSING: Any = object()
