"""The custreg pytest plugin: ``pytest --custreg-rules`` ends the run with the product rules its
tests checked (a test cites a rule by its name, ``test_c4_...``), each with its outcomes and its
one-line summary from ``custreg.testing.rules``, so a host's run of the contract suites says which
rules its adapter keeps.

Installed with custreg as the ``custreg`` entry point of ``pytest11``; without the option it does
nothing. Load it by hand with ``-p custreg.testing.plugin``. It needs only pytest.
"""

from __future__ import annotations

from collections import Counter
from collections import defaultdict

import pytest

from custreg.testing.rules import RULES
from custreg.testing.rules import cited_rules


def pytest_addoption(parser: pytest.Parser) -> None:
    """Adds ``--custreg-rules``."""
    parser.getgroup("custreg").addoption(
        "--custreg-rules",
        action="store_true",
        default=False,
        help="end the run with the custreg rules the tests cited and their outcomes",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Registers the tally when ``--custreg-rules`` is given."""
    if config.getoption("custreg_rules"):
        config.pluginmanager.register(RuleTally(), "custreg-rule-tally")


def _test_name(nodeid: str) -> str:
    return nodeid.split("::")[-1].split("[")[0]


class RuleTally:
    """Counts, per cited rule, the tests that passed, failed and were skipped."""

    def __init__(self) -> None:
        self.outcomes: dict[str, Counter[str]] = defaultdict(Counter)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """One outcome per test: its call, or the setup that failed or skipped it."""
        if report.when == "call" or (report.when == "setup" and not report.passed):
            for rule in cited_rules(_test_name(report.nodeid)):
                self.outcomes[rule][report.outcome] += 1

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """The rules checked, in rule order, with their outcomes and summaries."""
        terminalreporter.write_sep("=", "custreg rules")
        for rule in sorted(self.outcomes, key=lambda r: (r[0], int(r[1:]))):
            counts = self.outcomes[rule]
            outcome = ", ".join(
                f"{counts[o]} {o}" for o in ("passed", "failed", "skipped") if counts[o]
            )
            summary = RULES.get(rule, "(no such rule)")
            terminalreporter.write_line(f"{rule}: {outcome} - {summary}")
