#!/usr/bin/env bash
# Every check CI runs: ruff, sqlfluff, then pytest (which lands the raw data and runs
# `dbt build` -- models, data tests, unit tests -- on the real corpus and on synthetic data).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
if [[ -z "${NTI_RAW_DIR:-}" && -d ../shared/data/raw ]]; then
    NTI_RAW_DIR="$(cd ../shared/data/raw && pwd)"
    export NTI_RAW_DIR
fi
export DO_NOT_TRACK=1
echo "==> real data: ${NTI_RAW_DIR:-none (real-data tests will be skipped)}"
echo "==> ruff"
"$BIN/ruff" check scripts tests/python
echo "==> MetricFlow semantic layer (dbt parse, then mf validate-configs semantic checks)"
NTI_DUCKDB_PATH="$(mktemp -d)/parse.duckdb" "$BIN/dbt" parse --profiles-dir . --quiet
DBT_PROFILES_DIR=. "$BIN/mf" validate-configs --skip-dw
# sqlfluff (one process, about 250 CPU-seconds) runs beside pytest: the pytest builds leave
# about a quarter of the two cores idle (dbt's per-node work is one Python thread), and the
# lint fills it. Its findings are printed, and fail the run, after pytest.
echo "==> sqlfluff (dialect duckdb) started beside pytest; its report follows pytest's"
LINT_LOG="$(mktemp)"
"$BIN/sqlfluff" lint models tests analyses macros bi --processes 1 >"$LINT_LOG" 2>&1 &
LINT_PID=$!
# Two workers (pytest-xdist): a build is mostly one Python thread (dbt), so two at once use both
# cores; the files that share a session warehouse run on one worker (tests/python/conftest.py)
echo "==> pytest (2 workers)"
PYTEST_RC=0
"$BIN/pytest" -q -n 2 || PYTEST_RC=$?
LINT_RC=0
wait "$LINT_PID" || LINT_RC=$?
echo "==> sqlfluff (dialect duckdb): exit code $LINT_RC"
cat "$LINT_LOG"
rm -f "$LINT_LOG"
if [[ $PYTEST_RC -ne 0 || $LINT_RC -ne 0 ]]; then
    echo "==> failed: pytest exit code $PYTEST_RC, sqlfluff exit code $LINT_RC"
    exit 1
fi
