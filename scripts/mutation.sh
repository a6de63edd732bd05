#!/usr/bin/env bash
# Mutation testing of the domain (mutmut), one module at a time.
#
#   bash scripts/mutation.sh                      # every module of src/custreg/domain/
#   bash scripts/mutation.sh kpi                  # one module, the default fast tests
#   bash scripts/mutation.sh card.sales           # a module of a domain package (card/sales.py)
#   bash scripts/mutation.sh kpi tests/test_kpis.py tests/test_kpi_examples.py
#                                                 # one module, only these tests (fast iteration)
#
# Each module runs in its own scratch folder (mutants/<module>/) holding a copy of src/ and tests/
# and a pyproject.toml whose [tool.mutmut] names that one module and the chosen tests, so modules
# never wait for each other's mutants and a rerun starts clean. The tests run on the in-memory
# adapter only (CUSTREG_TEST_BACKENDS=memory) with the "mutation" Hypothesis profile (few,
# derandomised examples; tests/conftest.py). Prints killed (or timed out) / all per module and
# appends the line to mutants/scores.txt. Slow: minutes per module on two cores; not part of CI's
# default run. `MUTMUT_CHILDREN=4 bash scripts/mutation.sh` on a bigger machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh >/dev/null 2>&1 || { echo "scripts/setup.sh failed" >&2; exit 1; }  # idempotent: brings .venv up to the dependencies of this checkout

if [[ $# -eq 0 ]]; then
  # every module, those of the domain's packages (card/, reports/) too; __init__ files only
  # re-export
  for f in $(find src/custreg/domain -name '*.py' ! -name __init__.py | sort); do
    m=${f#src/custreg/domain/}
    bash "$0" "${m%.py}" || true
  done
  exit 0
fi

# "card.sales" and "card/sales" both name src/custreg/domain/card/sales.py
module=${1//.//}
shift
source_file="src/custreg/domain/$module.py"
[[ -f $source_file ]] || { echo "no module $source_file" >&2; exit 2; }
# The default test selection: [tool.mutmut] pytest_add_cli_args_test_selection of pyproject.toml.
if [[ $# -gt 0 ]]; then tests=("$@"); else tests=(); fi

work="$root/mutants/${module//\//.}"
rm -rf "$work"
mkdir -p "$work"
cp -r src tests "$work/"
.venv/bin/python - "$root/pyproject.toml" "$work/pyproject.toml" "$source_file" "${tests[@]}" <<'EOF'
import json, re, sys, tomllib
source, target, module_file, *tests = sys.argv[1:]
text = open(source, encoding="utf-8").read()
config = tomllib.loads(text)["tool"]["mutmut"]
config["source_paths"] = [module_file]
if tests:
    config["pytest_add_cli_args_test_selection"] = tests
# Drop the original [tool.mutmut] table and write the narrowed one (TOML arrays and strings are
# JSON-compatible).
text = re.sub(r"^\[tool\.mutmut\]\n(?:(?!^\[).*\n?)*", "", text, flags=re.M)
text += "\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in config.items())
open(target, "w", encoding="utf-8").write(text)
EOF

cd "$work"
# mutmut copies the package to mutants/src and the tests must import it from there. The folder
# must exist before Python starts: a sys.path entry missing at start-up is remembered as absent.
mkdir -p mutants/src
export PYTHONPATH="$work/mutants/src"
export CUSTREG_TEST_BACKENDS=memory CUSTREG_HYPOTHESIS_PROFILE=mutation
"$root/.venv/bin/mutmut" run --max-children "${MUTMUT_CHILDREN:-2}" > run.log 2>&1 || {
  tail -n 30 run.log >&2
  exit 1
}
"$root/.venv/bin/mutmut" results --all true > results.txt
awk -F': ' -v module="domain/$module.py" '
  NF == 2 { all++; if ($2 == "killed" || $2 == "timeout") killed++ }
  END { if (all) printf "%-28s %6d %5d %6.1f%%\n", module, killed, all, 100 * killed / all
        else printf "%-28s %6d %5d      -\n", module, 0, 0 }' results.txt | tee -a "$root/mutants/scores.txt"
grep -v ': killed$\|: timeout$' results.txt | sed 's/^ *//' > survivors.txt || true
echo "survivors: $work/survivors.txt; one of them: (cd $work && $root/.venv/bin/mutmut show NAME)"
