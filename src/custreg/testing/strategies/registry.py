"""Records of public business registries."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanyStatus
from custreg.domain.company import RegistryAddress
from custreg.testing.strategies.channels import einvoice_address_lists
from custreg.testing.strategies.channels import email_addresses
from custreg.testing.strategies.channels import websites
from custreg.testing.strategies.identifiers import BUSINESS_ID_COUNTRIES
from custreg.testing.strategies.identifiers import business_id_of
from custreg.testing.strategies.identifiers import business_ids
from custreg.testing.strategies.identifiers import vat_numbers
from custreg.testing.strategies.primitives import ADDRESS_COUNTRIES
from custreg.testing.strategies.primitives import DIGITS
from custreg.testing.strategies.primitives import aware_datetimes
from custreg.testing.strategies.primitives import dates
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import texts


def registry_addresses() -> st.SearchStrategy[RegistryAddress]:
    """Addresses as a public registry gives them (any part may be missing)."""
    return st.builds(
        RegistryAddress,
        st.sampled_from(ADDRESS_COUNTRIES),
        st.lists(texts(30), max_size=3).map(tuple),
        optional(st.text(DIGITS, min_size=5, max_size=5)),
        optional(texts(20)),
        optional(st.text(DIGITS, min_size=1, max_size=4)),
        optional(texts(30)),
    )


@st.composite
def company_records(draw: st.DrawFn) -> CompanyRecord:
    """A public registry record of a company with a valid VAT number and business id."""
    vat = draw(vat_numbers(BUSINESS_ID_COUNTRIES))
    business_id = business_id_of(vat)
    assert business_id is not None
    registered = draw(optional(dates()))
    former_names: Any = tuple(draw(st.lists(texts(), max_size=2)))
    parallel_names: Any = tuple(draw(st.lists(texts(), max_size=2)))
    parent = draw(optional(business_ids([business_id.country])))
    return CompanyRecord(
        registry=draw(st.sampled_from(["ytj", "brreg", "bolagsverket", "cvr"])),
        business_id=business_id,
        name=draw(texts()),
        status=draw(st.sampled_from(CompanyStatus)),
        vat_number=vat if draw(st.booleans()) else None,
        visiting_address=draw(optional(registry_addresses())),
        postal_address=draw(optional(registry_addresses())),
        website=draw(optional(websites().map(str))),
        email=draw(optional(email_addresses().map(str))),
        industry_code=draw(optional(st.text(DIGITS, min_size=5, max_size=5))),
        industry_name=draw(optional(texts())),
        company_form=draw(optional(st.sampled_from(["OY", "OYJ", "AS", "AB", "ApS"]))),
        registered_on=registered,
        ended_on=draw(optional(dates())),
        former_names=former_names,
        conditions=draw(st.frozensets(st.sampled_from(CompanyStatus))),
        company_form_name=draw(optional(texts())),
        parallel_names=parallel_names,
        parent_business_id=parent,
        last_modified=draw(optional(aware_datetimes())),
        einvoice_addresses=draw(einvoice_address_lists(max_size=2)).added,
    )
