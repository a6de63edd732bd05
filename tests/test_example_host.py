"""The worked example host (examples/host_sqlite): the minimal capability set over the host's
own SQLite tables, written from docs/embedding.md. It passes the contract suites of the ports it
implements, and the core flows run on it."""

from __future__ import annotations

import itertools
import sys
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest

import custreg as cr
from custreg.testing.contracts import AuditLogContract
from custreg.testing.contracts import MinimalHostContract

sys.path.insert(0, str(Path(__file__).parent.parent / "examples"))

from host_sqlite import CrmDatabase
from host_sqlite import crm_registry
from host_sqlite.crm_adapter import CrmUnitOfWork

Factory = Callable[..., cr.Registry]


@pytest.fixture
def registry_factory(tmp_path: Path) -> Iterator[Factory]:
    """A fresh host database (and so a fresh organisation) per call."""
    counter = itertools.count()
    opened: list[CrmDatabase] = []

    def make(
        settings: cr.OrganisationSettings
        | Callable[[cr.OrganisationId], cr.OrganisationSettings]
        | None = None,
        clock: cr.Clock | None = None,
        ids: cr.IdGenerator | None = None,
    ) -> cr.Registry:
        organisation = cr.OrganisationId(uuid.uuid4())
        given = settings(organisation) if callable(settings) else settings
        database = CrmDatabase(tmp_path / f"crm-{next(counter)}.db", durable=False)
        opened.append(database)
        return crm_registry(
            database,
            given or cr.OrganisationSettings(organisation, "Host Oy"),
            clock=clock or cr.FixedClock(datetime(2026, 11, 25, 12, tzinfo=UTC)),
            ids=ids,
        )

    yield make
    for database in opened:
        database.close()


class TestExampleHostContracts(MinimalHostContract, AuditLogContract):
    """Every contract of the ports the example implements: the minimal set and the audit."""


# -- the core flows on the example host -------------------------------------------------------

OWNER = cr.UserId(uuid.UUID(int=1))
OTHER = cr.UserId(uuid.UUID(int=2))
ME = cr.Principal(OWNER, cr.CustomerPermission.ALL)


@pytest.fixture
def host(registry_factory: Factory) -> cr.Registry:
    """The example host with two users in its fixed settings."""

    def settings(organisation: cr.OrganisationId) -> cr.OrganisationSettings:
        users = (cr.User(OWNER, "Olli Owner"), cr.User(OTHER, "Otto Other"))
        return cr.OrganisationSettings(organisation, "Host Oy", users=users)

    return registry_factory(settings=settings)


def _address(street: str) -> cr.NewAddress:
    return cr.NewAddress("FI", (street,), "02610", "Espoo")


def test_create_get_update_list_and_search_run_on_the_host(host: cr.Registry) -> None:
    nokia = cr.create_customer(
        host,
        ME,
        cr.CreateCustomer(
            "Nokia Oyj", vat_number="FI 0112038-9", address=_address("Karakaari 7"), owner_id=OWNER
        ),
    )
    kone = cr.create_customer(host, ME, cr.CreateCustomer("Kone Oyj", owner_id=OTHER))
    assert (nokia.number.value, kone.number.value) == (1, 2)
    assert cr.get_customer(host, ME, nokia.id) == nokia
    assert [a.lines for a in cr.list_addresses(host, ME, nokia.id)] == [("Karakaari 7",)]

    renamed = cr.update_customer(host, ME, cr.UpdateCustomer(nokia.id, name="Nokia Corporation"))
    assert renamed.version == nokia.version + 1
    assert cr.get_customer(host, ME, nokia.id).name == "Nokia Corporation"

    everyone = cr.list_customers(host, ME)
    assert [c.id for c in everyone.items] == [nokia.id, kone.id] and everyone.total == 2
    by_vat = cr.list_customers(host, ME, cr.CustomerQuery(text="0112038-9"))
    assert [c.id for c in by_vat.items] == [nokia.id]
    by_owner = cr.list_customers(host, ME, cr.CustomerQuery(owner_id=OTHER))
    assert [c.id for c in by_owner.items] == [kone.id]
    second = cr.list_customers(host, ME, page=cr.PageRequest(limit=1, offset=1))
    assert [c.id for c in second.items] == [kone.id] and second.total == 2


def test_a_duplicate_and_bad_input_change_nothing_on_the_host(host: cr.Registry) -> None:
    cr.create_customer(host, ME, cr.CreateCustomer("Nokia Oyj", vat_number="FI01120389"))
    with pytest.raises(cr.PossibleDuplicateError):
        cr.create_customer(host, ME, cr.CreateCustomer("Nokia 2", vat_number="FI01120389"))
    with pytest.raises(cr.ValidationErrors) as bad:
        cr.create_customer(host, ME, cr.CreateCustomer("  ", vat_number="FI01120388"))
    assert bad.value.fields == ("name", "vat_number")
    assert cr.list_customers(host, ME).total == 1


