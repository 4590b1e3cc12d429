#!/usr/bin/env bash
# Set up (if needed) and run the main job on $NEWS_INPUT_DIR (default seeds/) into
# $NEWS_WAREHOUSE (default warehouse/news.duckdb): one line per step with its counts and time,
# a progress bar on a terminal, then the marts' row counts. The full Dagster and dbt logs go to
# logs/run-<time>.log (printed); --verbose (or NEWS_VERBOSE=1) shows them here too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DAGSTER_HOME=${DAGSTER_HOME:-$PWD/dagster_home}
exec .venv/bin/python -m dagster_project.run "$@"
