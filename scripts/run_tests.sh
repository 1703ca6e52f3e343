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
echo "==> sqlfluff (dialect duckdb)"
"$BIN/sqlfluff" lint models tests analyses macros bi --processes 2
echo "==> MetricFlow semantic layer (dbt parse, then mf validate-configs semantic checks)"
NTI_DUCKDB_PATH="$(mktemp -d)/parse.duckdb" "$BIN/dbt" parse --profiles-dir . --quiet
DBT_PROFILES_DIR=. "$BIN/mf" validate-configs --skip-dw
# Two workers (pytest-xdist): a build is mostly one Python thread (dbt), so two at once use both
# cores; the files that share a session warehouse run on one worker (tests/python/conftest.py)
echo "==> pytest (2 workers)"
"$BIN/pytest" -q -n 2
