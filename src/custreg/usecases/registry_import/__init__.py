"""Public business registries in the customer flows.

- ``search_registry``: a one-word name or a business id / VAT number (R1); ids are checked with
  python-stdnum before any request (C2).
- ``import_from_registry``: create the customer from a hit with its visiting address as
  headquarters and its postal address, in one unit of work (R2, A1); duplicates (C4) and
  dissolved, deleted or bankrupt companies (R5) need the caller's explicit consent.
- ``preview_registry_update`` / ``update_from_registry``: a field-by-field diff, then only the
  chosen fields among name, visiting address, postal address, email and website (R3); only for
  customers with a VAT number of a country that has a registry.

Registry calls happen before any unit of work opens, so a registry failure (R4) writes nothing.
The registries come as a mapping country code -> CompanyRegistry port (``registries_for()`` builds
one); they are not part of the ``Registry`` bundle.

The package holds one module per job: ``search`` (R1), ``mapping`` (a registry record as customer
values), ``creation`` (R2), ``matching`` (the diff of R3), ``address_plan`` and ``update`` (applying
R3); it re-exports every public name.
"""

from custreg.usecases.registry_import.creation import ImportResult
from custreg.usecases.registry_import.creation import import_from_registry
from custreg.usecases.registry_import.mapping import Content
from custreg.usecases.registry_import.mapping import address_content
from custreg.usecases.registry_import.matching import FieldChange
from custreg.usecases.registry_import.matching import diff
from custreg.usecases.registry_import.matching import visiting_and_postal
from custreg.usecases.registry_import.search import CompanyRegistries
from custreg.usecases.registry_import.search import registry_for
from custreg.usecases.registry_import.search import registry_query
from custreg.usecases.registry_import.search import search_registry
from custreg.usecases.registry_import.update import REGISTRY_FIELDS
from custreg.usecases.registry_import.update import RegistryUpdatePreview
from custreg.usecases.registry_import.update import RegistryUpdateResult
from custreg.usecases.registry_import.update import preview_registry_update
from custreg.usecases.registry_import.update import update_from_registry

__all__ = [
    "REGISTRY_FIELDS",
    "CompanyRegistries",
    "Content",
    "FieldChange",
    "ImportResult",
    "RegistryUpdatePreview",
    "RegistryUpdateResult",
    "address_content",
    "diff",
    "import_from_registry",
    "preview_registry_update",
    "registry_for",
    "registry_query",
    "search_registry",
    "update_from_registry",
    "visiting_and_postal",
]
