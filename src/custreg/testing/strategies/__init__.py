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

from custreg.testing.strategies.activity import activities, file_links, file_names, notes, tasks
from custreg.testing.strategies.address import address_kinds, addresses, new_addresses
from custreg.testing.strategies.audit import audit_entries, json_values
from custreg.testing.strategies.channels import (
    einvoice_address_lists,
    einvoice_address_texts,
    einvoice_addresses,
    einvoice_operators,
    email_addresses,
    email_spellings,
    invalid_einvoice_addresses,
    invalid_emails,
    websites,
)
from custreg.testing.strategies.contact import contacts, phones
from custreg.testing.strategies.customer import (
    create_customer_commands,
    custom_values,
    customer_queries,
    customers,
)
from custreg.testing.strategies.every_entity import entities, entity_strategies
from custreg.testing.strategies.identifiers import (
    BUSINESS_ID_COUNTRIES,
    VAT_COUNTRIES,
    VAT_SHAPES,
    business_id_of,
    business_id_spellings,
    business_ids,
    invalid_vat_numbers,
    spellings,
    vat_numbers,
    vat_spellings,
)
from custreg.testing.strategies.monetary import amounts, currencies, money
from custreg.testing.strategies.primitives import (
    ADDRESS_COUNTRIES,
    BLANK_ALPHABET,
    CURRENCIES,
    DIGITS,
    NAME_ALPHABET,
    POLICY_CHARACTERS,
    TIMEZONES,
    aware_datetimes,
    blank_texts,
    dates,
    ids,
    optional,
    single_spaced,
    single_spaced_texts,
    texts,
    unicode_texts,
    words,
)
from custreg.testing.strategies.project import (
    cost_entries,
    invoices,
    project_forecasts,
    projects,
    proposals,
)
from custreg.testing.strategies.registry import company_records, registry_addresses
from custreg.testing.strategies.settings import (
    active,
    custom_field_definitions,
    organisation_settings,
    principals,
    sample_settings,
    settings_factory,
    users,
    vat_rates,
)

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
