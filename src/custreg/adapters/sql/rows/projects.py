"""Project rows and the rows a project owns: proposals, cost entries, forecasts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.encoding import Row
from custreg.adapters.sql.rows.encoding import money
from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.rows.encoding import money_exponent
from custreg.adapters.sql.rows.encoding import money_units
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.values import Money


def project_row(organisation_id: UUID, project: Project) -> dict[str, Any]:
    value = project.expected_value
    return {
        "organisation_id": organisation_id,
        "id": project.id,
        "customer_id": project.customer_id,
        "number": project.number,
        "name": project.name,
        "owner_id": project.owner_id,
        "is_internal": project.is_internal,
        "is_closed": project.is_closed,
        "sales_status_id": project.sales_status_id,
        "probability": project.probability,
        "expected_value_units": money_units(value) if value else None,
        "expected_value_exponent": money_exponent(value) if value else None,
        "expected_value_currency": value.currency if value else None,
        "version": project.version,
    }


def project_from_row(row: Row) -> Project:
    return Project(
        id=ProjectId(row["id"]),
        customer_id=CustomerId(row["customer_id"]),
        number=row["number"],
        name=row["name"],
        owner_id=row["owner_id"],
        is_internal=row["is_internal"],
        is_closed=row["is_closed"],
        sales_status_id=row["sales_status_id"],
        probability=row["probability"],
        expected_value=money(
            row["expected_value_units"],
            row["expected_value_currency"],
            row["expected_value_exponent"],
        ),
        version=row["version"],
    )


_PROPOSAL = RowCodec("proposal", Proposal, "id project_id name created_on", {})
proposal_row = _PROPOSAL.row
proposal_from_row = _PROPOSAL.from_row


def cost_row(organisation_id: UUID, entry: CostEntry) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": entry.id,
        "project_id": entry.project_id,
        "kind": entry.kind.value,
        "on_date": entry.on,
        "amount_units": money_units(entry.amount),
        "amount_exponent": money_exponent(entry.amount),
        "currency": entry.amount.currency,
    }


def cost_from_row(row: Row) -> CostEntry:
    return CostEntry(
        id=CostEntryId(row["id"]),
        project_id=ProjectId(row["project_id"]),
        kind=CostKind(row["kind"]),
        on=row["on_date"],
        amount=Money(money_amount(row["amount_units"], row["amount_exponent"]), row["currency"]),
    )


def forecast_row(organisation_id: UUID, forecast: ProjectForecast) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "project_id": forecast.project_id,
        "month": forecast.month,
        "billing_units": money_units(forecast.billing),
        "billing_exponent": money_exponent(forecast.billing),
        "costs_units": money_units(forecast.costs),
        "costs_exponent": money_exponent(forecast.costs),
        "currency": forecast.billing.currency,
    }


def forecast_from_row(row: Row) -> ProjectForecast:
    currency = row["currency"]
    return ProjectForecast(
        project_id=ProjectId(row["project_id"]),
        month=row["month"],
        billing=Money(money_amount(row["billing_units"], row["billing_exponent"]), currency),
        costs=Money(money_amount(row["costs_units"], row["costs_exponent"]), currency),
    )
