#!/usr/bin/env bash
# Build the dbt documentation site of the warehouse (models, columns, tests, lineage), as one
# self-contained page: warehouse/dbt_docs/static_index.html (open it in a browser, no server).
# Reads $NEWS_WAREHOUSE (default warehouse/news.duckdb) for the catalog: run it after scripts/run.sh,
# not while a run is going (DuckDB has one writer).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEWS_WAREHOUSE=${NEWS_WAREHOUSE:-$PWD/warehouse/news.duckdb}
if [ ! -f "$NEWS_WAREHOUSE" ]; then
  echo "no warehouse at $NEWS_WAREHOUSE: run bash scripts/run.sh first" >&2
  exit 1
fi
out=$(dirname "$NEWS_WAREHOUSE")/dbt_docs
# its own target folder: dbt/target/manifest.json stays the one Dagster loads
.venv/bin/dbt docs generate --static --project-dir "$PWD/dbt" --profiles-dir "$PWD/dbt" \
  --target-path "$out" --quiet
echo "dbt docs: $out/static_index.html"
echo "(or serve them: .venv/bin/dbt docs serve --project-dir dbt --profiles-dir dbt --target-path $out --port 8080)"
