#!/usr/bin/env bash
# Set up (if needed) and run the main job on $NEWS_INPUT_DIR (default seeds/) into
# $NEWS_WAREHOUSE (default warehouse/news.duckdb), then print the marts' row counts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DAGSTER_HOME=${DAGSTER_HOME:-$PWD/dagster_home}
.venv/bin/dagster job execute -m dagster_project -j news_etl_main
.venv/bin/python -m dagster_project.report
