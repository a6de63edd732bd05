"""Repositories of the SQL adapter: every port of ``custreg.ports.repositories`` over Core tables.

Every statement filters on the unit of work's organisation. Reads of many rows and writes of many
rows are a constant number of statements (link tables are loaded for all rows at once, never per
row), so cost grows with the data only inside the database.

One module per aggregate over the shared base (``base``); this package re-exports every repository.
"""

from custreg.adapters.sql.repositories.activities import SqlActivities
from custreg.adapters.sql.repositories.activities import SqlNotes
from custreg.adapters.sql.repositories.activities import SqlTasks
from custreg.adapters.sql.repositories.audit import SqlAudit
from custreg.adapters.sql.repositories.contacts import SqlAddresses
from custreg.adapters.sql.repositories.contacts import SqlContacts
from custreg.adapters.sql.repositories.customers import SqlCustomers
from custreg.adapters.sql.repositories.files import SqlFiles
from custreg.adapters.sql.repositories.invoices import SqlInvoices
from custreg.adapters.sql.repositories.projects import SqlProjects
from custreg.adapters.sql.repositories.settings import SqlSettings

__all__ = [
    "SqlActivities",
    "SqlAddresses",
    "SqlAudit",
    "SqlContacts",
    "SqlCustomers",
    "SqlFiles",
    "SqlInvoices",
    "SqlNotes",
    "SqlProjects",
    "SqlSettings",
    "SqlTasks",
]