def test_contacts_and_addresses_run_on_the_host(host: cr.Registry) -> None:
    customer = cr.create_customer(host, ME, cr.CreateCustomer("Kone Oyj"))
    hq = cr.add_address(host, ME, customer.id, _address("Kartanontie 1"))
    assert cr.get_customer(host, ME, customer.id).headquarters_address_id == hq.id
    anna = cr.add_contact(host, ME, customer.id, cr.NewContact("Anna", "Aalto", address_id=hq.id))
    cr.add_contact(host, ME, customer.id, cr.NewContact("Bo", "Berg"))
    cr.inactivate_contact(host, ME, anna.id)
    assert [c.last_name for c in cr.list_contacts(host, ME, customer.id)] == ["Berg"]
    with pytest.raises(cr.CapabilityMissing) as missing:
        cr.contacts_with_keyword(host, ME, "vip")
    assert missing.value.field == "contact_keywords"


def test_mass_update_and_its_undo_run_on_the_host(host: cr.Registry) -> None:
    made = [cr.create_customer(host, ME, cr.CreateCustomer(f"C{i} Oy")) for i in range(3)]
    query = cr.CustomerQuery(text="oy")
    result = cr.mass_update(host, ME, cr.MassUpdate.matching(cr.ChangeOwner(OTHER), query))
    assert result.batch_id is not None
    assert {c.owner_id for c in cr.list_customers(host, ME).items} == {OTHER}
    trail = cr.mass_update_trail(host, ME, result.batch_id)
    assert {e.entity_id for e in trail if e.entity == "customer"} == {c.id for c in made}

    undone = cr.undo_mass_update(host, ME, result.batch_id)
    assert undone.undoes == result.batch_id
    assert [c for c in cr.list_customers(host, ME).items] == [
        cr.get_customer(host, ME, c.id) for c in made
    ]
    assert {c.owner_id for c in cr.list_customers(host, ME).items} == {None}
    assert all(c.version == 3 for c in cr.list_customers(host, ME).items)


def test_a_capability_the_host_does_not_offer_is_refused_by_name(host: cr.Registry) -> None:
    customer = cr.create_customer(host, ME, cr.CreateCustomer("Kone Oyj"))
    with pytest.raises(cr.CapabilityMissing) as missing:
        cr.create_project(host, ME, customer.id, cr.NewProject("Lift"))
    assert missing.value.capability == "projects"
    with pytest.raises(cr.CapabilityMissing):
        cr.save_settings(host, ME, cr.OrganisationSettings(host.organisation_id, "Other Oy"))
    assert cr.get_customer(host, ME, customer.id) == customer


def test_the_read_models_default_to_what_the_host_offers(host: cr.Registry) -> None:
    customer = cr.create_customer(host, ME, cr.CreateCustomer("Kone Oyj"))
    figures = cr.customer_kpis(host, ME)
    assert (figures.active_customers, figures.prospects) == (0, 0)
    assert figures.billing_this_month is not None
    assert figures.billing_this_month.this_month.amount == 0
    tab = cr.contacts_tab(host, ME, customer.id)
    assert (tab.header.id, tab.header.name) == (customer.id, "Kone Oyj")
    assert tab.contacts == () and tab.planned_activities == ()
    with pytest.raises(cr.NotFoundError):
        cr.contacts_tab(host, ME, cr.CustomerId(uuid.uuid4()))


class _WithoutAudit(CrmUnitOfWork):
    """The example host without its optional audit capability."""

    @property
    def audit(self) -> cr.AuditLog:
        return cr.NoAuditLog()


def test_without_the_audit_capability_mass_update_runs_and_undo_is_refused(
    tmp_path: Path,
) -> None:
    database = CrmDatabase(tmp_path / "no-audit.db", durable=False)
    organisation = cr.OrganisationId(uuid.uuid4())
    settings = cr.OrganisationSettings(organisation, "Host Oy", users=(cr.User(OTHER, "Otto"),))
    host = cr.Registry(
        organisation,
        lambda: _WithoutAudit(database),
        cr.SystemClock(),
        cr.RandomIds(),
        settings=settings,
    )
    made = cr.create_customer(host, ME, cr.CreateCustomer("Kone Oyj"))
    result = cr.mass_update(host, ME, cr.MassUpdate.of_ids(cr.ChangeOwner(OTHER), [made.id]))
    assert result.batch_id is not None
    assert cr.get_customer(host, ME, made.id).owner_id == OTHER
    with pytest.raises(cr.CapabilityMissing) as missing:
        cr.undo_mass_update(host, ME, result.batch_id)
    assert missing.value.capability == "audit"
    with pytest.raises(cr.CapabilityMissing):
        cr.mass_update_trail(host, ME, result.batch_id)
    assert cr.get_customer(host, ME, made.id).owner_id == OTHER
    database.close()


def test_without_settings_the_flows_needing_them_name_the_capability(tmp_path: Path) -> None:
    database = CrmDatabase(tmp_path / "no-settings.db", durable=False)
    organisation = cr.OrganisationId(uuid.uuid4())
    host = cr.Registry(organisation, database.unit_of_work, cr.SystemClock(), cr.RandomIds())
    with pytest.raises(cr.CapabilityMissing) as missing:
        cr.create_customer(host, ME, cr.CreateCustomer("Kone Oyj"))
    assert missing.value.field == "settings"
    with database.unit_of_work() as uow:
        assert uow.customers.find(cr.CustomerQuery(), cr.PageRequest()).total == 0
    database.close()
