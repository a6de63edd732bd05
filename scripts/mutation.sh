#!/usr/bin/env bash
# Mutation testing of the domain (mutmut): mutates the modules listed under [tool.mutmut] in
# pyproject.toml, runs the fast in-memory tests against every mutant and prints the score per
# module (killed or timed out / all). Slow: minutes per module on two cores. Not part of CI's
# default run; `MUTMUT_CHILDREN=4 bash scripts/mutation.sh` on a bigger machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh  # idempotent: brings .venv up to the dependencies of this checkout
# mutmut copies the package to mutants/src and the tests must import it from there. The folder
# must exist before Python starts: a sys.path entry missing at start-up is remembered as absent.
mkdir -p mutants/src
export PYTHONPATH="$PWD/mutants/src"
export CUSTREG_TEST_BACKENDS=memory CUSTREG_HYPOTHESIS_PROFILE=mutation
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "$@" > mutants/run.log 2>&1 || {
  tail -n 30 mutants/run.log >&2
  exit 1
}
echo "module                                   killed   all   score"
.venv/bin/mutmut results --all true | awk -F': ' '
  NF == 2 {
    name = $1; gsub(/^ +/, "", name)
    split(name, part, ".x"); module = part[1]
    all[module]++
    if ($2 == "killed" || $2 == "timeout") killed[module]++
  }
  END {
    for (m in all) printf "%-40s %6d %5d %6.1f%%\n", m, killed[m], all[m], 100 * killed[m] / all[m]
  }' | sort
echo "survivors: .venv/bin/mutmut results; one of them: .venv/bin/mutmut show NAME"
