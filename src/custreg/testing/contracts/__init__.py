"""The port contract suites: what every adapter of custreg's ports must do, one module per port.

Mix these classes into a pytest test class and provide a ``registry_factory`` fixture: a callable
``registry_factory(settings=None, clock=None, ids=None) -> Registry`` that returns a registry of a
fresh, empty organisation on your adapter (``settings`` may be an OrganisationSettings or a
callable taking the new organisation id). custreg runs the same suite on its memory, SQLite and
PostgreSQL adapters (tests/test_contracts.py); a host application runs it on its own adapters::

    import pytest
    from custreg.testing.contracts import RepositoryContract, CustomerStateMachineContract

    class TestMyAdapter(RepositoryContract, CustomerStateMachineContract):
        @pytest.fixture
        def registry_factory(self):
            return lambda settings=None, clock=None, ids=None: my_registry(settings, clock, ids)

Each Hypothesis example asks the factory for a new organisation, so examples never see each
other's data. Property tests use the Hypothesis profile loaded when they run.

What is checked is the contract written in ``custreg.ports.repositories``: unknown ids raise
NotFoundError, taken ids IntegrityError, stale versions ConflictError with nothing stored, lists
hold exactly the right rows in the documented order, and a unit of work commits everything or
nothing. Lists whose order the port leaves open (contacts of a customer) are compared as sets.

One module per capability, each runnable on its own with only the ports it tests:
``customers``, ``addresses``, ``contacts``, ``projects``, ``invoices`` (and bulk data entry),
``activities`` (activities, notes, tasks), ``files``, ``settings``, ``audit``, ``unit_of_work``,
``read_models`` (the KPI and card pushdowns against the core defaults) and ``state_machine``.
A test that needs a capability the adapter does not offer (``custreg.CapabilityMissing``) is
skipped, naming the capability. ``MinimalHostContract`` bundles the contracts of the minimal
capability set, ``RepositoryContract`` every repository contract.
"""

from custreg.testing.contracts._support import SETTINGS
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import fresh
from custreg.testing.contracts._support import populations
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import require_offered
from custreg.testing.contracts._support import stored
from custreg.testing.contracts.activities import ActivityRepositoryContract
from custreg.testing.contracts.activities import NoteRepositoryContract
from custreg.testing.contracts.activities import TaskRepositoryContract
from custreg.testing.contracts.addresses import AddressRepositoryContract
from custreg.testing.contracts.audit import AuditLogContract
from custreg.testing.contracts.contacts import ContactRepositoryContract
from custreg.testing.contracts.customers import CustomerRepositoryContract
from custreg.testing.contracts.files import FileLinkRepositoryContract
from custreg.testing.contracts.invoices import DataEntryRepositoryContract
from custreg.testing.contracts.invoices import InvoiceRepositoryContract
from custreg.testing.contracts.projects import ProjectRepositoryContract
from custreg.testing.contracts.read_models import CardQueriesContract
from custreg.testing.contracts.read_models import KpiQueriesContract
from custreg.testing.contracts.read_models import ReadModelContract
from custreg.testing.contracts.settings import SettingsRepositoryContract
from custreg.testing.contracts.state_machine import CustomerMachine
from custreg.testing.contracts.state_machine import CustomerStateMachineContract
from custreg.testing.contracts.state_machine import customer_machine
from custreg.testing.contracts.state_machine import run_customer_machine
from custreg.testing.contracts.unit_of_work import UnitOfWorkContract


class MinimalHostContract(
    UnitOfWorkContract,
    CustomerRepositoryContract,
    AddressRepositoryContract,
    ContactRepositoryContract,
):
    """The ports of the minimal capability set (customers with search, addresses, contacts and
    the unit of work): what a host offering only those runs."""


class RepositoryContract(
    UnitOfWorkContract,
    CustomerRepositoryContract,
    AddressRepositoryContract,
    ContactRepositoryContract,
    ProjectRepositoryContract,
    InvoiceRepositoryContract,
    DataEntryRepositoryContract,
    ActivityRepositoryContract,
    NoteRepositoryContract,
    TaskRepositoryContract,
    FileLinkRepositoryContract,
    SettingsRepositoryContract,
    AuditLogContract,
):
    """Every repository port and the unit of work, for one adapter."""


__all__ = [
    "SETTINGS",
    "ActivityRepositoryContract",
    "AddressRepositoryContract",
    "AuditLogContract",
    "CardQueriesContract",
    "ContactRepositoryContract",
    "CustomerMachine",
    "CustomerRepositoryContract",
    "CustomerStateMachineContract",
    "DataEntryRepositoryContract",
    "FileLinkRepositoryContract",
    "InvoiceRepositoryContract",
    "KpiQueriesContract",
    "MinimalHostContract",
    "NoteRepositoryContract",
    "ProjectRepositoryContract",
    "ReadModelContract",
    "RegistryFactory",
    "RepositoryContract",
    "SettingsRepositoryContract",
    "TaskRepositoryContract",
    "UnitOfWorkContract",
    "customer_machine",
    "fresh",
    "populations",
    "read",
    "require_offered",
    "run_customer_machine",
    "stored",
]
