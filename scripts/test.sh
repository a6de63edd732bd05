#!/usr/bin/env bash
# Runs the whole test suite (sets up .venv first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || bash scripts/setup.sh
exec .venv/bin/python -m pytest -n 2 "$@"
