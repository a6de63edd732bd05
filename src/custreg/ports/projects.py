"""Projects and sales cases with their proposals, cost entries and forecasts: an optional
capability."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from typing import Protocol

from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.project import Proposal


class ProjectRepository(Protocol):
    """Projects and sales cases, their proposals and cost entries."""

    def add(self, project: Project, /) -> None:
        """Store a new project (IntegrityError for a taken id or number, or an unknown customer)."""
        ...

    def get(self, project_id: ProjectId, /) -> Project:
        """The project with this id, or NotFoundError."""
        ...

    def update(self, project: Project, /) -> None:
        """Store a changed project whose version is stored + 1 (else ConflictError)."""
        ...

    def for_customer(self, customer_id: CustomerId, /) -> list[Project]:
        """The customer's projects and sales cases, ordered by project number."""
        ...

    def next_number(self) -> int:
        """A project number never handed out before in this registry."""
        ...

    def add_proposal(self, proposal: Proposal, /) -> None:
        """Store a new proposal (IntegrityError for a taken id or an unknown project)."""
        ...

    def proposals_for(self, project_id: ProjectId, /) -> list[Proposal]:
        """The project's proposals, ordered by id."""
        ...

    def add_cost(self, entry: CostEntry, /) -> None:
        """Store a new cost entry (IntegrityError for a taken id or an unknown project)."""
        ...

    def costs_for(self, project_id: ProjectId, /) -> list[CostEntry]:
        """The project's cost entries, ordered by id."""
        ...

    def set_forecast(self, forecast: ProjectForecast, /) -> None:
        """Store the forecast of its project and month, replacing any there was."""
        ...

    def forecasts_for(self, project_id: ProjectId, /) -> list[ProjectForecast]:
        """The project's forecasts, earliest month first."""
        ...

    def uses_sales_status(self, status_id: SalesStatusId, /) -> bool:
        """Whether any project has this sales status now (S4)."""
        ...

    def customers_of(self, project_ids: Collection[ProjectId], /) -> dict[ProjectId, CustomerId]:
        """The customer of each of these projects that exists (unknown ids are simply absent);
        one statement whatever the number of ids."""
        ...

    def add_proposals(self, proposals: Sequence[Proposal], /) -> None:
        """Store many new proposals at once, all or none: IntegrityError for a taken id or a
        proposal of an unknown project, and none of them is stored."""
        ...

    def get_proposal(self, proposal_id: ProposalId, /) -> Proposal:
        """The proposal with this id, or NotFoundError."""
        ...

    def update_proposal(self, proposal: Proposal, /) -> None:
        """Replace a stored proposal (NotFoundError if absent)."""
        ...

    def remove_proposal(self, proposal_id: ProposalId, /) -> None:
        """Delete the proposal (NotFoundError if absent)."""
        ...

    def add_costs(self, entries: Sequence[CostEntry], /) -> None:
        """Store many new cost entries at once, all or none: IntegrityError for a taken id or an
        entry of an unknown project, and none of them is stored."""
        ...

    def get_cost(self, entry_id: CostEntryId, /) -> CostEntry:
        """The cost entry with this id, or NotFoundError."""
        ...

    def update_cost(self, entry: CostEntry, /) -> None:
        """Replace a stored cost entry (NotFoundError if absent)."""
        ...

    def remove_cost(self, entry_id: CostEntryId, /) -> None:
        """Delete the cost entry (NotFoundError if absent)."""
        ...

    def get_many(self, project_ids: Collection[ProjectId], /) -> dict[ProjectId, Project]:
        """The projects with these ids that exist (unknown ids are simply absent); set-based."""
        ...

    def update_many(self, projects: Sequence[Project], /) -> None:
        """``update`` for many projects at once, all or none: ConflictError (naming the first)
        if any stored version is not the project's version - 1, NotFoundError if one is absent;
        set-based."""
        ...
