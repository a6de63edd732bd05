"""The KPI query port: aggregate questions, so a database answers each with one statement.

Definitions (K1-K8, see ``custreg.domain.kpi`` and docs/kpis.md):
- the customers in scope are those the ``CustomerQuery`` accepts (``CustomerQuery.matches``);
- *billing*: sum of ``total_excl_vat`` of invoices of those customers whose status has the Sent
  flag, that have a number, are dated in the period and that ``visibility`` allows; credit notes
  are negative so they reduce it;
- *total cost*: sum of cost entries dated in the period on non-internal projects of those
  customers;
- *active customers*: customers with an open (not closed), non-internal project, sales case or not;
- *prospects*: customers with an open, non-internal project in an IN_PROGRESS sales state, no
  billed invoice ever (whatever its date) that ``visibility`` allows, and no project in a WON
  state (K6, U5: an invoice the principal may not see is no billing to them).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Protocol

from custreg.domain.kpi import InvoiceVisibility
from custreg.domain.kpi import Period
from custreg.domain.query import CustomerQuery
from custreg.domain.settings import OrganisationSettings


class KpiQueries(Protocol):
    """Aggregate questions over one consistent view of the registry (one read transaction)."""

    def settings(self) -> OrganisationSettings:
        """The organisation's settings, read in this same view (so the currency, time zone and
        statuses the figures are computed with agree with the rows)."""
        ...

    def billing(
        self, periods: Sequence[Period], customers: CustomerQuery, visibility: InvoiceVisibility, /
    ) -> tuple[Decimal, ...]:
        """Billing of each of ``periods`` (one figure per period, in order) over the customers
        in scope, counting only visible invoices. Asked together so that a database answers
        every period with one scan of the invoices."""
        ...

    def total_cost(self, period: Period, customers: CustomerQuery, /) -> Decimal:
        """Total cost of ``period`` on non-internal projects of the customers in scope."""
        ...

    def active_customers(self, customers: CustomerQuery, /) -> int:
        """How many customers in scope have an open, non-internal project or sales case."""
        ...

    def prospects(
        self, customers: CustomerQuery, visibility: InvoiceVisibility | None, /
    ) -> int:
        """How many customers in scope are prospects in the pipeline; only invoices
        ``visibility`` allows count as billing (None: the principal sees no invoice, so none
        does)."""
        ...


KpiQueriesFactory = Callable[[], AbstractContextManager[KpiQueries]]
"""Opens a read view: ``with registry.kpis() as kpis: kpis.billing(...)``. Every question asked
inside one ``with`` block sees the same data, so the four figures agree with each other."""
