"""Examples of duplicate detection (D1, D2): name normalisation across legal forms, tax keys,
the detection parameters at their bounds, pair collection and consolidation reports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from custreg.domain.customer import CustomerStatus
from custreg.domain.duplicates import ConsolidationReport
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.duplicates import DuplicatePair
from custreg.domain.duplicates import DuplicateReason
from custreg.domain.duplicates import MovedProjectItems
from custreg.domain.duplicates import PairCollector
from custreg.domain.duplicates import UnmovedProject
from custreg.domain.duplicates import groups_by_key
from custreg.domain.duplicates import normalise_name
from custreg.domain.duplicates import pair_up
from custreg.domain.duplicates import reversed_key
from custreg.domain.duplicates import tax_key
from custreg.domain.duplicates import validate_detection
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.moves import MoveBlocker
from refusals import refused


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Oy Esimerkki Ab", "esimerkki"),
        ("Esimerkki Oy", "esimerkki"),
        ("ESIMERKKI OYJ", "esimerkki"),
        ("Consulting Nordic AS", "consulting nordic"),
        ("Nordic Consulting A/S", "consulting nordic"),
        ("Müller GmbH & Co. KG", "muller"),
        ("GmbH & Co. KG Müller", "muller"),
        ("Foo Co KG", "foo"),
        ("Sp. z o.o. Foo", "foo"),
        ("Foo Sp. z o.o.", "foo"),
        ("Łódź Sp. z o.o.", "lodz"),
        ("Ørsted A/S", "orsted"),
        ("Æble ApS", "aeble"),
        ("Œuvre SARL", "oeuvre"),
        ("Đak d.o.o.", "dak"),
        ("Þór ehf", "ehf thor"),
        ("Sæðð", "saedd"),
        ("ß Straße", "ss strasse"),
        ("Åbo Ägg Öl", "abo agg ol"),
        ("Public Limited Company Bar", "bar"),
        ("Bar Public Limited Company", "bar"),
        ("Limited Liability Company Baz", "baz"),
        ("Baz Limited Liability Company", "baz"),
        ("Besloten Vennootschap X", "x"),
        ("X Besloten Vennootschap", "x"),
        ("Naamloze Vennootschap Y", "y"),
        ("Y Naamloze Vennootschap", "y"),
        ("Société Anonyme Z", "z"),
        ("Z Société Anonyme", "z"),
        ("ACME Inc.", "acme"),
        ("S.r.o.", "sro"),
        ("Oy Ab", "oy"),
        ("Oy", "oy"),
        ("AB Oy Ltd", "oy"),
        ("Ltd", "ltd"),
        ("Co KG", "co"),
        ("The Oy Company Shop", "company oy shop the"),
        ("  Nokia   Oyj  ", "nokia"),
        ("Foo Ltd Inc", "foo"),
        ("Oy Ab Foo", "foo"),
        ("Oy Co KG", "oy"),
        ("X Besloten Vennootschap Société Anonyme", "x"),
        ("Société Anonyme Besloten Vennootschap X", "x"),
        ("", ""),
    ],
)
def test_d1_normalise_name(name: str, normal: str) -> None:
    assert normalise_name(name) == normal


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (None, None),
        ("", None),
        (" - . ", None),
        ("fi 0112038-9", "FI01120389"),
        ("FI:0112038-9", "FI01120389"),
        ("no 923.609.016 mva", "NO923609016MVA"),
    ],
)
def test_d1_tax_key(value: str | None, key: str | None) -> None:
    assert tax_key(value) == key


@pytest.mark.parametrize(("threshold", "window"), [(1, 1), (0.0001, 1000), (0.85, 50)])
def test_d1_detection_parameters(threshold: Any, window: int) -> None:
    validate_detection(threshold, window)


@pytest.mark.parametrize(
    "threshold",
    [0, -0.5, 1.0001, True, False, "0.9", None, float("nan"), float("inf")],
)
def test_d1_threshold_refusals(threshold: Any) -> None:
    with refused("duplicates", "threshold", "must be in (0, 1]"):
        validate_detection(threshold, 10)


def test_d1_decimal_thresholds() -> None:
    from decimal import Decimal

    validate_detection(Decimal("0.9"), 10)  # type: ignore[arg-type]
    validate_detection(Decimal(1), 10)  # type: ignore[arg-type]
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal(0), Decimal("1.1")):
        with refused("duplicates", "threshold", "must be in (0, 1]"):
            validate_detection(bad, 10)  # type: ignore[arg-type]


@pytest.mark.parametrize("window", [0, 1001, -1, True, 5.0, "5", None])
def test_d1_window_refusals(window: Any) -> None:
    with refused("duplicates", "window", "must be an integer 1-1000", window):
        validate_detection(0.9, window)


def _who(n: int, **changes: Any) -> CustomerIdentity:
    fields: dict[str, Any] = {"id": CustomerId(UUID(int=n)), "number": n, "name": f"C{n}"}
    return CustomerIdentity(**(fields | changes))


def test_d1_identity_defaults() -> None:
    who = _who(1)
    assert (who.vat_number, who.business_id, who.status) == (None, None, CustomerStatus.ACTIVE)
    assert [r.value for r in DuplicateReason] == [
        "same_vat_number",
        "same_business_id",
        "same_name",
        "similar_name",
    ]


def test_d1_pair_collector_orders_and_merges() -> None:
    a, b, c = _who(1), _who(2), _who(3)
    collector = PairCollector()
    collector.add(b, a, DuplicateReason.SIMILAR_NAME, 0.91234)
    collector.add(a, b, DuplicateReason.SAME_VAT_NUMBER, 0.5)
    collector.add(a, a, DuplicateReason.SAME_NAME, 1.0)
    collector.add(c, b, DuplicateReason.SAME_NAME, 1.0)
    collector.add(a, c, DuplicateReason.SIMILAR_NAME, 0.91234)
    assert collector.pairs() == [
        DuplicatePair(b, c, (DuplicateReason.SAME_NAME,), 1.0),
        DuplicatePair(
            a, b, (DuplicateReason.SAME_VAT_NUMBER, DuplicateReason.SIMILAR_NAME), 0.9123
        ),
        DuplicatePair(a, c, (DuplicateReason.SIMILAR_NAME,), 0.9123),
    ]
    assert PairCollector().pairs() == []


def test_d1_pair_key_uses_the_id_when_numbers_tie() -> None:
    low, high = _who(5, number=7), _who(6, number=7)
    collector = PairCollector()
    collector.add(high, low, DuplicateReason.SAME_NAME, 1.0)
    (pair,) = collector.pairs()
    assert (pair.first, pair.second) == (low, high)


def test_d1_groups_by_key() -> None:
    a = _who(1, vat_number="FI01120389")
    b = _who(2, vat_number="fi 0112038-9")
    c = _who(3, vat_number="SE556036079301")
    d = _who(4, vat_number=None)
    e = _who(5, vat_number=" - ")
    f = _who(6, vat_number="-")
    assert list(groups_by_key([a, b, c, d, e, f], "vat_number")) == [[a, b]]
    assert list(groups_by_key([a, b], "business_id")) == []


def test_d1_reversed_key_and_pair_up() -> None:
    assert reversed_key("abc") == "cba"
    a, b, c = _who(1), _who(2), _who(3)
    assert list(pair_up([a, b, c])) == [(a, b), (a, c), (b, c)]
    assert list(pair_up([a])) == []


def test_d2_consolidation_report() -> None:
    moved = MovedProjectItems(ProjectId(UUID(int=7)), 1, "P", (), (), ())
    stuck = UnmovedProject(
        ProjectId(UUID(int=8)), 2, "Q", (MoveBlocker.HAS_INVOICE, MoveBlocker.HAS_PROPOSAL)
    )
    assert stuck.reason == "the project has an invoice; the project has a proposal"
    ids = (CustomerId(UUID(int=1)), CustomerId(UUID(int=2)), UUID(int=3))
    assert ConsolidationReport(*ids, (moved,), (), True).complete is True
    assert ConsolidationReport(*ids, (moved,), (stuck,), False).complete is False


@pytest.mark.parametrize("threshold", [0, 1.5, True, "0.9", None])
def test_d1_threshold_refusal_carries_the_value(threshold: Any) -> None:
    with refused("duplicates", "threshold", "must be in (0, 1]", threshold):
        validate_detection(threshold, 10)
