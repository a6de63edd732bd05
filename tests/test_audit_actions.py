"""Every use case that writes records audit entries with the right action and shape.

The public use cases are enumerated from ``custreg.usecases``: each is either in ``WRITES``
(with a scenario and the audit actions it must record) or in ``READS`` (it records nothing), so
a new use case without a case here fails ``test_every_use_case_is_walked``. A removal records
the entity as it was (``before``) and nothing after; a creation nothing before and the entity
after; an update the changed fields, before and after. Runs on memory, SQLite and PostgreSQL.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from collections.abc import Sequence
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

import custreg.usecases
from card.cardkit import ADMIN
from card.cardkit import ANNA
from card.cardkit import BO
from card.cardkit import DOING
from card.cardkit import DONE
from card.cardkit import FINNISH
from card.cardkit import OFFER
from card.cardkit import OLD_COLUMN
from card.cardkit import SENT
from card.cardkit import card_settings
from card.cardkit import new_customer
from custreg.adapters.blobs import MemoryBlobStore
from custreg.domain.activity import ActivityKind
from custreg.domain.audit import AuditColumns
from custreg.domain.audit import AuditEntry
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.company import CompanyRecord
from custreg.domain.customer import CustomerStatus
from custreg.domain.entry import NewCostEntry
from custreg.domain.entry import NewInvoice
from custreg.domain.entry import NewProposal
from custreg.domain.mass_update import ChangeStatus
from custreg.domain.reports import ReportFilters
from custreg.domain.reports import builtin_report
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.testing.contracts import RegistryFactory
from custreg.usecases.activities import ActivityChanges
from custreg.usecases.activities import NewActivity
from custreg.usecases.activities import add_activity
from custreg.usecases.activities import complete_activity
from custreg.usecases.activities import remove_activity
from custreg.usecases.activities import reopen_activity
from custreg.usecases.activities import update_activity
from custreg.usecases.addresses import add_address
from custreg.usecases.addresses import remove_address
from custreg.usecases.addresses import set_headquarters
from custreg.usecases.addresses import update_address
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.card import CustomerSettingsChange
from custreg.usecases.card import delete_customer
from custreg.usecases.card import update_customer_settings
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.contacts import ContactChanges
from custreg.usecases.contacts import NewContact
from custreg.usecases.contacts import add_contact
from custreg.usecases.contacts import delete_contact
from custreg.usecases.contacts import inactivate_contact
from custreg.usecases.contacts import reactivate_contact
from custreg.usecases.contacts import tag_contact
from custreg.usecases.contacts import update_contact
from custreg.usecases.costs import correct_cost_entry
from custreg.usecases.costs import record_cost_entries
from custreg.usecases.costs import record_cost_entry
from custreg.usecases.costs import remove_cost_entry
from custreg.usecases.customers import inactivate_customer
from custreg.usecases.customers import reactivate_customer
from custreg.usecases.customers import update_customer
from custreg.usecases.duplicates import consolidate
from custreg.usecases.einvoicing import add_einvoice_address
from custreg.usecases.einvoicing import remove_einvoice_address
from custreg.usecases.einvoicing import set_default_einvoice_address
from custreg.usecases.files import add_file
from custreg.usecases.files import add_link
from custreg.usecases.files import remove_file
from custreg.usecases.invoices import correct_invoice
from custreg.usecases.invoices import record_invoice
from custreg.usecases.invoices import record_invoices
from custreg.usecases.invoices import remove_invoice
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import undo_mass_update
from custreg.usecases.notes import add_note
from custreg.usecases.notes import add_project_note
from custreg.usecases.notes import remove_note
from custreg.usecases.notes import update_note
from custreg.usecases.numbers import change_customer_number
from custreg.usecases.projects import NewProject
from custreg.usecases.projects import ProjectChanges
from custreg.usecases.projects import SalesStatusChange
from custreg.usecases.projects import add_proposal
from custreg.usecases.projects import close_project
from custreg.usecases.projects import create_project
from custreg.usecases.projects import create_sales_case
from custreg.usecases.projects import lose_sales_case
from custreg.usecases.projects import move_project
from custreg.usecases.projects import reopen_project
from custreg.usecases.projects import set_project_forecast
from custreg.usecases.projects import set_sales_status
from custreg.usecases.projects import set_sales_statuses
from custreg.usecases.projects import update_project
from custreg.usecases.projects import win_sales_case
from custreg.usecases.proposals import correct_proposal
from custreg.usecases.proposals import record_proposal
from custreg.usecases.proposals import record_proposals
from custreg.usecases.proposals import remove_proposal
from custreg.usecases.registry_import import import_from_registry
from custreg.usecases.reports import mass_update_report
from custreg.usecases.settings import get_settings
from custreg.usecases.settings import save_settings
from custreg.usecases.statuses import StatusKind
from custreg.usecases.statuses import delete_status
from custreg.usecases.statuses import disable_status
from custreg.usecases.statuses import enable_status
from custreg.usecases.tasks import add_task
from custreg.usecases.tasks import assign_task
from custreg.usecases.tasks import move_task

#: Use cases that never write (they must record no audit entry).
READS = frozenset(
    {
        "customer_activities",
        "project_activities",
        "list_addresses",
        "contacts_tab",
        "sales_tab",
        "collaboration_tab",
        "financials_tab",
        "financials_drilldown",
        "settings_tab",
        "get_contact",
        "list_contacts",
        "contacts_with_keyword",
        "get_customer",
        "list_customers",
        "find_duplicates",
        "file_content",
        "customer_files",
        "project_files",
        "customer_kpis",
        "mass_update_trail",
        "customer_notes",
        "project_notes",
        "preview_registry_update",
        "run_report",
        "get_settings",
        "is_done",
        "report_queries",
        "report_customer_ids",
    }
)

#: Helpers of the use case modules that take a registry but are not use cases themselves.
HELPERS = frozenset({"today", "writing", "customer_rows"})

#: Use cases that write but are exercised by their own suites against a registry server (they
#: reuse the audited customer update of ``update_customer``'s shape, checked there).
#: ``check_customer(s)_vat`` need a VAT service: tests/registries/test_vat_check.py checks their
#: audit entries.
ELSEWHERE = frozenset({"update_from_registry", "check_customer_vat", "check_customers_vat"})


@attrs.define
class World:
    """A customer with one of everything, built before the use case under test runs."""

    registry: Registry
    blobs: MemoryBlobStore
    values: dict[str, Any] = attrs.field(factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def _world(registry: Registry) -> World:
    blobs = MemoryBlobStore()
    customer = new_customer(registry, "Walk Oy", address=NewAddress("FI", ("Street 1",)))
    other = new_customer(registry, "Other Oy")
    address = add_address(registry, ADMIN, customer.id, NewAddress("FI", ("Street 2",)))
    contact = add_contact(
        registry, ADMIN, customer.id, NewContact("Ada", "Lovelace", address_id=address.id)
    )
    project = create_project(registry, ADMIN, customer.id, NewProject("Build", owner_id=ANNA))
    sales = create_sales_case(registry, ADMIN, customer.id, NewProject("Offer", owner_id=ANNA))
    activity = add_activity(registry, ADMIN, customer.id, NewActivity(ActivityKind.TODO, "Call"))
    note = add_note(registry, ADMIN, customer.id, "Met them")
    task = add_task(registry, ADMIN, project.id, "Plan")
    link = add_link(registry, ADMIN, customer.id, "Site", "https://example.com")
    return World(
        registry,
        blobs,
        {
            "customer": customer,
            "other": other,
            "address": address,
            "contact": contact,
            "project": project,
            "sales": sales,
            "activity": activity,
            "note": note,
            "task": task,
            "link": link,
        },
    )


def _hit() -> CompanyRecord:
    return CompanyRecord(
        "FI",
        BusinessId.parse("0112038-9", "FI"),
        "Registry Oy",
        vat_number=VatNumber.parse("FI01120389"),
    )


def _undo(w: World) -> Any:
    done = mass_update(
        w.registry, ADMIN, MassUpdate.of_ids(ChangeStatus(CustomerStatus.INACTIVE), [w.other.id])
    )
    return lambda r: undo_mass_update(r, ADMIN, done.batch_id)


Case = tuple[Callable[[World], Callable[[Registry], object]], frozenset[str]]


def _new_invoice(w: World, number: int, total: int = 100) -> NewInvoice:
    return NewInvoice(
        w.customer.id, SENT, date(2026, 11, 20), Decimal(total), Decimal(total) * 2, number=number
    )


def _invoice(w: World, r: Registry) -> Any:
    return record_invoice(r, ADMIN, _new_invoice(w, 1))


def _new_cost(w: World, amount: int = 10) -> NewCostEntry:
    return NewCostEntry(w.project.id, "travel", date(2026, 11, 2), Decimal(amount))


def _cost(w: World, r: Registry) -> Any:
    return record_cost_entry(r, ADMIN, _new_cost(w))


def _case(call: Callable[[World, Registry], object], *actions: str) -> Case:
    return (lambda w: lambda r: call(w, r)), frozenset(actions)


EUR = "EUR"
#: Two e-invoicing (OVT) addresses and an operator code (C7).
OVT_A, OVT_B, OPERATOR = "003701120389", "003710948874", "003721291126"
WRITES: dict[str, Case] = {
    "add_activity": _case(
        lambda w, r: add_activity(r, ADMIN, w.customer.id, NewActivity(ActivityKind.TODO, "X")),
        "add",
    ),
    "update_activity": _case(
        lambda w, r: update_activity(r, ADMIN, w.activity.id, ActivityChanges(title="Y")),
        "update",
    ),
    "complete_activity": _case(lambda w, r: complete_activity(r, ADMIN, w.activity.id), "complete"),
    "reopen_activity": (
        lambda w: (
            complete_activity(w.registry, ADMIN, w.activity.id),
            lambda r: reopen_activity(r, ADMIN, w.activity.id),
        )[1],
        frozenset({"reopen"}),
    ),
    "remove_activity": _case(lambda w, r: remove_activity(r, ADMIN, w.activity.id), "remove"),
    "add_address": _case(
        lambda w, r: add_address(r, ADMIN, w.other.id, NewAddress("FI", ("Road 3",))),
        "add",
        "headquarters",
    ),
    "update_address": _case(
        lambda w, r: update_address(r, ADMIN, w.address.id, NewAddress("SE", ("Väg 4",))),
        "update",
    ),
    "remove_address": _case(
        lambda w, r: remove_address(r, ADMIN, w.address.id), "remove", "unlink address"
    ),
    "set_headquarters": _case(
        lambda w, r: set_headquarters(r, ADMIN, w.customer.id, w.address.id), "headquarters"
    ),
    "import_customers": _case(
        lambda w, r: import_customers(r, ADMIN, [{"name": "Imported Oy", "country": "FI"}]),
        "import",
    ),
    "delete_customer": _case(lambda w, r: delete_customer(r, ADMIN, w.other.id), "delete"),
    "update_customer_settings": _case(
        lambda w, r: update_customer_settings(
            r, ADMIN, w.customer.id, CustomerSettingsChange(invoice_template_id=FINNISH)
        ),
        "update",
    ),
    "add_contact": _case(
        lambda w, r: add_contact(r, ADMIN, w.customer.id, NewContact("Bo", "Bee")), "add"
    ),
    "update_contact": _case(
        lambda w, r: update_contact(r, ADMIN, w.contact.id, ContactChanges(title="CTO")),
        "update",
    ),
    "inactivate_contact": _case(
        lambda w, r: inactivate_contact(r, ADMIN, w.contact.id), "inactivate"
    ),
    "reactivate_contact": (
        lambda w: (
            inactivate_contact(w.registry, ADMIN, w.contact.id),
            lambda r: reactivate_contact(r, ADMIN, w.contact.id),
        )[1],
        frozenset({"reactivate"}),
    ),
    "delete_contact": _case(lambda w, r: delete_contact(r, ADMIN, w.contact.id), "delete"),
    "tag_contact": _case(
        lambda w, r: tag_contact(r, ADMIN, w.contact.id, add_keywords=["xmas"]), "tag"
    ),
    "create_customer": _case(lambda w, r: new_customer(r, "Created Oy"), "create"),
    "inactivate_customer": _case(
        lambda w, r: inactivate_customer(r, ADMIN, w.other.id), "inactivate"
    ),
    "reactivate_customer": (
        lambda w: (
            inactivate_customer(w.registry, ADMIN, w.other.id),
            lambda r: reactivate_customer(r, ADMIN, w.other.id),
        )[1],
        frozenset({"reactivate"}),
    ),
    "add_einvoice_address": _case(
        lambda w, r: add_einvoice_address(r, ADMIN, w.customer.id, NewEInvoice(OVT_A, OPERATOR)),
        "einvoice_add",
    ),
    "remove_einvoice_address": (
        lambda w: (
            add_einvoice_address(w.registry, ADMIN, w.customer.id, NewEInvoice(OVT_A, OPERATOR)),
            lambda r: remove_einvoice_address(r, ADMIN, w.customer.id, OVT_A),
        )[1],
        frozenset({"einvoice_remove"}),
    ),
    "set_default_einvoice_address": (
        lambda w: (
            add_einvoice_address(w.registry, ADMIN, w.customer.id, NewEInvoice(OVT_A, OPERATOR)),
            add_einvoice_address(w.registry, ADMIN, w.customer.id, NewEInvoice(OVT_B, OPERATOR)),
            lambda r: set_default_einvoice_address(r, ADMIN, w.customer.id, OVT_B),
        )[2],
        frozenset({"einvoice_default"}),
    ),
    "update_customer": _case(
        lambda w, r: update_customer(r, ADMIN, UpdateCustomer(w.other.id, name="Renamed Oy")),
        "update",
    ),
    "consolidate": _case(
        lambda w, r: consolidate(r, ADMIN, w.customer.id, w.other.id),
        "consolidate",
        "move",
    ),
    "add_file": _case(
        lambda w, r: add_file(r, ADMIN, w.blobs, w.customer.id, "a.txt", b"hello"), "add"
    ),
    "add_link": _case(
        lambda w, r: add_link(r, ADMIN, w.customer.id, "Docs", "https://example.org"), "add"
    ),
    "remove_file": _case(lambda w, r: remove_file(r, ADMIN, w.blobs, w.link.id), "remove"),
    "mass_update": _case(
        lambda w, r: mass_update(
            r, ADMIN, MassUpdate.of_ids(ChangeStatus(CustomerStatus.INACTIVE), [w.other.id])
        ),
        "mass_update.change_status",
    ),
    "undo_mass_update": (lambda w: _undo(w), frozenset({"mass_update.undo"})),
    "add_note": _case(lambda w, r: add_note(r, ADMIN, w.customer.id, "More"), "add"),
    "add_project_note": _case(
        lambda w, r: add_project_note(r, ADMIN, w.project.id, "On project"), "add"
    ),
    "update_note": _case(lambda w, r: update_note(r, ADMIN, w.note.id, "Edited"), "update"),
    "remove_note": _case(lambda w, r: remove_note(r, ADMIN, w.note.id), "remove"),
    "create_project": _case(
        lambda w, r: create_project(r, ADMIN, w.customer.id, NewProject("P2", owner_id=BO)),
        "create",
    ),
    "create_sales_case": _case(
        lambda w, r: create_sales_case(r, ADMIN, w.customer.id, NewProject("S2", owner_id=BO)),
        "create",
    ),
    "set_sales_status": _case(
        lambda w, r: set_sales_status(r, ADMIN, w.sales.id, OFFER), "set sales status", "use"
    ),
    "win_sales_case": _case(lambda w, r: win_sales_case(r, ADMIN, w.sales.id), "won", "use"),
    "lose_sales_case": _case(lambda w, r: lose_sales_case(r, ADMIN, w.sales.id), "lost", "use"),
    "close_project": _case(lambda w, r: close_project(r, ADMIN, w.project.id), "close"),
    "reopen_project": (
        lambda w: (
            close_project(w.registry, ADMIN, w.project.id),
            lambda r: reopen_project(r, ADMIN, w.project.id),
        )[1],
        frozenset({"reopen"}),
    ),
    "update_project": _case(
        lambda w, r: update_project(r, ADMIN, w.project.id, ProjectChanges(name="Renamed")),
        "update",
    ),
    "add_proposal": _case(lambda w, r: add_proposal(r, ADMIN, w.project.id, "Quote"), "create"),
    "set_project_forecast": _case(
        lambda w, r: set_project_forecast(
            r, ADMIN, w.project.id, date(2026, 12, 1), Money(Decimal(5), EUR), Money(0, EUR)
        ),
        "forecast",
    ),
    "move_project": _case(lambda w, r: move_project(r, ADMIN, w.project.id, w.other.id), "move"),
    "import_from_registry": _case(lambda w, r: import_from_registry(r, ADMIN, _hit()), "import"),
    "save_settings": _case(
        lambda w, r: save_settings(r, ADMIN, attrs.evolve(get_settings(r), name="Renamed Oy")),
        "update",
    ),
    "disable_status": _case(
        lambda w, r: disable_status(r, ADMIN, StatusKind.TASK, DOING), "disable"
    ),
    "enable_status": _case(
        lambda w, r: enable_status(r, ADMIN, StatusKind.TASK, OLD_COLUMN), "enable"
    ),
    "delete_status": _case(
        lambda w, r: delete_status(r, ADMIN, StatusKind.TASK, OLD_COLUMN), "delete"
    ),
    "add_task": _case(lambda w, r: add_task(r, ADMIN, w.project.id, "Build it"), "add"),
    "move_task": _case(lambda w, r: move_task(r, ADMIN, w.task.id, DONE), "move", "use"),
    "assign_task": _case(lambda w, r: assign_task(r, ADMIN, w.task.id, [BO]), "assign"),
    "record_invoice": _case(lambda w, r: _invoice(w, r), "create", "use"),
    "record_invoices": _case(
        lambda w, r: record_invoices(r, ADMIN, [_new_invoice(w, 7), _new_invoice(w, 8)]),
        "create",
        "use",
    ),
    "correct_invoice": (
        lambda w: (
            lambda made: lambda r: correct_invoice(r, ADMIN, made.id, _new_invoice(w, 9, total=200))
        )(_invoice(w, w.registry)),
        frozenset({"update"}),
    ),
    "remove_invoice": (
        lambda w: (lambda made: lambda r: remove_invoice(r, ADMIN, made.id))(
            _invoice(w, w.registry)
        ),
        frozenset({"remove"}),
    ),
    "record_cost_entry": _case(lambda w, r: _cost(w, r), "create"),
    "record_cost_entries": _case(
        lambda w, r: record_cost_entries(r, ADMIN, [_new_cost(w), _new_cost(w, 7)]), "create"
    ),
    "correct_cost_entry": (
        lambda w: (lambda made: lambda r: correct_cost_entry(r, ADMIN, made.id, _new_cost(w, 99)))(
            _cost(w, w.registry)
        ),
        frozenset({"update"}),
    ),
    "remove_cost_entry": (
        lambda w: (lambda made: lambda r: remove_cost_entry(r, ADMIN, made.id))(
            _cost(w, w.registry)
        ),
        frozenset({"remove"}),
    ),
    "record_proposal": _case(
        lambda w, r: record_proposal(r, ADMIN, NewProposal(w.project.id, "Quote")), "create"
    ),
    "record_proposals": _case(
        lambda w, r: record_proposals(
            r, ADMIN, [NewProposal(w.project.id, "A"), NewProposal(w.project.id, "B")]
        ),
        "create",
    ),
    "correct_proposal": (
        lambda w: (
            lambda made: (
                lambda r: correct_proposal(
                    r, ADMIN, made.id, NewProposal(w.project.id, "Better quote")
                )
            )
        )(record_proposal(w.registry, ADMIN, NewProposal(w.project.id, "Quote"))),
        frozenset({"update"}),
    ),
    "remove_proposal": (
        lambda w: (lambda made: lambda r: remove_proposal(r, ADMIN, made.id))(
            record_proposal(w.registry, ADMIN, NewProposal(w.project.id, "Quote"))
        ),
        frozenset({"remove"}),
    ),
    "set_sales_statuses": _case(
        lambda w, r: set_sales_statuses(r, ADMIN, [SalesStatusChange(w.sales.id, OFFER)]),
        "set sales status",
        "use",
    ),
    "change_customer_number": _case(
        lambda w, r: change_customer_number(r, ADMIN, w.other.id, 9_999), "update"
    ),
    "mass_update_report": _case(
        lambda w, r: mass_update_report(
            r,
            ADMIN,
            ChangeStatus(CustomerStatus.INACTIVE),
            builtin_report("customers", filters=ReportFilters(text="Other Oy")),
        ),
        "mass_update.change_status",
    ),
}

#: Actions that remove an entity (the entry keeps it in ``before``) or create one (``after``).
REMOVALS = frozenset({"remove", "delete"})
CREATIONS = frozenset({"add", "create", "import"})


def _use_cases() -> set[str]:
    found = set()
    for module_info in pkgutil.walk_packages(custreg.usecases.__path__, "custreg.usecases."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__:
                parameters = list(inspect.signature(value).parameters)
                if not name.startswith("_") and parameters[:1] == ["registry"]:
                    found.add(name)
    return found


def test_every_use_case_is_walked() -> None:
    """A use case taking a registry is a read or has a case here (a new one must be added)."""
    assert _use_cases() - READS - ELSEWHERE - HELPERS - set(WRITES) == set()
    assert set(WRITES) | READS | ELSEWHERE | HELPERS <= _use_cases()


class _Spy:
    """Wraps a unit of work, keeping the audit entries it records (as entries or columns)."""

    def __init__(self, inner: Any, seen: list[AuditEntry]) -> None:
        self._inner, self._seen = inner, seen

    def __enter__(self) -> Any:
        uow = self._inner.__enter__()
        record, record_columns = uow.audit.record, uow.audit.record_columns
        seen = self._seen

        class Audit:
            def __getattr__(self, name: str) -> Any:
                return getattr(uow.audit, name)

            def record(self, entries: Sequence[AuditEntry]) -> None:
                seen.extend(entries)
                record(entries)

            def record_columns(self, columns: Sequence[AuditColumns]) -> None:
                seen.extend(entry for part in columns for entry in part.entries())
                record_columns(columns)

        class Uow:
            audit = Audit()

            def __getattr__(self, name: str) -> Any:
                return getattr(uow, name)

        return Uow()

    def __exit__(self, *exc: Any) -> Any:
        return self._inner.__exit__(*exc)


NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_writing_use_case_records_its_own_actions(
    registry_factory: RegistryFactory, name: str
) -> None:
    registry = registry_factory(settings=card_settings)
    world = _world(registry)
    prepare, expected = WRITES[name]
    call = prepare(world)
    seen: list[AuditEntry] = []
    spied = attrs.evolve(registry, uow=lambda: _Spy(registry.uow(), seen))
    call(spied)
    actions = {entry.action for entry in seen}
    assert actions == expected, name
    for entry in seen:
        # A whole-entity entry is a creation or a removal, never anything else (M7).
        assert entry.field != "*" or entry.action in REMOVALS | CREATIONS, entry
        if entry.action in REMOVALS and entry.field == "*":
            assert entry.after is None and entry.before is not None, entry
        elif entry.action in CREATIONS and entry.field == "*":
            assert entry.before is None and entry.after is not None, entry
        else:
            assert entry.field != "*" or entry.after is not None, entry


@pytest.mark.parametrize("name", sorted(READS - {"report_queries", "get_settings"}))
def test_reads_are_not_audited(name: str) -> None:
    """The READS list holds only use cases whose source records nothing."""
    for module_info in pkgutil.walk_packages(custreg.usecases.__path__, "custreg.usecases."):
        module = importlib.import_module(module_info.name)
        function = vars(module).get(name)
        if inspect.isfunction(function) and function.__module__ == module.__name__:
            source = inspect.getsource(function)
            assert "audit.record" not in source and "registry.uow()" not in source, name


def test_no_use_case_writes_an_audit_entry_by_hand() -> None:
    """M7: use cases record domain events (``Transaction.record``); the audit entries are
    derived from them in one place, at commit. No use case module builds or appends entries."""
    for module_info in pkgutil.walk_packages(custreg.usecases.__path__, "custreg.usecases."):
        module = importlib.import_module(module_info.name)
        source = inspect.getsource(module)
        written_by_hand = (
            "audit.record(",
            "AuditEntry(",
            "change_entries(",
            "record_columns(",
            "AuditColumns(",
            "creation_columns(",
        )
        for written in written_by_hand:
            assert written not in source, (module.__name__, written)
