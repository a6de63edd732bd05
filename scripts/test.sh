#!/usr/bin/env bash
# Runs the whole test suite (sets up .venv first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || bash scripts/setup.sh
# The twenty slowest tests are listed at the end, to keep the suite's wall time in check.
exec .venv/bin/python -m pytest -n 2 --durations=20 "$@"
