"""Contracts of the customers capability, one module per behaviour of the customer repository:
``storage`` (add/get/update, bulk writes), ``queries`` (find, C6, C4), ``numbers`` (C3),
``fields`` (the single-field access of mass updates, M2, M5) and ``removal`` (U4)."""

from custreg.testing.contracts._support import populations
from custreg.testing.contracts.customers.fields import CustomerFieldContract
from custreg.testing.contracts.customers.numbers import CustomerNumberContract
from custreg.testing.contracts.customers.queries import CustomerQueryContract
from custreg.testing.contracts.customers.removal import CustomerRemovalContract
from custreg.testing.contracts.customers.storage import CustomerStorageContract


class CustomerRepositoryContract(
    CustomerStorageContract,
    CustomerQueryContract,
    CustomerNumberContract,
    CustomerFieldContract,
    CustomerRemovalContract,
):
    """CustomerRepository: add/get/update, bulk methods, queries, duplicates and numbers."""


__all__ = [
    "CustomerFieldContract",
    "CustomerNumberContract",
    "CustomerQueryContract",
    "CustomerRemovalContract",
    "CustomerRepositoryContract",
    "CustomerStorageContract",
    "populations",
]
