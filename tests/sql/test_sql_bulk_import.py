"""Bulk import (``import_customers``) on every backend: the create_customer rules for many
records at once, in batches, with per-record errors naming the record and the field."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custreg.domain.errors import PermissionDeniedError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.ports.registry import Registry
from custreg.testing import strategies as s
from custreg.usecases.bulk_import import command_of
from custreg.usecases.bulk_import import import_customers
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.customers import create_customer

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
ANN = UserId(uuid.UUID(int=7))
ADMIN = Principal(ANN, CustomerPermission.ALL)


def _settings(organisation_id: Any) -> OrganisationSettings:
    return OrganisationSettings(organisation_id, "Import Oy", users=(User(ANN, "Ann"),))


def _everything(registry: Registry) -> list[Any]:
    with registry.uow() as uow:
        page = uow.customers.find(CustomerQuery(), PageRequest(limit=10_000))
        return [(c, uow.addresses.for_customer(c.id)) for c in page.items]


def _essentials(found: list[Any]) -> list[Any]:
    """What a created customer holds, without its generated id, number and addresses' ids."""
    return [
        (
            attrs.evolve(
                c,
                id=uuid.UUID(int=0),
                number=CustomerNumber(1),
                headquarters_address_id=None,
            ),
            [attrs.evolve(a, id=uuid.UUID(int=0), customer_id=uuid.UUID(int=0)) for a in addresses],
        )
        for c, addresses in found
    ]


@st.composite
def _records(draw: st.DrawFn, settings_: OrganisationSettings) -> list[CreateCustomer]:
    """Valid forms, broken ones (blank name, invalid VAT number) and repeats of earlier VAT
    numbers (C4 within the import)."""
    records: list[CreateCustomer] = []
    for _ in range(draw(st.integers(0, 8))):
        command = draw(s.create_customer_commands(settings_))
        kind = draw(st.sampled_from(["valid", "valid", "blank", "bad_vat", "repeat"]))
        if kind == "blank":
            command = attrs.evolve(command, name=draw(s.blank_texts()))
        elif kind == "bad_vat":
            command = attrs.evolve(command, vat_number=draw(s.invalid_vat_numbers()))
        elif kind == "repeat":
            earlier = [r.vat_number for r in records if r.vat_number]
            if earlier:
                command = attrs.evolve(command, vat_number=draw(st.sampled_from(earlier)))
        records.append(command)
    return records


@fixture_ok
@given(data=st.data())
def test_c1_c2_c4_bulk_import_creates_exactly_what_create_customer_would_one_by_one(
    registry_factory: Any, data: st.DataObject
) -> None:
    imported = registry_factory(settings=_settings)
    one_by_one = registry_factory(settings=_settings)
    with imported.uow() as uow:
        settings_ = uow.settings.get()
    records = data.draw(_records(settings_), label="records")
    batch_size = data.draw(st.integers(1, 4), label="batch_size")
    report = import_customers(imported, ADMIN, records, batch_size=batch_size)
    accepted = []
    for index, record in enumerate(records):
        try:
            create_customer(one_by_one, ADMIN, record)
            accepted.append(index)
        except (ValidationError, PossibleDuplicateError):
            pass
    assert report.records == len(records)
    assert sorted({e.index for e in report.errors}) == [
        i for i in range(len(records)) if i not in accepted
    ]
    assert len(report.created) == len(accepted)
    stored = _everything(imported)
    assert [c.id for c, _ in stored] == list(report.created)  # C3: numbers follow record order
    numbers = [c.number.value for c, _ in stored]
    assert numbers == sorted(set(numbers))
    assert _essentials(stored) == _essentials(_everything(one_by_one))


@fixture_ok
@given(data=st.data())
def test_all_or_nothing_stores_nothing_when_any_record_fails(
    registry_factory: Any, data: st.DataObject
) -> None:
    registry = registry_factory(settings=_settings)
    with registry.uow() as uow:
        settings_ = uow.settings.get()
    records = data.draw(_records(settings_), label="records")
    report = import_customers(registry, ADMIN, records, batch_size=3, all_or_nothing=True)
    stored = _everything(registry)
    if report.errors:
        assert not report.stored and report.created == ()
        assert stored == []
    else:
        assert report.stored and [c.id for c, _ in stored] == list(report.created)
        assert len(stored) == len(records)


