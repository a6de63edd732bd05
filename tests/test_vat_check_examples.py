"""Examples of VAT checks against VIES: prefixes, the cleaning of registered names and
addresses, and which answers are recorded, stated directly."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import Any

import pytest

from custreg.domain.business_ids import VatNumber
from custreg.domain.vat_check import MAX_TEXT
from custreg.domain.vat_check import VIES_PREFIXES
from custreg.domain.vat_check import VatCheckAnswer
from custreg.domain.vat_check import VatCheckResult
from custreg.domain.vat_check import VatCheckStatus
from custreg.domain.vat_check import clean_text
from custreg.domain.vat_check import vies_prefix
from refusals import refused

FI = VatNumber("FI20774740")
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_vies_prefixes_are_the_eu_and_northern_ireland() -> None:
    assert sorted(VIES_PREFIXES) == [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
    ]  # fmt: skip
    assert MAX_TEXT == 500


@pytest.mark.parametrize("value", ["FI20774740", "EL094259216", "XI123456782"])
def test_vies_prefix_of_eu_numbers(value: str) -> None:
    assert vies_prefix(VatNumber(value)) == value[:2]


def test_vies_prefix_refuses_other_countries() -> None:
    reason = "VIES checks EU VAT numbers only; NO is not an EU member state"
    with refused("vat_check", "vat_number", reason, "NO923609016MVA"):
        vies_prefix(VatNumber("NO923609016MVA"))


@pytest.mark.parametrize("value", ["CHE123456789", "GB123456782"])
def test_vies_never_sees_a_vat_number_custreg_does_not_support(value: str) -> None:
    reason = f"VAT numbers of {value[:2]} are not supported"
    with refused("customer", "vat_number", reason, value):
        VatNumber(value)


def test_status_values_and_definiteness() -> None:
    assert [s.value for s in VatCheckStatus] == ["valid", "invalid", "unknown"]
    assert VatCheckStatus.VALID.is_definite is True
    assert VatCheckStatus.INVALID.is_definite is True
    assert VatCheckStatus.UNKNOWN.is_definite is False


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("ACME OY", "ACME OY"),
        ("  Acme \t  Oy ", "Acme Oy"),
        ("Street 1\nHELSINKI", "Street 1, HELSINKI"),
        ("Street 1\r\n\r\n00100\rHELSINKI", "Street 1, 00100, HELSINKI"),
        ("A\u200bcme\x00\u202e", "Acme"),
        ("Ac\ud800me", "Acme"),
        ("A\u00a0B", "A B"),
        ("---", None),
        (" - - ", None),
        ("", None),
        (" \n \u200b ", None),
        ("-a-", "-a-"),
        (None, None),
        (5, None),
        ("x" * 501, "x" * 500),
        ("x" * 500, "x" * 500),
    ],
)
def test_clean_text_examples(raw: Any, text: str | None) -> None:
    assert clean_text(raw) == text


def test_clean_text_reads_only_the_start() -> None:
    assert clean_text("\n" * 4000 + "late") is None
    assert clean_text("\n" * 3999 + "late") == "l"
    assert clean_text("\u200b" * 3998 + "ab") == "ab"


def test_result_is_recorded_for_definite_answers_only() -> None:
    valid = VatCheckAnswer(FI, VatCheckStatus.VALID, NOW, name="Acme")
    assert (valid.address, valid.reason, valid.request_identifier) == (None, None, None)
    assert valid.result() == VatCheckResult(VatCheckStatus.VALID, NOW, FI)
    invalid = VatCheckAnswer(FI, VatCheckStatus.INVALID, NOW)
    assert invalid.result() == VatCheckResult(VatCheckStatus.INVALID, NOW, FI)
    assert VatCheckAnswer(FI, VatCheckStatus.UNKNOWN, NOW, reason="TIMEOUT").result() is None


@pytest.mark.parametrize("status", [VatCheckStatus.UNKNOWN, "valid", None])
def test_result_refuses_unknown(status: Any) -> None:
    with refused("vat_check", "status", "only a valid or invalid answer is recorded", status):
        VatCheckResult(status, NOW, FI)


@pytest.mark.parametrize("checked_at", [datetime(2026, 11, 25, 12), "2026-11-25", None])
def test_checked_at_must_be_aware(checked_at: Any) -> None:
    with refused("vat_check", "checked_at", "must be a time-zone aware datetime", checked_at):
        VatCheckResult(VatCheckStatus.VALID, checked_at, FI)
    with refused("vat_check", "checked_at", "must be a time-zone aware datetime", checked_at):
        VatCheckAnswer(FI, VatCheckStatus.UNKNOWN, checked_at)


def test_checked_at_in_any_zone() -> None:
    helsinki = datetime(2026, 11, 25, 14, tzinfo=timezone(timedelta(hours=2)))
    assert VatCheckResult(VatCheckStatus.VALID, helsinki, FI).checked_at == helsinki


def test_result_applies_to_its_number_only() -> None:
    result = VatCheckResult(VatCheckStatus.VALID, NOW, FI)
    assert result.applies_to(VatNumber("FI20774740")) is True
    assert result.applies_to(VatNumber("FI01120389")) is False
    assert result.applies_to(None) is False
