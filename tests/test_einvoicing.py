"""C7: several e-invoicing addresses per customer, on every adapter (memory, SQLite, PostgreSQL).

The use cases are driven side by side with a plain model of the rule (a list in the order the
addresses were added plus which one is the default); hostile input is refused naming the field,
with nothing changed; mass update, reports and exports learn the list.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from custreg.adapters.exports import CollectingSink
from custreg.adapters.exports import CsvSink
from custreg.adapters.exports import XlsxSink
from custreg.adapters.serialization import from_json_dict
from custreg.adapters.serialization import to_json_dict
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage
from custreg.domain.customer import Customer
from custreg.domain.einvoice import MAX_EINVOICE_ADDRESSES
from custreg.domain.einvoice import EInvoiceAddress
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.einvoice import address_key
from custreg.domain.errors import ConflictError
from custreg.domain.errors import MassUpdateError
from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import ValidationError
from custreg.domain.mass_update import AddEInvoiceAddress
from custreg.domain.mass_update import RemoveEInvoiceAddress
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.reports import ReportDefinition
from custreg.domain.reports import ReportLevel
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.testing.contracts import SETTINGS
from custreg.testing.contracts import RegistryFactory
from custreg.testing.contracts import fresh
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.commands import UpdateCustomer
from custreg.usecases.customers import create_customer
from custreg.usecases.customers import get_customer
from custreg.usecases.customers import update_customer
from custreg.usecases.einvoicing import ADD_ACTION
from custreg.usecases.einvoicing import DEFAULT_ACTION
from custreg.usecases.einvoicing import REMOVE_ACTION
from custreg.usecases.einvoicing import add_einvoice_address
from custreg.usecases.einvoicing import parse_einvoice_list
from custreg.usecases.einvoicing import remove_einvoice_address
from custreg.usecases.einvoicing import set_default_einvoice_address
from custreg.usecases.mass_update import MassUpdate
from custreg.usecases.mass_update import mass_update
from custreg.usecases.mass_update import undo_mass_update
from custreg.usecases.registry_import import import_from_registry
from custreg.usecases.registry_import import update_from_registry
from custreg.usecases.reports import run_report

per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

ADMIN = Principal(SETTINGS.users[0].id, CustomerPermission.ALL)
READER = Principal(SETTINGS.users[0].id, CustomerPermission.READ_ONLY)

#: Valid OVT codes (Y-tunnus 0112038-9, 1000000-4 and 1012345-0 have valid check digits).
OVT = ["003701120389", "003710000004", "003710123450"]
OPERATOR = "003721291126"


def _typed(entry: EInvoiceAddress) -> NewEInvoice:
    return NewEInvoice(entry.address, entry.operator)


def _snapshot(registry: Registry) -> tuple[list[Customer], int]:
    """What a refused change must leave untouched: every customer and the audit trail."""
    with registry.uow() as uow:
        ids = uow.customers.ids_matching(CustomerQuery())
        return (
            [uow.customers.get(i) for i in ids],
            sum(len(uow.audit.for_entity("customer", i)) for i in ids),
        )


def _actions(registry: Registry, customer: Customer) -> list[str]:
    with registry.uow() as uow:
        return [e.action for e in uow.audit.for_entity("customer", customer.id)]


# -- the rule, on every adapter ------------------------------------------------------------------

_steps = st.one_of(
    st.tuples(st.just("add"), s.einvoice_addresses(), st.booleans()),
    st.tuples(st.just("remove"), st.integers(0, 5)),
    st.tuples(st.just("default"), st.integers(0, 5)),
)


@per_example
@given(steps=st.lists(_steps, min_size=1, max_size=8))
def test_c7_add_remove_and_default_follow_the_rule_on_every_adapter(
    registry_factory: RegistryFactory, steps: list[tuple[Any, ...]]
) -> None:
    """C7 against a model: any number of addresses, no two equal, exactly one default when
    there is any, and removing the default makes the earliest-added remaining one the default."""
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer("E Oy"))
    added: list[EInvoiceAddress] = []  # the model: in the order added ...
    default: str | None = None  # ... and the default's key
    for step in steps:
        before = get_customer(registry, ADMIN, customer.id)
        if step[0] == "add":
            entry, make_default = step[1], step[2]
            if any(address_key(a.address) == address_key(entry.address) for a in added):
                with pytest.raises(ValidationError) as refused:
                    add_einvoice_address(registry, ADMIN, customer.id, _typed(entry))
                assert refused.value.field == "einvoice_addresses"
            else:
                add_einvoice_address(
                    registry, ADMIN, customer.id, _typed(entry), make_default=make_default
                )
                added.append(entry)
                if make_default or default is None:
                    default = address_key(entry.address)
        elif not added:
            with pytest.raises(ValidationError):
                remove_einvoice_address(registry, ADMIN, customer.id, OVT[0])
        else:
            chosen = added[step[1] % len(added)]
            if step[0] == "remove":
                remove_einvoice_address(registry, ADMIN, customer.id, chosen.address.lower())
                added.remove(chosen)
                if default == address_key(chosen.address):
                    default = address_key(added[0].address) if added else None
            else:
                set_default_einvoice_address(registry, ADMIN, customer.id, chosen.address)
                default = address_key(chosen.address)
        after = get_customer(registry, ADMIN, customer.id).einvoice_addresses
        assert list(after.added) == added
        keys = [address_key(a.address) for a in after]
        assert len(set(keys)) == len(keys)  # no two equal
        assert (after.default is None) == (not added)
        assert (address_key(after.default.address) if after.default else None) == default
        assert list(after)[:1] == ([after.default] if after.default else [])
        if after == before.einvoice_addresses:
            assert get_customer(registry, ADMIN, customer.id).version == before.version


@per_example
@given(addresses=s.einvoice_address_lists(max_size=3))
def test_c7_each_change_is_audited_under_its_own_action(
    registry_factory: RegistryFactory, addresses: EInvoiceAddresses
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer("E Oy"))
    entry = EInvoiceAddress(OVT[0], OPERATOR)
    if addresses.find(entry.address) is None:
        addresses = addresses.with_address(entry)
    for one in addresses.added:
        add_einvoice_address(registry, ADMIN, customer.id, _typed(one))
    set_default_einvoice_address(registry, ADMIN, customer.id, entry.address)
    set_default_einvoice_address(registry, ADMIN, customer.id, entry.address)  # no-op: no entry
    remove_einvoice_address(registry, ADMIN, customer.id, entry.address)
    actions = _actions(registry, customer)
    assert actions.count(ADD_ACTION) == len(addresses)
    assert actions.count(DEFAULT_ACTION) == (0 if addresses.added[0] == entry else 1)
    assert actions.count(REMOVE_ACTION) == 1
    with registry.uow() as uow:
        fields = {e.field for e in uow.audit.for_entity("customer", customer.id)}
    assert "einvoice_addresses" in fields


def test_c7_changes_need_edit_and_the_version_read(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(registry, ADMIN, CreateCustomer("E Oy"))
    entry = NewEInvoice(OVT[0], OPERATOR)
    with pytest.raises(PermissionDeniedError):
        add_einvoice_address(registry, READER, customer.id, entry)
    with pytest.raises(ConflictError):
        add_einvoice_address(registry, ADMIN, customer.id, entry, expected_version=7)
    after = add_einvoice_address(
        registry, ADMIN, customer.id, entry, expected_version=customer.version
    )
    with pytest.raises(ConflictError):
        remove_einvoice_address(
            registry, ADMIN, customer.id, OVT[0], expected_version=customer.version
        )
    with pytest.raises(PermissionDeniedError):
        set_default_einvoice_address(registry, READER, customer.id, OVT[0])
    assert get_customer(registry, ADMIN, customer.id) == after


# -- hostile input ---------------------------------------------------------------------------------

HOSTILE_ADDRESSES = [
    "0037\x0001120389",  # NUL inside
    "003701120389\x07",  # a control character
    "\u200b003701120389",  # zero-width space
    "0037011203\u200d89",  # zero-width joiner
    "\ud800003701120389",  # a lone surrogate
    "0" * 1_000_000,  # a megabyte
    "0192:" + "a" * 1_000_000,
    "",
    "   ",
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES, ids=lambda a: repr(a[:12]))
def test_c7_hostile_address_is_refused_naming_the_field_and_nothing_changes(
    registry_factory: RegistryFactory, address: str
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(
        registry, ADMIN, CreateCustomer("E Oy", einvoice_addresses=(NewEInvoice(OVT[0], OPERATOR),))
    )
    before = _snapshot(registry)
    attempts = [
        lambda: add_einvoice_address(registry, ADMIN, customer.id, NewEInvoice(address, OPERATOR)),
        lambda: add_einvoice_address(registry, ADMIN, customer.id, NewEInvoice(OVT[1], address)),
        lambda: remove_einvoice_address(registry, ADMIN, customer.id, address),
        lambda: set_default_einvoice_address(registry, ADMIN, customer.id, address),
        lambda: update_customer(
            registry,
            ADMIN,
            UpdateCustomer(customer.id, einvoice_addresses=(NewEInvoice(address, OPERATOR),)),
        ),
        lambda: create_customer(
            registry,
            ADMIN,
            CreateCustomer("F Oy", einvoice_addresses=(NewEInvoice(address, OPERATOR),)),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert (refused.value.entity, refused.value.field) == ("customer", "einvoice_addresses")
    assert _snapshot(registry) == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("0192:Abc-1", " 0192:aBC-1 "),  # Peppol ids differing only by case and spaces
        ("003701120389", "0037 0112 0389"),
        ("FI2112345600000785", "fi21 1234 5600 0007 85"),
    ],
)
def test_c7_a_duplicate_differing_only_by_case_or_spaces_is_refused(
    registry_factory: RegistryFactory, first: str, second: str
) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(
        registry, ADMIN, CreateCustomer("E Oy", einvoice_addresses=(NewEInvoice(first, OPERATOR),))
    )
    before = _snapshot(registry)
    with pytest.raises(ValidationError) as refused:
        add_einvoice_address(registry, ADMIN, customer.id, NewEInvoice(second, "NDEAFIHH"))
    assert refused.value.field == "einvoice_addresses"
    with pytest.raises(ValidationError):
        create_customer(
            registry,
            ADMIN,
            CreateCustomer(
                "F Oy",
                einvoice_addresses=(NewEInvoice(first, OPERATOR), NewEInvoice(second, OPERATOR)),
            ),
        )
    assert _snapshot(registry) == before


def _many(count: int) -> list[EInvoiceAddress]:
    return [EInvoiceAddress(f"0192:C7-{i}", OPERATOR) for i in range(count)]


def test_c7_the_51st_address_is_refused_and_nothing_changes(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    full = tuple(map(_typed, _many(MAX_EINVOICE_ADDRESSES)))
    customer = create_customer(registry, ADMIN, CreateCustomer("E Oy", einvoice_addresses=full))
    assert len(customer.einvoice_addresses) == MAX_EINVOICE_ADDRESSES
    before = _snapshot(registry)
    one_more = NewEInvoice("0192:C7-extra", OPERATOR)
    with pytest.raises(ValidationError) as refused:
        add_einvoice_address(registry, ADMIN, customer.id, one_more)
    assert refused.value.field == "einvoice_addresses"
    with pytest.raises(ValidationError) as refused:
        update_customer(
            registry, ADMIN, UpdateCustomer(customer.id, einvoice_addresses=(*full, one_more))
        )
    assert refused.value.field == "einvoice_addresses"
    with pytest.raises(ValidationError):
        create_customer(
            registry, ADMIN, CreateCustomer("F Oy", einvoice_addresses=(*full, one_more))
        )
    with pytest.raises(ValidationError):  # a million entries: refused for the count, quickly
        update_customer(
            registry, ADMIN, UpdateCustomer(customer.id, einvoice_addresses=(one_more,) * 10**6)
        )
    assert _snapshot(registry) == before


@pytest.mark.parametrize("value", ["003701120389", 5, b"0037", object()])
def test_c7_a_list_that_is_not_a_list_is_refused(
    registry_factory: RegistryFactory, value: Any
) -> None:
    registry = fresh(registry_factory)
    with pytest.raises(ValidationError) as refused:
        create_customer(registry, ADMIN, CreateCustomer("E Oy", einvoice_addresses=value))
    assert refused.value.field == "einvoice_addresses"
    assert _snapshot(registry) == ([], 0)


# -- the value itself ------------------------------------------------------------------------------


@given(addresses=s.einvoice_address_lists(max_size=6), data=st.data())
def test_c7_removing_the_default_promotes_the_earliest_added_remaining(
    addresses: EInvoiceAddresses, data: st.DataObject
) -> None:
    if not addresses:
        assert addresses.default is None and list(addresses) == []
        return
    default = addresses.default
    assert default is not None
    remaining = addresses.without(default.address)
    rest = [a for a in addresses.added if a != default]
    assert list(remaining.added) == rest
    assert remaining.default == (rest[0] if rest else None)
    other = data.draw(st.sampled_from(addresses.added))
    if other != default:
        kept = addresses.without(other.address)
        assert kept.default == default  # removing another keeps the default


@given(addresses=s.einvoice_address_lists(max_size=4))
def test_c7_the_list_survives_json_round_trips(addresses: EInvoiceAddresses) -> None:
    assert from_json_dict(EInvoiceAddresses, to_json_dict(addresses)) == addresses


@given(customer=s.customers())
def test_c7_the_old_single_address_attribute_reads_the_default(customer: Customer) -> None:
    with pytest.warns(DeprecationWarning):
        assert customer.einvoice == customer.einvoice_addresses.default


@given(addresses=s.einvoice_address_lists(max_size=4))
def test_c7_the_report_text_parses_back_to_the_same_list(addresses: EInvoiceAddresses) -> None:
    parsed = parse_einvoice_list("; ".join(addresses.labels()))
    assert [EInvoiceAddress(e.address, e.operator) for e in parsed] == list(addresses)


# -- mass update ---------------------------------------------------------------------------------


def _three(registry: Registry) -> list[Customer]:
    lists = [(), (OVT[0],), (OVT[1], OVT[0])]
    return [
        create_customer(
            registry,
            ADMIN,
            CreateCustomer(
                f"M{i} Oy", einvoice_addresses=tuple(NewEInvoice(a, OPERATOR) for a in addresses)
            ),
        )
        for i, addresses in enumerate(lists)
    ]


def test_c7_mass_update_adds_an_address_to_the_selection_only(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    customers = _three(registry)
    outsider = create_customer(registry, ADMIN, CreateCustomer("Out Oy"))
    action = AddEInvoiceAddress(" 0037 0112 0389 ", "ndeafihh")
    result = mass_update(registry, ADMIN, MassUpdate(action, [c.id for c in customers]))
    after = [get_customer(registry, ADMIN, c.id).einvoice_addresses for c in customers]
    assert [a.address for a in after[0]] == [OVT[0]]  # the first: it is the default
    assert after[1] == customers[1].einvoice_addresses  # already had it: unchanged (M6)
    assert after[2] == customers[2].einvoice_addresses
    assert [o.changed for o in result.outcomes] == [True, False, False]
    assert get_customer(registry, ADMIN, outsider.id) == outsider  # M1
    undo_mass_update(registry, ADMIN, result.batch_id)
    restored = [get_customer(registry, ADMIN, c.id).einvoice_addresses for c in customers]
    assert restored == [c.einvoice_addresses for c in customers]


def test_c7_mass_update_removes_an_address_and_promotes_the_earliest_remaining(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    customers = _three(registry)
    result = mass_update(
        registry, ADMIN, MassUpdate(RemoveEInvoiceAddress(OVT[1]), [c.id for c in customers])
    )
    after = [get_customer(registry, ADMIN, c.id).einvoice_addresses for c in customers]
    assert after[:2] == [c.einvoice_addresses for c in customers[:2]]
    assert [a.address for a in after[2]] == [OVT[0]] and after[2].default is not None
    assert [o.changed for o in result.outcomes] == [False, False, True]


def test_c7_mass_update_refuses_a_51st_address_naming_the_customer_and_changes_nothing(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    small = create_customer(registry, ADMIN, CreateCustomer("Small Oy"))
    full = create_customer(
        registry,
        ADMIN,
        CreateCustomer("Full Oy", einvoice_addresses=tuple(map(_typed, _many(50)))),
    )
    before = _snapshot(registry)
    with pytest.raises(MassUpdateError) as refused:
        mass_update(
            registry, ADMIN, MassUpdate(AddEInvoiceAddress(OVT[2], OPERATOR), [small.id, full.id])
        )
    assert [f.customer_id for f in refused.value.failures] == [full.id]
    assert _snapshot(registry) == before


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES[:5], ids=lambda a: repr(a[:12]))
def test_c7_mass_update_actions_refuse_hostile_addresses(address: str) -> None:
    with pytest.raises(ValidationError) as refused:
        AddEInvoiceAddress(address, OPERATOR)
    assert (refused.value.entity, refused.value.field) == ("mass_update", "address")
    with pytest.raises(ValidationError) as refused:
        AddEInvoiceAddress(OVT[0], address)
    assert refused.value.field == "operator"
    with pytest.raises(ValidationError):
        RemoveEInvoiceAddress(address)


# -- reports and exports -----------------------------------------------------------------------

COLUMNS = (
    "customer.name",
    "customer.einvoice_address",
    "customer.einvoice_operator",
    "customer.einvoice_addresses",
)


@per_example
@given(lists=st.lists(s.einvoice_address_lists(max_size=3), min_size=1, max_size=3))
def test_c7_reports_show_the_default_and_the_whole_list(
    registry_factory: RegistryFactory, lists: list[EInvoiceAddresses]
) -> None:
    registry = fresh(registry_factory)
    expected = []
    for i, addresses in enumerate(lists):
        name = f"R{i} Oy"
        customer = create_customer(
            registry,
            ADMIN,
            CreateCustomer(name, einvoice_addresses=tuple(map(_typed, addresses.added))),
        )
        if addresses.default is not None and addresses.default_index:
            customer = set_default_einvoice_address(
                registry, ADMIN, customer.id, addresses.default.address
            )
        assert customer.einvoice_addresses == addresses
        default = addresses.default
        expected.append(
            (
                name,
                default.address if default else None,
                default.operator if default else None,
                addresses.labels(),
            )
        )
    sink = CollectingSink()
    run_report(registry, ADMIN, ReportDefinition(ReportLevel.CUSTOMERS, COLUMNS), sink)
    assert sorted(tuple(row) for row in sink.rows) == sorted(expected)


def test_c7_csv_and_xlsx_exports_carry_the_list(registry_factory: RegistryFactory) -> None:
    registry = fresh(registry_factory)
    customer = create_customer(
        registry,
        ADMIN,
        CreateCustomer(
            "X Oy",
            einvoice_addresses=(
                NewEInvoice(OVT[0], OPERATOR),
                NewEInvoice("0192:923609016", "NDEAFIHH"),
            ),
        ),
    )
    definition = ReportDefinition(ReportLevel.CUSTOMERS, COLUMNS)
    stream = io.StringIO(newline="")
    run_report(registry, ADMIN, definition, CsvSink(stream))
    rows = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    labels = customer.einvoice_addresses.labels()
    assert rows[1][:3] == ["X Oy", OVT[0], OPERATOR]
    assert all(label in rows[1][3] for label in labels)
    binary = io.BytesIO()
    run_report(registry, ADMIN, definition, XlsxSink(binary))
    sheet = load_workbook(io.BytesIO(binary.getvalue())).active
    assert sheet is not None
    values = [cell.value for cell in sheet[2]]
    assert values[:3] == ["X Oy", OVT[0], OPERATOR] and values[3] == rows[1][3]
    exported = json.loads(json.dumps(to_json_dict(customer)))
    assert from_json_dict(Customer, exported).einvoice_addresses == customer.einvoice_addresses


# -- public registries ---------------------------------------------------------------------------


class _OneCompany:
    """A CompanyRegistry that knows one company."""

    def __init__(self, record: CompanyRecord) -> None:
        self.record = record
        self.country = "FI"

    def search(self, name: str, page: int = 0) -> CompanySearchPage:
        return CompanySearchPage((self.record,), 1, page, 20)

    def lookup(self, business_id: BusinessId) -> CompanyRecord:
        return self.record


def test_c7_a_registrys_addresses_become_or_join_the_list(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    vat = VatNumber("FI01120389")
    published = (EInvoiceAddress(OVT[0], OPERATOR), EInvoiceAddress("0192:ABC-1", "NDEAFIHH"))
    record = CompanyRecord(
        "ytj",
        BusinessId("FI", "0112038-9"),
        "Reg Oy",
        vat_number=vat,
        einvoice_addresses=published,
    )
    imported = import_from_registry(registry, ADMIN, record).customer
    assert list(imported.einvoice_addresses) == list(published)  # the first the default
    own = create_customer(
        registry,
        ADMIN,
        CreateCustomer(
            "Own Oy",
            "FI01120389",
            accept_duplicate=True,
            einvoice_addresses=(NewEInvoice("0192:abc-1", OPERATOR), NewEInvoice(OVT[1], OPERATOR)),
        ),
    )
    result = update_from_registry(
        registry, ADMIN, {"FI": _OneCompany(record)}, own.id, ["einvoice_addresses"]
    )
    after = result.customer.einvoice_addresses
    assert [a.address for a in after.added] == ["0192:abc-1", OVT[1], OVT[0]]  # joined, no twin
    assert after.default == own.einvoice_addresses.default
    assert result.applied == ("einvoice_addresses",)


# -- bulk import ----------------------------------------------------------------------------------


def test_c7_bulk_import_reads_the_default_and_the_list_key(
    registry_factory: RegistryFactory,
) -> None:
    registry = fresh(registry_factory)
    records = [
        {
            "name": "Bulk Oy",
            "einvoice_address": OVT[0],
            "einvoice_operator": OPERATOR,
            "einvoice_addresses": f"{OVT[1]} via NDEAFIHH;\n0192:923609016 VIA {OPERATOR}",
        },
        {"name": "Twice Oy", "einvoice_addresses": f"{OVT[0]} via {OPERATOR}; {OVT[0]} via X1X1"},
        {"name": "Shapeless Oy", "einvoice_addresses": OVT[0]},
        {"name": "Hostile Oy", "einvoice_addresses": f"\u200b{OVT[0]} via {OPERATOR}"},
    ]
    report = import_customers(registry, ADMIN, records)
    assert [e.index for e in report.errors] == [1, 2, 3]
    assert {e.field for e in report.errors} == {"einvoice_addresses"}
    (created,) = report.created
    addresses = get_customer(registry, ADMIN, created).einvoice_addresses
    assert [a.address for a in addresses] == [OVT[0], OVT[1], "0192:923609016"]
    assert addresses.default == EInvoiceAddress(OVT[0], OPERATOR)