def test_each_failure_names_its_record_and_field(registry_factory: Any) -> None:
    registry = registry_factory(settings=_settings)
    rows = [
        {"name": "Good Oy", "vat_number": "FI01120389"},
        {"name": "   "},
        {"name": "Bad VAT Oy", "vat_number": "FI01120388"},
        {"name": "Unknown Owner Oy", "owner_id": str(uuid.UUID(int=99))},
        {"name": "Not An Id Oy", "owner_id": "ann"},
        {"name": "Maybe Internal Oy", "is_internal": "maybe"},
        {"name": "Again Nokia", "vat_number": "FI 0112038-9", "country": "FI"},
        {"name": "No Country Oy", "city": "Espoo"},
        {"name": "Fine Ab", "city": "Stockholm", "country": "SE", "is_internal": "yes"},
    ]
    report = import_customers(registry, ADMIN, rows, batch_size=4)
    fields = [(e.index, e.field) for e in report.errors]
    assert fields == [
        (1, "name"),
        (2, "vat_number"),
        (3, "owner_id"),
        (4, "owner_id"),
        (5, "is_internal"),
        (6, "vat_number"),
        (7, "country"),
    ]
    assert isinstance(report.errors[5].error, PossibleDuplicateError)
    assert len(report.created) == 2 and report.stored and not report.ok


def test_a_csv_file_imports_with_addresses_and_einvoicing(registry_factory: Any) -> None:
    registry = registry_factory(settings=_settings)
    text = (
        "name,vat_number,email,address_lines,postal_code,city,country,"
        "einvoice_address,einvoice_operator,owner_id\n"
        f"Nokia Oyj,FI01120389,info@nokia.com,Karaportti 3,02610,Espoo,FI,"
        f"003701120389,003721291126,{ANN}\n"
        "Equinor ASA,NO923609016MVA,,Forusbeen 50,4035,Stavanger,NO,,,\n"
    )
    report = import_customers(registry, ADMIN, csv.DictReader(io.StringIO(text)))
    assert report.ok, report.errors
    (nokia, nokia_addresses), (equinor, _) = _everything(registry)
    assert nokia.vat_number is not None and nokia.vat_number.value == "FI01120389"
    assert nokia.einvoice_addresses.default is not None and nokia.owner_id == ANN
    assert [a.city for a in nokia_addresses] == ["Espoo"]
    assert nokia.headquarters_address_id == nokia_addresses[0].id
    assert equinor.business_id is not None and equinor.business_id.value == "923609016"


def test_a_later_import_sees_the_customers_of_an_earlier_one(registry_factory: Any) -> None:
    registry = registry_factory(settings=_settings)
    import_customers(registry, ADMIN, [{"name": "Nokia", "vat_number": "FI01120389"}])
    again = [
        {"name": "Nokia again", "vat_number": "FI01120389"},
        {"name": "Nokia accepted", "vat_number": "FI01120389", "accept_duplicate": "true"},
    ]
    report = import_customers(registry, ADMIN, again)
    assert [e.index for e in report.errors] == [0]
    assert len(report.created) == 1


def test_importing_needs_edit_permission(registry_factory: Any) -> None:
    registry = registry_factory(settings=_settings)
    with pytest.raises(PermissionDeniedError):
        import_customers(registry, Principal(ANN, CustomerPermission.READ_ONLY), [])
    with pytest.raises(ValidationError):
        import_customers(registry, ADMIN, [], batch_size=0)


def test_command_of_reads_flat_records_and_passes_commands_through() -> None:
    command = CreateCustomer("Ready Oy")
    assert command_of(command) is command
    read = command_of(
        {
            "name": " Flat Oy ",
            "address_lines": "Line 1\nLine 2",
            "address_country": "FI",
            "extra": "ignored",
            "is_internal": "0",
        }
    )
    assert read.name == "Flat Oy" and read.address is not None
    assert read.address.lines == ("Line 1", "Line 2") and read.is_internal is False


def test_command_of_reports_every_unreadable_field_once() -> None:
    owner = uuid.UUID(int=7)
    with pytest.raises(ValidationErrors) as caught:
        command_of(
            {
                "name": 42,
                "email": ["not", "text"],
                "owner_id": "ann",
                "industry_id": owner,
                "city": "Espoo",
                "country": 3,
                "is_internal": "maybe",
                "accept_duplicate": "true",
            }
        )
    fields = [e.field for e in caught.value.errors]
    assert sorted(fields) == ["country", "email", "is_internal", "name", "owner_id"]
    assert len(set(fields)) == len(fields)
    read = command_of({"name": "Ids Oy", "owner_id": owner, "industry_id": f" {owner} "})
    assert read.owner_id == owner and read.industry_id == owner


def test_records_that_fail_to_be_read_stop_the_import_after_the_batches_before_them(
    registry_factory: Any,
) -> None:
    """The records' iterable raising (a broken file, say) ends the import with its error, and the
    batches read before it are stored, though the next batch is read while one is stored."""

    def records() -> Any:
        for n in range(5):
            yield {"name": f"Read {n} Oy"}
        raise OSError("the file went away")

    registry = registry_factory(settings=_settings)
    with pytest.raises(OSError, match="went away"):
        import_customers(registry, ADMIN, records(), batch_size=2)
    assert sorted(c.name for c, _ in _everything(registry)) == [f"Read {n} Oy" for n in range(4)]
