"""Projects, proposals, cost entries, invoices and forecasts."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import Money
from custreg.testing.strategies.monetary import amounts
from custreg.testing.strategies.monetary import currencies
from custreg.testing.strategies.monetary import money
from custreg.testing.strategies.primitives import dates
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import texts


@st.composite
def projects(
    draw: st.DrawFn,
    customer_id: CustomerId | None = None,
    settings: OrganisationSettings | None = None,
    number: int | None = None,
) -> Project:
    """A project or sales case (sales status from ``settings`` when given)."""
    status_ids = [s.id for s in settings.sales_statuses] if settings else []
    return Project(
        id=draw(ids(ProjectId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        number=number if number is not None else draw(st.integers(1, 10**6)),
        name=draw(texts()),
        owner_id=draw(optional(ids(UserId))),
        is_internal=draw(st.booleans()),
        is_closed=draw(st.booleans()),
        sales_status_id=draw(
            optional(st.sampled_from(status_ids) if status_ids else ids(SalesStatusId))
        ),
        probability=draw(st.integers(0, 100)),
        expected_value=draw(optional(money(settings.currency if settings else None))),
        version=draw(st.integers(1, 5)),
    )


def proposals(project_id: ProjectId | None = None) -> st.SearchStrategy[Proposal]:
    """Valid proposals of ``project_id`` (or a random project)."""
    return st.builds(
        Proposal,
        ids(ProposalId),
        st.just(project_id) if project_id is not None else ids(ProjectId),
        texts(),
        dates(),
    )


def cost_entries(
    project_id: ProjectId | None = None, currency: str | None = None
) -> st.SearchStrategy[CostEntry]:
    """Valid cost entries of ``project_id`` (or a random project), in ``currency`` if given."""
    return st.builds(
        CostEntry,
        ids(CostEntryId),
        st.just(project_id) if project_id is not None else ids(ProjectId),
        st.sampled_from(CostKind),
        dates(),
        money(currency, min_value=0),
    )


@st.composite
def invoices(
    draw: st.DrawFn,
    customer_id: CustomerId | None = None,
    settings: OrganisationSettings | None = None,
    project_ids: Sequence[ProjectId] = (),
    credit_note: bool | None = None,
) -> Invoice:
    """An invoice, or a credit note (totals <= 0); status from ``settings`` when given."""
    is_credit = draw(st.booleans()) if credit_note is None else credit_note
    currency = settings.currency if settings else draw(currencies())
    excl = draw(amounts(min_value=0, max_value=10**9))
    vat = draw(amounts(min_value=0, max_value=10**8))
    sign = -1 if is_credit else 1
    statuses = [s.id for s in settings.invoice_statuses] if settings else []
    return Invoice(
        id=draw(ids(InvoiceId)),
        customer_id=customer_id if customer_id is not None else draw(ids(CustomerId)),
        status_id=draw(st.sampled_from(statuses) if statuses else ids(InvoiceStatusId)),
        on=draw(dates()),
        total_excl_vat=Money(sign * excl, currency),
        total_incl_vat=Money(sign * (excl + vat), currency),
        number=draw(optional(st.integers(1, 10**9))),
        project_ids=draw(
            st.frozensets(st.sampled_from(list(project_ids)))
            if project_ids
            else st.just(frozenset())
        ),
        is_credit_note=is_credit,
        owner_id=draw(optional(ids(UserId))),
    )


@st.composite
def project_forecasts(draw: st.DrawFn, project_id: ProjectId | None = None) -> ProjectForecast:
    """Expected billing and costs of a project in a month (any day of it is drawn)."""
    currency = draw(currencies())
    return ProjectForecast(
        project_id=project_id if project_id is not None else draw(ids(ProjectId)),
        month=draw(dates()),
        billing=draw(money(currency, min_value=0)),
        costs=draw(money(currency, min_value=0)),
    )
