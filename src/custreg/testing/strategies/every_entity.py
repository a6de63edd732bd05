"""Every entity, for round-trip properties."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from custreg.testing.strategies.activity import activities
from custreg.testing.strategies.activity import file_links
from custreg.testing.strategies.activity import notes
from custreg.testing.strategies.activity import tasks
from custreg.testing.strategies.address import addresses
from custreg.testing.strategies.audit import audit_entries
from custreg.testing.strategies.channels import einvoice_address_lists
from custreg.testing.strategies.channels import einvoice_addresses
from custreg.testing.strategies.channels import email_addresses
from custreg.testing.strategies.channels import websites
from custreg.testing.strategies.contact import contacts
from custreg.testing.strategies.customer import customer_queries
from custreg.testing.strategies.customer import customers
from custreg.testing.strategies.identifiers import business_ids
from custreg.testing.strategies.identifiers import vat_numbers
from custreg.testing.strategies.monetary import money
from custreg.testing.strategies.project import cost_entries
from custreg.testing.strategies.project import invoices
from custreg.testing.strategies.project import project_forecasts
from custreg.testing.strategies.project import projects
from custreg.testing.strategies.project import proposals
from custreg.testing.strategies.registry import company_records
from custreg.testing.strategies.settings import organisation_settings
from custreg.testing.strategies.settings import principals


def entity_strategies() -> dict[str, st.SearchStrategy[Any]]:
    """One strategy per entity, value object and settings type, by type name."""
    return {
        "Customer": customers(),
        "Address": addresses(),
        "Contact": contacts(),
        "Project": projects(),
        "Proposal": proposals(),
        "CostEntry": cost_entries(),
        "Invoice": invoices(),
        "Activity": activities(),
        "Note": notes(),
        "Task": tasks(),
        "FileLink": file_links(),
        "AuditEntry": audit_entries(),
        "OrganisationSettings": organisation_settings(min_each=0),
        "Principal": principals(),
        "CompanyRecord": company_records(),
        "ProjectForecast": project_forecasts(),
        "CustomerQuery": customer_queries(),
        "Money": money(),
        "VatNumber": vat_numbers(),
        "BusinessId": business_ids(),
        "EmailAddress": email_addresses(),
        "Website": websites(),
        "EInvoiceAddress": einvoice_addresses(),
        "EInvoiceAddresses": einvoice_address_lists(),
    }


def entities() -> st.SearchStrategy[object]:
    """One instance of any entity, value object or settings type (for round-trip tests)."""
    return st.one_of(*entity_strategies().values())
