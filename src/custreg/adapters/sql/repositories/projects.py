"""SQL repository of projects and what a project owns: proposals, cost entries, forecasts."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import Table
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import _Crud
from custreg.adapters.sql.repositories.base import _insert_dicts
from custreg.adapters.sql.repositories.base import _VersionedUpdate
from custreg.adapters.sql.repositories.base import _VersionMismatch
from custreg.domain.errors import ConflictError
from custreg.domain.errors import NotFoundError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import ProposalId
from custreg.domain.ids import SalesStatusId
from custreg.domain.project import CostEntry
from custreg.domain.project import Project
from custreg.domain.project import Proposal

if TYPE_CHECKING:
    from custreg.adapters.sql.unit_of_work import SqlUnitOfWork


class _Proposals(_Crud[Proposal]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.proposals, "proposal", rows.proposal_row, rows.proposal_from_row)


class _Costs(_Crud[CostEntry]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.cost_entries, "cost_entry", rows.cost_row, rows.cost_from_row)


_UPDATE_PROJECT = _VersionedUpdate(t.projects)


class SqlProjects(_Crud[Project]):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow, t.projects, "project", rows.project_row, rows.project_from_row)
        self._proposals = _Proposals(uow)
        self._costs = _Costs(uow)

    def update(self, project: Project) -> None:
        values = rows.project_row(self._org, project)
        del values["organisation_id"], values["id"]
        c = t.projects.c
        statement = (
            update(t.projects)
            .where(self._by_id(project.id), c.version == project.version - 1)
            .values(values)
        )
        if self._uow.execute(statement).rowcount == 0:
            stored = self._uow.execute(
                select(c.version).where(self._by_id(project.id))
            ).scalar_one_or_none()
            if stored is None:
                raise NotFoundError("project", project.id)
            raise ConflictError("project", project.id, project.version - 1, stored)

    def for_customer(self, customer_id: CustomerId) -> list[Project]:
        c = t.projects.c
        return self._list(c.customer_id == customer_id, order=[c.number])

    def next_number(self) -> int:
        return self._uow.draw("project_number")

    def _require(self, project_id: ProjectId) -> None:
        found = self._uow.execute(select(t.projects.c.id).where(self._by_id(project_id))).first()
        if found is None:
            raise NotFoundError("project", project_id)

    def add_proposal(self, proposal: Proposal) -> None:
        self._require(proposal.project_id)
        self._proposals.add(proposal)

    def proposals_for(self, project_id: ProjectId) -> list[Proposal]:
        return self._proposals._list(t.proposals.c.project_id == project_id)

    def add_cost(self, entry: CostEntry) -> None:
        self._require(entry.project_id)
        self._costs.add(entry)

    def costs_for(self, project_id: ProjectId) -> list[CostEntry]:
        return self._costs._list(t.cost_entries.c.project_id == project_id)

    def uses_sales_status(self, status_id: SalesStatusId) -> bool:
        return self._uses(t.projects.c.sales_status_id, status_id)

    def set_forecast(self, forecast: ProjectForecast) -> None:
        self._require(forecast.project_id)
        insert_ = postgresql.insert if self._uow.dialect == "postgresql" else sqlite.insert
        f = t.project_forecasts
        row = rows.forecast_row(self._org, forecast)
        statement = insert_(f).values(row)
        statement = statement.on_conflict_do_update(
            index_elements=[f.c.organisation_id, f.c.project_id, f.c.month],
            set_={k: statement.excluded[k] for k in ("billing_units", "costs_units", "currency")},
        )
        self._uow.execute(statement)

    def forecasts_for(self, project_id: ProjectId) -> list[ProjectForecast]:
        f = t.project_forecasts
        statement = (
            select(f).where(self._of_org(f), f.c.project_id == project_id).order_by(f.c.month)
        )
        return [rows.forecast_from_row(r) for r in self._uow.execute(statement).mappings()]

    def customers_of(self, project_ids: Collection[ProjectId]) -> dict[ProjectId, CustomerId]:
        if not project_ids:
            return {}
        c = t.projects.c
        statement = select(c.id, c.customer_id).where(
            self._of_org(t.projects), self._uow.ids_in(c.id, project_ids)
        )
        return {
            ProjectId(row.id): CustomerId(row.customer_id) for row in self._uow.execute(statement)
        }

    def _add_children(self, table: Table, values: list[dict[str, Any]]) -> None:
        """One bulk INSERT in a savepoint: a taken id or an unknown project (IntegrityError)
        stores none of them and the unit of work goes on."""
        if values:
            with self._uow.savepoint():
                _insert_dicts(self._uow, table, values)
            self._uow.inserted(table, len(values))

    def add_proposals(self, proposals: Sequence[Proposal]) -> None:
        self._add_children(t.proposals, [rows.proposal_row(self._org, p) for p in proposals])

    def get_proposal(self, proposal_id: ProposalId) -> Proposal:
        return self._proposals.get(proposal_id)

    def update_proposal(self, proposal: Proposal) -> None:
        self._proposals.update(proposal)

    def remove_proposal(self, proposal_id: ProposalId) -> None:
        self._proposals.remove(proposal_id)

    def add_costs(self, entries: Sequence[CostEntry]) -> None:
        self._add_children(t.cost_entries, [rows.cost_row(self._org, e) for e in entries])

    def get_cost(self, entry_id: CostEntryId) -> CostEntry:
        return self._costs.get(entry_id)

    def update_cost(self, entry: CostEntry) -> None:
        self._costs.update(entry)

    def remove_cost(self, entry_id: CostEntryId) -> None:
        self._costs.remove(entry_id)

    def get_many(self, project_ids: Collection[ProjectId]) -> dict[ProjectId, Project]:
        if not project_ids:
            return {}
        found = self._list(self._uow.ids_in(t.projects.c.id, project_ids))
        return {project.id: project for project in found}

    def update_many(self, projects: Sequence[Project]) -> None:
        """One executemany UPDATE guarded by the versions, in a savepoint: all or none."""
        if not projects:
            return
        params = _UPDATE_PROJECT.params(self._org, projects, rows.project_row)
        try:
            with self._uow.savepoint():
                if self._uow.execute(_UPDATE_PROJECT.statement, params).rowcount != len(projects):
                    raise _VersionMismatch
        except _VersionMismatch:
            stored = self.get_many([p.id for p in projects])
            for project in projects:
                before = stored.get(project.id)
                if before is None:
                    raise NotFoundError("project", project.id) from None
                if before.version != project.version - 1:
                    raise ConflictError(
                        "project", project.id, project.version - 1, before.version
                    ) from None
            first = projects[0]  # a project named twice: the second finds the version moved
            raise ConflictError("project", first.id, first.version - 1, first.version) from None
