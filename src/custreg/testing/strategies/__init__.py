"""Hypothesis strategies for every custreg entity and value object, valid and invalid.

Valid values are generated *independently* of custreg's own validators: VAT numbers and business
ids get correct check digits from python-stdnum's ``is_valid`` (brute-forcing the check digits),
IBANs and GLNs from stdnum's check-digit functions. A test can therefore compare what custreg
does with what the strategy knows the answer is.

Everything is generated already in normal form (stripped names, compact VAT numbers, lower-case
e-mail domains), so an entity built from a drawn value keeps it unchanged; the ``*_spellings``
strategies give the messy forms users type, paired with the normal form they must become.

Needs ``hypothesis`` (a test dependency); custreg itself never imports this module.

The strategies are grouped by what they generate (``primitives``, ``monetary``,
``identifiers``, ``channels``, ``address``, ``settings``, ``customer``, ``contact``, ``project``,
``activity``, ``audit``, ``registry``, ``every_entity``); this package re-exports every public name.
"""

from custreg.testing.strategies.activity import activities
from custreg.testing.strategies.activity import file_links
from custreg.testing.strategies.activity import file_names
from custreg.testing.strategies.activity import notes
from custreg.testing.strategies.activity import tasks
from custreg.testing.strategies.address import address_kinds
from custreg.testing.strategies.address import addresses
from custreg.testing.strategies.address import new_addresses
from custreg.testing.strategies.audit import audit_entries
from custreg.testing.strategies.audit import json_values
from custreg.testing.strategies.channels import einvoice_address_lists
from custreg.testing.strategies.channels import einvoice_address_texts
from custreg.testing.strategies.channels import einvoice_addresses
from custreg.testing.strategies.channels import einvoice_operators
from custreg.testing.strategies.channels import email_addresses
from custreg.testing.strategies.channels import email_spellings
from custreg.testing.strategies.channels import invalid_einvoice_addresses
from custreg.testing.strategies.channels import invalid_emails
from custreg.testing.strategies.channels import websites
from custreg.testing.strategies.contact import contacts
from custreg.testing.strategies.contact import phones
from custreg.testing.strategies.customer import create_customer_commands
from custreg.testing.strategies.customer import custom_values
from custreg.testing.strategies.customer import customer_queries
from custreg.testing.strategies.customer import customers
from custreg.testing.strategies.every_entity import entities
from custreg.testing.strategies.every_entity import entity_strategies
from custreg.testing.strategies.identifiers import BUSINESS_ID_COUNTRIES
from custreg.testing.strategies.identifiers import VAT_COUNTRIES
from custreg.testing.strategies.identifiers import VAT_SHAPES
from custreg.testing.strategies.identifiers import business_id_of
from custreg.testing.strategies.identifiers import business_id_spellings
from custreg.testing.strategies.identifiers import business_ids
from custreg.testing.strategies.identifiers import invalid_vat_numbers
from custreg.testing.strategies.identifiers import spellings
from custreg.testing.strategies.identifiers import vat_numbers
from custreg.testing.strategies.identifiers import vat_spellings
from custreg.testing.strategies.monetary import amounts
from custreg.testing.strategies.monetary import currencies
from custreg.testing.strategies.monetary import money
from custreg.testing.strategies.primitives import ADDRESS_COUNTRIES
from custreg.testing.strategies.primitives import BLANK_ALPHABET
from custreg.testing.strategies.primitives import CURRENCIES
from custreg.testing.strategies.primitives import DIGITS
from custreg.testing.strategies.primitives import NAME_ALPHABET
from custreg.testing.strategies.primitives import POLICY_CHARACTERS
from custreg.testing.strategies.primitives import TIMEZONES
from custreg.testing.strategies.primitives import aware_datetimes
from custreg.testing.strategies.primitives import blank_texts
from custreg.testing.strategies.primitives import dates
from custreg.testing.strategies.primitives import ids
from custreg.testing.strategies.primitives import optional
from custreg.testing.strategies.primitives import single_spaced
from custreg.testing.strategies.primitives import single_spaced_texts
from custreg.testing.strategies.primitives import texts
from custreg.testing.strategies.primitives import unicode_texts
from custreg.testing.strategies.primitives import words
from custreg.testing.strategies.project import cost_entries
from custreg.testing.strategies.project import invoices
from custreg.testing.strategies.project import project_forecasts
from custreg.testing.strategies.project import projects
from custreg.testing.strategies.project import proposals
from custreg.testing.strategies.registry import company_records
from custreg.testing.strategies.registry import registry_addresses
from custreg.testing.strategies.settings import active
from custreg.testing.strategies.settings import custom_field_definitions
from custreg.testing.strategies.settings import organisation_settings
from custreg.testing.strategies.settings import principals
from custreg.testing.strategies.settings import sample_settings
from custreg.testing.strategies.settings import settings_factory
from custreg.testing.strategies.settings import users
from custreg.testing.strategies.settings import vat_rates

__all__ = [
    "ADDRESS_COUNTRIES",
    "BLANK_ALPHABET",
    "BUSINESS_ID_COUNTRIES",
    "CURRENCIES",
    "DIGITS",
    "NAME_ALPHABET",
    "POLICY_CHARACTERS",
    "TIMEZONES",
    "VAT_COUNTRIES",
    "VAT_SHAPES",
    "active",
    "activities",
    "address_kinds",
    "addresses",
    "amounts",
    "audit_entries",
    "aware_datetimes",
    "blank_texts",
    "business_id_of",
    "business_id_spellings",
    "business_ids",
    "company_records",
    "contacts",
    "cost_entries",
    "create_customer_commands",
    "currencies",
    "custom_field_definitions",
    "custom_values",
    "customer_queries",
    "customers",
    "dates",
    "einvoice_address_lists",
    "einvoice_address_texts",
    "einvoice_addresses",
    "einvoice_operators",
    "email_addresses",
    "email_spellings",
    "entities",
    "entity_strategies",
    "file_links",
    "file_names",
    "ids",
    "invalid_einvoice_addresses",
    "invalid_emails",
    "invalid_vat_numbers",
    "invoices",
    "json_values",
    "money",
    "new_addresses",
    "notes",
    "optional",
    "organisation_settings",
    "phones",
    "principals",
    "project_forecasts",
    "projects",
    "proposals",
    "registry_addresses",
    "sample_settings",
    "settings_factory",
    "single_spaced",
    "single_spaced_texts",
    "spellings",
    "tasks",
    "texts",
    "unicode_texts",
    "users",
    "vat_numbers",
    "vat_rates",
    "vat_spellings",
    "websites",
    "words",
]
