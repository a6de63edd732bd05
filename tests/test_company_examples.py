"""Examples of registry company records (R1-R5): statuses and their severity, address lines
and post-office boxes, status text and paging, stated directly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from custreg.domain.business_ids import BusinessId
from custreg.domain.company import CompanyRecord
from custreg.domain.company import CompanySearchPage
from custreg.domain.company import CompanyStatus
from custreg.domain.company import RegistryAddress
from custreg.domain.company import RejectedEntry
from custreg.domain.company import primary_status
from custreg.domain.einvoice import EInvoiceAddress
from refusals import refused

S = CompanyStatus


def _record(**changes: Any) -> CompanyRecord:
    fields: dict[str, Any] = {
        "registry": "FI",
        "business_id": BusinessId("FI", "2077474-0"),
        "name": "Acme Oy",
    }
    return CompanyRecord(**(fields | changes))


def test_r5_status_values_and_liveness() -> None:
    assert [s.value for s in S] == [
        "active",
        "dissolved",
        "bankrupt",
        "liquidation",
        "restructuring",
        "deleted",
    ]
    assert [s for s in S if s.is_alive] == [S.ACTIVE, S.RESTRUCTURING]


@pytest.mark.parametrize(
    ("conditions", "primary"),
    [
        ([], S.ACTIVE),
        ([S.ACTIVE], S.ACTIVE),
        ([S.RESTRUCTURING, S.ACTIVE], S.RESTRUCTURING),
        ([S.RESTRUCTURING, S.LIQUIDATION], S.LIQUIDATION),
        ([S.LIQUIDATION, S.BANKRUPT], S.BANKRUPT),
        ([S.BANKRUPT, S.DISSOLVED], S.DISSOLVED),
        ([S.DISSOLVED, S.DELETED, S.BANKRUPT], S.DELETED),
    ],
)
def test_r5_primary_status_is_the_most_severe(
    conditions: list[CompanyStatus], primary: CompanyStatus
) -> None:
    assert primary_status(iter(conditions)) is primary


@pytest.mark.parametrize(
    ("country", "po_box", "line"),
    [
        ("FI", "226", "PL 226"),
        ("SE", "12", "Box 12"),
        ("NO", "1752", "Postboks 1752"),
        ("DK", "9", "Postboks 9"),
        ("EE", "5", "P.O. Box 5"),
        ("NO", "Postboks 1752 Vika", "Postboks 1752 Vika"),
        ("FI", "", None),
        ("FI", None, None),
    ],
)
def test_r2_po_box_line(country: str, po_box: str | None, line: str | None) -> None:
    assert RegistryAddress(country, po_box=po_box).po_box_line() == line


def test_r2_registry_address_lines() -> None:
    address = RegistryAddress(
        "FI",
        lines=iter(["Main St 1"]),
        postal_code="00100",
        city="Helsinki",
        po_box="226",
        co="Anna",
    )
    assert address.lines == ("Main St 1",)
    assert address.street_lines() == ("c/o Anna", "Main St 1", "PL 226")
    assert address.one_line() == "c/o Anna, Main St 1, PL 226, 00100 Helsinki, FI"
    bare = RegistryAddress("NO")
    assert (bare.lines, bare.postal_code, bare.city, bare.po_box, bare.co) == (
        (),
        None,
        None,
        None,
        None,
    )
    assert bare.street_lines() == ()
    assert bare.one_line() == "NO"
    assert RegistryAddress("SE", city="Lund").one_line() == "Lund, SE"
    assert RegistryAddress("SE", postal_code="22100").one_line() == "22100, SE"


@pytest.mark.parametrize("country", ["XX", "", "Finland", None, 358])
def test_r2_a_registry_address_has_an_iso_country(country: Any) -> None:
    with refused(
        "registry_address", "country", "must be an ISO 3166-1 alpha-2 country code", country
    ):
        RegistryAddress(country)
    assert RegistryAddress(" fi ").country == "FI"


def test_r1_record_defaults() -> None:
    record = _record()
    assert record.status is S.ACTIVE
    assert record.conditions == frozenset()
    assert (record.former_names, record.parallel_names, record.auxiliary_names) == ((), (), ())
    for name in (
        "vat_number", "visiting_address", "postal_address", "website", "email", "industry_code",
        "industry_name", "company_form", "registered_on", "ended_on", "company_form_name",
        "parent_business_id", "last_modified", "deleted_on", "closed_on",
    ):  # fmt: skip
        assert getattr(record, name) is None, name


def test_r1_names_become_tuples_and_active_is_no_condition() -> None:
    record = _record(
        former_names=iter(["Old"]),
        parallel_names=iter(["Acme Ab"]),
        auxiliary_names=iter(["Acme Shop"]),
        conditions=[S.ACTIVE, S.BANKRUPT],
    )
    assert (record.former_names, record.parallel_names, record.auxiliary_names) == (
        ("Old",),
        ("Acme Ab",),
        ("Acme Shop",),
    )
    assert record.conditions == frozenset({S.BANKRUPT})


@pytest.mark.parametrize(
    ("status", "conditions", "alive"),
    [
        (S.ACTIVE, [], True),
        (S.RESTRUCTURING, [S.RESTRUCTURING], True),
        (S.ACTIVE, [S.BANKRUPT], False),
        (S.DISSOLVED, [], False),
    ],
)
def test_r5_record_is_alive(
    status: CompanyStatus, conditions: list[CompanyStatus], alive: bool
) -> None:
    assert _record(status=status, conditions=conditions).is_alive is alive


def test_r5_has_condition() -> None:
    record = _record(status=S.DISSOLVED, conditions=[S.BANKRUPT])
    assert record.has(S.DISSOLVED) is True
    assert record.has(S.BANKRUPT) is True
    assert record.has(S.LIQUIDATION) is False


@pytest.mark.parametrize(
    ("status", "conditions", "ended_on", "text"),
    [
        (S.ACTIVE, [], None, "active"),
        (S.ACTIVE, [S.RESTRUCTURING], None, "restructuring"),
        (S.BANKRUPT, [S.DISSOLVED, S.LIQUIDATION], None, "dissolved, bankrupt, liquidation"),
        (S.DELETED, [], date(2024, 3, 1), "deleted (2024-03-01)"),
        (S.ACTIVE, [], date(2024, 3, 1), "active (2024-03-01)"),
    ],
)
def test_r5_describe_status(
    status: CompanyStatus, conditions: list[CompanyStatus], ended_on: date | None, text: str
) -> None:
    assert (
        _record(status=status, conditions=conditions, ended_on=ended_on).describe_status() == text
    )


def test_r4_rejected_entry() -> None:
    entry = RejectedEntry(3, "$.results[3].name: missing")
    assert (entry.position, entry.reason, entry.business_id) == (
        3,
        "$.results[3].name: missing",
        None,
    )


@pytest.mark.parametrize(
    ("total", "page", "page_size", "more"),
    [
        (0, 0, 20, False),
        (20, 0, 20, False),
        (21, 0, 20, True),
        (41, 1, 20, True),
        (40, 1, 20, False),
    ],
)
def test_r1_search_page_has_more(total: int, page: int, page_size: int, more: bool) -> None:
    assert CompanySearchPage(iter([]), total, page, page_size).has_more is more


def test_r1_search_page_defaults() -> None:
    rejected = RejectedEntry(0, "bad")
    page = CompanySearchPage(iter([_record()]), 21, rejected=iter([rejected]))
    assert (page.hits, page.page, page.page_size, page.rejected) == (
        (_record(),),
        0,
        20,
        (rejected,),
    )
    assert page.has_more is True
    assert CompanySearchPage([], 5).rejected == ()


def test_c7_registry_einvoice_addresses_become_a_tuple() -> None:
    assert _record().einvoice_addresses == ()
    first = EInvoiceAddress("003701120389", "003721291126")
    second = EInvoiceAddress("0192:a-1", "NDEAFIHH")
    assert _record(einvoice_addresses=iter([first, second])).einvoice_addresses == (first, second)
