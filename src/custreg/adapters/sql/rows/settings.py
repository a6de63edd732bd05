"""Settings catalogue rows: users, industries, invoice templates, VAT rates, market segments,
statuses and custom field definitions.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from uuid import UUID

from custreg.adapters.sql.rows.encoding import Row, dumps
from custreg.domain.ids import (
    CustomFieldId,
    IndustryId,
    InvoiceStatusId,
    InvoiceTemplateId,
    MarketSegmentGroupId,
    MarketSegmentId,
    SalesStatusId,
    TaskStatusId,
    UserId,
    VatRateId,
)
from custreg.domain.settings import (
    CustomFieldDefinition,
    CustomFieldType,
    Industry,
    InvoiceStatus,
    InvoiceTemplate,
    MarketSegment,
    MarketSegmentGroup,
    SalesState,
    SalesStatus,
    TaskStatus,
    User,
    VatRate,
)
from custreg.domain.values import EmailAddress


def _common(organisation_id: UUID, position: int, item: Any) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "id": item.id,
        "position": position,
        "name": item.name,
    }


def user_row(organisation_id: UUID, position: int, user: User) -> dict[str, Any]:
    email = user.email.address if user.email else None
    return {**_common(organisation_id, position, user), "email": email, "active": user.active}


def user_from_row(row: Row) -> User:
    email = EmailAddress(row["email"]) if row["email"] is not None else None
    return User(UserId(row["id"]), row["name"], email, row["active"])


def industry_row(organisation_id: UUID, position: int, item: Industry) -> dict[str, Any]:
    return {**_common(organisation_id, position, item), "active": item.active}


def industry_from_row(row: Row) -> Industry:
    return Industry(IndustryId(row["id"]), row["name"], row["active"])


def template_row(organisation_id: UUID, position: int, item: InvoiceTemplate) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "language": item.language,
        "active": item.active,
    }


def template_from_row(row: Row) -> InvoiceTemplate:
    return InvoiceTemplate(
        InvoiceTemplateId(row["id"]), row["name"], row["language"], row["active"]
    )


def vat_rate_row(organisation_id: UUID, position: int, item: VatRate) -> dict[str, Any]:
    rate = str(item.rate)
    return {**_common(organisation_id, position, item), "rate": rate, "active": item.active}


def vat_rate_from_row(row: Row) -> VatRate:
    return VatRate(VatRateId(row["id"]), row["name"], Decimal(row["rate"]), row["active"])


def segment_group_row(
    organisation_id: UUID, position: int, item: MarketSegmentGroup
) -> dict[str, Any]:
    return _common(organisation_id, position, item)


def segment_group_from_row(row: Row) -> MarketSegmentGroup:
    return MarketSegmentGroup(MarketSegmentGroupId(row["id"]), row["name"])


def segment_row(organisation_id: UUID, position: int, item: MarketSegment) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "group_id": item.group_id,
        "active": item.active,
    }


def segment_from_row(row: Row) -> MarketSegment:
    return MarketSegment(MarketSegmentId(row["id"]), row["name"], row["group_id"], row["active"])


def invoice_status_row(organisation_id: UUID, position: int, item: InvoiceStatus) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "is_sent": item.is_sent,
        "is_paid": item.is_paid,
        "has_number": item.has_number,
        "is_read_only": item.is_read_only,
        "active": item.active,
    }


def invoice_status_from_row(row: Row) -> InvoiceStatus:
    return InvoiceStatus(
        InvoiceStatusId(row["id"]),
        row["name"],
        is_sent=row["is_sent"],
        is_paid=row["is_paid"],
        has_number=row["has_number"],
        is_read_only=row["is_read_only"],
        active=row["active"],
    )


def sales_status_row(organisation_id: UUID, position: int, item: SalesStatus) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "state": item.state.value,
        "default_probability": item.default_probability,
        "active": item.active,
    }


def sales_status_from_row(row: Row) -> SalesStatus:
    return SalesStatus(
        SalesStatusId(row["id"]),
        row["name"],
        SalesState(row["state"]),
        row["default_probability"],
        row["active"],
    )


def task_status_row(organisation_id: UUID, position: int, item: TaskStatus) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "is_done": item.is_done,
        "sort_order": item.order,
        "active": item.active,
    }


def task_status_from_row(row: Row) -> TaskStatus:
    return TaskStatus(
        TaskStatusId(row["id"]), row["name"], row["is_done"], row["sort_order"], row["active"]
    )


def custom_field_row(
    organisation_id: UUID, position: int, item: CustomFieldDefinition
) -> dict[str, Any]:
    return {
        **_common(organisation_id, position, item),
        "type": item.type.value,
        "choices": dumps(list(item.choices)),
        "required": item.required,
        "active": item.active,
    }


def custom_field_from_row(row: Row) -> CustomFieldDefinition:
    return CustomFieldDefinition(
        CustomFieldId(row["id"]),
        row["name"],
        CustomFieldType(row["type"]),
        tuple(json.loads(row["choices"])),
        row["required"],
        row["active"],
    )
