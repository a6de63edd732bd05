"""Every "today" of a use case is the organisation's local date from the clock port.

Each dating use case runs at 23:30 and 00:30 local time across a month's end, for an
organisation east of UTC (Europe/Helsinki, where 00:30 is still yesterday in UTC) and one west
of it (America/New_York, where 23:30 is already tomorrow in UTC): the record's date, the KPI
reference date and the card's current month are the local ones. Memory, SQLite, PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from zoneinfo import ZoneInfo

import attrs
import pytest

from card.cardkit import ADMIN
from card.cardkit import ANNA
from card.cardkit import card_settings
from card.cardkit import new_customer
from custreg.adapters.system import FixedClock
from custreg.domain.ids import OrganisationId
from custreg.domain.settings import OrganisationSettings
from custreg.testing.contracts import RegistryFactory
from custreg.usecases.card import financials_tab
from custreg.usecases.kpis import customer_kpis
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import add_proposal
from custreg.usecases.projects import create_project

#: (zone, local date, local time): the local date differs from the UTC date in two of them.
MOMENTS = [
    (zone, day, at)
    for zone in ("Europe/Helsinki", "America/New_York")
    for day, at in ((date(2026, 11, 30), time(23, 30)), (date(2026, 12, 1), time(0, 30)))
]


def _instant(zone: str, day: date, at: time) -> datetime:
    """The instant, expressed in UTC as a system clock gives it."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_the_moments_straddle_midnight_utc() -> None:
    utc_days = [_instant(*m).date() for m in MOMENTS]
    assert [d != m[1] for d, m in zip(utc_days, MOMENTS, strict=True)] == [
        False, True, True, False
    ]


@pytest.mark.parametrize(("zone", "day", "at"), MOMENTS)
def test_dating_use_cases_take_the_organisations_local_date(
    registry_factory: RegistryFactory, zone: str, day: date, at: time
) -> None:
    def settings(organisation_id: OrganisationId) -> OrganisationSettings:
        return attrs.evolve(card_settings(organisation_id), timezone=zone)

    registry = registry_factory(settings=settings, clock=FixedClock(_instant(zone, day, at)))
    customer = new_customer(registry)
    project = create_project(registry, ADMIN, customer.id, NewProject("Build", owner_id=ANNA))
    assert add_proposal(registry, ADMIN, project.id, "Quote").created_on == day
    assert customer_kpis(registry, ADMIN).reference_date == day
    assert financials_tab(registry, ADMIN, customer.id).months[-1].month == day.replace(day=1)
