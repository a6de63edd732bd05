"""Settings catalogue rows: users, industries, invoice templates, VAT rates, market segments,
statuses and custom field definitions.

Every catalogue row holds the organisation, the item's id and name and its ``position`` (the
order the organisation gave), then the item's own columns.
"""

from __future__ import annotations

from typing import Any
from typing import Generic
from typing import TypeVar
from uuid import UUID

from custreg.adapters.sql.rows.codec import DECIMAL_TEXT
from custreg.adapters.sql.rows.codec import JSON_TUPLE
from custreg.adapters.sql.rows.codec import OPTIONAL_EMAIL
from custreg.adapters.sql.rows.codec import Kind
from custreg.adapters.sql.rows.codec import RowCodec
from custreg.adapters.sql.rows.codec import enum_of
from custreg.adapters.sql.rows.encoding import Row
from custreg.domain.settings import CustomFieldDefinition
from custreg.domain.settings import CustomFieldType
from custreg.domain.settings import Industry
from custreg.domain.settings import InvoiceStatus
from custreg.domain.settings import InvoiceTemplate
from custreg.domain.settings import MarketSegment
from custreg.domain.settings import MarketSegmentGroup
from custreg.domain.settings import SalesState
from custreg.domain.settings import SalesStatus
from custreg.domain.settings import TaskStatus
from custreg.domain.settings import User
from custreg.domain.settings import VatRate

C = TypeVar("C")


class _Catalogue(Generic[C]):
    """The row codec of one catalogue, with the item's ``position`` in its catalogue."""

    def __init__(self, entity: type[C], columns: str, kinds: dict[str, Kind] | None = None):
        self._codec = RowCodec(entity.__name__, entity, f"id name {columns}", kinds or {})

    def row(self, organisation_id: UUID, position: int, item: C) -> dict[str, Any]:
        return {**self._codec.row(organisation_id, item), "position": position}

    def from_row(self, row: Row) -> C:
        return self._codec.from_row(row)


_USER = _Catalogue(User, "email active", {"email": OPTIONAL_EMAIL})
_INDUSTRY = _Catalogue(Industry, "active")
_TEMPLATE = _Catalogue(InvoiceTemplate, "language active")
_VAT_RATE = _Catalogue(VatRate, "rate active", {"rate": DECIMAL_TEXT})
_SEGMENT_GROUP = _Catalogue(MarketSegmentGroup, "")
_SEGMENT = _Catalogue(MarketSegment, "group_id active")
_INVOICE_STATUS = _Catalogue(InvoiceStatus, "is_sent is_paid has_number is_read_only active")
_SALES_STATUS = _Catalogue(
    SalesStatus, "state default_probability active", {"state": enum_of(SalesState)}
)
_TASK_STATUS = _Catalogue(TaskStatus, "is_done sort_order:order active")
_CUSTOM_FIELD = _Catalogue(
    CustomFieldDefinition,
    "type choices required active",
    {"type": enum_of(CustomFieldType), "choices": JSON_TUPLE},
)

user_row, user_from_row = _USER.row, _USER.from_row
industry_row, industry_from_row = _INDUSTRY.row, _INDUSTRY.from_row
template_row, template_from_row = _TEMPLATE.row, _TEMPLATE.from_row
vat_rate_row, vat_rate_from_row = _VAT_RATE.row, _VAT_RATE.from_row
segment_group_row, segment_group_from_row = _SEGMENT_GROUP.row, _SEGMENT_GROUP.from_row
segment_row, segment_from_row = _SEGMENT.row, _SEGMENT.from_row
invoice_status_row, invoice_status_from_row = _INVOICE_STATUS.row, _INVOICE_STATUS.from_row
sales_status_row, sales_status_from_row = _SALES_STATUS.row, _SALES_STATUS.from_row
task_status_row, task_status_from_row = _TASK_STATUS.row, _TASK_STATUS.from_row
custom_field_row, custom_field_from_row = _CUSTOM_FIELD.row, _CUSTOM_FIELD.from_row
