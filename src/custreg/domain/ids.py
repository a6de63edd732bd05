"""Typed identifiers. They are UUIDs at runtime; the NewTypes keep a customer id from being passed
where a project id is expected."""

from __future__ import annotations

from typing import NewType
from uuid import UUID

OrganisationId = NewType("OrganisationId", UUID)
CustomerId = NewType("CustomerId", UUID)
AddressId = NewType("AddressId", UUID)
ContactId = NewType("ContactId", UUID)
ProjectId = NewType("ProjectId", UUID)
ProposalId = NewType("ProposalId", UUID)
CostEntryId = NewType("CostEntryId", UUID)
InvoiceId = NewType("InvoiceId", UUID)
ActivityId = NewType("ActivityId", UUID)
NoteId = NewType("NoteId", UUID)
TaskId = NewType("TaskId", UUID)
FileLinkId = NewType("FileLinkId", UUID)
AuditEntryId = NewType("AuditEntryId", UUID)
UserId = NewType("UserId", UUID)
IndustryId = NewType("IndustryId", UUID)
InvoiceTemplateId = NewType("InvoiceTemplateId", UUID)
VatRateId = NewType("VatRateId", UUID)
MarketSegmentId = NewType("MarketSegmentId", UUID)
MarketSegmentGroupId = NewType("MarketSegmentGroupId", UUID)
InvoiceStatusId = NewType("InvoiceStatusId", UUID)
SalesStatusId = NewType("SalesStatusId", UUID)
TaskStatusId = NewType("TaskStatusId", UUID)
CustomFieldId = NewType("CustomFieldId", UUID)
