#!/usr/bin/env bash
# Runs the demo of the main job over an embedded SQLite database (sets up .venv first if needed).
# --force recreates the demo's own database on a second run; any other file is still refused.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/custreg ] || bash scripts/setup.sh
exec .venv/bin/custreg demo --force "$@"
