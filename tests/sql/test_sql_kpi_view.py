"""K7 on SQL: ``customer_kpis`` reads the settings and every figure in ONE read transaction (the
figures and the currency, time zone and statuses they are computed with come from one snapshot),
and asks the three billing periods in one statement."""

from __future__ import annotations

import uuid
from datetime import date

from sqlkit import statements

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.usecases.kpis import customer_kpis

USER = UserId(uuid.UUID(int=7))


def test_settings_and_figures_come_from_one_read_transaction(database: SqlDatabase) -> None:
    organisation = OrganisationId(uuid.uuid4())
    settings = OrganisationSettings(organisation, "View Oy", users=(User(USER, "Vi"),))
    registry = registry_of(database, organisation, settings=settings)
    with statements(database) as log:
        kpis = customer_kpis(
            registry, Principal(USER, CustomerPermission.ALL), reference=date(2026, 1, 15)
        )
    assert kpis.margin_this_year is not None
    begins = [s for s in log.statements if s.startswith(("BEGIN", "SET TRANSACTION"))]
    ends = [s for s in log.statements if s.startswith(("COMMIT", "ROLLBACK"))]
    assert ends == [], log.statements
    if database.engine.dialect.name == "sqlite":
        assert len(begins) == 1, log.statements
        first = log.statements.index(begins[0])
    else:  # psycopg sends BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY itself, unlogged
        assert begins == [], log.statements
        first = -1
    settings_reads = [
        i for i, s in enumerate(log.statements) if "FROM organisation_settings" in s
    ]
    assert settings_reads and all(i > first for i in settings_reads)
    billing = [s for s in log.statements if "FROM invoices" in s]
    assert len(billing) == 2  # the three periods in one statement, and the prospects
