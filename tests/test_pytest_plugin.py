"""The pytest plugin of custreg.testing: ``--custreg-rules`` lists the rules a run checked."""

from __future__ import annotations

import pytest

from custreg.testing.rules import RULES
from custreg.testing.rules import cited_rules

pytest_plugins = ["pytester"]


def test_cited_rules_are_the_leading_ids_only() -> None:
    assert cited_rules("test_k4_u5_billing_counts") == ["K4", "U5"]
    assert cited_rules("test_c3_x") == ["C3"]
    assert cited_rules("test_card_pushdown_equals_the_core_default") == []
    assert cited_rules("test_billing_k4") == []


def test_the_run_ends_with_the_rules_and_their_outcomes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_c3_numbers_hold():
            pass

        def test_c3_c4_also_hold():
            pass

        def test_c4_duplicate_broken():
            assert False

        def test_a1_not_offered():
            pytest.skip("no addresses")

        def test_no_rule():
            pass
        """
    )
    result = pytester.runpytest("--custreg-rules")  # the pytest11 entry point loads it
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*custreg rules*",
            f"A1: 1 skipped - {RULES['A1']}",
            f"C3: 2 passed - {RULES['C3']}",
            f"C4: 1 passed, 1 failed - {RULES['C4']}",
        ]
    )


def test_without_the_option_the_plugin_prints_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_c3_x():\n    pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "custreg rules" not in result.stdout.str()
