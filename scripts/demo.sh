#!/usr/bin/env bash
# Runs the demo of the main job over an embedded SQLite database (sets up .venv first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/custreg ] || bash scripts/setup.sh
exec .venv/bin/custreg demo "$@"
